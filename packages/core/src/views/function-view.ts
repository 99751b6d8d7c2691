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

/** A trigger as `GET /v1/functions` shows it: an event with its filter, or a cron. */
export const TriggerView = t.union([
  closed({
    event: t.string,
    if: described(t.union([t.string, t.null]), "CEL over event; null: every event of that name"),
  }),
  closed({
    cron: described(t.string, 'five cron fields, optionally after "TZ=<IANA zone> "'),
  }),
]);
export type TriggerView = t.TypeOf<typeof TriggerView>;

/** Triggers on one line, for tables: `app/x.created if <cel>, cron TZ=Europe/Paris 0 3 * * *`. */
export const formatTriggers = (triggers: readonly TriggerView[]): string =>
  triggers
    .map((t) =>
      "cron" in t ? `cron ${t.cron}` : t.if === null ? t.event : `${t.event} if ${t.if}`,
    )
    .join(", ");

/** A registered function as the engine and `GET /v1/functions` show it. */
export const FunctionView = closed({
  function_id: described(t.string, "the slug: app_id, a hyphen, then id"),
  id: t.string,
  app_id: t.string,
  name: t.string,
  triggers: described(
    t.readonlyArray(TriggerView),
    "what starts a run: each matching event once, and each cron tick",
  ),
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
  singleton: described(
    t.union([
      closed({
        mode: t.keyof({ skip: null, cancel: null }),
        key: described(t.union([t.string, t.null]), "CEL over event; null: one slot per function"),
      }),
      t.null,
    ]),
    "at most one run in progress per function or key (SPEC §7.8); null: no limit",
  ),
  timeouts: described(
    closed({
      start_ms: t.union([Integer, t.null]),
      finish_ms: t.union([Integer, t.null]),
    }),
    "timeouts.start (from creation to first start) and timeouts.finish (from first start to end) in ms; null: no limit",
  ),
});
export type FunctionView = t.TypeOf<typeof FunctionView>;

export const toFunctionView = (fn: AppFunction, paused: boolean): FunctionView => ({
  function_id: fn.slug,
  id: fn.id,
  app_id: fn.appId,
  name: fn.name,
  triggers: fn.triggers.map((trigger) =>
    trigger._tag === "Cron"
      ? { cron: trigger.cron }
      : { event: trigger.event, if: trigger.if?.source ?? null },
  ),
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
  singleton:
    fn.singleton === null
      ? null
      : { mode: fn.singleton.mode, key: fn.singleton.key?.source ?? null },
  timeouts: { start_ms: fn.timeouts.start, finish_ms: fn.timeouts.finish },
});
