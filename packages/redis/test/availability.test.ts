import { StoreUnavailableError } from "@quell/core";
import { describe, expect, it } from "vitest";
import { type AvailabilityChange, createAvailability } from "../src/availability";

const unreachable = (detail: string) => new StoreUnavailableError("unreachable", "redis", detail);

describe("the store's availability", () => {
  const watch = () => {
    const changes: AvailabilityChange[] = [];
    let clock = 0;
    const availability = createAvailability(
      (change) => changes.push(change),
      () => clock,
    );
    const tags = () => changes.map((change) => change._tag);
    const advance = (ms: number): void => {
      clock += ms;
    };
    return { availability, changes, tags, advance };
  };

  it("reports an outage once, however many commands fail, and its end once", () => {
    const { availability, changes, tags, advance } = watch();
    availability.failed(unreachable("connection refused"), availability.recoveries);
    availability.failed(unreachable("connection refused again"), availability.recoveries);
    expect(availability.down?.detail).toBe("connection refused again");
    advance(1_500);
    availability.connected();
    availability.succeeded("answered");
    expect(tags()).toEqual(["Lost", "Restored"]);
    expect(changes[1]).toEqual({ _tag: "Restored", store: "redis", downMs: 1_500 });
    expect(availability.down).toBeNull();
  });

  it("takes a command sent before the recovery that fails after it for no new outage", () => {
    const { availability, tags } = watch();
    availability.failed(unreachable("connection refused"), availability.recoveries);
    const sentWhileDown = availability.recoveries;
    availability.connected();
    availability.failed(unreachable("MOVED to the restarted node"), sentWhileDown);
    expect(tags()).toEqual(["Lost", "Restored"]);
    expect(availability.down).toBeNull();
  });

  it("reports a second outage when a command sent after the recovery fails", () => {
    const { availability, tags } = watch();
    availability.failed(unreachable("connection refused"), availability.recoveries);
    availability.connected();
    availability.failed(unreachable("connection reset"), availability.recoveries);
    expect(tags()).toEqual(["Lost", "Restored", "Lost"]);
    expect(availability.down?.detail).toBe("connection reset");
  });

  it("reports a failure the connection itself tells, which no command was sent for", () => {
    const { availability, tags } = watch();
    availability.failed(unreachable("connection refused"));
    availability.connected();
    availability.failed(unreachable("connection reset"));
    expect(tags()).toEqual(["Lost", "Restored", "Lost"]);
  });
});
