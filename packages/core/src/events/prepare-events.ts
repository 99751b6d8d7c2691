import type { EventInput } from "../codecs/event";
import { DEFAULT_MAX_EVENT_BYTES, validateEvent } from "../config/validate-event";
import { QuellEventError } from "../sdk/errors";

/**
 * Validate a batch of user events; one bad event rejects the whole batch, so nothing changes.
 * Throws `QuellEventError` naming the path (`events[2].data`).
 */
export const prepareEvents = (
  input: EventInput | readonly EventInput[],
  maxBytes: number = DEFAULT_MAX_EVENT_BYTES,
): readonly EventInput[] => {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  return list.map((event, index) => {
    const path = Array.isArray(input) ? `events[${index}]` : "event";
    const checked = validateEvent(event, path, { maxBytes, allowSystem: false });
    if (checked._tag === "Left") throw new QuellEventError(checked.left.path, checked.left.message);
    return checked.right;
  });
};
