// What shop owners, sign makers and admins send, checked before any SQL: sign dimensions within what a
// street sign can physically be (a negative width or a 500 m sign is a typing slip, refused by name),
// guide rules that make sense, and free text without personal numbers where the public will read it.
import { badInput } from '../../graphql/errors';
import { holdsPersonalNumber } from '../vendors/pii-format';
import { LIGHTINGS, SIGN_TYPES, type Facade, type Lighting, type SignRule, type SignSpec, type SignType } from './compliance';

export const MAX_SIGNS = 10;

/** Plausible bounds in metres: above them the input is a mistake, not a sign the guide should judge. */
const BOUNDS = {
  widthM: [0, 100], heightM: [0, 30], projectionM: [0, 10], clearanceM: [0, 100],
  facadeWidthM: [0, 200], facadeHeightM: [0, 100],
} as const;

function metres(value: number | null | undefined, field: string, bound: readonly [number, number], opts: { zeroOk?: boolean } = {}): number {
  const v = value ?? NaN;
  const ok = Number.isFinite(v) && (opts.zeroOk ? v >= bound[0] : v > bound[0]) && v <= bound[1];
  if (!ok) {
    const lower = opts.zeroOk ? `≥ ${bound[0]}` : `> ${bound[0]}`;
    throw badInput(`${field} 须 ${lower} 且 ≤ ${bound[1]} 米 / ${field} must be ${lower} and at most ${bound[1]} m`, { field, reason: 'INVALID_DIMENSION' });
  }
  return Math.round(v * 1000) / 1000;
}

function oneOf<T extends string>(value: string, all: readonly T[], field: string): T {
  if (!(all as readonly string[]).includes(value)) throw badInput(`${field} 无效 / ${field} is not one of ${all.join(', ')}`, { field });
  return value as T;
}

export interface SignSpecInput {
  type: string;
  widthM: number;
  heightM: number;
  projectionM?: number | null;
  clearanceM?: number | null;
  lighting?: string | null;
}

export function parseFacade(f: { widthM: number; heightM: number }): Facade {
  return { widthM: metres(f.widthM, 'facade.widthM', BOUNDS.facadeWidthM), heightM: metres(f.heightM, 'facade.heightM', BOUNDS.facadeHeightM) };
}

export function parseSigns(signs: readonly SignSpecInput[]): SignSpec[] {
  if (signs.length < 1 || signs.length > MAX_SIGNS) {
    throw badInput(`须申请 1–${MAX_SIGNS} 块招牌 / give 1–${MAX_SIGNS} signs`, { field: 'signs' });
  }
  return signs.map((s, i) => ({
    type: oneOf<SignType>(s.type, SIGN_TYPES, `signs.${i}.type`),
    widthM: metres(s.widthM, `signs.${i}.widthM`, BOUNDS.widthM),
    heightM: metres(s.heightM, `signs.${i}.heightM`, BOUNDS.heightM),
    projectionM: s.projectionM == null ? null : metres(s.projectionM, `signs.${i}.projectionM`, BOUNDS.projectionM, { zeroOk: true }),
    clearanceM: s.clearanceM == null ? null : metres(s.clearanceM, `signs.${i}.clearanceM`, BOUNDS.clearanceM, { zeroOk: true }),
    lighting: oneOf<Lighting>(s.lighting ?? 'NONE', LIGHTINGS, `signs.${i}.lighting`),
  }));
}

export interface SignRuleInput {
  signType: string;
  allowed: boolean;
  maxWidthShare?: number | null;
  maxHeightM?: number | null;
  maxAreaM2?: number | null;
  minClearanceM?: number | null;
  maxProjectionM?: number | null;
  lighting?: readonly string[] | null;
  guidance?: string | null;
}

const optional = (v: number | null | undefined, field: string, bound: readonly [number, number], zeroOk = false) =>
  v == null ? null : metres(v, field, bound, { zeroOk });

export function parseRules(rules: readonly SignRuleInput[]): SignRule[] {
  const seen = new Set<string>();
  return rules.map((r, i) => {
    const signType = oneOf<SignType>(r.signType, SIGN_TYPES, `rules.${i}.signType`);
    if (seen.has(signType)) throw badInput(`招牌类型 ${signType} 重复 / sign type ${signType} given twice`, { field: `rules.${i}.signType` });
    seen.add(signType);
    const share = r.maxWidthShare;
    if (share != null && !(Number.isFinite(share) && share > 0 && share <= 1)) {
      throw badInput(`rules.${i}.maxWidthShare 须在 (0, 1] 之间 / rules.${i}.maxWidthShare must be in (0, 1]`, { field: `rules.${i}.maxWidthShare` });
    }
    return {
      signType, allowed: r.allowed, maxWidthShare: share ?? null,
      maxHeightM: optional(r.maxHeightM, `rules.${i}.maxHeightM`, BOUNDS.heightM),
      maxAreaM2: optional(r.maxAreaM2, `rules.${i}.maxAreaM2`, [0, 1000]),
      minClearanceM: optional(r.minClearanceM, `rules.${i}.minClearanceM`, BOUNDS.clearanceM, true),
      maxProjectionM: optional(r.maxProjectionM, `rules.${i}.maxProjectionM`, BOUNDS.projectionM, true),
      lighting: [...new Set((r.lighting ?? ['NONE']).map((l, j) => oneOf<Lighting>(l, LIGHTINGS, `rules.${i}.lighting.${j}`)))],
      guidance: cleanText(r.guidance, `rules.${i}.guidance`, 500),
    };
  });
}

/** Trimmed text, null when empty; too long or holding a phone or identity number is refused. */
export function cleanText(text: string | null | undefined, field: string, max: number, required = false): string | null {
  const t = text?.trim() ?? '';
  if (!t) {
    if (required) throw badInput(`${field} 不能为空 / ${field} is required`, { field });
    return null;
  }
  if (t.length > max) throw badInput(`${field} 最多 ${max} 字 / ${field}: at most ${max} characters`, { field });
  return t;
}

/** Text the public register shows (shop name, address): no phone or identity number may hide in it. */
export function publicText(text: string | null | undefined, field: string, max: number): string {
  const t = cleanText(text, field, max, true)!;
  if (holdsPersonalNumber(t)) {
    throw badInput(`${field} 不能包含手机号或身份证号（会公开显示）/ ${field} must not hold a phone or identity number (it is shown publicly)`, {
      field, reason: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
    });
  }
  return t;
}
