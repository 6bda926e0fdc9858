// Small fixtures: a city of two square districts, an account per role, zones as squares in metres.
import bcrypt from 'bcryptjs';
import type { Role } from '@prisma/client';
import type { Database } from '../../src/db/database';
import { insertDistrict } from '../../src/modules/cities/cities.sql';
import { seedCityCatalog } from '../../src/modules/rules/catalog.data';
import { refreshZoneOpenings } from '../../src/modules/openings/openings.service';

export const PASSWORD = 'correct-horse-battery';
const HASH = bcrypt.hashSync(PASSWORD, 4);

/** District West: 118.30–118.35 E; district East: 118.35–118.40 E; both 35.00–35.05 N. */
export const WEST = { lon: 118.325, lat: 35.025 };
export const EAST = { lon: 118.375, lat: 35.025 };

export interface TestCity {
  cityId: string;
  west: string;
  east: string;
  code: string;
}

const box = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

let seq = 0;

export async function createCity(db: Database, code = `T${process.pid}${++seq}`): Promise<TestCity> {
  const city = await db.prisma.city.create({
    data: { code, name: '测试市', nameEn: 'Test City', timeZone: 'Asia/Shanghai', centerLon: 118.35, centerLat: 35.025 },
  });
  const west = await insertDistrict(db.prisma, city.id, { code: `${code}-W`, name: '西区', nameEn: 'West', geometry: box(118.3, 35.0, 118.35, 35.05) });
  const east = await insertDistrict(db.prisma, city.id, { code: `${code}-E`, name: '东区', nameEn: 'East', geometry: box(118.35, 35.0, 118.4, 35.05) });
  await seedCityCatalog(db.prisma, city.id);
  return { cityId: city.id, west, east, code };
}

export async function createAccount(
  db: Database, city: TestCity, role: Role, opts: { username?: string; districts?: string[]; zoneId?: string } = {},
) {
  return db.prisma.account.create({
    data: {
      cityId: city.cityId,
      username: opts.username ?? `${role.toLowerCase()}-${city.code.toLowerCase()}-${++seq}`,
      displayName: role,
      passwordHash: HASH,
      role,
      zoneId: opts.zoneId ?? null,
      districts: { create: (opts.districts ?? []).map((districtId) => ({ districtId })) },
    },
  });
}

/** A square of `size` metres centred on (lon, lat), as a GeoJSON Polygon. */
export function square(lon: number, lat: number, size = 40) {
  const dLat = size / 2 / 111_320;
  const dLon = size / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return box(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
}

/** Counts of the rows a failed mutation must leave untouched. */
export async function snapshot(db: Database) {
  const [zones, audit, accounts, tokens, stalls] = await Promise.all([
    db.prisma.$queryRaw<{ n: number; h: string }[]>`SELECT count(*)::int AS n, md5(COALESCE(string_agg(id::text || version || name || ST_AsText(geom), ',' ORDER BY id), '')) AS h FROM zone`,
    db.prisma.auditLog.count(),
    db.prisma.account.count(),
    db.prisma.apiToken.count(),
    // Spots, vendors, applications, assignments, rounds, check-ins and sign-in codes: every row's state.
    db.prisma.$queryRaw<{ h: string }[]>`SELECT md5(concat_ws('|',
      (SELECT string_agg(id::text || number || status || version || ST_AsText(geom) || width_m || depth_m || COALESCE(business_type, ''), ',' ORDER BY id) FROM spot),
      (SELECT string_agg(account_id::text || name || phone_hmac || COALESCE(id_number_hmac, '') || array_to_string(business_types, ';'), ',' ORDER BY account_id) FROM vendor_profile),
      (SELECT string_agg(account_id::text || category || evidence_ref, ',' ORDER BY account_id, category) FROM vendor_priority),
      (SELECT string_agg(id::text || status || version || COALESCE(spot_id::text, '') || COALESCE(reason, ''), ',' ORDER BY id) FROM application),
      (SELECT string_agg(id::text || status || version || ends_on, ',' ORDER BY id) FROM assignment),
      (SELECT string_agg(id::text || status || COALESCE(result::text, ''), ',' ORDER BY id) FROM allocation_round),
      (SELECT string_agg(id::text || COALESCE(checked_out_at::text, ''), ',' ORDER BY id) FROM check_in),
      (SELECT string_agg(phone_hmac || COALESCE(code_hash, '') || failures, ',' ORDER BY phone_hmac) FROM login_code),
      -- the published map: versions and what each holds
      (SELECT string_agg(city_id::text || version || zone_count || spot_count || feature_count, ',' ORDER BY city_id, version) FROM publication))) AS h`,
  ]);
  return { zones: zones[0], audit, accounts, tokens, stalls: stalls[0].h };
}

/** A rule version written directly (the API refuses dates in the past; fixed-date tests need them). */
export async function putRule(
  db: Database, city: TestCity, zoneId: string, effectiveFrom: string,
  schedule: { windows: { day: number; start: string; end: string }[]; holidayPolicy?: string; holidayWindows?: { start: string; end: string }[]; season?: { from: string; to: string } | null; adjustedWorkdayAs?: number },
  types: string[] | null = null,
) {
  const rule = await db.prisma.zoneRule.create({
    data: {
      cityId: city.cityId, zoneId, effectiveFrom: new Date(`${effectiveFrom}T00:00:00Z`),
      schedule: { season: null, holidayPolicy: 'CLOSED', holidayWindows: [], adjustedWorkdayAs: 1, ...schedule },
      allowAllBusinessTypes: types === null, allowedBusinessTypes: types ?? [],
    },
  });
  // As the service does in the same transaction: the zone's precomputed open intervals follow its rules.
  await refreshZoneOpenings(db.prisma, city.cityId, zoneId);
  return rule;
}

export const week = (start: string, end: string, days = [1, 2, 3, 4, 5, 6, 7]) => days.map((day) => ({ day, start, end }));
