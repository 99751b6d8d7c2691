import * as t from "io-ts";

/** Which of the function's `timeouts` a deadline enforces. */
export const DeadlineKind = t.keyof({ start: null, finish: null });
export type DeadlineKind = t.TypeOf<typeof DeadlineKind>;

/**
 * When the run is cancelled (source `timeout`) unless it has started (`start`) or ended
 * (`finish`) by then. Set when the run is created (`timeouts.start` after its creation) and
 * replaced at its first start (`timeouts.finish` after it); null without such a limit.
 */
export const Deadline = t.type({ at: t.number, kind: DeadlineKind });
export type Deadline = t.TypeOf<typeof Deadline>;
