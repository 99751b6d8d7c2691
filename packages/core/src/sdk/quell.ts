import { formatConfigError, validateFunction } from "../config/validate-function";
import { QuellConfigError } from "./errors";
import type { FunctionConfig, Handler, QuellFunction, TriggerConfig } from "./types";

/**
 * An app: a named group of functions. A function's slug is `${appId}-${config.id}`, which
 * every API and system event calls `function_id`.
 *
 * @example
 * const quell = new Quell({ id: "newsletter-app" });
 * const fn = quell.createFunction({ id: "import" }, { event: "contacts/import.requested" }, async ({ step }) => {});
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

  /** Define a function. Invalid configuration throws a `QuellConfigError` naming what is wrong. */
  createFunction(config: FunctionConfig, trigger: TriggerConfig, handler: Handler): QuellFunction {
    const validated = validateFunction(this.id, config, trigger);
    if (validated._tag === "Left") throw new QuellConfigError(formatConfigError(validated.left));
    if (typeof handler !== "function") {
      throw new QuellConfigError(`function "${config.id}": handler must be a function`);
    }
    return { ...validated.right, appId: this.id, config, triggerConfig: trigger, handler };
  }
}
