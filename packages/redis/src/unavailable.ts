import { StoreUnavailableError } from "@quell/core";

/** What a classification needs to know about the connection, to word its error. */
export interface Endpoint {
  /** e.g. `redis 127.0.0.1:6379`. */
  readonly name: string;
  /** The client's command timeout in ms, if it has one. */
  readonly commandTimeoutMs: number | undefined;
  /** What the connection last failed with (e.g. `connection refused (ECONNREFUSED)`), if anything. */
  readonly lastProblem: () => string | null;
}

// Socket errors: the connection could not be made or was cut.
const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection broken",
  ETIMEDOUT: "connection timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

// Error replies (their first word is the code, as the protocol defines) of a server that is up
// but refuses the command for a reason of its own, not the command's.
const REFUSALS: Readonly<Record<string, string>> = {
  LOADING: "loading its data set",
  MISCONF: "refusing writes: it cannot persist",
  READONLY: "refusing writes: it is a read-only replica",
  BUSY: "busy running a script",
  MASTERDOWN: "its primary is down",
  NOREPLICAS: "not enough replicas",
  TRYAGAIN: "asked to try again",
  CLUSTERDOWN: "the cluster is down",
};

// What ioredis itself raises when it has no connection to send on (it gives these no code).
const CLIENT_GAVE_UP = new Set([
  "Connection is closed.",
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Command aborted due to connection close",
  "Cluster isn't ready and enableOfflineQueue options is false",
]);

// ioredis' Cluster client, when the node that serves a slot is down: it follows redirections
// (MOVED, ASK) and refreshes the slots a few times, then gives up with one of these. A redirection
// that reaches the store is one it could not follow (the node it names does not answer).
const CLUSTER_GAVE_UP =
  /^(Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available)/;
const REDIRECTIONS = new Set(["MOVED", "ASK"]);

const describeSocket = (code: string): string => `${SOCKET_ERRORS[code] ?? code} (${code})`;

/**
 * A connection-level problem (from an ioredis `error` event) in words, or null if it is not one.
 * @example socketProblem(Object.assign(new Error(), { code: "ECONNREFUSED" })) // "connection refused (ECONNREFUSED)"
 */
export const socketProblem = (error: unknown): string | null => {
  const code = (error as { readonly code?: unknown } | null)?.code;
  return typeof code === "string" && code in SOCKET_ERRORS ? describeSocket(code) : null;
};

/**
 * The store-level meaning of an error ioredis raised: a `StoreUnavailableError` when the server
 * is unreachable, not answering, full or refusing; null for anything else (a script error, a
 * reply that does not decode), which stays what it was. Matching on ioredis' words happens
 * here, once, so that nothing above the adapter ever looks at a Redis message.
 */
export const toUnavailable = (error: unknown, endpoint: Endpoint): StoreUnavailableError | null => {
  if (!(error instanceof Error)) return null;
  const make = (reason: StoreUnavailableError["reason"], detail: string) =>
    new StoreUnavailableError(reason, endpoint.name, detail, { cause: error });
  const socket = socketProblem(error);
  if (socket !== null) return make("unreachable", socket);
  if (error.message === "Command timed out") {
    const within =
      endpoint.commandTimeoutMs === undefined
        ? "in time"
        : `within ${endpoint.commandTimeoutMs} ms`;
    return make("timeout", `no answer ${within}`);
  }
  if (error.name === "MaxRetriesPerRequestError" || CLIENT_GAVE_UP.has(error.message)) {
    return make("unreachable", endpoint.lastProblem() ?? "not connected");
  }
  if (error.name === "ClusterAllFailedError" || CLUSTER_GAVE_UP.test(error.message)) {
    return make("unreachable", `the cluster node of the namespace's slot: ${error.message}`);
  }
  if (error.name === "ReplyError") {
    const code = error.message.split(" ", 1)[0] ?? "";
    if (code === "OOM") return make("full", `out of memory (${error.message})`);
    // A cluster whose slot has no node serving it: any answer from it later proves it is back,
    // where a server refusing writes must prove it takes one again.
    if (REDIRECTIONS.has(code) || code === "CLUSTERDOWN" || code === "TRYAGAIN") {
      return make("unreachable", `the cluster node of the namespace's slot (${error.message})`);
    }
    const refusal = REFUSALS[code];
    if (refusal !== undefined) return make("refusing", `${refusal} (${error.message})`);
  }
  return null;
};
