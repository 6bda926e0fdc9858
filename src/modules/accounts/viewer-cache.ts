// The viewer behind a bearer token, kept so that an authenticated request needs no database round
// trip. Keyed by the token's SHA-256 (the token itself is never kept); bounded (LRU); each entry lives
// at most `ttlMs` as a safety net against a change made behind the service's back, and never past
// its token's own expiry. Every entry of an account goes on `account:<id>` (changes.ts); all of them
// when the change feed stops listening, and nothing is kept or served until it listens again.
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Change, ChangeListener, Changes } from '../../db/changes';
import type { Viewer } from '../../graphql/context';

export interface CachedViewer {
  viewer: Viewer;
  /** From this instant (ms) on the token is refused: a session's exp, an API token's expiresAt. */
  refuseFrom: number;
  /** An API token's row, and when its lastUsedAt was last known written (ms). */
  apiToken?: { cityId: string; id: string; lastUsedAt: number | null };
}

interface Slot extends CachedViewer { storedAt: number }

export interface ViewerCacheOptions {
  /** Entries kept at most (least recently used go first). */
  max?: number;
  /** How long an entry may answer, in ms, whatever the change feed says. */
  ttlMs?: number;
}

export const VIEWER_CACHE_DEFAULTS = { max: 10_000, ttlMs: 60_000 };

export function tokenKey(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export class ViewerCache implements ChangeListener {
  private readonly slots: LRUCache<string, Slot>;
  private readonly byAccount = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  /** Bumped by every invalidation: a look-up that began before one must not store what it read. */
  private generation = 0;
  /** Counters, for the tests and for metrics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly changes: Changes, opts: ViewerCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? VIEWER_CACHE_DEFAULTS.ttlMs;
    this.slots = new LRUCache<string, Slot>({
      max: opts.max ?? VIEWER_CACHE_DEFAULTS.max,
      dispose: (slot, key) => this.unindex(slot.viewer.accountId, key),
    });
    changes.subscribe(this);
  }

  get size(): number {
    return this.slots.size;
  }

  /** The entry for a token key, if it may answer at `now` (ms). */
  get(key: string, now: number): CachedViewer | undefined {
    const slot = this.changes.live ? this.slots.get(key) : undefined;
    if (slot && now < slot.refuseFrom && now >= slot.storedAt && now - slot.storedAt < this.ttlMs) {
      this.stats.hits++;
      return slot;
    }
    if (slot) this.slots.delete(key);
    this.stats.misses++;
    return undefined;
  }

  /** Call before reading the account; pass the result to set(). */
  begin(): number {
    return this.generation;
  }

  set(key: string, entry: CachedViewer, now: number, generation: number): void {
    if (generation !== this.generation || !this.changes.live) return;
    const accountId = entry.viewer.accountId;
    // Frozen: every request holding this viewer shares the one object.
    Object.freeze(entry.viewer.districtIds);
    this.slots.set(key, { ...entry, viewer: Object.freeze(entry.viewer), storedAt: now });
    let keys = this.byAccount.get(accountId);
    if (!keys) this.byAccount.set(accountId, (keys = new Set()));
    keys.add(key);
  }

  changed(change: Change): void {
    if (change.kind !== 'account') return;
    this.generation++;
    for (const key of [...(this.byAccount.get(change.id) ?? [])]) this.slots.delete(key);
  }

  reset(): void {
    this.generation++;
    this.slots.clear();
  }

  private unindex(accountId: string, key: string): void {
    const keys = this.byAccount.get(accountId);
    keys?.delete(key);
    if (keys?.size === 0) this.byAccount.delete(accountId);
  }
}
