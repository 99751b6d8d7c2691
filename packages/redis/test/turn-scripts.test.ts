import { makeIngest } from "@quell/conformance";
import type { IngestResult } from "@quell/core";
import { describe, expect, it } from "vitest";
import { privateRedis } from "./support/private-redis";
import { scriptsRun } from "./support/script-calls";

// The ingestions and markings one turn asks for go to Redis as one script each
// (src/turn-batch.ts), with the answers separate calls would have had.

const redis = privateRedis("turn");

describe("calls of one turn", () => {
  it("ingest as one script, in call order, a repeated user id a duplicate of the first", async () => {
    const store = redis.fresh();
    const first = makeIngest({ name: "order/paid", dedupeKey: "o-1", receivedAt: 1 });
    const again = makeIngest({ name: "order/paid", dedupeKey: "o-1", receivedAt: 1 });
    const other = makeIngest({ name: "order/shipped", receivedAt: 1 });
    await store.ingest([makeIngest()]); // loads the script
    let answers: (readonly IngestResult[])[] = [];
    const scripts = await scriptsRun(redis.client(), async () => {
      answers = await Promise.all([store.ingest([first]), store.ingest([again, other])]);
    });
    expect(scripts).toBe(1);
    const seqOf = (result: IngestResult | undefined) =>
      result?._tag === "Ingested" ? result.event.seq : Number.NaN;
    const [a, b, c] = answers.flat();
    expect(b).toEqual({ _tag: "Duplicate", internalId: first.internalId });
    expect(seqOf(c)).toBe(seqOf(a) + 1);
    expect((await store.pendingEvents(10)).map((e) => e.internalId)).toEqual([
      expect.any(String),
      first.internalId,
      other.internalId,
    ]);
  });

  it("ingest at most 1 MiB of event JSON in one script: large events of one turn go in several", async () => {
    const store = redis.fresh();
    await store.ingest([makeIngest()]); // loads the script
    const large = () => makeIngest({ data: { blob: "x".repeat(400_000) }, receivedAt: 1 });
    let answers: (readonly IngestResult[])[] = [];
    const scripts = await scriptsRun(redis.client(), async () => {
      answers = await Promise.all([large(), large(), large()].map((e) => store.ingest([e])));
    });
    expect(scripts).toBe(2);
    expect(answers.flat().map((a) => a._tag)).toEqual(["Ingested", "Ingested", "Ingested"]);
  });

  it("mark events processed as one script, each as a call of its own would", async () => {
    const store = redis.fresh();
    const events = Array.from({ length: 5 }, () => makeIngest({ receivedAt: 1 }));
    await store.ingest(events);
    await store.markProcessed(events[0]?.internalId ?? ""); // loads the script
    const rest = events.slice(1).map((e) => e.internalId);
    const scripts = await scriptsRun(redis.client(), () =>
      // One already processed and one never ingested change nothing.
      Promise.all(
        [...rest, events[0]?.internalId ?? "", "never"].map((id) => store.markProcessed(id)),
      ),
    );
    expect(scripts).toBe(1);
    expect(await store.pendingEvents(10)).toEqual([]);
    // Processed and triggering no run: retention may take them.
    const pruned = await store.prune({ endedBefore: 0, receivedBefore: 2, now: 2, limit: 10 });
    expect(pruned.events).toBe(5);
  });
});
