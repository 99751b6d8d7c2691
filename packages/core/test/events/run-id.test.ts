import { decodeTime, isValid } from "ulid";
import { describe, expect, it } from "vitest";
import { eventRunId } from "../../src/events/run-id";

const event = (seq: number, internalId = `ev-${seq}`, receivedAt = 1_704_067_200_000) => ({
  internalId,
  seq,
  receivedAt,
});

describe("eventRunId", () => {
  it("is a ULID whose time is the event's receivedAt", () => {
    const id = eventRunId(event(1), "app-fn");
    expect(isValid(id)).toBe(true);
    expect(id).toHaveLength(26);
    expect(decodeTime(id)).toBe(1_704_067_200_000);
  });

  it("names the same run every time the same event is processed for the same function", () => {
    expect(eventRunId(event(7), "app-fn")).toBe(eventRunId(event(7), "app-fn"));
  });

  it("differs between functions and between events", () => {
    const ids = new Set<string>();
    for (let seq = 1; seq <= 200; seq++) {
      for (const slug of ["app-a", "app-b", "app-c"]) ids.add(eventRunId(event(seq), slug));
    }
    expect(ids.size).toBe(600);
    expect(eventRunId(event(1, "x"), "app-a")).not.toBe(eventRunId(event(1, "y"), "app-a"));
  });

  it("sorts runs of events received in the same millisecond in ingestion order", () => {
    const ids = [1, 2, 10, 11, 300, 70_000].map((seq) => eventRunId(event(seq), "app-fn"));
    expect([...ids].sort()).toEqual(ids);
  });

  it("clamps times a ULID cannot hold instead of throwing", () => {
    expect(decodeTime(eventRunId(event(1, "e", -5), "f"))).toBe(0);
    expect(decodeTime(eventRunId(event(1, "e", 12.7), "f"))).toBe(12);
  });
});
