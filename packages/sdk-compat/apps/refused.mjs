// An inngest@4 app with a function Quell cannot run as configured (flow control): its sync is
// refused with a 400 that names the function and the option, relayed by the SDK to the PUT.
import { Inngest } from "inngest-v4";
import { serve } from "inngest-v4/node";
import { listen } from "./serve.mjs";

const inngest = new Inngest({ id: "refused-app" });
const nightly = inngest.createFunction(
  { id: "nightly", concurrency: 1, triggers: [{ cron: "TZ=Europe/Paris 0 3 * * *" }] },
  async () => "ran",
);
listen([{ path: "/api/inngest", handler: serve({ client: inngest, functions: [nightly] }) }]);
