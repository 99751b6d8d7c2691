import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EVENT_KEY, HASHED_SIGNING_KEY, SIGNING_KEY } from "./support/keys";
import { raw } from "./support/raw";
import { type TestServer, useServers } from "./support/server";

const open = useServers();

/** Every route the server has, with its parameters filled in. */
const operations = (s: TestServer) =>
  s.server.routes.map((route) => ({
    method: route.method,
    path: route.url.replace(/:eventKey/, "not-a-key").replace(/:[a-z_]+/gi, "x"),
    public: route.access === "public",
  }));

const percentEncode = (segment: string): string =>
  [...segment].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");

/** The ways one path can be spelled so that a router still takes it to the same handler. */
const spellings = (path: string, base: string): string[] => {
  const [, first = "", ...rest] = path.split("/");
  const tail = rest.length === 0 ? "" : `/${rest.join("/")}`;
  return [
    `/${percentEncode(first)}${tail}`,
    `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`,
    `/${first.slice(0, -1)}%${first.charCodeAt(first.length - 1).toString(16)}${tail}`,
    `/${first.toUpperCase()}${tail}`,
    `/${first}${tail.toUpperCase()}`,
    `/${path.slice(1).toUpperCase()}`,
    `//${first}${tail}`,
    `/${first}/${tail}`,
    `/./${first}${tail}`,
    `/${first}/../${first}${tail}`,
    `/%2e/${first}${tail}`,
    `/${first}/%2e%2e/${first}${tail}`,
    `${path}/`,
    `${path};x`,
    `${path}?x=1`,
    `${base}${path}`,
    `http://evil.example${path}`,
    `${base}/${percentEncode(first)}${tail}`,
  ];
};

const production = async (): Promise<TestServer> =>
  open({ mode: "production", eventKeys: [EVENT_KEY], signingKeys: [SIGNING_KEY] });

describe("authorization is decided on the route that matched", () => {
  it("every protected route, however its path is spelled, answers 401 without a key", async () => {
    const s = await production();
    let tried = 0;
    for (const operation of operations(s).filter((o) => !o.public)) {
      for (const spelling of spellings(operation.path, s.url)) {
        const answer = await raw(s.url, `${operation.method} ${spelling} HTTP/1.1`);
        expect(answer.status, `${operation.method} ${spelling}: ${answer.body}`).toBe(401);
        if (operation.method !== "HEAD")
          expect(JSON.parse(answer.body)).toMatchObject({ status: 401 });
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThan(200);
    expect(await s.snapshot()).toMatchObject({ runs: [], cancellations: [] });
  });

  it("HEAD and unknown methods are refused without a key too", async () => {
    const s = await production();
    for (const line of ["HEAD /v1/runs", "HEAD /%761/runs", "OPTIONS /v1/runs", "PATCH /v1/runs"]) {
      expect((await raw(s.url, `${line} HTTP/1.1`)).status, line).toBe(401);
    }
  });

  it("an unknown path is 401 without a key and 404 with one", async () => {
    const s = await production();
    expect((await raw(s.url, "GET /nothing-here HTTP/1.1")).status).toBe(401);
    const known = await raw(s.url, "GET /nothing-here HTTP/1.1", {
      Authorization: `Bearer ${SIGNING_KEY}`,
    });
    expect(known.status).toBe(404);
  });

  it("the event key is read from the route's parameter, decoded", async () => {
    const s = await production();
    expect((await raw(s.url, `POST /%65/${EVENT_KEY} HTTP/1.1`)).status).toBe(200);
    expect((await raw(s.url, `POST /e/${percentEncode(EVENT_KEY)} HTTP/1.1`)).status).toBe(200);
    expect((await raw(s.url, "POST /%65/anything HTTP/1.1")).status).toBe(401);
    expect((await raw(s.url, "POST /e/ HTTP/1.1")).status).toBe(401);
    // A signing key is not an event key.
    expect((await raw(s.url, `POST /e/${SIGNING_KEY} HTTP/1.1`)).status).toBe(401);
  });

  it("public routes need no key", async () => {
    const s = await production();
    for (const operation of operations(s).filter((o) => o.public)) {
      expect((await raw(s.url, `GET ${operation.path} HTTP/1.1`)).status, operation.path).toBe(200);
    }
  });
});

describe("signing keys", () => {
  it("accepts the raw key and the SDK's hashed form, on any spelling of the path", async () => {
    const s = await production();
    for (const key of [SIGNING_KEY, HASHED_SIGNING_KEY]) {
      for (const path of ["/v1/runs", "/%761/runs", `${s.url}/v1/runs`]) {
        const answer = await raw(s.url, `GET ${path} HTTP/1.1`, { Authorization: `Bearer ${key}` });
        expect(answer.status, `${path} with ${key}`).toBe(200);
      }
    }
  });

  it("rejects keys that only look alike", async () => {
    const s = await production();
    const hashOfHash = `signkey-prod-${createHash("sha256")
      .update(Buffer.from(HASHED_SIGNING_KEY.slice(13), "hex"))
      .digest("hex")}`;
    for (const key of [
      hashOfHash,
      HASHED_SIGNING_KEY.replace("-prod-", "-test-"),
      SIGNING_KEY.slice(13),
      `${SIGNING_KEY}0`,
      "undefined",
      "",
    ]) {
      const answer = await raw(s.url, "GET /v1/runs HTTP/1.1", { Authorization: `Bearer ${key}` });
      expect(answer.status, key).toBe(401);
    }
  });
});
