import { describe, expect, it } from "vitest";
import { hashedSigningKey, validateKeys } from "../src/server/keys";
import { EVENT_KEY, HASHED_SIGNING_KEY, SIGNING_KEY } from "./support/keys";

describe("validateKeys", () => {
  it("accepts keys of the documented forms", () => {
    const keys = {
      eventKeys: [EVENT_KEY],
      signingKeys: [SIGNING_KEY, `signkey-branch_2-${"AB".repeat(16)}`],
    };
    expect(validateKeys(keys)).toEqual({ _tag: "Right", right: keys });
  });

  it("names every problem at once", () => {
    const checked = validateKeys({ eventKeys: ["short", "has space in it!!!!"], signingKeys: [] });
    expect(checked).toEqual({
      _tag: "Left",
      left:
        'event key "short" is 5 characters; at least 16 are needed; ' +
        'event key "has space in…" may hold only letters, digits, "_" and "-"; ' +
        "signing keys: none given",
    });
    expect(
      validateKeys({ eventKeys: [], signingKeys: [`signkey-prod-${"a".repeat(33)}`] }),
    ).toEqual({
      _tag: "Left",
      left: 'event keys: none given; signing key "signkey-prod…" has an odd number of hex digits',
    });
  });
});

describe("hashedSigningKey", () => {
  it("is the SDK's form: the env kept, the hex body hashed as bytes", () => {
    expect(hashedSigningKey(SIGNING_KEY)).toBe(HASHED_SIGNING_KEY);
    expect(
      hashedSigningKey(SIGNING_KEY.toUpperCase().replace("SIGNKEY-PROD", "signkey-prod")),
    ).toBe(HASHED_SIGNING_KEY);
    expect(hashedSigningKey("not-a-key")).toBeNull();
  });
});
