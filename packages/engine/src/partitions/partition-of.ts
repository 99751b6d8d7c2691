/**
 * Which of `count` partitions a string (a run id, an event's internal id, a singleton slot, a
 * function's slug) belongs to: FNV-1a over its UTF-16 code units, modulo `count`. Every process
 * of a deployment computes the same answer, so a run is found where it was created.
 */
export const partitionOf = (value: string, count: number): number => {
  if (count <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
};

/** Where a ULID's sequence part is in a run id an event names (`eventRunId`: time, seq, hash). */
const SEQ_FROM = 10;
const SEQ_TO = 18;

/**
 * Which partition an id (a run's, an event's internal id) belongs to. A run id an event names
 * (`eventRunId`) carries the event's position in the log, which differs from one partition's
 * copy of the event to another's; so a 26-character id is read without characters 10–17: every
 * partition then computes the same partition for the run of an event, from its own copy.
 */
export const partitionOfId = (id: string, count: number): number =>
  partitionOf(id.length === 26 ? id.slice(0, SEQ_FROM) + id.slice(SEQ_TO) : id, count);

/**
 * Ids from `newId` that fall in partition `index` of `count` (about `count` draws each): the
 * events a partition emits, and the runs it creates by id, then belong to it.
 */
export const idsInPartition =
  (newId: () => string, index: number, count: number): (() => string) =>
  () => {
    for (;;) {
      const id = newId();
      if (partitionOfId(id, count) === index) return id;
    }
  };
