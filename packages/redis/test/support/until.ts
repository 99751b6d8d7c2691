const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Poll `check` until it answers true, or fail with what it last said once `deadlineMs` passed.
 * A liveness bound, so a test never hangs; it asserts no timing.
 */
export const until = async (
  what: string,
  check: () => Promise<string | true>,
  deadlineMs = 60_000,
  everyMs = 50,
): Promise<void> => {
  const deadline = Date.now() + deadlineMs;
  let last: string | true = "";
  while (Date.now() < deadline) {
    last = await check().catch((error: unknown) => String(error));
    if (last === true) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
};
