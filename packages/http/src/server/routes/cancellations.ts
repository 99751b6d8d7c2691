import type { FastifyInstance } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { needs } from "../auth";
import { CancellationBody, IdParams } from "../codecs";
import { decode } from "../decode";
import { type BulkCancellationRequest, operation } from "../operations";
import { call, callFound, envelope, type RouteContext, route } from "../respond";

/** The wire's request as the engine's TypeScript API takes it (docs/http.md, naming). */
const toRequest = (body: CancellationBody): BulkCancellationRequest => ({
  appId: body.app_id,
  functionId: body.function_id,
  startedBefore: body.started_before,
  ...(body.started_after != null ? { startedAfter: body.started_after } : {}),
  ...(body.if != null ? { if: body.if } : {}),
  ...(body.dry_run !== undefined ? { dryRun: body.dry_run } : {}),
});

/** Bulk cancellations (SPEC §4.5): create, list, follow, stop. */
export const cancellationRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.post(
    "/v1/cancellations",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("body", () => TE.fromEither(decode(CancellationBody, request.body, "body"))),
        TE.bind("create", () => TE.fromEither(operation(ctx.engine, "createCancellation"))),
        TE.chain(({ body, create }) => call(ctx, () => create(toRequest(body)), "body")),
        TE.map((record) => envelope(ctx, "createCancellation", record)),
      ),
    ),
  );

  app.get(
    "/v1/cancellations",
    needs("signingKey"),
    route(ctx, () =>
      pipe(
        TE.fromEither(operation(ctx.engine, "listCancellations")),
        TE.chain((list) => call(ctx, () => list())),
        TE.map((records) => envelope(ctx, "listCancellations", records, { count: records.length })),
      ),
    ),
  );

  app.get(
    "/v1/cancellations/:id",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(IdParams, request.params, "params"))),
        TE.bind("get", () => TE.fromEither(operation(ctx.engine, "getCancellation"))),
        TE.chain(({ params, get }) =>
          callFound(ctx, () => get(params.id), `cancellation ${params.id}`),
        ),
        TE.map((record) => envelope(ctx, "getCancellation", record)),
      ),
    ),
  );

  app.delete(
    "/v1/cancellations/:id",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(IdParams, request.params, "params"))),
        TE.bind("stop", () => TE.fromEither(operation(ctx.engine, "stopCancellation"))),
        TE.chain(({ params, stop }) => call(ctx, () => stop(params.id))),
        TE.map((record) => envelope(ctx, "stopCancellation", record)),
      ),
    ),
  );
};
