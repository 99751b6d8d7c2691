// step.invoke and the cascade over HTTP: the run view shows the child's parent and the
// cancellation with source `parent`, on both stores (every answer is checked against the
// OpenAPI document and the wire rules).
import { Quell, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { runDetails } from "../src/cli/format";
import { stores, useServers } from "./support/server";

const quell = new Quell({ id: "shop" });
const charge = quell.createFunction(
  { id: "charge" },
  { event: "shop/charge" },
  async ({ step }) => {
    await step.sleep("wait-for-bank", "1d");
    return "charged";
  },
);
const fulfil = quell.createFunction(
  { id: "fulfil" },
  { event: "shop/order.placed" },
  ({ event, step }) =>
    step.invoke("charge", { function: charge, data: { orderId: event.data.orderId } }),
);

const open = useServers();

describe.each(stores)("%s store", (store) => {
  it("DELETE of a parent cancels its invoked child: source parent, naming the parent; the child shows its parent", async () => {
    const s = await open({ store, functions: [fulfil, charge] });
    const [id] = await s.send({ name: "shop/order.placed", data: { orderId: "o1" } });
    const parent = await s.runOf(id);
    expect(parent.status).toBe("Waiting");
    expect(parent.timeline.map((e) => e.type)).toContain("invoking");
    const [child] = await s.data<RunView[]>("GET", "/v1/runs?function_id=shop-charge");
    expect(child).toMatchObject({
      status: "Sleeping",
      parent: { run_id: parent.id, cascade: "cancel" },
      event: { name: "inngest/function.invoked", data: { orderId: "o1" } },
    });

    const cancelled = await s.request("DELETE", `/v1/runs/${parent.id}`, {
      json: { reason: "out of stock" },
    });
    expect(cancelled.status).toBe(200);
    await s.settle();
    const after = await s.data<RunView>("GET", `/v1/runs/${child?.id}`);
    expect(after).toMatchObject({
      status: "Cancelled",
      cancellation: {
        source: "parent",
        at: "2024-01-01T00:00:00.000Z",
        caused_by_run_id: parent.id,
      },
    });
    expect(after.timeline.find((e) => e.type === "cancel.requested")?.detail).toBe(
      `parent, run ${parent.id}`,
    );
    // `quell run <id>` shows both.
    const shown = runDetails(after);
    expect(shown).toContain(`invoked by ${parent.id}\n`);
    expect(shown).toContain(`cancelled parent (${parent.id}) at 2024-01-01T00:00:00.000Z`);
  });

  it("refuses a user event named inngest/function.invoked: only step.invoke starts a child", async () => {
    const s = await open({ store, functions: [fulfil, charge] });
    const answer = await s.request("POST", "/e/test-key", {
      json: { name: "inngest/function.invoked", data: { _inngest: { fn_id: "shop-charge" } } },
    });
    expect(answer.status).toBe(400);
    expect(await s.data<RunView[]>("GET", "/v1/runs")).toEqual([]);
  });
});
