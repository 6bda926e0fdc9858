// A browser opening /graphql gets the explorer this service serves (/explorer) instead of Apollo's
// landing page, which loads Apollo Sandbox from Apollo's CDN and so fails without internet and is
// blocked or slow in China (the landing page is off in apollo.ts). Clients are not affected: a GET
// that carries an operation (`query`), asks for JSON, or any other method reaches Apollo as before.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const GRAPHQL_PATH = '/graphql';
export const EXPLORER_PATH = '/explorer';

/**
 * A page load rather than an API call: browsers put text/html in Accept when they navigate, GraphQL
 * clients do not. A GET with `query` is an operation even from a browser address bar, so it runs.
 */
export function wantsExplorer(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept?.toLowerCase().includes('text/html')) return false;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path !== GRAPHQL_PATH && path !== `${GRAPHQL_PATH}/`) return false;
  return q === -1 || !new URLSearchParams(url.slice(q + 1)).has('query');
}

export function registerExplorerRedirect(app: FastifyInstance): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!wantsExplorer(req.method, req.url, req.headers.accept)) return;
    // 302, not 301: browsers cache a 301 for good, and a later version may serve something else here.
    return reply.redirect(EXPLORER_PATH, 302);
  });
}
