// Per-request batching, one mechanism for every domain: the fields a page of rows asks of each row
// (a zone's district, an application's vendor, a spot's assignment) cost one statement per page and
// field, not one per row. A loader lives as long as its request (a WeakMap on the context) and serves
// one city, since every key of city data starts with the city.
import DataLoader from 'dataloader';
import type { Context } from './context';

/** The largest batch one statement answers (a page holds at most 100 rows). */
const MAX_BATCH = 100;

/** Answers for `ids`, in their order: a value, or an Error for an id that must exist but does not. */
export type Batch<V> = (ctx: Context, cityId: string, ids: readonly string[]) => Promise<(V | Error)[]>;

/** One loader per request and city, created on first use and dropped with the request. */
export function perRequest<V>(batch: Batch<V>): (ctx: Context, cityId: string) => DataLoader<string, V> {
  const store = new WeakMap<Context, Map<string, DataLoader<string, V>>>();
  return (ctx, cityId) => {
    let byCity = store.get(ctx);
    if (!byCity) store.set(ctx, (byCity = new Map()));
    let loader = byCity.get(cityId);
    if (!loader) byCity.set(cityId, (loader = new DataLoader((ids) => batch(ctx, cityId, ids), { maxBatchSize: MAX_BATCH })));
    return loader;
  };
}

/** The rows found, in the order of `ids`; `missing` answers for an id with no row. */
export function inOrder<R, V>(ids: readonly string[], rows: readonly R[], key: (r: R) => string, missing: (id: string) => V | Error): (R | V | Error)[] {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  return ids.map((id) => byKey.get(id) ?? missing(id));
}
