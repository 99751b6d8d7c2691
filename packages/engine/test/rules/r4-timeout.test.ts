// SPEC R4: a cancelOn `timeout` (a duration from run creation, or an absolute time) ends the
// listener: an event ingested after it does not cancel. Without timeout it lives until the run ends.
import { type CancelOnConfig, Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

const START = "2024-01-01T00:00:00.000Z";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  const setup = async (timeout: CancelOnConfig["timeout"]) => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      {
        id: "job",
        cancelOn: [
          { event: "job/stop", match: "data.jobId", ...(timeout === undefined ? {} : { timeout }) },
        ],
      },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1w");
        return "finished";
      },
    );
    const d = await start([fn], { start: START });
    const trigger = async (jobId: string) =>
      (await d.send({ name: "job/started", data: { jobId } })).ids[0];
    const stop = (jobId: string) => d.send({ name: "job/stop", data: { jobId } });
    return { d, trigger, stop };
  };

  it("R4: relative timeout — an event before it cancels, one after it does not", async () => {
    const { d, trigger, stop } = await setup("1h");
    const early = await trigger("early");
    const late = await trigger("late");
    await d.advance("59m59s");
    await stop("early");
    await d.advance("2s"); // now 1h0m1s after creation
    await stop("late");
    expect((await runOf(d, early)).status).toBe("Cancelled");
    expect((await runOf(d, late)).status).toBe("Sleeping");
  });

  it("R4: after its timeout the listener no longer matters: the run ends normally", async () => {
    const { d, trigger, stop } = await setup("1h");
    const run = await trigger("a");
    await d.advance("2h");
    await stop("a");
    await d.advance("1w");
    const view = await runOf(d, run);
    expect(view.status).toBe("Completed");
    expect(view.output).toBe("finished");
    expect(view.cancellation).toBeNull();
  });

  it("R4: relative timeout given in milliseconds", async () => {
    const { d, trigger, stop } = await setup(60_000);
    const early = await trigger("early");
    const late = await trigger("late");
    await d.advance("30s");
    await stop("early");
    await d.advance("31s");
    await stop("late");
    expect((await runOf(d, early)).status).toBe("Cancelled");
    expect((await runOf(d, late)).status).toBe("Sleeping");
  });

  it("R4: a relative timeout counts from each run's creation, not from registration", async () => {
    const { d, trigger, stop } = await setup("1h");
    await d.advance("5h");
    const run = await trigger("a"); // created at +5h, so its listener lives until +6h
    await d.advance("30m");
    await stop("a");
    expect((await runOf(d, run)).status).toBe("Cancelled");
  });

  it("R4: absolute timeout as an ISO string — before it cancels, after it does not", async () => {
    const { d, trigger, stop } = await setup("2024-01-02T00:00:00Z");
    const early = await trigger("early");
    const late = await trigger("late");
    await d.advance("23h");
    await stop("early");
    await d.advance("2h"); // 2024-01-02T01:00Z
    await stop("late");
    expect((await runOf(d, early)).status).toBe("Cancelled");
    expect((await runOf(d, late)).status).toBe("Sleeping");
  });

  it("R4: absolute timeout as a Date is the same instant for runs created at different times", async () => {
    const { d, trigger, stop } = await setup(new Date("2024-01-02T00:00:00Z"));
    const first = await trigger("first");
    await d.advance("20h");
    const second = await trigger("second"); // a relative reading would give it until 2024-01-03
    await d.advance("5h"); // 2024-01-02T01:00Z: past the absolute timeout for both
    await stop("first");
    await stop("second");
    expect((await runOf(d, first)).status).toBe("Sleeping");
    expect((await runOf(d, second)).status).toBe("Sleeping");
  });

  it("R4: without a timeout the listener lives until the run ends (cancel after six days)", async () => {
    const { d, trigger, stop } = await setup(undefined);
    const run = await trigger("a");
    await d.advance("6d");
    await stop("a");
    expect((await runOf(d, run)).status).toBe("Cancelled");
  });
});
