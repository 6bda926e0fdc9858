// Fixtures for spots, vendors, applications and rounds, written straight to the database (the spots
// and vendors modules have their own APIs; these tests need only rows): vending zones open around the
// clock, spots as points inside them (the spot trigger draws the footprint), vendors with placeholder
// encrypted fields, and dates relative to the city's today.
import type { PriorityCategory } from '@prisma/client';
import type { Database } from '../../src/db/database';
import { insertZone } from '../../src/modules/zones/zones.sql';
import { localDate, addDays } from '../../src/schedule/schedule.time';
import { createAccount, putRule, square, week, type TestCity } from './factories';

let seq = 0;

/** The city's (Asia/Shanghai) calendar date, `offset` days from today. */
export function day(offset = 0, now = new Date()): string {
  return addDays(localDate(now.getTime(), 'Asia/Shanghai'), offset);
}

/** A point `dx` metres east and `dy` metres north of (lon, lat). */
export function offset(lon: number, lat: number, dx: number, dy: number): [number, number] {
  return [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 111_320];
}

export interface ZoneOptions {
  name?: string;
  size?: number;
  districtId?: string;
  /** null: every business type */
  types?: string[] | null;
  windows?: { day: number; start: string; end: string }[];
  season?: { from: string; to: string } | null;
}

/** A night market square of `size` metres, open every day around the clock (holidays too) unless told otherwise. */
export async function createVendingZone(db: Database, city: TestCity, lon: number, lat: number, o: ZoneOptions = {}): Promise<string> {
  const zone = await insertZone(db.prisma, {
    cityId: city.cityId, districtId: o.districtId ?? city.west, name: o.name ?? `测试夜市${++seq}`, kind: 'NIGHT_MARKET',
    geojson: JSON.stringify(square(lon, lat, o.size ?? 80)),
  });
  await putRule(db, city, zone.id, '2020-01-01', {
    windows: o.windows ?? week('00:00', '24:00'), holidayPolicy: 'OPEN_AS_USUAL', season: o.season ?? null,
  }, o.types === undefined ? null : o.types);
  return zone.id;
}

export async function createSpot(
  db: Database, city: TestCity, zoneId: string, number: number, at: [number, number], o: { businessType?: string | null; status?: string } = {},
): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m, business_type, status)
     VALUES ($1::uuid, $2::uuid, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), 2, 1.5, $6, $7::"SpotStatus")
     RETURNING id`,
    city.cityId, zoneId, number, at[0], at[1], o.businessType ?? null, o.status ?? 'AVAILABLE');
  return rows[0].id;
}

export interface VendorOptions {
  name?: string;
  categories?: PriorityCategory[];
  /** The officer who verified the categories (required with categories). */
  verifiedBy?: string;
}

/** A VENDOR account with a profile; phone and identity number are placeholders, not real ciphertext. */
export async function createVendor(db: Database, city: TestCity, o: VendorOptions = {}) {
  const account = await createAccount(db, city, 'VENDOR');
  const n = ++seq;
  await db.prisma.vendorProfile.create({
    data: {
      cityId: city.cityId, accountId: account.id, name: o.name ?? `摊主${n}`,
      phoneEnc: `enc-phone-${account.id}`, phoneHmac: `hmac-phone-${account.id}`, businessTypes: ['food.snacks'],
    },
  });
  for (const category of o.categories ?? []) {
    await db.prisma.vendorPriority.create({
      data: { cityId: city.cityId, accountId: account.id, category, evidenceRef: `证明-${n}`, verifiedBy: o.verifiedBy! },
    });
  }
  return account;
}

/** Moves a round's deadline into the past, as if the application period had run out. */
export async function expireDeadline(db: Database, city: TestCity, roundId: string): Promise<void> {
  // updateMany: the embedded adapter cannot read back the round's uuid[] column (see rounds.sql.ts).
  await db.prisma.allocationRound.updateMany({ where: { cityId: city.cityId, id: roundId }, data: { deadline: new Date(Date.now() - 1000) } });
}

/** The rows a refused allocation mutation must leave untouched. */
export async function allocationSnapshot(db: Database) {
  const [rows] = await db.prisma.$queryRawUnsafe<Record<string, string>[]>(`SELECT
    (SELECT md5(COALESCE(string_agg(id::text || status || version || COALESCE(reason, ''), ',' ORDER BY id), '')) FROM application) AS applications,
    (SELECT md5(COALESCE(string_agg(id::text || status || version || ends_on, ',' ORDER BY id), '')) FROM assignment) AS assignments,
    (SELECT md5(COALESCE(string_agg(id::text || status || COALESCE(result::text, ''), ',' ORDER BY id), '')) FROM allocation_round) AS rounds,
    (SELECT md5(COALESCE(string_agg(id::text || COALESCE(checked_out_at::text, ''), ',' ORDER BY id), '')) FROM check_in) AS check_ins,
    (SELECT md5(COALESCE(string_agg(id::text || status || version, ',' ORDER BY id), '')) FROM spot) AS spots,
    (SELECT count(*)::text FROM audit_log) AS audit`);
  return rows;
}
