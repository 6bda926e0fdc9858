// Accounts and API tokens. Every change writes its audit row in the same transaction.
import type { PrismaClient, Role } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { hashApiToken, hashPassword, newApiTokenValue } from './auth.service';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  districtIds?: string[] | null;
  zoneId?: string | null;
}

const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,39}$/;

function validateAccount(a: NewAccount): void {
  const problems: string[] = [];
  if (!USERNAME.test(a.username)) problems.push('用户名须为 3–40 位小写字母、数字、._- / username: 3–40 of a-z 0-9 . _ -');
  if (a.password.length < 8) problems.push('密码至少 8 位 / password: at least 8 characters');
  if (!a.displayName.trim()) problems.push('姓名不能为空 / displayName must not be blank');
  const districts = a.districtIds ?? [];
  if ((a.role === 'OFFICER' || a.role === 'ASSISTANT') && districts.length === 0) {
    problems.push('执法人员和协管员须至少有一个辖区 / officers and assistants need at least one district');
  }
  if (a.role === 'ZONE_MANAGER' && !a.zoneId) problems.push('自治区域负责人须指定区域 / a zone manager needs zoneId');
  if (a.role !== 'ZONE_MANAGER' && a.zoneId) problems.push('只有自治区域负责人可指定区域 / only a zone manager has a zoneId');
  if (problems.length) throw badInput(problems.join('; '), { problems });
}

export async function createAccount(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, a: NewAccount, bcryptCost: number) {
  validateAccount(a);
  const cityId = actor.viewer.cityId;
  const districtIds = [...new Set(a.districtIds ?? [])];
  const passwordHash = await hashPassword(a.password, bcryptCost);
  return prisma.$transaction(async (tx) => {
    if (await tx.account.findUnique({ where: { username: a.username } })) {
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

export async function setAccountActive(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, id: string, active: boolean) {
  const cityId = actor.viewer.cityId;
  if (id === actor.viewer.accountId && !active) throw badInput('不能停用自己的账号 / you cannot deactivate your own account');
  return prisma.$transaction(async (tx) => {
    const before = await tx.account.findUnique({ where: { cityId_id: { cityId, id } } });
    if (!before) throw notFound('账号', 'account', id);
    const after = await tx.account.update({ where: { cityId_id: { cityId, id } }, data: { active } });
    await recordAudit(tx, actor, { cityId, operation: 'setAccountActive', entityType: 'Account', entityId: id, before, after });
    return after;
  });
}

export async function createApiToken(prisma: PrismaClient, actor: Actor & { viewer: Viewer }, name: string, expiresInDays?: number | null) {
  const v = actor.viewer;
  if (!name.trim() || name.length > 100) throw badInput('令牌名称须为 1–100 个字符 / name: 1–100 characters');
  if (expiresInDays != null && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)) {
    throw badInput('有效天数须在 1 到 3650 之间 / expiresInDays must be between 1 and 3650');
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
  return prisma.$transaction(async (tx) => {
    const before = await tx.apiToken.findUnique({ where: { cityId_id: { cityId: v.cityId, id } } });
    // Someone else's token is reported as missing: its existence is not the caller's business.
    if (!before || (before.accountId !== v.accountId && v.role !== 'ADMIN')) throw notFound('令牌', 'API token', id);
    if (before.revokedAt) return before;
    const after = await tx.apiToken.update({ where: { cityId_id: { cityId: v.cityId, id } }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { cityId: v.cityId, operation: 'revokeApiToken', entityType: 'ApiToken', entityId: id, before, after });
    return after;
  });
}
