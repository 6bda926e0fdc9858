// Zone.isOpen for a page of zones in one statement: the zones asked about with the same instant and
// business type are batched into one look-up of open_interval (or, outside the covered window, one
// batched load of their rules).
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { openFilter } from './openings.read';
import { openAmong } from './openings.sql';

const loaders = new WeakMap<Context, Map<string, DataLoader<string, boolean>>>();

export async function isZoneOpen(ctx: Context, cityId: string, zoneId: string, at: Date | string | null | undefined, businessType: string | null | undefined): Promise<boolean> {
  const filter = await filterFor(ctx, cityId, at, businessType);
  const key = `${cityId}|${filter.openAt ? filter.openAt.at.toISOString() : 'rules'}|${businessType ?? ''}|${String(at ?? 'now')}`;
  let byKey = loaders.get(ctx);
  if (!byKey) loaders.set(ctx, (byKey = new Map()));
  let loader = byKey.get(key);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      if (filter.openAt) {
        const open = await openAmong(ctx.db.sql, cityId, ids, filter.openAt.at, filter.openAt.businessType);
        return ids.map((id) => open.has(id));
      }
      const open = new Set(filter.ids);
      return ids.map((id) => open.has(id));
    });
    byKey.set(key, loader);
  }
  return loader.load(zoneId);
}

const filters = new WeakMap<Context, Map<string, ReturnType<typeof openFilter>>>();

/** One decision per request and question: the table, or the rules (openFilter then lists the open zones). */
function filterFor(ctx: Context, cityId: string, at: Date | string | null | undefined, businessType: string | null | undefined) {
  let byKey = filters.get(ctx);
  if (!byKey) filters.set(ctx, (byKey = new Map()));
  const key = `${cityId}|${at instanceof Date ? at.toISOString() : String(at ?? 'now')}|${businessType ?? ''}`;
  let f = byKey.get(key);
  if (!f) byKey.set(key, (f = openFilter(ctx.db, cityId, at, businessType)));
  return f;
}

