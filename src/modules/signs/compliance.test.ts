// The compliance check rule by rule, each at, just inside and just beyond its limit (at the limit
// passes), the messages in both languages, and a property: a sign passes exactly when every dimension
// is within its limit, whatever the numbers.
import fc from 'fast-check';
import { checkSigns, fmt, type SignRule, type SignSpec } from './compliance';

const rule = (over: Partial<SignRule> = {}): SignRule => ({
  signType: 'FASCIA', allowed: true, maxWidthShare: null, maxHeightM: null, maxAreaM2: null, minClearanceM: null, maxProjectionM: null,
  lighting: ['NONE', 'EXTERNAL'], guidance: '木质门头 / wooden fascia', ...over,
});
const sign = (over: Partial<SignSpec> = {}): SignSpec => ({ type: 'FASCIA', widthM: 4, heightM: 1, projectionM: null, clearanceM: null, lighting: 'NONE', ...over });
const facade = { widthM: 6.5, heightM: 4 };
const only = (r: SignRule, s: SignSpec, code: string) => checkSigns([r], facade, [s]).results.find((x) => x.rule === code)!;

describe('each rule at its limit passes, beyond it fails', () => {
  it('width as a share of the facade, with the issue\'s own words', () => {
    const r = rule({ maxWidthShare: 0.8 });
    expect(only(r, sign({ widthM: 5.2 }), 'WIDTH')).toMatchObject({ passed: true, limit: expect.closeTo(5.2, 9) });
    expect(only(r, sign({ widthM: 5.21 }), 'WIDTH').passed).toBe(false);
    expect(only(r, sign({ widthM: 6.0 }), 'WIDTH').message).toBe(
      '招牌宽度 6.0 米超过门面宽度 6.5 米的 80%：最多 5.2 米 / width 6.0 m exceeds 80% of the 6.5 m facade: at most 5.2 m');
  });

  it('height', () => {
    const r = rule({ maxHeightM: 1.2 });
    expect(only(r, sign({ heightM: 1.2 }), 'HEIGHT').passed).toBe(true);
    const over = only(r, sign({ heightM: 1.21 }), 'HEIGHT');
    expect(over).toMatchObject({ passed: false, value: 1.21, limit: 1.2 });
    expect(over.message).toContain('最多 1.2 米 / height 1.21 m exceeds the limit: at most 1.2 m');
  });

  it('area (width × height, including the floating-point product at the limit)', () => {
    const r = rule({ maxAreaM2: 0.48 });
    expect(only(r, sign({ widthM: 0.6, heightM: 0.8 }), 'AREA').passed).toBe(true);
    expect(only(r, sign({ widthM: 0.61, heightM: 0.8 }), 'AREA').passed).toBe(false);
  });

  it('clearance above the pavement: at least the minimum; missing is a failure saying what to give', () => {
    const r = rule({ minClearanceM: 2.5 });
    expect(only(r, sign({ clearanceM: 2.5 }), 'CLEARANCE').passed).toBe(true);
    expect(only(r, sign({ clearanceM: 2.49 }), 'CLEARANCE').message).toContain('too low: at least 2.5 m');
    expect(only(r, sign({ clearanceM: null }), 'CLEARANCE')).toMatchObject({ passed: false, value: null });
  });

  it('projection from the wall; a flat sign (none given) projects 0', () => {
    const r = rule({ maxProjectionM: 0.6 });
    expect(only(r, sign({ projectionM: 0.6 }), 'PROJECTION').passed).toBe(true);
    expect(only(r, sign({ projectionM: 0.61 }), 'PROJECTION').passed).toBe(false);
    expect(only(r, sign(), 'PROJECTION')).toMatchObject({ passed: true, value: 0 });
  });

  it('lighting from the allowed list, naming the allowed ones', () => {
    expect(only(rule(), sign({ lighting: 'EXTERNAL' }), 'LIGHTING').passed).toBe(true);
    const led = only(rule(), sign({ lighting: 'LED_SCREEN' }), 'LIGHTING');
    expect(led.passed).toBe(false);
    expect(led.message).toBe('本街不允许「LED 显示屏」；可用：无照明、外投光 / LED screen is not allowed here; allowed: no lighting, external lighting');
  });

  it('a type the guide forbids, or does not mention, fails with that result only', () => {
    for (const rules of [[rule({ allowed: false })], [rule({ signType: 'CANOPY' })]]) {
      const { compliant, results } = checkSigns(rules, facade, [sign()]);
      expect(compliant).toBe(false);
      expect(results.map((r) => r.rule)).toEqual(['TYPE_ALLOWED']);
      expect(results[0].message).toContain('does not allow a flat fascia sign');
    }
  });

  it('several signs: each result names its sign, and one failure makes the whole non-compliant', () => {
    const r = rule({ maxWidthShare: 0.8, maxHeightM: 1.2 });
    const out = checkSigns([r], facade, [sign(), sign({ heightM: 2 })]);
    expect(out.compliant).toBe(false);
    expect(out.results.filter((x) => !x.passed).map((x) => [x.signIndex, x.rule])).toEqual([[1, 'HEIGHT']]);
    expect(out.results.every((x) => x.guidance === '木质门头 / wooden fascia')).toBe(true);
  });
});

it('formats metres as people write them', () => {
  expect([fmt(6), fmt(5.2), fmt(5.2000000000000002), fmt(1.25), fmt(0.1 + 0.2)]).toEqual(['6.0', '5.2', '5.2', '1.25', '0.3']);
});

it('property: compliant exactly when every dimension is within its limit (in centimetres)', () => {
  const cm = (max: number) => fc.integer({ min: 1, max }).map((n) => n / 100);
  fc.assert(fc.property(cm(2000), cm(300), cm(2000), fc.integer({ min: 1, max: 100 }), cm(300), cm(1000),
    (width, height, facadeW, sharePct, maxH, maxArea) => {
      const share = sharePct / 100;
      const r = rule({ maxWidthShare: share, maxHeightM: maxH, maxAreaM2: maxArea });
      const { compliant } = checkSigns([r], { widthM: facadeW, heightM: 5 }, [sign({ widthM: width, heightM: height })]);
      // integer arithmetic in cm (and cm²), free of floating-point rounding
      const wCm = Math.round(width * 100), hCm = Math.round(height * 100);
      const expected = wCm * 100 <= sharePct * Math.round(facadeW * 100) && hCm <= Math.round(maxH * 100) && wCm * hCm <= Math.round(maxArea * 10000);
      expect(compliant).toBe(expected);
    }), { numRuns: 2000 });
});
