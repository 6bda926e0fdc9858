// The browser pages the service serves beside the API: the public map embed (/embed), the vendor's
// phone page (/vendor) and the GraphQL explorer (/explorer). Each is a small HTML file in web/<app>/
// and a bundle built by scripts/build-web.mjs into .build/web/ (served under /assets/); nothing is
// loaded from another site, so the pages work on a network without internet.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { REPO_ROOT } from './paths';

export const WEB_APPS = ['embed', 'vendor', 'explorer'] as const;

export async function registerWebPages(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(REPO_ROOT, '.build/web'), prefix: '/assets/', decorateReply: false,
    // Bundles are rebuilt in place on every start: let browsers revalidate rather than cache them for good.
    cacheControl: true, maxAge: 0,
  });
  for (const name of WEB_APPS) {
    const file = path.join(REPO_ROOT, 'web', name, 'index.html');
    app.get(`/${name}`, async (_req, reply) => {
      if (!fs.existsSync(file)) return reply.code(404).send({ error: `${name} is not built` });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(file));
    });
  }
}
