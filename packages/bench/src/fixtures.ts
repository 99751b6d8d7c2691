import { Quell, type QuellFunction } from "@quell/core";

/** The app every scenario's functions belong to. */
export const APP = new Quell({ id: "bench" });

export const ORDER_CREATED = "order/created";
export const ORDER_CANCELLED = "order/cancelled";
export const TASK_REQUESTED = "task/requested";

/** Virtual time the scenarios start at: nothing sleeping ever wakes during a measurement. */
export const T0 = Date.UTC(2024, 0, 1);

/**
 * A run that sleeps for a day, cancelled by `order/cancelled` with the same `data.orderId`:
 * `match` gives the equality `event.data.orderId == async.data.orderId`, which is indexed (R7).
 */
export const sleeper: QuellFunction = APP.createFunction(
  { id: "sleeper", cancelOn: [{ event: ORDER_CANCELLED, match: "data.orderId" }] },
  { event: ORDER_CREATED },
  async ({ step }) => {
    await step.sleep("nap", "1d");
    return "woke";
  },
);

/**
 * The same run with an expression the index cannot use: membership in a list the cancel event
 * carries ("cancel these orders") has no equality to index on, so every listener of the event
 * name is evaluated per candidate (the fallback of SPEC R7).
 */
export const looseSleeper: QuellFunction = APP.createFunction(
  {
    id: "loose-sleeper",
    cancelOn: [{ event: ORDER_CANCELLED, if: "event.data.orderId in async.data.orderIds" }],
  },
  { event: ORDER_CREATED },
  async ({ step }) => {
    await step.sleep("nap", "1d");
    return "woke";
  },
);

/** A one-step function: run one step, complete. */
export const oneStep: QuellFunction = APP.createFunction(
  { id: "one-step" },
  { event: TASK_REQUESTED },
  async ({ event, step }) => {
    const doubled = await step.run("double", () => Number(event.data.n) * 2);
    return { doubled };
  },
);

/** The key of the `i`-th order: what its trigger carries and its cancel event names. */
export const orderId = (i: number): string => `order-${i}`;

export const created = (i: number) => ({ name: ORDER_CREATED, data: { orderId: orderId(i) } });
export const cancelled = (i: number) => ({ name: ORDER_CANCELLED, data: { orderId: orderId(i) } });
/** The cancel event `looseSleeper` listens for: a list of orders. */
export const cancelledAny = (i: number) => ({
  name: ORDER_CANCELLED,
  data: { orderIds: [orderId(i)] },
});
