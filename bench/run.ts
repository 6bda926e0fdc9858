// `npm run bench [-- --quick] [-- --embedded] [-- --allow-seqscan] [-- --no-map]`: the measuring instrument. It
// prepares a database (prepare.ts), checks the hot queries' plans (explain.ts), starts the service as
// `npm start` does and a bare node:http + driver handler on the same data (bare.ts), and loads both from
// a separate process (load.ts), interleaved, per workload; then prints hardware, data size, req/s,
// p50/p99 and the issue's targets met or missed, and writes the same to bench/results/*.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CITY } from '../src/demo/demo-city.data';
import type { LoadResult } from './load';
import { hardware, openAtTargetMs, readOptions, TARGETS, type BenchOptions } from './options';
import { BENCH_DB, DEMO_PASSWORD, prepare } from './prepare';
import { printExplain } from './explain';
import { cpuMs, processNames, sampleMemory, serviceArgs, settle, tsxArgs, type Memory, startChild, startRunner, stopChild, type Child, type Runner } from './procs';
import { fmt, judge, latestServerRps, printTable, side, writeJson, type WorkloadReport } from './report';
import { bodies, disagreement, pointPool, workloads, type Workload } from './workloads';

const T0 = Date.now();
/** Seconds since the bench started, on the lines that end a phase (the --quick budget is 3 minutes). */
const clock = () => `[${Math.round((Date.now() - T0) / 1000)} s]`;

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.json() as Promise<never>);

async function login(service: Child): Promise<string> {
  const res = await post(`${service.base}/graphql`, JSON.stringify({
    query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: 'officer', p: DEMO_PASSWORD },
  })) as { data?: { login: { token: string } }; errors?: { message: string }[] };
  if (!res.data) throw new Error(`the demo officer cannot sign in: ${res.errors?.[0]?.message}`);
  return res.data.login.token;
}

interface Targets { service: Child; bare: Child; runner: Runner; token: string }

/** One target, one run: the load (or the sequential loop), its CPU time, then wait until the target is idle again. */
async function once(t: Targets, w: Workload, who: 'service' | 'bare', mode: 'load' | 'sequential', o: BenchOptions, durationS: number, cpu: number[]) {
  const c = who === 'service' ? t.service : t.bare;
  const c0 = cpuMs(c.proc.pid!);
  const r = await t.runner.run({
    mode, url: who === 'service' ? `${c.base}/graphql` : `${c.base}${w.barePath}`,
    headers: who === 'service' && w.auth ? { authorization: `Bearer ${t.token}` } : {},
    bodies: bodies(w, 1000), connections: mode === 'load' ? o.connections : 1, durationS, timeoutS: 60,
  });
  cpu.push(cpuMs(c.proc.pid!) - c0);
  await (who === 'service' ? settle(`${c.base}/healthz`, {}) : settle(`${c.base}/typename`, { method: 'POST' }));
  if (r.bad) console.log(`    ${who}: ${r.bad} failed answer(s), e.g. ${r.firstBad}`);
  return r;
}

async function measure(t: Targets, w: Workload, o: BenchOptions, skipService: string | null, noWarmup: boolean) {
  const runs = { service: [] as LoadResult[], bare: [] as LoadResult[] };
  const cpu = { service: [] as number[], bare: [] as number[] };
  const who = skipService ? (['bare'] as const) : (['service', 'bare'] as const);
  if (!noWarmup) for (const x of who) await once(t, w, x, 'load', o, o.warmupS, []);
  const stopMemory = sampleMemory(t.service.proc.pid!);
  for (let rep = 0; rep < o.reps; rep++) {
    // Alternate who goes first, so neither always runs on a machine just warmed (or heated) by the other.
    for (const x of rep % 2 ? [...who].reverse() : who) runs[x].push(await once(t, w, x, 'load', o, o.durationS, cpu[x]));
  }
  const mem = stopMemory();
  const fmtRun = (rs: LoadResult[]) => rs.map((r) => fmt(r.rps)).join(', ');
  console.log(`  ${clock()} ${w.title}: service ${skipService ? 'skipped' : fmtRun(runs.service)} req/s; bare ${fmtRun(runs.bare)} req/s; service memory peak ${fmt(mem.pssMb)} MB (PSS; RSS summed ${fmt(mem.rssMb)} MB)`);
  return { service: skipService ? null : side(runs.service, cpu.service), bare: side(runs.bare, cpu.bare), mem };
}

