// Public API of @quell/core: pure, no I/O. Values first, then types.

export type { CompiledExpression, ExpressionScope } from "./cel/compile-expression";
export { compileExpression, expressionCacheStats } from "./cel/compile-expression";
export type { ListenerIndex } from "./cel/index-key";
export { eventIndexKey, listenerIndex } from "./cel/index-key";
export { MAX_EXPRESSION_LENGTH } from "./cel/limits";
export type { JsonSchema } from "./codecs/annotated";
export { AnnotatedType, annotate, described, withSchema } from "./codecs/annotated";
export { App, RemoteFunctionConfig } from "./codecs/app";
export { BulkCancellation, BulkCancellationStatus } from "./codecs/bulk-cancellation";
export { Cancellation, CancellationSource } from "./codecs/cancellation";
export { Deadline, DeadlineKind } from "./codecs/deadline";
export { EventInput, EventPayload, StoredEvent } from "./codecs/event";
export { InvokeCascade, InvokeMetadata, InvokeParent } from "./codecs/invoke";
export { Json, JsonObject } from "./codecs/json";
export { Listener } from "./codecs/listener";
export { Op, SerializedError } from "./codecs/ops";
export {
  InFlightStep,
  Run,
  RunConfig,
  RunState,
  RunStatus,
  runStatuses,
  StepKind,
  StepRecord,
  TimelineEntry,
  TimelineEntryType,
  Waiting,
  Wake,
} from "./codecs/run";
export { SingletonHold } from "./codecs/singleton";
export { closed, Integer, IsoDateTime, isoTime } from "./codecs/wire";
export { parseDuration, toEpochMs } from "./config/duration";
export {
  DEFAULT_LEASE_MS,
  leaseProblem,
  MAX_LEASE_MS,
  MIN_LEASE_MS,
  renewalInterval,
} from "./config/lease-duration";
export { remoteFunction, remoteFunctions } from "./config/remote-function";
export type { SyncDecision, SyncedApp, SyncInput } from "./config/sync-app";
export { decideSync } from "./config/sync-app";
export type { FunctionTimeouts } from "./config/timeouts";
export type { CronTrigger, EventTrigger, FunctionTrigger, TriggerError } from "./config/triggers";
export { MAX_TRIGGERS, validateTriggers } from "./config/triggers";
export type { EventValidationOptions } from "./config/validate-event";
export { DEFAULT_MAX_EVENT_BYTES, validateEvent } from "./config/validate-event";
export type {
  CancelOnRule,
  ConfigError,
  SingletonMode,
  SingletonRule,
  ValidatedFunction,
} from "./config/validate-function";
export { DEFAULT_RETRIES, formatConfigError, MAX_RETRIES } from "./config/validate-function";
export type { CronSchedule } from "./cron/cron-schedule";
export { nextCronTime, parseCronSchedule, previousCronTime } from "./cron/cron-schedule";
export type { CronFunction, CronPlan, CronTick } from "./cron/cron-ticks";
export {
  cronFunctions,
  cronTickId,
  cronTickTarget,
  dueCronTicks,
  nextCronAt,
  SCHEDULED_TIMER,
  scheduledTimerEvent,
  startCron,
} from "./cron/cron-ticks";
export { deterministicIds } from "./events/ids";
export { normalizeEvent } from "./events/normalize";
export { prepareEvents } from "./events/prepare-events";
export { eventRunId } from "./events/run-id";
export { correlationId, hasInvoked } from "./invoke/correlation";
export { invokedEvent, invokeMetadata, invokeParentOf } from "./invoke/invoke-event";
export { invokeRefusal } from "./invoke/invoke-routing";
export type { RunMachineEventType, TerminalState } from "./machine/run-machine";
export { isTerminal, runMachine, runMachineEventTypes, runStates } from "./machine/run-machine";
export { machineTransition, nextState, transitionTable } from "./machine/transition-table";
export type { BoundaryContext } from "./operations/boundary";
export { atStepBoundary } from "./operations/boundary";
export type { BulkCancellationRequest, ValidBulkRequest } from "./operations/bulk-request";
export {
  bulkSelects,
  newBulkRecord,
  requestBulkCancellation,
  validateBulkRequest,
} from "./operations/bulk-request";
export type { BulkBatch } from "./operations/bulk-sweep";
export {
  bulkBatchQuery,
  bulkCancelInput,
  bulkSelection,
  dryRunRecord,
  planBulkBatch,
  recordBulkBatch,
  stopBulkRecord,
} from "./operations/bulk-sweep";
export { BulkCancellationView, ENVIRONMENT_ID, toBulkView } from "./operations/bulk-view";
export { apiCancellation } from "./operations/cancel-run";
export type { FunctionOperation } from "./operations/pause";
export { pauseOperation, resumeOperation } from "./operations/pause";
export type { ReplaySource } from "./operations/replay";
export { replayInput, replaySelection } from "./operations/replay";
export type { ReplayFilter } from "./operations/replay-filter";
export type { RescheduleInput } from "./operations/reschedule";
export { rescheduleInput } from "./operations/reschedule";
export { resolveFunction } from "./operations/resolve-function";
export { ACTIVE_STATES, statesForStatuses } from "./operations/statuses";
export type { FieldError, TimeInput } from "./operations/time-field";
export { optionalTimeField, timeField, validationError } from "./operations/time-field";
export type { NewRun, NewRunInput } from "./reducer/create-run";
export { newRun, runContext } from "./reducer/create-run";
export { creationWrite } from "./reducer/creation-write";
export { runTimer } from "./reducer/deadline";
export type { RunContext, RunEffect, RunInput, RunOutcome } from "./reducer/effects";
export type { PureExecute } from "./reducer/fold";
export { foldableExecution, foldWrites } from "./reducer/fold";
export { executionAbortReason } from "./reducer/lease";
export { listenerInput } from "./reducer/listener-input";
export {
  cancelFirst,
  functionsTriggeredBy,
  indexKeyOf,
  isTriggeredBy,
  listenerAccepts,
} from "./reducer/matching";
export type { Reduction } from "./reducer/reduce-run";
export { reduceRun } from "./reducer/reduce-run";
export type { RunAction } from "./reducer/to-write";
export { emittedEvent, toRunWrite, unwrittenActions } from "./reducer/to-write";
export type { QuellError, QuellErrorTag } from "./sdk/errors";
export {
  CancellationNotFoundError,
  FunctionNotFoundError,
  InvokeCancelledError,
  invalidCursor,
  isNonRetriable,
  isQuellError,
  NonRetriableError,
  QuellConfigError,
  QuellEventError,
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
  StepFailedError,
  serializeError,
  tagOf,
} from "./sdk/errors";
export type { ExecutionRequest } from "./sdk/execute";
export { executeHandler } from "./sdk/execute";
export { failureFunctionConfig, withFailureFunctions } from "./sdk/failure-function";
export { DEFAULT_INVOKE_TIMEOUT, invokeOp } from "./sdk/invoke-options";
export { Quell } from "./sdk/quell";
export { hashStepId } from "./sdk/step-hash";
export type {
  AppFunction,
  CancelOnConfig,
  CronTriggerConfig,
  EngineFunction,
  EventData,
  EventTriggerConfig,
  FailureHandler,
  FailureHandlerContext,
  FunctionConfig,
  Handler,
  HandlerContext,
  HandlerEvent,
  InvokeOptions,
  Logger,
  QuellFunction,
  RemoteFunction,
  SingletonConfig,
  StepRunContext,
  StepTools,
  TimeoutsConfig,
  TriggerConfig,
  WaitForEventOptions,
} from "./sdk/types";
export type { LogLine } from "./simulation/log-collector";
export type { Simulation, SimulationOptions } from "./simulation/simulation";
export { createSimulation } from "./simulation/simulation";
export type { Admission, AdmissionAnswer, AdmissionRequest } from "./singleton/admission";
export { admitRun, MAX_SINGLETON_CLAIMS, singletonCancellation } from "./singleton/admission";
export type { SlotDecision } from "./singleton/slot";
export { singletonSlot } from "./singleton/slot";
export { cancelledByEvent } from "./store/cancelled-by";
export type { StoreUnavailableReason } from "./store/errors";
export { isStoreUnavailable, StoreUnavailableError } from "./store/errors";
export type {
  EventPage,
  IngestRequest,
  IngestResult,
  ListEventsFilter,
  ListRunsFilter,
  PruneRequest,
  PruneResult,
  RunPage,
  RunWrite,
  Store,
  StoreError,
} from "./store/port";
export type { StoreModel } from "./store/reference/model";
export { createStoreModel } from "./store/reference/model";
export { ReferenceStore } from "./store/reference/reference-store";
export type { RetentionPolicy } from "./store/retention";
export {
  bulkCancellationEndedAt,
  DEFAULT_RETENTION_MS,
  MIN_RETENTION_MS,
  pruneHasMore,
  pruneRequest,
  retentionMs,
  runEndedAt,
} from "./store/retention";
export {
  FUNCTION_CANCELLED,
  FUNCTION_FAILED,
  FUNCTION_FINISHED,
  FUNCTION_INVOKED,
  systemEventsFor,
} from "./system-events";
export { AppView, toAppView } from "./views/app-view";
export { CancellationView, toCancellationView } from "./views/cancellation-view";
export { StoredEventView, toStoredEventView } from "./views/event-view";
export {
  CancelOnTimeoutView,
  FunctionView,
  formatTriggers,
  TriggerView,
  toFunctionView,
} from "./views/function-view";
export { PauseResult, ReplayResult, ResumeResult } from "./views/operation-results";
export {
  EventView,
  formatTimeline,
  RunView,
  runStatus,
  StepView,
  TimelineEntryView,
  toRunView,
} from "./views/run-view";
export type { World } from "./world/world";
export { cloneWorld, createWorld } from "./world/world";
export type { NewId, WorldAction } from "./world/world-step";

// Model checking (SPEC §7): explore every interleaving of a scenario.

export { explore } from "./model-check/explore";
export { faults } from "./model-check/faults";
export { formatReport, formatViolation } from "./model-check/report";
export { builtInScenarios } from "./model-check/scenarios/built-in";
export type { Fault, WorldSemantics } from "./model-check/semantics";
export { worldSemantics } from "./model-check/semantics";
export type { FunctionShape, ShapeStep } from "./model-check/shape";
export { functionFromShape } from "./model-check/shape";
export type {
  CustomInvariant,
  ExplorationReport,
  ExploreOptions,
  ExplorerView,
  InvariantName,
  RunRef,
  Scenario,
  ScenarioAction,
  ScenarioStep,
  Violation,
} from "./model-check/types";
