// Batches district look-ups of one request (a page of zones names the same few districts many times).
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { districtsByIds, type DistrictRow } from './cities.sql';

const loaders = new WeakMap<Context, Map<string, DataLoader<string, DistrictRow>>>();

export function districtLoader(ctx: Context, cityId: string): DataLoader<string, DistrictRow> {
  let byCity = loaders.get(ctx);
  if (!byCity) loaders.set(ctx, (byCity = new Map()));
  let loader = byCity.get(cityId);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await districtsByIds(ctx.db.prisma, cityId, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? new Error(`district ${id} missing`));
    });
    byCity.set(cityId, loader);
  }
  return loader;
}
