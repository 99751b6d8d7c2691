/** A JSON body in another charset than UTF-8: answered 415 (see `fromThrown`). */
export class UnsupportedCharsetError extends Error {
  readonly _tag = "UnsupportedCharsetError";
  readonly statusCode = 415;
  constructor(readonly charset: string) {
    super(`charset ${charset} is not supported: send JSON encoded as UTF-8`);
  }
}

/**
 * Bodies are read as UTF-8 (RFC 8259 §8.1 requires it of JSON between systems); a body that says
 * it is in another charset is refused rather than misread.
 */
export const acceptsBody = (contentType: string | undefined): UnsupportedCharsetError | null => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")?.[1];
  if (charset === undefined || /^utf-?8$/i.test(charset)) return null;
  return new UnsupportedCharsetError(charset);
};
