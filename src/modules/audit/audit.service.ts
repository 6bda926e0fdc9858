// The audit trail (执法全过程记录): every state change writes one row in the same transaction as the
// change, so a rolled-back change leaves no row and a committed one always has its row.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../graphql/pagination';
import { badInput } from '../../graphql/errors';

/** Who did it: a signed-in account, or the system itself (seed, migrations). */
export interface Actor {
  viewer: Viewer | null;
  requestId: string | null;
}

export interface AuditInput {
  cityId: string;
  operation: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Personal data never enters the audit trail: these fields are dropped from before/after. */
const PERSONAL = new Set(['passwordHash', 'tokenHash', 'password', 'idNumber', 'phone']);

function scrub(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (PERSONAL.has(k) ? undefined : v))) as Prisma.InputJsonValue;
}

export async function recordAudit(tx: Db, actor: Actor, e: AuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      cityId: e.cityId,
      accountId: actor.viewer?.accountId ?? null,
      username: actor.viewer?.username ?? null,
      role: actor.viewer?.role ?? 'SYSTEM',
      operation: e.operation,
      entityType: e.entityType,
      entityId: e.entityId,
      before: scrub(e.before),
      after: scrub(e.after),
      requestId: actor.requestId,
    },
  });
}

export interface AuditFilter {
  entityType?: string | null;
  entityId?: string | null;
  accountId?: string | null;
  operation?: string | null;
  from?: Date | null;
  to?: Date | null;
  first?: number | null;
  after?: string | null;
}

export async function auditLog(db: Db, cityId: string, f: AuditFilter): Promise<Connection<Prisma.AuditLogGetPayload<object>>> {
  const limit = pageSize(f.first, 50);
  const cursor = decodeCursor(f.after, 1);
  const afterId = cursor ? String(cursor[0]) : null;
  if (afterId !== null && !/^\d{1,19}$/.test(afterId)) throw badInput('无效的分页游标 / invalid cursor');
  if (f.from && f.to && f.from > f.to) throw badInput('起始时间晚于结束时间 / from is after to');
  const where: Prisma.AuditLogWhereInput = {
    cityId,
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.accountId ? { accountId: f.accountId } : {}),
    ...(f.operation ? { operation: f.operation } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({
      where: afterId ? { ...where, id: { lt: BigInt(afterId) } } : where,
      orderBy: { id: 'desc' },
      take: limit + 1,
    }),
    db.auditLog.count({ where }),
  ]);
  return toConnection(rows, limit, total, (r) => [r.id.toString()]);
}
