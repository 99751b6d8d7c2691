import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";

/** The key the SDK verifies with: the signing key without `signkey-<env>-`, as text (§7.2). */
const hmacKey = (signingKey: string): string => signingKey.replace(/^signkey-\w+-/, "");

/**
 * The body Quell sends to an app: the JCS-canonical JSON (RFC 8785) of the request, so the
 * bytes sent are the bytes signed, whatever the SDK re-serializes.
 */
export const canonicalBody = (body: unknown): string => canonicalize(body) ?? "null";

/**
 * `X-Inngest-Signature` for a body Quell sends to an app (INNGEST-PROTOCOL.md §7.2):
 * `t=<unix seconds>&s=<hex HMAC-SHA256 of body + t>`, keyed with the signing key less its prefix.
 *
 * @example
 * signature(canonicalBody(request), "signkey-prod-12ab…", Date.now()) // "t=1764000000&s=9f…"
 */
export const signature = (body: string, signingKey: string, nowMs: number): string => {
  const t = Math.floor(nowMs / 1000);
  const s = createHmac("sha256", hmacKey(signingKey)).update(`${body}${t}`).digest("hex");
  return `t=${t}&s=${s}`;
};
