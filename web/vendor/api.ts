// The page's only way to the service: POST /graphql on the same origin, with the vendor's session
// token from sessionStorage (gone when the tab closes: a market stall's phone is often shared). Errors
// come back as the API's `extensions.code` and are turned into words here, in one place, so every part
// of the page explains a refusal the same way.

const TOKEN_KEY = 'bianmin.vendor.session';

export interface ErrorExtensions {
  code?: string;
  reason?: string;
  field?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  distanceM?: number;
  radiusM?: number;
  nextOpeningAt?: string | null;
}

interface GqlErrorBody { message: string; extensions?: ErrorExtensions }
interface GqlResponse<T> { data?: T | null; errors?: GqlErrorBody[] }

/** A refusal or failure of the API; `code` is extensions.code, or NETWORK when no answer came. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly ext: ErrorExtensions = {}) {
    super(message);
    this.name = 'ApiError';
  }
}

interface StoredSession { token: string; expiresAt: string }

export const session = {
  token(): string | null {
    const raw = sessionStorage.getItem(TOKEN_KEY);
    if (!raw) return null;
    try {
      const s = JSON.parse(raw) as StoredSession;
      if (typeof s.token === 'string' && Date.parse(s.expiresAt) > Date.now()) return s.token;
    } catch { /* a damaged entry is the same as none */ }
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  },
  save(token: string, expiresAt: string): void {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token, expiresAt } satisfies StoredSession));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Called when the service no longer accepts the token (expired, signed out elsewhere). */
let onSignedOut: () => void = () => {};
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = session.token();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('连不上服务，请检查网络 / cannot reach the service: check the network', 'NETWORK');
  }
  let body: GqlResponse<T>;
  try {
    body = (await res.json()) as GqlResponse<T>;
  } catch {
    throw new ApiError(`服务应答异常（HTTP ${res.status}）/ the service answered HTTP ${res.status}`, 'NETWORK');
  }
  const first = body.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    const code = ext.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED' && token) {
      session.clear();
      onSignedOut();
    }
    throw new ApiError(first.message, code, ext);
  }
  if (!body.data) throw new ApiError('服务没有返回数据 / the service returned no data', 'INTERNAL_SERVER_ERROR');
  return body.data;
}

/** An error in words for a person: what happened and what to do, Chinese first, English beside. */
export function errorWords(e: unknown): string {
  if (!(e instanceof ApiError)) return `出错了 / something went wrong: ${e instanceof Error ? e.message : String(e)}`;
  const ext = e.ext;
  switch (e.code) {
    case 'TOO_MANY_REQUESTS': {
      const s = Math.max(1, Math.ceil(ext.retryAfterSeconds ?? 60));
      return `操作太频繁，请 ${s} 秒后再试 / too many attempts: try again in ${s} s`;
    }
    case 'BAD_USER_INPUT':
      // The service writes these for people already (Chinese / English), naming what to change.
      return e.message;
    case 'UNAUTHENTICATED':
      return '请先登录（或登录已过期）/ please sign in (or your session has expired)';
    case 'FORBIDDEN':
      return `无权进行此操作 / not allowed: ${e.message}`;
    case 'NOT_FOUND':
      return `未找到 / not found: ${e.message}`;
    case 'CONFLICT':
      return `与现有记录冲突 / conflicts with an existing record: ${e.message}`;
    case 'NETWORK':
      return e.message;
    default:
      return `服务出错，请稍后再试${ext.requestId ? `（编号 ${ext.requestId}）` : ''} / the service failed: try again later${ext.requestId ? ` (request ${ext.requestId})` : ''}`;
  }
}
