import * as t from "io-ts";
import { described } from "../codecs/annotated";
import { closed, Integer } from "../codecs/wire";

/** What `replayRuns` answers: how many runs were replayed, and the new runs' ids. */
export const ReplayResult = closed({
  count: Integer,
  run_ids: t.readonlyArray(t.string),
});
export type ReplayResult = t.TypeOf<typeof ReplayResult>;

/** What `pauseFunction` answers. */
export const PauseResult = closed({
  function_id: described(t.string, "the function's slug"),
  paused: t.literal(true),
  cancelled: described(Integer, "runs cancelled because cancel_running was set"),
});
export type PauseResult = t.TypeOf<typeof PauseResult>;

/** What `resumeFunction` answers. */
export const ResumeResult = closed({
  function_id: described(t.string, "the function's slug"),
  paused: t.literal(false),
  resumed: described(Integer, "paused runs that continue"),
});
export type ResumeResult = t.TypeOf<typeof ResumeResult>;
