import {
  hashStepId,
  type InFlightStep,
  type StepRecord,
  type TimelineEntry,
  type Wake,
} from "@quell/core";

/**
 * The nested values of a run's stored JSON that every sleeping run has, as arrays instead of
 * objects (`stored-form.ts` shortens the top level; this, three values inside it). A sleeping
 * run's JSON goes from ~420 to ~280 bytes: two 64-byte pieces fewer in its hash
 * (docs/redis.md "Costs (measured)"). Times are written as their distance from the run's
 * `createdAt` (its `"c"`, always stored), mostly a few digits where a time has thirteen.
 *
 * - `inFlight` (`"fl"`): `[id, hash, kind, startedAt]`, the hash `null` when it is the step id's
 *   own (`hashStepId`, how the engine and the SDK name steps), which reading computes again;
 * - `wake` (`"w"`): `[at, reason]`;
 * - each timeline entry (`"tl"`): `[at, type]`, then `step` (`null` when it has none but has a
 *   detail), then `detail`;
 * - `steps` (`"st"`, memoised steps by hash): an array of `[id, hash, kind, "c", output]` or
 *   `[id, hash, kind, "f", error]`, then an object of the record's other fields if it has any
 *   (`settledAfterCancel`, `childCancellation`); the hash `null` as for `inFlight`, and the
 *   record's key, which is its hash. A step's hash was in its JSON twice, with every field's
 *   name: ~100 bytes a step.
 *
 * Reading tells the forms apart by the value's type: an object is stored as the versions
 * before wrote it, and read as it is. A value of another shape (a key no entry has, a number
 * that is not a safe integer) is stored as an object too, so every run reads back as written.
 */

type Json = Record<string, unknown>;

const safeDistance = (at: unknown, createdAt: number): at is number =>
  typeof at === "number" && Number.isSafeInteger(at) && Number.isSafeInteger(at - createdAt);

const hasOnly = (value: object, keys: readonly string[]): boolean =>
  Object.keys(value).every((key) => keys.includes(key));

const inFlightArray = (step: InFlightStep, createdAt: number): unknown[] | null => {
  if (!hasOnly(step, ["id", "hash", "kind", "startedAt"])) return null;
  if (typeof step.id !== "string" || typeof step.hash !== "string") return null;
  if (!safeDistance(step.startedAt, createdAt)) return null;
  const hash = step.hash === hashStepId(step.id) ? null : step.hash;
  return [step.id, hash, step.kind, step.startedAt - createdAt];
};

const wakeArray = (wake: Wake, createdAt: number): unknown[] | null =>
  hasOnly(wake, ["at", "reason"]) &&
  safeDistance(wake.at, createdAt) &&
  Object.hasOwn(wake, "reason")
    ? [wake.at - createdAt, wake.reason]
    : null;

const entryArray = (entry: TimelineEntry, createdAt: number): unknown[] | null => {
  if (!hasOnly(entry, ["at", "type", "step", "detail"]) || !safeDistance(entry.at, createdAt))
    return null;
  if (typeof entry.type !== "string") return null;
  const out: unknown[] = [entry.at - createdAt, entry.type];
  if (entry.detail !== undefined) out.push(entry.step ?? null, entry.detail);
  else if (entry.step !== undefined) out.push(entry.step);
  return out;
};

const STATUS_CODE = { completed: "c", failed: "f" } as const;

/** Steps as an array of records (see above), or null when one of them has another shape. */
const stepsArray = (steps: Record<string, StepRecord>): unknown[] | null => {
  const out: unknown[] = [];
  for (const [key, record] of Object.entries(steps)) {
    if (typeof record !== "object" || record === null || record.hash !== key) return null;
    const { id, hash, kind, status, ...rest } = record as StepRecord & Json;
    if (typeof id !== "string" || !(status === "completed" || status === "failed")) return null;
    const value = status === "completed" ? rest.output : rest.error;
    if (value === undefined || Object.hasOwn(rest, status === "completed" ? "error" : "output"))
      return null;
    const { output: _output, error: _error, ...extra } = rest;
    const item = [id, hash === hashStepId(id) ? null : hash, kind, STATUS_CODE[status], value];
    if (Object.keys(extra).length > 0) item.push(extra);
    out.push(item);
  }
  return out;
};

const stepsObject = (items: unknown[]): Json => {
  const steps: Json = {};
  for (const item of items) {
    // Not written by `stepsArray`: left for the Run codec to name.
    if (!Array.isArray(item)) return items as unknown as Json;
    const [id, stored, kind, code, value, extra] = item;
    const hash = stored === null && typeof id === "string" ? hashStepId(id) : stored;
    const status = code === "c" ? "completed" : code === "f" ? "failed" : code;
    const record: Json = { id, hash, kind, status };
    record[status === "completed" ? "output" : "error"] = value;
    if (typeof extra === "object" && extra !== null) Object.assign(record, extra);
    steps[String(hash)] = record;
  }
  return steps;
};

/** The stored body with its `fl`, `w`, `tl` and `st` compacted where they can be (see above). */
export const compactValues = (body: Json): Json => {
  const { st } = body;
  if (typeof st === "object" && st !== null && !Array.isArray(st))
    body.st = stepsArray(st as Record<string, StepRecord>) ?? st;
  const createdAt = body.c;
  if (typeof createdAt !== "number" || !Number.isSafeInteger(createdAt)) return body;
  const { fl, w, tl } = body;
  if (fl !== undefined && fl !== null) body.fl = inFlightArray(fl as InFlightStep, createdAt) ?? fl;
  if (w !== undefined && w !== null) body.w = wakeArray(w as Wake, createdAt) ?? w;
  if (Array.isArray(tl))
    body.tl = tl.map((entry: TimelineEntry) => entryArray(entry, createdAt) ?? entry);
  return body;
};

const time = (distance: unknown, createdAt: number): unknown =>
  typeof distance === "number" ? createdAt + distance : distance;

const inFlightObject = (value: unknown[], createdAt: number): Json => {
  const [id, hash, kind, startedAt] = value;
  return {
    id,
    hash: hash === null && typeof id === "string" ? hashStepId(id) : hash,
    kind,
    startedAt: time(startedAt, createdAt),
  };
};

const entryObject = (value: unknown[], createdAt: number): Json => {
  const [at, type, step, detail] = value;
  const entry: Json = { at: time(at, createdAt), type };
  if (step !== undefined && step !== null) entry.step = step;
  if (value.length > 3) entry.detail = detail;
  return entry;
};

/** The stored values back as objects (`compactValues` undone); objects are left as they are. */
export const expandValues = (body: Json): Json => {
  if (Array.isArray(body.st)) body.st = stepsObject(body.st);
  const createdAt = body.c;
  if (typeof createdAt !== "number") return body;
  const { fl, w, tl } = body;
  if (Array.isArray(fl)) body.fl = inFlightObject(fl, createdAt);
  if (Array.isArray(w)) body.w = { at: time(w[0], createdAt), reason: w[1] };
  if (Array.isArray(tl))
    body.tl = tl.map((entry: unknown) =>
      Array.isArray(entry) ? entryObject(entry, createdAt) : entry,
    );
  return body;
};
