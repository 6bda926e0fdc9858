// The load generator, a child process of run.ts (forked, jobs over IPC) so its CPU is not the
// orchestrator's and it stays warm between runs. Concurrent load goes through autocannon's API; its
// latency histogram keeps whole milliseconds only, so latencies are taken from its per-response event
// (float ms). Single-request latency (concurrency 1) is a plain sequential loop with fetch, which
// waits for slow answers rather than cutting them off at the run's end.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadJob {
  id: number;
  mode: 'load' | 'sequential';
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  durationS: number;
  timeoutS: number;
}

export interface LoadResult {
  id: number;
  ok: number;
  bad: number;
  firstBad: string | null;
  durationS: number;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

function summarise(job: LoadJob, ms: number[], ok: number, bad: number, firstBad: string | null, durationS: number): LoadResult {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN);
  return {
    id: job.id, ok, bad, firstBad, durationS, rps: ok / durationS,
    p50: q(0.5), p99: q(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), max: s[s.length - 1] ?? NaN,
  };
}

const isBad = (status: number, body: string) => status !== 200 || body.includes('"errors"');

async function load(job: LoadJob): Promise<LoadResult> {
  const ms: number[] = [];
  let ok = 0;
  let bad = 0;
  let firstBad: string | null = null;
  let i = 0;
  const t0 = performance.now();
  const options: autocannon.Options = {
    url: job.url, connections: job.connections, duration: job.durationS, timeout: job.timeoutS,
    requests: [{
      method: 'POST', headers: { 'content-type': 'application/json', ...job.headers },
      setupRequest: (req) => ({ ...req, body: job.bodies[i++ % job.bodies.length] }),
      onResponse: (status, body) => {
        if (!isBad(status, body)) {
          ok++;
          return;
        }
        bad++;
        firstBad ??= `${status} ${body.slice(0, 300)}`;
      },
    }],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: unknown, r) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(r)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseMs: number) => ms.push(responseMs));
  });
  // Connection errors and timeouts never reach onResponse: count them as failed answers too.
  bad += result.errors;
  if (result.errors && !firstBad) firstBad = `${result.errors} connection error(s), ${result.timeouts} timeout(s)`;
  return summarise(job, ms, ok, bad, firstBad, Math.min(result.duration, (performance.now() - t0) / 1000));
}

async function sequential(job: LoadJob): Promise<LoadResult> {
  const ms: number[] = [];
  let bad = 0;
  let firstBad: string | null = null;
  const t0 = performance.now();
  const hardStop = t0 + Math.max(120, job.durationS * 10) * 1000;
  for (let i = 0; ; i++) {
    const now = performance.now();
    if ((now - t0 >= job.durationS * 1000 && ms.length >= 3) || now > hardStop) break;
    const t = performance.now();
    const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json', ...job.headers }, body: job.bodies[i % job.bodies.length] });
    const body = await res.text();
    ms.push(performance.now() - t);
    if (isBad(res.status, body)) {
      bad++;
      firstBad ??= `${res.status} ${body.slice(0, 300)}`;
    }
  }
  return summarise(job, ms, ms.length - bad, bad, firstBad, (performance.now() - t0) / 1000);
}

process.on('message', (job: LoadJob) => {
  (job.mode === 'load' ? load(job) : sequential(job)).then(
    (r) => process.send?.(r),
    (e: unknown) => process.send?.({ id: job.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
