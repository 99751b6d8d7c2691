import type { EventPayload } from "../codecs/event";
import type { RunInput } from "../reducer/effects";
import type { AppFunction } from "../sdk/types";
import { correlatedStep } from "./correlation";
import { invokeMetadata } from "./invoke-event";

/**
 * The function an `inngest/function.invoked` event starts: exactly the one its
 * `data._inngest.fn_id` names, whatever the functions' triggers say. None for an invoke of a
 * function that is not registered (or an event without invoke metadata).
 */
export const invokedFunctions = <F extends AppFunction>(
  functions: readonly F[],
  event: EventPayload,
): readonly F[] => {
  const slug = invokeMetadata(event)?.fn_id;
  return slug === undefined ? [] : functions.filter((fn) => fn.slug === slug);
};

/**
 * When the invoked event starts no run that can answer (no such function, or it is paused and
 * its run is created `skipped`), the parent's `step.invoke` fails at once instead of waiting
 * until its timeout: the input for the parent, or null when the child runs.
 */
export const invokeRefusal = (
  event: EventPayload,
  started: readonly AppFunction[],
  paused: ReadonlySet<string>,
  at: number,
): { readonly runId: string; readonly input: RunInput } | null => {
  const meta = invokeMetadata(event);
  const stepHash = meta === null ? null : correlatedStep(meta.correlation_id);
  if (meta === null || stepHash === null) return null;
  const slug = JSON.stringify(meta.fn_id);
  const message =
    started.length === 0
      ? `function ${slug} not found`
      : paused.has(meta.fn_id)
        ? `function ${slug} is paused: the invoked run was skipped`
        : null;
  if (message === null) return null;
  return {
    runId: meta.source_run_id,
    input: { _tag: "InvokeFailed", at, stepHash, error: { name: "Error", message } },
  };
};
