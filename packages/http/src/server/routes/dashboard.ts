import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { needs } from "../auth";

/**
 * Where the dashboard's built pages are (docs/dashboard.md): beside the bundle in the published
 * package (`dist/dashboard/`, copied there by tsdown), or the dashboard package's build in the
 * repository (`pnpm install` builds it, its `prepare` script).
 */
const CANDIDATES = [
  new URL("./dashboard/", import.meta.url),
  new URL("../../../../dashboard/dist/dashboard/", import.meta.url),
];

export const dashboardRoot = (): string | null => {
  for (const url of CANDIDATES) {
    const path = fileURLToPath(url);
    if (existsSync(`${path}index.html`)) return path;
  }
  return null;
};

const NOT_BUILT =
  "<!doctype html><title>Quell</title><p>The dashboard is not built: run " +
  "<code>pnpm --filter @quell/dashboard build</code>. The API is at /v1 (see /openapi.json).</p>";

/**
 * The dashboard at `/`: one public route per built file, listed when the server starts, so an
 * unknown path still answers the API's 404 (and needs a key in production, see `Access`). The
 * pages hold no data: everything they show comes from `/v1`, which checks the key.
 */
export const dashboardRoutes = (app: FastifyInstance, root: string | null = dashboardRoot()) => {
  if (root === null) {
    app.get("/", needs("public"), async (_request, reply) =>
      reply.type("text/html").send(NOT_BUILT),
    );
    return;
  }
  app.register(fastifyStatic, { root, serve: false });
  app.get("/", needs("public"), (_request, reply) =>
    reply.header("cache-control", "no-cache").sendFile("index.html"),
  );
  // Vite names each asset by its content's hash, so a browser may keep it for good.
  const assets = existsSync(`${root}assets`) ? readdirSync(`${root}assets`) : [];
  for (const file of assets) {
    app.get(`/assets/${file}`, needs("public"), (_request, reply) =>
      reply.sendFile(`assets/${file}`, { maxAge: "365d", immutable: true }),
    );
  }
};
