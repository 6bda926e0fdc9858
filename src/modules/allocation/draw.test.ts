// The pure parts: the draw (a known vector, order independence, spots by number) and periods
// (lengths, seasons that wrap the year end). No database.
import { createHash } from 'node:crypto';
import { ALGORITHM_VERSION, drawKey, runDraw, seedCommitment } from './draw';
import { checkPeriod, firstDayOutOfSeason } from './period';

const SEED = 'a'.repeat(64);
const IDS = ['0b6f2c4e-1111-4aaa-8bbb-000000000001', '0b6f2c4e-1111-4aaa-8bbb-000000000002', '0B6F2C4E-1111-4AAA-8BBB-000000000003'];

describe('runDraw', () => {
  it('keys each application by sha256 of seed ‖ lowercase id, and commits to sha256 of the seed', () => {
    expect(ALGORITHM_VERSION).toBe('bianmin-draw-v1');
    expect(seedCommitment(SEED)).toBe(createHash('sha256').update(SEED).digest('hex'));
    expect(drawKey(SEED, IDS[2])).toBe(createHash('sha256').update(SEED + IDS[2].toLowerCase()).digest('hex'));
  });

  it('orders by tier, then key; gives spots by ascending number; the result ignores input order', () => {
    const applicants = IDS.map((applicationId, i) => ({ applicationId, priorityTier: i === 2 ? 0 : 9, maskedName: `张${'*'.repeat(i)}` }));
    const spots = [{ spotId: 's7', number: 7 }, { spotId: 's2', number: 2 }];
    const a = runDraw(SEED, applicants, spots);
    const b = runDraw(SEED, [...applicants].reverse(), [...spots].reverse());
    expect(b).toEqual(a);
    expect(a.entries[0]).toMatchObject({ position: 1, applicationId: IDS[2].toLowerCase(), priorityTier: 0, spotNumber: 2 });
    const rest = a.entries.slice(1);
    expect(rest.map((e) => e.drawKey)).toEqual(rest.map((e) => e.drawKey).sort());
    expect(rest.map((e) => e.spotNumber)).toEqual([7, null]);
    expect(a.winners.get(IDS[2].toLowerCase())).toBe('s2');
    expect(a.winners.size).toBe(2);
  });

  it('a different seed gives a different order of equals', () => {
    const applicants = Array.from({ length: 12 }, (_v, i) => ({ applicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, priorityTier: 9, maskedName: '*' }));
    const order = (seed: string) => runDraw(seed, applicants, []).entries.map((e) => e.applicationId).join();
    expect(order('b'.repeat(64))).not.toBe(order(SEED));
  });
});

describe('periods', () => {
  it('checks order, the past and a year at most', () => {
    expect(checkPeriod('2027-01-01', '2027-12-31', '2026-12-01')).toEqual({ startsOn: '2027-01-01', endsOn: '2027-12-31' });
    expect(() => checkPeriod('2028-01-01', '2029-01-01', '2026-12-01')).toThrow(/366/); // 2028 is a leap year: 367 days
    expect(() => checkPeriod('2026-11-30', '2026-12-05', '2026-12-01')).toThrow(/before today/);
  });

  it('finds the first day outside a season, across the year end too', () => {
    const winter = { from: '11-01', to: '02-28' };
    expect(firstDayOutOfSeason(winter, { startsOn: '2026-12-20', endsOn: '2027-02-28' })).toBeNull();
    expect(firstDayOutOfSeason(winter, { startsOn: '2026-12-20', endsOn: '2027-03-02' })).toBe('2027-03-01');
    expect(firstDayOutOfSeason({ from: '04-01', to: '10-31' }, { startsOn: '2027-03-30', endsOn: '2027-04-05' })).toBe('2027-03-30');
    expect(firstDayOutOfSeason(null, { startsOn: '2027-01-01', endsOn: '2027-12-31' })).toBeNull();
    // The last representable day is the end of the walk, not a step past it.
    expect(firstDayOutOfSeason({ from: '01-01', to: '12-31' }, { startsOn: '9999-12-30', endsOn: '9999-12-31' })).toBeNull();
  });
});
