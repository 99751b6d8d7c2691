/**
 * A Map that forgets its oldest entries beyond `limit`: what a store remembers about keys it
 * saw (an event name's index signatures, a run's trigger) to save a round trip, never what it
 * needs to be right.
 */
export const boundedMap = <K, V>(limit: number) => {
  const entries = new Map<K, V>();
  return {
    get: (key: K): V | undefined => entries.get(key),
    delete: (key: K): void => {
      entries.delete(key);
    },
    /** Set `key` as the newest entry, forgetting the oldest one past the limit. */
    set: (key: K, value: V): void => {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > limit) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
  };
};
