/** Named locks with an owner and an expiry (time from the caller: the store reads no clock). */
export class LockTable {
  private readonly locks = new Map<string, { readonly owner: string; readonly until: number }>();

  acquire(name: string, owner: string, now: number, until: number): boolean {
    const held = this.locks.get(name);
    if (held !== undefined && held.owner !== owner && held.until > now) return false;
    this.locks.set(name, { owner, until });
    return true;
  }

  release(name: string, owner: string): void {
    if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
  }
}
