import type { EventInput } from "../codecs/event";
import { Quell } from "../sdk/quell";
import type { HandlerContext, QuellFunction } from "../sdk/types";
import { type ServiceContext, withTimeout } from "./context";

/** What the blog function calls to publish a post. */
export interface PostPublisher {
  publish(postID: string, context: ServiceContext): unknown;
}

/** Logs the publication, so `quell dev` shows it. */
export const loggingPublisher: PostPublisher = {
  publish: (postID, { logger }) => {
    logger.info(`published post ${postID}`);
    return { published: postID };
  },
};

export interface BlogAppOptions {
  readonly publisher?: PostPublisher;
  /** A `timeout` on the cancelOn entry. */
  readonly cancelTimeout?: string;
  /** Steps after the publication; the handler returns what they return. */
  readonly extraSteps?: (ctx: HandlerContext) => Promise<unknown>;
}

/**
 * The seeds' pattern "Cancelling scheduled functions": publish a post at its scheduled time,
 * unless a `blog/post.cancelled` event with the same `postID` arrives first; reschedule by
 * sending `blog/post.scheduled` again.
 */
export const blogApp = (options: BlogAppOptions = {}) => {
  const quell = new Quell({ id: "blog" });
  const publisher = options.publisher ?? loggingPublisher;
  const publishScheduledPost: QuellFunction = quell.createFunction(
    {
      id: "schedules-and-cancels-automatically",
      cancelOn: [
        // The data.postID field in both events must match.
        {
          event: "blog/post.cancelled",
          match: "data.postID",
          ...withTimeout(options.cancelTimeout),
        },
      ],
    },
    { event: "blog/post.scheduled" },
    async (ctx) => {
      const { event, step, logger } = ctx;
      // Sleep until the scheduleAt time in the event.
      await step.sleepUntil("wait-for-scheduleAt", event.data.scheduledAt);
      await step.run("publish-post", async ({ signal }) => {
        // Publish the post.
        const context = { signal, logger };
        return await publisher.publish(event.data.postID, context);
      });
      return options.extraSteps?.(ctx);
    },
  );
  return { publishScheduledPost };
};

/** The `blog/post.scheduled` event: publish `postID` at `scheduledAt`. */
export const postScheduled = (postID: string, scheduledAt: string): EventInput => ({
  name: "blog/post.scheduled",
  data: { postID, scheduledAt },
});

/** The `blog/post.cancelled` event for `postID`. */
export const postCancelled = (postID: string): EventInput => ({
  name: "blog/post.cancelled",
  data: { postID },
});
