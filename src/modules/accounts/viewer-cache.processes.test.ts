// Two processes on one server database, as workers behind one port or instances behind a load
// balancer are: each keeps its own cached viewers, and a deactivation or a password change made
// through one ends the older sessions in the other as soon as the change's NOTIFY arrives. Here the two
// are two Database objects (two pools, two LISTEN connections) in one Jest worker. The embedded
// database is one process by construction (its data folder is locked), so this runs on a server only.
import { login, startTestApp, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, type TestCity } from '../../../test/helpers/factories';
import { withDatabase } from '../../../test/template';
import type { Change } from '../../db/changes';
import { openDatabase, type Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { setAccountActive } from './accounts.service';
import { AuthService } from './auth.service';
import { changePassword } from './passwords.service';

const server = process.env.DATABASE_URL;
let app: TestApp;
let city: TestCity;
let adminViewer: Viewer;
let other: Database;
let otherAuth: AuthService;
const heard: Change[] = [];

(server ? describe : describe.skip)('a second process on the same server database', () => {
  beforeAll(async () => {
    app = await startTestApp();
    city = await createCity(app.db);
    const a = await createAccount(app.db, city, 'ADMIN');
    adminViewer = { accountId: a.id, cityId: city.cityId, username: a.username, role: 'ADMIN', districtIds: [], zoneId: null, via: 'session' };
    const [{ name }] = await app.db.sql.query<{ name: string }>('SELECT current_database() AS name');
    other = await openDatabase({ databaseUrl: withDatabase(server!, name), dataDir: '' });
    otherAuth = await AuthService.create(other, { ttlHours: 1 });
    // Subscribed after otherAuth's cache: by the time this hears a change, the cache has dropped it.
    other.changes.subscribe({ changed: (c) => heard.push(c), reset: () => undefined });
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  /** Bounded wait for the NOTIFY to reach the other process; never a pass criterion. */
  async function heardOf(accountId: string): Promise<void> {
    for (const t0 = Date.now(); !heard.some((c) => c.kind === 'account' && c.id === accountId); await new Promise((r) => setTimeout(r, 10))) {
      if (Date.now() - t0 > 20_000) throw new Error(`the other process never heard of account ${accountId}`);
    }
  }

  const refused = { extensions: { code: 'UNAUTHENTICATED' } };

  it('sees a deactivation', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const bearer = `Bearer ${await login(app, v.username, PASSWORD)}`;
    for (const auth of [app.auth, otherAuth, app.auth, otherAuth]) expect((await auth.viewerFromHeader(bearer))!.accountId).toBe(v.id);
    const hits = otherAuth.viewers.stats.hits;
    expect(hits).toBeGreaterThan(0);
    await setAccountActive(app.db.prisma, { viewer: adminViewer, requestId: null }, v.id, false);
    await expect(app.auth.viewerFromHeader(bearer)).rejects.toMatchObject(refused);
    await heardOf(v.id);
    await expect(otherAuth.viewerFromHeader(bearer)).rejects.toMatchObject(refused);
    expect(otherAuth.viewers.stats.hits).toBe(hits);
  });

  it('refuses a session issued before a password change, and accepts the new one', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const old = `Bearer ${await login(app, v.username, PASSWORD)}`;
    for (const auth of [app.auth, otherAuth]) await auth.viewerFromHeader(old);
    const me: Viewer = { accountId: v.id, cityId: city.cityId, username: v.username, role: 'VENDOR', districtIds: [], zoneId: null, via: 'session' };
    const fresh = await changePassword(app.db.prisma, app.auth, { viewer: me, requestId: null }, '127.0.0.1', PASSWORD, 'another-long-password');
    await expect(app.auth.viewerFromHeader(old)).rejects.toMatchObject(refused);
    await heardOf(v.id);
    await expect(otherAuth.viewerFromHeader(old)).rejects.toMatchObject(refused);
    expect((await otherAuth.viewerFromHeader(`Bearer ${fresh.token}`))!.accountId).toBe(v.id);
  });
});
