/**
 * A map from a key to a set of ids that stores a lone id as a bare string: most index keys
 * (an order id, a triggering event) name one run, and a million `Set`s cost far more memory
 * and allocation than a million strings.
 */
export class IdMultimap {
  private readonly map = new Map<string, string | Set<string>>();

  get size(): number {
    return this.map.size;
  }

  add(key: string, id: string): void {
    const ids = this.map.get(key);
    if (ids === undefined) this.map.set(key, id);
    else if (typeof ids === "string") {
      if (ids !== id) this.map.set(key, new Set([ids, id]));
    } else ids.add(id);
  }

  delete(key: string, id: string): void {
    const ids = this.map.get(key);
    if (ids === undefined) return;
    if (typeof ids === "string") {
      if (ids === id) this.map.delete(key);
      return;
    }
    ids.delete(id);
    if (ids.size === 1) this.map.set(key, ids.values().next().value as string);
  }

  /** The ids under `key`, in insertion order. */
  get(key: string): readonly string[] {
    const ids = this.map.get(key);
    if (ids === undefined) return [];
    return typeof ids === "string" ? [ids] : [...ids];
  }
}
