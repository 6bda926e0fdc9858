// Bounds of the accounts domain's inputs, checked before any hashing or database work: a password
// hash costs tens of milliseconds and 32 MiB, so its input is bounded, and PostgreSQL refuses NUL and
// lone surrogates in text, which would otherwise surface as a server fault instead of the client's
// mistake. schema.graphql declares the same lengths (@constraint); these checks hold for every caller
// of the services, not only GraphQL.
import { badInput } from '../../graphql/errors';

/** Control characters other than tab and line breaks, and lone UTF-16 surrogates (the rule of graphql/input-guard.ts). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const USERNAME_MAX = 40;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const DISPLAY_NAME_MAX = 100;
export const TOKEN_NAME_MAX = 100;

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,39}$/;

export interface Problem {
  field: string;
  message: string;
}

/** A problem with a string's characters or length, or null. */
export function textProblem(field: string, value: string, max: number, min = 0): Problem | null {
  if (UNSAFE.test(value)) {
    return { field, message: `${field} 含有控制字符或无效的 Unicode 字符 / ${field} contains a control character or invalid Unicode` };
  }
  if (value.length > max) return { field, message: `${field} 最多 ${max} 个字符 / ${field}: at most ${max} characters` };
  if (value.length < min) return { field, message: `${field} 至少 ${min} 个字符 / ${field}: at least ${min} characters` };
  return null;
}

/** One BAD_USER_INPUT for every problem, naming the first field (extensions.field) and all of them. */
export function throwProblems(problems: (Problem | null)[]): void {
  const found = problems.filter((p): p is Problem => p !== null);
  if (!found.length) return;
  throw badInput(found.map((p) => p.message).join('; '), {
    field: found[0].field,
    fields: found.map((p) => p.field),
    problems: found.map((p) => p.message),
  });
}

/** Sign-in: only what would break the database or cost unbounded work is refused as input; a name
 *  that cannot exist is simply a wrong username. */
export function checkLoginInput(username: string, password: string, passwordField = 'password'): void {
  throwProblems([textProblem('username', username, USERNAME_MAX), textProblem(passwordField, password, PASSWORD_MAX)]);
}

export function newPasswordProblem(field: string, password: string): Problem | null {
  return textProblem(field, password, PASSWORD_MAX, PASSWORD_MIN);
}
