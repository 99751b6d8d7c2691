import { makeIngest } from "@quell/conformance";
import { describe, expect, it } from "vitest";
import { EventLog } from "../src/event-log";
import { memoryStore } from "../src/index";

/** Every event name has a listener: nothing is appended already processed. */
const heardAll = (): boolean => true;

describe("EventLog dedupe index", () => {
  it("forgets keys whose window closed, so it does not grow forever", () => {
    const log = new EventLog(1_000);
    for (let i = 0; i < 10_000; i++) {
      log.append(makeIngest({ dedupeKey: `key-${i}`, receivedAt: i * 10 }), heardAll);
    }
    // One request every 10 ms with a 1 s window: only the last 100 keys can still match.
    expect(log.dedupeKeys).toBe(100);
    expect(log.lastSeq).toBe(10_000);
  });

  it("still deduplicates a key inside its window after others expired", () => {
    const log = new EventLog(1_000);
    const first = makeIngest({ dedupeKey: "k", receivedAt: 5_000 });
    log.append(makeIngest({ dedupeKey: "old", receivedAt: 0 }), heardAll);
    log.append(first, heardAll);
    expect(log.append(makeIngest({ dedupeKey: "k", receivedAt: 5_999 }), heardAll)).toEqual({
      _tag: "Duplicate",
      internalId: first.internalId,
    });
    expect(log.dedupeKeys).toBe(1);
  });
});

describe("memoryStore options", () => {
  it("uses the given dedupe window", async () => {
    const store = memoryStore({ dedupeWindowMs: 10 });
    const first = makeIngest({ dedupeKey: "k", receivedAt: 0 });
    await store.ingest([first]);
    const [inside] = await store.ingest([makeIngest({ dedupeKey: "k", receivedAt: 9 })]);
    const [after] = await store.ingest([makeIngest({ dedupeKey: "k", receivedAt: 10 })]);
    expect(inside).toEqual({ _tag: "Duplicate", internalId: first.internalId });
    expect(after?._tag).toBe("Ingested");
  });
});
