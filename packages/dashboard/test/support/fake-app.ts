// A stand-in for an SDK app's serve endpoint: on `PUT` it posts a register body (the shape
// inngest@4 posts) to the server's `/fn/register` and relays the answer as the SDK does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeApp {
  /** Its serve URL. */
  readonly url: string;
  /** The functions the next sync reports. */
  functions: readonly string[];
  /** Post a sync now, as the SDK does after a PUT. */
  sync(): Promise<Response>;
  close(): Promise<void>;
}

export const startFakeApp = async (quell: () => string, appName: string): Promise<FakeApp> => {
  const body = (serve: string, functions: readonly string[]) => ({
    url: serve,
    deployType: "ping",
    framework: "nodejs",
    appName,
    sdk: "js:v4.24.0",
    v: "0.1",
    functions: functions.map((name) => ({
      id: `${appName}-${name}`,
      name,
      triggers: [{ event: `${appName}/${name}` }],
      steps: {
        step: {
          id: "step",
          name: "step",
          runtime: { type: "http", url: `${serve}?fnId=${appName}-${name}&stepId=step` },
        },
      },
    })),
  });
  const server = createServer(async (request, response) => {
    if (request.method !== "PUT") return void response.writeHead(405).end();
    const answer = await app.sync();
    const json = (await answer.json()) as { modified?: boolean; error?: string };
    response.writeHead(answer.ok ? 200 : 500, { "content-type": "application/json" }).end(
      JSON.stringify({
        message: json.error ?? "Successfully registered",
        modified: json.modified === true,
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
  const app: FakeApp = {
    url,
    functions: [],
    sync: () =>
      fetch(`${quell()}/fn/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body(url, app.functions)),
      }),
    close: () => new Promise((done) => server.close(() => done())),
  };
  return app;
};
