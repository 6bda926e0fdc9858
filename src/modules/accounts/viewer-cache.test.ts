// The cached viewer of a token: answers without touching the database, and never outlives what should
// end it — deactivation, a password change or reset, a revoked API token (at once, in this process),
// the token's own expiry, and (as a safety net) its time to live. Clocks are moved, never waited on.
import type { Account, PrismaClient } from '@prisma/client';
import { login, startTestApp, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, type TestCity } from '../../../test/helpers/factories';
import { ChangeFeed } from '../../db/changes';
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { AuthService } from './auth.service';
import { ViewerCache } from './viewer-cache';

let app: TestApp;
let city: TestCity;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

/** The same database with every Prisma operation and driver query counted. */
function counted(db: Database): { db: Database; queries: () => number } {
  let n = 0;
  const prisma = db.prisma.$extends({ query: { $allOperations: ({ args, query }) => { n++; return query(args); } } });
  const sql = { query: <Row>(text: string, params?: readonly unknown[]) => { n++; return db.sql.query<Row>(text, params); } };
  return { db: { ...db, prisma: prisma as unknown as PrismaClient, sql }, queries: () => n };
}

const ME = '{ me { id role } }';
const code = (r: { errors?: { extensions: { code: string } }[] }) => r.errors?.[0].extensions.code;
async function apiToken(session: string): Promise<string> {
  const r = await app.gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "script") { token } }', {}, session);
  return r.data!.createApiToken.token;
}

describe('a cache hit', () => {
  it('answers a session and an API token without a database query', async () => {
    const c = counted(app.db);
    const auth = await AuthService.create(c.db, { ttlHours: 1 });
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    const token = await apiToken(session);
    for (const t of [session, token]) {
      const before = c.queries();
      const first = await auth.viewerFromHeader(`Bearer ${t}`);
      expect(c.queries()).toBeGreaterThan(before);
      const after = c.queries();
      const again = await auth.viewerFromHeader(`Bearer ${t}`);
      expect(c.queries()).toBe(after);
      expect(again).toEqual(first);
    }
    expect(auth.viewers.stats.hits).toBe(2);
  });
});

describe('a change to the account is seen by the next request', () => {
  it('deactivation refuses its session and API token at once', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    const token = await apiToken(session);
    for (const t of [session, token]) expect((await app.gql(ME, {}, t)).data).toEqual({ me: { id: v.id, role: 'VENDOR' } });
    const hits = app.auth.viewers.stats.hits;
    for (const t of [session, token]) expect((await app.gql(ME, {}, t)).data).toEqual({ me: { id: v.id, role: 'VENDOR' } });
    expect(app.auth.viewers.stats.hits).toBe(hits + 2); // both were answered from the cache
    expect((await app.gql('mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }', { id: v.id }, admin)).errors).toBeUndefined();
    for (const t of [session, token]) expect(code(await app.gql(ME, {}, t))).toBe('UNAUTHENTICATED');
  });

  it('a password change refuses the older sessions at once and accepts the one it returns', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const [older, other] = [await login(app, v.username, PASSWORD), await login(app, v.username, PASSWORD)];
    for (const t of [older, other]) expect((await app.gql(ME, {}, t)).data).toBeTruthy();
    const changed = await app.gql<{ changePassword: { token: string } }>(
      'mutation { changePassword(currentPassword: "correct-horse-battery", newPassword: "a-new-long-password") { token } }', {}, older);
    expect(changed.errors).toBeUndefined();
    for (const t of [older, other]) expect(code(await app.gql(ME, {}, t))).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, changed.data!.changePassword.token)).data).toEqual({ me: { id: v.id, role: 'VENDOR' } });
  });

  it('a revoked API token, and every token and session after a reset, are refused at once', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    const [revoked, kept] = [await apiToken(session), await apiToken(session)];
    const list = await app.gql<{ apiTokens: { id: string; prefix: string }[] }>('{ apiTokens { id prefix } }', {}, revoked);
    const id = list.data!.apiTokens.find((t) => revoked.startsWith(t.prefix))!.id;
    expect((await app.gql(ME, {}, kept)).data).toBeTruthy();
    expect((await app.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id }, session)).errors).toBeUndefined();
    expect(code(await app.gql(ME, {}, revoked))).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, kept)).data).toBeTruthy();
    const reset = await app.gql('mutation($id: ID!) { resetPassword(accountId: $id, newPassword: "reset-long-password") { id } }', { id: v.id }, admin);
    expect(reset.errors).toBeUndefined();
    for (const t of [session, kept]) expect(code(await app.gql(ME, {}, t))).toBe('UNAUTHENTICATED');
  });
});

