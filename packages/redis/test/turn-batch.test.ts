import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { turnBatch } from "../src/turn-batch";

/** A `send` that records each batch it got and answers each request doubled. */
const recorder = () => {
  const batches: number[][] = [];
  const send = async (requests: readonly number[]) => {
    batches.push([...requests]);
    return requests.map((n) => n * 2);
  };
  return { batches, send };
};

describe("turnBatch", () => {
  it("sends the calls of one turn together, in call order, and answers each its own results", async () => {
    const { batches, send } = recorder();
    const call = turnBatch(send, { requests: 100 });
    const answers = await Promise.all([call([1, 2]), call([3]), call([4, 5, 6])]);
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(answers).toEqual([[2, 4], [6], [8, 10, 12]]);
  });

  it("sends calls of later turns in batches of their own", async () => {
    const { batches, send } = recorder();
    const call = turnBatch(send, { requests: 100 });
    expect(await call([1])).toEqual([2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await call([2])).toEqual([4]);
    expect(batches).toEqual([[1], [2]]);
  });

  it("starts a new batch before one would pass the limit, and sends a bigger call alone", async () => {
    const { batches, send } = recorder();
    const call = turnBatch(send, { requests: 3 });
    const answers = await Promise.all([call([1, 2]), call([3, 4]), call([5, 6, 7, 8]), call([9])]);
    expect(batches).toEqual([[1, 2], [3, 4], [5, 6, 7, 8], [9]]);
    expect(answers).toEqual([[2, 4], [6, 8], [10, 12, 14, 16], [18]]);
  });

  it("starts a new batch before one would weigh more than the weight limit", async () => {
    const { batches, send } = recorder();
    const call = turnBatch(send, { requests: 100, weight: { of: (n: number) => n, most: 10 } });
    await Promise.all([call([4, 5]), call([1]), call([20]), call([3])]);
    expect(batches).toEqual([[4, 5, 1], [20], [3]]);
  });

  it("fails every call of a batch whose send failed, and only those", async () => {
    let fail = true;
    const call = turnBatch(
      async (requests: readonly number[]) => {
        if (fail) throw new Error("down");
        return requests;
      },
      { requests: 10 },
    );
    const first = [call([1]), call([2])];
    await expect(first[0]).rejects.toThrow("down");
    await expect(first[1]).rejects.toThrow("down");
    fail = false;
    expect(await call([3])).toEqual([3]);
  });

  it("answers an empty call at once, without sending", async () => {
    const { batches, send } = recorder();
    expect(await turnBatch(send, { requests: 10 })([])).toEqual([]);
    expect(batches).toEqual([]);
  });

  it("answers every call its own results, however the calls fall into turns and batches", async () => {
    const calls = fc.array(
      fc.record({ size: fc.integer({ min: 0, max: 6 }), laterTurn: fc.boolean() }),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(calls, fc.integer({ min: 1, max: 8 }), async (plan, limit) => {
        const { batches, send } = recorder();
        const weight = { of: (n: number) => n % 3, most: 4 };
        const call = turnBatch(send, { requests: limit, weight });
        let next = 0;
        const made: number[][] = [];
        const pending: Promise<void>[] = [];
        for (const { size, laterTurn } of plan) {
          if (laterTurn) await new Promise((resolve) => setImmediate(resolve));
          const requests = Array.from({ length: size }, () => next++);
          made.push(requests);
          pending.push(
            call(requests).then((got) => expect(got).toEqual(requests.map((n) => n * 2))),
          );
        }
        await Promise.all(pending);
        expect(batches.flat()).toEqual(Array.from({ length: next }, (_, i) => i));
        // Over the limit only as one call's requests, alone.
        for (const batch of batches.filter((b) => b.length > limit))
          expect(made).toContainEqual(batch);
      }),
    );
  });
});
