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

export interface StepTools {
  /** Run `fn` once; its JSON result is memoised and returned on every later execution. */
  run<T>(id: string, fn: (ctx: StepRunContext) => T | Promise<T>): Promise<Awaited<T>>;
  sleep(id: string, duration: string | number): Promise<void>;
  sleepUntil(id: string, time: Date | string | number): Promise<void>;
  /** Resolves to the matching event, or `null` when `timeout` passes first. */
  waitForEvent(id: string, options: WaitForEventOptions): Promise<HandlerEvent | null>;
  sendEvent(id: string, events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
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

export interface CancelOnConfig {
  readonly event: string;
  readonly match?: string;
  readonly if?: string;
  readonly timeout?: string | number | Date;
}

export interface FunctionConfig {
  readonly id: string;
  readonly name?: string;
  readonly cancelOn?: readonly CancelOnConfig[];
  readonly retries?: number;
}

export interface TriggerConfig {
  readonly event: string;
  readonly if?: string;
}

/** A function of an app as the engine runs it, wherever its code runs: its validated config. */
export interface AppFunction extends ValidatedFunction {
  readonly appId: string;
  readonly config: FunctionConfig;
  readonly triggerConfig: TriggerConfig;
}

/** A function as `createFunction` returns it: validated config plus its handler (in-process). */
export interface QuellFunction extends AppFunction {
  readonly handler: Handler;
}

/** A function an SDK app serves over HTTP (synced by `POST /fn/register`). */
export interface RemoteFunction extends AppFunction {
  readonly remote: { readonly url: string };
}

/** Whatever the engine runs: in-process functions and remote ones, behind the same core. */
export type EngineFunction = QuellFunction | RemoteFunction;

export type { CancelOnRule };
