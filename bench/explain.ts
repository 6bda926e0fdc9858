// Issue 8, item 5: the plans of the hot queries on the generated data. A hot query that reads zone or
// distance_rule (or zone_rule) with a Seq Scan, or a spatial one that uses no GiST index on its table,
// gets slower with every zone a city adds: the bench stops on it (unless --allow-seqscan) and names it.
import * as q from './queries';

const SLOW_MS = 20;

export type Run = <Row>(text: string, params?: readonly unknown[]) => Promise<Row[]>;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

interface Check {
  name: string;
  sql: q.Sql;
  /** Tables that must not be read by a Seq Scan. */
  noSeqScan: string[];
  /** Tables that must be read through a GiST index. */
  gist: string[];
  /** Tables that must be read through an index of any kind. */
  indexed?: string[];
}

export interface ExplainResult {
  name: string;
  ok: boolean;
  problems: string[];
  plan: string;
  ms: number;
}

function walk(n: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(n);
  for (const c of n.Plans ?? []) walk(c, out);
  return out;
}

const describe = (n: PlanNode) => [n['Node Type'], n['Relation Name'], n['Index Name']].filter(Boolean).join(' ');

export async function explainHotQueries(run: Run, city: string, p: [number, number], bbox: number[], at: string): Promise<ExplainResult[]> {
  const listed = async (name: string, f: q.ZoneFilter, c: Omit<Check, 'name' | 'sql'>) =>
    (await q.listZonesSql(f)).map((sql, i, all): Check => ({ name: all.length > 1 ? `${name} (${i + 1})` : name, sql, ...c }));
  const checks: Check[] = [
    ...await listed('zones(containsPoint) listZones', q.pointFilter(city, p), { noSeqScan: ['zone'], gist: ['zone'] }),
    ...await listed('zones(bbox) listZones', q.bboxFilter(city, bbox), { noSeqScan: ['zone'], gist: ['zone'] }),
    // Every zone of the city is a candidate for "open at T": only the intervals must come by index.
    ...await listed('zones(openAt, type) listZones', q.openFilter(city, at, 'food'), { noSeqScan: ['open_interval'], gist: [], indexed: ['open_interval'] }),
    ...(await q.vendingFactsSql(p, at, 'food.snacks')).map((sql, i, all): Check => ({
      name: `vendingCheck vendingFacts${all.length > 1 ? ` (${i + 1})` : ''}`, sql,
      noSeqScan: ['zone', 'distance_rule', 'zone_rule', 'open_interval'], gist: ['zone', 'distance_rule'],
    })),
    // The nearest spots come by walking the footprint index; the zones open then by their index.
    ...(await q.nearSpotsSql(city, p, at, 'food.snacks')).map((sql): Check => ({
      name: 'openSpotsNear nearSpots', sql, noSeqScan: ['spot', 'distance_rule', 'open_interval'], gist: [], indexed: ['spot'],
    })),
  ];
  const am = new Map((await run<{ name: string; am: string; tbl: string }>(
    `SELECT c.relname AS name, a.amname AS am, t.relname AS tbl FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_am a ON a.oid = c.relam JOIN pg_class t ON t.oid = i.indrelid`)).map((r) => [r.name, r]));
  // A Seq Scan of a small table (the open intervals of a city with a handful of rule templates) is what
  // a planner should choose: only tables past this many rows are held to their index.
  const SMALL_TABLE_ROWS = 1000;
  const rowsOf = new Map((await run<{ name: string; n: number }>(
    `SELECT relname AS name, reltuples::float8 AS n FROM pg_class WHERE relkind = 'r'`)).map((r) => [r.name, Number(r.n)]));
  const results: ExplainResult[] = [];
  for (const c of checks) {
    const [row] = await run<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${c.sql.text}`, c.sql.params);
    const plan = row['QUERY PLAN'][0];
    const nodes = walk(plan.Plan);
    const problems: string[] = [];
    for (const t of c.noSeqScan) {
      const big = (rowsOf.get(t) ?? Infinity) >= SMALL_TABLE_ROWS;
      if (big && nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === t)) problems.push(`Seq Scan on ${t}`);
    }
    for (const t of c.gist) {
      const used = nodes.some((n) => n['Index Name'] && am.get(n['Index Name'])?.am === 'gist' && am.get(n['Index Name'])?.tbl === t);
      if (!used) problems.push(`no GiST index on ${t} used`);
    }
    for (const t of c.indexed ?? []) {
      if ((rowsOf.get(t) ?? Infinity) < SMALL_TABLE_ROWS) continue;
      if (!nodes.some((n) => n['Index Name'] && am.get(n['Index Name'])?.tbl === t)) problems.push(`no index on ${t} used`);
    }
    const scans = nodes.filter((n) => n['Relation Name'] || n['Index Name']).map(describe);
    results.push({ name: c.name, ok: problems.length === 0, problems, plan: [...new Set(scans)].join(' + '), ms: plan['Execution Time'] });
  }
  return results;
}

export function printExplain(results: ExplainResult[]): void {
  console.log('EXPLAIN (ANALYZE) of the hot queries on the generated data (issue 8, item 5):');
  const w = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const verdict = r.ok ? 'ok    ' : 'MISSED';
    // Index use is the check; a slow plan that uses its indexes is only pointed at.
    const slow = r.ms > SLOW_MS ? ` (slow: > ${SLOW_MS} ms on this data)` : '';
    console.log(`  ${verdict} ${r.name.padEnd(w)} ${r.ms.toFixed(2).padStart(8)} ms${slow}  ${r.ok ? '' : `${r.problems.join('; ')} — `}${r.plan}`);
  }
}
