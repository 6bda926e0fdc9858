// Ready for a distributed PostgreSQL (issue 8, item 8). Citus shards tables by a distribution column —
// here city_id — and then needs: every primary key, unique and exclusion index of a distributed table
// to include it (we ask for it first, which also serves the per-city look-ups), every foreign key
// between distributed tables to join on it, foreign keys from distributed tables to point only at
// reference tables, and queries to name one city so they go to one shard. This file reads the
// catalogue of a migrated database and the SQL of the service's source and fails on what breaks that.
import fs from 'node:fs';
import path from 'node:path';
import { openTestDatabase, type TestDatabase } from './helpers/db';
import { citusViolation } from './helpers/citus-check';
import { SqlScanner, type SqlStatement } from './helpers/sql-scan';

const ROOT = path.resolve(__dirname, '..');

/**
 * Tables not keyed by city. `reference`: copied to every node, so distributed tables may hold foreign
 * keys to it; `local`: kept on the coordinator only, never joined with city data.
 */
/** `directory`: a local table that names a city as data (a look-up before the city is known), not as a key. */
const GLOBAL_TABLES: Record<string, { citus: 'reference' | 'local'; why: string; directory?: true }> = {
  city: { citus: 'reference', why: 'the tenants themselves: its id is the city id; small, read beside every city\'s rows' },
  spatial_ref_sys: { citus: 'reference', why: 'PostGIS\'s catalogue of coordinate systems, created on every node by CREATE EXTENSION' },
  _prisma_migrations: { citus: 'local', why: 'the schema\'s history, written by the migration runner on the coordinator' },
  server_secret: { citus: 'local', why: 'the signing secret and the demo password: a few rows read at start' },
  login_throttle: { citus: 'local', why: 'sign-in counts by username or address, before any city is known (see its migration)' },
  account_directory: { citus: 'local', why: 'username → city and account, read by sign-in before the city is known; kept by a trigger', directory: true },
  api_token_directory: { citus: 'local', why: 'API token hash → city and token, read before the city is known; kept by a trigger', directory: true },
};

/**
 * KNOWN VIOLATIONS, to fix before distributing (Citus refuses to distribute a table with a unique index
 * without the distribution column). Listed so the test passes today and stays explicit; an entry that
 * no longer violates fails the test, so the list only shrinks.
 */
const KNOWN_KEY_VIOLATIONS: Record<string, string> = {};

/**
 * Statements that read across cities on purpose but were written before the `-- citus: all cities`
 * marker existed (their files are not this change's to edit). Adding the marker to the SQL is the fix;
 * an entry whose statement passes or is gone fails the test.
 */
const UNMARKED_ALL_CITIES: Record<string, string> = {};

interface TableFacts { table: string; hasCity: boolean; cityNotNull: boolean }
interface KeyFacts { table: string; index: string; firstColumn: string | null; def: string }
interface ForeignKey { name: string; from: string; to: string; fromColumns: string[]; toColumns: string[] }

let db: TestDatabase;
let tables: TableFacts[];
let distributed: Set<string>;

beforeAll(async () => {
  db = await openTestDatabase();
  tables = await db.sql.query<TableFacts>(`
    SELECT c.relname::text AS "table", a.attname IS NOT NULL AS "hasCity", COALESCE(a.attnotnull, false) AS "cityNotNull"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'city_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`);
  distributed = new Set(tables.filter((t) => t.hasCity && !GLOBAL_TABLES[t.table]?.directory).map((t) => t.table));
});
afterAll(async () => { await db?.drop(); });

