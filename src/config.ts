// The environment, parsed once at start. Every problem is reported together, so an operator fixes a
// bad deployment in one pass rather than one variable at a time.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

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
  BIANMIN_TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  BIANMIN_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(11),
  BIANMIN_SEED: z.enum(['demo', 'none']).default('demo'),
  // Processes sharing the port on a server database (node:cluster); 1 serves from one process. The
  // embedded database is always one process: PGlite lives inside it and its folder is locked.
  BIANMIN_WORKERS: z.coerce.number().int().min(1, 'must be at least 1').max(256).default(() => os.availableParallelism()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

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
