import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** Step ids are hashed as the seeds' system does: hex SHA-1 of the id (`id:N` for repeats). */
export const hashStepId = (id: string): string => bytesToHex(sha1(utf8ToBytes(id)));

/** Gives each call of a step id its memoisation key: `id`, then `id:1`, `id:2`, … */
export const createStepIdCounter = (): ((id: string) => string) => {
  const seen = new Map<string, number>();
  return (id) => {
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return count === 0 ? id : `${id}:${count}`;
  };
};
