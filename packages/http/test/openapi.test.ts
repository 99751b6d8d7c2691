import { Quell } from "@quell/core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../src/index";
import { toJsonSchema } from "../src/openapi/json-schema";
import { components, refs } from "../src/openapi/schemas";
import { answers, envelopeOf } from "../src/server/answers";
import { ListRunsQuery } from "../src/server/codecs";
import { assertDocumented } from "./support/openapi";
import { useServers } from "./support/server";

const server = useServers();

describe("GET /openapi.json", () => {
  it("serves the OpenAPI 3.1 document", async () => {
    const s = await server();
    const answer = await s.request<{ openapi: string; paths: object }>("GET", "/openapi.json");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    expect(answer.body.openapi).toBe("3.1.0");
  });

  it("documents exactly the routes the server has", async () => {
    const s = await server();
    await s.server.fastify.ready();
    const documented = Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
      Object.keys(item).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`,
      ),
    );
    for (const route of documented) {
      const [method, url] = route.split(" ") as [string, string];
      expect(s.server.fastify.hasRoute({ method: method as "GET", url }), route).toBe(true);
    }
    const registered = s.server.fastify
      .printRoutes({ commonPrefix: false })
      .split("\n")
      .filter((line) => line.includes("("));
    const methods = registered.flatMap((line) =>
      (line.match(/\(([^)]+)\)/)?.[1] ?? "").split(", "),
    );
    // The dashboard's pages (GET / and its built files) are not API operations.
    const pages = s.server.routes.filter(
      (r) => r.method === "GET" && (r.url === "/" || r.url.startsWith("/assets/")),
    );
    expect(pages.map((r) => r.access)).toContain("public");
    // Fastify adds HEAD for each GET; every other method is one documented operation or a page.
    expect(methods.filter((m) => m !== "HEAD")).toHaveLength(documented.length + pages.length);
  });
});

describe("the document", () => {
  it("is valid OpenAPI 3.1 (checked against the specification's own JSON Schema)", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });
});

describe("the response check itself", () => {
  it("rejects a body that does not match, and a status that is not documented", () => {
    expect(() =>
      assertDocumented("GET", "/v1/runs/x", 200, { data: { id: 1 }, metadata: {} }),
    ).toThrow(/does not match/);
    expect(() => assertDocumented("GET", "/v1/runs/x", 418, { error: "x", status: 418 })).toThrow(
      /not documented/,
    );
    expect(() =>
      assertDocumented("GET", "/v1/functions", 200, {
        data: [],
        metadata: { fetched_at: "2024-01-01T00:00:00Z", cached_until: null, extra: 1 },
      }),
    ).toThrow();
  });
});

describe("GET /v1/functions", () => {
  it("lists each function's slug, triggers and cancelOn (match shown with its CEL)", async () => {
    const s = await server();
    const functions = await s.data<Record<string, unknown>[]>("GET", "/v1/functions");
    const reminder = functions.find((f) => f.function_id === "reminders-app-schedule-reminder");
    expect(reminder).toEqual({
      function_id: "reminders-app-schedule-reminder",
      id: "schedule-reminder",
      app_id: "reminders-app",
      name: "schedule-reminder",
      triggers: [{ event: "tasks/reminder.created", if: null }],
      cancel_on: [
        {
          event: "tasks/reminder.deleted",
          match: "data.reminderId",
          if: expect.stringContaining("reminderId"),
          timeout: null,
        },
      ],
      retries: 4,
      paused: false,
      singleton: null,
      timeouts: { start_ms: null, finish_ms: null },
    });
    const cleanup = functions.find(
      (f) => f.function_id === "newsletter-app-cleanup-cancelled-import",
    );
    expect(cleanup?.triggers).toEqual([
      {
        event: "inngest/function.cancelled",
        if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
      },
    ]);
  });
});

describe("GET /v1/functions: triggers and onFailure", () => {
  it("shows every trigger, crons included, and each onFailure's <slug>-failure function", async () => {
    const quell = new Quell({ id: "reminders-app" });
    const nightly = quell.createFunction(
      { id: "nightly", onFailure: () => null },
      [{ cron: "TZ=Europe/Paris 0 3 * * *" }, { event: "app/nightly.now", if: "event.data.force" }],
      () => null,
    );
    const s = await server({ functions: [nightly] });
    const functions = await s.data<Record<string, unknown>[]>("GET", "/v1/functions");
    expect(functions.map((f) => f.function_id)).toEqual([
      "reminders-app-nightly",
      "reminders-app-nightly-failure",
    ]);
    expect(functions[0]?.triggers).toEqual([
      { cron: "TZ=Europe/Paris 0 3 * * *" },
      { event: "app/nightly.now", if: "event.data.force" },
    ]);
    expect(functions[1]).toMatchObject({
      name: "nightly (failure)",
      retries: 1,
      triggers: [
        {
          event: "inngest/function.failed",
          if: "event.data.function_id == 'reminders-app-nightly'",
        },
      ],
    });
  });
});

describe("the document is derived from the codecs", () => {
  const document = JSON.parse(JSON.stringify(openApiDocument)) as {
    components: { schemas: Record<string, unknown> };
    paths: Record<string, Record<string, OperationDoc>>;
  };
  interface OperationDoc {
    operationId: string;
    parameters?: { name: string; in: string }[];
    responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
  }
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));

  it("every named schema is the converter's output for its codec", () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual(Object.keys(components).sort());
    for (const [name, codec] of Object.entries(components)) {
      expect(document.components.schemas[name], name).toEqual(toJsonSchema(codec, refs));
    }
  });

  it("every /v1 answer is described by the codec its route encodes with", () => {
    const v1 = operations.filter((op) => op.operationId in answers);
    expect(v1.map((op) => op.operationId).sort()).toEqual(Object.keys(answers).sort());
    for (const op of v1) {
      const codec = answers[op.operationId as keyof typeof answers];
      expect(op.responses[200]?.content?.["application/json"].schema, op.operationId).toEqual(
        toJsonSchema(envelopeOf(codec), refs),
      );
    }
  });

  it("the runs query is described by the codec that decodes it", () => {
    const listRuns = operations.find((op) => op.operationId === "listRuns");
    const fields = toJsonSchema(ListRunsQuery, refs) as { properties: object };
    expect(listRuns?.parameters?.map((p) => p.name)).toEqual(Object.keys(fields.properties));
  });

  it("every reference names a schema the document has", () => {
    const text = JSON.stringify(document);
    const names = [...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(document.components.schemas, name).toHaveProperty(name ?? "");
  });

  it("names every field of every schema in snake_case", () => {
    const fields: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item);
        return;
      }
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "properties") fields.push(...Object.keys(value as object));
        walk(value);
      }
    };
    walk(document.components.schemas);
    walk(operations.map((op) => op.responses));
    expect(fields.length).toBeGreaterThan(50);
    expect(fields.filter((field) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(field))).toEqual([]);
  });
});
