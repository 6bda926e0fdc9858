// Changes that in-process caches must hear of, across every process serving one database. A mutation
// publishes `<kind>:<id>` with pg_notify inside its transaction — PostgreSQL delivers a NOTIFY only at
// commit, so a rolled-back change invalidates nothing — and, once the transaction has committed, tells
// this process's caches at once (the NOTIFY reaches this process too, a moment later; twice is harmless).
// Each backend LISTENs on a connection of its own and feeds a ChangeFeed (server.ts / embedded.ts).
import type { Prisma, PrismaClient } from '@prisma/client';
import type { Db } from './database';

export const CHANGES_CHANNEL = 'bianmin_changes';

/**
 * account: the account's row, districts or API tokens changed; catalog: a city's holidays, business types or
 * time zone; occupancy: a vendor of the city (the id) checked in or out, for the public map's live counts.
 */
export type ChangeKind = 'account' | 'catalog' | 'occupancy';
export interface Change { kind: ChangeKind; id: string }

export interface ChangeListener {
  changed(change: Change): void;
  /** The feed stopped or (re)started listening: changes may have been missed, so forget everything. */
  reset(): void;
}

/** A database's change channel, as caches see it. */
export interface Changes {
  /** Whether changes are being heard: a cache may answer, and keep answers, only while this holds. */
  readonly live: boolean;
  subscribe(listener: ChangeListener): () => void;
  /** Tells this process's listeners of a change already committed. */
  changed(change: Change): void;
}

const KINDS: readonly string[] = ['account', 'catalog', 'occupancy'] satisfies ChangeKind[];

export function encodeChange(c: Change): string {
  return `${c.kind}:${c.id}`;
}

export function parseChange(payload: string): Change | null {
  const at = payload.indexOf(':');
  const kind = payload.slice(0, at);
  return at > 0 && at < payload.length - 1 && KINDS.includes(kind) ? { kind: kind as ChangeKind, id: payload.slice(at + 1) } : null;
}

export class ChangeFeed implements Changes {
  private readonly listeners = new Set<ChangeListener>();
  private listening = false;

  get live(): boolean {
    return this.listening;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(change: Change): void {
    for (const l of this.listeners) l.changed(change);
  }

  /** A NOTIFY payload; one that cannot be read may have meant anything, so everything is forgotten. */
  notified(payload: string): void {
    const change = parseChange(payload);
    if (change) this.changed(change);
    else for (const l of this.listeners) l.reset();
  }

  /** Called when LISTEN starts and when its connection is lost: both times caches start over. */
  setLive(live: boolean): void {
    this.listening = live;
    for (const l of this.listeners) l.reset();
  }
}

// The feed of each root Prisma client, so code handed only a client (services, loadRuleContext) finds
// it. An interactive transaction's client is another object and finds none: inside a transaction
// caches are bypassed, since the transaction may itself have changed what they hold.
const feeds = new WeakMap<object, Changes>();

export function registerChanges(prisma: PrismaClient, changes: Changes): void {
  feeds.set(prisma, changes);
}

export function changesOf(client: Db): Changes | undefined {
  return feeds.get(client);
}

/** Publishes a change from inside a transaction: other processes hear of it if and when it commits. */
export async function notifyChange(tx: Db, change: Change): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANGES_CHANNEL}, ${encodeChange(change)})`;
}

export interface TransactionOptions { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel }
export type Publish = (change: Change) => Promise<void>;

/**
 * prisma.$transaction, plus `publish` for the changes the transaction makes: NOTIFY inside it, and
 * this process's caches told right after it commits (not at all if it rolls back).
 */
export async function transactionWithChanges<T>(
  prisma: PrismaClient, fn: (tx: Prisma.TransactionClient, publish: Publish) => Promise<T>, options?: TransactionOptions,
): Promise<T> {
  const published: Change[] = [];
  const result = await prisma.$transaction((tx) => fn(tx, async (change) => {
    await notifyChange(tx, change);
    published.push(change);
  }), options);
  const feed = changesOf(prisma);
  for (const c of published) feed?.changed(c);
  return result;
}

/** A change made outside a transaction (a script, a test, an operator's repair): announced at once. */
export async function announceChange(prisma: PrismaClient, change: Change): Promise<void> {
  await notifyChange(prisma, change);
  changesOf(prisma)?.changed(change);
}
