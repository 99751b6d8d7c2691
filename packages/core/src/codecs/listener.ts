import * as t from "io-ts";

/**
 * What a run registers to be cancelled (`cancelOn`) or woken (`waitForEvent`, `step.invoke`) by a
 * later event, or (`cascade`) to be cancelled with the parent that invoked it (source `parent`).
 * `indexKey` is the signature and values of the expression's equality conjuncts (SPEC R7), or
 * null when the expression has none and must be evaluated per candidate.
 */
export const Listener = t.type({
  id: t.string,
  runId: t.string,
  functionId: t.string,
  kind: t.keyof({ cancel: null, wait: null, cascade: null }),
  event: t.string,
  expression: t.union([t.string, t.null]),
  index: t.union([t.type({ signature: t.string, key: t.string }), t.null]),
  afterSeq: t.number,
  expiresAt: t.union([t.number, t.null]),
  stepHash: t.union([t.string, t.null]),
});
export type Listener = t.TypeOf<typeof Listener>;
