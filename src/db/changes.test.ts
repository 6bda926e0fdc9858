// The change channel on the database at hand (embedded or server): a committed change reaches this
// process at once and, through NOTIFY, every listener; a rolled-back one reaches nobody; on a server a
// second Database hears the first, and a lost LISTEN connection empties caches until it is back.
// Notifications are awaited with a bounded poll; nothing here passes or fails on timing.
import { openTestDatabase, type TestDatabase } from '../../test/helpers/db';
import { adminQuery, withDatabase } from '../../test/template';
import { announceChange, notifyChange, parseChange, transactionWithChanges, type Change, type ChangeListener, type Changes } from './changes';
import { LISTENER_APPLICATION_NAME } from './changes.server';
import { openDatabase, type Database } from './database';

const server = process.env.DATABASE_URL;
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.drop());

class Recorder implements ChangeListener {
  readonly seen: string[] = [];
  resets = 0;
  constructor(changes: Changes) {
    changes.subscribe(this);
  }
  changed(c: Change): void {
    this.seen.push(`${c.kind}:${c.id}`);
  }
  reset(): void {
    this.resets++;
  }
}

/** Polls until `done` holds; fails after `ms` (a bound, not a pass criterion). */
async function until(done: () => boolean, what: string, ms = 20_000): Promise<void> {
  for (const t0 = Date.now(); !done(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - t0 > ms) throw new Error(`gave up waiting for ${what}`);
  }
}

let seq = 0;
const marker = (): Change => ({ kind: 'catalog', id: `marker-${++seq}` });

describe('the change channel', () => {
  it('reads what it writes, and nothing else', () => {
    expect(parseChange('account:1f2e')).toEqual({ kind: 'account', id: '1f2e' });
    expect(parseChange('catalog:')).toBeNull();
    expect(parseChange('zone:1')).toBeNull();
    expect(parseChange('nonsense')).toBeNull();
  });

  it('is listening once the database is open', () => {
    expect(db.changes.live).toBe(true);
  });

  it('tells this process at once when the transaction commits, and every listener through NOTIFY', async () => {
    const local = new Recorder(db.changes);
    await transactionWithChanges(db.prisma, async (tx, publish) => {
      await publish({ kind: 'account', id: 'committed' });
      expect(local.seen).toEqual([]); // not before the commit
    });
    // Told here by the time the transaction's promise resolves (the embedded database may even have
    // delivered its NOTIFY already); the NOTIFY comes back to this process's own listener too.
    expect(local.seen).toContain('account:committed');
    await until(() => local.seen.length === 2, 'the NOTIFY');
    expect(local.seen).toEqual(['account:committed', 'account:committed']);
  });

  it('a rolled-back change notifies nothing', async () => {
    const heard = new Recorder(db.changes);
    await expect(transactionWithChanges(db.prisma, async (_tx, publish) => {
      await publish({ kind: 'account', id: 'rolled-back' });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    // NOTIFYs arrive in commit order: once a later one is here, the rolled-back one would have been too.
    const m = marker();
    await notifyChange(db.prisma, m);
    await until(() => heard.seen.length > 0, 'the marker');
    expect(heard.seen).toEqual([`${m.kind}:${m.id}`]);
  });

  it('a payload it cannot read empties the caches rather than guess', async () => {
    const heard = new Recorder(db.changes);
    await db.sql.query("SELECT pg_notify('bianmin_changes', 'who knows')");
    await until(() => heard.resets > 0, 'the reset');
    expect(heard.seen).toEqual([]);
  });
});

(server ? describe : describe.skip)('several processes on one server database', () => {
  let other: Database;
  beforeAll(async () => {
    const [{ name }] = await db.sql.query<{ name: string }>('SELECT current_database() AS name');
    other = await openDatabase({ databaseUrl: withDatabase(server!, name), dataDir: '' });
  });
  afterAll(() => other.close());

  it('a change committed by one is heard by the other', async () => {
    const there = new Recorder(other.changes);
    await announceChange(db.prisma, { kind: 'account', id: 'from-the-first' });
    await until(() => there.seen.length > 0, 'the NOTIFY');
    expect(there.seen).toEqual(['account:from-the-first']);
  });

  it('a lost LISTEN connection stops the caches until it listens again, then changes are heard again', async () => {
    const there = new Recorder(other.changes);
    const [{ name }] = await db.sql.query<{ name: string }>('SELECT current_database() AS name');
    // Cut both processes' listeners, as a server restart or a failover would.
    await adminQuery(server!, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = '${LISTENER_APPLICATION_NAME}' AND datname = '${name}'`);
    // Losing the connection resets the caches, and so does listening again.
    await until(() => there.resets >= 2 && other.changes.live, 'the reconnection');
    const m = marker();
    await notifyChange(db.prisma, m);
    await until(() => there.seen.length > 0, 'a NOTIFY after reconnecting');
    expect(there.seen).toEqual([`${m.kind}:${m.id}`]);
  });
});
