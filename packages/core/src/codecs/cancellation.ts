import * as t from "io-ts";

export const CancellationSource = t.keyof({ event: null, api: null, bulk: null, pause: null });
export type CancellationSource = t.TypeOf<typeof CancellationSource>;

/** The durable record of why a run stopped (SPEC §1). `at` is epoch ms. */
export const Cancellation = t.intersection([
  t.type({ source: CancellationSource, at: t.number }),
  t.partial({ event_id: t.string, cancellation_id: t.string, reason: t.string }),
]);
export type Cancellation = t.TypeOf<typeof Cancellation>;
