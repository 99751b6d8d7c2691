import {
  compileExpression,
  invokeOp,
  Json,
  type Op,
  parseDuration,
  SerializedError,
} from "@quell/core";
import * as t from "io-ts";

/** An op as the SDK answers it in a 206 (INNGEST-PROTOCOL.md §4.4), as far as Quell reads it. */
export const SdkOp = t.intersection([
  t.type({ op: t.string, id: t.string }),
  t.partial({
    name: t.string,
    displayName: t.string,
    opts: t.UnknownRecord,
    data: t.unknown,
    error: t.unknown,
    userland: t.partial({ id: t.string, index: t.number }),
  }),
]);
export type SdkOp = t.TypeOf<typeof SdkOp>;

/** What the translation needs to know about the call. */
export interface OpContext {
  /** When the call began: relative sleeps and wait timeouts count from here. */
  readonly now: number;
  /** When to retry, from the answer's `Retry-After`, if it had one. */
  readonly retryAt: number | undefined;
}

const failed = (message: string): Op => ({
  op: "RunError",
  error: { name: "Error", message },
  retriable: false,
});

/** The error the SDK serialized, in Quell's shape (name, message, stack). */
export const sdkError = (value: unknown, fallback: string): SerializedError => {
  const decoded = SerializedError.decode(value);
  return decoded._tag === "Right" ? decoded.right : { name: "Error", message: fallback };
};

/** JSON as Quell keeps it (what `JSON.parse` gave is JSON; `undefined` is null). */
export const asJson = (value: unknown): Json => {
  const decoded = Json.decode(value ?? null);
  return decoded._tag === "Right" ? decoded.right : null;
};

/** The step's id as Quell names it: the user's id, `:n` for its n-th repeat. */
const stepId = (op: SdkOp): string => {
  const id = op.userland?.id ?? op.displayName ?? op.name ?? op.id;
  const index = op.userland?.index ?? 0;
  return index > 0 ? `${id}:${index}` : id;
};

/** A sleep's end: `name` is an ISO time (sleepUntil) or a duration (sleep), §4.4. */
const sleepUntil = (name: string, now: number): number | string => {
  if (name === "") {
    return "the SDK sent an empty duration (it loses compound durations such as 1h30m: write 90m)";
  }
  const duration = parseDuration(name);
  if (duration._tag === "Right") return now + duration.right;
  const at = Date.parse(name);
  return Number.isNaN(at) ? `"${name}" is neither a duration nor a time` : at;
};

/**
 * One SDK op in the core's vocabulary (SPEC §2). `StepFailed` is final and `StepError` retries,
 * whatever `X-Inngest-No-Retry` says (v3 and v4 disagree on the header, §11.2). A `step.sendEvent`
 * is a step like `step.run`: the app performs it when called for it.
 */
export const translateOp = (op: SdkOp, ctx: OpContext): Op => {
  const ref = { id: stepId(op), hash: op.id };
  const hint = ctx.retryAt === undefined ? {} : { retryAt: ctx.retryAt };
  switch (op.op) {
    case "StepPlanned":
      return { op: "StepPlanned", ...ref, kind: "run", events: [] };
    case "StepRun":
      return { op: "StepRun", ...ref, output: asJson(op.data) };
    case "StepError":
    case "StepFailed":
      return {
        op: "StepError",
        ...ref,
        error: sdkError(op.error, `step ${ref.id} failed`),
        retriable: op.op === "StepError",
        ...hint,
      };
    case "Sleep": {
      const until = sleepUntil(op.name ?? "", ctx.now);
      if (typeof until === "string") return failed(`step.sleep("${ref.id}"): ${until}`);
      return { op: "Sleep", ...ref, until };
    }
    case "WaitForEvent": {
      const where = `step.waitForEvent("${ref.id}")`;
      const timeout = parseDuration(String(op.opts?.timeout ?? ""));
      if (timeout._tag === "Left") return failed(`${where}: timeout: ${timeout.left}`);
      const expression = typeof op.opts?.if === "string" ? op.opts.if : null;
      const compiled = expression === null ? null : compileExpression(expression);
      if (compiled?._tag === "Left") {
        return failed(
          `${where}: if: ${compiled.left.message} at position ${compiled.left.position}`,
        );
      }
      return {
        op: "WaitForEvent",
        ...ref,
        event: op.name ?? "",
        if: expression,
        timeoutAt: ctx.now + timeout.right,
      };
    }
    case "RunComplete":
      return { op: "RunComplete", output: asJson(op.data) };
    case "InvokeFunction": {
      // `opts.function_id` is the invoked function's slug, `opts.payload.data` its event's data,
      // `opts.timeout` a duration (§4.4). The SDK has no cascade option: Quell's default applies.
      const opts = op.opts ?? {};
      const payload = opts.payload;
      const data =
        typeof payload === "object" && payload !== null && "data" in payload
          ? (payload as { data?: unknown }).data
          : undefined;
      const invoked = invokeOp(
        ref,
        {
          function: typeof opts.function_id === "string" ? opts.function_id : "",
          data: (data ?? {}) as Record<string, unknown>,
          ...(typeof opts.timeout === "string" ? { timeout: opts.timeout } : {}),
        },
        ctx.now,
      );
      return invoked._tag === "Right"
        ? invoked.right
        : failed(`step.invoke("${ref.id}"): ${invoked.left}`);
    }
    default:
      return failed(`step ${ref.id}: the SDK op ${op.op} is not supported by Quell`);
  }
};
