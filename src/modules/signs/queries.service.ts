// Reading sign applications and permits: the applicant's own, staff's lists by district, permits near or
// past their last day, and the public register — permit number, shop name, street, location, signs and
// validity, nothing about the applicant or the contact.
import type { SignApplicationStatus } from '@prisma/client';
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { addDays, localDate } from '../../schedule/schedule.time';
import type { SignSpec } from './compliance';
import { cityToday } from './guides.service';
import * as sql from './applications.sql';
import { viewOf, type SignApplicationView, type SignStatus } from './signs.models';
import { signsPolicy } from './signs.policy';

const limitOf = (first: number | null | undefined, max = 100) => {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`first 须在 1–${max} 之间 / first: 1–${max}`, { field: 'first' });
  return n;
};

export async function mySignApplications(db: Db, viewer: Viewer, now: Date): Promise<SignApplicationView[]> {
  const today = await cityToday(db, viewer.cityId, now);
  const rows = await sql.listApplications(db, viewer.cityId, { applicantId: viewer.accountId, limit: 100 });
  return rows.map((r) => viewOf(r, today));
}

/** One application for its applicant or staff of its district; null for anyone else (not "forbidden"). */
export async function signApplication(db: Db, viewer: Viewer, rawId: string, now: Date): Promise<SignApplicationView | null> {
  const row = await sql.applicationById(db, viewer.cityId, parseId(rawId));
  if (!row || !signsPolicy.mayRead(viewer, row)) return null;
  return viewOf(row, await cityToday(db, viewer.cityId, now));
}

/** Staff: applications of their districts (admins: the city), newest first; EXPIRED is asked for as such. */
export async function signApplications(db: Db, viewer: Viewer, status: SignStatus | null | undefined, first: number | null | undefined, now: Date) {
  const today = await cityToday(db, viewer.cityId, now);
  const stored: SignApplicationStatus[] | undefined = status ? [status === 'EXPIRED' ? 'APPROVED' : status] : undefined;
  // An APPROVED row is shown as EXPIRED once its last day has passed: the database picks which, so the
  // page is filled with the asked-for kind.
  const expired = status === 'EXPIRED' || status === 'APPROVED' ? { today, expired: status === 'EXPIRED' } : undefined;
  const rows = await sql.listApplications(db, viewer.cityId, { districtIds: signsPolicy.scope(viewer), statuses: stored, expired, limit: limitOf(first) });
  return rows.map((r) => viewOf(r, today));
}

/** Staff: permits whose last day is within `withinDays` (those already expired first, flagged EXPIRED). */
export async function expiringSignPermits(db: Db, viewer: Viewer, withinDays: number | null | undefined, now: Date) {
  const days = withinDays ?? 30;
  if (!Number.isInteger(days) || days < 0 || days > 366) throw badInput('withinDays 须在 0–366 之间 / withinDays: 0–366', { field: 'withinDays' });
  const today = await cityToday(db, viewer.cityId, now);
  const rows = await sql.listApplications(db, viewer.cityId, { districtIds: signsPolicy.scope(viewer), validUntilBy: addDays(today, days), limit: 200 });
  return rows.map((r) => viewOf(r, today));
}

export interface RegisteredSign {
  permitNumber: string;
  shopName: string;
  streetName: string;
  location: { type: 'Point'; coordinates: [number, number] };
  signs: (SignSpec & { areaM2: number })[];
  validFrom: string;
  validUntil: string;
  status: 'APPROVED' | 'EXPIRED';
}

/** The public register of a city (by its code): permits in force and those lapsed, flagged. */
export async function signRegister(db: Db, cityCode: string, now: Date, limit = 5000): Promise<RegisteredSign[] | null> {
  const city = await db.city.findUnique({ where: { code: cityCode.trim() } });
  if (!city) return null;
  const today = localDate(now.getTime(), city.timeZone);
  const rows = await sql.registerRows(db, city.id, limit);
  return rows.map((r) => ({
    permitNumber: r.permitNumber, shopName: r.shopName, streetName: r.streetName, location: r.location,
    signs: r.signs.map((s) => ({ type: s.type, widthM: s.widthM, heightM: s.heightM, projectionM: s.projectionM, clearanceM: s.clearanceM,
      lighting: s.lighting, areaM2: Math.round(s.widthM * s.heightM * 100) / 100 })),
    validFrom: r.validFrom, validUntil: r.validUntil, status: r.validUntil < today ? 'EXPIRED' : 'APPROVED',
  }));
}
