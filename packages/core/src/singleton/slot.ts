import { encodeValue } from "../cel/encode";
import type { EventPayload } from "../codecs/event";
import type { SingletonMode, ValidatedFunction } from "../config/validate-function";
import { hashStepId } from "../sdk/step-hash";

/** What `singleton` means for one new run of a function (SPEC §7.8). */
export type SlotDecision =
  /** The function has no `singleton` option. */
  | { readonly _tag: "None" }
  /** The run must hold this slot to run; `mode` says what to do when another run holds it. */
  | { readonly _tag: "Slot"; readonly slot: string; readonly mode: SingletonMode }
  /** The key has no value for this event: the run is refused (created `skipped`), `detail` says why. */
  | { readonly _tag: "NoKey"; readonly detail: string };

const NONE: SlotDecision = { _tag: "None" };

/** Key values longer than this are hashed, so that a slot name stays short in every store. */
const MAX_KEY_CHARS = 128;

/**
 * The slot a new run of `fn` triggered by `event` needs: `<slug>` without a key, else
 * `<slug>|<value>`, the key's value encoded as index keys are (`encodeValue`: the string "1" and
 * the number 1 differ, 1 and 1.0 are the same), or `<slug>|sha1:<hex>` of that encoding when it
 * is long. A key that fails (a missing field) or whose value is not a string, number or bool
 * gives no slot: such an event's run is refused rather than run outside the singleton's
 * guarantee (docs/cancellation.md, "Singleton").
 */
export const singletonSlot = (fn: ValidatedFunction, event: EventPayload): SlotDecision => {
  const rule = fn.singleton;
  if (rule === null) return NONE;
  if (rule.key === null) return { _tag: "Slot", slot: fn.slug, mode: rule.mode };
  const value = rule.key.evaluate(event);
  if (value._tag === "Left") {
    return {
      _tag: "NoKey",
      detail: `singleton key \`${rule.key.source}\` has no value: ${value.left}`,
    };
  }
  const encoded = encodeValue(value.right);
  const key = encoded.length > MAX_KEY_CHARS ? `sha1:${hashStepId(encoded)}` : encoded;
  return { _tag: "Slot", slot: `${fn.slug}|${key}`, mode: rule.mode };
};
