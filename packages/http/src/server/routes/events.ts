import type { EventInput } from "@quell/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { IngestAnswer } from "../answers";
import { needs } from "../auth";
import { EventsBody, IdParams } from "../codecs";
import { decode } from "../decode";
import { call, envelope, type RouteContext, route } from "../respond";

const seedOf = (request: FastifyRequest): { idSeed?: string } => {
  const seed = request.headers["x-inngest-event-id-seed"];
  return typeof seed === "string" && seed !== "" ? { idSeed: seed } : {};
};

/** `POST /e/:eventKey` (ingest) and `GET /v1/events/:id/runs`. */
export const eventRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.post(
    "/e/:eventKey",
    needs("eventKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(EventsBody, request.body, "body")),
        // The engine checks each event field by field (SPEC §5) and rejects the whole batch,
        // naming `events[2].data`, before anything is stored.
        // The official SDK sends the same seed with each retry of one send: those dedupe.
        TE.chain((events) =>
          call(ctx, () => ctx.engine.send(events as EventInput | EventInput[], seedOf(request))),
        ),
        // The seeds' system answers ingestion without the `{ data }` envelope; its clients expect this.
        TE.map(({ ids }) => ({ body: IngestAnswer.encode({ ids, status: 200 }) })),
      ),
    ),
  );

  app.get(
    "/v1/events/:id/runs",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(IdParams, request.params, "params")),
        TE.chain(({ id }) => call(ctx, () => ctx.engine.runsForEvent(id))),
        TE.map((runs) => envelope(ctx, "runsForEvent", runs, { count: runs.length })),
      ),
    ),
  );
};
