import type { Cluster, Redis } from "ioredis";
import { hashTag, type Keys } from "./keys";

/**
 * The key layout before hash tags: every key was `<prefix><name>` (`quell:seq`), where it is now
 * `{<prefix>}<name>` (`{quell:}seq`). A store started on a namespace that only has old keys
 * would see an empty one and start over beside the old data, so it refuses to (`checkKeyLayout`),
 * and `migrateKeyLayout` renames the old keys (docs/redis.md, "Key layout").
 */
export class KeyLayoutError extends Error {
  override readonly name = "KeyLayoutError";
}

/** Keys every namespace that ever ingested an event or created a run has: its counters. */
const MARKERS = ["seq", "created"] as const;

const anyExists = async (client: Redis | Cluster, names: readonly string[]): Promise<boolean> => {
  // One EXISTS per key: on a cluster, old keys are in different slots.
  const found = await Promise.all(names.map((name) => client.exists(name)));
  return found.some((n) => n > 0);
};

/**
 * Reject with a `KeyLayoutError` saying what to do when the namespace has keys of the old layout
 * and none of the new one.
 */
export const checkKeyLayout = async (client: Redis | Cluster, keys: Keys): Promise<void> => {
  const [old, current] = await Promise.all([
    anyExists(
      client,
      MARKERS.map((name) => `${keys.prefix}${name}`),
    ),
    anyExists(
      client,
      MARKERS.map((name) => `${keys.tag}${name}`),
    ),
  ]);
  if (!old || current) return;
  throw new KeyLayoutError(
    `Redis holds namespace "${keys.prefix}" in the old key layout (${keys.prefix}seq); this version names its keys ${keys.tag}seq. ` +
      `Stop every quell process of the namespace, then run: quell migrate-keys --redis <url> --prefix '${keys.prefix}' ` +
      "(or call migrateKeyLayout from @quell/redis); see docs/redis.md.",
  );
};

/** `prefix` as a SCAN MATCH pattern that matches it literally. */
const literal = (prefix: string): string => prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * Rename every key of the old layout of a namespace to the new one (`quell:r:1` to
 * `{quell:}r:1`), on a single Redis (not a Cluster: the old names of one namespace are spread
 * over slots, and RENAME stays within one). Run it with every process of the namespace stopped.
 * It refuses to run when the new layout already holds the namespace's counters, and never
 * overwrites a key (RENAMENX); running it again renames what is left. Returns how many keys it
 * renamed.
 */
export const migrateKeyLayout = async (
  client: Redis,
  prefix: string,
): Promise<{ readonly renamed: number }> => {
  const tag = hashTag(prefix);
  if (await anyExists(client, [`${tag}seq`, `${tag}created`])) {
    throw new KeyLayoutError(
      `namespace "${prefix}" already has keys in the new layout (${tag}seq): nothing to migrate into`,
    );
  }
  let renamed = 0;
  const clashes: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await client.scan(cursor, "MATCH", `${literal(prefix)}*`, "COUNT", 1000);
    cursor = next;
    // A new-layout key can start with the prefix too (when the prefix starts with "{").
    const old = found.filter((key) => !key.startsWith(tag));
    const results = await Promise.all(
      old.map((key) => client.renamenx(key, `${tag}${key.slice(prefix.length)}`)),
    );
    results.forEach((done, i) => {
      if (done === 1) renamed += 1;
      else clashes.push(old[i] ?? "");
    });
  } while (cursor !== "0");
  if (clashes.length > 0) {
    throw new KeyLayoutError(
      `renamed ${renamed} keys; ${clashes.length} not renamed because the new name exists (first: ${clashes[0]})`,
    );
  }
  return { renamed };
};

type Methods = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * `methods`, each waiting for `check` to pass before its first call: the store's first command
 * is the layout check. A check that failed (old layout, or Redis unreachable) runs again at the
 * next call.
 */
export const afterLayoutCheck = <M extends object>(methods: M, check: () => Promise<void>): M => {
  let passed: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    passed ??= check().catch((error: unknown) => {
      passed = null;
      throw error;
    });
    return passed;
  };
  const wrapped: Methods = {};
  for (const [name, method] of Object.entries(methods as Methods)) {
    wrapped[name] = async (...args) => {
      await ready();
      return method(...args);
    };
  }
  return wrapped as M;
};
