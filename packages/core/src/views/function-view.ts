import * as t from "io-ts";
import { described } from "../codecs/annotated";
import { closed, Integer, IsoDateTime, isoTime } from "../codecs/wire";
import type { AppFunction } from "../sdk/types";

/** A `cancelOn` timeout: a duration after the run's creation, or an absolute time. */
export const CancelOnTimeoutView = t.union([
  closed({ after_ms: described(Integer, "milliseconds after the run was created") }),
  closed({ at: IsoDateTime }),
]);
export type CancelOnTimeoutView = t.TypeOf<typeof CancelOnTimeoutView>;

/** A registered function as the engine and `GET /v1/functions` show it. */
export const FunctionView = closed({
  function_id: described(t.string, "the slug: app_id, a hyphen, then id"),
  id: t.string,
  app_id: t.string,
  name: t.string,
  trigger: closed({ event: t.string, if: t.union([t.string, t.null]) }),
  cancel_on: t.readonlyArray(
    closed({
      event: t.string,
      match: t.union([t.string, t.null]),
      if: described(
        t.union([t.string, t.null]),
        "the CEL the entry is evaluated with (match rewritten to if); null matches every event",
      ),
      timeout: t.union([CancelOnTimeoutView, t.null]),
    }),
  ),
  retries: Integer,
  paused: t.boolean,
});
export type FunctionView = t.TypeOf<typeof FunctionView>;

export const toFunctionView = (fn: AppFunction, paused: boolean): FunctionView => ({
  function_id: fn.slug,
  id: fn.id,
  app_id: fn.appId,
  name: fn.name,
  trigger: { event: fn.trigger.event, if: fn.trigger.if?.source ?? null },
  cancel_on: fn.cancelOn.map((rule) => ({
    event: rule.event,
    match: fn.config.cancelOn?.[rule.index]?.match ?? null,
    if: rule.expression?.source ?? null,
    timeout:
      rule.timeout === null
        ? null
        : rule.timeout.kind === "relative"
          ? { after_ms: rule.timeout.ms }
          : { at: isoTime(rule.timeout.at) },
  })),
  retries: fn.retries,
  paused,
});
