/** A rejected function configuration (SPEC R6): which function, where, and why. */
export type ConfigError = {
  readonly _tag: "ConfigError";
  readonly functionId: string;
  /** Where in the config, e.g. `cancelOn[1].if`, `retries`, `trigger.event`. */
  readonly path: string;
  /** 0-based character offset inside the expression at `path`, for CEL errors. */
  readonly position?: number;
  readonly message: string;
};

/**
 * One line for humans, e.g.
 * `function "import-all-contacts": cancelOn[1].if: Unexpected token at position 17: EOF`.
 * The position goes after the reason's head (cel-js reasons read "<head>: <detail>").
 */
export function formatConfigError(e: ConfigError): string {
  const who = `function "${e.functionId || "<missing id>"}"`;
  const where = e.path === "" ? "" : `${e.path}: `;
  return `${who}: ${where}${withPosition(e.message, e.position)}`;
}

function withPosition(message: string, position: number | undefined): string {
  if (position === undefined) return message;
  const colon = message.indexOf(": ");
  if (colon < 0) return `${message} at position ${position}`;
  return `${message.slice(0, colon)} at position ${position}${message.slice(colon)}`;
}

/** A plain object (not null, not an array): what config sections must be. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
