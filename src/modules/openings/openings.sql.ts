// The open-intervals table: writes inside the caller's transaction (Prisma), reads on the fast path
// (one statement through the driver). A piece lasts at most a day (a CHECK says so), so "open at T"
// scans only the pieces that start in the 24 hours before T on the (city_id, starts_at) index.
import type { Db, SqlReader } from '../../db/database';
import type { OpenPiece } from './openings.compute';

export async function zoneState(db: Db, cityId: string, zoneId: string): Promise<{ status: string; kind: string } | null> {
  const rows = await db.$queryRaw<{ status: string; kind: string }[]>`SELECT status::text, kind::text FROM zone
    WHERE city_id = ${cityId}::uuid AND id = ${zoneId}::uuid`;
  return rows[0] ?? null;
}

/** Active vending zones with rules but no signature yet (written before the table, or in bulk). */
export function zonesWithoutSignature(db: Db, cityId: string, limit: number) {
  return db.$queryRaw<{ id: string }[]>`SELECT z.id FROM zone z WHERE z.city_id = ${cityId}::uuid
    AND z.status = 'ACTIVE' AND z.kind <> 'NO_VENDING' AND z.open_signature IS NULL
    AND EXISTS (SELECT 1 FROM zone_rule r WHERE r.city_id = z.city_id AND r.zone_id = z.id) LIMIT ${limit}`;
}

/** One roll of a city's window at a time, across instances (released at the transaction's end). */
export async function tryRollLock(db: Db, cityId: string): Promise<boolean> {
  const [{ got }] = await db.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('bianmin:open-window:' || ${cityId})) AS got`;
  return got;
}

export interface OpenWindowRow { validFrom: Date; validTo: Date }

export async function openWindow(db: Db, cityId: string): Promise<OpenWindowRow | null> {
  const rows = await db.$queryRaw<OpenWindowRow[]>`SELECT valid_from AS "validFrom", valid_to AS "validTo"
    FROM open_window WHERE city_id = ${cityId}::uuid`;
  return rows[0] ?? null;
}

export async function setOpenWindow(db: Db, cityId: string, from: Date, to: Date): Promise<void> {
  await db.$executeRaw`INSERT INTO open_window (city_id, valid_from, valid_to, computed_at)
    VALUES (${cityId}::uuid, ${from}, ${to}, now())
    ON CONFLICT (city_id) DO UPDATE SET valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, computed_at = now()`;
}

/** Whether a zone already uses the signature: its pieces are then computed for the current window. */
export async function signatureInUse(db: Db, cityId: string, signature: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ used: boolean }[]>`SELECT EXISTS (SELECT 1 FROM zone
    WHERE city_id = ${cityId}::uuid AND open_signature = ${signature}) AS used`;
  return rows[0].used;
}

/** Replaces a signature's pieces (several transactions may compute the same new signature at once). */
export async function putPieces(db: Db, cityId: string, signature: string, pieces: OpenPiece[]): Promise<void> {
  await db.$executeRaw`DELETE FROM open_interval WHERE city_id = ${cityId}::uuid AND signature = ${signature}`;
  for (let i = 0; i < pieces.length; i += 1000) {
    const batch = pieces.slice(i, i + 1000);
    await db.$executeRaw`INSERT INTO open_interval (city_id, signature, starts_at, ends_at, allow_all_business_types, allowed_business_types)
      SELECT ${cityId}::uuid, ${signature}, to_timestamp(s / 1000.0), to_timestamp(e / 1000.0), a, string_to_array(t, ',')
      FROM unnest(${batch.map((p) => p.start)}::float8[], ${batch.map((p) => p.end)}::float8[],
                  ${batch.map((p) => p.allowAll)}::boolean[], ${batch.map((p) => p.allowed.join(','))}::text[]) AS u(s, e, a, t)
      ON CONFLICT DO NOTHING`;
  }
}

export async function setZoneSignature(db: Db, cityId: string, zoneId: string, signature: string | null): Promise<void> {
  await db.$executeRaw`UPDATE zone SET open_signature = ${signature} WHERE city_id = ${cityId}::uuid AND id = ${zoneId}::uuid`;
}

export async function setZoneSignatures(db: Db, cityId: string, pairs: [string, string][]): Promise<void> {
  if (pairs.length === 0) return;
  await db.$executeRaw`UPDATE zone z SET open_signature = u.sig
    FROM unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::text[]) AS u(id, sig)
    WHERE z.city_id = ${cityId}::uuid AND z.id = u.id`;
}

/** One zone per signature in use, to recompute every signature of a city from its own rules. */
export function signatureRepresentatives(db: Db, cityId: string) {
  return db.$queryRaw<{ signature: string; zoneId: string }[]>`SELECT DISTINCT ON (open_signature) open_signature AS signature, id AS "zoneId"
    FROM zone WHERE city_id = ${cityId}::uuid AND open_signature IS NOT NULL ORDER BY open_signature, id`;
}

/** Pieces of signatures neither a zone nor the city's current published map uses any more. */
export async function dropUnusedPieces(db: Db, cityId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM open_interval o WHERE o.city_id = ${cityId}::uuid
    AND NOT EXISTS (SELECT 1 FROM zone z WHERE z.city_id = o.city_id AND z.open_signature = o.signature)
    AND NOT EXISTS (SELECT 1 FROM published_zone p WHERE p.city_id = o.city_id AND p.open_signature = o.signature
      AND p.version = (SELECT max(version) FROM publication WHERE city_id = o.city_id))`;
}

