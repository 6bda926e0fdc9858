// The bench's knobs, read once from the command line and the environment, and the targets
// (issue 8, item 2) in one place so the printed verdicts and the JSON agree.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export type Backend = 'server' | 'embedded';

export interface BenchOptions {
  backend: Backend;
  /** The server the bench creates its own database on (never used beyond connecting and CREATE DATABASE). */
  adminUrl: string | null;
  quick: boolean;
  zones: number;
  /** Stall spots spread over the synthetic zones (issue 9 measures openSpotsNear on 100,000). */
  spots: number;
  connections: number;
  durationS: number;
  warmupS: number;
  reps: number;
  seed: number;
  /** Print a Seq Scan on a hot query as MISSED instead of stopping (buffersAt today). */
  allowSeqScan: boolean;
  keep: boolean;
  /** A service request slower than this at concurrency 1 is not loaded at concurrency 16 (it would queue for minutes). */
  slowMs: number;
  logLevel: string;
  only: string[] | null;
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

export function readOptions(argv = process.argv.slice(2)): BenchOptions {
  const flags = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
  const known = ['--quick', '--embedded', '--allow-seqscan', '--keep', '--only'];
  const unknown = [...flags].filter((f) => !known.includes(f));
  if (unknown.length) throw new Error(`unknown option(s) ${unknown.join(', ')}; known: ${known.join(' ')}`);
  const quick = flags.has('--quick');
  const url = process.env.DATABASE_URL || null;
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') ?? null;
  return {
    backend: url && !flags.has('--embedded') ? 'server' : 'embedded',
    adminUrl: url,
    quick,
    // The sizes are 26 / 100,000 / 1,000,000; --quick loads 20,000, the size of its zones(openAt) target.
    zones: Math.round(num('BENCH_ZONES', quick ? 20_000 : 100_000)),
    spots: Math.round(num('BENCH_SPOTS', 100_000)),
    connections: Math.round(num('BENCH_CONNECTIONS', 16)),
    durationS: num('BENCH_DURATION', quick ? 2 : 10),
    warmupS: num('BENCH_WARMUP', quick ? 0.5 : 2),
    reps: Math.round(num('BENCH_REPS', 3)),
    seed: Math.round(num('BENCH_SEED', 1)),
    allowSeqScan: flags.has('--allow-seqscan'),
    keep: flags.has('--keep'),
    slowMs: num('BENCH_SLOW_MS', 1000),
    logLevel: process.env.BENCH_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info',
    only,
  };
}

/** Issue 8, item 2. */
export const TARGETS = {
  /** Server, concurrency 16: service req/s ≥ this × the bare handler's. */
  ratio: 0.6,
  /** Server, concurrency 16: service p99 ≤ this × the bare handler's. */
  p99Factor: 2,
  /** Embedded req/s ≥ this × the server's (same zone count, from the latest server result file). */
  embeddedVsServer: 0.5,
  /** Server-mode resident memory under the bench's load: the proportional set size (PSS) summed over the service's processes. */
  rssMb: 300,
};

/**
 * zones(openAt) p50 at concurrency 1: 20 ms at 20,000 zones and 200 ms at 1,000,000 (the two
 * points); between them interpolated on log scales, so 100,000 zones get ≈ 51 ms.
 */
export function openAtTargetMs(zones: number): number {
  if (zones <= 20_000) return 20;
  if (zones >= 1_000_000) return 200;
  const f = Math.log(zones / 20_000) / Math.log(50);
  return Math.round(20 * 10 ** f);
}

export interface Hardware {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  load: number[];
}

export function hardware(): Hardware {
  let os_ = `${os.type()} ${os.release()}`;
  try {
    const pretty = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).trim();
    if (pretty) os_ = `${pretty}, ${os_}`;
  } catch {
    // Not every system has /etc/os-release; the kernel name is enough then.
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: os_,
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
