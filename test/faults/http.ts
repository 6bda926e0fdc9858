// GraphQL over real HTTP (fetch) against a child service, and what the fault tests count as a clean
// failure: an answer (not a reset connection, not a hang) that is a masked INTERNAL_SERVER_ERROR
// carrying the request id, or /healthz 503 with the request id.

/**
 * MASKED_MESSAGE of src/graphql/apollo.ts, written out rather than imported: importing it would compile
 * the whole schema and every resolver into each of these tests, which only talk HTTP to a child process.
 */
export const MASKED_MESSAGE = '服务器内部错误，请凭请求编号联系管理员 / internal server error: quote the requestId to the administrator';

/** Long enough for any honest answer on a loaded 2-core machine; only a hang reaches it. */
export const HANG_MS = 30_000;

/**
 * The demo templates' password (TEST_DEMO_PASSWORD of test/template.ts, written out for the reason
 * above): the fault tests start from a copy of the seeded demo city, so the start does not seed.
 */
export const DEMO_PASSWORD = 'demo-password-1';
/** The demo city's accounts with a fixed password and cheap hashes (the tests sign in often). */
export const DEMO_ENV = { BIANMIN_SEED: 'demo', BIANMIN_DEMO_PASSWORD: DEMO_PASSWORD, BIANMIN_BCRYPT_COST: '4' };

export interface GqlError { message: string; extensions?: { code?: string; requestId?: string } & Record<string, unknown> }
export interface Answer<T> { status: number; requestId: string | null; data?: T | null; errors?: GqlError[] }

export async function gql<T = Record<string, unknown>>(
  base: string, query: string, variables: Record<string, unknown> = {}, opts: { token?: string; requestId?: string } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(HANG_MS),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlError[] };
  return { status: res.status, requestId: res.headers.get('x-request-id'), ...body };
}

export async function login(base: string, username = 'admin'): Promise<string> {
  const res = await gql<{ login: { token: string } }>(
    base, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: DEMO_PASSWORD },
  );
  if (!res.data?.login) throw new Error(`login failed for ${username}: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}

/** Throws unless the answer is one masked INTERNAL_SERVER_ERROR that quotes the request id sent. */
export function expectMasked(res: Answer<unknown>, requestId: string): void {
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  const [e] = res.errors!;
  expect({ code: e.extensions?.code, message: e.message, requestId: e.extensions?.requestId, header: res.requestId }).toEqual({
    code: 'INTERNAL_SERVER_ERROR', message: MASKED_MESSAGE, requestId, header: requestId,
  });
}

/** True when the answer is a clean masked failure (for load loops that classify rather than assert). */
export function isMasked(res: Answer<unknown>, requestId: string): boolean {
  const e = res.errors?.[0];
  return res.errors?.length === 1 && e?.extensions?.code === 'INTERNAL_SERVER_ERROR' && e.message === MASKED_MESSAGE
    && e.extensions.requestId === requestId && res.requestId === requestId;
}

/** A square of `size` metres centred on (lon, lat), as a GeoJSON Polygon. */
export function square(lon: number, lat: number, size = 20) {
  const dLat = size / 2 / 111_320;
  const dLon = size / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return {
    type: 'Polygon' as const,
    coordinates: [[[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]]],
  };
}

/** An open patch of the demo city's Lanshan district (兰山区), clear of its no-vending areas. */
export const FREE_LAND = { lon: 118.30, lat: 35.12 };

interface Page<N> { edges: { node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

/** Every node of a connection field, page after page (`$after` must be a variable of the query). */
export async function allNodes<N>(base: string, token: string, query: string, field: string, variables: Record<string, unknown>): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (;;) {
    const res: Answer<Record<string, Page<N>>> = await gql(base, query, { ...variables, after }, { token });
    const page = res.data?.[field];
    if (!page) throw new Error(`${field} failed: ${JSON.stringify(res.errors)}`);
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

export interface AuditRow { id: string; operation: string; entityId: string | null; requestId: string | null }

/** Every audit row of one operation, through the API as an admin sees it. */
export function auditRows(base: string, token: string, operation: string): Promise<AuditRow[]> {
  return allNodes<AuditRow>(base, token, `query($op: String, $after: String) { auditLog(operation: $op, first: 100, after: $after) {
    edges { node { id operation entityId requestId } } pageInfo { hasNextPage endCursor } } }`, 'auditLog', { op: operation });
}
