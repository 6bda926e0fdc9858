// Password hashes, computed off the event loop. New hashes are scrypt (node:crypto: memory-hard, and
// computed on libuv's thread pool, so a burst of sign-ins no longer stalls every other request the way
// bcryptjs did, which hashes in JavaScript on the event loop). They are stored self-describing,
// `scrypt$N$r$p$<salt base64>$<hash base64>`, so the cost can be raised later and old hashes still
// verify. bcrypt hashes from before still verify (on the event loop: acceptable only because a
// successful sign-in replaces them with scrypt once, see needsRehash).
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 1: 32 MiB per hash and, measured here, about the time of bcrypt cost 11 (the former default). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const BCRYPT = /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/;

export type HashScheme = 'scrypt' | 'bcrypt' | 'unknown';

function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  // Node's default memory cap (32 MiB) is exactly 128·N·r at the default cost: give it headroom.
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  // NFC: the same password typed on different systems (composed or decomposed accents) hashes alike.
  const input = password.normalize('NFC');
  return new Promise((resolve, reject) => {
    crypto.scrypt(input, salt, keylen, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** The parts of a stored scrypt hash; null for anything else, or for parameters out of sane bounds
 *  (a damaged row must not make a sign-in allocate gigabytes). */
function parseScrypt(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < 2 ** 10 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4], 'base64');
  const hash = Buffer.from(m[5], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { params: { N, r, p }, salt, hash };
}

export function schemeOf(stored: string): HashScheme {
  if (parseScrypt(stored)) return 'scrypt';
  return BCRYPT.test(stored) ? 'bcrypt' : 'unknown';
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const s = parseScrypt(stored);
  if (s) {
    const key = await scrypt(password, s.salt, s.hash.length, s.params);
    return crypto.timingSafeEqual(key, s.hash);
  }
  if (BCRYPT.test(stored)) return bcrypt.compare(password, stored);
  return false;
}

/**
 * The work of one verification against nobody's hash, for a sign-in as an unknown user: it costs what
 * a real one costs, so the answer's timing does not tell which usernames exist. (A legacy bcrypt
 * account costs what its own cost factor costs until its first sign-in rehashes it.)
 */
export async function verifyNobody(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<false> {
  const key = await scrypt(password, crypto.randomBytes(SALT_BYTES), KEY_BYTES, params);
  crypto.timingSafeEqual(key, Buffer.alloc(KEY_BYTES));
  return false;
}

/** A stored hash to replace at the next successful sign-in: bcrypt, or scrypt weaker than `params`. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const s = parseScrypt(stored);
  if (!s) return true;
  return s.params.N < params.N || s.params.r < params.r || s.params.p < params.p;
}
