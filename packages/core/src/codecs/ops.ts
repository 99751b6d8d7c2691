import * as t from "io-ts";
import { EventInput } from "./event";
import { InvokeCascade } from "./invoke";
import { Json, JsonObject } from "./json";

/**
 * An error as it is stored and reported: plain data, never an Error instance. Closed: decoding
 * drops any other field, so the API shows exactly these.
 */
export const SerializedError = t.exact(
  t.intersection([t.type({ name: t.string, message: t.string }), t.partial({ stack: t.string })]),
);
export type SerializedError = t.TypeOf<typeof SerializedError>;

const stepRef = { id: t.string, hash: t.string };

/** When to retry, if the code that failed said (the SDK's `Retry-After`): epoch ms. */
const retryHint = t.partial({ retryAt: t.number });

/**
 * What one execution of a handler reports: exactly one op, named as the seeds' system names
 * them. This is the boundary between the engine and the code that runs handlers, so a remote
 * (HTTP) handler can speak the same ops. `RunError` is a handler-level error (thrown outside
 * any step), which the seeds' system reports as an error response rather than an op.
 */
export const Op = t.union([
  t.type({
    op: t.literal("StepPlanned"),
    ...stepRef,
    kind: t.keyof({ run: null, sendEvent: null }),
    events: t.array(EventInput),
  }),
  /**
   * Several `step.run` steps planned at once (parallel steps, `Promise.all`): each starts, and
   * runs in its own execution, once this commit lands; the run goes on when the last settles.
   * Only a remote host reports it (the in-process SDK plans one step at a time).
   */
  t.type({ op: t.literal("StepsPlanned"), steps: t.array(t.type(stepRef)) }),
  t.type({ op: t.literal("StepRun"), ...stepRef, output: Json }),
  t.intersection([
    t.type({
      op: t.literal("StepError"),
      ...stepRef,
      error: SerializedError,
      retriable: t.boolean,
    }),
    retryHint,
  ]),
  t.type({ op: t.literal("Sleep"), ...stepRef, until: t.number }),
  t.type({
    op: t.literal("WaitForEvent"),
    ...stepRef,
    event: t.string,
    if: t.union([t.string, t.null]),
    timeoutAt: t.number,
  }),
  t.type({ op: t.literal("RunComplete"), output: Json }),
  t.intersection([
    t.type({ op: t.literal("RunError"), error: SerializedError, retriable: t.boolean }),
    retryHint,
  ]),
  /**
   * `step.invoke`: start the function `functionId` (a slug) with `data`, and wait for its run
   * until `timeoutAt`. The seeds' SDK sends `opts.function_id`, `opts.payload.data` and
   * `opts.timeout` (a duration, which becomes `timeoutAt`); `cascade` is Quell's.
   */
  t.type({
    op: t.literal("InvokeFunction"),
    ...stepRef,
    functionId: t.string,
    data: JsonObject,
    timeoutAt: t.number,
    cascade: InvokeCascade,
  }),
]);
export type Op = t.TypeOf<typeof Op>;
export type OpName = Op["op"];
