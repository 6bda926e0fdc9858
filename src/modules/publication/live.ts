// "N of M stalls active now" on the public map without a reload: server-sent events per city
// (GET /live/{city}/occupancy). Each message is every vending zone's aggregate counts — spots,
// checked in now, free — never who. A check-in or check-out announces `occupancy:<city>` on the
// database's change channel (db/changes.ts), heard by every process serving it; each process then
// reads the city's counts once (one grouped statement, occupancy.sql.ts) and sends them to all its
// listeners of that city, so a thousand phones watching cost one query per change, not a thousand.
// Check-ins also lapse at closing time, which no one announces: the counts are read again each minute.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import type { Change, ChangeListener } from '../../db/changes';
import { zoneOccupancies } from '../spots/occupancy.sql';
import { cityByCode } from './publication.sql';

const DEBOUNCE_MS = 300;
const REFRESH_MS = 60_000;
const HEARTBEAT_MS = 25_000;
/** Open streams one process keeps; more are refused (503) rather than exhausting sockets. */
export const MAX_STREAMS = 5_000;

interface City { streams: Set<ServerResponse>; last: string | null; timer: NodeJS.Timeout | null }

export class LiveOccupancy implements ChangeListener {
  private readonly cities = new Map<string, City>();
  private count = 0;
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly db: Database, private readonly onError: (e: unknown) => void) {
    db.changes.subscribe(this);
    this.ticker = setInterval(() => { for (const id of this.cities.keys()) this.schedule(id, 0); }, REFRESH_MS);
    this.ticker.unref();
  }

  changed(change: Change): void {
    if (change.kind === 'occupancy' && this.cities.has(change.id)) this.schedule(change.id, DEBOUNCE_MS);
  }

  reset(): void {
    for (const id of this.cities.keys()) this.schedule(id, DEBOUNCE_MS);
  }

  get streams(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= MAX_STREAMS;
  }

  /** Adds a listener (its headers sent) of the city and sends it the counts now. */
  add(cityId: string, res: ServerResponse): void {
    let city = this.cities.get(cityId);
    if (!city) this.cities.set(cityId, (city = { streams: new Set(), last: null, timer: null }));
    city.streams.add(res);
    this.count++;
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    beat.unref();
    res.on('close', () => {
      clearInterval(beat);
      if (city.streams.delete(res)) this.count--;
      if (city.streams.size === 0) {
        if (city.timer) clearTimeout(city.timer);
        this.cities.delete(cityId);
      }
    });
    if (city.last) res.write(city.last);
    else this.schedule(cityId, 0);
  }

  private schedule(cityId: string, delay: number): void {
    const city = this.cities.get(cityId);
    if (!city || city.timer) return;
    city.timer = setTimeout(() => {
      city.timer = null;
      this.send(cityId, city).catch(this.onError);
    }, delay);
    city.timer.unref();
  }

  private async send(cityId: string, city: City): Promise<void> {
    const rows = await zoneOccupancies(this.db.sql, { cityId });
    const data = rows.map((r) => ({ zoneId: r.zoneId, spots: r.spots, checkedInNow: r.checkedInNow, free: r.free }));
    const message = `event: occupancy\ndata: ${JSON.stringify({ at: new Date().toISOString(), zones: data })}\n\n`;
    // Unchanged counts are not sent again (a new listener got the last message when it came).
    const counts = (m: string | null) => m?.slice(m.indexOf('"zones"'));
    if (counts(message) === counts(city.last)) return;
    city.last = message;
    for (const s of city.streams) s.write(message);
  }

  close(): void {
    clearInterval(this.ticker);
    for (const city of this.cities.values()) {
      if (city.timer) clearTimeout(city.timer);
      for (const s of city.streams) s.end();
    }
    this.cities.clear();
  }
}

export async function registerLiveRoutes(app: FastifyInstance, db: Database): Promise<void> {
  const live = new LiveOccupancy(db, (err) => app.log.error({ err }, 'live occupancy update failed'));
  app.addHook('onClose', async () => live.close());
  app.get<{ Params: { city: string } }>('/live/:city/occupancy', async (req, reply) => {
    const city = await cityByCode(db.sql, req.params.city.slice(0, 40));
    if (!city) return reply.code(404).send({ error: 'NOT_FOUND', message: '未知的城市代码 / unknown city code', requestId: req.id });
    if (live.full) {
      return reply.code(503).header('retry-after', '30')
        .send({ error: 'UNAVAILABLE', message: '实时连接已满，请稍后再试 / too many live connections, try again later', requestId: req.id });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive',
      'access-control-allow-origin': '*', 'x-request-id': String(req.id), 'x-accel-buffering': 'no',
    });
    res.write('retry: 5000\n\n');
    live.add(city.id, res);
  });
}
