import { isStoreUnavailable } from "@quell/core";
import type { HealthCheck } from "@quell/engine";
import type { FastifyInstance } from "fastify";
import { needs } from "../auth";
import { headersOf, unavailable } from "../http-error";
import type { RouteContext } from "../respond";

/** A check in the body: `"ok"`, or what is wrong (e.g. `redis 127.0.0.1:6379: connection refused`). */
const describe = (check: HealthCheck): string => {
  if (check._tag === "Ok") return "ok";
  const { error } = check;
  if (isStoreUnavailable(error)) return `${error.store}: ${error.detail}`;
  return error instanceof Error ? error.message : String(error);
};

/**
 * `GET /health` (SPEC §6): 200 `{ status: "ok", checks: { store: "ok" } }` when the store
 * answers; otherwise 503 in the usual error shape, naming what is down, with the checks and a
 * `Retry-After`. It asks the store each time (a PING; a small write while the store is known to
 * be full), so it tells the state now, not the last request's.
 */
export const healthRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  app.get("/health", needs("public"), async (_request, reply) => {
    const health = await ctx.engine.health();
    const checks = { store: describe(health.store) };
    if (health.store._tag === "Ok") return reply.code(200).send({ status: "ok", checks });
    const { error } = health.store;
    const down = isStoreUnavailable(error)
      ? unavailable(error)
      : { _tag: "Unavailable" as const, message: `store: ${checks.store}`, retryAfterSeconds: 1 };
    return reply
      .code(503)
      .headers(headersOf(down))
      .send({ error: down.message, status: 503, checks });
  });
};
