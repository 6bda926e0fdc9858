// The compliance check of shop signs against a street's design guide: rules in, one result per rule and
// sign out, each with the value, the limit and guidance in plain words. Pure (no database, no clock), so
// the public check, submission and the tests all run exactly the same code.
export const SIGN_TYPES = ['FASCIA', 'PROJECTING', 'CANOPY', 'WINDOW_LETTERING', 'ROOFTOP'] as const;
export const LIGHTINGS = ['NONE', 'EXTERNAL', 'BACKLIT', 'NEON', 'LED_SCREEN'] as const;
export type SignType = (typeof SIGN_TYPES)[number];
export type Lighting = (typeof LIGHTINGS)[number];

export const SIGN_TYPE_NAME: Record<SignType, { zh: string; en: string }> = {
  FASCIA: { zh: '平面门头招牌', en: 'flat fascia sign' },
  PROJECTING: { zh: '突出式招牌', en: 'projecting sign' },
  CANOPY: { zh: '雨棚招牌', en: 'canopy sign' },
  WINDOW_LETTERING: { zh: '橱窗字', en: 'window lettering' },
  ROOFTOP: { zh: '屋顶招牌', en: 'rooftop sign' },
};
export const LIGHTING_NAME: Record<Lighting, { zh: string; en: string }> = {
  NONE: { zh: '无照明', en: 'no lighting' },
  EXTERNAL: { zh: '外投光', en: 'external lighting' },
  BACKLIT: { zh: '内透光', en: 'backlit' },
  NEON: { zh: '霓虹灯', en: 'neon' },
  LED_SCREEN: { zh: 'LED 显示屏', en: 'LED screen' },
};

/** A guide's rule for one sign type; a null limit is no limit. */
export interface SignRule {
  signType: SignType;
  allowed: boolean;
  /** Largest share of the facade width the sign may take (0.8 = 80%) */
  maxWidthShare: number | null;
  maxHeightM: number | null;
  maxAreaM2: number | null;
  minClearanceM: number | null;
  maxProjectionM: number | null;
  lighting: Lighting[];
  guidance: string | null;
}

export interface SignSpec {
  type: SignType;
  widthM: number;
  heightM: number;
  /** How far it stands out from the wall; a flat sign: 0 or null */
  projectionM: number | null;
  /** Its lowest edge above the pavement; null when not given */
  clearanceM: number | null;
  lighting: Lighting;
}

export interface Facade { widthM: number; heightM: number }

export type RuleCode = 'TYPE_ALLOWED' | 'WIDTH' | 'HEIGHT' | 'AREA' | 'CLEARANCE' | 'PROJECTION' | 'LIGHTING';

export interface RuleResult {
  signIndex: number;
  signType: SignType;
  rule: RuleCode;
  value: number | null;
  limit: number | null;
  passed: boolean;
  message: string;
  /** The guide's own words for this sign type */
  guidance: string | null;
}

export interface ComplianceResult { compliant: boolean; results: RuleResult[] }

/**
 * Dimensions are typed in centimetres and multiplied in floating point (0.8 × 6.5 = 5.2000000000000002):
 * a value equal to its limit in the units people use must pass, so comparisons allow a micrometre.
 */
const EPS = 1e-6;
const atMost = (value: number, limit: number) => value <= limit + EPS;
const atLeast = (value: number, limit: number) => value >= limit - EPS;

/** 6 → "6.0", 5.2 → "5.2", 1.25 → "1.25": centimetres shown when they matter. */
export function fmt(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Math.abs(r * 10 - Math.round(r * 10)) < 1e-9 ? r.toFixed(1) : r.toFixed(2);
}
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

type Verdict = Omit<RuleResult, 'signIndex' | 'signType' | 'guidance'>;

function typeRule(rule: SignRule | undefined, type: SignType): Verdict {
  const n = SIGN_TYPE_NAME[type];
  const passed = rule?.allowed === true;
  return {
    rule: 'TYPE_ALLOWED', value: null, limit: null, passed,
    message: passed ? `本街允许设置${n.zh} / a ${n.en} is allowed on this street` : `本街不允许设置${n.zh} / this street's guide does not allow a ${n.en}`,
  };
}

