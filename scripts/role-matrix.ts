// `npm run -s role-matrix`: prints the authorization matrix the tests check, as the README's table.
import { matrixMarkdown } from '../test/authorization.matrix';

process.stdout.write(`${matrixMarkdown()}\n`);
