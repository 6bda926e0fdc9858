// Allocation rounds for oversubscribed zones. Opening commits to a secret seed (its sha256 is public
// at once); the draw, only after the deadline, reveals the seed and runs the pure draw (draw.ts), so
// anyone can recompute the published order. Winners get assignments for the round's period; the
// others wait, in draw order.
import { randomBytes } from 'node:crypto';
import type { AllocationRound, PrismaClient } from '@prisma/client';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId, parseIds } from '../../graphql/ids';
import { recordAudit } from '../audit/audit.service';
import { loadRuleContext } from '../rules/evaluate';
import { localInstant, wallClock } from '../../schedule/schedule.time';
import { inTransaction, todayIn, type Writer } from './allocation.common';
import { allocationPolicy } from './allocation.policy';
import { spotsByIds, zonesByIds } from './allocation.sql';
import { bookedSpotIds } from './assignments.sql';
import { ALGORITHM_VERSION, seedCommitment } from './draw';
import { checkPeriod } from './period';
import { insertRound, roundById, roundsOfZone } from './rounds.sql';
import { assertInSeason, ruleOn, vendingZone } from './zone-rules';
import { drawRound } from './draw.service';

export interface OpenRoundInput {
  zoneId: string;
  spotIds: readonly string[];
  startsOn: string;
  endsOn: string;
  deadline: Date | string;
}

/** The audit trail is readable by admins: the seed stays out of it until the draw reveals it. */
export const withoutSeed = (r: AllocationRound) => ({ ...r, seed: undefined });

export async function openAllocationRound(prisma: PrismaClient, w: Writer, input: OpenRoundInput): Promise<AllocationRound> {
  const zoneId = parseId(input.zoneId, 'zoneId');
  const spotIds = parseIds(input.spotIds, 'spotIds');
  if (spotIds.length === 0) throw badInput('请至少提供一个摊位 / offer at least one spot', { field: 'spotIds', reason: 'NO_SPOTS' });
  if (new Set(spotIds).size !== spotIds.length) throw badInput('摊位重复 / a spot is listed twice', { field: 'spotIds', reason: 'DUPLICATE_SPOT' });
  const deadline = new Date(input.deadline);
  if (Number.isNaN(deadline.getTime()) || deadline <= w.now) {
    throw badInput('截止时间须在未来 / the deadline must be in the future', { field: 'deadline', reason: 'DEADLINE_IN_PAST' });
  }
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const zone = await vendingZone(tx, cityId, zoneId);
    await allocationPolicy.assertRunsRounds(tx, w.viewer, zone);
    const rc = await loadRuleContext(tx, cityId, [zoneId]);
    const period = checkPeriod(input.startsOn, input.endsOn, todayIn(rc.timeZone, w.now));
    const start = localInstant(period.startsOn, 0, rc.timeZone);
    if (deadline.getTime() > start) {
      throw badInput(`截止时间须早于期限开始（${wallClock(start, rc.timeZone)}）/ the deadline must come before the period starts (${wallClock(start, rc.timeZone)})`, {
        field: 'deadline', reason: 'DEADLINE_AFTER_START',
      });
    }
    assertInSeason(ruleOn(rc, zone, period.startsOn), zone, period);
    const spots = await spotsByIds(tx, cityId, spotIds);
    const foreign = spotIds.filter((id) => !spots.some((s) => s.id === id && s.zoneId === zoneId));
    if (foreign.length) throw badInput('有摊位不属于此区域 / some spots are not in this zone', { field: 'spotIds', reason: 'SPOT_NOT_IN_ZONE', spotIds: foreign });
    const unavailable = spots.filter((s) => s.status !== 'AVAILABLE').map((s) => s.number);
    if (unavailable.length) {
      throw badInput(`摊位 ${unavailable.join('、')} 不可分配 / spots ${unavailable.join(', ')} are not available`, { field: 'spotIds', reason: 'SPOT_NOT_AVAILABLE', spotNumbers: unavailable });
    }
    const booked = await bookedSpotIds(tx, cityId, spotIds, period.startsOn, period.endsOn);
    if (booked.size) {
      const numbers = spots.filter((s) => booked.has(s.id)).map((s) => s.number);
      throw conflict(`摊位 ${numbers.join('、')} 在该期间已有分配 / spots ${numbers.join(', ')} are assigned for some of these days`, { reason: 'SPOT_TAKEN', spotNumbers: numbers });
    }
    // 32 random bytes, as the 64 lowercase hex characters whose UTF-8 text is hashed and later revealed.
    const seed = randomBytes(32).toString('hex');
    const newId = await insertRound(tx, {
      cityId, zoneId, spotIds, startsOn: period.startsOn, endsOn: period.endsOn, deadline,
      seed, seedCommitment: seedCommitment(seed), algorithmVersion: ALGORITHM_VERSION, openedBy: w.viewer.accountId,
    });
    const round = (await roundById(tx, cityId, newId))!;
    await recordAudit(tx, w, { cityId, operation: 'openAllocationRound', entityType: 'AllocationRound', entityId: round.id, after: withoutSeed(round) });
    return round;
  });
}

export async function drawAllocationRound(prisma: PrismaClient, w: Writer, rawId: string): Promise<AllocationRound> {
  const id = parseId(rawId);
  return inTransaction(prisma, (tx) => drawRound(tx, w, id));
}

/** Anyone: a round of a city named by its code. */
export async function publicRound(prisma: PrismaClient, cityId: string | null, rawId: string): Promise<AllocationRound | null> {
  const id = parseId(rawId);
  if (!cityId) return null;
  return roundById(prisma, cityId, id);
}

export async function publicRounds(prisma: PrismaClient, cityId: string | null, rawZoneId: string): Promise<AllocationRound[]> {
  const zoneId = parseId(rawZoneId, 'zoneId');
  if (!cityId) return [];
  const [zone] = await zonesByIds(prisma, cityId, [zoneId]);
  if (!zone) throw notFound('区域', 'zone', zoneId);
  return roundsOfZone(prisma, cityId, zoneId, 100);
}
