import { type Either, map } from "fp-ts/lib/Either.js";
import type { RunInput } from "../reducer/effects";
import { type FieldError, timeField } from "./time-field";

export type RescheduleInput = Extract<RunInput, { readonly _tag: "Reschedule" }>;

/**
 * The input of `rescheduleRun(id, { until })` at time `at`: `until` is a Date, an RFC 3339
 * string or epoch ms; anything else is refused naming `until` (HTTP 400). Whether the run can
 * be rescheduled (sleeping: yes; otherwise 409) is the reducer's decision.
 */
export const rescheduleInput = (until: unknown, at: number): Either<FieldError, RescheduleInput> =>
  map((ms: number): RescheduleInput => ({ _tag: "Reschedule", at, until: ms }))(
    timeField("until", until),
  );
