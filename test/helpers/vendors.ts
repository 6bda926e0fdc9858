// Fixtures for the vendors tests: the whole service over a test database with a clock the test moves
// (sign-in codes expire and lock by the service's clock) and every log line captured, valid identity
// numbers computed independently of the code under test, and sessions for accounts of every role.
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Account } from '@prisma/client';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/logger';
import { AuthService } from '../../src/modules/accounts/auth.service';
import { buildServer } from '../../src/server';
import type { GqlResult } from './app';
import { openTestDatabase, type TestDatabase } from './db';

export interface ClockedApp {
  db: TestDatabase;
  server: FastifyInstance;
  auth: AuthService;
  logs: string[];
  now(): Date;
  advance(seconds: number): void;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T> & { body: string }>;
  /** A session token for an account, as a sign-in would give it. */
  tokenFor(account: Account): Promise<string>;
  close(): Promise<void>;
}

/** `demo: true` starts from the seeded demo city (the per-run template) instead of an empty database. */
export async function startClockedApp(start = '2026-11-25T02:00:00Z', opts: { demo?: boolean } = {}): Promise<ClockedApp> {
  const db = await openTestDatabase(opts);
  const logs: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs.push(chunk.toString()); done(); } });
  let clock = new Date(start);
  const auth = await AuthService.create(db, { ttlHours: 24 * 365, clock: () => clock });
  const server = await buildServer({ db, auth, log: createLogger('info', sink) });
  return {
    db, server, auth, logs,
    now: () => clock,
    advance: (seconds) => { clock = new Date(clock.getTime() + seconds * 1000); },
    async gql(query, variables, token) {
      const res = await server.inject({
        method: 'POST', url: '/graphql',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: JSON.stringify({ query, variables }),
      });
      return { status: res.statusCode, requestId: String(res.headers['x-request-id']), body: res.body, ...JSON.parse(res.body) };
    },
    async tokenFor(account) {
      return (await auth.issueSession(account, clock)).token;
    },
    async close() {
      await server.close();
      await db.drop();
    },
  };
}

/** GB 11643 check character, written here again so the tests do not trust the implementation they test. */
export function withCheckChar(first17: string): string {
  const weights = first17.split('').map((_d, i) => 2 ** (17 - i) % 11);
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A valid identity number of Linyi (3713…) with a random birth date and sequence. */
export function randomIdNumber(): string {
  const year = 1950 + crypto.randomInt(0, 50);
  const month = String(1 + crypto.randomInt(0, 12)).padStart(2, '0');
  const day = String(1 + crypto.randomInt(0, 28)).padStart(2, '0');
  return withCheckChar(`371302${year}${month}${day}${String(crypto.randomInt(0, 1000)).padStart(3, '0')}`);
}

/** A mainland mobile number nobody else in the test has (139 + 8 random digits). */
export function randomPhone(): string {
  return `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

export const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** The last sign-in code the log sender wrote for a phone (the log shows the phone masked). */
export function codeFromLogs(logs: string[], phone: string): string {
  const lines = logs.filter((l) => l.includes(`SMS for ${masked(phone)}`));
  const m = /sign-in code (\d{6})/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`no sign-in code logged for ${masked(phone)}`);
  return m[1];
}

export const REQUEST_CODE = 'mutation($c: String!, $p: String!) { requestLoginCode(city: $c, phone: $p) { expiresAt resendAfterSeconds } }';
export const LOGIN_WITH_CODE = `mutation($c: String!, $p: String!, $code: String!) {
  loginWithCode(city: $c, phone: $p, code: $code) { token expiresAt account { id username role } } }`;
export const PROFILE_FIELDS = 'accountId name phone idNumber businessTypes priorityTier priorities { category evidenceRef verifiedBy verifiedAt } createdAt';

/** The error code of a GraphQL answer, or OK. */
export const codeOf = (r: GqlResult) => (r.errors?.length ? r.errors[0].extensions.code : 'OK');
export const reasonOf = (r: GqlResult) => r.errors?.[0]?.extensions.reason;

/** Everything a refused vendor mutation must leave as it was. */
export async function vendorTables(db: TestDatabase) {
  const [profiles, priorities, accounts, audit, codes] = await Promise.all([
    db.prisma.vendorProfile.findMany({ orderBy: [{ cityId: 'asc' }, { accountId: 'asc' }] }),
    db.prisma.vendorPriority.findMany({ orderBy: [{ cityId: 'asc' }, { accountId: 'asc' }, { category: 'asc' }] }),
    db.prisma.account.findMany({ orderBy: [{ cityId: 'asc' }, { id: 'asc' }], select: { id: true, username: true, displayName: true, active: true } }),
    db.prisma.auditLog.count(),
    db.prisma.loginCode.findMany({ orderBy: [{ cityId: 'asc' }, { phoneHmac: 'asc' }] }),
  ]);
  return { profiles, priorities, accounts, audit, codes };
}
