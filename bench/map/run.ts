// `npm run bench:map [-- --quick] [-- --embedded]` (also run at the end of `npm run bench`): the published
// map's figures — publishing a Linyi-sized city (1,700 zones, 10,000 spots), the public open-now search
// at 20,000 zones beside the same SQL run bare, and vector tiles cold and cached beside a bare driver
// loop on the same tile SQL and a bare node:http server returning the same bytes. Prints the hardware
// first; nothing here is a pass/fail test.
import { performance } from 'node:perf_hooks';
import { hardware } from '../options';
import { loadBenchCity } from '../bench.sql';
import { rollForward } from '../../src/modules/openings/openings.service';
import { publishAsSystem } from '../../src/modules/publication/publication.service';
import { freshDemoDb, r1 } from './db';
import { searchBench } from './search';
import { tileBench } from './tiles';

const quick = process.argv.includes('--quick');
const serverUrl = process.argv.includes('--embedded') ? null : (process.env.DATABASE_URL ?? null);

async function publishPhase(): Promise<void> {
  const b = await freshDemoDb(serverUrl);
  try {
    const zones = quick ? 500 : 1_700;
    const spots = quick ? 3_000 : 10_000;
    console.log(`\n== publish: a Linyi-sized city (${zones.toLocaleString('en-US')} zones, ${spots.toLocaleString('en-US')} spots)`);
    await loadBenchCity(b.db, b.cityId, zones, spots, new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), new Date());
    await rollForward(b.db.prisma);
    const times: number[] = [];
    let last = null;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      last = await publishAsSystem(b.db.prisma, b.cityId, `bench ${i}`);
      times.push(performance.now() - t0);
    }
    console.log(`  published ${last!.zoneCount} zones, ${last!.spotCount} spots, ${last!.featureCount} distance-rule areas: ${times.map((t) => `${Math.round(t)} ms`).join(', ')} (three runs)`);
  } finally {
    await b.dispose();
  }
}

async function main(): Promise<void> {
  const hw = hardware();
  console.log(`map bench on ${serverUrl ? 'a PostgreSQL + PostGIS server' : 'the embedded PGlite + PostGIS'}${quick ? ' (quick)' : ''}`);
  console.log(`hardware: ${hw.cpu}, ${hw.cores} cores, ${hw.ramGiB} GiB; ${hw.os}; Node ${hw.node}; load ${hw.load.join(' ')}`);
  const t0 = performance.now();
  await publishPhase();
  await searchBench(serverUrl, quick);
  await tileBench(serverUrl, quick);
  console.log(`\nmap bench done in ${r1((performance.now() - t0) / 1000)} s`);
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
