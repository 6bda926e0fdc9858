// The HTTP details of the map endpoints: reading the path's parts, conditional requests (a strong ETag
// per encoding, 304 on a match) and the JSON error answer. Kept apart from the routes so each rule
// is in one place.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Crs } from '../../geo/input';
import { parseCrsParam } from '../../geo/output';
import { databaseErrorText } from '../../graphql/errors';
import { MapRequestError } from './tiles.service';

export const MAX_ZOOM = 22;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const bad = (message: string) => new MapRequestError(400, 'BAD_USER_INPUT', message);
const missing = (message: string) => new MapRequestError(404, 'NOT_FOUND', message);

/** A published version number, or 'latest'. */
export function parseVersion(raw: string): number | 'latest' {
  if (raw === 'latest') return 'latest';
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) throw bad(`版本须为正整数或 latest / the version must be a positive integer or latest: ${raw.slice(0, 20)}`);
  return Number(raw);
}

/** z, x and y of a tile; `file` is `{y}.mvt`. */
export function parseTile(zRaw: string, xRaw: string, file: string): { z: number; x: number; y: number } {
  const m = /^(.*)\.mvt$/.exec(file);
  if (!m) throw missing(`未知的资源 / unknown resource: ${file.slice(0, 40)} (tiles end in .mvt)`);
  const [z, x, y] = [zRaw, xRaw, m[1]].map((p) => (/^[0-9]{1,10}$/.test(p) ? Number(p) : NaN));
  if (!Number.isInteger(z) || z > MAX_ZOOM) throw bad(`缩放级别须为 0–${MAX_ZOOM} 的整数 / z must be an integer from 0 to ${MAX_ZOOM}`);
  if (!Number.isInteger(x) || !Number.isInteger(y) || x >= 2 ** z || y >= 2 ** z) {
    throw bad(`瓦片坐标须为 0 到 ${2 ** z - 1} 的整数 / x and y must be integers from 0 to ${2 ** z - 1} at zoom ${z}`);
  }
  return { z, x, y };
}

export function parseCrs(query: unknown): Crs {
  const value = (query as Record<string, unknown> | null)?.crs;
  const crs = parseCrsParam(value);
  if (!crs) throw bad(`未知的坐标系 / unknown crs: ${String(value).slice(0, 20)} (WGS84, GCJ02 or BD09)`);
  return crs;
}

/** The origin absolute URLs are built on: the request's protocol and Host (Fastify's trustProxy decides about X-Forwarded-*). */
export function origin(req: FastifyRequest): string {
  const host = req.host;
  if (!/^([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(:[0-9]{1,5})?$/.test(host) && !/^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/.test(host)) {
    throw bad('请求的 Host 头无效 / the request has no valid Host header');
  }
  return `${req.protocol}://${host}`;
}

/** `url` (a path with its query string) with the version segment (the fourth) replaced. */
export function withVersion(url: string, version: number): string {
  const q = url.indexOf('?');
  const [pathPart, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
  const segments = pathPart.split('/');
  segments[3] = String(version);
  return segments.join('/') + query;
}

const ENCODED = /-(gzip|br|deflate)$/;

/**
 * The tag of If-None-Match that names this resource (any encoding of it: the tag sent with gzip ends in
 * -gzip), '*', or null. Weak comparison, as RFC 9110 asks of If-None-Match.
 */
export function matches(ifNoneMatch: string | undefined, etag: string): string | null {
  if (!ifNoneMatch) return null;
  const want = etag.replace(/"/g, '');
  for (const t of ifNoneMatch.split(',')) {
    const tag = t.trim().replace(/^W\//, '');
    const bare = tag.replace(/"/g, '');
    if (bare === '*') return '*';
    if (bare.replace(ENCODED, '') === want) return `"${bare}"`;
  }
  return null;
}

export function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === field.toLowerCase())) reply.header('vary', [...list, field].join(', '));
}

/**
 * An onSend hook, run after @fastify/compress: the same ETag for the gzip and the plain bytes would
 * claim they are identical, so a compressed answer's tag gets the encoding added (as Apache does).
 */
export async function etagPerEncoding(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const encoding = reply.getHeader('content-encoding');
  const etag = reply.getHeader('etag');
  if (reply.statusCode === 200 && typeof encoding === 'string' && encoding !== 'identity' && typeof etag === 'string' && !ENCODED.test(etag.replace(/"/g, ''))) {
    reply.header('etag', `${etag.slice(0, -1)}-${encoding}"`);
  }
  return payload;
}

export function errorHandler(err: Error & { statusCode?: number }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (err instanceof MapRequestError) {
    return reply.code(err.status).send({ error: err.code, message: err.message, requestId: req.id });
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return reply.code(err.statusCode).send({ error: 'BAD_USER_INPUT', message: `请求无效 / bad request: ${err.message.slice(0, 200)}`, requestId: req.id });
  }
  req.log.error({ err, detail: databaseErrorText(err) }, 'map request failed');
  return reply.code(500).send({
    error: 'INTERNAL_SERVER_ERROR', message: '地图暂时无法提供，请稍后再试 / the map is unavailable for the moment, try again later', requestId: req.id,
  });
}
