import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { type CancelOnRule, validateCancelOn } from "./cancel-on";
import { type ConfigError, isRecord } from "./config-error";
import { type SingletonRule, validateSingleton } from "./singleton";
import { type FunctionTimeouts, validateTimeouts } from "./timeouts";
import { type FunctionTrigger, validateTriggers } from "./triggers";

export type { CancelOnRule, CancelOnTimeout } from "./cancel-on";
export { type ConfigError, formatConfigError } from "./config-error";
export type { SingletonMode, SingletonRule } from "./singleton";
export type { FunctionTimeouts } from "./timeouts";
export type { CronTrigger, EventTrigger, FunctionTrigger } from "./triggers";

/** A function's configuration once validated: what the engine runs and indexes. */
export type ValidatedFunction = {
  readonly id: string;
  /** `${appId}-${id}`: what every API and system event calls `function_id` (SPEC §1). */
  readonly slug: string;
  readonly name: string;
  readonly retries: number;
  /** One or more, in the order given: event triggers (`{ event, if }`) and cron triggers. */
  readonly triggers: readonly FunctionTrigger[];
  readonly cancelOn: readonly CancelOnRule[];
  /** At most one run in progress per function or key (SPEC §7.8); null: no such limit. */
  readonly singleton: SingletonRule | null;
  /** `timeouts.start` and `timeouts.finish` in ms (null: no limit). */
  readonly timeouts: FunctionTimeouts;
  /** Things worth telling the user at registration (e.g. a cancelOn entry that matches all). */
  readonly warnings: readonly string[];
};

export const DEFAULT_RETRIES = 4;
export const MAX_RETRIES = 20;
const ID = /^[a-z0-9][a-z0-9-_]*$/;

/**
 * Validates `createFunction(config, trigger, …)` (SPEC §2, R5, R6): the id, name, retries, up
 * to five cancelOn entries (CEL compiled, `match` rewritten to `if`, timeouts parsed), `onFailure`
 * (a function, if given), the `singleton` option (its key compiled), the function's `timeouts` and the trigger or triggers
 * (`config/triggers.ts`: events with their optional CEL filter over `event`, crons). The first
 * problem found is returned, naming the function, the path (`cancelOn[1].if`, `singleton.key`)
 * and, for expressions, the position.
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
  const { id, name, retries, cancelOn, onFailure, timeouts } = config;
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
  const singleton = validateSingleton(config.singleton);
  if (isLeft(singleton))
    return fail(singleton.left.path, singleton.left.message, singleton.left.position);
  const limits = validateTimeouts(timeouts);
  if (isLeft(limits)) return fail(limits.left.path, limits.left.message);

  if (onFailure !== undefined && typeof onFailure !== "function") {
    return fail("onFailure", "onFailure must be a function (the failure handler)");
  }
  const triggers = validateTriggers(trigger);
  if (isLeft(triggers)) {
    return fail(triggers.left.path, triggers.left.message, triggers.left.position);
  }

  return right({
    id,
    slug,
    name: name ?? id,
    retries: retries ?? DEFAULT_RETRIES,
    triggers: triggers.right,
    cancelOn: rules.right.rules,
    singleton: singleton.right,
    timeouts: limits.right,
    warnings: rules.right.warnings,
  });
}
