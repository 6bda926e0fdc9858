// Sentences of the README that carry numbers from the code, built from the code's own constants.
import { ADDRESS_MAX_FAILURES, FAILURE_WINDOW_SECONDS, LOCK_SECONDS, USERNAME_MAX_FAILURES } from '../src/modules/accounts/login-limits';
import { MAX_TOKENS } from '../src/graphql/apollo';

export function LOGIN_LIMITS_FOR_README(): string[] {
  const window = FAILURE_WINDOW_SECONDS / 60;
  const lock = LOCK_SECONDS / 60;
  return [
    `${USERNAME_MAX_FAILURES} failed sign-ins for one username within ${window} minutes lock that username for ${lock} minutes`,
    `${ADDRESS_MAX_FAILURES} failed sign-ins from one address within ${window} minutes lock that address for ${lock} minutes`,
    `at most ${MAX_TOKENS} tokens`,
  ];
}
