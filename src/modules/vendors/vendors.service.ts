// Vendor profiles (摊主): registration by the bureau, the vendor's own edits, verified priority
// categories, and the staff's look-ups. Phone and identity number are stored only encrypted, with an
// HMAC for exact look-up and for the database's uniqueness per city; the audit trail keeps masked
// values, never the clear ones nor the ciphertexts.
import crypto from 'node:crypto';
import { Prisma, type Account, type PriorityCategory } from '@prisma/client';
import type { Database, Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { ApiError, badInput, conflict, notFound, sqlState } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { textProblem, throwProblems } from '../accounts/accounts.validation';
import { hashPassword } from '../accounts/password-hash';
import { recordAudit, type Actor } from '../audit/audit.service';
import { fieldContext, piiFor, type Pii } from './pii';
import { holdsPersonalNumber, maskIdNumber, maskPhone, parseIdNumber, parsePhone } from './pii-format';
import type { VendorRow } from './vendors.models';
import * as sql from './vendors.sql';

type Writer = Actor & { viewer: Viewer };

export const NAME_MAX = 50;
export const BUSINESS_TYPES_MAX = 20;

export function cleanName(raw: string, field: string): string {
  throwProblems([textProblem(field, raw, NAME_MAX)]);
  const name = raw.trim();
  if (!name) throw badInput(`${field} 不能为空 / ${field} must not be blank`, { field, reason: 'BLANK_NAME' });
  return name;
}

function cleanTypes(raw: readonly string[], field: string): string[] {
  const types = [...new Set(raw.map((t) => t.trim()))];
  throwProblems(types.map((t, i) => textProblem(`${field}[${i}]`, t, 40, 1)));
  if (types.length > BUSINESS_TYPES_MAX) throw badInput(`${field} 最多 ${BUSINESS_TYPES_MAX} 项 / ${field}: at most ${BUSINESS_TYPES_MAX}`, { field });
  return types;
}

async function assertKnownTypes(tx: Db, cityId: string, types: string[], field: string): Promise<void> {
  if (!types.length) return;
  const known = await tx.businessType.findMany({ where: { cityId, code: { in: types }, active: true }, select: { code: true } });
  const unknown = types.filter((t) => !known.some((k) => k.code === t));
  if (unknown.length) {
    throw badInput(`未知或已停用的业态 / unknown or retired business types: ${unknown.join(', ')}`, { field, reason: 'UNKNOWN_BUSINESS_TYPE', unknown });
  }
}

/** Refuses a phone or identity number another vendor of the city already has (without saying whose). */
async function assertFree(tx: Db, cityId: string, d: { phoneHmac?: string; idNumberHmac?: string }, except?: string) {
  if (d.phoneHmac) {
    const p = await tx.vendorProfile.findUnique({ where: { cityId_phoneHmac: { cityId, phoneHmac: d.phoneHmac } }, select: { accountId: true } });
    if (p && p.accountId !== except) throw conflict('该手机号已登记 / this phone number is already registered', { field: 'phone', reason: 'PHONE_TAKEN' });
  }
  if (d.idNumberHmac) {
    const p = await tx.vendorProfile.findUnique({ where: { cityId_idNumberHmac: { cityId, idNumberHmac: d.idNumberHmac } }, select: { accountId: true } });
    if (p && p.accountId !== except) throw conflict('该身份证号已登记 / this identity number is already registered', { field: 'idNumber', reason: 'ID_NUMBER_TAKEN' });
  }
}

/** Two writers racing for one phone or identity number: the database's unique index decides, as CONFLICT. */
export async function onUniqueViolation<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const prismaUnique = e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
    if (prismaUnique || sqlState(e) === '23505') {
      throw conflict('手机号或身份证号已登记 / the phone or identity number is already registered', { reason: 'ALREADY_REGISTERED' });
    }
    throw e;
  }
}

/** What the audit trail keeps of a vendor: masked personal data only. */
export function auditView(pii: Pii, r: VendorRow) {
  return {
    accountId: r.accountId, name: r.name, businessTypes: r.businessTypes,
    phoneMasked: maskPhone(pii.decrypt(r.phoneEnc, fieldContext(r.cityId, r.accountId, 'phone'))),
    idNumberMasked: r.idNumberEnc ? maskIdNumber(pii.decrypt(r.idNumberEnc, fieldContext(r.cityId, r.accountId, 'idNumber'))) : null,
    priorities: r.priorities.map((p) => ({ category: p.category, evidenceRef: p.evidenceRef, verifiedBy: p.verifiedBy })),
  };
}

