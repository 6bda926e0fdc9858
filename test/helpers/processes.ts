// What a test needs to watch a service of several processes from outside: which process answered a
// request (read from the service's JSON log, where every line carries its pid), which processes are
// alive, and a server database of its own that a child process can be pointed at.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { SERVER_TEMPLATE, adminQuery, withDatabase } from '../template';
import type { Service } from './service';

/** Waits until `find` returns something for the service's output so far, or fails after `timeoutMs`. */
export async function waitForOutput<T>(s: Service, find: (out: string) => T | null | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const found = find(s.out());
    if (found !== null && found !== undefined) return found;
    if (s.child.exitCode !== null || Date.now() - t0 > timeoutMs) throw new Error(`no ${what} in the output:\n${s.out().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The JSON log lines printed so far (the banner and anything else that is not JSON is skipped). */
export function logLines(out: string): Record<string, unknown>[] {
  return out.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/**
 * GET `path` on a connection of its own (no keep-alive: the cluster hands out connections, not
 * requests) with a request id of our own, then reads from the log which process logged that request.
 */
export async function servedBy(s: Service, base: string, path = '/healthz'): Promise<{ status: number; pid: number }> {
  const requestId = `served-by-${crypto.randomUUID()}`;
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent: false, headers: { 'x-request-id': requestId } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  const pid = await waitForOutput(s, (out) => {
    const line = logLines(out).find((l) => l.reqId === requestId);
    return typeof line?.pid === 'number' ? line.pid : null;
  }, `log line of request ${requestId}`);
  return { status, pid };
}

/** Whether a process runs (a zombie — exited, not yet reaped — counts as gone). */
export function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A new database from the migrated test template, for a service started as a child process. */
export async function createServerDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bianmin_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${SERVER_TEMPLATE}`);
  return {
    url: withDatabase(url, name),
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
