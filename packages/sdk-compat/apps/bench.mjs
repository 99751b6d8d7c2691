// The bench's remote function (packages/bench, scenario "remote"): the in-process one-step
// function's twin on inngest@4, served by the SDK's node adapter.
import { Inngest } from "inngest-v4";
import { serve } from "inngest-v4/node";
import { listen } from "./serve.mjs";

const inngest = new Inngest({ id: "bench-remote" });
const oneStep = inngest.createFunction(
  { id: "one-step", triggers: [{ event: "task/requested" }] },
  async ({ event, step }) => {
    const doubled = await step.run("double", () => Number(event.data.n) * 2);
    return { doubled };
  },
);
listen([{ path: "/api/inngest", handler: serve({ client: inngest, functions: [oneStep] }) }]);
