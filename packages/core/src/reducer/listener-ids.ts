export const cancelListenerId = (runId: string, index: number): string =>
  `${runId}:cancel:${index}`;
export const waitListenerId = (runId: string, stepHash: string): string =>
  `${runId}:wait:${stepHash}`;
/** The listener that cancels an invoked run when its parent is cancelled (one per run). */
export const cascadeListenerId = (runId: string): string => `${runId}:cascade`;
