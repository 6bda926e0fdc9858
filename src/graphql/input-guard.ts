// Bounded work per request, checked before any resolver runs:
// - every string and list of the inputs has a maximum, declared in schema.graphql with @constraint
//   (graphql-constraint-directive checks variables and literals against it), so one request cannot
//   make a validator, the database or the heap do unbounded work;
// - no string may carry control characters (other than tab, line feed and carriage return) or a lone
//   UTF-16 surrogate: PostgreSQL refuses NUL in text and cannot encode a lone surrogate, which would
//   otherwise surface as a server fault instead of the client's mistake.
// Both answer BAD_USER_INPUT naming the field, with a message of our own (the library's messages
// echo the offending value, which may be personal data or megabytes long).
import type { ApolloServerPlugin } from '@apollo/server';
import * as constraints from 'graphql-constraint-directive';
import { GraphQLError, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context } from './context';

interface ConstraintFailure { fieldName?: string; context?: { arg: string; value: unknown }[] }
// The package's d.ts declares validateQuery as a factory; its JavaScript exports the function itself.
const validateQuery = constraints.validateQuery as unknown as (
  schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string,
) => ConstraintFailure[];

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function bad(message: string, field: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, ...extra, http: { status: 400 } } });
}

function controlCharError(field: string): GraphQLError {
  return bad(`${field} 含有控制字符或无效的 Unicode 字符 / ${field} contains a control character or invalid Unicode`, field);
}

/** The path of the first bad string in a variables value (objects and arrays walked iteratively). */
export function findBadString(value: unknown, path: string): string | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (FORBIDDEN.test(v)) return p;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (FORBIDDEN.test(k)) return `${p}.<key>`;
        stack.push([x, `${p}.${k}`]);
      }
    }
  }
  return null;
}

/** The first argument given a bad string literal, and which argument each variable feeds. */
function scanDocument(document: DocumentNode): { badLiteral: string | null; argOfVariable: Map<string, string> } {
  let badLiteral: string | null = null;
  const argOfVariable = new Map<string, string>();
  visit(document, {
    Argument(node) {
      const name = node.name.value;
      visit(node.value, {
        StringValue(s) {
          if (!badLiteral && FORBIDDEN.test(s.value)) badLiteral = name;
        },
        Variable(v) {
          if (!argOfVariable.has(v.name.value)) argOfVariable.set(v.name.value, name);
        },
      });
      return false;
    },
  });
  return { badLiteral, argOfVariable };
}

function constraintMessage(field: string, failure: ConstraintFailure): string {
  const c = failure.context?.[0];
  const n = String(c?.value ?? '');
  switch (c?.arg) {
    case 'maxLength': return `${field} 最多 ${n} 个字符 / ${field}: at most ${n} characters`;
    case 'minLength': return `${field} 至少 ${n} 个字符 / ${field}: at least ${n} characters`;
    case 'maxItems': return `${field} 最多 ${n} 项 / ${field}: at most ${n} items`;
    case 'minItems': return `${field} 至少 ${n} 项 / ${field}: at least ${n} items`;
    case 'max': return `${field} 不能大于 ${n} / ${field}: at most ${n}`;
    case 'min': return `${field} 不能小于 ${n} / ${field}: at least ${n}`;
    default: return `${field} 超出允许范围 / ${field} is out of bounds`;
  }
}

export function checkInputs(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): void {
  const { badLiteral, argOfVariable } = scanDocument(document);
  if (badLiteral) throw controlCharError(badLiteral);
  const badVar = findBadString(variables ?? {}, '');
  if (badVar) {
    // Name the argument the client wrote rather than its variable: ".input.windows[0].start" → "input.windows[0].start".
    const m = /^\.([^.[]+)(.*)$/.exec(badVar);
    throw controlCharError(m ? `${argOfVariable.get(m[1]) ?? `$${m[1]}`}${m[2]}` : badVar);
  }
  const errors = validateQuery(schema, document, variables ?? {}, operationName);
  if (errors.length) {
    const failures = errors.map((e) => {
      const raw = String(e.fieldName ?? 'input');
      // "i.windows" names the variable $i: say "input.windows", the argument the client wrote.
      const m = /^([^.[]+)(.*)$/.exec(raw);
      const field = m && argOfVariable.has(m[1]) ? `${argOfVariable.get(m[1])}${m[2]}` : raw;
      return { field, message: constraintMessage(field, e) };
    });
    throw bad(failures.map((f) => f.message).slice(0, 10).join('; '), failures[0].field, { fields: failures.slice(0, 20).map((f) => f.field) });
  }
}

export const inputGuard: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, request }) {
        checkInputs(schema, document, request.variables, request.operationName ?? undefined);
      },
    };
  },
};
