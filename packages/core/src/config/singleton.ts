import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { type CompiledKey, compileKey } from "../cel/compile-key";
import { isRecord } from "./config-error";

/** What a new event does when its function's run for the same key is still in progress. */
export type SingletonMode = "skip" | "cancel";

/**
 * A validated `singleton` option (SPEC §2, §7.8): at most one run in progress per function, or
 * per value of `key` (CEL over the triggering event). `skip`: the new event's run is created
 * `skipped`; `cancel`: the run in progress is cancelled (source `singleton`) and the new one runs.
 */
export type SingletonRule = {
  readonly mode: SingletonMode;
  /** Null: one slot for the whole function. */
  readonly key: CompiledKey | null;
};

type Problem = { readonly path: string; readonly message: string; readonly position?: number };

const KEYS = new Set(["key", "mode"]);

/** Validates the `singleton` option (absent means none); see `validateFunction`. */
export function validateSingleton(value: unknown): Either<Problem, SingletonRule | null> {
  if (value === undefined) return right(null);
  if (!isRecord(value)) {
    return left({
      path: "singleton",
      message: 'singleton must be an object like { mode: "skip" | "cancel", key?: "<CEL>" }',
    });
  }
  for (const name of Object.keys(value)) {
    if (!KEYS.has(name)) {
      return left({
        path: `singleton.${name}`,
        message: `unknown option "${name}" (expected key, mode)`,
      });
    }
  }
  const { mode, key } = value;
  if (mode !== "skip" && mode !== "cancel") {
    return left({
      path: "singleton.mode",
      message: `mode must be "skip" or "cancel", got ${JSON.stringify(mode) ?? "nothing"}`,
    });
  }
  if (key === undefined) return right({ mode, key: null });
  if (typeof key !== "string") {
    return left({
      path: "singleton.key",
      message: "key must be a CEL expression string over `event`",
    });
  }
  const compiled = compileKey(key);
  if (isLeft(compiled)) {
    const { message, position } = compiled.left;
    return left({ path: "singleton.key", message, position });
  }
  return right({ mode, key: compiled.right });
}
