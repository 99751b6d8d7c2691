import { paths } from "./paths";
import { schemas } from "./schemas";

/** The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Quell HTTP API",
    version: "0.1.0",
    description:
      "Durable functions with cancellation done right. Paths follow the seeds' system, so its users' scripts work. " +
      "Successes under /v1 are `{ data, metadata }`; errors are `{ error, status }`.",
  },
  servers: [{ url: "http://127.0.0.1:8288", description: "quell dev" }],
  security: [{ signingKey: [] }],
  components: {
    securitySchemes: {
      signingKey: {
        type: "http",
        scheme: "bearer",
        description: "A signing key; dev mode accepts any (or none)",
      },
    },
    schemas,
  },
  paths,
} as const;
