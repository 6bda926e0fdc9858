// Encryption at rest, look-up digests, the key's source, and the format rules of phone and identity
// numbers: through the functions themselves, and the kept key through a real database.
import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { randomIdNumber, withCheckChar } from '../../../test/helpers/vendors';
import { ConfigError, loadConfig } from '../../config';
import { PII_SECRET_NAME, Pii, PiiDecryptError, fieldContext, loadPii } from './pii';
import { holdsPersonalNumber, maskIdNumber, maskPhone, normaliseIdNumber, normalisePhone, parseIdNumber, parsePhone } from './pii-format';

const key = crypto.randomBytes(32);
const pii = new Pii(key);
const ctx = fieldContext('c1', 'a1', 'phone');

describe('AES-256-GCM', () => {
  it('round-trips, with a fresh IV each time and the version prefix', () => {
    const a = pii.encrypt('13812341234', ctx);
    const b = pii.encrypt('13812341234', ctx);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toContain('13812341234');
    expect(Buffer.from(a.slice(3), 'base64').length).toBe(12 + 16 + 11);
    expect(pii.decrypt(a, ctx)).toBe('13812341234');
    expect(pii.decrypt(b, ctx)).toBe('13812341234');
  });

  it('detects every altered byte (IV, tag or ciphertext), another row or column, another key, another version', () => {
    const stored = pii.encrypt('371302199001011234', ctx);
    const raw = Buffer.from(stored.slice(3), 'base64');
    for (let i = 0; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i] ^= 0x01;
      expect(() => pii.decrypt(`v1:${bad.toString('base64')}`, ctx)).toThrow(PiiDecryptError);
    }
    expect(() => pii.decrypt(`v1:${raw.subarray(0, 20).toString('base64')}`, ctx)).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(stored, fieldContext('c1', 'a2', 'phone'))).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(stored, fieldContext('c1', 'a1', 'idNumber'))).toThrow(PiiDecryptError);
    expect(() => new Pii(crypto.randomBytes(32)).decrypt(stored, ctx)).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(`v2:${stored.slice(3)}`, ctx)).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(stored.slice(3), ctx)).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(`v1:${Buffer.from(raw).fill(7, 30).toString('base64')}`, ctx)).toThrow(/^[^0-9]*$/);
  });

  it('digests: the same value the same, kinds and keys apart, compared in constant time', () => {
    expect(pii.hmac('phone', '13812341234')).toBe(pii.hmac('phone', '13812341234'));
    expect(pii.hmac('phone', '13812341234')).toMatch(/^[0-9a-f]{64}$/);
    expect(pii.hmac('phone', '13812341234')).not.toBe(pii.hmac('idNumber', '13812341234'));
    expect(new Pii(crypto.randomBytes(32)).hmac('phone', '13812341234')).not.toBe(pii.hmac('phone', '13812341234'));
    const d = pii.hmac('loginCode', 'x:123456');
    expect(Pii.sameDigest(d, d)).toBe(true);
    expect(Pii.sameDigest(d, pii.hmac('loginCode', 'x:123457'))).toBe(false);
    expect(Pii.sameDigest(d, '')).toBe(false);
  });
});

