import type { HttpError } from "./http-error";

/** Names that always mean this machine: a DNS answer cannot point them elsewhere. */
const LOOPBACK_HOST =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** `example.com:8288` → `example.com`; `[::1]:8288` → `[::1]`. */
const hostname = (host: string): string => {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.split(":")[0] ?? host;
};

/**
 * DNS rebinding protection for `quell dev`, which accepts any key: a page on another origin can
 * make a victim's browser resolve its own name to 127.0.0.1, but the browser still sends that
 * name as `Host`. So dev answers only requests whose Host (and, for an absolute-form request
 * line, whose URL host) is a loopback name. A request without Host (HTTP/1.0) comes from no
 * browser and passes.
 */
export const hostRefusal = (host: string | undefined, requestTarget: string): HttpError | null => {
  const hosts = [host ?? ""];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(requestTarget)) {
    try {
      hosts.push(new URL(requestTarget).host);
    } catch {
      hosts.push(requestTarget);
    }
  }
  const foreign = hosts.find((h) => h !== "" && !LOOPBACK_HOST.test(hostname(h)));
  return foreign === undefined
    ? null
    : {
        _tag: "Forbidden",
        message: `host "${foreign}" is not a loopback name: quell dev answers only localhost, 127.0.0.1 and [::1] (DNS rebinding protection); use quell start to serve other hosts`,
      };
};
