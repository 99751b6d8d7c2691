// POST /fn/register (the official SDK's sync, INNGEST-PROTOCOL.md §3.2) and GET /v1/apps.
import type { AppView, BulkCancellationView, FunctionView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { EVENT_KEY, HASHED_SIGNING_KEY, SIGNING_KEY } from "./support/keys";
import { stores, type TestServerOptions, useServers } from "./support/server";

const open = useServers();
const serve = "http://127.0.0.1:3939/api/inngest";

/** The register body inngest@4.24.0 posts for the newsletter app (captured, shortened). */
const registerBody = (overrides: Record<string, unknown> = {}) => ({
  url: `${serve}?deployId=dep-1`,
  deployType: "ping",
  framework: "nodejs",
  appName: "mailer-app",
  sdk: "js:v4.24.0",
  v: "0.1",
  deployId: "dep-1",
  capabilities: { trust_probe: "v1", connect: "v1" },
  featureObservations: { sendEvents: {} },
  functions: [
    {
      id: "mailer-app-import-all-contacts",
      name: "import-all-contacts",
      triggers: [{ event: "contacts/import.requested" }],
      steps: {
        step: {
          id: "step",
          name: "step",
          runtime: {
            type: "http",
            url: `${serve}?deployId=dep-1&fnId=mailer-app-import-all-contacts&stepId=step`,
          },
        },
      },
      cancel: [
        { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
      ],
      ...overrides,
    },
  ],
});

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  it("syncs an app as the SDK expects ({ ok, modified }), and lists it with its functions", async () => {
    const s = await server();
    const sdk = { authorization: "Bearer undefined" }; // what the SDK sends in dev mode
    const first = await s.request("POST", "/fn/register?deployId=dep-1", {
      json: registerBody(),
      headers: sdk,
    });
    expect(first).toEqual({ status: 200, body: { ok: true, modified: true } });
    const again = await s.request("POST", "/fn/register", { json: registerBody(), headers: sdk });
    expect(again).toEqual({ status: 200, body: { ok: true, modified: false } });
    const apps = await s.data<AppView[]>("GET", "/v1/apps");
    expect(apps).toEqual([
      {
        id: "mailer-app",
        url: serve,
        sdk: "js:v4.24.0",
        framework: "nodejs",
        synced_at: expect.any(String),
        error: null,
        functions: [{ function_id: "mailer-app-import-all-contacts", name: "import-all-contacts" }],
      },
    ]);
    const functions = await s.data<FunctionView[]>("GET", "/v1/functions");
    expect(functions.find((fn) => fn.app_id === "mailer-app")).toMatchObject({
      function_id: "mailer-app-import-all-contacts",
      id: "import-all-contacts",
      retries: 4,
      cancel_on: [{ event: "contacts/import.cancelled", match: null }],
    });
  });

  it("refuses an option Quell does not implement with { error, status: 400 } naming function and option", async () => {
    const s = await server();
    const refused = await s.request("POST", "/fn/register", {
      json: registerBody({ concurrency: [{ limit: 1 }] }),
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        status: 400,
        path: "body.functions",
        error:
          'body.functions: function "mailer-app-import-all-contacts": concurrency is not supported by Quell yet',
      },
    });
    const [app] = await s.data<AppView[]>("GET", "/v1/apps");
    expect(app).toMatchObject({ id: "mailer-app", functions: [] });
    expect(app?.error).toContain("concurrency is not supported");
    const bad = await s.request("POST", "/fn/register", {
      json: registerBody({ cancel: [{ event: "x", if: "async.data ==" }] }),
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(
      /function "mailer-app-import-all-contacts": cancelOn\[0\]\.if: /,
    );
    const malformed = await s.request("POST", "/fn/register", { json: { url: 1 } });
    expect(malformed.status).toBe(400);
    expect((malformed.body as { path: string }).path).toMatch(/^body\./);
  });

  it("a bulk cancellation's bare function_id with app_id resolves to the app's function", async () => {
    const s = await server();
    await s.request("POST", "/fn/register", { json: registerBody() });
    const bulk = await s.data<BulkCancellationView>("POST", "/v1/cancellations", {
      json: {
        app_id: "mailer-app",
        function_id: "import-all-contacts",
        started_before: "2024-01-01T00:00:00Z",
      },
    });
    expect(bulk.function_id).toBe("mailer-app-import-all-contacts");
  });
});

describe("production mode", () => {
  it("accepts the SDK's hashed signing key on /fn/register and refuses a wrong one", async () => {
    const s = await open({
      mode: "production",
      eventKeys: [EVENT_KEY],
      signingKeys: [SIGNING_KEY],
    });
    const wrong = await s.request("POST", "/fn/register", {
      json: registerBody(),
      headers: { authorization: `Bearer signkey-prod-${"0".repeat(64)}` },
    });
    expect(wrong.status).toBe(401);
    const ok = await s.request("POST", "/fn/register", {
      json: registerBody(),
      headers: { authorization: `Bearer ${HASHED_SIGNING_KEY}` },
    });
    expect(ok).toEqual({ status: 200, body: { ok: true, modified: true } });
  });
});
