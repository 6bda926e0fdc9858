// The README's security section states what the tests prove: its role matrix is the one the
// authorization tests run, and its limits are the ones the code enforces.
import fs from 'node:fs';
import path from 'node:path';
import { LOGIN_LIMITS_FOR_README } from './readme.facts';
import { matrixMarkdown } from './authorization.matrix';

const readme = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

it('carries the authorization matrix exactly as the tests check it (npm run -s role-matrix)', () => {
  expect(readme).toContain(matrixMarkdown());
});

it('quotes the sign-in limits the code enforces', () => {
  for (const line of LOGIN_LIMITS_FOR_README()) expect(readme).toContain(line);
});
