// Positional parameters for statements built from optional parts (filters that apply or not): each
// value is bound as $n, never written into the SQL text.
export class Params {
  readonly values: unknown[] = [];

  /** Binds a value and returns its placeholder, e.g. `$3`. */
  add(value: unknown): string {
    this.values.push(value instanceof Date ? value.toISOString() : value);
    return `$${this.values.length}`;
  }
}
