// openSpotsNear: anyone, signed in or not, asks for available spots near a point where a business
// type may vend at an instant. The zone rules decide as in vendingCheck: whether a zone is open then
// for the type comes from the precomputed open intervals (openFilter), or from the rules themselves
// outside that window; buffers that apply only at times are judged by the same schedule module.
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { parsePoint, type Crs } from '../../geo/input';
import { openFilter } from '../openings/openings.read';
import { loadRuleContext, type RuleContext } from '../rules/evaluate';
import { storedBufferSchedule } from '../rules/vending-check.service';
import { instantOr } from '../rules/rules.service';
import { openStateAt } from '../../schedule/schedule';
import type { OpenSpotModel } from './spots.models';
import { cityAtPoint, nearSpots, type NearSpotRow } from './spots.near.sql';

export interface OpenSpotsArgs {
  point: unknown;
  businessType: string;
  at?: Date | string | null;
  radiusM?: number | null;
  crs?: Crs | null;
  first?: number | null;
}

/** Whether one of the spot's timed buffers applies at `at` (a school gate's buffer in school hours). */
function underTimedBuffer(ctx: RuleContext, schedules: unknown[], at: Date): boolean {
  return schedules.some((s) => openStateAt(storedBufferSchedule(ctx, s)!, ctx.calendar, at).open);
}

function bounded(value: number | null | undefined, fallback: number, min: number, max: number, field: string): number {
  const n = value ?? fallback;
  if (!(Number.isFinite(n) && n >= min && n <= max)) throw badInput(`${field} 须在 ${min}–${max} 之间 / ${field} must be between ${min} and ${max}`, { field });
  return n;
}

function toModel(r: NearSpotRow, at: Date): OpenSpotModel {
  const { distanceM, timedBuffers: _b, ...spot } = r;
  return { spot, zoneId: spot.zoneId, cityId: spot.cityId, at, distanceM };
}

export async function openSpotsNear(db: Database, viewer: Viewer | null, a: OpenSpotsArgs): Promise<OpenSpotModel[]> {
  const [lon, lat] = parsePoint(a.point, a.crs ?? 'WGS84', 'point').coordinates;
  const radiusM = bounded(a.radiusM, 1000, 1, 20_000, 'radiusM');
  const first = bounded(a.first, 20, 1, 100, 'first');
  if (!Number.isInteger(first)) throw badInput('first 须为整数 / first must be an integer', { field: 'first' });
  // DateTime arguments arrive as instants (RFC 3339 with an offset): no time zone is needed to read them.
  const at = instantOr(a.at, 'Asia/Shanghai');
  const cityId = viewer?.cityId ?? (await cityAtPoint(db.sql, lon, lat));
  if (!cityId) return [];
  // Refuses an unknown or retired business type; chooses the open-interval table or the rules.
  const open = await openFilter(db, cityId, at, a.businessType);
  const rows = await nearSpots(db.sql, {
    cityId, lon, lat, at, businessType: a.businessType, radiusM, first, openZoneIds: open.openAt ? null : (open.ids ?? []),
  });
  const timed = rows.some((r) => r.timedBuffers?.length);
  const ctx = timed ? await loadRuleContext(db.prisma, cityId, []) : null;
  const clear = ctx ? rows.filter((r) => !r.timedBuffers?.length || !underTimedBuffer(ctx, r.timedBuffers, at)) : rows;
  return clear.slice(0, first).map((r) => toModel(r, at));
}
