import { isDeepStrictEqual } from "node:util";
import type { Listener, Run } from "@quell/core";
import { compactValues, expandValues } from "./compact-values";
import { expandPayload, repeatsTheEvent } from "./event-form";

/**
 * The stored form of runs (field `j` of `{P}r:<runId>`) and listeners (values of `{P}l`): the
 * JSON of the core value with its top-level fields renamed to the short names below, and the
 * fields whose value is their default left out. A sleeping run's JSON is mostly long names
 * and defaults: this takes it from 929 to 665 bytes in the footprint bench (docs/redis.md), and
 * leaving out the hash's own fields (below) to 552.
 * Nested values are stored as they are (the event, steps...), but for `inFlight`, `wake` and
 * the timeline's entries, which are arrays (`compact-values.ts`).
 *
 * A run's JSON also leaves out what its hash keeps in fields of its own (`RUN_OWN_FIELDS`: the
 * version, state, functionId, triggerEventId and createdPos, which the scripts read and write
 * there) and its id (in the key): reading puts them back from those fields (`runOwnFields`).
 *
 * Reading tells the forms apart by the key `id`: every Run and Listener has one, the long form
 * (what versions before this one wrote, nulls included) keeps it, and the short form never
 * writes it (`id` is `i`). A long value is decoded as it is, so a namespace written before needs
 * no migration. The run's own fields are put back only where the JSON has none, so the short
 * form of the version before (which had them, as `i`, `v`, `s`, `f`, `t` and `p`) reads as it
 * did. Either way, the result goes through the core's io-ts codec after expansion, so a
 * decoding error names the long field.
 *
 * Listeners are stored in the shaped form: what the listeners of one `cancelOn` rule (or one
 * wait) share, their shape (functionId, kind, event, expression and index signature:
 * `SHAPE_NAMES`), is stored once per namespace in `{P}l:s`, and a listener's JSON in `l` keeps
 * its own fields (`OWN_NAMES`) after a reference to its shape, `"s"`, which the write script
 * puts first (`includes/listenerShapes`, which counts a shape's listeners and deletes it with
 * the last). Its id is the field of `l`, so the JSON leaves it out. A lookup answers the shapes
 * of the listeners it found beside them, and `expandListener` joins the two. Reading tells the
 * forms apart by their keys: `id` (long form), `s` (shaped), else the short form of the version
 * before (`LISTENER_NAMES`, with `i` for the id), which still reads as it did.
 *
 * Lua reads a few listener fields and must keep reading every form (`includes/listenerKeys`:
 * `e`/`event`/the shape's `e`, `ix`/`index`/the shape's `sg` and the listener's `ky`), and
 * appends one (`includes/applyWrite`: `"as"`) as text, so it never re-encodes a number.
 */

type Names<A> = { readonly [K in keyof Required<A>]: string };

/** The short name of every Run field (each name is used once: see the test). */
export const RUN_NAMES = {
  id: "i",
  functionId: "f",
  appId: "a",
  version: "v",
  state: "s",
  event: "e",
  events: "es",
  triggerEventId: "t",
  createdSeq: "q",
  createdPos: "p",
  createdAt: "c",
  startedAt: "sa",
  endedAt: "ea",
  attempt: "at",
  leaseEpoch: "le",
  steps: "st",
  inFlight: "fl",
  wake: "w",
  deadline: "d",
  waiting: "wt",
  cancellation: "cx",
  output: "o",
  error: "er",
  originalRunId: "or",
  timeline: "tl",
  singleton: "sg",
  parent: "pa",
  fnConfig: "fc",
  parallel: "pl",
} as const satisfies Names<Run>;

/** The short name of every Listener field, in the form versions before shapes wrote. */
export const LISTENER_NAMES = {
  id: "i",
  runId: "r",
  functionId: "f",
  kind: "k",
  event: "e",
  expression: "ex",
  index: "ix",
  afterSeq: "as",
  expiresAt: "ea",
  stepHash: "sh",
} as const satisfies Names<Listener>;

