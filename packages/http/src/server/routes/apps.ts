import type { FastifyInstance } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { mapRegisterBody } from "../../inngest/config-mapping";
import { RegisterBody } from "../../inngest/register-body";
import { RegisterAnswer } from "../answers";
import { needs } from "../auth";
import { decode } from "../decode";
import { invalidInput } from "../http-error";
import { call, envelope, type RouteContext, route } from "../respond";

/**
 * `POST /fn/register`, where the official SDK syncs an app (INNGEST-PROTOCOL.md §3.2), and
 * `GET /v1/apps`. A refused sync answers 400 `{ error, status }`: the SDK reads both from the
 * body and relays `error` to whoever sent the PUT.
 */
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
};
