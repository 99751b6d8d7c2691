import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type CompiledExpression, compileExpression } from "../cel/compile-expression";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { QuellFunction } from "../sdk/types";
import { resolveFunction } from "./resolve-function";
import { type FieldError, optionalTimeField, timeField } from "./time-field";

/** A bulk cancellation request as a user sends it (SPEC §4.5; times RFC 3339). */
export interface BulkCancellationRequest {
  readonly app_id: string;
  readonly function_id: string;
  readonly started_after?: string | number | Date | null;
  readonly started_before: string | number | Date;
  readonly if?: string | null;
  readonly dry_run?: boolean;
}

export interface ValidBulkRequest {
  readonly fn: QuellFunction;
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
 * the CEL position for `if`). `now` rejects a `started_before` in the future: a window that is
 * still open would catch runs created after the request.
 */
export const validateBulkRequest = (
  input: unknown,
  functions: Iterable<QuellFunction>,
  now: number,
): Either<FieldError, ValidBulkRequest> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return left({ field: "body", message: "must be an object" });
  }
  const body = input as Record<string, unknown>;
  const appId = stringField(body, "app_id");
  if (appId._tag === "Left") return appId;
  const functionId = stringField(body, "function_id");
  if (functionId._tag === "Left") return functionId;
  const fn = resolveFunction(functions, functionId.right, appId.right);
  if (fn === undefined) {
    return left({
      field: "function_id",
      message: `no function "${functionId.right}" in app "${appId.right}"`,
    });
  }
  const before = timeField("started_before", body.started_before);
  if (before._tag === "Left") return before;
  if (before.right > now)
    return left({ field: "started_before", message: "must not be in the future" });
  const after = optionalTimeField("started_after", body.started_after);
  if (after._tag === "Left") return after;
  if (after.right !== null && after.right > before.right) {
    return left({ field: "started_after", message: "must not be later than started_before" });
  }
  if (body.dry_run !== undefined && typeof body.dry_run !== "boolean") {
    return left({ field: "dry_run", message: "must be a boolean" });
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
    dryRun: body.dry_run === true,
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
  functions: Iterable<QuellFunction>,
  at: { readonly id: string; readonly now: number; readonly createdPos: number },
): Either<FieldError, BulkCancellation> => {
  const valid = validateBulkRequest(request, functions, at.now);
  return valid._tag === "Left"
    ? valid
    : right(newBulkRecord(at.id, valid.right, at.now, at.createdPos));
};
