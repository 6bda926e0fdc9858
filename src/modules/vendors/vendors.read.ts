// Reading vendors: one vendor, a page of them, and the personal data of one as the viewer may see it.
// Look-up by phone or identity number goes through their HMAC: the database never sees the value
// and cannot search it otherwise.
import type { Database, Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { isUuid, parseId } from '../../graphql/ids';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../graphql/pagination';
import { textProblem, throwProblems } from '../accounts/accounts.validation';
import { fieldContext, piiFor } from './pii';
import { maskIdNumber, maskPhone, parseIdNumber, parsePhone } from './pii-format';
import type { VendorRow } from './vendors.models';
import { vendorsPolicy } from './vendors.policy';
import * as sql from './vendors.sql';

export function myVendorProfile(db: Db, viewer: Viewer): Promise<VendorRow | null> {
  return sql.vendorRow(db, viewer.cityId, viewer.accountId);
}

export function vendor(db: Db, viewer: Viewer, rawAccountId: string): Promise<VendorRow | null> {
  return sql.vendorRow(db, viewer.cityId, parseId(rawAccountId, 'accountId'));
}

export interface VendorsArgs {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  first?: number | null;
  after?: string | null;
}

export async function vendors(db: Database, viewer: Viewer, a: VendorsArgs): Promise<Connection<VendorRow>> {
  if (a.idNumber != null || a.phone != null) vendorsPolicy.lookUp(viewer);
  const limit = pageSize(a.first, 50);
  const cursor = decodeCursor(a.after, 2);
  let after: [Date, string] | null = null;
  if (cursor) {
    const at = new Date(String(cursor[0]));
    if (Number.isNaN(at.getTime()) || !isUuid(String(cursor[1]))) throw badInput('无效的分页游标 / invalid cursor');
    after = [at, String(cursor[1]).toLowerCase()];
  }
  const filter: sql.VendorFilter = { cityId: viewer.cityId };
  if (a.name != null) {
    throwProblems([textProblem('name', a.name, 50)]);
    filter.name = a.name.trim() || undefined;
  }
  if (a.phone != null || a.idNumber != null) {
    const pii = await piiFor(db);
    if (a.phone != null) filter.phoneHmac = pii.hmac('phone', parsePhone(a.phone));
    if (a.idNumber != null) filter.idNumberHmac = pii.hmac('idNumber', parseIdNumber(a.idNumber));
  }
  const { rows, total } = await sql.listVendors(db.prisma, filter, limit, after);
  return toConnection(rows, limit, total, (r) => [r.createdAt.toISOString(), r.accountId]);
}

/** The vendor's phone, in full for themself and admins, masked for anyone else. */
export async function phoneFor(db: Database, viewer: Viewer | null, row: VendorRow): Promise<string> {
  const phone = (await piiFor(db)).decrypt(row.phoneEnc, fieldContext(row.cityId, row.accountId, 'phone'));
  return vendorsPolicy.seesInFull(viewer, row) ? phone : maskPhone(phone);
}

/** The identity number (null when not given), as phoneFor. */
export async function idNumberFor(db: Database, viewer: Viewer | null, row: VendorRow): Promise<string | null> {
  if (!row.idNumberEnc) return null;
  const id = (await piiFor(db)).decrypt(row.idNumberEnc, fieldContext(row.cityId, row.accountId, 'idNumber'));
  return vendorsPolicy.seesInFull(viewer, row) ? id : maskIdNumber(id);
}