/**
 * The Run fields with a fixed default (a new run's value: core's `newRun`), left out when they
 * have it. A function, so that each read gets its own `steps` object. `events` has its own rule
 * (`eventsIsTrigger`); `output`, `fnConfig` and `parallel` are left out when undefined (absent
 * on reading), as JSON does.
 */
const runDefaults = () => ({
  startedAt: null,
  endedAt: null,
  attempt: 0,
  leaseEpoch: 0,
  steps: {},
  inFlight: null,
  wake: null,
  deadline: null,
  waiting: null,
  cancellation: null,
  error: null,
  originalRunId: null,
  singleton: null,
  parent: null,
});

const listenerDefaults = () => ({
  expression: null,
  index: null,
  expiresAt: null,
  stepHash: null,
});

type Json = Record<string, unknown>;

/**
 * A run's JSON is stored whole in field `j`, or, while it takes at most `JSON_MAX_PIECES`, in
 * pieces of `JSON_PIECE_BYTES` bytes (`j0`, `j1`…, their count in `n`) so that the hash stays a
 * listpack on a server at its defaults (`includes/putRunJson`, which has the same two numbers,
 * says why).
 */
export const JSON_PIECE_BYTES = 64;
export const JSON_MAX_PIECES = 24;

/**
 * The fields of a run hash read with its JSON (`getRun-2`, one script with the trigger event):
 * the run's own fields, `r`, then `j`, `n` and every piece a JSON may have. `includes/putRun`
 * writes them all in one `HSET`.
 */
export const RUN_HASH_FIELDS: readonly string[] = [
  "v",
  "s",
  "f",
  "t",
  "p",
  "r",
  "j",
  "n",
  ...Array.from({ length: JSON_MAX_PIECES }, (_, i) => `j${i}`),
];

/**
 * Where `RUN_HASH_FIELDS` has the trigger event's id, the mark of a JSON without its trigger
 * event (`r`, "1": the event is the event log's, `includes/runJsonFor`), the whole JSON, the
 * count of pieces and the first piece.
 */
export const RUN_HASH_TRIGGER = 3;
export const RUN_HASH_BY_REFERENCE = 5;
export const RUN_HASH_WHOLE = 6;
export const RUN_HASH_COUNT = 7;
export const RUN_HASH_PIECES = 8;

/** The Run fields the hash keeps on their own, left out of `j` (and `id`, in the key). */
const RUN_OWN_FIELDS = ["version", "state", "functionId", "triggerEventId", "createdPos"] as const;

/**
 * A run's own fields, from its id and the values of `RUN_HASH_FIELDS` before `j` (a missing
 * field is left out: the codec then names it). The version and createdPos are integers, kept
 * as their decimal text.
 */
export const runOwnFields = (id: string, values: readonly (string | null)[]): Json => {
  const [version, state, functionId, triggerEventId, createdPos] = values;
  const own: Json = { id };
  if (version != null) own.version = Number(version);
  if (state != null) own.state = state;
  if (functionId != null) own.functionId = functionId;
  if (triggerEventId != null) own.triggerEventId = triggerEventId;
  if (createdPos != null) own.createdPos = Number(createdPos);
  return own;
};

/** Short name to long name. */
const longNames = (names: Readonly<Record<string, string>>): ReadonlyMap<string, string> =>
  new Map(Object.entries(names).map(([field, short]) => [short, field]));
const RUN_LONG = longNames(RUN_NAMES);
const LISTENER_LONG = longNames(LISTENER_NAMES);

/** Read once for every write (`expand` takes fresh copies: each read gets its own `steps`). */
const RUN_DEFAULTS: Json = runDefaults();

/** Whether `v` is the default `d`: the defaults are null, 0 or `{}`, so only `{}` needs a walk. */
const isDefault = (v: unknown, d: unknown): boolean =>
  v === d || (typeof d === "object" && d !== null && isDeepStrictEqual(v, d));