/** The signatures of a published version (the current one when null) with the rules they were computed from. */
export function publishedSignatures(db: Db, cityId: string, version: number | null) {
  return db.$queryRaw<{ signature: string; rules: unknown }[]>`SELECT DISTINCT ON (open_signature) open_signature AS signature, rules
    FROM published_zone WHERE city_id = ${cityId}::uuid AND open_signature IS NOT NULL
      AND version = coalesce(${version}::int, (SELECT max(version) FROM publication WHERE city_id = ${cityId}::uuid))
    ORDER BY open_signature`;
}

/** Which of `signatures` have pieces in the table. */
export async function signaturesWithPieces(db: Db, cityId: string, signatures: string[]): Promise<Set<string>> {
  if (signatures.length === 0) return new Set();
  const rows = await db.$queryRaw<{ signature: string }[]>`SELECT DISTINCT signature FROM open_interval
    WHERE city_id = ${cityId}::uuid AND signature = ANY(${signatures}::text[])`;
  return new Set(rows.map((r) => r.signature));
}

export function citiesToRoll(db: Db, before: Date) {
  return db.$queryRaw<{ cityId: string }[]>`SELECT c.id AS "cityId" FROM city c LEFT JOIN open_window w ON w.city_id = c.id
    WHERE w.city_id IS NULL OR w.valid_to < ${before} -- citus: all cities (the timer walks every city)`;
}

/**
 * The SQL condition "zone z is open at `at` for `type`" over the table, for the fast path; the
 * arguments are SQL expressions (placeholders). `type` null means any type; a parent type allows its
 * children. The sub-select does not depend on z: it runs once, reading only the pieces that start in
 * the 24 hours before `at`, and zones are matched to the few signatures open then.
 */
export function openAtCondition(city: string, at: string, type: string): string {
  return `z.open_signature IN (${openSignatures(city, at, type)})`;
}

/**
 * The signatures open at `at` for `type`, as a sub-select. `join` adds a table to its FROM (the vending
 * check joins its one-row city, so the city is a join column and the (city_id, starts_at) index is used).
 */
export function openSignatures(city: string, at: string, type: string, join = ''): string {
  return `SELECT o.signature FROM open_interval o${join}
  WHERE o.city_id = ${city} AND o.starts_at <= ${at} AND o.starts_at > ${at} - interval '24 hours' AND o.ends_at > ${at}
    AND (${type}::text IS NULL OR o.allow_all_business_types OR o.allowed_business_types && ARRAY[${type}::text,
      (SELECT b.parent_code FROM business_type b WHERE b.city_id = ${city} AND b.code = ${type}::text)])`;
}

/** Which of `zoneIds` are open at `at` for `type` (null: every type). */
export async function openAmong(sql: SqlReader, cityId: string, zoneIds: readonly string[], at: Date, type: string | null): Promise<Set<string>> {
  const rows = await sql.query<{ id: string }>(
    `SELECT z.id FROM zone z WHERE z.city_id = $1 AND z.id = ANY($2::uuid[]) AND z.status = 'ACTIVE'
       AND ${openAtCondition('$1::uuid', '$3::timestamptz', '$4')}`,
    [cityId, zoneIds, at.toISOString(), type]);
  return new Set(rows.map((r) => r.id));
}

