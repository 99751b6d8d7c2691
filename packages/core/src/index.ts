// Public API of @quell/core: pure, no I/O. Values first, then types.
export { Quell } from "./sdk/quell";
export {
  CancellationNotFoundError,
  FunctionNotFoundError,
  NonRetriableError,
  QuellConfigError,
  QuellEventError,
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
  StepFailedError,
  serializeError,
} from "./sdk/errors";
export { executeHandler } from "./sdk/execute";
export { hashStepId } from "./sdk/step-hash";
export { createSimulation } from "./simulation/simulation";
export { BulkCancellation, BulkCancellationStatus } from "./codecs/bulk-cancellation";
export { Cancellation, CancellationSource } from "./codecs/cancellation";
export { EventInput, EventPayload, StoredEvent } from "./codecs/event";
export { Json, JsonObject } from "./codecs/json";
export { Listener } from "./codecs/listener";
export { Op, SerializedError } from "./codecs/ops";
export { Run, RunState, StepRecord, TimelineEntry } from "./codecs/run";
export { compileExpression } from "./cel/compile-expression";
export { eventIndexKey, listenerIndex } from "./cel/index-key";
export { parseDuration, toEpochMs } from "./config/duration";
export { DEFAULT_MAX_EVENT_BYTES, validateEvent } from "./config/validate-event";
export { normalizeEvent } from "./events/normalize";
export { deterministicIds } from "./events/ids";
export { prepareEvents } from "./events/prepare-events";
export { runMachine, isTerminal, runStates, runMachineEventTypes } from "./machine/run-machine";
export { machineTransition, nextState, transitionTable } from "./machine/transition-table";
export { newRun, runContext } from "./reducer/create-run";
export { cancelFirst, functionsTriggeredBy, indexKeyOf, listenerAccepts } from "./reducer/matching";
export { reduceRun } from "./reducer/reduce-run";
export { emittedEvent, toRunWrite } from "./reducer/to-write";
export { FUNCTION_CANCELLED, FUNCTION_FAILED, FUNCTION_FINISHED, systemEventsFor } from "./system-events";
export { formatTimeline, runStatus, toRunView } from "./views/run-view";
export { cloneWorld, createWorld } from "./world/world";

export type { RunStatus } from "./codecs/run";
export type { CompiledExpression } from "./cel/compile-expression";
export type { CancelOnRule, ValidatedFunction } from "./config/validate-function";
export type { RunMachineEventType } from "./machine/run-machine";
export type { RunContext, RunEffect, RunInput, RunOutcome } from "./reducer/effects";
export type { NewRun, NewRunInput } from "./reducer/create-run";
export type { Reduction } from "./reducer/reduce-run";
export type { RunAction } from "./reducer/to-write";
export type { ExecutionRequest } from "./sdk/execute";
export type {
  CancelOnConfig,
  EventData,
  FunctionConfig,
  Handler,
  HandlerContext,
  HandlerEvent,
  Logger,
  QuellFunction,
  StepRunContext,
  StepTools,
  TriggerConfig,
  WaitForEventOptions,
} from "./sdk/types";
export type { LogLine } from "./simulation/log-collector";
export type { Simulation, SimulationOptions } from "./simulation/simulation";
export type {
  IngestRequest,
  IngestResult,
  ListRunsFilter,
  RunPage,
  RunWrite,
  Store,
  StoreError,
} from "./store/port";
export type { RunView } from "./views/run-view";
export type { World } from "./world/world";
export { atStepBoundary } from "./operations/boundary";
export type { BoundaryContext } from "./operations/boundary";
export { bulkSelects, newBulkRecord, validateBulkRequest } from "./operations/bulk-request";
export type { BulkCancellationRequest, ValidBulkRequest } from "./operations/bulk-request";
export { ENVIRONMENT_ID, toBulkView } from "./operations/bulk-view";
export type { BulkCancellationView } from "./operations/bulk-view";
export { resolveFunction } from "./operations/resolve-function";
export { optionalTimeField, timeField } from "./operations/time-field";
export type { FieldError } from "./operations/time-field";
