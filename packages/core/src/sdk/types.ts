import type { EventInput } from "../codecs/event";
import type { CancelOnRule, ValidatedFunction } from "../config/validate-function";

/**
 * Event data as handlers see it. Deliberately loose (`any` values): the seeds' examples read
 * `event.data.remindAt` and pass it to `step.sleepUntil`, and must type-check as written. Typed
 * event schemas can narrow this later.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; user data has no schema yet.
export type EventData = { [key: string]: any };

export interface HandlerEvent {
  readonly name: string;
  readonly data: EventData;
  readonly id: string;
  readonly ts: number;
  readonly user: EventData;
  readonly v?: string;
}

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

export interface StepRunContext {
  /** Aborted when the run's cancellation commits while this step runs (SPEC §4.3). */
  readonly signal: AbortSignal;
  /** 0 on the first attempt, 1 on the first retry, … */
  readonly attempt: number;
}

export interface WaitForEventOptions {
  readonly event: string;
  readonly timeout: string | number;
  readonly match?: string;
  readonly if?: string;
}

/** `step.invoke`'s options (SPEC §2). */
export interface InvokeOptions {
  /** The function to run: a function object, or its slug (`${appId}-${id}`). */
  readonly function: Pick<QuellFunction, "slug"> | string;
  /** The child's `event.data` (a JSON object); default `{}`. */
  readonly data?: EventData;
  /** How long to wait for the child to finish; default `"365d"`. */
  readonly timeout?: string | number;
  /**
   * What the parent's cancellation does to the child: `"cancel"` (default) cancels it too
   * (source `parent`), `"detach"` leaves it running.
   */
  readonly cascade?: "cancel" | "detach";
}

export interface StepTools {
  /** Run `fn` once; its JSON result is memoised and returned on every later execution. */
  run<T>(id: string, fn: (ctx: StepRunContext) => T | Promise<T>): Promise<Awaited<T>>;
  sleep(id: string, duration: string | number): Promise<void>;
  sleepUntil(id: string, time: Date | string | number): Promise<void>;
  /** Resolves to the matching event, or `null` when `timeout` passes first. */
  waitForEvent(id: string, options: WaitForEventOptions): Promise<HandlerEvent | null>;
  sendEvent(id: string, events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
  /**
   * Run another function with `data` and wait for its output. Its failure throws a
   * `StepFailedError` carrying its error; its cancellation an `InvokeCancelledError`
   * (non-retriable) carrying its cancellation record; the timeout a `StepFailedError` too.
   */
  invoke<T = unknown>(id: string, options: InvokeOptions): Promise<T>;
}

export interface HandlerContext {
  readonly event: HandlerEvent;
  readonly events: readonly HandlerEvent[];
  readonly step: StepTools;
  readonly runId: string;
  readonly attempt: number;
  readonly logger: Logger;
  /** Aborted when the run is cancelled while this execution runs. */
  readonly signal: AbortSignal;
}

export type Handler = (ctx: HandlerContext) => unknown;

/**
 * What an `onFailure` handler receives: the context of its own run, whose `event` is the
 * `inngest/function.failed` event (the failed run's triggering event is `event.data.event`, its
 * id `event.data.run_id`), plus `error`, the failed run's error as an `Error`.
 */
export interface FailureHandlerContext extends HandlerContext {
  readonly error: Error;
}

export type FailureHandler = (ctx: FailureHandlerContext) => unknown;

export interface CancelOnConfig {
  readonly event: string;
  readonly match?: string;
  readonly if?: string;
  readonly timeout?: string | number | Date;
}

/** Durations (`"10m"`, `"1h"`, or ms) after which a run is cancelled (source `timeout`). */
export interface TimeoutsConfig {
  /** From the run's creation to its first start. */
  readonly start?: string | number;
  /** From the run's first start to its end: sleeps, waits, retries and pauses count. */
  readonly finish?: string | number;
}

export interface FunctionConfig {
  readonly id: string;
  readonly name?: string;
  readonly cancelOn?: readonly CancelOnConfig[];
  readonly retries?: number;
  /**
   * Called when a run of this function fails for good (its retries spent, or a non-retriable
   * error): registers a second function, `<slug>-failure`, triggered by `inngest/function.failed`
   * for this function only.
   */
  readonly onFailure?: FailureHandler;
  /**
   * At most one run in progress per function, or per value of `key` (CEL over `event`): a new
   * event's run is skipped (`skip`), or the run in progress is cancelled (`cancel`).
   */
  readonly singleton?: SingletonConfig;
  readonly timeouts?: TimeoutsConfig;
}

export interface SingletonConfig {
  readonly key?: string;
  readonly mode: "skip" | "cancel";
}

/** Start a run for each matching event; `if` is CEL over `event`. */
export interface EventTriggerConfig {
  readonly event: string;
  readonly if?: string;
}

/** Start a run on a schedule: five cron fields, optionally after `TZ=<IANA zone> `. */
export interface CronTriggerConfig {
  readonly cron: string;
}

export type TriggerConfig = EventTriggerConfig | CronTriggerConfig;

/** A function of an app as the engine runs it, wherever its code runs: its validated config. */
export interface AppFunction extends ValidatedFunction {
  readonly appId: string;
  readonly config: FunctionConfig;
  readonly triggerConfig: TriggerConfig | readonly TriggerConfig[];
}

/** A function as `createFunction` returns it: validated config plus its handler (in-process). */
export interface QuellFunction extends AppFunction {
  readonly handler: Handler;
  /** The `<slug>-failure` function `config.onFailure` registers, or null without one. */
  readonly failureFunction: QuellFunction | null;
}

/** A function an SDK app serves over HTTP (synced by `POST /fn/register`). */
export interface RemoteFunction extends AppFunction {
  readonly remote: { readonly url: string };
}

/** Whatever the engine runs: in-process functions and remote ones, behind the same core. */
export type EngineFunction = QuellFunction | RemoteFunction;

export type { CancelOnRule };
