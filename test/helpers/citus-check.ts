// Whether one SQL statement stays inside one city, as a Citus deployment distributed by city_id needs
// (a statement that does not is sent to every shard, or refused). A static reading, not a parser:
// every distributed table the statement names must be tied to a bound value through equalities on
// city_id — `z.city_id = $1`, or `o.city_id = z.city_id` to a table that is — or be an INSERT whose
// column list has city_id. `city c` counts through `c.id` (the city's id is the city id). A statement
// meant to read across cities says so in its SQL with the marker below (ideally with the reason).
export const ALL_CITIES_MARKER = /--\s*citus:\s*all cities/i;

const KEYWORDS = new Set([
  'where', 'on', 'join', 'left', 'right', 'inner', 'outer', 'full', 'cross', 'natural', 'lateral', 'set', 'select',
  'order', 'group', 'limit', 'offset', 'using', 'with', 'returning', 'values', 'and', 'or', 'union', 'except',
  'intersect', 'having', 'window', 'for', 'default', 'as', 'only', 'fetch',
]);
const IDENT = String.raw`"?([A-Za-z_][A-Za-z0-9_]*)"?`;
/** An alias: an identifier that is not the keyword after an unaliased table. */
const ALIAS = String.raw`(?:\s+(?:as\s+)?(?!(?:${[...KEYWORDS].join('|')})\b)${IDENT})?`;
/** FROM / JOIN / INTO / UPDATE, an optionally schema-qualified table, an optional alias. */
const TABLE_REF = new RegExp(String.raw`\b(from|join|into|update)\s+(?:only\s+)?(?:${IDENT}\.)?${IDENT}${ALIAS}`, 'gi');
/** A further table of a comma-separated FROM list: `FROM zone z, zone_rule r`. */
const COMMA_REF = new RegExp(String.raw`^\s*,\s*(?:${IDENT}\.)?${IDENT}${ALIAS}`, 'i');
/** One side of an equality: [alias.]city_id, [alias.]id (of city), or a bound value ($P, $1, $AT). */
const OPERAND = String.raw`(?:(?<![\w"$.])(?:([A-Za-z_][A-Za-z0-9_]*)\.)?"?(city_id|id)"?(?![\w"])|(\$P|\$\d+|\$[A-Z]+))(?:::"?\w+"?)?`;
const EQUALITY = new RegExp(String.raw`${OPERAND}\s*=\s*(?:ANY\s*\(\s*)?${OPERAND}`, 'gi');

export interface TableRef {
  table: string;
  alias: string;
  /** Whether the statement gave it an alias (an unqualified city_id belongs to the tables without one). */
  aliased: boolean;
  insertColumns: string | null;
}

export function tableRefs(sql: string): TableRef[] {
  const refs: TableRef[] = [];
  const add = (table: string, alias: string | undefined, rest: string, insert: boolean) => {
    const cols = insert ? /^\s*\(([^)]*)\)/.exec(rest) : null;
    refs.push({ table: table.toLowerCase(), alias: alias ?? table, aliased: alias !== undefined, insertColumns: cols ? cols[1] : null });
  };
  for (const m of sql.matchAll(TABLE_REF)) {
    let rest = sql.slice(m.index! + m[0].length);
    add(m[3], m[4], rest, m[1].toLowerCase() === 'into');
    if (m[1].toLowerCase() !== 'from') continue;
    for (let c = COMMA_REF.exec(rest); c; c = COMMA_REF.exec(rest)) {
      add(c[2], c[3], '', false);
      rest = rest.slice(c[0].length);
    }
  }
  return refs;
}

/** Why the statement is not confined to one city, or null when it is (or says it reads all cities). */
export function citusViolation(sql: string, distributed: ReadonlySet<string>): string | null {
  if (ALL_CITIES_MARKER.test(sql)) return null;
  const refs = tableRefs(sql);
  const dist = refs.filter((r) => distributed.has(r.table));
  if (dist.length === 0) return null;
  // Union-find over "the city of alias X" and "a bound value".
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const join = (a: string, b: string) => parent.set(find(a), find(b));
  const VALUE = '$value';
  const nodesOf = (qual: string | undefined, col: string | undefined, value: string | undefined): string[] => {
    if (value) return [VALUE];
    if (col?.toLowerCase() === 'id') return refs.filter((r) => r.table === 'city' && qual === r.alias).map((r) => `a:${r.alias}`);
    if (qual) return [`a:${qual}`];
    return refs.filter((r) => !r.aliased).map((r) => `a:${r.alias}`);
  };
  for (const m of sql.matchAll(EQUALITY)) {
    for (const a of nodesOf(m[1], m[2], m[3])) for (const b of nodesOf(m[4], m[5], m[6])) join(a, b);
  }
  for (const r of dist) {
    if (r.insertColumns && /\bcity_id\b/i.test(r.insertColumns)) join(`a:${r.alias}`, VALUE);
  }
  const loose = dist.filter((r) => find(`a:${r.alias}`) !== find(VALUE));
  if (loose.length === 0) return null;
  return loose.map((r) => `${r.table}${r.aliased ? ` ${r.alias}` : ''}`).filter((v, i, a) => a.indexOf(v) === i)
    .map((t) => `${t}: no city_id = <bound value> reaches it`).join('; ');
}
