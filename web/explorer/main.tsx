// The GraphQL explorer at /explorer: GraphiQL 4 from npm, bundled by scripts/build-web.mjs into
// /assets/explorer.js and /assets/explorer.css, so it works where Apollo Sandbox cannot (no internet,
// or a CDN blocked or slow in China). Fonts and icons come inside the CSS as data URLs; nothing is
// fetched from anywhere but this service.
import React from 'react';
import { createRoot } from 'react-dom/client';
import CodeMirror from 'codemirror';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import { EXAMPLES, type ExplorerExample } from './examples';

interface LintMessage { message: string }
type Linter = (text: string, options: unknown, editor: unknown) => LintMessage[];

/**
 * GraphiQL 4's variables linter (codemirror-graphql) takes every custom scalar for a string or number
 * and underlines any object given for one (graphql/graphiql#1705), so each example with a GeoJSON
 * point would look wrong although the service takes it. Its linter registers itself through
 * CodeMirror.registerHelper when the variables editor first loads: wrap it there and drop exactly
 * those complaints for the object scalars; every other message stays.
 */
const OBJECT_SCALAR_COMPLAINT = /^Expected value of type "(GeoJSON|JSON)!?"\.$/;
const registerHelper = CodeMirror.registerHelper.bind(CodeMirror);
CodeMirror.registerHelper = (type: string, name: string, value: unknown) => {
  if (type !== 'lint' || name !== 'graphql-variables' || typeof value !== 'function') return registerHelper(type, name, value);
  const lint = value as Linter;
  const lenient: Linter = (text, options, editor) => lint(text, options, editor).filter((m) => !OBJECT_SCALAR_COMPLAINT.test(m.message));
  return registerHelper(type, name, lenient);
};

/**
 * Same origin, by absolute path: the page works behind any host name or port. JSON content type makes
 * the request non-simple, which Apollo's CSRF prevention asks of every operation.
 */
const fetcher: GraphiQLProps['fetcher'] = async (params, opts) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...opts?.headers },
    body: JSON.stringify(params),
  });
  // Apollo answers errors (bad input, unauthenticated, throttled) with a JSON body and a 4xx status:
  // show that body, which names the problem and the request id, rather than a bare status line.
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
  }
};

function tab(example: ExplorerExample): NonNullable<GraphiQLProps['defaultTabs']>[number] {
  return {
    query: example.query,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : null,
    headers: example.headers ? JSON.stringify(example.headers, null, 2) : null,
  };
}

// Short: the page's bar above carries the full title, and the tabs need the width.
const logo = <span className="bm-logo">便民 Bianmin</span>;

function Explorer(): React.JSX.Element {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={EXAMPLES.map(tab)}
      // Open with variables shown: most examples are driven by them (a point, a phone, a password).
      defaultEditorToolsVisibility="variables"
      isHeadersEditorEnabled
      // Tokens stay in the page, never in localStorage, unless the user ticks the setting themselves.
      shouldPersistHeaders={false}
    >
      <GraphiQL.Logo>{logo}</GraphiQL.Logo>
    </GraphiQL>
  );
}

const mount = document.getElementById('explorer');
if (mount) createRoot(mount).render(<Explorer />);
