import type { InFlightStep, Op, SerializedError } from "@quell/core";
import * as t from "io-ts";
import { asJson, SdkOp, sdkError, translateOp } from "./sdk-op";

/** What an app answered a call: its status, `Retry-After`, and body text. */
export interface CallAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: string;
}

/** What the translation knows about the call. */
export interface CallContext {
  /** When the call began: relative sleeps and wait timeouts count from here. */
  readonly now: number;
  /** When the answer came (on the same clock): `Retry-After` counts from here. Default `now`. */
  readonly answeredAt?: number;
  /** The step the call was for (`stepId=<hash>`), or null for a call that only runs to the next step. */
  readonly step: Pick<InFlightStep, "id" | "hash"> | null;
}

/** A streamed answer's envelope (201, §4.7): the real answer inside. */
const Envelope = t.intersection([
  t.type({ status: t.number, body: t.string }),
  t.partial({ headers: t.record(t.string, t.string) }),
]);

const parse = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: text.trim() === "" ? null : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/** `Retry-After` as epoch ms: whole seconds from now, or an HTTP/ISO date (§4.5). */
export const retryAtOf = (header: string | null, now: number): number | undefined => {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : at;
};

/**
 * A failed call as an op: of the step the call was for (so a run whose cancellation waits for
 * that step still settles), or of the function. Retriable errors are retried as the run's
 * retries allow; the core counts attempts (v3 answers 500 on every one).
 */
const failure = (
  ctx: CallContext,
  error: SerializedError,
  retriable: boolean,
  retryAt: number | undefined,
): Op => {
  const hint = retryAt === undefined ? {} : { retryAt };
  return ctx.step === null
    ? { op: "RunError", error, retriable, ...hint }
    : { op: "StepError", id: ctx.step.id, hash: ctx.step.hash, error, retriable, ...hint };
};

const excerpt = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * An app's answer to a call, as the op the core commits (INNGEST-PROTOCOL.md §4.3): 206 → its
 * op (several `StepPlanned` — parallel steps — become one `StepsPlanned`), 200 → completion,
 * 400 → a final error, 500 and anything unexpected (a proxy's 502, text that is not JSON) → a
 * retriable one. The header `X-Inngest-No-Retry` is never read: the op or the status decides.
 */
export const translateAnswer = (answer: CallAnswer, ctx: CallContext): Op => {
  const retryAt = retryAtOf(answer.retryAfter, ctx.answeredAt ?? ctx.now);
  const parsed = parse(answer.body);
  if (!parsed.ok) {
    const message = `the app answered ${answer.status} with a body that is not JSON: ${excerpt(answer.body)}`;
    return failure(ctx, { name: "Error", message }, true, retryAt);
  }
  switch (answer.status) {
    case 200:
      return { op: "RunComplete", output: asJson(parsed.value) };
    case 201: {
      const envelope = Envelope.decode(parsed.value);
      if (envelope._tag === "Left") break;
      const inner = envelope.right;
      const retry = inner.headers?.["retry-after"] ?? inner.headers?.["Retry-After"] ?? null;
      return translateAnswer({ status: inner.status, retryAfter: retry, body: inner.body }, ctx);
    }
    case 206: {
      const ops = t.array(SdkOp).decode(parsed.value);
      if (ops._tag === "Left") break;
      const [first, ...more] = ops.right;
      if (first === undefined) break;
      const opCtx = { now: ctx.now, retryAt };
      // Parallel steps (`Promise.all`): several steps planned in one answer start together.
      if (more.length > 0 && ops.right.every((op) => op.op === "StepPlanned")) {
        const steps = ops.right.map((op) => translateOp(op, opCtx));
        return {
          op: "StepsPlanned",
          steps: steps.flatMap((op) =>
            op.op === "StepPlanned" ? [{ id: op.id, hash: op.hash }] : [],
          ),
        };
      }
      return translateOp(first, opCtx);
    }
    case 400:
      return failure(ctx, sdkError(parsed.value, "the function failed"), false, undefined);
    case 500:
      return failure(ctx, sdkError(parsed.value, "the function failed"), true, retryAt);
  }
  const message = `the app answered ${answer.status}: ${excerpt(answer.body)}`;
  return failure(ctx, { name: "Error", message }, true, retryAt);
};
