// The SQL of sign applications: rows with their location as GeoJSON, writes of the location, the lock a
// transition takes, permit numbers, and the public register (public columns only, never the contact).
import { Prisma, type SignApplicationStatus } from '@prisma/client';
import type { Db } from '../../db/database';
import type { SignSpec } from './compliance';

export interface SignApplicationRecord {
  cityId: string;
  id: string;
  applicantId: string;
  districtId: string;
  guideId: string;
  status: SignApplicationStatus;
  shopName: string;
  address: string;
  location: unknown;
  facadeWidthM: number;
  facadeHeightM: number;
  contactName: string;
  contactPhoneEnc: string;
  signs: SignSpec[];
  compliance: unknown;
  compliant: boolean | null;
  reason: string | null;
  permitNumber: string | null;
  /** YYYY-MM-DD */
  validFrom: string | null;
  validUntil: string | null;
  amendsId: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const columns = Prisma.sql`a.city_id AS "cityId", a.id, a.applicant_id AS "applicantId", a.district_id AS "districtId", a.guide_id AS "guideId",
  a.status::text AS status, a.shop_name AS "shopName", a.address, ST_AsGeoJSON(a.location, 7)::json AS location,
  a.facade_width_m AS "facadeWidthM", a.facade_height_m AS "facadeHeightM", a.contact_name AS "contactName", a.contact_phone_enc AS "contactPhoneEnc",
  a.signs, a.compliance, a.compliant, a.reason, a.permit_number AS "permitNumber",
  to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_until, 'YYYY-MM-DD') AS "validUntil", a.amends_id AS "amendsId",
  a.submitted_at AS "submittedAt", a.decided_at AS "decidedAt", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

export interface ShopFields {
  districtId: string; guideId: string; shopName: string; address: string; lonLat: [number, number];
  facadeWidthM: number; facadeHeightM: number; contactName: string; signs: SignSpec[]; amendsId: string | null;
}

export async function insertApplication(db: Db, cityId: string, id: string, applicantId: string, f: ShopFields, phoneEnc: string) {
  const [row] = await db.$queryRaw<SignApplicationRecord[]>`
    WITH ins AS (
      INSERT INTO sign_application (city_id, id, applicant_id, district_id, guide_id, shop_name, address, location, facade_width_m, facade_height_m,
        contact_name, contact_phone_enc, signs, amends_id)
      VALUES (${cityId}::uuid, ${id}::uuid, ${applicantId}::uuid, ${f.districtId}::uuid, ${f.guideId}::uuid, ${f.shopName}, ${f.address},
        ST_SetSRID(ST_MakePoint(${f.lonLat[0]}::float8, ${f.lonLat[1]}::float8), 4326), ${f.facadeWidthM}::float8, ${f.facadeHeightM}::float8,
        ${f.contactName}, ${phoneEnc}, ${JSON.stringify(f.signs)}::jsonb, ${f.amendsId}::uuid)
      RETURNING *)
    SELECT ${columns} FROM ins a`;
  return row;
}

export async function updateShop(db: Db, cityId: string, id: string, f: ShopFields, phoneEnc: string | null, now: Date) {
  const [row] = await db.$queryRaw<SignApplicationRecord[]>`
    WITH upd AS (
      UPDATE sign_application a SET district_id = ${f.districtId}::uuid, guide_id = ${f.guideId}::uuid, shop_name = ${f.shopName}, address = ${f.address},
        location = ST_SetSRID(ST_MakePoint(${f.lonLat[0]}::float8, ${f.lonLat[1]}::float8), 4326),
        facade_width_m = ${f.facadeWidthM}::float8, facade_height_m = ${f.facadeHeightM}::float8, contact_name = ${f.contactName},
        contact_phone_enc = COALESCE(${phoneEnc}, a.contact_phone_enc), signs = ${JSON.stringify(f.signs)}::jsonb,
        compliance = NULL, compliant = NULL, version = a.version + 1, updated_at = ${now}
      WHERE a.city_id = ${cityId}::uuid AND a.id = ${id}::uuid RETURNING a.*)
    SELECT ${columns} FROM upd a`;
  return row;
}

/** One application; with `lock`, held until the transaction ends (a transition in progress). */
export async function applicationById(db: Db, cityId: string, id: string, lock = false): Promise<SignApplicationRecord | null> {
  const rows = await db.$queryRaw<SignApplicationRecord[]>`SELECT ${columns} FROM sign_application a
    WHERE a.city_id = ${cityId}::uuid AND a.id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return rows[0] ?? null;
}

