// Reading applications, assignments and check-ins: a vendor their own; staff and zone managers the
// zones they may see (admins the city, officers and assistants their districts, a manager their zone).
import type { Application, ApplicationStatus, Assignment, AssignmentStatus, CheckIn, PrismaClient } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { ApiError, badInput } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../graphql/pagination';
import { allocationPolicy } from './allocation.policy';
import { applicationPage, assignmentPage, zoneInDistricts, type ListFilter } from './applications.sql';

const NEWEST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
/** A vendor holds a handful of applications a year; the cap only bounds a pathological account. */
const OWN_LIMIT = 200;

export function myApplications(prisma: PrismaClient, viewer: Viewer): Promise<Application[]> {
  return prisma.application.findMany({ where: { cityId: viewer.cityId, vendorId: viewer.accountId }, orderBy: NEWEST, take: OWN_LIMIT });
}

export function myAssignments(prisma: PrismaClient, viewer: Viewer): Promise<Assignment[]> {
  return prisma.assignment.findMany({ where: { cityId: viewer.cityId, vendorId: viewer.accountId }, orderBy: NEWEST, take: OWN_LIMIT });
}

export function myCheckIns(prisma: PrismaClient, viewer: Viewer, first?: number | null): Promise<CheckIn[]> {
  return prisma.checkIn.findMany({
    where: { cityId: viewer.cityId, vendorId: viewer.accountId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: pageSize(first, 20),
  });
}

interface ListArgs<S> {
  zoneId?: string | null;
  status?: S | null;
  first?: number | null;
  after?: string | null;
}

/** The reader's scope, with a named zone checked against it. */
async function scope(prisma: PrismaClient, viewer: Viewer, rawZoneId: string | null | undefined, status: string | null | undefined): Promise<ListFilter> {
  const zoneId = rawZoneId ? parseId(rawZoneId, 'zoneId') : null;
  const s = allocationPolicy.readScope(viewer, zoneId);
  if (s.zoneId && s.districtIds && !(await zoneInDistricts(prisma, viewer.cityId, s.zoneId, s.districtIds))) {
    throw new ApiError('FORBIDDEN', '该区域不在您的辖区内 / the zone lies outside the districts you hold', { reason: 'OUTSIDE_YOUR_DISTRICTS' });
  }
  return { cityId: viewer.cityId, zoneId: s.zoneId, districtIds: s.zoneId && s.districtIds ? null : s.districtIds, status: status ?? null };
}

function cursorOf(after: string | null | undefined): [string, string] | null {
  const c = decodeCursor(after, 2);
  if (!c) return null;
  const at = Date.parse(String(c[0]));
  if (Number.isNaN(at)) throw badInput('无效的分页游标 / invalid cursor');
  // Re-written as ISO: the database reads it, and it must not see the client's own spelling.
  return [new Date(at).toISOString(), parseId(String(c[1]), 'after')];
}

function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function applications(prisma: PrismaClient, viewer: Viewer, a: ListArgs<ApplicationStatus>): Promise<Connection<Application>> {
  const limit = pageSize(a.first, 50);
  const f = await scope(prisma, viewer, a.zoneId, a.status);
  const { ids, total } = await applicationPage(prisma, f, limit, cursorOf(a.after));
  const rows = await prisma.application.findMany({ where: { cityId: viewer.cityId, id: { in: ids } } });
  return toConnection(inOrder(ids, rows), limit, total, (r) => [r.createdAt.toISOString(), r.id]);
}

/**
 * A plain list (the contract gives no connection here), so `after` is the id of the last assignment
 * the caller saw, the next page starting below it.
 */
export async function assignments(prisma: PrismaClient, viewer: Viewer, a: ListArgs<AssignmentStatus> & { zoneId: string }): Promise<Assignment[]> {
  const limit = pageSize(a.first, 50);
  const f = await scope(prisma, viewer, a.zoneId, a.status);
  const afterId = a.after ? parseId(a.after, 'after') : null;
  const last = afterId ? await prisma.assignment.findUnique({ where: { cityId_id: { cityId: viewer.cityId, id: afterId } } }) : null;
  if (afterId && !last) throw badInput('无效的分页位置 / after: no such assignment', { field: 'after' });
  const ids = (await assignmentPage(prisma, f, limit, last ? [last.createdAt.toISOString(), last.id] : null)).slice(0, limit);
  return inOrder(ids, await prisma.assignment.findMany({ where: { cityId: viewer.cityId, id: { in: ids } } }));
}
