import * as t from "io-ts";

/**
 * What a parent's cancellation does to a run it invoked (`step.invoke`'s `cascade`): `cancel`
 * (the default) cancels the child too, with source `parent`; `detach` leaves it running.
 */
export const InvokeCascade = t.keyof({ cancel: null, detach: null });
export type InvokeCascade = t.TypeOf<typeof InvokeCascade>;

/** The run whose `step.invoke` started this one, the step that waits for it, and the cascade. */
export const InvokeParent = t.type({ runId: t.string, stepHash: t.string, cascade: InvokeCascade });
export type InvokeParent = t.TypeOf<typeof InvokeParent>;

/**
 * The `_inngest` object of an `inngest/function.invoked` event: the seeds' system's fields
 * (`fn_id` the invoked function's slug, `correlation_id` = `<parent run id>.<step hash>`,
 * `source_app_id`, `source_fn_id`, `expire`, `name`), plus Quell's `source_run_id` and
 * `cascade`. Decoding reads only what Quell needs; other fields are left alone.
 */
export const InvokeMetadata = t.type({
  fn_id: t.string,
  correlation_id: t.string,
  source_run_id: t.string,
  cascade: InvokeCascade,
});
export type InvokeMetadata = t.TypeOf<typeof InvokeMetadata>;
