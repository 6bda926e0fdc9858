// The service's JSON logger (pino), kept apart from the HTTP server so a process that serves nothing
// (the primary of ./cluster.ts) can log without loading Fastify, Apollo or Prisma.
import pino, { type Logger } from 'pino';

/**
 * What of a request is logged: method, path and client address. The query string is cut off: a client
 * that puts a token or a phone number in the URL must not have it written to the log.
 */
export function requestForLog(req: { method?: string; url?: string; ip?: string; id?: unknown }): Record<string, unknown> {
  const url = typeof req.url === 'string' ? req.url : '';
  const q = url.indexOf('?');
  return { id: req.id, method: req.method, url: q >= 0 ? `${url.slice(0, q)}?[query hidden]` : url, remoteAddress: req.ip };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    // Tokens and passwords never reach the log.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[hidden]' },
    serializers: { req: requestForLog },
  }, destination);
}
