import type { ListRunsQuery as EngineQuery } from "@quell/engine";
import type { FastifyInstance } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { needs } from "../auth";
import {
  CancelRunBody,
  EmptyBody,
  IdParams,
  ListRunsQuery,
  ReplaysBody,
  RescheduleRequest,
} from "../codecs";
import { decode } from "../decode";
import { operation } from "../operations";
import { call, callFound, envelope, type RouteContext, route } from "../respond";

/** The wire's query as the engine's TypeScript API takes it (the engine resolves id or slug). */
const toEngineQuery = (query: ListRunsQuery): EngineQuery => ({
  ...(query.function_id !== undefined ? { functionId: query.function_id } : {}),
  ...(query.status !== undefined ? { status: query.status } : {}),
  ...(query.started_after !== undefined ? { startedAfter: query.started_after } : {}),
  ...(query.started_before !== undefined ? { startedBefore: query.started_before } : {}),
  ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  limit: query.limit ?? 50,
});

/** Runs: list, read, cancel one, replay one or in bulk, reschedule a sleeping one. */
export const runRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.get(
    "/v1/runs",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(ListRunsQuery, request.query, "query")),
        // Cursors are opaque and store-specific: the store rejects one it did not issue.
        TE.chain((query) => call(ctx, () => ctx.engine.listRuns(toEngineQuery(query)), "query")),
        TE.map(({ runs, cursor }) =>
          envelope(ctx, "listRuns", runs, { count: runs.length, cursor }),
        ),
      ),
    ),
  );

  app.get(
    "/v1/runs/:id",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(IdParams, request.params, "params")),
        TE.chain(({ id }) => callFound(ctx, () => ctx.engine.getRun(id), `run ${id}`)),
        TE.map((run) => envelope(ctx, "getRun", run)),
      ),
    ),
  );

  app.delete(
    "/v1/runs/:id",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(IdParams, request.params, "params"))),
        TE.bind("body", () => TE.fromEither(decode(CancelRunBody, request.body, "body"))),
        TE.chain(({ params, body }) =>
          call(
            ctx,
            () =>
              ctx.engine.cancelRun(
                params.id,
                body?.reason === undefined ? {} : { reason: body.reason },
              ),
            "body",
          ),
        ),
        TE.map((run) => envelope(ctx, "cancelRun", run)),
      ),
    ),
  );

  app.post(
    "/v1/runs/:id/replay",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(IdParams, request.params, "params"))),
        TE.bind("body", () => TE.fromEither(decode(EmptyBody, request.body, "body"))),
        TE.bind("replayRun", () => TE.fromEither(operation(ctx.engine, "replayRun"))),
        TE.chain(({ params, replayRun }) => call(ctx, () => replayRun(params.id))),
        TE.map((run) => envelope(ctx, "replayRun", run)),
      ),
    ),
  );

  app.post(
    "/v1/runs/:id/reschedule",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(IdParams, request.params, "params"))),
        TE.bind("body", () => TE.fromEither(decode(RescheduleRequest, request.body, "body"))),
        TE.chain(({ params, body }) =>
          call(ctx, () => ctx.engine.rescheduleRun(params.id, { until: body.until }), "body"),
        ),
        TE.map((run) => envelope(ctx, "rescheduleRun", run)),
      ),
    ),
  );

  app.post(
    "/v1/replays",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("body", () => TE.fromEither(decode(ReplaysBody, request.body, "body"))),
        TE.bind("replayRuns", () => TE.fromEither(operation(ctx.engine, "replayRuns"))),
        TE.chain(({ body, replayRuns }) =>
          call(
            ctx,
            () =>
              replayRuns({
                functionId: body.function_id,
                ...(body.started_after !== undefined ? { startedAfter: body.started_after } : {}),
                ...(body.started_before !== undefined
                  ? { startedBefore: body.started_before }
                  : {}),
                ...(body.status !== undefined ? { status: body.status } : {}),
              }),
            "body",
          ),
        ),
        TE.map((result) => envelope(ctx, "replayRuns", result)),
      ),
    ),
  );
};
