import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { RunInput } from "../reducer/effects";
import { FunctionNotFoundError } from "../sdk/errors";
import type { AppFunction } from "../sdk/types";
import type { ListRunsFilter } from "../store/port";
import { resolveFunction } from "./resolve-function";
import { ACTIVE_STATES } from "./statuses";

/**
 * Pausing or resuming a function as data: store its paused flag, then apply `input` to every
 * run `runs` lists (none when null), counting those it changed. The engine and the world carry
 * it out the same way.
 */
export interface FunctionOperation {
  readonly slug: string;
  readonly paused: boolean;
  readonly runs: Omit<ListRunsFilter, "cursor" | "limit"> | null;
  readonly input: (at: number) => RunInput;
}

const slugOf = (
  functions: Iterable<AppFunction>,
  idOrSlug: string,
): Either<FunctionNotFoundError, string> => {
  const fn = resolveFunction(functions, idOrSlug);
  return fn === undefined ? left(new FunctionNotFoundError(idOrSlug)) : right(fn.slug);
};

/**
 * Pause a function (SPEC §4.6): its events create Skipped runs, and its runs stop at their next
 * step boundary (`atStepBoundary`). With `cancelRunning`, its runs that have not ended are
 * cancelled instead (source `pause`).
 */
export const pauseOperation = (
  functions: Iterable<AppFunction>,
  idOrSlug: string,
  cancelRunning: boolean,
): Either<FunctionNotFoundError, FunctionOperation> => {
  const slug = slugOf(functions, idOrSlug);
  if (slug._tag === "Left") return slug;
  return right({
    slug: slug.right,
    paused: true,
    runs: cancelRunning ? { functionId: slug.right, states: ACTIVE_STATES } : null,
    input: (at) => ({
      _tag: "Cancel",
      at,
      cancellation: { source: "pause", at, reason: "function paused with cancelRunning" },
    }),
  });
};

/** Resume a function: its paused runs are queued again; events skipped meanwhile are not backfilled. */
export const resumeOperation = (
  functions: Iterable<AppFunction>,
  idOrSlug: string,
): Either<FunctionNotFoundError, FunctionOperation> => {
  const slug = slugOf(functions, idOrSlug);
  if (slug._tag === "Left") return slug;
  return right({
    slug: slug.right,
    paused: false,
    runs: { functionId: slug.right, states: ["paused"] },
    input: (at) => ({ _tag: "Resume", at }),
  });
};
