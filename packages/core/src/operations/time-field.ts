import { type Either, left, right } from "fp-ts/lib/Either.js";
import { toEpochMs } from "../config/duration";
import { QuellValidationError } from "../sdk/errors";

/** A time as the TypeScript API takes it: a Date, an RFC 3339 string, or epoch ms. */
export type TimeInput = Date | string | number;

export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly position?: number;
}

/** An RFC 3339 time (or epoch ms) in a request field, named in the error when wrong. */
export const timeField = (field: string, value: unknown): Either<FieldError, number> => {
  if (typeof value !== "string" && typeof value !== "number" && !(value instanceof Date)) {
    return left({ field, message: "must be an RFC 3339 time, e.g. 2024-01-21T18:23:12.000Z" });
  }
  const parsed = toEpochMs(value);
  return parsed._tag === "Left" ? left({ field, message: parsed.left }) : right(parsed.right);
};

/** An optional time field: absent or null gives null. */
export const optionalTimeField = (
  field: string,
  value: unknown,
): Either<FieldError, number | null> =>
  value === undefined || value === null ? right(null) : timeField(field, value);

/** A field error as the error the API answers with (400, naming the field). */
export const validationError = (error: FieldError): QuellValidationError =>
  new QuellValidationError(error.field, error.message, error.position);
