import type { ListRunsFilter, Run, RunState, Store } from "@quell/core";
import { describe, expect, it } from "vitest";
import { inCreationOrder, makeCommit, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

const STATES: readonly RunState[] = ["queued", "sleeping", "completed", "cancelled"];

/** 14 runs over two functions, with ties on `createdAt`, created out of time order. */
const population = (): Run[] =>
  inCreationOrder(
    [30, 10, 20, 20, 50, 40, 20, 60, 10, 70, 30, 30, 0, 80].map((createdAt, i) =>
      makeRun({
        id: `q-${String.fromCharCode(97 + ((i * 5) % 14))}`,
        functionId: i % 3 === 0 ? "app-a" : "app-b",
        state: STATES[i % STATES.length] ?? "queued",
        createdAt,
        triggerEventId: `trigger-${i % 4}`,
      }),
    ),
  );

/** The port's order: newest first, then id descending. */
const newestFirst = (runs: readonly Run[]): Run[] =>
  [...runs].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

/** Follow cursors to the end, checking each page's size. */
export const allPages = async (store: Store, filter: ListRunsFilter, limit: number) => {
  const runs: Run[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const result: Awaited<ReturnType<Store["listRuns"]>> = await store.listRuns({
      ...filter,
      limit,
      ...(cursor === null ? {} : { cursor }),
    });
    runs.push(...result.runs);
    sizes.push(result.runs.length);
    cursor = result.cursor;
    if (cursor === null) break;
  }
  return { runs, sizes };
};

export const queryTests = ({ fresh }: Harness): void => {
  const setup = async () => {
    const store = await fresh();
    const runs = population();
    for (const run of runs) await store.createRun(makeWrite(run));
    return { store, runs };
  };

  describe("listRuns", () => {
    const cases: readonly [string, ListRunsFilter, (run: Run) => boolean][] = [
      ["no filter", {}, () => true],
      ["functionId", { functionId: "app-a" }, (r) => r.functionId === "app-a"],
      [
        "states",
        { states: ["queued", "cancelled"] },
        (r) => ["queued", "cancelled"].includes(r.state),
      ],
      ["no states", { states: [] }, () => false],
      ["createdAfter (inclusive)", { createdAfter: 30 }, (r) => r.createdAt >= 30],
      ["createdBefore (inclusive)", { createdBefore: 20 }, (r) => r.createdAt <= 20],
      [
        "a window and a function and states",
        {
          functionId: "app-b",
          createdAfter: 20,
          createdBefore: 50,
          states: ["queued", "sleeping"],
        },
        (r) =>
          r.functionId === "app-b" &&
          r.createdAt >= 20 &&
          r.createdAt <= 50 &&
          ["queued", "sleeping"].includes(r.state),
      ],
      ["an unknown function", { functionId: "nope" }, () => false],
      ["an empty window", { createdAfter: 31, createdBefore: 39 }, () => false],
    ];

    for (const [title, filter, keep] of cases) {
      it(`filters by ${title}, newest first`, async () => {
        const { store, runs } = await setup();
        const expected = newestFirst(runs.filter(keep));
        expect(await store.listRuns({ ...filter, limit: 100 })).toEqual({
          runs: expected,
          cursor: null,
        });
      });
    }

    it("paginates with an opaque cursor, without duplicates or gaps", async () => {
      const { store, runs } = await setup();
      for (const limit of [1, 2, 3, 5, 7, 14, 20]) {
        const { runs: listed, sizes } = await allPages(store, {}, limit);
        expect(listed).toEqual(newestFirst(runs));
        const full = Math.floor(runs.length / limit);
        const rest = runs.length % limit;
        expect(sizes).toEqual([
          ...Array.from({ length: full }, () => limit),
          ...(rest === 0 && full > 0 ? [] : [rest]),
        ]);
      }
      const filtered = await allPages(store, { functionId: "app-b", createdAfter: 20 }, 2);
      expect(filtered.runs).toEqual(
        newestFirst(runs.filter((r) => r.functionId === "app-b" && r.createdAt >= 20)),
      );
    });

    it("keeps a cursor's place while newer runs are created", async () => {
      const { store, runs } = await setup();
      const first = await store.listRuns({ limit: 4 });
      await store.createRun(makeWrite(makeRun({ id: "q-new", createdAt: 1_000 })));
      const rest = await allPages(store, {}, 4);
      expect(rest.runs[0]?.id).toBe("q-new");
      const next = await store.listRuns({ limit: 100, cursor: first.cursor ?? "" });
      expect([...first.runs, ...next.runs]).toEqual(newestFirst(runs));
    });

    it("rejects a cursor it did not issue with a validation error naming `cursor`", async () => {
      const { store } = await setup();
      // Not base64, JSON of the wrong shape ("[]"), and a plain word.
      for (const cursor of ["not-a-cursor!", "W10", "[]", "abc"]) {
        await expect(store.listRuns({ cursor }), cursor).rejects.toMatchObject({
          _tag: "QuellValidationError",
          field: "cursor",
        });
      }
    });

    it("filters on the current state after a commit", async () => {
      const { store, runs } = await setup();
      const queued = runs.find((r) => r.state === "queued");
      if (queued === undefined) throw new Error("population has a queued run");
      const done = nextVersion(queued, { state: "completed" });
      await store.commitRun(makeCommit(done, queued.version));
      const page = await store.listRuns({ states: ["completed"], limit: 100 });
      expect(page.runs).toContainEqual(done);
      const stillQueued = await store.listRuns({ states: ["queued"], limit: 100 });
      expect(stillQueued.runs.map((r) => r.id)).not.toContain(queued.id);
    });
  });

  describe("runsForEvent", () => {
    it("returns the runs a triggering event started, and only those", async () => {
      const { store, runs } = await setup();
      const started = await store.runsForEvent("trigger-1");
      const expected = runs.filter((r) => r.triggerEventId === "trigger-1");
      expect([...started].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        expected.sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      expect(await store.runsForEvent("trigger-unknown")).toEqual([]);
    });

    it("returns the current version of each run", async () => {
      const store = await fresh();
      const run = makeRun();
      await store.createRun(makeWrite(run));
      const next = nextVersion(run, { state: "running" });
      await store.commitRun(makeCommit(next, run.version));
      expect(await store.runsForEvent(run.triggerEventId)).toEqual([next]);
    });
  });
};
