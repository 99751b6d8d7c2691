import * as t from "io-ts";

/**
 * The singleton slot a run holds (SPEC §7.8): `slot` names its function and key value
 * (`singletonSlot`). The store took it for the run in the write that created it, and lets it go
 * in the write that takes the run to `cancelling` or a terminal state.
 */
export const SingletonHold = t.type({ slot: t.string });
export type SingletonHold = t.TypeOf<typeof SingletonHold>;
