import type {
  EventPayload,
  InFlightStep,
  Run,
  RunConfig,
  RunState,
  TimelineEntry,
  Wake,
} from "@quell/core";

/**
 * A run at rest, packed. A sleeping run as an object graph is ~870 bytes of heap: the run object
 * (31 fields), its `events` array, a timeline of objects, each time a 16-byte box, `inFlight`
 * and `wake` objects. Packed, it is one object of the fields the store reads on every write
 * (and the shared parts: the trigger event, `steps`, `fnConfig`, ids) and one string holding
 * the rest: its times (as distances from `createdAt`) and counters in decimal, `inFlight`, `wake` and the timeline (~320 bytes
 * together, docs/benchmarks.md "Heap per sleeping run"). `rare` holds the fields a sleeping run
 * has at their default (null when all are), so they cost one slot.
 *
 * `packRun` answers null for a run it cannot write exactly (a number that is not a safe integer, a string holding a separator, a timeline entry or step of another shape): the
 * store keeps that run as an object. `unpackRun` builds the run back as `restingRun` would have
 * stored it: the same values, in the same key order.
 */
export class PackedRun {
  constructor(
    readonly id: string,
    readonly functionId: string,
    readonly appId: string,
    readonly version: number,
    readonly state: RunState,
    readonly event: EventPayload,
    readonly triggerEventId: string,
    readonly createdPos: number,
    readonly steps: Run["steps"],
    readonly fnConfig: RunConfig | undefined,
    /** `inFlight.hash` (shared by the runs of a function), null without a step in flight. */
    readonly inFlightHash: string | null,
    readonly rare: RareFields | null,
    readonly text: string,
  ) {}

  get createdAt(): number {
    return Number(this.text.slice(0, this.text.indexOf(SEP)));
  }

  get cancellation(): Run["cancellation"] {
    return this.rare === null ? null : this.rare.cancellation;
  }
}

/** The fields off their default at rest only in some runs; `events` undefined: `[event]`. */
class RareFields {
  constructor(
    readonly events: readonly EventPayload[] | undefined,
    readonly deadline: Run["deadline"],
    readonly waiting: Run["waiting"],
    readonly cancellation: Run["cancellation"],
    readonly output: Run["output"],
    readonly error: Run["error"],
    readonly originalRunId: Run["originalRunId"],
    readonly singleton: Run["singleton"],
    readonly parent: Run["parent"],
    readonly parallel: Run["parallel"],
  ) {}
}

/** Between the text's fields; no packed string may hold it, nor `ABSENT`. */
const SEP = "\u001f";
/** A timeline entry's `step` or `detail` that the entry does not have. */
const ABSENT = "\u001e";

/** States a run stays in for long: others are read and written again soon, and stay objects. */
const RESTING: ReadonlySet<RunState> = new Set<RunState>([
  "sleeping",
  "waiting",
  "backoff",
  "paused",
  "skipped",
  "completed",
  "failed",
  "cancelled",
]);

/** An integer the text writes and reads back exactly (not -0: decimal text has no sign of zero). */
const writable = (n: number): boolean => Number.isSafeInteger(n) && !Object.is(n, -0);
/** A string the text can hold (anything else, even a value of the wrong type, is not packed). */
const plain = (s: unknown): boolean =>
  typeof s === "string" && !s.includes(SEP) && !s.includes(ABSENT);
/**
 * A time is written as its distance from the run's `createdAt` (most are a few milliseconds or
 * days after it: a small integer, which V8 turns into text and back many times faster).
 */
const since = (at: number, createdAt: number): string | null =>
  writable(at) && writable(at - createdAt) ? `${at - createdAt}` : null;

const ENTRY_KEYS = ["at", "type", "step", "detail"];

/** Push the entry's four fields, or answer false unless its keys are `at`, `type`, step, detail. */
const pushEntry = (parts: string[], entry: TimelineEntry, createdAt: number): boolean => {
  const keys = Object.keys(entry);
  let next = 0;
  for (const key of keys) {
    const at = ENTRY_KEYS.indexOf(key, next);
    if (at < 0 || (next < 2 && at !== next)) return false;
    next = at + 1;
  }
  const at = since(entry.at, createdAt);
  if (next < 2 || at === null || !plain(entry.type)) return false;
  const { step, detail } = entry;
  if (keys.includes("step") && !plain(step)) return false;
  if (keys.includes("detail") && !plain(detail)) return false;
  parts.push(at, entry.type, step ?? ABSENT, detail ?? ABSENT);
  return true;
};

const sameKeys = (value: object, keys: readonly string[]): boolean => {
  const own = Object.keys(value);
  return own.length === keys.length && own.every((key, i) => key === keys[i]);
};

const IN_FLIGHT_KEYS = ["id", "hash", "kind", "startedAt"];
const WAKE_KEYS = ["at", "reason"];

/** Push `inFlight` (one empty field for null), or answer false for one it cannot write. */
const pushInFlight = (parts: string[], step: InFlightStep | null, createdAt: number): boolean => {
  if (step === null) return parts.push("") > 0;
  const startedAt = since(step.startedAt, createdAt);
  if (!sameKeys(step, IN_FLIGHT_KEYS) || startedAt === null) return false;
  if (!plain(step.id) || step.id.length === 0 || !plain(step.kind)) return false;
  return parts.push(step.id, step.kind, startedAt) > 0;
};

