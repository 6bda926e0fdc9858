// "Which zones are open at T (for this business type)?" from the precomputed table when T lies in the
// city's covered window — an index look-up — and by evaluating the rules otherwise (questions about
// last month or next season, which are rare and may cost more).
import type { Database } from '../../db/database';
import { badInput } from '../../graphql/errors';
import { loadRuleContext, zoneStateAt } from '../rules/evaluate';
import { parseInstant } from '../../schedule/schedule.time';

export interface OpenFilter {
  /** Read open_interval in SQL (see OPEN_AT_CONDITION). */
  openAt?: { at: Date; businessType: string | null };
  /** Or: exactly these zones, found by the rules. */
  ids?: string[];
}

interface CityFacts { timeZone: string; validFrom: Date | null; validTo: Date | null; typeActive: boolean | null }

/** The city's time zone, its covered window and whether the business type is active: one round trip. */
async function cityFacts(db: Database, cityId: string, businessType: string | null): Promise<CityFacts> {
  const [row] = await db.sql.query<CityFacts>(
    `SELECT c.time_zone AS "timeZone", w.valid_from AS "validFrom", w.valid_to AS "validTo",
            (SELECT b.active FROM business_type b WHERE b.city_id = c.id AND b.code = $2) AS "typeActive"
     FROM city c LEFT JOIN open_window w ON w.city_id = c.id WHERE c.id = $1::uuid`, [cityId, businessType]);
  return row;
}

export function instantIn(value: Date | string | null | undefined, timeZone: string): Date {
  if (value == null) return new Date();
  if (value instanceof Date) return value;
  const ms = parseInstant(value, timeZone);
  if (ms === null) throw badInput(`无效的时间 / invalid instant: ${value.slice(0, 40)}`, { field: 'openAt' });
  return new Date(ms);
}

export async function openFilter(db: Database, cityId: string, openAt: Date | string | null | undefined, businessType: string | null | undefined): Promise<OpenFilter> {
  const type = businessType ?? null;
  const facts = await cityFacts(db, cityId, type);
  if (type !== null && facts.typeActive !== true) {
    throw badInput(`未知或已停用的业态 / unknown or retired business type: ${type}`, { field: 'businessType' });
  }
  const at = instantIn(openAt, facts.timeZone);
  if (facts.validFrom && facts.validTo && at >= new Date(facts.validFrom) && at < new Date(facts.validTo)) {
    return { openAt: { at, businessType: type } };
  }
  const ctx = await loadRuleContext(db.prisma, cityId);
  return { ids: [...ctx.versions.keys()].filter((id) => { const s = zoneStateAt(ctx, id, at, type); return s.open && s.typeAllowed; }) };
}
