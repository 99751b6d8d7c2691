import type { AppView } from "@quell/core";
import type { FastifyInstance } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { mapRegisterBody } from "../../inngest/config-mapping";
import { putServeUrl } from "../../inngest/put-serve-url";
import { RegisterBody } from "../../inngest/register-body";
import { RegisterAnswer } from "../answers";
import { needs } from "../auth";
import { EmptyBody, IdParams } from "../codecs";
import { decode } from "../decode";
import { type HttpError, invalidInput, notFound } from "../http-error";
import { call, envelope, type RouteContext, route } from "../respond";

/**
 * `POST /fn/register`, where the official SDK syncs an app (INNGEST-PROTOCOL.md §3.2), and
 * `GET /v1/apps` and `POST /v1/apps/:id/resync`. A refused sync answers 400 `{ error, status }`: the SDK reads both from the
 * body and relays `error` to whoever sent the PUT.
 */
/** How long a resync waits for the app's answer (the SDK's own sync round trip included). */
const RESYNC_TIMEOUT_MS = 10_000;

const findApp = (ctx: RouteContext, id: string): TE.TaskEither<HttpError, AppView> =>
  pipe(
    call(ctx, () => ctx.engine.apps()),
    TE.chain((apps) => {
      const app = apps.find((candidate) => candidate.id === id);
      return app === undefined ? TE.left(notFound(`no app has the id "${id}"`)) : TE.right(app);
    }),
  );

/** PUT the app's serve URL; anything but the SDK's success is a 502 naming the URL. */
const resync = (ctx: RouteContext, app: AppView): TE.TaskEither<HttpError, AppView> =>
  pipe(
    TE.fromTask(() => putServeUrl(app.url, RESYNC_TIMEOUT_MS)),
    TE.chain((result) => {
      if (result._tag === "Synced") return findApp(ctx, app.id);
      const why =
        result._tag === "Refused"
          ? `answered ${result.status}: ${result.message}`
          : `did not answer (${result.reason})`;
      return TE.left<HttpError, AppView>({
        _tag: "BadGateway",
        message: `app "${app.id}" at ${app.url} ${why}`,
      });
    }),
  );

export const appRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.post(
    "/fn/register",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(RegisterBody, request.body, "body")),
        TE.map(mapRegisterBody),
        TE.chain(({ app: synced, problem }) =>
          call(ctx, () => ctx.engine.syncApp(synced, problem)),
        ),
        TE.chain((result) =>
          result._tag === "Refused"
            ? TE.left(invalidInput("body.functions", result.error))
            : TE.right({ body: RegisterAnswer.encode({ ok: true, modified: result.modified }) }),
        ),
      ),
    ),
  );

  app.get(
    "/v1/apps",
    needs("signingKey"),
    route(ctx, () =>
      pipe(
        call(ctx, () => ctx.engine.apps()),
        TE.map((apps) => envelope(ctx, "listApps", apps, { count: apps.length })),
      ),
    ),
  );

  app.post(
    "/v1/apps/:id/resync",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.fromEither(decode(IdParams, request.params, "params")),
        TE.chainFirst(() => TE.fromEither(decode(EmptyBody, request.body, "body"))),
        TE.chain((params) => findApp(ctx, params.id)),
        TE.chain((app) => resync(ctx, app)),
        TE.map((app) => envelope(ctx, "resyncApp", app)),
      ),
    ),
  );
};
