import * as t from "io-ts";

/**
 * What cancelled a run: a `cancelOn` event, the API (one run), a bulk cancellation, a pause with
 * `cancelRunning`, a function timeout, a singleton's newer run, or its parent's cancellation.
 */
export const CancellationSource = t.keyof({
  event: null,
  api: null,
  bulk: null,
  pause: null,
  timeout: null,
  singleton: null,
  parent: null,
});
export type CancellationSource = t.TypeOf<typeof CancellationSource>;

/**
 * The durable record of why a run stopped (SPEC §1). `at` is epoch ms. Each id names the cause:
 * `event_id` the cancelling event, `cancellation_id` the bulk cancellation, `caused_by_run_id`
 * the run whose start (singleton) or cancellation (parent) cancelled this one.
 */
export const Cancellation = t.intersection([
  t.type({ source: CancellationSource, at: t.number }),
  t.partial({
    event_id: t.string,
    cancellation_id: t.string,
    caused_by_run_id: t.string,
    reason: t.string,
  }),
]);
export type Cancellation = t.TypeOf<typeof Cancellation>;
