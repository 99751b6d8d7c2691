/**
 * One script call for the calls of one turn: the requests of every call made before the
 * current microtasks run out go to `send` together, in the order they were made, and each call
 * gets the results of its own requests. The engine asks for several markings (a batch of
 * events) and several ingestions (concurrent `send`s resumed by one reply) in one turn; they
 * cost one script instead of one each. No call waits for a timer or another round trip: the
 * batch leaves at the end of the turn, before the client's own auto-pipeline does.
 *
 * A batch holds at most `limit.requests` requests weighing at most `limit.weight` together (a
 * call bigger than that goes alone), so that no script holds the server, or its arguments its
 * memory, much longer than one call did. A failed `send` fails every call of its batch. `send`
 * must answer one result per request, in order.
 */
export interface BatchLimit<In> {
  readonly requests: number;
  /** What a request weighs (the bytes it sends, say) and how much a batch may: none if absent. */
  readonly weight?: { readonly of: (request: In) => number; readonly most: number };
}

export const turnBatch = <In, Out>(
  send: (requests: readonly In[]) => Promise<readonly Out[]>,
  limit: BatchLimit<In>,
): ((requests: readonly In[]) => Promise<readonly Out[]>) => {
  interface Caller {
    readonly from: number;
    readonly count: number;
    readonly resolve: (results: readonly Out[]) => void;
    readonly reject: (error: unknown) => void;
  }
  let requests: In[] = [];
  let callers: Caller[] = [];
  let weight = 0;
  const weigh = (more: readonly In[]): number => {
    const of = limit.weight?.of;
    return of === undefined ? 0 : more.reduce((sum, request) => sum + of(request), 0);
  };
  const most = limit.weight?.most ?? Number.POSITIVE_INFINITY;

  const flush = (): void => {
    if (callers.length === 0) return;
    const batch = requests;
    const waiting = callers;
    requests = [];
    callers = [];
    weight = 0;
    let sent: Promise<readonly Out[]>;
    try {
      sent = send(batch);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (results) => {
        for (const c of waiting) c.resolve(results.slice(c.from, c.from + c.count));
      },
      (error: unknown) => {
        for (const c of waiting) c.reject(error);
      },
    );
  };

  return (more) => {
    if (more.length === 0) return Promise.resolve([]);
    const heavy = weigh(more);
    const full = requests.length + more.length > limit.requests || weight + heavy > most;
    if (requests.length > 0 && full) flush();
    if (callers.length === 0) queueMicrotask(flush);
    weight += heavy;
    return new Promise<readonly Out[]>((resolve, reject) => {
      callers.push({ from: requests.length, count: more.length, resolve, reject });
      requests.push(...more);
    });
  };
};
