// The public open-now search of the published map at 20,000 zones: the GraphQL answer over HTTP (the
// service in this process, as `npm start` serves it) beside the same zone statement run bare through the
// same driver, one request at a time (p50 / p99) and 16 at a time (req/s).
import { performance } from 'node:perf_hooks';
import { createLogger } from '../../src/logger';
import { buildServer } from '../../src/server';
import { AuthService } from '../../src/modules/accounts/auth.service';
import { rollForward } from '../../src/modules/openings/openings.service';
import { publishAsSystem } from '../../src/modules/publication/publication.service';
import { searchZones } from '../../src/modules/publication/map-search.sql';
import { loadBenchCity } from '../bench.sql';
import { BOX, prng } from '../workloads';
import { freshDemoDb, r1, stats } from './db';

const QUERY = `query($at: DateTime, $type: String, $near: GeoJSON, $first: Int) { mapZones(city: "371300", openNow: true, at: $at,
  businessType: $type, near: $near, radiusM: 3000, first: $first) { totalCount zones { id name open distanceM nextOpenings(count: 1) { from } } } }`;
const TYPES = [null, 'food', 'produce', 'repair'];

export async function searchBench(serverUrl: string | null, quick: boolean): Promise<void> {
  const zones = quick ? 5_000 : 20_000;
  const n = quick ? 100 : 400;
  console.log(`\n== open-now search of the published map at ${zones.toLocaleString('en-US')} zones (${n} questions)`);
  const b = await freshDemoDb(serverUrl);
  const server = await buildServer({ db: b.db, auth: await AuthService.create(b.db, { ttlHours: 1 }), log: createLogger('warn') });
  try {
    await loadBenchCity(b.db, b.cityId, zones, 0, new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), new Date());
    await rollForward(b.db.prisma);
    const v = await publishAsSystem(b.db.prisma, b.cityId, 'bench');
    await server.listen({ port: 0, host: '127.0.0.1' });
    const a = server.server.address();
    const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/graphql`;
    const rnd = prng(7);
    const questions = Array.from({ length: n }, (_, i) => ({
      at: new Date(Date.now() + Math.floor(rnd() * 7 * 24) * 3_600_000).toISOString(),
      type: TYPES[i % TYPES.length],
      near: [BOX.west + rnd() * (BOX.east - BOX.west), BOX.south + rnd() * (BOX.north - BOX.south)] as [number, number],
    }));
    const ask = async (q: (typeof questions)[number]) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
        query: QUERY, variables: { at: q.at, type: q.type, near: { type: 'Point', coordinates: q.near }, first: 50 } }) });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    };
    const bare = (q: (typeof questions)[number]) => searchZones(b.db.sql, {
      cityId: b.cityId, version: v.version, at: new Date(q.at), text: null, kinds: null, businessType: q.type, openOnly: true,
      near: q.near, radiusM: 3000, limit: 51, after: null, // 51: the service asks one more, to tell whether a next page exists
    });
    for (const q of questions.slice(0, 20)) { await ask(q); await bare(q); } // warm up
    const one = async (f: (q: (typeof questions)[number]) => Promise<unknown>) => {
      const ms: number[] = [];
      for (const q of questions) { const t0 = performance.now(); await f(q); ms.push(performance.now() - t0); }
      return stats(ms);
    };
    const many = async (f: (q: (typeof questions)[number]) => Promise<unknown>) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 16 }, async () => { while (next < questions.length) await f(questions[next++]); }));
      return questions.length / ((performance.now() - t0) / 1000);
    };
    const [s, sb] = [await one(ask), await one(bare)];
    const [c, cb] = [await many(ask), await many(bare)];
    console.log(`  service (GraphQL over HTTP): p50 ${r1(s.p50)} ms, p99 ${r1(s.p99)} ms; 16 at once ${Math.round(c)} req/s`);
    console.log(`  bare SQL (same statement, same driver): p50 ${r1(sb.p50)} ms, p99 ${r1(sb.p99)} ms; 16 at once ${Math.round(cb)} req/s`);
  } finally {
    await server.close();
    await b.dispose();
  }
}
