import type { QuellFunction } from "@quell/core";
import Fastify, { type FastifyInstance } from "fastify";
import { openApiDocument } from "../openapi/document";
import { authorizer, type Mode } from "./auth";
import { DEFAULT_BODY_LIMIT, DEFAULT_PORT } from "./defaults";
import { fromThrown, invalidInput } from "./http-error";
import type { ServerEngine } from "./operations";
import { type RouteContext, sendError } from "./respond";
import { cancellationRoutes } from "./routes/cancellations";
import { eventRoutes } from "./routes/events";
import { functionRoutes } from "./routes/functions";
import { healthRoutes } from "./routes/health";
import { runRoutes } from "./routes/runs";

export interface ServerOptions {
  readonly engine: ServerEngine;
  /** The functions the engine runs, for `GET /v1/functions` and resolving ids to slugs. */
  readonly functions: readonly QuellFunction[];
  /** `dev`: any key is accepted and the server binds 127.0.0.1 only. */
  readonly mode: Mode;
  /** Keys accepted in `POST /e/:eventKey` (production). */
  readonly eventKeys?: readonly string[];
  /** Keys accepted as `Authorization: Bearer <key>` on `/v1` (production). */
  readonly signingKeys?: readonly string[];
  /** Largest request body in bytes; default 4 MiB (each event is also limited, SPEC §5). */
  readonly bodyLimit?: number;
  /** The time `metadata.fetched_at` reports; default `Date.now`. */
  readonly now?: () => number;
  /** Where unexpected server faults are reported; default `console.error`. */
  readonly onFault?: (error: unknown) => void;
}

export interface QuellServer {
  /** The Fastify instance, for `inject` in tests or adding routes. */
  readonly fastify: FastifyInstance;
  /** Start listening; resolves to the base URL, e.g. `http://127.0.0.1:8288`. */
  listen(options?: { readonly port?: number; readonly host?: string }): Promise<string>;
  close(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

/**
 * The HTTP API of SPEC §6 over an engine: event ingestion, runs, bulk cancellations, replays,
 * pausing. Every error is `{ error, status }` (400 names the field, and the position in a CEL
 * expression); every success under `/v1` is `{ data, metadata }`.
 *
 * @example
 * const server = createServer({ engine, functions, mode: "dev" });
 * const url = await server.listen({ port: 8288 });
 */
export const createServer = (options: ServerOptions): QuellServer => {
  const eventKeys = options.eventKeys ?? [];
  const signingKeys = options.signingKeys ?? [];
  if (options.mode === "production" && (eventKeys.length === 0 || signingKeys.length === 0)) {
    throw new Error("production mode needs at least one event key and one signing key");
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const ctx: RouteContext = {
    engine: options.engine,
    functions: options.functions,
    bodyLimit,
    now: options.now ?? Date.now,
    reportFault: options.onFault ?? ((error) => console.error("quell: request failed", error)),
  };
  const app = Fastify({
    logger: false,
    bodyLimit,
    forceCloseConnections: "idle",
    frameworkErrors: (error, _request, reply) =>
      sendError(reply, invalidInput("request", error.message)),
  });

  // JSON only; an empty body (a DELETE sent with a JSON content type) reads as no body.
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text === "") done(null, undefined);
    else json(request, text, done);
  });

  const authorize = authorizer({ mode: options.mode, eventKeys, signingKeys });
  app.addHook("onRequest", async (request, reply) => {
    const denied = authorize(request.url.split("?")[0] ?? "", request.headers.authorization);
    if (denied !== null) return sendError(reply, denied);
  });

  app.setErrorHandler((error, _request, reply) => {
    const mapped = fromThrown(error, { bodyLimit });
    if (mapped._tag === "Internal") ctx.reportFault(error);
    return sendError(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      _tag: "NotFound",
      message: `no route ${request.method} ${request.url.split("?")[0]}`,
    }),
  );

  app.get("/openapi.json", async () => openApiDocument);
  eventRoutes(app, ctx);
  runRoutes(app, ctx);
  cancellationRoutes(app, ctx);
  functionRoutes(app, ctx);
  healthRoutes(app, ctx);

  return {
    fastify: app,
    listen: async (listenOptions = {}) => {
      const host = listenOptions.host ?? LOOPBACK;
      if (options.mode === "dev" && host !== LOOPBACK && host !== "localhost") {
        throw new Error(
          `dev mode accepts any key, so it binds ${LOOPBACK} only (asked for ${host})`,
        );
      }
      await app.listen({
        port: listenOptions.port ?? DEFAULT_PORT,
        host: options.mode === "dev" ? LOOPBACK : host,
      });
      const address = app.server.address();
      const port =
        typeof address === "object" && address !== null ? address.port : listenOptions.port;
      const shown = options.mode === "dev" ? LOOPBACK : host;
      return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
    },
    close: () => app.close(),
  };
};
