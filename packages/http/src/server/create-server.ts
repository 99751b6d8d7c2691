import { type QuellFunction, withFailureFunctions } from "@quell/core";
import Fastify, { type FastifyInstance } from "fastify";
import { openApiDocument } from "../openapi/document";
import { type Access, authorizer, type Mode, needs } from "./auth";
import { answerClientError } from "./client-error";
import { acceptsBody } from "./content-type";
import { DEFAULT_BODY_LIMIT, DEFAULT_PORT } from "./defaults";
import { hostRefusal } from "./host-check";
import { fromThrown, invalidInput } from "./http-error";
import { validateKeys } from "./keys";
import type { ServerEngine } from "./operations";
import { type RouteContext, sendError } from "./respond";
import { appRoutes } from "./routes/apps";
import { cancellationRoutes } from "./routes/cancellations";
import { dashboardRoutes } from "./routes/dashboard";
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

/** A route the server answers, and what it needs (see `Access`). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

export interface QuellServer {
  /** The Fastify instance, for `inject` in tests or adding routes (each must declare `access`). */
  readonly fastify: FastifyInstance;
  /** Every route with the access it declares. */
  readonly routes: readonly RouteAccess[];
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
  const keys = { eventKeys: options.eventKeys ?? [], signingKeys: options.signingKeys ?? [] };
  if (options.mode === "production") {
    const checked = validateKeys(keys);
    if (checked._tag === "Left") throw new Error(`production mode: ${checked.left}`);
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const ctx: RouteContext = {
    engine: options.engine,
    functions: withFailureFunctions(options.functions),
    bodyLimit,
    now: options.now ?? Date.now,
    reportFault: options.onFault ?? ((error) => console.error("quell: request failed", error)),
  };
  const app = Fastify({
    logger: false,
    bodyLimit,
    forceCloseConnections: "idle",
    // Errors of Node's HTTP parser (malformed request, headers too large) in our error shape.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) =>
      sendError(reply, invalidInput("request", error.message)),
  });

  // JSON only; an empty body (a DELETE sent with a JSON content type) reads as no body.
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const refused = acceptsBody(request.headers["content-type"]);
    if (refused !== null) return done(refused, undefined);
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text === "") done(null, undefined);
    else json(request, text, done);
  });

  // Authorization is decided on the route that matched, never on the raw URL: see `Access`.
  const routes: RouteAccess[] = [];
  app.addHook("onRoute", (route) => {
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.url} declares no access`);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });
  const authorize = authorizer(options.mode, keys);
  app.addHook("onRequest", async (request, reply) => {
    if (options.mode === "dev") {
      const refused = hostRefusal(request.headers.host, request.raw.url ?? "");
      if (refused !== null) return sendError(reply, refused);
    }
    const access = request.is404 ? "signingKey" : request.routeOptions.config.access;
    const params = request.params as { readonly eventKey?: unknown } | undefined;
    const denied = authorize(access, {
      eventKey: typeof params?.eventKey === "string" ? params.eventKey : undefined,
      authorization: request.headers.authorization,
    });
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

  app.get("/openapi.json", needs("public"), async () => openApiDocument);
  eventRoutes(app, ctx);
  runRoutes(app, ctx);
  cancellationRoutes(app, ctx);
  functionRoutes(app, ctx);
  appRoutes(app, ctx);
  healthRoutes(app, ctx);
  dashboardRoutes(app);

  return {
    fastify: app,
    routes,
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
