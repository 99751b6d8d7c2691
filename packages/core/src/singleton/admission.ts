import type { Cancellation } from "../codecs/cancellation";
import type { Run } from "../codecs/run";
import { type NewRunInput, newRun } from "../reducer/create-run";
import { creationWrite } from "../reducer/creation-write";
import type { RunWrite, StoreError } from "../store/port";
import { singletonSlot } from "./slot";

/** What the admission of a new run asks its driver to do, one request at a time. */
export type AdmissionRequest =
  /** `store.createRun(write)`; answer with its error, or null when it was created. */
  | { readonly _tag: "CreateRun"; readonly write: RunWrite }
  /** Apply a `Cancel` with `cancellation` to the run holding the slot; answer null. */
  | {
      readonly _tag: "CancelHolder";
      readonly runId: string;
      readonly cancellation: Cancellation;
    };

export type AdmissionAnswer = StoreError | null;

/** How the admission ended: the run as written, or the store's refusal (`RunExists`). */
export type Admission =
  | { readonly _tag: "Created"; readonly run: Run }
  | { readonly _tag: "Refused"; readonly error: StoreError };

/**
 * How many times a `cancel` singleton cancels the holder and claims again before it gives up.
 * Each cancellation releases the slot, so a claim fails again only if another creator took the
 * slot in between (two processes creating runs of one key at once); the bound keeps a store
 * that never releases from looping forever.
 */
export const MAX_SINGLETON_CLAIMS = 5;

/** The cancellation record of a run whose slot a newer run takes (source `singleton`). */
export const singletonCancellation = (at: number, newRunId: string): Cancellation => ({
  source: "singleton",
  at,
  caused_by_run_id: newRunId,
  reason: "a newer run of this singleton started",
});

type Extra = Pick<NewRunInput, "skipped" | "skipDetail" | "singletonSlot">;

// `attempt`, `create` and `skip` live here, not inside `admitRun`: one admission per new run, and a
// closure created per call costs a name definition each under `tsx` (esbuild's `keepNames`).

/** One `createRun` of the run with `extra`: the run as written, and the store's answer. */
function* attempt(
  input: NewRunInput,
  stamp: boolean,
  extra: Extra,
): Generator<AdmissionRequest, { run: Run; error: AdmissionAnswer }, AdmissionAnswer> {
  const write = creationWrite(newRun({ ...input, ...extra }), input.at, stamp);
  const error = yield { _tag: "CreateRun", write };
  return { run: write.run, error };
}

/** `attempt`, as the admission's end: created, or refused with the store's error. */
function* create(
  input: NewRunInput,
  stamp: boolean,
  extra: Extra,
): Generator<AdmissionRequest, Admission, AdmissionAnswer> {
  const { run, error } = yield* attempt(input, stamp, extra);
  return error === null ? { _tag: "Created", run } : { _tag: "Refused", error };
}

/** `create`, as a skipped run whose timeline says why. */
const skip = (input: NewRunInput, stamp: boolean, skipDetail: string) =>
  create(input, stamp, { skipped: true, skipDetail });

/**
 * Create a run, obeying its function's `singleton` option (SPEC §7.8), as a protocol its driver
 * carries out: the world runs it synchronously on the reference store, the engine on its store.
 * The store decides who holds a slot (`RunWrite.claimSingleton`, atomic); this decides what a
 * refused claim means:
 * - no singleton, or a skipped (paused) run: one `createRun`;
 * - the key has no value: the run is created `skipped`, its timeline says why;
 * - the slot is free: the run is created holding it;
 * - it is held, `skip`: the run is created `skipped`, naming the run in progress;
 * - it is held, `cancel`: the holder is cancelled (source `singleton`, `caused_by_run_id` this
 *   run), which releases the slot, and the claim is tried again; after
 *   `MAX_SINGLETON_CLAIMS` refusals the run is created `skipped`, saying so.
 * `stamp`: see `creationWrite`.
 */
export function* admitRun(
  input: NewRunInput,
  stamp = false,
): Generator<AdmissionRequest, Admission, AdmissionAnswer> {
  const decision = input.skipped === true ? null : singletonSlot(input.fn, input.trigger.payload);
  if (decision === null || decision._tag === "None") return yield* create(input, stamp, {});
  if (decision._tag === "NoKey") return yield* skip(input, stamp, decision.detail);
  for (let claims = 0; claims < MAX_SINGLETON_CLAIMS; claims++) {
    const { run, error } = yield* attempt(input, stamp, { singletonSlot: decision.slot });
    if (error === null) return { _tag: "Created", run };
    if (error._tag !== "SingletonOccupied") return { _tag: "Refused", error };
    if (decision.mode === "skip")
      return yield* skip(input, stamp, `singleton: run ${error.holder} is in progress`);
    const cancellation = singletonCancellation(input.at, input.id);
    yield { _tag: "CancelHolder", runId: error.holder, cancellation };
  }
  return yield* skip(
    input,
    stamp,
    `singleton: the slot was still held after cancelling its holder ${MAX_SINGLETON_CLAIMS} times`,
  );
}
