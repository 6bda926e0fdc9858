// A city's time zone, holiday calendar and business types, as every rule evaluation needs them: they
// change a few times a year, and were read on every vending check and every page of zones. Kept per
// city in each process; dropped on `catalog:<cityId>` (catalog.service.ts publishes it), on a lost
// change feed, and after `ttlMs` whatever happens (a change made behind the service's back).
// Only a root client is served from here: an interactive transaction's client has no change feed
// (changes.ts), and gets a fresh read, for the transaction may have just changed the calendar.
import { changesOf, type Change, type ChangeListener, type Changes } from '../../db/changes';
import type { Db } from '../../db/database';
import { ListHolidayCalendar } from '../../schedule/holidays';
import type { HolidayCalendar } from '../../schedule/schedule.types';

/** Shared by every request that reads it: never modified after it is built. */
export interface CityCatalog {
  timeZone: string;
  calendar: HolidayCalendar;
  /** business type code → parent code (retired types too: a retired parent still groups its children) */
  parents: Map<string, string | null>;
  activeTypes: Set<string>;
  typeNames: Map<string, { name: string; nameEn: string }>;
}

export async function readCityCatalog(db: Db, cityId: string): Promise<CityCatalog> {
  const [city, holidays, types] = await Promise.all([
    db.city.findUniqueOrThrow({ where: { id: cityId }, select: { timeZone: true } }),
    db.holidayDay.findMany({ where: { cityId } }),
    db.businessType.findMany({ where: { cityId }, select: { code: true, parentCode: true, active: true, name: true, nameEn: true } }),
  ]);
  return {
    timeZone: city.timeZone,
    calendar: new ListHolidayCalendar(holidays.map((h) => ({ date: h.date.toISOString().slice(0, 10), kind: h.kind, nameZh: h.nameZh, nameEn: h.nameEn }))),
    parents: new Map(types.map((t) => [t.code, t.parentCode])),
    activeTypes: new Set(types.filter((t) => t.active).map((t) => t.code)),
    typeNames: new Map(types.map((t) => [t.code, { name: t.name, nameEn: t.nameEn }])),
  };
}

export const CATALOG_TTL_MS = 60_000;

export class CatalogCache implements ChangeListener {
  private readonly cities = new Map<string, { catalog: CityCatalog; storedAt: number }>();
  /** One read per city at a time: a burst of requests after a change waits for the same one. */
  private readonly loading = new Map<string, Promise<CityCatalog>>();
  /** Bumped by every invalidation: a read that began before one must not store what it read. */
  private generation = 0;
  /** Counters, for the tests and for metrics: `reads` counts trips to the database. */
  readonly stats = { hits: 0, reads: 0 };

  constructor(private readonly changes: Changes, private readonly ttlMs = CATALOG_TTL_MS) {
    changes.subscribe(this);
  }

  get(db: Db, cityId: string): Promise<CityCatalog> {
    if (!this.changes.live) return this.read(db, cityId);
    const slot = this.cities.get(cityId);
    if (slot && Date.now() - slot.storedAt < this.ttlMs) {
      this.stats.hits++;
      return Promise.resolve(slot.catalog);
    }
    const pending = this.loading.get(cityId);
    if (pending) return pending;
    const generation = this.generation;
    const startedAt = Date.now();
    const load = this.read(db, cityId).then((catalog) => {
      if (generation === this.generation && this.changes.live) this.cities.set(cityId, { catalog, storedAt: startedAt });
      return catalog;
    }).finally(() => {
      if (this.loading.get(cityId) === load) this.loading.delete(cityId);
    });
    this.loading.set(cityId, load);
    return load;
  }

  changed(change: Change): void {
    if (change.kind !== 'catalog') return;
    this.generation++;
    this.cities.delete(change.id);
    this.loading.delete(change.id);
  }

  reset(): void {
    this.generation++;
    this.cities.clear();
    this.loading.clear();
  }

  private read(db: Db, cityId: string): Promise<CityCatalog> {
    this.stats.reads++;
    return readCityCatalog(db, cityId);
  }
}

const caches = new WeakMap<Changes, CatalogCache>();

/** The catalogue cache of a root client's database; none for a transaction's client. */
export function catalogCacheOf(db: Db): CatalogCache | undefined {
  const changes = changesOf(db);
  if (!changes) return undefined;
  let cache = caches.get(changes);
  if (!cache) caches.set(changes, (cache = new CatalogCache(changes)));
  return cache;
}

/** The city's catalogue: from the cache for a root client, read afresh inside a transaction. */
export function cityCatalog(db: Db, cityId: string): Promise<CityCatalog> {
  const cache = catalogCacheOf(db);
  return cache ? cache.get(db, cityId) : readCityCatalog(db, cityId);
}
