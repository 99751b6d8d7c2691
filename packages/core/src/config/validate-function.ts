import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { compileExpression } from "../cel/compile-expression";
import type { CompiledExpression } from "../cel/types";
import { type CancelOnRule, validateCancelOn } from "./cancel-on";
import { type ConfigError, isRecord } from "./config-error";
import { type FunctionTimeouts, validateTimeouts } from "./timeouts";

export type { CancelOnRule, CancelOnTimeout } from "./cancel-on";
export { type ConfigError, formatConfigError } from "./config-error";
export type { FunctionTimeouts } from "./timeouts";

/** A function's configuration once validated: what the engine runs and indexes. */
export type ValidatedFunction = {
  readonly id: string;
  /** `${appId}-${id}`: what every API and system event calls `function_id` (SPEC §1). */
  readonly slug: string;
  readonly name: string;
  readonly retries: number;
  readonly trigger: { readonly event: string; readonly if: CompiledExpression | null };
  readonly cancelOn: readonly CancelOnRule[];
  /** `timeouts.start` and `timeouts.finish` in ms (null: no limit). */
  readonly timeouts: FunctionTimeouts;
  /** Things worth telling the user at registration (e.g. a cancelOn entry that matches all). */
  readonly warnings: readonly string[];
};

export const DEFAULT_RETRIES = 4;
export const MAX_RETRIES = 20;
const ID = /^[a-z0-9][a-z0-9-_]*$/;
const TRIGGER_KEYS = new Set(["event", "if"]);

/**
 * Validates `createFunction(config, trigger, …)` (SPEC §2, R5, R6): the id, name, retries, up
 * to five cancelOn entries (CEL compiled, `match` rewritten to `if`, timeouts parsed), the
 * function's `timeouts` and the trigger with its optional CEL filter over `event`. The first problem found is returned, naming
 * the function, the path (`cancelOn[1].if`) and, for expressions, the position.
 */
export function validateFunction(
  appId: string,
  config: unknown,
  trigger: unknown,
): Either<ConfigError, ValidatedFunction> {
  const functionId = isRecord(config) && typeof config.id === "string" ? config.id : "";
  const fail = (path: string, message: string, position?: number): Either<ConfigError, never> =>
    left({
      _tag: "ConfigError",
      functionId,
      path,
      message,
      ...(position === undefined ? {} : { position }),
    });

  if (!isRecord(config)) return fail("config", "config must be an object with at least an id");
  const { id, name, retries, cancelOn, timeouts } = config;
  if (typeof id !== "string" || id.length === 0) return fail("id", "id is required (a string)");
  if (!ID.test(id)) {
    return fail(
      "id",
      `id "${id}" is invalid: use lowercase letters, digits, "-" and "_", starting with a letter or digit`,
    );
  }
  if (name !== undefined && typeof name !== "string") return fail("name", "name must be a string");
  if (
    retries !== undefined &&
    !(
      typeof retries === "number" &&
      Number.isInteger(retries) &&
      retries >= 0 &&
      retries <= MAX_RETRIES
    )
  ) {
    return fail(
      "retries",
      `retries must be an integer from 0 to ${MAX_RETRIES}, got ${String(retries)}`,
    );
  }
  const slug = `${appId}-${id}`;
  const rules = validateCancelOn(cancelOn, slug);
  if (isLeft(rules)) return fail(rules.left.path, rules.left.message, rules.left.position);
  const limits = validateTimeouts(timeouts);
  if (isLeft(limits)) return fail(limits.left.path, limits.left.message);

  if (!isRecord(trigger)) {
    return fail("trigger", 'trigger must be an object like { event: "app/user.created" }');
  }
  for (const key of Object.keys(trigger)) {
    if (!TRIGGER_KEYS.has(key)) {
      return fail(`trigger.${key}`, `unknown trigger option "${key}" (expected event, if)`);
    }
  }
  if (typeof trigger.event !== "string" || trigger.event.length === 0) {
    return fail("trigger.event", "trigger event is required (a non-empty string)");
  }
  let triggerIf: CompiledExpression | null = null;
  if (trigger.if !== undefined) {
    if (typeof trigger.if !== "string") {
      return fail("trigger.if", "if must be a CEL expression string");
    }
    // A trigger filter sees only the event being considered: no `async` here.
    const compiled = compileExpression(trigger.if, "event");
    if (isLeft(compiled)) return fail("trigger.if", compiled.left.message, compiled.left.position);
    triggerIf = compiled.right;
  }

  return right({
    id,
    slug,
    name: name ?? id,
    retries: retries ?? DEFAULT_RETRIES,
    trigger: { event: trigger.event, if: triggerIf },
    cancelOn: rules.right.rules,
    timeouts: limits.right,
    warnings: rules.right.warnings,
  });
}