function dimensionRules(rule: SignRule, facade: Facade, s: SignSpec): Verdict[] {
  const out: Verdict[] = [];
  if (rule.maxWidthShare != null) {
    const limit = rule.maxWidthShare * facade.widthM;
    const passed = atMost(s.widthM, limit);
    const share = pct(rule.maxWidthShare);
    out.push({ rule: 'WIDTH', value: s.widthM, limit, passed, message: passed
      ? `招牌宽度 ${fmt(s.widthM)} 米，未超过门面宽度 ${fmt(facade.widthM)} 米的 ${share}（${fmt(limit)} 米）/ width ${fmt(s.widthM)} m is within ${share} of the ${fmt(facade.widthM)} m facade (${fmt(limit)} m)`
      : `招牌宽度 ${fmt(s.widthM)} 米超过门面宽度 ${fmt(facade.widthM)} 米的 ${share}：最多 ${fmt(limit)} 米 / width ${fmt(s.widthM)} m exceeds ${share} of the ${fmt(facade.widthM)} m facade: at most ${fmt(limit)} m` });
  }
  if (rule.maxHeightM != null) {
    const passed = atMost(s.heightM, rule.maxHeightM);
    out.push({ rule: 'HEIGHT', value: s.heightM, limit: rule.maxHeightM, passed, message: passed
      ? `招牌高度 ${fmt(s.heightM)} 米，未超过上限 ${fmt(rule.maxHeightM)} 米 / height ${fmt(s.heightM)} m is within the ${fmt(rule.maxHeightM)} m limit`
      : `招牌高度 ${fmt(s.heightM)} 米超过上限：最多 ${fmt(rule.maxHeightM)} 米 / height ${fmt(s.heightM)} m exceeds the limit: at most ${fmt(rule.maxHeightM)} m` });
  }
  if (rule.maxAreaM2 != null) {
    const area = s.widthM * s.heightM;
    const passed = atMost(area, rule.maxAreaM2);
    out.push({ rule: 'AREA', value: area, limit: rule.maxAreaM2, passed, message: passed
      ? `招牌面积 ${fmt(area)} 平方米，未超过上限 ${fmt(rule.maxAreaM2)} 平方米 / area ${fmt(area)} m² is within the ${fmt(rule.maxAreaM2)} m² limit`
      : `招牌面积 ${fmt(area)} 平方米超过上限：最多 ${fmt(rule.maxAreaM2)} 平方米 / area ${fmt(area)} m² exceeds the limit: at most ${fmt(rule.maxAreaM2)} m²` });
  }
  if (rule.minClearanceM != null) {
    const c = s.clearanceM;
    const passed = c != null && atLeast(c, rule.minClearanceM);
    out.push({ rule: 'CLEARANCE', value: c, limit: rule.minClearanceM, passed, message: c == null
      ? `请填写招牌底边离地净高：至少 ${fmt(rule.minClearanceM)} 米 / give the clearance above the pavement: at least ${fmt(rule.minClearanceM)} m`
      : passed
        ? `离地净高 ${fmt(c)} 米，不低于 ${fmt(rule.minClearanceM)} 米 / clearance ${fmt(c)} m is at least ${fmt(rule.minClearanceM)} m`
        : `离地净高 ${fmt(c)} 米过低：至少 ${fmt(rule.minClearanceM)} 米 / clearance ${fmt(c)} m is too low: at least ${fmt(rule.minClearanceM)} m` });
  }
  if (rule.maxProjectionM != null) {
    const p = s.projectionM ?? 0;
    const passed = atMost(p, rule.maxProjectionM);
    out.push({ rule: 'PROJECTION', value: p, limit: rule.maxProjectionM, passed, message: passed
      ? `伸出墙面 ${fmt(p)} 米，未超过 ${fmt(rule.maxProjectionM)} 米 / projection ${fmt(p)} m is within ${fmt(rule.maxProjectionM)} m`
      : `伸出墙面 ${fmt(p)} 米过多：最多 ${fmt(rule.maxProjectionM)} 米 / projection ${fmt(p)} m from the wall is too much: at most ${fmt(rule.maxProjectionM)} m` });
  }
  const ok = rule.lighting.includes(s.lighting);
  const l = LIGHTING_NAME[s.lighting];
  const allowed = rule.lighting.map((x) => LIGHTING_NAME[x]);
  out.push({ rule: 'LIGHTING', value: null, limit: null, passed: ok, message: ok
    ? `照明方式「${l.zh}」符合要求 / lighting: ${l.en} is allowed`
    : `本街不允许「${l.zh}」；可用：${allowed.map((a) => a.zh).join('、') || '无'} / ${l.en} is not allowed here; allowed: ${allowed.map((a) => a.en).join(', ') || 'none'}` });
  return out;
}

/** Every rule of the guide for every sign; a sign type the guide does not allow gets only that result. */
export function checkSigns(rules: readonly SignRule[], facade: Facade, signs: readonly SignSpec[]): ComplianceResult {
  const results: RuleResult[] = [];
  signs.forEach((s, signIndex) => {
    const rule = rules.find((r) => r.signType === s.type);
    const type = typeRule(rule, s.type);
    const parts = rule?.allowed ? [type, ...dimensionRules(rule, facade, s)] : [type];
    for (const p of parts) results.push({ ...p, signIndex, signType: s.type, guidance: rule?.guidance ?? null });
  });
  return { compliant: results.every((r) => r.passed), results };
}