/** Same answers from both on a few requests; for openAt also against the rules themselves (bare.ts /openat-by-rules). */
async function agree(t: Targets, w: Workload): Promise<{ why: string | null; ms: number }> {
  const t0 = Date.now();
  for (const b of bodies(w, 5)) {
    const [s, r, rules] = await Promise.all([
      post(`${t.service.base}/graphql`, b, w.auth ? { authorization: `Bearer ${t.token}` } : {}), post(`${t.bare.base}${w.barePath}`, b),
      w.name === 'openAt' ? post(`${t.bare.base}/openat-by-rules`, b) : null,
    ]);
    const why = disagreement(w.name, s, r) ?? (rules && disagreement(w.name, s, rules));
    if (why) return { why: rules && !disagreement(w.name, s, r) ? `against the rule rows: ${why}` : why, ms: NaN };
  }
  return { why: null, ms: (Date.now() - t0) / 5 };
}

async function main(): Promise<void> {
  const o = readOptions();
  const hw = hardware();
  const started = new Date();
  console.log(`bench ${o.quick ? '--quick ' : ''}on ${hw.cpu} × ${hw.cores}, ${hw.ramGiB} GiB RAM, Node ${hw.node}, ${hw.os}; load average ${hw.load.join(' ')}`);
  console.log(`backend: ${o.backend === 'server' ? `PostgreSQL server (database ${BENCH_DB} on DATABASE_URL's server)` : 'embedded PGlite + PostGIS'}; ` +
    `${o.zones.toLocaleString('en-US')} zones; concurrency ${o.connections}; ${o.reps} × ${o.durationS} s per target and workload (+${o.warmupS} s warm-up); service LOG_LEVEL=${o.logLevel}`);
  const pool = pointPool(o.seed);
  const prep = await prepare(o, pool);
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-logs-'));
  const kids: Partial<Targets> = {};
  let failed = false;
  try {
    console.log(`${clock()} data: ${fmt(prep.load.zones)} zones (${fmt(prep.load.rules)} rule versions, ${fmt(prep.load.distanceRules)} distance rules) loaded in ${prep.load.seconds.toFixed(1)} s; PostgreSQL ${prep.postgres}, PostGIS ${prep.postgis}; rules asked at ${prep.at}`);
    printExplain(prep.explain);
    const badPlans = prep.explain.filter((r) => !r.ok);
    if (badPlans.length && !o.allowSeqScan) {
      console.error(`\nFAILED: ${badPlans.length} hot quer${badPlans.length > 1 ? 'ies do' : 'y does'} not use ${badPlans.length > 1 ? 'their indexes' : 'its index'}: ` +
        `${badPlans.map((r) => `${r.name} (${r.problems.join('; ')})`).join(', ')}.\nRun with --allow-seqscan to measure anyway (they are then reported as MISSED).`);
      process.exitCode = 2;
      return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ...prep.serviceEnv, BIANMIN_SEED: 'none', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: o.logLevel };
    if (o.backend === 'embedded') delete env.DATABASE_URL;
    // Started side by side: each opens its own database connection (or PGlite) and compiles its TypeScript.
    kids.runner = startRunner();
    const bareEnv = { ...process.env, ...prep.bareEnv, BENCH_CITY_ID: prep.cityId };
    const up = await Promise.allSettled([
      startChild('service', serviceArgs(), env, /health: (http:\/\/\S+)\/healthz/, path.join(logs, 'service.log')),
      startChild('bare', tsxArgs('bench/bare.ts'), bareEnv, /bare: (http:\/\/\S+)/, path.join(logs, 'bare.log')),
    ]);
    [kids.service, kids.bare] = up.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    for (const r of up) if (r.status === 'rejected') throw r.reason;
    kids.token = await login(kids.service!);
    const t = kids as Targets;
    // Counted once serving; RSS and CPU below are summed over all of them.
    const names = processNames(t.service.proc.pid!);
    const processes = names.length;
    console.log(`${clock()} service: ${processes} process(es) (${names.join(', ')})${process.env.BIANMIN_WORKERS ? ` (BIANMIN_WORKERS=${process.env.BIANMIN_WORKERS})` : ''}; memory and CPU are summed over them`);
    const server = o.backend === 'embedded' ? latestServerRps(o.zones) : null;
    const rows: WorkloadReport[] = [];
    const agreement: Record<string, string | null> = {};
    let single: { service: LoadResult; bare: LoadResult; targetMs: number; met: boolean } | null = null;
    const memPeak: Memory = { rssMb: 0, pssMb: 0 };
    console.log('load (req/s of each repetition):');
    for (const w of workloads(pool, prep.at).filter((x) => !o.only || o.only.includes(x.name))) {
      const checked = await agree(t, w);
      agreement[w.name] = checked.why;
      if (agreement[w.name]) {
        console.log(`  ${w.title}: ANSWERS DIFFER — ${agreement[w.name]}`);
        failed = true;
      }
      let skip: string | null = null;
      if (w.name === 'openAt') {
        const [cs, cb]: number[][] = [[], []];
        const s = await once(t, w, 'service', 'sequential', o, o.durationS, cs);
        const b = await once(t, w, 'bare', 'sequential', o, o.durationS, cb);
        single = { service: s, bare: b, targetMs: openAtTargetMs(o.zones), met: s.bad === 0 && s.p50 <= openAtTargetMs(o.zones) };
        rows.push({ name: 'openAtSingle', title: `${w.title}, one at a time`, connections: 1, service: side([s], cs), bare: side([b], cb), ratio: s.rps / b.rps, p99Factor: s.p99 / b.p99,
          verdict: single.met ? 'met' : 'missed', why: `p50 ${fmt(s.p50, 1)} ms, target ≤ ${single.targetMs} ms at ${fmt(o.zones)} zones` });
        if (s.p50 > o.slowMs) skip = `skipped: one request takes ${fmt(s.p50)} ms (> BENCH_SLOW_MS ${o.slowMs}); ${o.connections} at once would only queue`;
      } else if (w.name === 'spots' || w.name === 'occupancy') {
        // Issue 9 asks for openSpotsNear at concurrency 1 as well as 16, and occupancy measured: figures only.
        const [cs, cb]: number[][] = [[], []];
        const s = await once(t, w, 'service', 'sequential', o, o.durationS, cs);
        const b = await once(t, w, 'bare', 'sequential', o, o.durationS, cb);
        rows.push({ name: `${w.name}Single`, title: `${w.title}, one at a time`, connections: 1, service: side([s], cs), bare: side([b], cb), ratio: s.rps / b.rps, p99Factor: s.p99 / b.p99,
          verdict: 'n/a', why: `p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms` });
        if (s.p50 > o.slowMs) skip = `skipped: one request takes ${fmt(s.p50)} ms (> BENCH_SLOW_MS ${o.slowMs}); ${o.connections} at once would only queue`;
      }
      // A slow request needs no JIT warm-up (the checks above warmed it), and every warm-up leaves
      // connections × its time of queued work to drain.
      const m = await measure(t, w, o, skip, checked.ms > 100);
      memPeak.pssMb = Math.max(memPeak.pssMb, m.mem.pssMb);
      memPeak.rssMb = Math.max(memPeak.rssMb, m.mem.rssMb);
      const j = judge(o.backend, w.target, m.service, m.bare, server?.rps.get(w.name) ?? null, skip);
      rows.push({ name: w.name, title: w.title, connections: o.connections, service: m.service, bare: m.bare, ...j });
      if (m.service?.reps.some((r) => r.bad) || m.bare.reps.some((r) => r.bad)) failed = true;
    }
    console.log('');
    printTable(rows);
    const rssMet = memPeak.pssMb <= TARGETS.rssMb;
    console.log(`service resident memory, peak under load: ${fmt(memPeak.pssMb)} MB PSS (RSS summed over processes ${fmt(memPeak.rssMb)} MB)${o.backend === 'server' ? ` — ${rssMet ? 'MET' : 'MISSED'} (target ≤ ${TARGETS.rssMb} MB on a server)` : ' (embedded: no target; reported in the README)'}`);
    if (server) console.log(`embedded targets compared with ${server.file}`);
    const file = writeJson(o.backend, o.zones, {
      startedAt: started.toISOString(), finishedAt: new Date().toISOString(), hardware: hw, backend: o.backend, serviceProcesses: processes, city: DEMO_CITY.nameEn,
      postgres: prep.postgres, postgis: prep.postgis, data: prep.load, at: prep.at,
      options: { ...o, adminUrl: undefined }, targets: { ...TARGETS, openAtP50Ms: openAtTargetMs(o.zones) },
      explain: prep.explain, agreement, workloads: rows, openAtSingle: single,
      rss: { peakMb: memPeak.pssMb, measure: 'PSS summed over the processes', rssSummedMb: memPeak.rssMb, targetMb: o.backend === 'server' ? TARGETS.rssMb : null, met: o.backend === 'server' ? rssMet : null },
      comparedWith: server?.file ?? null,
    });
    console.log(`${clock()} results: ${path.relative(process.cwd(), file)}`);
    if (failed) {
      console.error('some answers failed or differed (see above): the figures of those workloads are not valid');
      process.exitCode = 1;
    }
  } finally {
    await Promise.all([stopChild(kids.service?.proc), stopChild(kids.bare?.proc), stopChild(kids.runner?.proc)]);
    await prep.cleanup();
    if (process.exitCode && fs.readdirSync(logs).length) console.error(`logs kept in ${logs}`);
    else fs.rmSync(logs, { recursive: true, force: true });
  }
}

/** The published map's figures (bench/map/run.ts: publish, open-now search, tiles), same options. */
function mapBench(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a === '--quick' || a === '--embedded');
  console.log(`\n${clock()} the published map (bench/map/run.ts${args.length ? ` ${args.join(' ')}` : ''})`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...tsxArgs(path.join(__dirname, 'map', 'run.ts')), ...args], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main()
  .then(async () => {
    if (process.argv.includes('--no-map')) return;
    const code = await mapBench();
    if (code) process.exitCode = code;
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  });
