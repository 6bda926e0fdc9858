// HTTP: /graphql (Apollo on Fastify), /healthz, and the web build. Every response carries the request
// id (taken from a well-formed X-Request-Id header, or made here) so a client can quote it.
import crypto from 'node:crypto';
import path from 'node:path';
import fastifyApollo from '@as-integrations/fastify';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Database } from './db/database';
import { checkHealth } from './db/health';
import { REPO_ROOT } from './paths';
import { MASKED_MESSAGE, createApollo } from './graphql/apollo';
import { databaseErrorText } from './graphql/errors';
import { registerExplorerRedirect } from './graphql/explorer-redirect';
import type { Context } from './graphql/context';
import type { AuthService } from './modules/accounts/auth.service';
import { registerMapRoutes } from './modules/publication/map.routes';
import { registerLiveRoutes } from './modules/publication/live';
import { registerWebPages } from './web.routes';
import { registerFileRoutes } from './modules/signs/files.routes';
import { registerSignRegisterRoutes } from './modules/signs/register.routes';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export interface AppDeps {
  db: Database;
  auth: AuthService;
  log: Logger;
  /** Fastify's trustProxy (BIANMIN_TRUST_PROXY); default false: the socket's address and Host are believed */
  trustProxy?: boolean | number | string;
}

export async function buildServer({ db, auth, log, trustProxy = false }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 2 * 1024 * 1024,
    // A number of hops as Fastify's function form (its types take no number).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // One log line per request (below), not Fastify's two: on the hot path the log is a measurable cost.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ req, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request');
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  await app.register(cors, { origin: true, exposedHeaders: ['x-request-id'] });

  // Fastify drains its own connections on close and then stops Apollo (onClose below); Apollo's drain
  // plugin would close Fastify from inside Fastify's close and wait on itself.
  const apollo = createApollo();
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request): Promise<Context> => {
      const requestId = String(request.id);
      try {
        const viewer = await auth.viewerFromHeader(request.headers.authorization);
        return { requestId, db, viewer, auth, log: request.log, clientIp: request.ip };
      } catch (e) {
        if (e instanceof GraphQLError) {
          throw new GraphQLError(e.message, { extensions: { ...e.extensions, requestId, http: { status: 401 } } });
        }
        // Apollo neither logs a failed context nor runs the plugins that add the request id: do both here.
        request.log.error({ err: e, requestId, detail: databaseErrorText(e) }, 'could not identify the caller');
        throw new GraphQLError(MASKED_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, http: { status: 503 } } });
      }
    },
  });

  app.get('/healthz', async (request, reply) => {
    try {
      return { status: 'ok', ...(await checkHealth(db)) };
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', requestId: request.id });
    }
  });

  await registerMapRoutes(app, { db });
  await registerFileRoutes(app, { db, auth });
  await registerSignRegisterRoutes(app, { db });
  await registerLiveRoutes(app, db);
  await registerWebPages(app);
  registerExplorerRedirect(app);
  // The landing page only: the apps' pages and bundles are served by web.routes.ts, and web/ also holds
  // their TypeScript sources, which are not for serving.
  await app.register(fastifyStatic, {
    root: path.join(REPO_ROOT, 'web'), prefix: '/', index: ['index.html'],
    allowedPath: (pathName) => pathName === '/' || pathName === '/index.html',
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
  return app;
}
