import type { QuellFunction } from "@quell/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import type * as t from "io-ts";
import { type AnswerOf, answers, Metadata } from "./answers";
import {
  fromThrown,
  type HttpError,
  headersOf,
  notFound,
  statusOf,
  toErrorBody,
} from "./http-error";
import type { ServerEngine } from "./operations";

/** What every route sees: the engine, the registered functions, and the edge's settings. */
export interface RouteContext {
  readonly engine: ServerEngine;
  readonly functions: readonly QuellFunction[];
  readonly bodyLimit: number;
  readonly now: () => number;
  /** Where genuine server faults are reported (never the response). */
  readonly reportFault: (error: unknown) => void;
}

/** A successful response: its status (default 200) and body. */
export interface Ok {
  readonly status?: number;
  readonly body: unknown;
}

export type Handler = (request: FastifyRequest) => TE.TaskEither<HttpError, Ok>;

/**
 * `{ data, metadata }`, the shape of every successful `/v1` response: `data` encoded with the
 * codec of the operation's answer (the one the OpenAPI document describes it by).
 */
export const envelope = <K extends keyof AnswerOf>(
  ctx: RouteContext,
  operation: K,
  data: t.TypeOf<AnswerOf[K]>,
  metadata: Pick<Metadata, "count" | "cursor"> = {},
): Ok => ({
  body: {
    data: (answers[operation] as t.Type<t.TypeOf<AnswerOf[K]>>).encode(data),
    metadata: Metadata.encode({
      fetched_at: new Date(ctx.now()).toISOString(),
      cached_until: null,
      ...metadata,
    }),
  },
});

/**
 * Call the engine, turning what it throws into an `HttpError` (see `fromThrown`). `fieldsIn`
 * names where the route read the engine's input from, to prefix the fields it rejects.
 */
export const call = <A>(
  ctx: RouteContext,
  thunk: () => Promise<A>,
  fieldsIn?: string,
): TE.TaskEither<HttpError, A> =>
  TE.tryCatch(thunk, (error) =>
    fromThrown(error, {
      bodyLimit: ctx.bodyLimit,
      ...(fieldsIn === undefined ? {} : { fieldsIn }),
    }),
  );

/** `call` for a read that answers null when nothing has the id: that null is a 404 naming `what`. */
export const callFound = <A>(
  ctx: RouteContext,
  thunk: () => Promise<A | null>,
  what: string,
): TE.TaskEither<HttpError, A> =>
  pipe(
    call(ctx, thunk),
    TE.chain((found) =>
      found === null ? TE.left(notFound(`${what} not found`)) : TE.right(found),
    ),
  );

export const sendError = (reply: FastifyReply, error: HttpError): FastifyReply =>
  reply.code(statusOf(error)).headers(headersOf(error)).send(toErrorBody(error));

/** Adapt a handler to Fastify: run it and send its result or its error. */
export const route =
  (ctx: RouteContext, handler: Handler) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const result = await handler(request)();
    if (result._tag === "Left") {
      if (result.left._tag === "Internal") ctx.reportFault(result.left.cause);
      return sendError(reply, result.left);
    }
    return reply.code(result.right.status ?? 200).send(result.right.body);
  };
