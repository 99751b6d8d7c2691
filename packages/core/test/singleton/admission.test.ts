import { describe, expect, it } from "vitest";
import {
  type AdmissionRequest,
  admitRun,
  MAX_SINGLETON_CLAIMS,
  Quell,
  type StoreError,
} from "../../src/index";

const fn = (mode: "skip" | "cancel") =>
  new Quell({ id: "app" }).createFunction(
    { id: "sync", singleton: { key: "event.data.user", mode } },
    { event: "user/sync" },
    async () => null,
  );

const input = (mode: "skip" | "cancel", user: unknown = "u1") => ({
  id: "new-run",
  fn: fn(mode),
  trigger: {
    internalId: "e1",
    seq: 3,
    receivedAt: 0,
    payload: { name: "user/sync", data: { user } as never, id: "e1", ts: 0, user: {} },
  },
  at: 1_000,
  afterSeq: 3,
});

const occupied = (holder: string): StoreError => ({
  _tag: "SingletonOccupied",
  runId: "new-run",
  slot: 'app-sync|"u1"',
  holder,
});

/** Drive the protocol with scripted store answers; returns the requests and the result. */
const drive = (mode: "skip" | "cancel", answers: (StoreError | null)[], user?: unknown) => {
  const protocol = admitRun(input(mode, user));
  const requests: AdmissionRequest[] = [];
  let step = protocol.next();
  while (step.done !== true) {
    requests.push(step.value);
    step = protocol.next(step.value._tag === "CreateRun" ? (answers.shift() ?? null) : null);
  }
  return { requests, result: step.value };
};

const describeRequest = (r: AdmissionRequest): string =>
  r._tag === "CancelHolder"
    ? `cancel ${r.runId}`
    : `create ${r.write.run.state}${r.write.claimSingleton === undefined ? "" : ` claiming ${r.write.claimSingleton}`}`;

describe("admitRun: the admission protocol of a new run (SPEC §7.8)", () => {
  it("claims the slot in the creating write", () => {
    const { requests, result } = drive("cancel", [null]);
    expect(requests.map(describeRequest)).toEqual(['create queued claiming app-sync|"u1"']);
    expect(result).toMatchObject({
      _tag: "Created",
      run: { singleton: { slot: 'app-sync|"u1"' } },
    });
  });

  it("skip: a held slot creates the run skipped, without a claim, naming the holder", () => {
    const { requests, result } = drive("skip", [occupied("old"), null]);
    expect(requests.map(describeRequest)).toEqual([
      'create queued claiming app-sync|"u1"',
      "create skipped",
    ]);
    expect(result._tag === "Created" && result.run.timeline.at(-1)?.detail).toBe(
      "singleton: run old is in progress",
    );
  });

  it("cancel: cancels the holder (source singleton, naming the new run), then claims again", () => {
    const { requests, result } = drive("cancel", [occupied("old"), null]);
    expect(requests.map(describeRequest)).toEqual([
      'create queued claiming app-sync|"u1"',
      "cancel old",
      'create queued claiming app-sync|"u1"',
    ]);
    expect(requests[1]).toEqual({
      _tag: "CancelHolder",
      runId: "old",
      cancellation: {
        source: "singleton",
        at: 1_000,
        caused_by_run_id: "new-run",
        reason: "a newer run of this singleton started",
      },
    });
    expect(result._tag).toBe("Created");
  });

  it("cancel: gives up after MAX_SINGLETON_CLAIMS refusals and creates the run skipped, saying so", () => {
    const { requests, result } = drive(
      "cancel",
      Array.from({ length: MAX_SINGLETON_CLAIMS }, () => occupied("stuck")),
    );
    expect(requests.filter((r) => r._tag === "CancelHolder")).toHaveLength(MAX_SINGLETON_CLAIMS);
    expect(requests.map(describeRequest).at(-1)).toBe("create skipped");
    expect(result._tag === "Created" && result.run.timeline.at(-1)?.detail).toBe(
      `singleton: the slot was still held after cancelling its holder ${MAX_SINGLETON_CLAIMS} times`,
    );
  });

  it("passes RunExists through: the event was processed before", () => {
    const exists: StoreError = { _tag: "RunExists", runId: "new-run" };
    expect(drive("cancel", [exists]).result).toEqual({ _tag: "Refused", error: exists });
  });

  it("a key without a value: the run is created skipped, without a claim", () => {
    const { requests } = drive("cancel", [null], null);
    expect(requests.map(describeRequest)).toEqual(["create skipped"]);
  });
});
