// Serves inngest clients with the SDK's own node adapter on plain node:http, one path per
// client, on the port in $PORT (0: any free one); prints the serve URLs once listening.
import { createServer } from "node:http";

/** `apps`: [{ path, handler }] where handler is the SDK's `serve(...)` for one client. */
export const listen = (apps) => {
  const server = createServer((req, res) => {
    const app = apps.find(({ path }) => req.url === path || req.url?.startsWith(`${path}?`));
    if (app !== undefined) return app.handler(req, res);
    res.statusCode = 404;
    res.end("not found");
  });
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    const { port } = server.address();
    for (const { path } of apps) console.log(`app listening on http://127.0.0.1:${port}${path}`);
    console.log("app ready");
  });
  process.on("SIGTERM", () => process.exit(0));
};
