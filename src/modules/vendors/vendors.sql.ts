// Vendor profiles as VendorRow: the profile with its verified priorities and the username of each
// verifier, in one statement per batch (a page of applications names many vendors). Personal data
// leaves here still encrypted; only the look-up digests are ever compared in SQL.
import { Prisma, type PriorityCategory } from '@prisma/client';
import type { Db } from '../../db/database';
import type { VendorPriorityRow, VendorRow } from './vendors.models';

interface RawVendor extends Omit<VendorRow, 'priorities'> {
  priorities: (Omit<VendorPriorityRow, 'verifiedAt'> & { verifiedAt: string })[];
}

/** JSON carries timestamps as text: make them Dates again, as the rest of the row has them. */
function toRow(r: RawVendor): VendorRow {
  return {
    ...r,
    createdAt: new Date(r.createdAt),
    priorities: r.priorities.map((p) => ({ ...p, category: p.category as PriorityCategory, verifiedAt: new Date(p.verifiedAt) })),
  };
}

const vendorColumns = Prisma.sql`p.city_id AS "cityId", p.account_id AS "accountId", p.name, p.phone_enc AS "phoneEnc",
  p.id_number_enc AS "idNumberEnc", p.business_types AS "businessTypes", p.created_at AS "createdAt",
  COALESCE((SELECT json_agg(json_build_object('category', vp.category, 'evidenceRef', vp.evidence_ref,
      'verifiedBy', vp.verified_by, 'verifiedByUsername', a.username, 'verifiedAt', vp.verified_at) ORDER BY vp.category)
    FROM vendor_priority vp JOIN account a ON a.city_id = vp.city_id AND a.id = vp.verified_by
    WHERE vp.city_id = p.city_id AND vp.account_id = p.account_id), '[]'::json) AS priorities`;

/** The vendors of a city among `accountIds`, in no particular order (absent ones are left out). */
export async function vendorRows(db: Db, cityId: string, accountIds: readonly string[]): Promise<VendorRow[]> {
  if (accountIds.length === 0) return [];
  const rows = await db.$queryRaw<RawVendor[]>`SELECT ${vendorColumns} FROM vendor_profile p
    WHERE p.city_id = ${cityId}::uuid AND p.account_id = ANY(${[...accountIds]}::uuid[])`;
  return rows.map(toRow);
}

export async function vendorRow(db: Db, cityId: string, accountId: string): Promise<VendorRow | null> {
  return (await vendorRows(db, cityId, [accountId]))[0] ?? null;
}

export interface VendorFilter {
  cityId: string;
  /** Part of the name, matched case-insensitively as typed (no wildcards). */
  name?: string;
  phoneHmac?: string;
  idNumberHmac?: string;
}

/** The optional conditions, each starting with AND (the city is named in the statement itself). */
function conditionsOf(f: VendorFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.name) {
    const literal = f.name.replace(/[\\%_]/g, (c) => `\\${c}`);
    parts.push(Prisma.sql`AND p.name ILIKE ${`%${literal}%`}`);
  }
  if (f.phoneHmac) parts.push(Prisma.sql`AND p.phone_hmac = ${f.phoneHmac}`);
  if (f.idNumberHmac) parts.push(Prisma.sql`AND p.id_number_hmac = ${f.idNumberHmac}`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

/** Newest first; the page after (createdAt, accountId) of the cursor, and the total. */
export async function listVendors(db: Db, f: VendorFilter, limit: number, after: [Date, string] | null) {
  const more = conditionsOf(f);
  const page = after ? Prisma.sql`AND (p.created_at, p.account_id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.empty;
  const [rows, count] = await Promise.all([
    db.$queryRaw<RawVendor[]>`SELECT ${vendorColumns} FROM vendor_profile p WHERE p.city_id = ${f.cityId}::uuid ${more} ${page}
      ORDER BY p.created_at DESC, p.account_id DESC LIMIT ${limit + 1}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM vendor_profile p WHERE p.city_id = ${f.cityId}::uuid ${more}`,
  ]);
  return { rows: rows.map(toRow), total: count[0].n };
}