/** Push `wake` (one empty field for null), or answer false for one it cannot write. */
const pushWake = (parts: string[], wake: Wake | null, createdAt: number): boolean => {
  if (wake === null) return parts.push("") > 0;
  const at = since(wake.at, createdAt);
  if (!sameKeys(wake, WAKE_KEYS) || at === null) return false;
  if (!plain(wake.reason) || wake.reason.length === 0) return false;
  return parts.push(wake.reason, at) > 0;
};

/** A time or null ("" for null). */
const pushTime = (parts: string[], at: number | null, createdAt: number): boolean => {
  const text = at === null ? "" : since(at, createdAt);
  return text !== null && parts.push(text) > 0;
};

const rareFields = (run: Run): RareFields | null => {
  const onlyTrigger = run.events.length === 1 && run.events[0] === run.event;
  if (
    onlyTrigger &&
    run.deadline === null &&
    run.waiting === null &&
    run.cancellation === null &&
    run.output === undefined &&
    run.error === null &&
    run.originalRunId === null &&
    run.singleton === null &&
    run.parent === null &&
    run.parallel === undefined
  )
    return null;
  return new RareFields(
    onlyTrigger ? undefined : run.events,
    run.deadline,
    run.waiting,
    run.cancellation,
    run.output,
    run.error,
    run.originalRunId,
    run.singleton,
    run.parent,
    run.parallel,
  );
};

/** The packed form of a run at rest, or null (see `PackedRun`). */
export const packRun = (run: Run, fnConfig: RunConfig | undefined): PackedRun | null => {
  if (!RESTING.has(run.state) || !writable(run.version) || !writable(run.createdPos)) return null;
  const { createdAt, createdSeq, attempt, leaseEpoch } = run;
  if (!(writable(createdAt) && writable(createdSeq) && writable(attempt) && writable(leaseEpoch)))
    return null;
  const parts = [`${createdAt}`];
  if (!pushTime(parts, run.startedAt, createdAt) || !pushTime(parts, run.endedAt, createdAt))
    return null;
  parts.push(`${createdSeq}`, `${attempt}`, `${leaseEpoch}`);
  if (!pushInFlight(parts, run.inFlight, createdAt) || !pushWake(parts, run.wake, createdAt))
    return null;
  for (const entry of run.timeline) if (!pushEntry(parts, entry, createdAt)) return null;
  return new PackedRun(
    run.id,
    run.functionId,
    run.appId,
    run.version,
    run.state,
    run.event,
    run.triggerEventId,
    run.createdPos,
    run.steps,
    fnConfig,
    run.inFlight === null ? null : run.inFlight.hash,
    rareFields(run),
    // `join` makes one flat string (a chain of `+` would be a tree of pieces).
    parts.join(SEP),
  );
};

const optional = (field: string | undefined): string | undefined =>
  field === ABSENT ? undefined : field;

const entry = (at: number, type: string, step?: string, detail?: string): TimelineEntry => {
  const t = type as TimelineEntry["type"];
  if (step === undefined) return detail === undefined ? { at, type: t } : { at, type: t, detail };
  return detail === undefined ? { at, type: t, step } : { at, type: t, step, detail };
};

/** The run `packed` holds, as a new object (callers may keep it: nothing else refers to it). */
export const unpackRun = (packed: PackedRun): Run => {
  const f = packed.text.split(SEP);
  const createdAt = Number(f[0]);
  const time = (field: string | undefined): number => createdAt + Number(field);
  let i = 6;
  let inFlight: InFlightStep | null = null;
  if (f[i] === "") i += 1;
  else {
    const kind = f[i + 1] as InFlightStep["kind"];
    const hash = packed.inFlightHash ?? "";
    inFlight = { id: f[i] ?? "", hash, kind, startedAt: time(f[i + 2]) };
    i += 3;
  }
  let wake: Wake | null = null;
  if (f[i] === "") i += 1;
  else {
    wake = { at: time(f[i + 1]), reason: f[i] as Wake["reason"] };
    i += 2;
  }
  const timeline: TimelineEntry[] = [];
  for (; i < f.length; i += 4)
    timeline.push(entry(time(f[i]), f[i + 1] ?? "", optional(f[i + 2]), optional(f[i + 3])));
  const rare = packed.rare;
  const run: Run = {
    id: packed.id,
    functionId: packed.functionId,
    appId: packed.appId,
    version: packed.version,
    state: packed.state,
    event: packed.event,
    events: rare?.events === undefined ? [packed.event] : (rare.events as EventPayload[]),
    triggerEventId: packed.triggerEventId,
    createdSeq: Number(f[3]),
    createdPos: packed.createdPos,
    createdAt,
    startedAt: f[1] === "" ? null : time(f[1]),
    endedAt: f[2] === "" ? null : time(f[2]),
    attempt: Number(f[4]),
    leaseEpoch: Number(f[5]),
    steps: packed.steps,
    inFlight,
    wake,
    deadline: rare === null ? null : rare.deadline,
    waiting: rare === null ? null : rare.waiting,
    cancellation: rare === null ? null : rare.cancellation,
    output: rare === null ? undefined : rare.output,
    error: rare === null ? null : rare.error,
    originalRunId: rare === null ? null : rare.originalRunId,
    timeline,
    singleton: rare === null ? null : rare.singleton,
    parent: rare === null ? null : rare.parent,
    fnConfig: packed.fnConfig,
  };
  if (rare !== null && rare.parallel !== undefined) run.parallel = rare.parallel;
  return run;
};
