import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type CompiledExpression, compileExpression } from "../cel/compile-expression";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { AppFunction } from "../sdk/types";
import { resolveFunction } from "./resolve-function";
import { type FieldError, optionalTimeField, type TimeInput, timeField } from "./time-field";

/**
 * A bulk cancellation request (SPEC §4.5) as the TypeScript API takes it: the wire's fields in
 * camelCase (`started_before` is `startedBefore`), times as a Date, an ISO string or epoch ms.
 */
export interface BulkCancellationRequest {
  readonly appId: string;
  /** The function's id or slug. */
  readonly functionId: string;
  /** Runs created at or after (default: no lower bound). */
  readonly startedAfter?: TimeInput | null;
  /** Runs created at or before; not in the future. */
  readonly startedBefore: TimeInput;
  /** CEL over `event`, the run's triggering event. */
  readonly if?: string | null;
  /** Count the runs, cancel none. */
  readonly dryRun?: boolean;
}

export interface ValidBulkRequest {
  readonly fn: AppFunction;
  readonly startedAfter: number | null;
  readonly startedBefore: number;
  readonly condition: CompiledExpression | null;
  readonly dryRun: boolean;
}

const stringField = (body: Record<string, unknown>, field: string): Either<FieldError, string> => {
  const value = body[field];
  return typeof value === "string" && value.length > 0
    ? right(value)
    : left({ field, message: "must be a non-empty string" });
};

/**
 * Check a bulk cancellation request; the first problem found is returned with its field (and
 * the CEL position for `if`). `now` rejects a `startedBefore` in the future: a window that is
 * still open would catch runs created after the request.
 */
export const validateBulkRequest = (
  input: unknown,
  functions: Iterable<AppFunction>,
  now: number,
): Either<FieldError, ValidBulkRequest> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return left({ field: "body", message: "must be an object" });
  }
  const body = input as Record<string, unknown>;
  const appId = stringField(body, "appId");
  if (appId._tag === "Left") return appId;
  const functionId = stringField(body, "functionId");
  if (functionId._tag === "Left") return functionId;
  const fn = resolveFunction(functions, functionId.right, appId.right);
  if (fn === undefined) {
    return left({
      field: "functionId",
      message: `no function "${functionId.right}" in app "${appId.right}"`,
    });
  }
  const before = timeField("startedBefore", body.startedBefore);
  if (before._tag === "Left") return before;
  if (before.right > now)
    return left({ field: "startedBefore", message: "must not be in the future" });
  const after = optionalTimeField("startedAfter", body.startedAfter);
  if (after._tag === "Left") return after;
  if (after.right !== null && after.right > before.right) {
    return left({ field: "startedAfter", message: "must not be later than the end of the window" });
  }
  if (body.dryRun !== undefined && typeof body.dryRun !== "boolean") {
    return left({ field: "dryRun", message: "must be a boolean" });
  }
  let condition: CompiledExpression | null = null;
  if (body.if !== undefined && body.if !== null) {
    if (typeof body.if !== "string")
      return left({ field: "if", message: "must be a CEL expression string" });
    const compiled = compileExpression(body.if, "event");
    if (compiled._tag === "Left") {
      return left({
        field: "if",
        message: compiled.left.message,
        position: compiled.left.position,
      });
    }
    condition = compiled.right;
  }
  return right({
    fn,
    startedAfter: after.right,
    startedBefore: before.right,
    condition,
    dryRun: body.dryRun === true,
  });
};

/** The durable record of a new bulk cancellation. */
export const newBulkRecord = (
  id: string,
  request: ValidBulkRequest,
  now: number,
  /** The store's last run creation position at the request (`Store.lastCreatedPos`). */
  createdPos: number,
): BulkCancellation => ({
  id,
  app_id: request.fn.appId,
  function_id: request.fn.slug,
  started_after: request.startedAfter,
  started_before: request.startedBefore,
  if: request.condition?.source ?? null,
  dry_run: request.dryRun,
  status: "running",
  matched: 0,
  cancelled: 0,
  created_at: now,
  created_pos: createdPos,
  updated_at: now,
  cursor: null,
  version: 1,
});

/**
 * Whether a bulk cancellation selects a run: its function, created inside the window, not ended,
 * `if` true. Runs created after the request are never selected (SPEC §4.5), even within the
 * request's own millisecond: the store gave them a creation position after the request's
 * `created_pos`. A run that existed at the request, however far its trigger's processing had
 * got, has one no larger.
 */
export const bulkSelects = (record: BulkCancellation, run: Run): boolean => {
  if (run.functionId !== record.function_id || isTerminal(run.state)) return false;
  if (run.createdAt > record.started_before || run.createdPos > record.created_pos) return false;
  if (record.started_after !== null && run.createdAt < record.started_after) return false;
  if (record.if === null) return true;
  const compiled = compileExpression(record.if, "event");
  return compiled._tag === "Right" && compiled.right.test({ event: run.event });
};

/** Validate a request and make its record: what both the engine and the world store (SPEC §4.5). */
export const requestBulkCancellation = (
  request: unknown,
  functions: Iterable<AppFunction>,
  at: { readonly id: string; readonly now: number; readonly createdPos: number },
): Either<FieldError, BulkCancellation> => {
  const valid = validateBulkRequest(request, functions, at.now);
  return valid._tag === "Left"
    ? valid
    : right(newBulkRecord(at.id, valid.right, at.now, at.createdPos));
};
