/**
 * One script call for the calls of one turn: the requests of every call made before the
 * current microtasks run out go to `send` together, in the order they were made, and each call
 * gets the results of its own requests. The engine asks for several markings (a batch of
 * events) and several ingestions (concurrent `send`s resumed by one reply) in one turn; they
 * cost one script instead of one each. No call waits for a timer or another round trip: the
 * batch leaves at the end of the turn, before the client's own auto-pipeline does.
 *
 * A batch holds at most `limit` requests (a call bigger than that goes alone), so that no
 * script holds the server much longer than one call did. A failed `send` fails every call of
 * its batch. `send` must answer one result per request, in order.
 */
export const turnBatch = <In, Out>(
  send: (requests: readonly In[]) => Promise<readonly Out[]>,
  limit: number,
): ((requests: readonly In[]) => Promise<readonly Out[]>) => {
  interface Caller {
    readonly from: number;
    readonly count: number;
    readonly resolve: (results: readonly Out[]) => void;
    readonly reject: (error: unknown) => void;
  }
  let requests: In[] = [];
  let callers: Caller[] = [];

  const flush = (): void => {
    if (callers.length === 0) return;
    const batch = requests;
    const waiting = callers;
    requests = [];
    callers = [];
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
    if (requests.length > 0 && requests.length + more.length > limit) flush();
    if (callers.length === 0) queueMicrotask(flush);
    return new Promise<readonly Out[]>((resolve, reject) => {
      callers.push({ from: requests.length, count: more.length, resolve, reject });
      requests.push(...more);
    });
  };
};