/** Vendors sign in by code: their password is random bytes nobody knows, hashed like every password. */
export const unusablePassword = () => hashPassword(crypto.randomBytes(32).toString('base64url'));

/** The vendor signing themself up (their first sign-in by code). */
export interface SelfSignUp {
  self: true;
  requestId: string | null;
}

export interface VendorSeed {
  name: string;
  /** normalised (parsePhone) */
  phone: string;
  /** normalised (parseIdNumber) */
  idNumber: string | null;
  businessTypes: string[];
}

/**
 * A VENDOR account and its profile, with the audit row, inside `tx`. The username tells nothing of
 * the phone ('v' + random hex). A first sign-in by code is recorded as the new vendor's own act.
 */
export async function insertVendor(
  tx: Db, pii: Pii, actor: Actor | SelfSignUp, cityId: string, v: VendorSeed, passwordHash: string, operation: string,
): Promise<{ account: Account; row: VendorRow }> {
  await assertFree(tx, cityId, { phoneHmac: pii.hmac('phone', v.phone), idNumberHmac: v.idNumber ? pii.hmac('idNumber', v.idNumber) : undefined });
  const account = await tx.account.create({
    data: { cityId, username: `v${crypto.randomBytes(8).toString('hex')}`, displayName: v.name, passwordHash, role: 'VENDOR' },
  });
  const row = await insertProfile(tx, pii, cityId, account.id, v);
  const by: Actor = !('self' in actor) ? actor : {
    requestId: actor.requestId,
    viewer: { accountId: account.id, cityId, username: account.username, role: 'VENDOR', districtIds: [], zoneId: null, via: 'session' },
  };
  await recordAudit(tx, by, { cityId, operation, entityType: 'VendorProfile', entityId: account.id, after: auditView(pii, row) });
  return { account, row };
}

/**
 * The profile of an existing VENDOR account, encrypted, without an audit row (the caller writes it,
 * or is the demo seed). `v` must be normalised (parsePhone, parseIdNumber).
 */
export async function insertProfile(tx: Db, pii: Pii, cityId: string, accountId: string, v: VendorSeed): Promise<VendorRow> {
  const idNumberHmac = v.idNumber ? pii.hmac('idNumber', v.idNumber) : null;
  await tx.vendorProfile.create({
    data: {
      cityId, accountId, name: v.name, businessTypes: v.businessTypes,
      phoneEnc: pii.encrypt(v.phone, fieldContext(cityId, accountId, 'phone')), phoneHmac: pii.hmac('phone', v.phone),
      idNumberEnc: v.idNumber ? pii.encrypt(v.idNumber, fieldContext(cityId, accountId, 'idNumber')) : null,
      idNumberHmac,
    },
  });
  return (await sql.vendorRow(tx, cityId, accountId))!;
}

export interface RegisterVendor {
  name: string;
  phone: string;
  idNumber?: string | null;
  businessTypes?: string[] | null;
}

export async function registerVendor(db: Database, w: Writer, input: RegisterVendor): Promise<VendorRow> {
  const seed: VendorSeed = {
    name: cleanName(input.name, 'input.name'),
    phone: parsePhone(input.phone, 'input.phone'),
    idNumber: input.idNumber != null ? parseIdNumber(input.idNumber, 'input.idNumber') : null,
    businessTypes: cleanTypes(input.businessTypes ?? [], 'input.businessTypes'),
  };
  const [pii, passwordHash] = await Promise.all([piiFor(db), unusablePassword()]);
  const cityId = w.viewer.cityId;
  return onUniqueViolation(db.prisma.$transaction(async (tx) => {
    await assertKnownTypes(tx, cityId, seed.businessTypes, 'input.businessTypes');
    return (await insertVendor(tx, pii, w, cityId, seed, passwordHash, 'registerVendor')).row;
  }));
}

export interface VendorPatch {
  name?: string | null;
  idNumber?: string | null;
  businessTypes?: string[] | null;
}

