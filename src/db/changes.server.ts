// LISTEN on a PostgreSQL server: one connection of its own, outside the pool (a pooled connection is
// handed to other queries and would drop or miss notifications). When the connection is lost —
// server restart, failover, an idle timeout — changes may pass unheard, so the feed goes not-live
// (caches empty and bypassed) until LISTEN succeeds again; reconnection backs off up to a few seconds.
import pg from 'pg';
import { CHANGES_CHANNEL, ChangeFeed } from './changes';

/** Names the connection in pg_stat_activity (operators, and the tests that cut it). */
export const LISTENER_APPLICATION_NAME = 'bianmin-changes';
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

export interface ServerListener {
  readonly feed: ChangeFeed;
  close(): Promise<void>;
}

export async function listenOnServer(url: string, onError: (e: Error) => void = () => undefined): Promise<ServerListener> {
  const feed = new ChangeFeed();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | null = null;

  const lost = (c: pg.Client, e?: Error) => {
    if (client !== c) return; // 'error' and 'end' both come; the first one counts
    client = null;
    feed.setLive(false);
    if (e) onError(e);
    c.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (closed || timer) return;
    // Jitter: instances that lost the server together should not all come back at the same instant.
    const wait = retryMs / 2 + Math.random() * (retryMs / 2);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) feed.notified(n.payload ?? '');
    });
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      // Its 'error' and 'end' handlers ignore it: it never became the current connection.
      await c.end().catch(() => undefined);
      if (e instanceof Error) onError(e);
      schedule();
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    retryMs = FIRST_RETRY_MS;
    feed.setLive(true);
  };

  // The first attempt is awaited so caches work from the first request; if it fails, the service
  // still starts (uncached) and keeps trying.
  await connect();
  return {
    feed,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (feed.live) feed.setLive(false);
      if (c) {
        c.removeAllListeners('end');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
