// The steps every spot write shares, single or in bulk: the zone it goes in (and the writer's right
// to it), the numbers it takes, and the no-vending check after the database has placed its ground.
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, notFound } from '../../graphql/errors';
import type { Actor } from '../audit/audit.service';
import { zoneById, type ZoneRow } from '../zones/zones.sql';
import { numbersTaken } from './spots.errors';
import type { SpotRow } from './spots.models';
import { spotsPolicy } from './spots.policy';
import * as sql from './spots.sql';

export type Writer = Actor & { viewer: Viewer };

export const MAX_NUMBER = 99999;

/** The zone a spot goes in, after the writer's right to it; a no-vending or retired zone takes none. */
export async function writableZone(tx: Db, w: Writer, zoneId: string): Promise<ZoneRow> {
  const zone = await zoneById(tx, w.viewer.cityId, zoneId);
  if (!zone) throw notFound('区域', 'zone', zoneId);
  await spotsPolicy.assertZone(tx, w.viewer, zone);
  if (zone.kind === 'NO_VENDING' || zone.status !== 'ACTIVE') {
    throw badInput(`「${zone.name}」不是有效的摊点区域，不能设摊位 / ${zone.name} is not an active vending zone: it takes no spots`, {
      field: 'zoneId', reason: 'NOT_A_VENDING_ZONE',
    });
  }
  return zone;
}

/**
 * `count` numbers for a batch: from `first` when the caller chose, else after the zone's highest.
 * Call after lockZoneSpots, so no other writer takes them before this transaction ends.
 */
export async function batchNumbers(tx: Db, zone: ZoneRow, count: number, first: number | null | undefined): Promise<number[]> {
  const start = first ?? (await sql.highestNumber(tx, zone.cityId, zone.id)) + 1;
  if (start + count - 1 > MAX_NUMBER) {
    throw badInput(`编号将超过 ${MAX_NUMBER} / numbers would pass ${MAX_NUMBER}`, { field: 'firstNumber', reason: 'NUMBER_OUT_OF_RANGE' });
  }
  const numbers = Array.from({ length: count }, (_v, i) => start + i);
  if (first != null) {
    const taken = await sql.takenNumbers(tx, zone.cityId, zone.id, numbers);
    if (taken.length) throw numbersTaken(taken);
  }
  return numbers;
}

/** A no-vending area overrides every zone: a stall whose ground enters one is refused, named. */
export async function assertNoVendingClear(tx: Db, cityId: string, rows: SpotRow[]): Promise<void> {
  if (rows.length === 0) return;
  const hits = await sql.noVendingHits(tx, cityId, rows.map((r) => r.id));
  if (hits.length === 0) return;
  const [first] = hits;
  throw badInput(`摊位 ${first.number} 位于禁设区域「${first.name}」/ spot ${first.number} lies in the no-vending area ${first.name}`, {
    reason: 'IN_NO_VENDING_AREA', number: first.number, areas: hits,
  });
}

/** Business types are codes; an empty string means none (the input's way of clearing it). */
export function cleanType(code: string | null | undefined): string | null | undefined {
  if (code === undefined || code === null) return code;
  const c = code.trim();
  return c === '' ? null : c;
}
