// The lottery of an allocation round, as a pure function so anyone can rerun it from the published
// seed: nothing here reads a clock, a database or a random source.
//
// Order: priorityTier ascending (tier 0 first), then drawKey = hex sha256 of the UTF-8 text
// seed ‖ applicationId (the id in lowercase canonical uuid form) ascending. Lowercase hex strings
// compare as the digests' bytes do, so a plain string comparison is the byte order every verifier
// gets. Spots, in ascending spot number, go to the entries in that order; the rest wait, in order.
import { createHash } from 'node:crypto';

export const ALGORITHM_VERSION = 'bianmin-draw-v1';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Published when the round opens: binds the bureau to the seed before anyone has applied. */
export function seedCommitment(seed: string): string {
  return sha256Hex(seed);
}

export function drawKey(seed: string, applicationId: string): string {
  return sha256Hex(seed + applicationId.toLowerCase());
}

export interface DrawApplicant {
  applicationId: string;
  priorityTier: number;
  /** Already masked: the result is public. */
  maskedName: string;
}

export interface DrawSpot {
  spotId: string;
  number: number;
}

/** One line of the published result (the GraphQL DrawEntry, stored in allocation_round.result). */
export interface DrawResultEntry {
  position: number;
  applicationId: string;
  maskedName: string;
  priorityTier: number;
  drawKey: string;
  spotNumber: number | null;
}

export interface DrawOutcome {
  entries: DrawResultEntry[];
  /** applicationId → spotId, for the winners */
  winners: Map<string, string>;
}

export function runDraw(seed: string, applicants: readonly DrawApplicant[], spots: readonly DrawSpot[]): DrawOutcome {
  const keyed = applicants.map((a) => ({ ...a, applicationId: a.applicationId.toLowerCase(), drawKey: drawKey(seed, a.applicationId) }));
  keyed.sort((a, b) => a.priorityTier - b.priorityTier || cmp(a.drawKey, b.drawKey) || cmp(a.applicationId, b.applicationId));
  const ordered = [...spots].sort((a, b) => a.number - b.number);
  const winners = new Map<string, string>();
  const entries = keyed.map((a, i): DrawResultEntry => {
    const spot = ordered[i];
    if (spot) winners.set(a.applicationId, spot.spotId);
    return {
      position: i + 1, applicationId: a.applicationId, maskedName: a.maskedName,
      priorityTier: a.priorityTier, drawKey: a.drawKey, spotNumber: spot ? spot.number : null,
    };
  });
  return { entries, winners };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
