// The whole HTTP service over a test database, driven with Fastify's inject (no socket), and a
// captured log so tests can assert what reaches it.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AuthService } from '../../src/modules/accounts/auth.service';
import { piiFor } from '../../src/modules/vendors/pii';
import { createLogger } from '../../src/logger';
import { buildServer } from '../../src/server';
import { openTestDatabase, type TestDatabase } from './db';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  requestId: string;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> & { code: string } }[];
}

export interface TestApp {
  db: TestDatabase;
  server: FastifyInstance;
  auth: AuthService;
  logs: string[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** The service over a database of its own: empty (migrated), or `demo: true` for the seeded demo city. */
export async function startTestApp(opts: { demo?: boolean } = {}): Promise<TestApp> {
  const db = await openTestDatabase(opts);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink);
  const auth = await AuthService.create(db, { ttlHours: 1, bcryptCost: 4 });
  await piiFor(db); // as the service's start does (src/serve.ts prepareOn): the key exists before any request
  const server = await buildServer({ db, auth, log });
  return {
    db, server, auth, logs,
    async gql(query, variables, token, headers = {}) {
      const res = await server.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        payload: JSON.stringify({ query, variables }),
      });
      return { status: res.statusCode, requestId: String(res.headers['x-request-id']), ...JSON.parse(res.body) };
    },
    async close() {
      await server.close();
      await db.drop();
    },
  };
}

/** Signs in through the API and returns the session token. */
export async function login(app: TestApp, username: string, password: string): Promise<string> {
  const res = await app.gql<{ login: { token: string } }>(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password },
  );
  if (!res.data?.login) throw new Error(`login failed for ${username}: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}