/** The stored object of `value`: short names, defaults and the `omit` fields left out. */
const shorten = <A extends object>(
  value: A,
  names: Names<A>,
  defaults: Json,
  omit: (field: keyof A) => boolean,
): Json => {
  const out: Json = {};
  for (const field of Object.keys(names) as (keyof A & string)[]) {
    const v = value[field];
    if (v === undefined || omit(field)) continue;
    if (Object.hasOwn(defaults, field) && isDefault(v, defaults[field])) continue;
    out[names[field]] = v;
  }
  return out;
};

const isObject = (json: unknown): json is Json =>
  typeof json === "object" && json !== null && !Array.isArray(json);

/**
 * A short-form object with its long names and its defaults put back. A key that is no short
 * name stays as it is (the codec then decides, as it did for the long form).
 */
const expand = (json: Json, long: ReadonlyMap<string, string>, defaults: Json): Json => {
  const entries = Object.entries(json).map(([key, v]) => [long.get(key) ?? key, v] as const);
  const out = Object.fromEntries(entries);
  for (const [field, v] of Object.entries(defaults)) if (!Object.hasOwn(out, field)) out[field] = v;
  return out;
};

/** Whether a stored object is in the long form (see the module's comment). */
export const isLongForm = (json: Json): boolean => Object.hasOwn(json, "id");

/**
 * Whether a run's `events` is only its trigger event (the run was not started by a batch): the
 * stored form then leaves `events` out, and reading puts `[event]` back. The trigger event is
 * the bulk of a sleeping run's JSON; this stores it once instead of twice. The long form did
 * the same.
 */
export const eventsIsTrigger = (run: Run): boolean => repeatsTheEvent(run.events, run.event);

const isOwnField = (field: keyof Run): boolean =>
  field === "id" || (RUN_OWN_FIELDS as readonly string[]).includes(field);

/**
 * A run's stored object without its trigger event: without its id and the fields its hash
 * keeps (`createdPos` among them: the store's, which the script sets: `includes/putRun`), and
 * without `events` when it is only the trigger event. A write sends it beside the event's own
 * JSON; the write script stores the run's JSON without the event when the event log holds that
 * same event under the run's `triggerEventId` (byte for byte), so a run and its trigger share
 * one record, and with it, first (`"e"`), otherwise (`includes/runJsonFor`).
 */
export const storedRunBody = (run: Run): Json =>
  compactValues(
    shorten(
      run,
      RUN_NAMES,
      RUN_DEFAULTS,
      (field) =>
        isOwnField(field) || field === "event" || (field === "events" && eventsIsTrigger(run)),
    ),
  );

/**
 * A stored run's JSON as the Run codec reads it: long names, defaults, `events`, and the fields
 * its hash keeps (`own`, from `runOwnFields`) where the JSON has none, back.
 */
export const expandRun = (json: unknown, own: Json): unknown => {
  if (!isObject(json)) return json;
  const run = isLongForm(json)
    ? { ...json }
    : expand(expandValues({ ...json }), RUN_LONG, runDefaults());
  for (const [field, v] of Object.entries(own)) if (!Object.hasOwn(run, field)) run[field] = v;
  // The trigger event is stored compact, in the run's JSON or in the log (`event-form.ts`).
  if (Object.hasOwn(run, "event") && typeof run.triggerEventId === "string") {
    run.event = expandPayload(run.event, run.triggerEventId);
  }
  if (!Object.hasOwn(run, "events") && Object.hasOwn(run, "event")) run.events = [run.event];
  return run;
};

/**
 * The shape of a listener (see the module's comment): what the listeners of one function's
 * `cancelOn` rule, or of one wait, have in common. Fields at their default (null) are left out.
 */
export const SHAPE_NAMES = {
  functionId: "f",
  kind: "k",
  event: "e",
  expression: "ex",
  signature: "sg",
} as const;

/**
 * A listener's own fields, beside the reference to its shape, which the write script puts first
 * (`"s"`, `includes/listenerShapes`). `key` is its index key, present when its shape has a
 * signature. `runId` is the run's id, or its length when the listener's id starts with it, as
 * every id the core makes does (`<runId>:cancel:<n>`, `<runId>:wait:<hash>`, `<runId>:cascade`):
 * the id is the field of `l`, and ~26 B less keeps a listener's JSON within the 64 B of a
 * listpack value (`hash-max-listpack-value`).
 */
