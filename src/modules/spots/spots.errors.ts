// The database's refusals of a spot, in words a person can act on. The spot_check trigger raises
// SQLSTATE 23514 naming the spot numbers in its message (the constraint name it sets does not survive
// either driver adapter, so the message tells which rule it was); the partial unique index on
// (city_id, zone_id, number) raises 23505. Anything else is not ours to explain and goes on masked.
import { ApiError, badInput, conflict, databaseErrorText, sqlState } from '../../graphql/errors';

/** Prisma wraps the driver's error: the SQLSTATE is on meta.driverAdapterError.cause, on both backends. */
const IN_VENDING_ZONE = /spot (\d+) must lie in an active vending zone|spot_in_vending_zone/;
const INSIDE_ZONE = /spot (\d+) lies outside its zone|spot_inside_zone/;
const SPACING = /spot (\d+) overlaps or is closer than ([\d.]+) m to spot (\d+)|spot_spacing/;
const GEOMETRY_CHECK = /spot_geom_check/;

/** The spot number of a refusal, or the one the caller was writing when the message names none. */
const numberIn = (m: RegExpExecArray, fallback: number | undefined): number | undefined => (m[1] ? Number(m[1]) : fallback);

/** A spot by number in both languages (the Chinese with the space a numeral takes before a character). */
const name = (n: number | undefined) => (n === undefined ? { zh: '摊位', en: 'the spot' } : { zh: `摊位 ${n} `, en: `spot ${n}` });

function spacingError(m: RegExpExecArray, fallback: number | undefined): ApiError {
  const n = name(numberIn(m, fallback));
  if (!m[3]) return badInput(`${n.zh}与其他摊位重叠或间距过小 / ${n.en} overlaps another spot or is too close to it`, { reason: 'SPOT_TOO_CLOSE', number: numberIn(m, fallback) });
  const [other, spacing] = [Number(m[3]), Number(m[2])];
  const rule = spacing > 0 ? { zh: `或间距小于 ${spacing} 米`, en: ` or is closer than ${spacing} m to it` } : { zh: '', en: '' };
  return badInput(`${n.zh}与摊位 ${other} 重叠${rule.zh} / ${n.en} overlaps spot ${other}${rule.en}`, {
    reason: 'SPOT_TOO_CLOSE', number: numberIn(m, fallback), otherNumber: other, minSpacingM: spacing,
  });
}

/**
 * Turns a database refusal of a spot write into a typed error; returns anything else unchanged.
 * `number` names the spot when the database's message does not (one spot written at a time).
 */
export function spotWriteError(e: unknown, number?: number): unknown {
  if (e instanceof ApiError) return e;
  const state = sqlState(e);
  const text = databaseErrorText(e);
  if (state === '23505') {
    return number === undefined
      ? conflict('编号在该区域已被使用 / the number is already used in this zone', { reason: 'NUMBER_TAKEN' })
      : numbersTaken([number]);
  }
  if (state !== '23514') return e;
  let m: RegExpExecArray | null;
  if ((m = IN_VENDING_ZONE.exec(text))) {
    const n = name(numberIn(m, number));
    return badInput(`${n.zh}须设在有效的摊点区域内（不能是禁设区域或已撤销的区域）/ ${n.en} must lie in an active vending zone (not a no-vending area, not a retired zone)`, {
      reason: 'NOT_A_VENDING_ZONE', number: numberIn(m, number),
    });
  }
  if ((m = INSIDE_ZONE.exec(text))) {
    const n = name(numberIn(m, number));
    return badInput(`${n.zh}超出所在区域 / ${n.en} lies outside its zone`, { field: 'geometry', reason: 'SPOT_OUTSIDE_ZONE', number: numberIn(m, number) });
  }
  if ((m = SPACING.exec(text))) return spacingError(m, number);
  if (GEOMETRY_CHECK.test(text)) {
    return badInput('摊位几何须为有效的点或多边形 / a spot is a valid Point or Polygon', { field: 'geometry', reason: 'INVALID_GEOMETRY' });
  }
  return e;
}

/** A batch refused by the number a caller chose: every clash named. */
export function numbersTaken(numbers: number[]): ApiError {
  const list = numbers.slice(0, 20).join(', ');
  return conflict(`编号 ${list} 在该区域已被使用 / number ${list} already used in this zone`, { reason: 'NUMBER_TAKEN', numbers });
}
