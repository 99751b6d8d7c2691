// POST /v1/apps/:id/resync: the server PUTs the app's serve URL, the app posts its config to
// /fn/register (as the SDK does, INNGEST-PROTOCOL.md §3.2), the route answers the app after it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AppView } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { stores, type TestServer, useServers } from "./support/server";

const open = useServers();
const apps: Server[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await new Promise((done) => app.close(done));
});

const registerBody = (serve: string, functions: readonly string[]) => ({
  url: serve,
  deployType: "ping",
  framework: "nodejs",
  appName: "mailer-app",
  sdk: "js:v4.24.0",
  v: "0.1",
  functions: functions.map((name) => ({
    id: `mailer-app-${name}`,
    name,
    triggers: [{ event: `mail/${name}` }],
    steps: {
      step: {
        id: "step",
        name: "step",
        runtime: { type: "http", url: `${serve}?fnId=mailer-app-${name}&stepId=step` },
      },
    },
  })),
});

/**
 * A stand-in for an SDK app: on `PUT` it posts the functions `next()` names to the server's
 * `/fn/register` and relays the answer as the SDK does (`{ message, modified }`).
 */
const startApp = async (quell: TestServer, next: () => readonly string[]): Promise<string> => {
  const app = createServer(async (request, response) => {
    if (request.method !== "PUT") return void response.writeHead(405).end();
    const answer = await quell.request<{ modified?: boolean; error?: string }>(
      "POST",
      "/fn/register",
      { json: registerBody(serve, next()) },
    );
    const ok = answer.status === 200;
    response.writeHead(ok ? 200 : 500, { "content-type": "application/json" }).end(
      JSON.stringify({
        message: ok ? "Successfully registered" : answer.body.error,
        modified: answer.body.modified === true,
      }),
    );
  });
  apps.push(app);
  await new Promise<void>((done) => app.listen(0, "127.0.0.1", done));
  const serve = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  return serve;
};

describe.each(stores)("%s store", (store) => {
  it("PUTs the app's URL and answers the app as synced again, with its new functions", async () => {
    const s = await open({ store });
    let functions = ["welcome"];
    const serve = await startApp(s, () => functions);
    await s.request("POST", "/fn/register", { json: registerBody(serve, functions) });
    const [before] = await s.data<AppView[]>("GET", "/v1/apps");
    functions = ["welcome", "digest"];
    await s.advance("1m");
    const after = await s.data<AppView>("POST", "/v1/apps/mailer-app/resync");
    expect(after).toMatchObject({ id: "mailer-app", url: serve, error: null });
    expect(after.functions.map((fn) => fn.name)).toEqual(["welcome", "digest"]);
    expect(Date.parse(after.synced_at)).toBeGreaterThan(Date.parse(before?.synced_at ?? ""));
    expect(await s.data<AppView[]>("GET", "/v1/apps")).toEqual([after]);
  });

  it("answers 502 naming the URL when the app does not answer, 404 for an unknown app", async () => {
    const s = await open({ store });
    const serve = await startApp(s, () => ["welcome"]);
    await s.request("POST", "/fn/register", { json: registerBody(serve, ["welcome"]) });
    await new Promise((done) => apps.pop()?.close(done));
    const down = await s.request("POST", "/v1/apps/mailer-app/resync");
    expect(down.status).toBe(502);
    expect(down.body).toEqual({
      status: 502,
      error: expect.stringContaining(`app "mailer-app" at ${serve} did not answer`),
    });
    const unknown = await s.request("POST", "/v1/apps/nope/resync");
    expect(unknown).toEqual({
      status: 404,
      body: { status: 404, error: 'no app has the id "nope"' },
    });
  });

  it("answers 502 with the app's words when the sync it made was refused", async () => {
    const s = await open({ store });
    let functions = ["welcome"];
    const serve = await startApp(s, () => functions);
    await s.request("POST", "/fn/register", { json: registerBody(serve, functions) });
    functions = ["bad name!"];
    const refused = await s.request("POST", "/v1/apps/mailer-app/resync");
    expect(refused.status).toBe(502);
    expect((refused.body as { error: string }).error).toContain(`at ${serve} answered 500:`);
    const [app] = await s.data<AppView[]>("GET", "/v1/apps");
    expect(app?.error).not.toBeNull();
  });
});
