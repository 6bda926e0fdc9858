// Vendors' personal data at rest: AES-256-GCM for what must be read back (phone, identity number) and
// HMAC-SHA-256 for exact look-up without decrypting every row. Both keys are derived (HKDF) from one
// secret — BIANMIN_PII_KEY, or one generated once and kept in server_secret like the JWT secret — so a
// leaked HMAC key does not also give the encryption key. A stored value is `v1:` + base64(iv ‖ tag ‖
// ciphertext): the prefix names the key version, so a later key can be added beside this one and rows
// re-encrypted at leisure. The ciphertext is bound to its row and column (GCM additional data), so a
// value copied into another vendor's row or another column fails to decrypt instead of being shown.
// Nothing here ever puts a clear value into an error message.
import crypto from 'node:crypto';
import { ConfigError, parseKey32 } from '../../config';
import type { Database } from '../../db/database';
import { keptSecret } from '../accounts/auth.service';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The server_secret row of a generated key. */
export const PII_SECRET_NAME = 'pii';

/** What a value is, for its HMAC: a phone and an identity number never share a digest. */
export type LookupKind = 'phone' | 'idNumber' | 'loginCode';

/** The stored value could not be read: another key, or altered data. Says nothing of the value. */
export class PiiDecryptError extends Error {
  constructor() {
    super('个人信息无法解密（密钥不符或数据被改动）/ personal data could not be decrypted: another BIANMIN_PII_KEY, or altered data');
  }
}

const derive = (secret: Buffer, info: string) => Buffer.from(crypto.hkdfSync('sha256', secret, 'bianmin-pii', info, 32));

export class Pii {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new ConfigError('BIANMIN_PII_KEY: must be 32 bytes');
    this.encKey = derive(secret, `aes-256-gcm ${VERSION}`);
    this.macKey = derive(secret, 'hmac-sha256 lookup');
  }

  /** `context` names the row and column (see fieldContext): decryption needs the same one. */
  encrypt(plain: string, context: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string, context: string): string {
    const sep = stored.indexOf(':');
    if (sep < 0 || stored.slice(0, sep) !== VERSION) throw new PiiDecryptError();
    const raw = Buffer.from(stored.slice(sep + 1), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiDecryptError();
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // node's own message is harmless, but one message for every failure keeps the log uniform.
      throw new PiiDecryptError();
    }
  }

  /** Hex HMAC of a normalised value, the same for the same value: for unique keys and exact look-up. */
  hmac(kind: LookupKind, value: string): string {
    return crypto.createHmac('sha256', this.macKey).update(`${kind}\u0000${value}`, 'utf8').digest('hex');
  }

  /** Constant-time comparison of two hex digests made by hmac(). */
  static sameDigest(a: string, b: string): boolean {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && x.length > 0 && crypto.timingSafeEqual(x, y);
  }
}

/** The additional data binding a ciphertext to one column of one vendor's row. */
export function fieldContext(cityId: string, accountId: string, field: 'phone' | 'idNumber'): string {
  return `vendor_profile/${cityId}/${accountId}/${field}`;
}

/** The key from the environment's text, or the one kept in the database (generated on first use). */
export async function loadPii(db: Database, fromEnv: string | undefined): Promise<Pii> {
  if (fromEnv) {
    const key = parseKey32(fromEnv);
    if (!key) throw new ConfigError('配置错误 / invalid configuration:\n  BIANMIN_PII_KEY: must be 32 bytes as 64 hex digits or base64');
    return new Pii(key);
  }
  const kept = await keptSecret(db, PII_SECRET_NAME, () => crypto.randomBytes(32).toString('base64'));
  const key = parseKey32(kept);
  if (!key) throw new ConfigError(`server_secret '${PII_SECRET_NAME}' is not a 32-byte key`);
  return new Pii(key);
}

const byDatabase = new WeakMap<Database, Promise<Pii>>();

/**
 * The service's Pii for a database, read once: BIANMIN_PII_KEY (checked by loadConfig at start, so a
 * bad key stops the service before it serves) or the kept key. A failed load is not cached.
 */
export function piiFor(db: Database): Promise<Pii> {
  let p = byDatabase.get(db);
  if (!p) {
    p = loadPii(db, process.env.BIANMIN_PII_KEY || undefined);
    byDatabase.set(db, p);
    p.catch(() => byDatabase.delete(db));
  }
  return p;
}
