// The shape of a vendor's personal data: which phone numbers and identity numbers are accepted, their
// one normal form (the HMAC of two spellings of one number must be the same digest), and their masks.
// A refusal names the field and a reason code but never repeats the value: error messages reach
// clients and logs, and the value is the very thing to keep out of both.
import { badInput } from '../../graphql/errors';

/** A mainland mobile number: 1, then 3–9, then nine digits. */
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * 13812341234, "138 1234 1234", "138-1234-1234", "+86 138 1234 1234" and "0086…" are one number;
 * returns the 11 digits, or null.
 */
export function normalisePhone(raw: string): string | null {
  let s = raw.replace(/[\s-]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return MOBILE.test(s) ? s : null;
}

export function parsePhone(raw: string, field = 'phone'): string {
  const phone = normalisePhone(raw);
  if (!phone) {
    throw badInput(`${field} 不是有效的大陆手机号 / ${field} is not a mainland mobile number (11 digits, 13x–19x)`, {
      field, reason: 'INVALID_PHONE',
    });
  }
  return phone;
}

/** GB 11643-1999: the weights of the first 17 digits, and the check character for each sum mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** An 18-character resident identity number with a correct check character (x read as X), or null. */
export function normaliseIdNumber(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  return idNumberCheckChar(s.slice(0, 17)) === s[17] ? s : null;
}

export function parseIdNumber(raw: string, field = 'idNumber'): string {
  const id = normaliseIdNumber(raw);
  if (!id) {
    throw badInput(`${field} 不是有效的居民身份证号码（18 位，校验位须正确）/ ${field} is not a valid resident identity number (18 characters with a correct check character)`, {
      field, reason: 'INVALID_ID_NUMBER',
    });
  }
  return id;
}

/**
 * Whether free text holds a mobile number or an identity number, e.g. a disability certificate number
 * (残疾人证号: the identity number and two digits) typed as a priority's evidence reference.
 */
export function holdsPersonalNumber(text: string): boolean {
  if (/(?<!\d)1[3-9]\d{9}(?!\d)/.test(text.replace(/[\s-]/g, ''))) return true;
  for (const run of text.match(/[\dXx]{18,}/g) ?? []) {
    for (let i = 0; i + 18 <= run.length; i++) if (normaliseIdNumber(run.slice(i, i + 18))) return true;
  }
  return false;
}

/** 13812341234 → 138****1234. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** 371302199001011234 → 3713**********1234: the region of issue stays readable, the birth date not. */
export function maskIdNumber(id: string): string {
  if (id.length < 9) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
