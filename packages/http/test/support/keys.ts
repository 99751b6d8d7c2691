import { createHash } from "node:crypto";

/** Keys of the forms `quell start` accepts (see src/server/keys.ts). */
export const SIGNING_KEY = `signkey-prod-${"5e".repeat(32)}`;
export const EVENT_KEY = "ek_0123456789abcdefghijklmnop";

/** What the official SDK sends for SIGNING_KEY (INNGEST-PROTOCOL.md §7.3), computed independently. */
export const HASHED_SIGNING_KEY = `signkey-prod-${createHash("sha256")
  .update(Buffer.from("5e".repeat(32), "hex"))
  .digest("hex")}`;
