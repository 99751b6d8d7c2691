export { type CancelOnRule, type CancelOnTimeout, MAX_CANCEL_ON } from "./cancel-on";
export { type ConfigError, formatConfigError } from "./config-error";
export { parseDuration, toEpochMs } from "./duration";
export {
  DEFAULT_MAX_EVENT_BYTES,
  type EventError,
  type EventValidationOptions,
  utf8Length,
  validateEvent,
} from "./validate-event";
export {
  DEFAULT_RETRIES,
  MAX_RETRIES,
  type ValidatedFunction,
  validateFunction,
} from "./validate-function";
