// The bench's child processes — the service as `npm start` runs it, the bare handler, the load
// generator — and what /proc says about them. Memory and CPU are summed over each child's process
// tree, so a service that forks workers (issue 8, item 6) is measured whole.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadJob, LoadResult } from './load';

export const ROOT = path.resolve(__dirname, '..');

export interface Child {
  name: string;
  proc: ChildProcess;
  base: string;
  log: string;
}

/** `node` arguments that run the service as `npm start` does: the JavaScript scripts/build.mjs builds. */
export function serviceArgs(): string[] {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  return ['.build/src/main.js'];
}

/** `node` arguments that run a TypeScript file through tsx. */
export const tsxArgs = (script: string): string[] => ['--import', 'tsx', script];

/** Starts `node <args>` with output to a log file, and waits for `pattern` to print a URL. */
export async function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, pattern: RegExp, log: string, timeoutMs = 120_000): Promise<Child> {
  const out = fs.openSync(log, 'w');
  const childEnv = { ...env };
  delete childEnv.NODE_OPTIONS;
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const m = pattern.exec(fs.readFileSync(log, 'utf8'));
    if (m) return { name, proc, base: new URL(m[1]).origin.replace('localhost', '127.0.0.1'), log };
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not start; the end of its log (${log}):\n${tail(log)}`);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function stopChild(c: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The pid and its descendants, from /proc/<pid>/stat's parent field. */
function tree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  // tsx's esbuild helper is an artefact of running TypeScript directly, not part of the service.
  return out.filter((p) => p === pid || comm(p) !== 'esbuild');
}

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The processes the child runs as, by name (the service forks BIANMIN_WORKERS on a server database). */
export function processNames(pid: number): string[] {
  return tree(pid).map(comm);
}

export interface Memory {
  /** VmRSS summed: counts the pages processes share (the node binary, ~40 MB each) once per process. */
  rssMb: number;
  /** Proportional set size summed (/proc/<pid>/smaps_rollup): each shared page split among its sharers — the tree's real footprint. */
  pssMb: number;
}

/** Resident memory of the tree in MB. */
export function memoryMb(pid: number): Memory {
  let rss = 0;
  let pss = 0;
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  for (const p of tree(pid)) {
    rss += Number(/VmRSS:\s+(\d+) kB/.exec(read(`/proc/${p}/status`))?.[1] ?? 0);
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(read(`/proc/${p}/smaps_rollup`))?.[1] ?? 0);
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024 };
}

/** CPU time of the tree in ms (utime + stime, in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      // Fields after "(comm) ": state is field 3, utime 14 and stime 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // Gone.
    }
  }
  return ticks * 10;
}

/** Samples the tree's memory every 250 ms until stopped; returns the peaks. */
export function sampleMemory(pid: number): () => Memory {
  const peak = memoryMb(pid);
  const take = () => {
    const m = memoryMb(pid);
    peak.rssMb = Math.max(peak.rssMb, m.rssMb);
    peak.pssMb = Math.max(peak.pssMb, m.pssMb);
  };
  const timer = setInterval(take, 250);
  return () => {
    clearInterval(timer);
    take();
    return peak;
  };
}

/**
 * Waits until a target answers a light request quickly twice in a row: a run cut off at its end may
 * leave the target busy with queued requests, which would otherwise be charged to the next run.
 */
export async function settle(url: string, init: RequestInit, maxS = 120): Promise<number> {
  const t0 = performance.now();
  let fast = 0;
  while (fast < 2 && performance.now() - t0 < maxS * 1000) {
    const t = performance.now();
    await fetch(url, init).then((r) => r.text(), () => undefined);
    fast = performance.now() - t < 50 ? fast + 1 : 0;
    if (fast < 2) await new Promise((r) => setTimeout(r, 50));
  }
  return (performance.now() - t0) / 1000;
}

export interface Runner {
  run(job: Omit<LoadJob, 'id'>): Promise<LoadResult>;
  proc: ChildProcess;
}

export function startRunner(): Runner {
  const proc = fork(path.join(__dirname, 'load.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  proc.on('message', (m: LoadResult | { id: number; error: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('error' in m) w?.reject(new Error(`load generator: ${m.error}`));
    else w?.resolve(m);
  });
  proc.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`load generator exited (${code})`));
  });
  return {
    proc,
    run: (job) => new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      proc.send({ ...job, id });
    }),
  };
}
