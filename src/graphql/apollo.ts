// Apollo Server with the house rules: typed errors pass through, anything unexpected is masked (no
// stack, SQL or table names reach the client) and logged with the request id, which every error in
// the response also carries; depth, cost, alias, token and directive limits from graphql-armor.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from './context';
import { databaseErrorText } from './errors';
import { inputGuard } from './input-guard';
import { resolvers, typeDefs } from './schema';

/** Codes whose messages are written for the client: ours, and Apollo's and graphql-armor's own. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'TOO_MANY_REQUESTS',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Tokens of one GraphQL document: far above any real operation, far below a costly parse. */
export const MAX_TOKENS = 3000;

export const MASKED_MESSAGE = '服务器内部错误，请凭请求编号联系管理员 / internal server error: quote the requestId to the administrator';

function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError && CLIENT_CODES.has(String(original.extensions?.code));
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isClientError(error)) return formatted;
  // Validation errors raised by graphql-js itself (unknown field, wrong variable type) have no original error.
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && !original.originalError && formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
    return formatted;
  }
  const requestId = formatted.extensions?.requestId;
  return { message: MASKED_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(typeof requestId === 'string' ? { requestId } : {}) } };
}

const requestIdAndLogging: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const e of errors) {
          if (isClientError(e)) continue;
          const original = unwrapResolverError(e);
          contextValue.log.error(
            { requestId: contextValue.requestId, operationName, path: e.path, err: original, detail: databaseErrorText(original) },
            'unexpected error in GraphQL operation',
          );
        }
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single') return;
        for (const e of response.body.singleResult.errors ?? []) {
          const ext = e.extensions as Record<string, unknown>;
          ext.requestId = contextValue.requestId;
          // A throttled sign-in answers HTTP 429 with Retry-After, as clients and proxies expect.
          if (ext.code === 'TOO_MANY_REQUESTS' && typeof ext.retryAfterSeconds === 'number') {
            response.http.status = 429;
            response.http.headers.set('retry-after', String(Math.ceil(ext.retryAfterSeconds)));
          }
        }
      },
    };
  },
};

export function createApollo(): ApolloServer<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: 10 },
    costLimit: { maxCost: 5000 },
    maxAliases: { n: 20 },
    // graphql-armor checks tokens in a plugin hook, where a failure answers HTTP 500 and skips the
    // response hooks (no requestId); graphql-js's own parser limit below fails as a parse error: 400.
    maxTokens: { enabled: false },
    maxDirectives: { n: 30 },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return new ApolloServer<Context>({
    typeDefs,
    resolvers,
    ...protection,
    // Apollo's landing page loads Sandbox from Apollo's CDN: browsers are sent to the explorer this
    // service serves instead (explorer-redirect.ts).
    plugins: [...protection.plugins, requestIdAndLogging, inputGuard, ApolloServerPluginLandingPageDisabled()],
    validationRules: [...protection.validationRules],
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError,
    introspection: true,
    // main.ts handles SIGINT/SIGTERM and closes Fastify, which stops Apollo.
    stopOnTerminationSignals: false,
  });
}
