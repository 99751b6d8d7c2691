import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";
import { type FakeApp, startFakeApp } from "./support/fake-app";

const dashboard = dashboardPerTest();
let app: FakeApp | undefined;
beforeAll(async () => {
  app = await startFakeApp(() => dashboard.url, "mailer");
});
afterAll(() => app?.close());

describe("the Apps page", () => {
  it("lists a synced app with its functions, and Resync syncs it again", async () => {
    if (app === undefined) throw new Error("no app");
    app.functions = ["welcome"];
    expect((await app.sync()).status).toBe(200);
    const page = await dashboard.browser.open(`${dashboard.url}/#/apps`);
    const card = page.getByRole("article").filter({ has: page.getByText(app.url) });
    await card.getByText("Synced", { exact: true }).waitFor();
    await card.getByRole("link", { name: "mailer-welcome" }).waitFor();
    const before = await card.getByTestId("synced-at").textContent();

    // The app now has one more function: Resync PUTs its URL and it posts its new config.
    app.functions = ["welcome", "digest"];
    await card.getByRole("button", { name: "Resync mailer" }).click();
    await card.getByRole("link", { name: "mailer-digest" }).waitFor();
    expect(await card.getByTestId("synced-at").textContent()).not.toBe(before);
    await page.screenshot({ path: `${SCREENSHOTS}apps.png`, fullPage: true });

    await card.getByRole("link", { name: "mailer-digest" }).click();
    await page.getByRole("heading", { name: "digest" }).waitFor();
    expect(await page.getByRole("article").count()).toBe(1);
  });

  it("shows the 502 when the app does not answer", async () => {
    if (app === undefined) throw new Error("no app");
    const url = app.url;
    await app.close();
    const page = await dashboard.browser.open(`${dashboard.url}/#/apps`);
    const card = page.getByRole("article").filter({ has: page.getByText(url) });
    await card.getByRole("button", { name: "Resync mailer" }).click();
    await card.getByRole("alert").getByText(`app "mailer" at ${url} did not answer`).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}apps-unreachable.png`, fullPage: true });
  });
});
