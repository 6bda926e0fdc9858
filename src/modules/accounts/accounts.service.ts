// Accounts and API tokens. Every change writes its audit row in the same transaction, and a change
// to an existing account publishes `account:<id>` so that cached viewers of it go (../../db/changes.ts).
import type { PrismaClient, Role } from '@prisma/client';
import { transactionWithChanges } from '../../db/changes';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import {
  DISPLAY_NAME_MAX, TOKEN_NAME_MAX, USERNAME_MAX, USERNAME_PATTERN, newPasswordProblem, textProblem, throwProblems, type Problem,
} from './accounts.validation';
import { hashApiToken, newApiTokenValue } from './auth.service';
import { hashPassword } from './password-hash';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  districtIds?: string[] | null;
  zoneId?: string | null;
}

/** Problems are named as the client wrote them (input.username), like the schema's own bounds. */
function validateAccount(a: NewAccount): void {
  const problems: (Problem | null)[] = [
    textProblem('input.username', a.username, USERNAME_MAX),
    newPasswordProblem('input.password', a.password),
    textProblem('input.displayName', a.displayName, DISPLAY_NAME_MAX),
  ];
  if (!problems[0] && !USERNAME_PATTERN.test(a.username)) {
    problems.push({ field: 'input.username', message: '用户名须为 3–40 位小写字母、数字、._- / username: 3–40 of a-z 0-9 . _ -' });
  }
  if (!problems[2] && !a.displayName.trim()) problems.push({ field: 'input.displayName', message: '姓名不能为空 / displayName must not be blank' });
  const districts = a.districtIds ?? [];
  if ((a.role === 'OFFICER' || a.role === 'ASSISTANT') && districts.length === 0) {
    problems.push({ field: 'input.districtIds', message: '执法人员和协管员须至少有一个辖区 / officers and assistants need at least one district' });
  }
  if (a.role === 'ZONE_MANAGER' && !a.zoneId) problems.push({ field: 'input.zoneId', message: '自治区域负责人须指定区域 / a zone manager needs zoneId' });
  if (a.role !== 'ZONE_MANAGER' && a.zoneId) problems.push({ field: 'input.zoneId', message: '只有自治区域负责人可指定区域 / only a zone manager has a zoneId' });
  throwProblems(problems);
}

export async function createAccount(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, a: NewAccount) {
  validateAccount(a);
  const cityId = actor.viewer.cityId;
  const districtIds = [...new Set(a.districtIds ?? [])];
  const passwordHash = await hashPassword(a.password);
  return prisma.$transaction(async (tx) => {
    // Usernames are unique across every city: the directory holds them all.
    if (await tx.accountDirectory.findUnique({ where: { username: a.username } })) {
      throw conflict(`用户名已存在 / username already taken: ${a.username}`);
    }
    const found = await tx.district.count({ where: { cityId, id: { in: districtIds } } });
    if (found !== districtIds.length) throw badInput('有辖区不属于本市 / a district is not in this city');
    if (a.zoneId && !(await tx.zone.findFirst({ where: { cityId, id: a.zoneId, status: 'ACTIVE' }, select: { id: true } }))) {
      throw notFound('区域', 'zone', a.zoneId);
    }
    const account = await tx.account.create({
      data: {
        cityId,
        username: a.username,
        displayName: a.displayName.trim(),
        passwordHash,
        role: a.role,
        zoneId: a.zoneId ?? null,
        districts: { create: districtIds.map((districtId) => ({ districtId })) },
      },
    });
    await recordAudit(tx, actor, {
      cityId, operation: 'createAccount', entityType: 'Account', entityId: account.id,
      after: { ...account, districtIds },
    });
    return account;
  });
}

/** Deactivation also ends the account's sessions for good: reactivating it does not revive them. */
export async function setAccountActive(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, id: string, active: boolean, now = new Date()) {
  const cityId = actor.viewer.cityId;
  if (id === actor.viewer.accountId && !active) throw badInput('不能停用自己的账号 / you cannot deactivate your own account');
  return transactionWithChanges(prisma, async (tx, publish) => {
    const before = await tx.account.findUnique({ where: { cityId_id: { cityId, id } } });
    if (!before) throw notFound('账号', 'account', id);
    const after = await tx.account.update({ where: { cityId_id: { cityId, id } }, data: active ? { active } : { active, sessionsValidAfter: now } });
    await publish({ kind: 'account', id });
    await recordAudit(tx, actor, { cityId, operation: 'setAccountActive', entityType: 'Account', entityId: id, before, after });
    return after;
  });
}

export async function createApiToken(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, name: string, expiresInDays?: number | null) {
  const v = actor.viewer;
  throwProblems([textProblem('name', name, TOKEN_NAME_MAX)]);
  if (!name.trim()) throw badInput(`令牌名称须为 1–${TOKEN_NAME_MAX} 个字符 / name: 1–${TOKEN_NAME_MAX} characters`, { field: 'name' });
  if (expiresInDays != null && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)) {
    throw badInput('有效天数须在 1 到 3650 之间 / expiresInDays must be between 1 and 3650', { field: 'expiresInDays' });
  }
  const token = newApiTokenValue();
  const apiToken = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        cityId: v.cityId, accountId: v.accountId, name: name.trim(), tokenHash: hashApiToken(token),
        prefix: token.slice(0, 10),
        expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86400_000) : null,
      },
    });
    await recordAudit(tx, actor, { cityId: v.cityId, operation: 'createApiToken', entityType: 'ApiToken', entityId: row.id, after: row });
    return row;
  });
  return { token, apiToken };
}

export async function revokeApiToken(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, id: string) {
  const v = actor.viewer;
  return transactionWithChanges(prisma, async (tx, publish) => {
    const before = await tx.apiToken.findUnique({ where: { cityId_id: { cityId: v.cityId, id } } });
    // Someone else's token is reported as missing: its existence is not the caller's business.
    if (!before || (before.accountId !== v.accountId && v.role !== 'ADMIN')) throw notFound('令牌', 'API token', id);
    if (before.revokedAt) return before;
    const after = await tx.apiToken.update({ where: { cityId_id: { cityId: v.cityId, id } }, data: { revokedAt: new Date() } });
    await publish({ kind: 'account', id: before.accountId });
    await recordAudit(tx, actor, { cityId: v.cityId, operation: 'revokeApiToken', entityType: 'ApiToken', entityId: id, before, after });
    return after;
  });
}
