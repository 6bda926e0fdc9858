// The environment, parsed once at start. Every problem is reported together, so an operator fixes a
// bad deployment in one pass rather than one variable at a time.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The basemap under the published map's style (src/modules/publication/map-style.ts): `none` (a plain
 * background, nothing fetched from another site), a raster XYZ URL template, or `tianditu` (天地图, with
 * its browser key, which ends up in the public style: give it a domain whitelist at Tianditu).
 */
function basemapShape() {
  return {
    BIANMIN_BASEMAP: z
      .string()
      .trim()
      .default('none')
      .refine((v) => v === 'none' || v === 'tianditu' || (/^https?:\/\/\S+$/.test(v) && /\{(z|quadkey|bbox-epsg-3857)\}/.test(v)),
        'must be none, tianditu or a raster tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    BIANMIN_TIANDITU_KEY: z.string().trim().regex(/^[A-Za-z0-9]{8,64}$/, 'must be a Tianditu key (letters and digits)').optional()
      .or(z.literal('').transform(() => undefined)),
    BIANMIN_BASEMAP_ATTRIBUTION: z.string().trim().max(300).optional(),
  };
}

const tiandituNeedsKey = (c: { BIANMIN_BASEMAP?: string; BIANMIN_TIANDITU_KEY?: string }) => c.BIANMIN_BASEMAP !== 'tianditu' || !!c.BIANMIN_TIANDITU_KEY;
// `when`: checked even when another variable is wrong too, so every problem is reported at once.
const TIANDITU_KEY_MISSING = { path: ['BIANMIN_TIANDITU_KEY'], message: 'is required when BIANMIN_BASEMAP is tianditu', when: () => true };
const basemapSchema = z.object(basemapShape()).refine(tiandituNeedsKey, TIANDITU_KEY_MISSING);

export type BasemapConfig = z.infer<typeof basemapSchema>;

/** The basemap keys alone (the map routes read them; loadConfig has checked them at start). */
export function basemapConfig(env: NodeJS.ProcessEnv = process.env): BasemapConfig {
  const parsed = basemapSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`配置错误 / invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BIANMIN_DATA_DIR: z.string().default(path.resolve('data')),
  BIANMIN_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  BIANMIN_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // The key of vendors' personal data (src/modules/vendors/pii.ts); unset: generated once and kept in
  // the database. The message never repeats the value: it is a secret.
  BIANMIN_PII_KEY: z
    .string()
    .refine((s) => parseKey32(s) !== null, 'must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BIANMIN_TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  BIANMIN_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(11),
  BIANMIN_SEED: z.enum(['demo', 'none']).default('demo'),
  // Processes sharing the port on a server database (node:cluster); 1 serves from one process. The
  // embedded database is always one process: PGlite lives inside it and its folder is locked.
  BIANMIN_WORKERS: z.coerce.number().int().min(1, 'must be at least 1').max(256).default(() => os.availableParallelism()),
  // Sign-permit attachments (src/modules/signs/files.service.ts): where the bytes go (default: files/
  // in the data folder) and the largest upload.
  BIANMIN_FILES_DIR: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  BIANMIN_UPLOAD_MAX_BYTES: z.coerce.number().int().min(64 * 1024, 'must be at least 65536').max(200 * 1024 * 1024, 'must be at most 200 MiB').optional(),
  // Behind a reverse proxy: whose X-Forwarded-For / -Proto / -Host to believe (Fastify's trustProxy) —
  // `true` (any), a number of hops, or proxy addresses/CIDRs separated by commas. It decides the client
  // address the sign-in limits count and the scheme and host of the map's absolute URLs.
  BIANMIN_TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): boolean | number | string => {
      if (!v || v === 'false') return false;
      if (v === 'true') return true;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      if (v.split(',').every((p) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(p.trim()))) return v;
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a number of proxy hops, or proxy addresses/CIDRs separated by commas' });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...basemapShape(),
}).refine(tiandituNeedsKey, TIANDITU_KEY_MISSING);

export type Config = z.infer<typeof schema>;

/** A 32-byte key written as 64 hex digits or as base64 (standard or URL-safe, padding optional); null otherwise. */
export function parseKey32(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return null;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A database URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
