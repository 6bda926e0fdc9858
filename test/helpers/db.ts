// A database of its own for one test file: a copy of the migrated template (embedded) or a new
// database from the template database (server). Never the demo data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/database';
import { SERVER_DEMO_TEMPLATE, SERVER_TEMPLATE, TEST_ROOT, adminQuery, withDatabase } from '../template';

export interface TestDatabase extends Database {
  /** Closes the database and removes it. */
  drop(): Promise<void>;
}

/**
 * `demo: true` gives a copy of the demo city as `npm start` prepares it (seeded, intervals rolled, map
 * version 1 published; demo accounts' password TEST_DEMO_PASSWORD), made once per run by globalSetup.
 */
export async function openTestDatabase(opts: { demo?: boolean } = {}): Promise<TestDatabase> {
  const suffix = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `bianmin_t_${suffix}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${opts.demo ? SERVER_DEMO_TEMPLATE : SERVER_TEMPLATE}`);
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), dataDir: '' });
    return Object.assign(db, {
      async drop() {
        await db.close();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    });
  }
  const template = opts.demo ? process.env.BIANMIN_TEST_DEMO_DIR : process.env.BIANMIN_TEST_TEMPLATE_DIR;
  if (!template) throw new Error('the test templates are not set: run the tests with `npm test`');
  const dir = path.join(TEST_ROOT, `run-${suffix}`);
  fs.cpSync(template, dir, { recursive: true });
  const db = await openDatabase({ dataDir: dir });
  return Object.assign(db, {
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
