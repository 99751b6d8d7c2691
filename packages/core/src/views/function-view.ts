import type { QuellFunction } from "../sdk/types";

/** A registered function as the engine and `GET /v1/functions` show it. */
export interface FunctionView {
  /** The slug, `${app_id}-${id}`: what every API and system event calls `function_id`. */
  readonly function_id: string;
  readonly id: string;
  readonly app_id: string;
  readonly name: string;
  readonly trigger: { readonly event: string; readonly if: string | null };
  readonly cancel_on: readonly {
    readonly event: string;
    readonly match: string | null;
    /** The CEL the entry is evaluated with (`match` rewritten to `if`); null matches every event. */
    readonly if: string | null;
    readonly timeout: { readonly after_ms: number } | { readonly at: string } | null;
  }[];
  readonly retries: number;
  readonly paused: boolean;
}

export const toFunctionView = (fn: QuellFunction, paused: boolean): FunctionView => ({
  function_id: fn.slug,
  id: fn.id,
  app_id: fn.appId,
  name: fn.name,
  trigger: { event: fn.trigger.event, if: fn.trigger.if?.source ?? null },
  cancel_on: fn.cancelOn.map((rule) => ({
    event: rule.event,
    match: fn.config.cancelOn?.[rule.index]?.match ?? null,
    if: rule.expression?.source ?? null,
    timeout:
      rule.timeout === null
        ? null
        : rule.timeout.kind === "relative"
          ? { after_ms: rule.timeout.ms }
          : { at: new Date(rule.timeout.at).toISOString() },
  })),
  retries: fn.retries,
  paused,
});
