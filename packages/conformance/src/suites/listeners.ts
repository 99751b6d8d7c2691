import type { Listener } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeCommit, makeListener, makeRun, makeWrite, nextVersion } from "../fixtures";
import { type Harness, sortedIds } from "../harness";

const keyed = (event: string, signature: string, key: string, runId = "run-x"): Listener =>
  makeListener({ event, runId, index: { signature, key } });

/** A `keyFor` that answers from a table and records which signatures it was asked about. */
const keys = (table: Record<string, string>) => {
  const asked: string[] = [];
  const keyFor = (signature: string): string | null => {
    asked.push(signature);
    return table[signature] ?? null;
  };
  return { keyFor, asked };
};

export const listenerTests = ({ fresh }: Harness): void => {
  describe("findListeners", () => {
    const setup = async (listeners: readonly Listener[]) => {
      const store = await fresh();
      const run = makeRun();
      await store.createRun(makeWrite(run, { addListeners: listeners }));
      return { store, run };
    };

    it("returns keyed matches and the unindexed listeners of that event name only", async () => {
      const k1 = keyed("order/cancelled", "data.orderId", "o-1");
      const k1b = keyed("order/cancelled", "data.orderId", "o-1", "run-y");
      const k2 = keyed("order/cancelled", "data.orderId", "o-2");
      const prefix = keyed("order/cancelled", "data.orderId", "o-10");
      const loose = makeListener({ event: "order/cancelled", expression: "async.data.n > 1" });
      const otherName = keyed("order/refunded", "data.orderId", "o-1");
      const otherLoose = makeListener({ event: "order/refunded" });
      const { store } = await setup([k1, k1b, k2, prefix, loose, otherName, otherLoose]);
      const { keyFor } = keys({ "data.orderId": "o-1" });
      const found = await store.findListeners("order/cancelled", keyFor);
      expect(sortedIds(found)).toEqual(sortedIds([k1, k1b, loose]));
      expect(found.find((l) => l.id === loose.id)).toEqual(loose);
    });

    it("asks keyFor about each signature and skips signatures it answers null", async () => {
      const byId = keyed("e", "data.id", "1");
      const byUser = keyed("e", "data.user", "u");
      const both = keyed("e", "data.id|data.user", "1|u");
      const loose = makeListener({ event: "e" });
      const { store } = await setup([byId, byUser, both, loose]);
      const first = keys({ "data.id": "1", "data.id|data.user": "1|u" });
      const found = await store.findListeners("e", first.keyFor);
      expect(sortedIds(found)).toEqual(sortedIds([byId, both, loose]));
      expect([...new Set(first.asked)].sort()).toEqual([
        "data.id",
        "data.id|data.user",
        "data.user",
      ]);
      const none = keys({});
      expect(await store.findListeners("e", none.keyFor)).toEqual([loose]);
    });

    it("returns nothing for an event name nobody listens to", async () => {
      const { store } = await setup([keyed("a", "s", "k"), makeListener({ event: "a" })]);
      expect(await store.findListeners("b", () => "k")).toEqual([]);
    });

    it("forgets removed listeners, keyed and unindexed", async () => {
      const gone = keyed("a", "s", "k");
      const stays = keyed("a", "s", "k");
      const looseGone = makeListener({ event: "a" });
      const { store, run } = await setup([gone, stays, looseGone]);
      const next = nextVersion(run);
      await store.commitRun(
        makeCommit(next, run.version, { removeListeners: [gone.id, looseGone.id] }),
      );
      expect(await store.findListeners("a", () => "k")).toEqual([stays]);
      const last = nextVersion(next);
      await store.commitRun(makeCommit(last, next.version, { removeListeners: [stays.id] }));
      expect(await store.findListeners("a", () => "k")).toEqual([]);
      const again = keyed("a", "s", "k");
      await store.commitRun(makeCommit(nextVersion(last), last.version, { addListeners: [again] }));
      expect(await store.findListeners("a", () => "k")).toEqual([again]);
    });

    it("keeps listeners of several runs apart from their removal", async () => {
      const store = await fresh();
      const a = makeRun();
      const b = makeRun();
      const la = keyed("x", "s", "k", a.id);
      const lb = keyed("x", "s", "k", b.id);
      await store.createRun(makeWrite(a, { addListeners: [la] }));
      await store.createRun(makeWrite(b, { addListeners: [lb] }));
      expect(sortedIds(await store.findListeners("x", () => "k"))).toEqual(sortedIds([la, lb]));
      await store.commitRun(makeCommit(nextVersion(a), a.version, { removeListeners: [la.id] }));
      expect(await store.findListeners("x", () => "k")).toEqual([lb]);
    });
  });
};
