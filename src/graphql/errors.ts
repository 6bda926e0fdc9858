// Typed API errors. Every expected failure is one of these codes with a message a person can act on,
// Chinese first and English beside it; anything else is masked by the server (see server/apollo.ts).
import { GraphQLError } from 'graphql';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const unauthenticated = (msg = '请先登录 / sign in first') => new ApiError('UNAUTHENTICATED', msg);
export const forbidden = (msg: string) => new ApiError('FORBIDDEN', msg);
export const notFound = (zh: string, en: string, id: string) =>
  new ApiError('NOT_FOUND', `未找到${zh} / ${en} not found: ${id}`, { id });
export const badInput = (msg: string, details: Record<string, unknown> = {}) =>
  new ApiError('BAD_USER_INPUT', msg, details);
export const conflict = (msg: string, details: Record<string, unknown> = {}) => new ApiError('CONFLICT', msg, details);

/**
 * The text of a database error, wherever the driver adapter put it. PGlite errors reach Prisma as
 * "Raw query failed. Code: N/A" with the real message in meta.driverAdapterError.cause.
 */
export function databaseErrorText(e: unknown): string {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  const parts: string[] = [];
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const o = cur as { message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof o.message === 'string') parts.push(o.message);
    cur = o.meta?.driverAdapterError ?? o.cause;
  }
  return parts.join(' <- ');
}

/**
 * The PostgreSQL error code (SQLSTATE) of a database error. A raw query's failure reaches us as
 * Prisma's own P2010 with the driver's error under meta.driverAdapterError.cause (its `code` on
 * PGlite, `originalCode` on the server), so the driver's code is looked for there first.
 */
export function sqlState(e: unknown): string | undefined {
  const meta = (e as { meta?: { driverAdapterError?: { cause?: unknown } } } | null)?.meta;
  for (const candidate of [meta?.driverAdapterError?.cause, meta?.driverAdapterError, e]) {
    if (!candidate) continue;
    const text = JSON.stringify(candidate, Object.getOwnPropertyNames(candidate));
    const m = /"originalCode":"([0-9A-Z]{5})"/.exec(text) ?? /"code":"([0-9A-Z]{5})"/.exec(text);
    if (m && !/^P\d{4}$/.test(m[1])) return m[1];
  }
  return undefined;
}
