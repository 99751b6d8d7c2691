import { type FunctionView, toFunctionView } from "@quell/core";
import type { FastifyInstance } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import { needs } from "../auth";
import { EmptyBody, PauseBody, SlugParams } from "../codecs";
import { decode } from "../decode";
import type { HttpError } from "../http-error";
import { operation } from "../operations";
import { call, envelope, type RouteContext, route } from "../respond";

/**
 * The functions as the engine shows them; without that operation, none is paused. A store that
 * is unavailable answers 503: which functions are paused is then unknown, not "none".
 */
const functionViews = (ctx: RouteContext): TE.TaskEither<HttpError, readonly FunctionView[]> => {
  const unpaused = (): readonly FunctionView[] =>
    ctx.functions.map((fn) => toFunctionView(fn, false));
  const list = operation(ctx.engine, "functions");
  if (list._tag === "Left") return TE.right(unpaused());
  return pipe(
    call(ctx, () => list.right()),
    TE.orElse((error) =>
      error._tag === "Unavailable"
        ? TE.left(error)
        : TE.right<HttpError, readonly FunctionView[]>(unpaused()),
    ),
  );
};

/** Registered functions, and pausing / resuming them (SPEC §4.6). */
export const functionRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.get(
    "/v1/functions",
    needs("signingKey"),
    route(ctx, () =>
      pipe(
        functionViews(ctx),
        TE.map((views) => envelope(ctx, "listFunctions", views, { count: views.length })),
      ),
    ),
  );

  app.post(
    "/v1/functions/:slug/pause",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(SlugParams, request.params, "params"))),
        TE.bind("body", () => TE.fromEither(decode(PauseBody, request.body, "body"))),
        TE.bind("pause", () => TE.fromEither(operation(ctx.engine, "pauseFunction"))),
        TE.chain(({ params, body, pause }) =>
          call(ctx, () =>
            pause(
              params.slug,
              body?.cancel_running === undefined ? {} : { cancelRunning: body.cancel_running },
            ),
          ),
        ),
        TE.map((result) => envelope(ctx, "pauseFunction", result)),
      ),
    ),
  );

  app.post(
    "/v1/functions/:slug/resume",
    needs("signingKey"),
    route(ctx, (request) =>
      pipe(
        TE.Do,
        TE.bind("params", () => TE.fromEither(decode(SlugParams, request.params, "params"))),
        TE.bind("body", () => TE.fromEither(decode(EmptyBody, request.body, "body"))),
        TE.bind("resume", () => TE.fromEither(operation(ctx.engine, "resumeFunction"))),
        TE.chain(({ params, resume }) => call(ctx, () => resume(params.slug))),
        TE.map((result) => envelope(ctx, "resumeFunction", result)),
      ),
    ),
  );
};