export interface ListFilter {
  applicantId?: string;
  /** null: every district (admins) */
  districtIds?: string[] | null;
  statuses?: SignApplicationStatus[];
  /** Approved permits whose validity ends on or before this date */
  validUntilBy?: string;
  /** With statuses [APPROVED]: only permits already expired on `today` (true) or still valid (false) */
  expired?: { today: string; expired: boolean };
  limit: number;
}

export function listApplications(db: Db, cityId: string, f: ListFilter): Promise<SignApplicationRecord[]> {
  return db.$queryRaw<SignApplicationRecord[]>`SELECT ${columns} FROM sign_application a
    WHERE a.city_id = ${cityId}::uuid
      ${f.applicantId ? Prisma.sql`AND a.applicant_id = ${f.applicantId}::uuid` : Prisma.empty}
      ${f.districtIds ? Prisma.sql`AND a.district_id = ANY(${f.districtIds}::uuid[])` : Prisma.empty}
      ${f.statuses?.length ? Prisma.sql`AND a.status::text = ANY(${f.statuses}::text[])` : Prisma.empty}
      ${f.validUntilBy ? Prisma.sql`AND a.status = 'APPROVED' AND a.valid_until <= ${f.validUntilBy}::date` : Prisma.empty}
      ${f.expired ? (f.expired.expired ? Prisma.sql`AND a.valid_until < ${f.expired.today}::date` : Prisma.sql`AND a.valid_until >= ${f.expired.today}::date`) : Prisma.empty}
    ORDER BY ${f.validUntilBy ? Prisma.sql`a.valid_until, a.id` : Prisma.sql`a.created_at DESC, a.id DESC`} LIMIT ${f.limit}`;
}

/** The next permit number of a city and year: 371300-ZP-2026-00001 (unique per city by index). */
export async function nextPermitNumber(db: Db, cityId: string, year: string): Promise<string> {
  // Two approvals at once in one city and year would both read the same highest number: the second
  // waits here until the first's transaction ends, then reads the number the first took.
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-permit:${cityId}:${year}`}))`;
  const [r] = await db.$queryRaw<{ code: string; n: number }[]>`
    SELECT c.code, COALESCE((SELECT max(split_part(a.permit_number, '-', 4)::int) FROM sign_application a
      WHERE a.city_id = ${cityId}::uuid AND a.permit_number IS NOT NULL AND split_part(a.permit_number, '-', 3) = ${year}), 0) + 1 AS n
    FROM city c WHERE c.id = ${cityId}::uuid`;
  return `${r.code}-ZP-${year}-${String(r.n).padStart(5, '0')}`;
}

/** A permit as the public register shows it: no applicant, contact or address. */
export interface RegisterRow {
  permitNumber: string;
  shopName: string;
  streetName: string;
  location: { type: 'Point'; coordinates: [number, number] };
  signs: SignSpec[];
  validFrom: string;
  validUntil: string;
}

/** Permits approved and not revoked or amended, in permit-number order; expiry is judged by the caller. */
export function registerRows(db: Db, cityId: string, limit: number): Promise<RegisterRow[]> {
  return db.$queryRaw<RegisterRow[]>`
    SELECT a.permit_number AS "permitNumber", a.shop_name AS "shopName", g.street_name AS "streetName",
      ST_AsGeoJSON(a.location, 7)::json AS location, a.signs,
      to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_until, 'YYYY-MM-DD') AS "validUntil"
    FROM sign_application a JOIN sign_guide g ON g.city_id = a.city_id AND g.id = a.guide_id
    WHERE a.city_id = ${cityId}::uuid AND a.status = 'APPROVED'
    ORDER BY a.permit_number LIMIT ${limit}`;
}
