// Batches vendor look-ups of one request: a page of applications or assignments names many vendors,
// and each VendorProfile field would otherwise cost a query. Used by the allocation module
// (Application.vendor, Assignment.vendor). The rows keep personal data encrypted; the VendorProfile
// field resolvers decrypt and mask it for the viewer.
import { inOrder, perRequest } from '../../graphql/loaders';
import type { VendorRow } from './vendors.models';
import { vendorRows } from './vendors.sql';

export const vendorLoader = perRequest<VendorRow>(async (ctx, cityId, ids) =>
  inOrder(ids, await vendorRows(ctx.db.prisma, cityId, ids), (r) => r.accountId, (id) => new Error(`vendor ${id} missing`)));
