// The baseline: a bare node:http handler answering the bench's questions with the service's own SQL
// (bench/queries.ts: zones(…) through the service's listZones itself) through the driver alone — a pg pool of the service's size, or PGlite on a copy of
// the embedded data folder (the service holds the original's lock). No GraphQL, no auth, no logging:
// what the service could reach if everything above the driver cost nothing. Run as a child by run.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { SqlReader } from '../src/db/database';
import { zoneOccupancies } from '../src/modules/spots/occupancy.sql';
import { nearSpots } from '../src/modules/spots/spots.near.sql';
import * as q from './queries';

type Run = <Row>(s: q.Sql) => Promise<Row[]>;

async function connect(): Promise<Run> {
  const url = process.env.BENCH_BARE_DB;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BIANMIN_POOL_SIZE ?? 10), options: '-c jit=off' }); // as the service's pool (src/db/server.ts)
    pool.on('error', () => undefined);
    return async <Row>(s: q.Sql) => (await pool.query({ text: s.text, values: s.params })).rows as Row[];
  }
  const dir = process.env.BENCH_BARE_DATA_DIR;
  if (!dir) throw new Error('BENCH_BARE_DB or BENCH_BARE_DATA_DIR is required');
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLITE_EXTENSIONS } = await import('../src/db/pglite-extensions');
  const db = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
  return async <Row>(s: q.Sql) => (await db.query<Row>(s.text, s.params)).rows;
}

interface Vars {
  p?: { coordinates: [number, number] };
  c?: string;
  b?: number[];
  t?: string;
  at?: string;
}

type ZoneRow = { id: string; name: string; kind: string };
const connection = ({ rows, total }: { rows: ZoneRow[]; total: number }) =>
  ({ totalCount: total, edges: rows.slice(0, 20).map((r) => ({ node: { id: r.id, name: r.name } })) });

function handlers(run: Run, city: string): Record<string, (v: Vars) => Promise<unknown>> {
  const reader: SqlReader = { query: <Row>(text: string, params: readonly unknown[] = []) => run<Row>({ text, params: [...params] }) };
  return {
    '/typename': async () => ({ __typename: 'Query' }),
    '/point': async (v) => ({ zones: connection(await q.firstPage(reader, q.pointFilter(city, v.p!.coordinates))) }),
    '/bbox': async (v) => ({ zones: connection(await q.firstPage(reader, q.bboxFilter(city, v.b!))) }),
    // The database's part of the answer, in the service's one statement; the catalogue and calendar
    // the service reads beside it are left out (cacheable), and so is the schedule evaluation.
    '/vending': async (v) => {
      const f = await q.publicVendingFacts(reader, v.p!.coordinates, v.at!, v.t!);
      const allowed = f.buffers.length === 0 && f.zones.some((z) => z.kind !== 'NO_VENDING');
      return { vendingCheck: { allowed, zones: f.zones.map((z) => ({ id: z.id, name: z.name })) } };
    },
    // The service's statement over the open-intervals table; the city's time zone, covered window and
    // business-type check before it are left out (cacheable).
    '/openat': async (v) => ({ zones: { totalCount: (await q.firstPage(reader, q.openFilter(city, v.at!, v.t ?? null))).total } }),
    // The service's one statement for the spots near a point; the judgement of the time-bound buffers
    // (none applies at the bench's 21:30) and the zones' public view are left out.
    '/spots': async (v) => {
      const rows = await nearSpots(reader, {
        cityId: city, lon: v.p!.coordinates[0], lat: v.p!.coordinates[1], at: new Date(v.at!), businessType: v.t!, radiusM: 500, first: 10, openZoneIds: null,
      });
      return { openSpotsNear: rows.slice(0, 10).map((r) => ({ distanceM: r.distanceM, spot: { id: r.id, number: r.number }, zone: { id: r.zoneId } })) };
    },
    '/occupancy': async () => ({
      zoneOccupancy: (await zoneOccupancies(reader, { cityId: city })).map(({ zoneId, ...occupancy }) => ({ zoneId, occupancy })),
    }),
    // Not loaded: run.ts's cross-check of the open-intervals table against the rule rows.
    '/openat-by-rules': async (v) => ({ zones: { totalCount: (await run<{ n: number }>(q.openCountByRules(city, v.at!, v.t ?? null)))[0].n } }),
  };
}

async function main(): Promise<void> {
  const city = process.env.BENCH_CITY_ID;
  if (!city) throw new Error('BENCH_CITY_ID is required');
  const routes = handlers(await connect(), city);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const route = routes[(req.url ?? '').split('?')[0]];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      Promise.resolve()
        .then(() => route((chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as { variables?: Vars }).variables : undefined) ?? {}))
        .then((data) => {
          const body = JSON.stringify({ data });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        }, (e: unknown) => {
          const body = JSON.stringify({ errors: [{ message: e instanceof Error ? e.message : String(e) }] });
          res.writeHead(500, { 'content-type': 'application/json' }).end(body);
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`bare: http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