/** The signed-in vendor's own profile: name, identity number, business types (not the phone: it is the sign-in). */
export async function updateMyVendorProfile(db: Database, w: Writer, input: VendorPatch): Promise<VendorRow> {
  const name = input.name != null ? cleanName(input.name, 'input.name') : undefined;
  const idNumber = input.idNumber != null ? parseIdNumber(input.idNumber, 'input.idNumber') : undefined;
  const businessTypes = input.businessTypes != null ? cleanTypes(input.businessTypes, 'input.businessTypes') : undefined;
  if (name === undefined && idNumber === undefined && businessTypes === undefined) {
    throw badInput('没有要修改的内容 / nothing to change: give name, idNumber or businessTypes', { reason: 'NOTHING_TO_CHANGE' });
  }
  const pii = await piiFor(db);
  const { cityId, accountId } = w.viewer;
  return onUniqueViolation(db.prisma.$transaction(async (tx) => {
    const before = await sql.vendorRow(tx, cityId, accountId);
    if (!before) throw notFound('摊主资料', 'vendor profile', accountId);
    const idNumberHmac = idNumber ? pii.hmac('idNumber', idNumber) : undefined;
    await assertFree(tx, cityId, { idNumberHmac }, accountId);
    if (businessTypes) await assertKnownTypes(tx, cityId, businessTypes, 'input.businessTypes');
    await tx.vendorProfile.update({
      where: { cityId_accountId: { cityId, accountId } },
      data: {
        name, businessTypes, updatedAt: new Date(),
        ...(idNumber ? { idNumberEnc: pii.encrypt(idNumber, fieldContext(cityId, accountId, 'idNumber')), idNumberHmac } : {}),
      },
    });
    if (name) await tx.account.update({ where: { cityId_id: { cityId, id: accountId } }, data: { displayName: name } });
    const after = (await sql.vendorRow(tx, cityId, accountId))!;
    await recordAudit(tx, w, {
      cityId, operation: 'updateMyVendorProfile', entityType: 'VendorProfile', entityId: accountId,
      before: auditView(pii, before), after: auditView(pii, after),
    });
    return after;
  }));
}

/** Adds (or re-verifies) a priority category, or removes one; `evidenceRef` null removes. */
export async function setPriority(
  db: Database, w: Writer, rawAccountId: string, category: PriorityCategory, evidenceRef: string | null,
): Promise<VendorRow> {
  const accountId = parseId(rawAccountId, 'accountId');
  let evidence: string | null = null;
  if (evidenceRef !== null) {
    throwProblems([textProblem('evidenceRef', evidenceRef, 200)]);
    evidence = evidenceRef.trim();
    if (!evidence) throw badInput('evidenceRef 不能为空 / evidenceRef must not be blank', { field: 'evidenceRef', reason: 'BLANK_EVIDENCE' });
    // Assistants and the audit trail see the reference: it must not carry the numbers kept encrypted.
    if (holdsPersonalNumber(evidence)) {
      throw badInput('evidenceRef 不得含身份证号或手机号，请填档案编号 / evidenceRef must not hold an identity or phone number: give a file reference', {
        field: 'evidenceRef', reason: 'EVIDENCE_HOLDS_PERSONAL_DATA',
      });
    }
  }
  const pii = await piiFor(db);
  const cityId = w.viewer.cityId;
  return db.prisma.$transaction(async (tx) => {
    const before = await sql.vendorRow(tx, cityId, accountId);
    if (!before) throw notFound('摊主', 'vendor', accountId);
    const key = { cityId_accountId_category: { cityId, accountId, category } };
    if (evidence === null) {
      if (!before.priorities.some((p) => p.category === category)) {
        throw new ApiError('NOT_FOUND', `该摊主没有已核实的类别 / the vendor has no verified category ${category}`, { reason: 'NO_SUCH_PRIORITY' });
      }
      await tx.vendorPriority.delete({ where: key });
    } else {
      const verified = { evidenceRef: evidence, verifiedBy: w.viewer.accountId, verifiedAt: new Date() };
      await tx.vendorPriority.upsert({ where: key, create: { cityId, accountId, category, ...verified }, update: verified });
    }
    const after = (await sql.vendorRow(tx, cityId, accountId))!;
    await recordAudit(tx, w, {
      cityId, operation: evidence === null ? 'removeVendorPriority' : 'verifyVendorPriority', entityType: 'VendorProfile',
      entityId: accountId, before: auditView(pii, before), after: auditView(pii, after),
    });
    return after;
  });
}
