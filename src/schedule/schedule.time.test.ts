/**
 * The cached zone offsets against luxon asking Intl afresh: every instant of a century, in zones with
 * daylight saving at whole hours (Berlin, New York), at half hours (Lord Howe), half-hour offsets
 * (Kolkata) and none (Shanghai), near and far from transitions.
 */
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { isoInZone, localDate, localInstant, wallClock, zoneOffset } from './schedule.time';

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
const FROM = Date.parse('1970-01-01T00:00:00Z');
const TO = Date.parse('2100-01-01T00:00:00Z');

/** Instants anywhere, and instants within a minute of a 2026 transition of the zone. */
const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.constantFrom(Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z'), Date.parse('2026-03-08T07:00:00Z'),
    Date.parse('2026-11-01T06:00:00Z'), Date.parse('2026-04-04T15:00:00Z'), Date.parse('2026-10-03T15:30:00Z'))
    .chain((t) => fc.integer({ min: -60_000, max: 60_000 }).map((d) => t + d)),
);

it('zoneOffset, localDate, isoInZone and wallClock agree with luxon', () => {
  fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
    const dt = DateTime.fromMillis(ms, { zone });
    expect(zoneOffset(zone, ms)).toBe(IANAZone.create(zone).offset(ms));
    expect(localDate(ms, zone)).toBe(dt.toISODate());
    expect(wallClock(ms, zone)).toBe(dt.toFormat('yyyy-MM-dd HH:mm'));
    expect(Date.parse(isoInZone(ms, zone))).toBe(ms);
    expect(isoInZone(ms, zone)).toBe(dt.toISO({ suppressMilliseconds: true }));
  }), { numRuns: 3000 });
});

it('localInstant of a wall-clock time reads back as that time', () => {
  fc.assert(fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 365 * 30 }), fc.integer({ min: 0, max: 1439 }), (zone, day, minutes) => {
    const date = new Date(Date.parse('2010-01-01T00:00:00Z') + day * 86_400_000).toISOString().slice(0, 10);
    const t = localInstant(date, minutes, zone);
    const back = DateTime.fromMillis(t, { zone });
    // A time skipped by a spring-forward gap moves forward by the gap; any other reads back exactly.
    if (back.toFormat('yyyy-MM-dd') === date && back.hour * 60 + back.minute === minutes) return;
    expect(IANAZone.create(zone).offset(t - 3_600_000)).not.toBe(IANAZone.create(zone).offset(t + 3_600_000));
  }), { numRuns: 3000 });
});
