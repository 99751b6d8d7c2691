import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP endpoint a step can wait on: each request is held until `release()`, and `reached`
 * resolves at the first one (the step is in flight). After `release()` it answers at once.
 */
export const startGate = async () => {
  const held: ServerResponse[] = [];
  let open = false;
  let reach: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const server = createServer((_request, response) => {
    reach();
    if (open) response.end("released");
    else held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gate`,
    reached,
    release: () => {
      open = true;
      for (const response of held.splice(0)) response.end("released");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
