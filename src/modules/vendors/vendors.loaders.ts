// Batches vendor look-ups of one request: a page of applications or assignments names many vendors,
// and each VendorProfile field would otherwise cost a query. Used by the allocation module
// (Application.vendor, Assignment.vendor). The rows keep personal data encrypted; the VendorProfile
// field resolvers decrypt and mask it for the viewer.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import type { VendorRow } from './vendors.models';
import { vendorRows } from './vendors.sql';

const loaders = new WeakMap<Context, Map<string, DataLoader<string, VendorRow>>>();

export function vendorLoader(ctx: Context, cityId: string): DataLoader<string, VendorRow> {
  let byCity = loaders.get(ctx);
  if (!byCity) loaders.set(ctx, (byCity = new Map()));
  let loader = byCity.get(cityId);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await vendorRows(ctx.db.prisma, cityId, ids);
      const byId = new Map(rows.map((r) => [r.accountId, r]));
      return ids.map((id) => byId.get(id) ?? new Error(`vendor ${id} missing`));
    });
    byCity.set(cityId, loader);
  }
  return loader;
}
