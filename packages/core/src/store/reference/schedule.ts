import { byTimeThenId, type StoreModel } from "./model";

/** Up to `limit` ids whose time is due at `now`, earliest first (ties by id). */
const due = (items: ReadonlyMap<string, number>, now: number, limit: number): string[] =>
  [...items]
    .filter(([, at]) => at <= now)
    .sort(byTimeThenId)
    .slice(0, Math.max(0, limit))
    .map(([id]) => id);

export const dueTimers = (model: StoreModel, now: number, limit: number): string[] =>
  due(model.timers, now, limit);

/** `Store.claimQueued`: off the queue and leased, in one step. */
export const claimQueued = (
  model: StoreModel,
  now: number,
  limit: number,
  leaseUntil: number,
): string[] => {
  const taken = due(model.queue, now, limit);
  for (const id of taken) {
    model.queue.delete(id);
    model.leases.set(id, leaseUntil);
  }
  return taken;
};

export const claimExpiredLeases = (
  model: StoreModel,
  now: number,
  limit: number,
  leaseUntil: number,
): string[] => {
  const taken = due(model.leases, now, limit);
  for (const id of taken) model.leases.set(id, leaseUntil);
  return taken;
};

export const renewLeases = (
  model: StoreModel,
  runIds: readonly string[],
  until: number,
): string[] =>
  runIds.filter((id) => {
    if (!model.leases.has(id)) return false;
    model.leases.set(id, until);
    return true;
  });

export const releaseLease = (model: StoreModel, runId: string): void => {
  model.leases.delete(runId);
};

export const acquireLock = (
  model: StoreModel,
  name: string,
  owner: string,
  now: number,
  until: number,
): boolean => {
  const held = model.locks.get(name);
  if (held !== undefined && held.owner !== owner && held.until > now) return false;
  model.locks.set(name, { owner, until });
  return true;
};

export const releaseLock = (model: StoreModel, name: string, owner: string): void => {
  if (model.locks.get(name)?.owner === owner) model.locks.delete(name);
};

/** The earliest timer, queue item or lease expiry. */
export const nextDueAt = (model: StoreModel): number | null => {
  let next: number | null = null;
  for (const items of [model.timers, model.queue, model.leases])
    for (const at of items.values()) if (next === null || at < next) next = at;
  return next;
};
