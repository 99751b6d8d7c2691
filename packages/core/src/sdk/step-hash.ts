import { sha1 } from "@noble/hashes/legacy.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const CACHE_LIMIT = 10_000;
const cache = new Map<string, string>();

/**
 * Step ids are hashed as the seeds' system does: hex SHA-1 of the id (`id:N` for repeats).
 * Every execution re-hashes the ids of its replayed steps, so results are memoised (bounded);
 * the hex is joined in one go, so each stored hash is a flat 40-char string, not a rope.
 */
export const hashStepId = (id: string): string => {
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const hex = Array.from(sha1(utf8ToBytes(id)), (byte) => HEX[byte]).join("");
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(id, hex);
  return hex;
};

/** Gives each call of a step id its memoisation key: `id`, then `id:1`, `id:2`, … */
export const createStepIdCounter = (): ((id: string) => string) => {
  const seen = new Map<string, number>();
  return (id) => {
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return count === 0 ? id : `${id}:${count}`;
  };
};
