import { formatConfigError, validateFunction } from "../config/validate-function";
import { QuellConfigError } from "./errors";
import { failureFunctionConfig, failureHandler } from "./failure-function";
import type { FunctionConfig, Handler, QuellFunction, TriggerConfig } from "./types";

/**
 * An app: a named group of functions. A function's slug is `${appId}-${config.id}`, which
 * every API and system event calls `function_id`.
 *
 * @example
 * const quell = new Quell({ id: "newsletter-app" });
 * const fn = quell.createFunction({ id: "import" }, { event: "contacts/import.requested" }, async ({ step }) => {});
 * const nightly = quell.createFunction({ id: "nightly" }, [{ cron: "TZ=Europe/Paris 0 3 * * *" }, { event: "app/nightly.now" }], async () => {});
 */
export class Quell {
  readonly id: string;

  constructor(options: { readonly id: string }) {
    if (typeof options?.id !== "string" || !/^[a-z0-9][a-z0-9-_]*$/.test(options.id)) {
      throw new QuellConfigError(
        `app id must match [a-z0-9][a-z0-9-_]*, got ${JSON.stringify(options?.id)}`,
      );
    }
    this.id = options.id;
  }

  /**
   * Define a function started by one trigger or several (`{ event, if? }`, `{ cron }`). Invalid
   * configuration throws a `QuellConfigError` naming what is wrong. With `onFailure`, the
   * function carries a second one, `<slug>-failure`, that engines register beside it.
   */
  createFunction(
    config: FunctionConfig,
    trigger: TriggerConfig | readonly TriggerConfig[],
    handler: Handler,
  ): QuellFunction {
    const validated = validateFunction(this.id, config, trigger);
    if (validated._tag === "Left") throw new QuellConfigError(formatConfigError(validated.left));
    if (typeof handler !== "function") {
      throw new QuellConfigError(`function "${config.id}": handler must be a function`);
    }
    const { onFailure } = config;
    let failure: QuellFunction | null = null;
    if (onFailure !== undefined) {
      const companion = failureFunctionConfig(validated.right);
      failure = this.createFunction(companion.config, companion.trigger, failureHandler(onFailure));
    }
    return {
      ...validated.right,
      appId: this.id,
      config,
      triggerConfig: trigger,
      handler,
      failureFunction: failure,
    };
  }
}
