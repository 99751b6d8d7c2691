import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "@quell/redis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardPerTest } from "./support/dashboard";

// `quell start` checks keys: the page asks for the signing key and keeps it for the tab only.
const FIXTURE = fileURLToPath(new URL("./fixtures/examples.ts", import.meta.url));
const SIGNING_KEY = `signkey-prod-${"5e".repeat(32)}`;
const EVENT_KEY = "ek_0123456789abcdefghijklmnop";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const dashboard = dashboardPerTest(() => [
  "start",
  FIXTURE,
  "--redis",
  redis.url,
  "--port",
  "0",
  "--event-key",
  EVENT_KEY,
  "--signing-key",
  SIGNING_KEY,
]);

describe("the dashboard under quell start", () => {
  it("asks for the signing key, refuses a wrong one, and keeps the right one for the session", async () => {
    const page = await dashboard.browser.open(dashboard.url);
    const key = page.getByLabel("Signing key");
    await key.fill("signkey-prod-wrong");
    await page.getByRole("button", { name: "Open the dashboard" }).click();
    await page.getByRole("alert").getByText("signing key not recognised").waitFor();

    await key.fill(SIGNING_KEY);
    await page.getByRole("button", { name: "Open the dashboard" }).click();
    await page.getByRole("heading", { name: "Runs" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("quell.signingKey"))).toBe(SIGNING_KEY);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // A reload keeps it (same tab); forgetting it asks again.
    await page.reload();
    await page.getByRole("heading", { name: "Runs" }).waitFor();
    await page.getByRole("button", { name: "Forget key" }).click();
    await page.getByLabel("Signing key").waitFor();
  });
});