describe('the key', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.drop(); });

  it('is generated once and kept in server_secret when BIANMIN_PII_KEY is unset', async () => {
    const [a, b] = await Promise.all([1, 2, 3, 4].map(() => loadPii(db, undefined)));
    const row = await db.prisma.serverSecret.findUniqueOrThrow({ where: { name: PII_SECRET_NAME } });
    expect(Buffer.from(row.value, 'base64').length).toBe(32);
    const again = await loadPii(db, undefined);
    const stored = a.encrypt('13812341234', ctx);
    expect(b.decrypt(stored, ctx)).toBe('13812341234');
    expect(again.decrypt(stored, ctx)).toBe('13812341234');
    expect(new Pii(Buffer.from(row.value, 'base64')).hmac('phone', '1')).toBe(a.hmac('phone', '1'));
  });

  it('from the environment: hex and base64 spell the same key; a bad one is refused without being repeated', async () => {
    const fromHex = await loadPii(db, key.toString('hex'));
    const fromB64 = await loadPii(db, key.toString('base64'));
    const fromUrl = await loadPii(db, key.toString('base64url'));
    const stored = pii.encrypt('x', ctx);
    for (const p of [fromHex, fromB64, fromUrl]) expect(p.decrypt(stored, ctx)).toBe('x');
    const short = crypto.randomBytes(16).toString('hex');
    await expect(loadPii(db, short)).rejects.toThrow(ConfigError);
    for (const bad of [short, 'not-a-key-at-all', crypto.randomBytes(33).toString('base64')]) {
      expect(() => loadConfig({ BIANMIN_PII_KEY: bad })).toThrow(ConfigError);
      try { loadConfig({ BIANMIN_PII_KEY: bad }); } catch (e) {
        expect((e as Error).message).toMatch(/BIANMIN_PII_KEY: must be 32 bytes/);
        expect((e as Error).message).not.toContain(bad);
      }
    }
    expect(loadConfig({ BIANMIN_PII_KEY: key.toString('base64') }).BIANMIN_PII_KEY).toBe(key.toString('base64'));
    expect(loadConfig({ BIANMIN_PII_KEY: '' }).BIANMIN_PII_KEY).toBeUndefined();
  });
});

describe('phone and identity numbers', () => {
  it('accepts mainland mobiles in their usual spellings, and nothing else', () => {
    for (const s of ['13812341234', '138 1234 1234', '138-1234-1234', '+86 138 1234 1234', '+8613812341234', '008613812341234']) {
      expect(normalisePhone(s)).toBe('13812341234');
    }
    for (const s of ['12812341234', '1381234123', '138123412345', '23812341234', '1381234123a', '', '+85213812341234']) {
      expect(normalisePhone(s)).toBeNull();
    }
  });

  it('checks the GB 11643 check character (x read as X)', () => {
    for (let i = 0; i < 50; i++) {
      const id = randomIdNumber();
      expect(normaliseIdNumber(id)).toBe(id);
      const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      expect(normaliseIdNumber(wrong)).toBeNull();
    }
    // One sequence number in eleven gives the check character X.
    const withX = Array.from({ length: 100 }, (_v, n) => withCheckChar(`37130219900101${String(n).padStart(3, '0')}`)).find((id) => id.endsWith('X'))!;
    expect(normaliseIdNumber(withX.toLowerCase())).toBe(withX);
    expect(normaliseIdNumber('37130219900101123')).toBeNull();
    expect(normaliseIdNumber('3713021990010112345')).toBeNull();
  });

  it('finds identity and phone numbers inside free text (an evidence reference)', () => {
    const id = randomIdNumber();
    for (const t of [`残疾人证 ${id}42`, `证号${id.toLowerCase()}`, '电话 138 1234 1234', 'tel:13812341234']) expect(holdsPersonalNumber(t)).toBe(true);
    for (const t of ['低保证 A-2026-0117', '退役证 No. 12', `${id.slice(0, 17)}`, '123456789012345678901', '文件 2026-11-25']) {
      expect([t, holdsPersonalNumber(t)]).toEqual([t, false]);
    }
  });

  it('masks as 138****1234 and 3713**********1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdNumber('371302199001011234')).toBe('3713**********1234');
  });

  it('refuses a bad value with a reason, never repeating it', () => {
    const cases: [() => unknown, string, string][] = [
      [() => parsePhone('1381234123', 'input.phone'), '1381234123', 'INVALID_PHONE'],
      [() => parseIdNumber('371302199001011235'), '371302199001011235', 'INVALID_ID_NUMBER'],
    ];
    for (const [run, value, reason] of cases) {
      try {
        run();
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(GraphQLError);
        expect((e as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
        expect(JSON.stringify({ m: (e as GraphQLError).message, x: (e as GraphQLError).extensions })).not.toContain(value.slice(0, 7));
      }
    }
  });
});
