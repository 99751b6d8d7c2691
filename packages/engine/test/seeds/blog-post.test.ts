import { blogApp, postCancelled, postScheduled } from "@quell/core/examples";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";

// The seeds' "Cancelling scheduled functions" pattern (`@quell/core/examples`): schedule,
// cancel, reschedule.
const build = () => {
  const published: { postID: string; at: number }[] = [];
  let now = (): number => 0;
  const { publishScheduledPost: func } = blogApp({
    publisher: {
      publish: (postID) => {
        published.push({ postID, at: now() });
      },
    },
  });
  return {
    func,
    published,
    setClock: (clock: () => number) => {
      now = clock;
    },
  };
};

describe.each(drivers)(
  "seed: blog post scheduled, cancelled, rescheduled ($name)",
  ({ create }) => {
    let driver: Driver;
    afterEach(() => driver.stop());

    it("publishes once, at the rescheduled time", async () => {
      const { func, published, setClock } = build();
      driver = await create([func]);
      setClock(() => driver.now());
      const first = await driver.send(postScheduled("post-1", "2024-01-05T12:00:00.000Z"));
      await driver.advance("1d");
      // Cancel, then reschedule with a new time.
      await driver.send(postCancelled("post-1"));
      const second = await driver.send(postScheduled("post-1", "2024-01-10T08:00:00.000Z"));
      await driver.advance("2w");

      const [firstRun] = await driver.runsForEvent(first.ids[0] ?? "");
      const [secondRun] = await driver.runsForEvent(second.ids[0] ?? "");
      expect(firstRun?.status).toBe("Cancelled");
      expect(secondRun?.status).toBe("Completed");
      expect(published).toEqual([{ postID: "post-1", at: Date.parse("2024-01-10T08:00:00.000Z") }]);
    });

    it("the cancel event sent before the reschedule does not cancel the new run (R3)", async () => {
      const { func, published } = build();
      driver = await create([func]);
      await driver.send(postCancelled("post-2"));
      const sent = await driver.send(postScheduled("post-2", "2024-01-02T00:00:00.000Z"));
      await driver.advance("2d");
      const [run] = await driver.runsForEvent(sent.ids[0] ?? "");
      expect(run?.status).toBe("Completed");
      expect(published.map((p) => p.postID)).toEqual(["post-2"]);
    });
  },
);
