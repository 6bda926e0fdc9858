// Batches district look-ups of one request (a page of zones names the same few districts many times).
import { inOrder, perRequest } from '../../graphql/loaders';
import { districtsByIds, type DistrictRow } from './cities.sql';

export const districtLoader = perRequest<DistrictRow>(async (ctx, cityId, ids) =>
  inOrder(ids, await districtsByIds(ctx.db.prisma, cityId, ids), (r) => r.id, (id) => new Error(`district ${id} missing`)));
