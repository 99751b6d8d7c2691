export const cancelListenerId = (runId: string, index: number): string =>
  `${runId}:cancel:${index}`;
export const waitListenerId = (runId: string, stepHash: string): string =>
  `${runId}:wait:${stepHash}`;
