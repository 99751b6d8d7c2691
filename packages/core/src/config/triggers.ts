import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { compileExpression } from "../cel/compile-expression";
import type { CompiledExpression } from "../cel/types";
import { type CronSchedule, parseCronSchedule } from "../cron/cron-schedule";
import { isRecord } from "./config-error";

/**
 * An event trigger once validated. `if` is the one filter field, whatever the source called it:
 * Quell's own config writes `if`, the `inngest` SDK registers it as `expression`, and whoever
 * maps an SDK's config writes it here.
 */
export interface EventTrigger {
  readonly _tag: "Event";
  readonly event: string;
  readonly if: CompiledExpression | null;
}

/** A cron trigger once validated: the source as written and its parsed schedule. */
export interface CronTrigger {
  readonly _tag: "Cron";
  readonly cron: string;
  readonly schedule: CronSchedule;
}

export type FunctionTrigger = EventTrigger | CronTrigger;

/** Where and why a trigger is refused (`triggers[1].cron`, `trigger.if`). */
export interface TriggerError {
  readonly path: string;
  readonly message: string;
  readonly position?: number;
}

/** At most this many triggers per function, as the seeds' system allows. */
export const MAX_TRIGGERS = 10;

// Cron ticks start their function directly (`cronTickTarget`): an event trigger on their name
// would never fire.
const RESERVED_TRIGGER_EVENTS = new Set(["inngest/scheduled.timer"]);

const fail = (path: string, message: string, position?: number): Either<TriggerError, never> =>
  left({ path, message, ...(position === undefined ? {} : { position }) });

const validateOne = (value: unknown, path: string): Either<TriggerError, FunctionTrigger> => {
  if (!isRecord(value)) {
    return fail(path, 'a trigger must be an object like { event: "app/user.created" } or { cron }');
  }
  if (value.cron !== undefined) {
    for (const key of Object.keys(value)) {
      if (key !== "cron") {
        return fail(`${path}.${key}`, `a cron trigger takes only cron, not "${key}"`);
      }
    }
    if (typeof value.cron !== "string") {
      return fail(`${path}.cron`, 'cron must be a string like "*/5 * * * *"');
    }
    const schedule = parseCronSchedule(value.cron);
    if (isLeft(schedule)) return fail(`${path}.cron`, schedule.left);
    return right({ _tag: "Cron", cron: value.cron, schedule: schedule.right });
  }
  for (const key of Object.keys(value)) {
    if (key !== "event" && key !== "if") {
      return fail(
        `${path}.${key}`,
        `unknown trigger option "${key}" (expected event, if, or cron)`,
      );
    }
  }
  if (typeof value.event !== "string" || value.event.length === 0) {
    return fail(`${path}.event`, "trigger event is required (a non-empty string), or use cron");
  }
  if (RESERVED_TRIGGER_EVENTS.has(value.event)) {
    return fail(`${path}.event`, `"${value.event}" is sent by cron triggers: use { cron }`);
  }
  if (value.if === undefined) return right({ _tag: "Event", event: value.event, if: null });
  if (typeof value.if !== "string") return fail(`${path}.if`, "if must be a CEL expression string");
  // A trigger filter sees only the event being considered: no `async` here.
  const compiled = compileExpression(value.if, "event");
  if (isLeft(compiled)) return fail(`${path}.if`, compiled.left.message, compiled.left.position);
  return right({ _tag: "Event", event: value.event, if: compiled.right });
};

/**
 * Validates `createFunction`'s trigger argument: one trigger (`{ event, if? }` or `{ cron }`,
 * errors at `trigger.…`) or an array of 1 to `MAX_TRIGGERS` (errors at `triggers[i].…`).
 */
export const validateTriggers = (
  trigger: unknown,
): Either<TriggerError, readonly FunctionTrigger[]> => {
  if (!Array.isArray(trigger)) {
    if (!isRecord(trigger)) {
      return fail(
        "trigger",
        'trigger must be an object like { event: "app/user.created" }, { cron: "0 * * * *" }, or an array of them',
      );
    }
    const one = validateOne(trigger, "trigger");
    return isLeft(one) ? one : right([one.right]);
  }
  if (trigger.length === 0) return fail("triggers", "at least one trigger is required");
  if (trigger.length > MAX_TRIGGERS) {
    return fail("triggers", `at most ${MAX_TRIGGERS} triggers, got ${trigger.length}`);
  }
  const triggers: FunctionTrigger[] = [];
  for (const [index, value] of trigger.entries()) {
    const one = validateOne(value, `triggers[${index}]`);
    if (isLeft(one)) return one;
    triggers.push(one.right);
  }
  return right(triggers);
};