export const OWN_NAMES = {
  runId: "r",
  key: "ky",
  afterSeq: "as",
  expiresAt: "ea",
  stepHash: "sh",
} as const;

/** The key of the shape reference in a listener's own JSON: no other form has it. */
const SHAPE_REF = "s";

/** A listener in the shaped form: its shape's object and its own, both with short names. */
export interface StoredListener {
  readonly shape: Json;
  readonly own: Json;
}

/**
 * A listener's stored objects. `stamp`: its own object without `afterSeq`, which the write
 * script appends as `"as"` from the seq counter (`includes/applyWrite`). Neither holds the id
 * (the field of `l`). The shape's keys are always in this order: the script finds a shape by a
 * digest of its JSON.
 */
export const storedListener = (listener: Listener, stamp: boolean): StoredListener => {
  const shape: Json = {
    [SHAPE_NAMES.functionId]: listener.functionId,
    [SHAPE_NAMES.kind]: listener.kind,
    [SHAPE_NAMES.event]: listener.event,
  };
  if (listener.expression !== null) shape[SHAPE_NAMES.expression] = listener.expression;
  if (listener.index !== null) shape[SHAPE_NAMES.signature] = listener.index.signature;
  const { id, runId } = listener;
  const own: Json = { [OWN_NAMES.runId]: id.startsWith(runId) ? runId.length : runId };
  if (listener.index !== null) own[OWN_NAMES.key] = listener.index.key;
  if (!stamp) own[OWN_NAMES.afterSeq] = listener.afterSeq;
  if (listener.expiresAt !== null) own[OWN_NAMES.expiresAt] = listener.expiresAt;
  if (listener.stepHash !== null) own[OWN_NAMES.stepHash] = listener.stepHash;
  return { shape, own };
};

/**
 * The shapes a lookup answered (ids and JSON texts, `includes/listenerShapes`), parsed. A shape
 * that does not parse is left out: the listeners that refer to it then miss its fields, which
 * the codec names.
 */
export const parseShapes = (
  ids: readonly string[],
  texts: readonly string[],
): ReadonlyMap<string, Json> => {
  const shapes = new Map<string, Json>();
  ids.forEach((id, i) => {
    try {
      const shape: unknown = JSON.parse(texts[i] ?? "");
      if (isObject(shape)) shapes.set(id, shape);
    } catch {
      // Left out: see above.
    }
  });
  return shapes;
};

/** A shaped listener's own object and its shape, with their long names and defaults. */
const expandShaped = (id: string, own: Json, shape: Json): Json => {
  const signature = shape[SHAPE_NAMES.signature];
  const runId = own[OWN_NAMES.runId];
  return {
    id,
    runId: typeof runId === "number" ? id.slice(0, runId) : runId,
    functionId: shape[SHAPE_NAMES.functionId],
    kind: shape[SHAPE_NAMES.kind],
    event: shape[SHAPE_NAMES.event],
    expression: shape[SHAPE_NAMES.expression] ?? null,
    index: signature === undefined ? null : { signature, key: own[OWN_NAMES.key] },
    afterSeq: own[OWN_NAMES.afterSeq],
    expiresAt: own[OWN_NAMES.expiresAt] ?? null,
    stepHash: own[OWN_NAMES.stepHash] ?? null,
  };
};

/**
 * A stored listener's JSON as the Listener codec reads it, in any of its forms: `id` is the
 * field of `l` it was read from, `shapes` the shapes its lookup answered.
 */
export const expandListener = (
  json: unknown,
  id: string,
  shapes: ReadonlyMap<string, Readonly<Json>>,
): unknown => {
  if (!isObject(json) || isLongForm(json)) return json;
  const ref = json[SHAPE_REF];
  if (ref === undefined) return expand(json, LISTENER_LONG, listenerDefaults());
  return expandShaped(id, json, (typeof ref === "string" ? shapes.get(ref) : undefined) ?? {});
};
