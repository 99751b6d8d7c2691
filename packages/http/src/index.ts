// Public API of @quell/http: the HTTP server (SPEC §6) and what the `quell` command builds on.

export type { FunctionView } from "@quell/core";
export { loadFunctions } from "./cli/load-functions";
export { exampleFunctions } from "./examples";
export type { RemoteHostOptions } from "./inngest/remote-host";
export { DEFAULT_CALL_TIMEOUT_MS, remoteHost } from "./inngest/remote-host";
export type { SyncLoop, SyncLoopOptions } from "./inngest/sync-loop";
export { startSyncLoop } from "./inngest/sync-loop";
export { openApiDocument } from "./openapi/document";
export type { Mode } from "./server/auth";
export type { QuellServer, ServerOptions } from "./server/create-server";
export { createServer } from "./server/create-server";
export { DEFAULT_BODY_LIMIT, DEFAULT_PORT } from "./server/defaults";
export type { ErrorBody, HttpError } from "./server/http-error";
export type {
  BulkCancellationRequest,
  BulkCancellationView,
  OperationsApi,
  ReplayFilter,
  ServerEngine,
} from "./server/operations";
