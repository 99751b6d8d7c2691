// SortedKeys keeps its keys in chunks; whatever the order of inserts and removals, a scan lists
// exactly what one sorted array would, newest first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys, SortedKeys, type TimeKey } from "../src/sorted-keys";

const keyArb = fc.record({
  at: fc.integer({ min: 0, max: 20 }),
  id: fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom("a", "b", "c", "d", "e") }),
});

type Op =
  | { readonly kind: "insert"; readonly key: TimeKey }
  | { readonly kind: "remove"; readonly key: TimeKey }
  | { readonly kind: "removeIds"; readonly ids: readonly string[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: keyArb.map((key) => ({ kind: "insert" as const, key })) },
  { weight: 2, arbitrary: keyArb.map((key) => ({ kind: "remove" as const, key })) },
  fc
    .array(
      keyArb.map((k) => k.id),
      { maxLength: 4 },
    )
    .map((ids) => ({ kind: "removeIds" as const, ids })),
);

const scanArb = fc.record({
  after: fc.option(keyArb, { nil: null }),
  atMax: fc.integer({ min: -1, max: 21 }),
  atMin: fc.integer({ min: -1, max: 21 }),
});

describe("SortedKeys", () => {
  it("scans as one sorted array would, after any inserts and removals", () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 300 }),
        scanArb,
        fc.integer({ min: 1, max: 8 }),
        (ops, scan, chunkSize) => {
          const keys = new SortedKeys(chunkSize);
          let model: TimeKey[] = [];
          for (const op of ops) {
            if (op.kind === "insert") {
              // Unique keys, as run and event ids are.
              if (model.some((k) => compareKeys(k, op.key) === 0)) continue;
              keys.insert(op.key);
              model = [...model, op.key].sort(compareKeys);
            } else if (op.kind === "remove") {
              keys.remove(op.key);
              model = model.filter((k) => compareKeys(k, op.key) !== 0);
            } else {
              keys.removeIds(new Set(op.ids));
              model = model.filter((k) => !op.ids.includes(k.id));
            }
          }
          const expected = model
            .filter((k) => k.at <= scan.atMax)
            .filter((k) => scan.after === null || compareKeys(k, scan.after) < 0)
            .reverse();
          const stop = expected.findIndex((k) => k.at < scan.atMin);
          expect([...keys.descending(scan)]).toEqual(
            stop === -1 ? expected : expected.slice(0, stop),
          );
          expect(keys.size).toBe(model.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps many out-of-order inserts in order (several chunks)", () => {
    const keys = new SortedKeys();
    const n = 5000;
    // Descending ids at one time: every insert lands at the front.
    for (let i = n; i > 0; i--) keys.insert({ at: 1, id: String(i).padStart(5, "0") });
    const listed = [...keys.descending({ after: null, atMax: 1, atMin: 1 })].map((k) => k.id);
    expect(listed).toEqual(Array.from({ length: n }, (_, i) => String(n - i).padStart(5, "0")));
  });

  it("inserts and removes at chunk boundaries, with times that are not small integers", () => {
    // Chunks of at most 3 keys: in-order inserts leave [a b] [c d] [e f] [g h].
    const keys = new SortedKeys(2);
    const t = (n: number): number => 1_704_067_200_000.5 + n;
    const ids = (scan: { after?: TimeKey; atMax?: number; atMin?: number } = {}): string[] =>
      [
        ...keys.descending({
          after: scan.after ?? null,
          atMax: scan.atMax ?? Number.POSITIVE_INFINITY,
          atMin: scan.atMin ?? Number.NEGATIVE_INFINITY,
        }),
      ].map((k) => k.id);
    for (const [i, id] of ["a", "b", "c", "d", "e", "f", "g", "h"].entries()) {
      keys.insert({ at: t(10 * i), id });
    }
    // Between two chunks (the later one takes it), before the first and at an equal time (the id decides).
    keys.insert({ at: t(15), id: "bc" });
    keys.insert({ at: t(-5), id: "0" });
    keys.insert({ at: t(30), id: "da" });
    keys.insert({ at: t(70), id: "a-last" });
    expect(ids()).toEqual(["h", "a-last", "g", "f", "e", "da", "d", "c", "bc", "b", "a", "0"]);
    expect(ids({ after: { at: t(30), id: "da" }, atMin: t(10) })).toEqual(["d", "c", "bc", "b"]);
    expect(ids({ atMax: t(30) - 0.25 })).toEqual(["c", "bc", "b", "a", "0"]);
    // Emptying the first chunk, a key absent at a present time, and ids across chunks.
    keys.remove({ at: t(-5), id: "0" });
    keys.remove({ at: t(0), id: "a" });
    keys.remove({ at: t(10), id: "b" });
    keys.remove({ at: t(30), id: "zz" });
    keys.remove({ at: t(99), id: "z" });
    keys.removeIds(new Set(["bc", "e", "h"]));
    expect(ids()).toEqual(["a-last", "g", "f", "da", "d", "c"]);
    expect(keys.size).toBe(6);
    keys.insert({ at: t(0), id: "a" });
    expect(ids({ atMax: t(20) })).toEqual(["c", "a"]);
  });
});
