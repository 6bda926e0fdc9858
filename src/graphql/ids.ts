// IDs are UUIDs. A malformed one is the client's mistake and must not reach the database, where it
// would raise a type error that looks like a server fault.
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export function parseId(id: string, field = 'id'): string {
  if (!isUuid(id)) throw badInput(`${field} 不是有效的 ID / ${field} is not a valid ID: ${id.slice(0, 60)}`, { field });
  return id.toLowerCase();
}

export function parseIds(ids: readonly string[] | null | undefined, field: string): string[] {
  return (ids ?? []).map((id) => parseId(id, field));
}
