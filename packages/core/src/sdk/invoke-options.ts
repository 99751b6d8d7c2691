import { type Either, left, right } from "fp-ts/lib/Either.js";
import { InvokeCascade } from "../codecs/invoke";
import { parseDuration } from "../config/duration";
import { DEFAULT_MAX_EVENT_BYTES, validateEvent } from "../config/validate-event";
import type { InvokeOp } from "../invoke/invoke-event";
import { FUNCTION_INVOKED } from "../system-events";
import type { InvokeOptions } from "./types";

/** How long `step.invoke` waits for its child when no `timeout` is given. */
export const DEFAULT_INVOKE_TIMEOUT = "365d";

const slugOf = (fn: unknown): string | null => {
  if (typeof fn === "string") return fn.length > 0 ? fn : null;
  if (typeof fn !== "object" || fn === null || !("slug" in fn)) return null;
  return typeof fn.slug === "string" && fn.slug.length > 0 ? fn.slug : null;
};

/**
 * The `InvokeFunction` op of a `step.invoke` call, or what is wrong with its options: the
 * function (an object with a slug, or the slug), `data` (a JSON object within the event size
 * limit, as the child's event must be), `timeout` (a duration) and `cascade`.
 */
export const invokeOp = (
  step: { readonly id: string; readonly hash: string },
  options: InvokeOptions,
  now: number,
): Either<string, InvokeOp> => {
  if (typeof options !== "object" || options === null)
    return left("options must be an object like { function, data }");
  const functionId = slugOf(options.function);
  if (functionId === null) return left("function must be a function or its slug");
  const event = validateEvent({ name: FUNCTION_INVOKED, data: options.data ?? {} }, "invoke", {
    maxBytes: DEFAULT_MAX_EVENT_BYTES,
    allowSystem: true,
  });
  if (event._tag === "Left") return left(`${event.left.path}: ${event.left.message}`);
  const timeout = parseDuration(options.timeout ?? DEFAULT_INVOKE_TIMEOUT);
  if (timeout._tag === "Left") return left(`timeout: ${timeout.left}`);
  const cascade = options.cascade ?? "cancel";
  if (!InvokeCascade.is(cascade))
    return left(`cascade must be "cancel" or "detach", got ${JSON.stringify(cascade)}`);
  return right({
    op: "InvokeFunction",
    ...step,
    functionId,
    data: event.right.data ?? {},
    timeoutAt: now + timeout.right,
    cascade,
  });
};
