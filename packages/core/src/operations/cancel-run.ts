import type { Cancellation } from "../codecs/cancellation";

/** The cancellation record of `cancelRun(id, { reason })` (SPEC §4.1, source `api`). */
export const apiCancellation = (at: number, reason?: string): Cancellation => ({
  source: "api",
  at,
  ...(reason !== undefined ? { reason } : {}),
});
