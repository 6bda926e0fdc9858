// A storage error in the embedded data folder (read-only disk, disk full) leaves PGlite's in-memory
// view of the folder at odds with the disk: it caches file modes, and keeps a file whose creation
// failed as existing, so writes keep failing after the disk is fixed. Only a restart clears it. The
// first such error is recorded, logged once, and makes /healthz answer 503 so the service is restarted.
const STORAGE_ERROR = /could not (?:open|create|write|extend|read|fsync|truncate|remove|rename) (?:file|directory)|Read-only file system|No space left on device/i;

export class StorageFault {
  private reason: string | null = null;

  constructor(private readonly report: (message: string) => void) {}

  get fault(): string | null {
    return this.reason;
  }

  check(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (this.reason || !STORAGE_ERROR.test(message)) return;
    this.reason = message;
    this.report(message);
  }

  /** The same client, reporting storage errors of its calls (also inside its transactions). */
  watch<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (t, prop, receiver) => {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const [first] = args;
          if (prop === 'transaction' && typeof first === 'function') {
            args[0] = (tx: object) => (first as (tx: object) => unknown)(this.watch(tx));
          }
          try {
            const result: unknown = (value as (...a: unknown[]) => unknown).apply(t, args);
            return result instanceof Promise ? result.catch((e: unknown) => { this.check(e); throw e; }) : result;
          } catch (e) {
            this.check(e);
            throw e;
          }
        };
      },
    });
  }
}
