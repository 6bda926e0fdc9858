// The real service as a child process (`node --import tsx src/main.ts`), for tests that must kill it,
// restart it, or take its database away: an in-process app cannot be killed with -9 or lose its files.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface ServiceOptions {
  /** The embedded data folder; ignored when databaseUrl is given. */
  dataDir?: string;
  /** A PostgreSQL + PostGIS database; without it the embedded backend is used. */
  databaseUrl?: string;
  /** More variables (BIANMIN_SEED, BIANMIN_DEMO_PASSWORD, …); BIANMIN_SEED defaults to none. */
  env?: NodeJS.ProcessEnv;
  script?: string;
  /**
   * Take root's power over file permissions from the child (root ignores them): run it as another
   * user, or through a wrapper command such as `setpriv` that drops the capabilities concerned.
   */
  confine?: Confinement;
}

export type Confinement = { uid: number; gid: number } | { wrapper: string[] };

export interface Service {
  child: ChildProcess;
  /** Everything the child printed so far, stdout and stderr interleaved. */
  out(): string;
  /** The exit code; null when a signal ended it. */
  exited: Promise<number | null>;
}

export function startService(opts: ServiceOptions): Service {
  let out = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env, BIANMIN_SEED: 'none', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...opts.env,
  };
  delete env.NODE_OPTIONS;
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else env.BIANMIN_DATA_DIR = opts.dataDir;
  // `node --import tsx` runs in one process (the tsx binary would be a wrapper with a PID of its own);
  // so does a wrapper that execs node, like setpriv.
  const command = [process.execPath, '--import', 'tsx', opts.script ?? 'src/main.ts'];
  const c = opts.confine;
  if (c && 'wrapper' in c) command.unshift(...c.wrapper);
  // Another user cannot write root's HOME; tsx keeps its cache under the temporary folder.
  if (c && 'uid' in c) env.HOME = os.tmpdir();
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(c && 'uid' in c ? { uid: c.uid, gid: c.gid } : {}),
  });
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** Waits for the start-up banner and returns the health URL it prints. */
export async function waitForUrl(s: Service, timeoutMs = 45_000): Promise<string> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const m = /health: (http:\/\/localhost:\d+\/healthz)/.exec(s.out());
    if (m) return m[1];
    if (s.child.exitCode !== null) throw new Error(`service exited: ${s.out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service did not start: ${s.out()}`);
}

/** Starts the service and returns it with its base URL (on 127.0.0.1, where it listens). */
export async function startAndWait(opts: ServiceOptions): Promise<{ service: Service; base: string }> {
  const service = startService(opts);
  try {
    const port = new URL(await waitForUrl(service)).port;
    return { service, base: `http://127.0.0.1:${port}` };
  } catch (e) {
    service.child.kill('SIGKILL');
    throw e;
  }
}

/** Stops the child if it still runs (SIGTERM, then SIGKILL if it does not go) and returns its exit code. */
export async function stopService(s: Service, graceMs = 15_000): Promise<number | null> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return s.exited;
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
  try {
    return await s.exited;
  } finally {
    clearTimeout(timer);
  }
}
