import {
  type EngineFunction,
  executeHandler,
  type Logger,
  normalizeEvent,
  type Op,
  prepareEvents,
  type QuellFunction,
  type RemoteFunction,
  type Run,
  type RunAction,
  type RunInput,
  type Store,
  serializeError,
} from "@quell/core";
import type { Clock } from "./clock";
import type { FunctionHost, HostRequest } from "./function-host";
import type { FunctionRegistry } from "./registry";

/**
 * What an execution reports, as a deferred reducer input (its time is read at each commit
 * attempt). Its `seq` is 0: a wait listener's position is set by the store inside the commit
 * (`stampListenersAtCommit`, see `transact`), not read here before it. Its `epoch` is the one
 * the action that started it carried: the reducer ignores it if the lease was taken over since.
 */
export type Report = () => RunInput;

export interface ExecutionInput {
  readonly functions: FunctionRegistry;
  /** The host of remote functions (SDK apps); without one, their runs fail. */
  readonly remote: FunctionHost | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The abort signals of the executions in progress, by run (several: parallel steps). */
  readonly controllers: Map<string, Set<ExecutionAbort>>;
  /** The run as the commit that asked for this execution wrote it (no need to read it again). */
  readonly run: Run;
  readonly action: Extract<RunAction, { _tag: "Execute" }>;
}

/**
 * An execution's abort signal, whose `AbortController` is created only when something reads
 * `signal` (most executions never do). An abort before that is remembered, and the signal is
 * born aborted with the first reason, as a controller aborted at that moment would be.
 */
export class ExecutionAbort {
  private controller: AbortController | undefined;
  private aborted = false;
  private reason: unknown;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.controller !== undefined) this.controller.abort(reason);
    else if (!this.aborted) {
      this.aborted = true;
      this.reason = reason;
    }
  }
}

/**
 * One execution's request to its host, `signal` read lazily from its `ExecutionAbort`. A class,
 * not an object literal with `get signal()`: V8 keeps such a literal in dictionary mode (a
 * slower, larger object on every execution). Its `signal` is a getter on the prototype, so a
 * host reads it, or destructures it; a spread copy would leave it out.
 */
class ExecutionRequest implements HostRequest<EngineFunction> {
  readonly #abort: ExecutionAbort;

  constructor(
    readonly fn: EngineFunction,
    readonly run: Run,
    readonly allowStep: string | null,
    readonly now: number,
    readonly logger: Logger,
    abort: ExecutionAbort,
  ) {
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}

const failure = (message: string, retriable: boolean): Op => ({
  op: "RunError",
  error: { name: "Error", message },
  retriable,
});

/**
 * One execution on the host of the function's kind: in this process, or in its SDK app. The
 * request is passed as it is, not copied: a copy would lose its `signal` (a getter on its class).
 */
const execute = async (
  input: ExecutionInput,
  request: HostRequest<EngineFunction>,
): Promise<Op> => {
  const { fn } = request;
  if ("handler" in fn) return executeHandler(request as HostRequest<QuellFunction>);
  if (input.remote === undefined)
    return failure(`function ${fn.slug} is served by an app, and no remote host is set`, false);
  try {
    return await input.remote.execute(request as HostRequest<RemoteFunction>);
  } catch (error) {
    // A host answers failures as ops; one that threw anyway must not lose the run.
    return { op: "RunError", error: serializeError(error), retriable: true };
  }
};

/** Run the function once (in this process or its app) and turn its op into the input to commit. */
export const runExecution = async (input: ExecutionInput): Promise<Report | null> => {
  const { clock, run, action } = input;
  const runId = run.id;
  const fn = input.functions.map().get(run.functionId);
  if (fn === undefined) {
    if (!input.functions.isApp(run.appId)) return null;
    // A sync of its app removed the function: the run cannot go on.
    const op = failure(`function ${run.functionId} is no longer served by app ${run.appId}`, false);
    return () => ({ _tag: "OpReported", at: clock.now(), op, seq: 0, epoch: action.epoch });
  }
  const controller = new ExecutionAbort();
  const mine = input.controllers.get(runId) ?? new Set<ExecutionAbort>();
  mine.add(controller);
  input.controllers.set(runId, mine);
  try {
    const { allowStep } = action;
    const request = new ExecutionRequest(fn, run, allowStep, clock.now(), input.logger, controller);
    const op = await execute(input, request);
    // No ingestion position is read here: one read now could be passed by events ingested and
    // processed before the commit. The store stamps a wait's listener at the commit instead.
    return () => ({ _tag: "OpReported", at: clock.now(), op, seq: 0, epoch: action.epoch });
  } finally {
    mine.delete(controller);
    if (mine.size === 0 && input.controllers.get(runId) === mine) input.controllers.delete(runId);
  }
};

export interface SendStepInput {
  readonly store: Store;
  readonly clock: Clock;
  readonly runId: string;
  readonly action: Extract<RunAction, { _tag: "SendEvents" }>;
  readonly newId: () => string;
}

/**
 * Perform a committed `step.sendEvent`: ingest its events, then report the step's output. Event
 * ids derive from the run and step, so a retried send is deduplicated rather than sent twice.
 */
export const sendStepEvents = async (input: SendStepInput): Promise<Report> => {
  const { action, clock } = input;
  const stepError =
    (error: unknown): Report =>
    () => ({
      _tag: "OpReported",
      at: clock.now(),
      op: {
        op: "StepError",
        id: action.id,
        hash: action.hash,
        error: serializeError(error),
        retriable: false,
      },
      seq: 0,
      epoch: action.epoch,
    });
  let events: ReturnType<typeof prepareEvents>;
  try {
    events = prepareEvents(action.events);
  } catch (error) {
    return stepError(error);
  }
  const at = clock.now();
  const results = await input.store.ingest(
    events.map((event, index) => {
      const internalId = input.newId();
      const dedupeKey = event.id ?? `${input.runId}:${action.hash}:${index}`;
      return {
        internalId,
        payload: normalizeEvent(event, internalId, at),
        dedupeKey,
        receivedAt: at,
      };
    }),
  );
  const ids = results.map((r) => (r._tag === "Ingested" ? r.event.internalId : r.internalId));
  const op = { op: "StepRun", id: action.id, hash: action.hash, output: { ids } } as const;
  return () => ({ _tag: "OpReported", at: clock.now(), op, seq: 0, epoch: action.epoch });
};
