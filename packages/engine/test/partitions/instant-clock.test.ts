import { describe, expect, it } from "vitest";
import { virtualClock } from "../../src/index";
import { instantClock } from "../../src/partitions/instant-clock";
import { deferred } from "../support/drivers";

describe("instantClock: the partitions of one process wake together", () => {
  it("starts every callback due at an instant before any of them finishes", async () => {
    const base = virtualClock(0);
    const clock = instantClock(base);
    const log: string[] = [];
    const held = deferred();
    clock.setTimer(1_000, async () => {
      log.push("a starts");
      await held.promise;
      log.push("a ends");
    });
    clock.setTimer(1_000, () => {
      log.push("b starts");
      held.resolve();
    });
    clock.setTimer(2_000, () => log.push(`c at ${clock.now()}`));
    await base.advance(5_000);
    expect(log).toEqual(["a starts", "b starts", "a ends", "c at 2000"]);
  });

  it("calls a cancelled timer never, and one set while others run at its own time", async () => {
    const base = virtualClock(0);
    const clock = instantClock(base);
    const log: number[] = [];
    const cancel = clock.setTimer(500, () => log.push(-1));
    clock.setTimer(1_000, () => {
      log.push(clock.now());
      clock.setTimer(1_500, () => log.push(clock.now()));
    });
    cancel();
    await base.advance(1_200);
    expect(log).toEqual([1_000]);
    await base.advance(1_000);
    expect(log).toEqual([1_000, 1_500]);
  });
});
