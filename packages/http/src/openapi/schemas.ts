// The named schemas of the document (`#/components/schemas/<name>`), each derived from the codec
// the server decodes or encodes it with; a codec named here is referenced wherever it appears.

import {
  AppView,
  BulkCancellationStatus,
  BulkCancellationView,
  CancellationSource,
  CancellationView,
  EventInput,
  EventView,
  FunctionView,
  Json,
  PauseResult,
  ReplayResult,
  ResumeResult,
  RunState,
  RunStatus,
  RunView,
  SerializedError,
  StepView,
  StoredEventView,
  TimelineEntryType,
  TimelineEntryView,
} from "@quell/core";
import type * as t from "io-ts";
import {
  ErrorAnswer,
  Health,
  HealthChecks,
  IngestAnswer,
  Metadata,
  RegisterAnswer,
  Unhealthy,
} from "../server/answers";
import {
  CancellationBody,
  CancelRunRequest,
  PauseRequest,
  ReplaysBody,
  RescheduleRequest,
} from "../server/codecs";
import { type SchemaRefs, toJsonSchema } from "./json-schema";

export const components = {
  Error: ErrorAnswer,
  Health,
  Unhealthy,
  HealthChecks,
  Metadata,
  Json,
  EventInput,
  Event: EventView,
  StoredEvent: StoredEventView,
  IngestResponse: IngestAnswer,
  SerializedError,
  RunStatus,
  RunState,
  CancellationSource,
  Cancellation: CancellationView,
  Step: StepView,
  TimelineEntryType,
  TimelineEntry: TimelineEntryView,
  Run: RunView,
  Function: FunctionView,
  BulkCancellationStatus,
  BulkCancellation: BulkCancellationView,
  ReplayResult,
  PauseResult,
  ResumeResult,
  CancelRunRequest,
  CancellationRequest: CancellationBody,
  ReplayRequest: ReplaysBody,
  PauseRequest,
  RescheduleRequest,
  App: AppView,
  RegisterAnswer,
} as const satisfies Record<string, t.Mixed>;

export type SchemaName = keyof typeof components;

/** Each component codec, by identity, to its name. */
export const refs: SchemaRefs = new Map(
  Object.entries(components).map(([name, codec]) => [codec as t.Mixed, name]),
);

/** A codec's schema, with the named components referenced. */
export const schemaOf = (codec: t.Mixed) => toJsonSchema(codec, refs);

export const schemas = Object.fromEntries(
  Object.entries(components).map(([name, codec]) => [name, schemaOf(codec)]),
) as Record<SchemaName, ReturnType<typeof toJsonSchema>>;
