import { type Either, left, right } from "fp-ts/lib/Either.js";
import { isRecord } from "./config-error";
import { parseDuration } from "./duration";

/**
 * A function's `timeouts`, in ms (null: no limit). `start`: how long after its creation a run
 * may wait before its first start; `finish`: how long after that first start it may take to
 * end, sleeps, waits, retries and pauses included (docs/cancellation.md, "Timeouts").
 */
export interface FunctionTimeouts {
  readonly start: number | null;
  readonly finish: number | null;
}

export const NO_TIMEOUTS: FunctionTimeouts = Object.freeze({ start: null, finish: null });

const KEYS = ["start", "finish"] as const;

type TimeoutsProblem = { readonly path: string; readonly message: string };

/** Validates the `timeouts` option (absent means none): `{ start?, finish? }`, each a positive duration. */
export function validateTimeouts(value: unknown): Either<TimeoutsProblem, FunctionTimeouts> {
  if (value === undefined) return right(NO_TIMEOUTS);
  if (!isRecord(value)) {
    return left({
      path: "timeouts",
      message: 'timeouts must be an object like { start?: "10m", finish?: "1h" }',
    });
  }
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      return left({
        path: `timeouts.${key}`,
        message: `unknown timeouts option "${key}" (expected start, finish)`,
      });
    }
  }
  const out: { start: number | null; finish: number | null } = { start: null, finish: null };
  for (const key of KEYS) {
    const raw = value[key];
    if (raw === undefined) continue;
    const ms =
      typeof raw === "string" || typeof raw === "number"
        ? parseDuration(raw)
        : left(`invalid duration: expected a string like "10m" or milliseconds`);
    if (ms._tag === "Left") return left({ path: `timeouts.${key}`, message: ms.left });
    if (ms.right <= 0) {
      return left({
        path: `timeouts.${key}`,
        message: `must be a duration longer than 0, got ${JSON.stringify(raw)}`,
      });
    }
    out[key] = ms.right;
  }
  return right(out);
}
