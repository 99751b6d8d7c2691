/**
 * A map from a key to a set of values that stores a lone value bare: most index keys (an order
 * id, a triggering event) name one run, and a million `Set`s cost far more memory and
 * allocation than a million references. Values must not themselves be `Set`s.
 */
export class Multimap<V> {
  private readonly map = new Map<string, V | Set<V>>();

  get size(): number {
    return this.map.size;
  }

  add(key: string, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (held instanceof Set) held.add(value);
    else if (held !== value) this.map.set(key, new Set([held, value]));
  }

  delete(key: string, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) return;
    if (!(held instanceof Set)) {
      if (held === value) this.map.delete(key);
      return;
    }
    held.delete(value);
    if (held.size === 1) this.map.set(key, held.values().next().value as V);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Append the values under `key` to `out`, in insertion order (no array per lookup). */
  collect(key: string, out: V[]): void {
    const held = this.map.get(key);
    if (held === undefined) return;
    if (held instanceof Set) for (const value of held) out.push(value);
    else out.push(held);
  }

  /** The values under `key`, in insertion order. */
  get(key: string): V[] {
    const out: V[] = [];
    this.collect(key, out);
    return out;
  }
}
