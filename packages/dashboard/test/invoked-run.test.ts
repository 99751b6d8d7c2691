import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { runsOf, send } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

// A run that `step.invoke` started links to its parent, and when the parent's cancellation
// cascades to it, its cancellation record links to the parent run that caused it.
const FIXTURE = fileURLToPath(new URL("./fixtures/invoke.ts", import.meta.url));

const dashboard = dashboardPerTest(() => ["dev", FIXTURE, "--port", "0"]);

describe("the Run page of an invoked run", () => {
  it("links to its parent, and to the parent whose cancellation cascaded to it", async () => {
    const [eventId = ""] = await send(dashboard.url, "family/parent", {});
    const [parent] = await runsOf(dashboard.url, eventId);
    const parentId = parent?.id ?? "";
    const page = await dashboard.browser.open(`${dashboard.url}/#/runs?function=family-child`);
    const childLink = page.getByRole("link", { name: /^[0-9A-Z]{26}$/ }).first();
    await childLink.click();
    const status = page.locator("dl").first();
    await status.getByText("Sleeping").waitFor();
    await status.getByRole("link", { name: parentId }).waitFor();

    await page.goto(`${dashboard.url}/#/runs/${parentId}`);
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("button", { name: "Yes, cancel the run" }).click();
    await page.locator("dl").first().getByText("Cancelled").waitFor();

    await page.goBack();
    await status.getByText("Cancelled").waitFor();
    const record = page.getByRole("region", { name: "Cancellation" });
    await record.getByText("parent").waitFor();
    await record.getByRole("link", { name: parentId }).click();
    await page.getByRole("heading", { name: `Run ${parentId}` }).waitFor();
  });
});
