import * as t from "io-ts";
import { type Cancellation, CancellationSource } from "../codecs/cancellation";
import { closed, IsoDateTime, isoTime } from "../codecs/wire";

/**
 * Why a run stopped, as the API and the `inngest/function.cancelled` event show it (SPEC §1,
 * §4.4): `at` is an ISO time like every time on the wire; only an event's own `ts` is epoch ms.
 */
export const CancellationView = closed(
  { source: CancellationSource, at: IsoDateTime },
  { event_id: t.string, cancellation_id: t.string, caused_by_run_id: t.string, reason: t.string },
);
export type CancellationView = t.TypeOf<typeof CancellationView>;

export const toCancellationView = (cancellation: Cancellation): CancellationView => ({
  ...cancellation,
  at: isoTime(cancellation.at),
});