describe('a cached entry still ends', () => {
  let t = Date.parse('2026-11-23T08:00:00Z');
  let account: Account;
  const clock = () => new Date(t);
  beforeAll(async () => {
    account = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
  });

  it('at its token\'s expiry, checked on every request', async () => {
    // Kept longer than the token lives, so only the expiry can end the entry.
    const auth = await AuthService.create(app.db, { ttlHours: 1, clock, viewerCache: { ttlMs: 2 * 3600_000 } });
    const { token } = await auth.issueSession(account, new Date(t));
    await auth.viewerFromHeader(`Bearer ${token}`);
    t += 3600_000 - 1;
    await auth.viewerFromHeader(`Bearer ${token}`);
    const hits = auth.viewers.stats.hits;
    expect(hits).toBe(1);
    t += 1;
    await expect(auth.viewerFromHeader(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(auth.viewers.stats.hits).toBe(hits);
  });

  it('after its time to live, so a change made behind the service\'s back is seen within it', async () => {
    const auth = await AuthService.create(app.db, { ttlHours: 1, clock, viewerCache: { ttlMs: 60_000 } });
    const { token } = await auth.issueSession(account, new Date(t));
    expect((await auth.viewerFromHeader(`Bearer ${token}`))!.role).toBe('OFFICER');
    // A direct write publishes nothing: only the time to live can bring it in.
    await app.db.prisma.account.update({ where: { cityId_id: { cityId: city.cityId, id: account.id } }, data: { role: 'ASSISTANT' } });
    t += 59_999;
    expect((await auth.viewerFromHeader(`Bearer ${token}`))!.role).toBe('OFFICER');
    t += 1;
    expect((await auth.viewerFromHeader(`Bearer ${token}`))!.role).toBe('ASSISTANT');
  });
});

describe('the cache itself', () => {
  const viewer = (accountId: string): Viewer => ({ accountId, cityId: 'c', username: accountId, role: 'VENDOR', districtIds: [], zoneId: null, via: 'session' });
  const entry = (accountId: string) => ({ viewer: viewer(accountId), refuseFrom: Infinity });

  it('does not keep what a look-up read before an invalidation it raced with', () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new ViewerCache(feed);
    const began = cache.begin();
    feed.changed({ kind: 'account', id: 'a' });
    cache.set('k', entry('a'), 0, began);
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('keeps and serves nothing while the change feed is not listening', () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new ViewerCache(feed);
    cache.set('k', entry('a'), 0, cache.begin());
    feed.setLive(false);
    expect(cache.get('k', 0)).toBeUndefined();
    cache.set('k', entry('a'), 0, cache.begin());
    feed.setLive(true);
    expect(cache.get('k', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded, least recently used first, and drops every entry of an account', () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new ViewerCache(feed, { max: 3 });
    for (const [k, a] of [['k1', 'a'], ['k2', 'a'], ['k3', 'b']]) cache.set(k, entry(a), 0, cache.begin());
    expect(cache.get('k1', 0)).toBeDefined();
    cache.set('k4', entry('b'), 0, cache.begin()); // k2 was used least recently
    expect(cache.get('k2', 0)).toBeUndefined();
    feed.changed({ kind: 'account', id: 'b' });
    expect([cache.get('k1', 0) !== undefined, cache.get('k3', 0), cache.get('k4', 0)]).toEqual([true, undefined, undefined]);
  });
});

describe('an API token\'s lastUsedAt', () => {
  it('is written at most once a minute per token; a cache hit in between queries nothing', async () => {
    const t0 = Date.parse('2026-11-23T09:00:00Z');
    let t = t0;
    const c = counted(app.db);
    const auth = await AuthService.create(c.db, { ttlHours: 1, clock: () => new Date(t), viewerCache: { ttlMs: 10 * 60_000 } });
    const v = await createAccount(app.db, city, 'VENDOR');
    const token = await apiToken(await login(app, v.username, PASSWORD));
    const lastUsed = async () => (await app.db.prisma.apiToken.findFirstOrThrow({ where: { cityId: city.cityId, accountId: v.id } })).lastUsedAt?.getTime();
    const use = () => auth.viewerFromHeader(`Bearer ${token}`);
    await use();
    expect(await lastUsed()).toBe(t0);
    t = t0 + 30_000;
    const n = c.queries();
    await use();
    expect(c.queries()).toBe(n);
    t = t0 + 59_999;
    await use();
    expect(await lastUsed()).toBe(t0);
    t = t0 + 60_000;
    await use();
    expect(await lastUsed()).toBe(t0 + 60_000);
    // Another process, with nothing cached, reads the row half a minute later and leaves it be.
    const other = await AuthService.create(app.db, { ttlHours: 1, clock: () => new Date(t0 + 90_000) });
    await other.viewerFromHeader(`Bearer ${token}`);
    expect(await lastUsed()).toBe(t0 + 60_000);
  });
});
