// Password change (self-service) and reset (by an administrator). Both end every session of the
// account issued before the change (sessionsValidAfter). Revocation of API tokens:
// - a reset also revokes the account's API tokens: a reset means the account was lost, compromised or
//   handed over, and a token made by whoever held it must not outlive it;
// - a change by the owner keeps them: the owner proved the current password and sees, and may revoke,
//   their own tokens (apiTokens, revokeApiToken); their scripts keep running.
// Neither the password nor its hash enters the audit trail (recordAudit drops passwordHash).
import type { PrismaClient } from '@prisma/client';
import { transactionWithChanges } from '../../db/changes';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { PASSWORD_MAX, newPasswordProblem, textProblem, throwProblems } from './accounts.validation';
import type { AuthService } from './auth.service';
import { hashPassword, verifyPassword } from './password-hash';

type SignedIn = Actor & { viewer: Viewer };

export async function changePassword(
  prisma: PrismaClient, auth: AuthService, actor: SignedIn, clientIp: string, currentPassword: string, newPassword: string,
) {
  const v = actor.viewer;
  throwProblems([textProblem('currentPassword', currentPassword, PASSWORD_MAX), newPasswordProblem('newPassword', newPassword)]);
  // The same limit as sign-in: a stolen session must not become a way to guess the password.
  const attempt = await auth.limiter.begin(v.username, clientIp);
  const account = await prisma.account.findUniqueOrThrow({ where: { cityId_id: { cityId: v.cityId, id: v.accountId } } });
  if (!(await verifyPassword(currentPassword, account.passwordHash))) {
    throw badInput('当前密码错误 / the current password is wrong', { field: 'currentPassword' });
  }
  await auth.limiter.succeeded(attempt);
  // Only after the current password is proven: earlier, this answer would confirm a guess.
  if (newPassword.normalize('NFC') === currentPassword.normalize('NFC')) {
    throw badInput('新密码不能与当前密码相同 / the new password must differ from the current one', { field: 'newPassword' });
  }
  const passwordHash = await hashPassword(newPassword);
  const now = auth.now();
  const after = await transactionWithChanges(prisma, async (tx, publish) => {
    // Against the verified hash: of two changes at once, the second is refused rather than silently lost.
    const { count } = await tx.account.updateMany({
      where: { cityId: v.cityId, id: v.accountId, passwordHash: account.passwordHash },
      data: { passwordHash, sessionsValidAfter: now },
    });
    if (count !== 1) throw conflict('密码已被同时修改 / the password was changed meanwhile');
    // Cached viewers of the account's older sessions go now, here and (at commit) in every process.
    await publish({ kind: 'account', id: v.accountId });
    const row = await tx.account.findUniqueOrThrow({ where: { cityId_id: { cityId: v.cityId, id: v.accountId } } });
    await recordAudit(tx, actor, {
      cityId: v.cityId, operation: 'changePassword', entityType: 'Account', entityId: v.accountId,
      before: account, after: row,
    });
    return row;
  });
  // Issued at the same instant as sessionsValidAfter: the one session that survives the change.
  return auth.issueSession(after, now);
}

export async function resetPassword(prisma: PrismaClient, auth: AuthService, actor: SignedIn, accountId: string, newPassword: string) {
  const v = actor.viewer;
  if (accountId === v.accountId) {
    throw badInput('请用 changePassword 修改自己的密码 / change your own password with changePassword', { field: 'accountId' });
  }
  throwProblems([newPasswordProblem('newPassword', newPassword)]);
  const passwordHash = await hashPassword(newPassword);
  const now = auth.now();
  return transactionWithChanges(prisma, async (tx, publish) => {
    // Another city's account is reported as missing, like an unknown one.
    const before = await tx.account.findUnique({ where: { cityId_id: { cityId: v.cityId, id: accountId } } });
    if (!before) throw notFound('账号', 'account', accountId);
    const after = await tx.account.update({
      where: { cityId_id: { cityId: v.cityId, id: accountId } },
      data: { passwordHash, sessionsValidAfter: now },
    });
    await publish({ kind: 'account', id: accountId });
    await recordAudit(tx, actor, {
      cityId: v.cityId, operation: 'resetPassword', entityType: 'Account', entityId: accountId,
      before, after,
    });
    const tokens = await tx.apiToken.findMany({ where: { cityId: v.cityId, accountId, revokedAt: null } });
    for (const token of tokens) {
      const revoked = await tx.apiToken.update({ where: { cityId_id: { cityId: v.cityId, id: token.id } }, data: { revokedAt: now } });
      await recordAudit(tx, actor, {
        cityId: v.cityId, operation: 'resetPassword', entityType: 'ApiToken', entityId: token.id, before: token, after: revoked,
      });
    }
    // The owner, now told the new password, must be able to sign in even if guessing had locked the name.
    await auth.limiter.clearUsername(after.username, tx);
    return after;
  });
}
