import type { EventInput } from "@quell/core";
import type { ListEventsQuery as EngineQuery } from "@quell/engine";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { IngestAnswer } from "../answers";
import { needs } from "../auth";
import { EventsBody, IdParams, ListEventsQuery } from "../codecs";
import { decode } from "../decode";
import { call, callFound, envelope, type RouteContext, route } from "../respond";

const seedOf = (request: FastifyRequest): { idSeed?: string } => {
  const seed = request.headers["x-inngest-event-id-seed"];
  return typeof seed === "string" && seed !== "" ? { idSeed: seed } : {};
};

/** The wire's query as the engine's TypeScript API takes it. */
const toEngineQuery = (query: ListEventsQuery): EngineQuery => ({
  ...(query.name !== undefined ? { name: query.name } : {}),
  ...(query.received_after !== undefined ? { receivedAfter: query.received_after } : {}),
  ...(query.received_before !== undefined ? { receivedBefore: query.received_before } : {}),
  ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  limit: query.limit ?? 50,
});

/**
 * `POST /e/:eventKey` (ingest), the event stream (`GET /v1/events`, `/v1/events/:id`) and the
 * runs an event started or cancelled.
 */
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
    "/v1/events",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(ListEventsQuery, request.query, "query")),
        // Cursors are opaque and store-specific: the store rejects one it did not issue.
        TE.chain((query) => call(ctx, () => ctx.engine.listEvents(toEngineQuery(query)), "query")),
        TE.map(({ events, cursor }) =>
          envelope(ctx, "listEvents", events, { count: events.length, cursor }),
        ),
      ),
    ),
  );

  app.get(
    "/v1/events/:id",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(IdParams, request.params, "params")),
        TE.chain(({ id }) => callFound(ctx, () => ctx.engine.getEvent(id), `event ${id}`)),
        TE.map((event) => envelope(ctx, "getEvent", event)),
      ),
    ),
  );

  app.get(
    "/v1/events/:id/cancelled-runs",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(IdParams, request.params, "params")),
        TE.chain(({ id }) => call(ctx, () => ctx.engine.runsCancelledBy(id))),
        TE.map((runs) => envelope(ctx, "runsCancelledBy", runs, { count: runs.length })),
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