describe('the schema, as Citus distributed by city_id needs it', () => {
  it('keys every table by city, or declares it a reference or local table', () => {
    expect(distributed.size).toBeGreaterThan(5);
    expect(tables.filter((t) => !t.hasCity && !GLOBAL_TABLES[t.table]).map((t) => t.table)).toEqual([]);
    expect(tables.filter((t) => t.hasCity && GLOBAL_TABLES[t.table] && !GLOBAL_TABLES[t.table].directory).map((t) => t.table)).toEqual([]);
    // A distribution column cannot be null.
    expect(tables.filter((t) => t.hasCity && !t.cityNotNull).map((t) => t.table)).toEqual([]);
  });

  it('starts every primary key, unique and exclusion index of a distributed table with city_id', async () => {
    const keys = await db.sql.query<KeyFacts>(`
      SELECT t.relname::text AS "table", i.relname::text AS "index", a.attname::text AS "firstColumn",
             pg_get_indexdef(x.indexrelid) AS def
      FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
      WHERE n.nspname = 'public' AND (x.indisunique OR x.indisexclusion) ORDER BY 1, 2`);
    const bad = keys.filter((k) => distributed.has(k.table) && k.firstColumn !== 'city_id');
    expect(bad.filter((k) => !KNOWN_KEY_VIOLATIONS[k.index]).map((k) => k.def)).toEqual([]);
    // Stale entries: fixed (or renamed) keys leave the list.
    expect(Object.keys(KNOWN_KEY_VIOLATIONS).filter((name) => !bad.some((k) => k.index === name))).toEqual([]);
  });

  it('joins distributed tables on city_id and points foreign keys only at reference tables', async () => {
    const fks = await db.sql.query<ForeignKey>(`
      SELECT k.conname::text AS name, s.relname::text AS "from", d.relname::text AS "to",
        ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS "fromColumns",
        ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
              JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) AS "toColumns"
      FROM pg_constraint k JOIN pg_class s ON s.oid = k.conrelid JOIN pg_class d ON d.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' ORDER BY 1`);
    expect(fks.length).toBeGreaterThan(5);
    const problems = fks.flatMap((fk) => {
      const [from, to] = [distributed.has(fk.from), distributed.has(fk.to)];
      if (from && to) {
        const i = fk.fromColumns.indexOf('city_id');
        return i >= 0 && fk.toColumns[i] === 'city_id' ? [] : [`${fk.name}: ${fk.from} → ${fk.to} without city_id = city_id`];
      }
      if (from) return GLOBAL_TABLES[fk.to]?.citus === 'reference' ? [] : [`${fk.name}: ${fk.from} → ${fk.to}, not a reference table`];
      return to ? [`${fk.name}: ${fk.from} (${GLOBAL_TABLES[fk.from]?.citus ?? 'global'}) → distributed ${fk.to}`] : [];
    });
    expect(problems).toEqual([]);
  });
});

/** Every non-test TypeScript file of src/ (raw SQL belongs in *.sql.ts, but is looked for everywhere). */
function sourceFiles(): string[] {
  return (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[])
    .map((f) => path.join('src', f).split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('src/generated/'))
    .sort();
}

describe('the SQL of src/, as Citus distributed by city_id needs it', () => {
  let statements: SqlStatement[];
  beforeAll(() => { statements = new SqlScanner(ROOT).statements(sourceFiles()); });
  const key = (s: SqlStatement) => `${s.file}:${s.fn}`;

  it('finds every raw statement of the *.sql.ts files, with the fragments it splices in', () => {
    for (const file of sourceFiles().filter((f) => f.endsWith('.sql.ts'))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const calls = text.match(/\$(?:queryRaw|executeRaw)(?:Unsafe)?\b|\.query\s*[<(]/g)?.length ?? 0;
      expect([file, statements.filter((s) => s.file === file).length]).toEqual([file, calls]);
    }
    // The WHERE of the zone list is built by a helper (the open-at condition, openAtCondition in
    // openings.sql.ts, is given the same bound city by its caller).
    const list = statements.find((s) => key(s) === 'src/modules/zones/zones.sql.ts:listZones');
    expect(list?.text).toMatch(/z\.city_id = \$P::uuid/);
  });

  it('names one city in every statement on a distributed table, or says it reads all cities', () => {
    const failing = statements.flatMap((s) => {
      const why = citusViolation(s.text, distributed);
      return why ? [{ at: `${key(s)} (line ${s.line})`, key: key(s), why }] : [];
    });
    expect(failing.filter((f) => !UNMARKED_ALL_CITIES[f.key]).map((f) => `${f.at}: ${f.why}`)).toEqual([]);
    expect(Object.keys(UNMARKED_ALL_CITIES).filter((k) => !failing.some((f) => f.key === k))).toEqual([]);
  });
});
