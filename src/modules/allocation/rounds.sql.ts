// Allocation rounds read as the Prisma model (the AllocationRound mapper). Read by SQL, not by the
// model API: the embedded driver adapter cannot decode a uuid[] column (spot_ids) that Prisma's own
// queries return, so the ids leave as text[] and the dates as text, rebuilt here.
import { Prisma, type AllocationRound, type RoundStatus } from '@prisma/client';
import type { Db } from '../../db/database';

interface RoundRow extends Omit<AllocationRound, 'startsOn' | 'endsOn'> {
  startsOn: string;
  endsOn: string;
}

const roundColumns = Prisma.sql`r.city_id AS "cityId", r.id, r.zone_id AS "zoneId", r.spot_ids::text[] AS "spotIds",
  r.starts_on::text AS "startsOn", r.ends_on::text AS "endsOn", r.deadline, r.status::text AS status,
  r.seed_commitment AS "seedCommitment", r.seed, r.algorithm_version AS "algorithmVersion", r.opened_by AS "openedBy",
  r.drawn_at AS "drawnAt", r.result, r.created_at AS "createdAt"`;

function toModel(r: RoundRow): AllocationRound {
  return { ...r, status: r.status as RoundStatus, startsOn: new Date(`${r.startsOn}T00:00:00Z`), endsOn: new Date(`${r.endsOn}T00:00:00Z`) };
}

/** With `lock`, the rows stay locked until the transaction ends (two draws of a round cannot both run). */
export async function roundsByIds(db: Db, cityId: string, ids: readonly string[], lock = false): Promise<AllocationRound[]> {
  const rows = await db.$queryRaw<RoundRow[]>`SELECT ${roundColumns} FROM allocation_round r
    WHERE r.city_id = ${cityId}::uuid AND r.id = ANY(${[...ids]}::uuid[]) ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return rows.map(toModel);
}

export async function roundById(db: Db, cityId: string, id: string, lock = false): Promise<AllocationRound | null> {
  return (await roundsByIds(db, cityId, [id], lock))[0] ?? null;
}

/** A zone's rounds, newest first. */
export async function roundsOfZone(db: Db, cityId: string, zoneId: string, limit: number): Promise<AllocationRound[]> {
  const rows = await db.$queryRaw<RoundRow[]>`SELECT ${roundColumns} FROM allocation_round r
    WHERE r.city_id = ${cityId}::uuid AND r.zone_id = ${zoneId}::uuid ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`;
  return rows.map(toModel);
}

export interface NewRound {
  cityId: string;
  zoneId: string;
  spotIds: string[];
  startsOn: string;
  endsOn: string;
  deadline: Date;
  seed: string;
  seedCommitment: string;
  algorithmVersion: string;
  openedBy: string;
}

export async function insertRound(tx: Db, r: NewRound): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`INSERT INTO allocation_round
      (city_id, zone_id, spot_ids, starts_on, ends_on, deadline, seed, seed_commitment, algorithm_version, opened_by)
    VALUES (${r.cityId}::uuid, ${r.zoneId}::uuid, ${r.spotIds}::uuid[], ${r.startsOn}::date, ${r.endsOn}::date, ${r.deadline},
      ${r.seed}, ${r.seedCommitment}, ${r.algorithmVersion}, ${r.openedBy}::uuid)
    RETURNING id`;
  return rows[0].id;
}
