import { Quell } from "@quell/core";

// The seeds' "Cancelling scheduled functions": publish a post at its scheduled time, unless a
// `blog/post.cancelled` event with the same postID arrives first; reschedule by sending
// `blog/post.scheduled` again.
const quell = new Quell({ id: "blog" });

export const publishScheduledPost = quell.createFunction(
  {
    id: "schedules-and-cancels-automatically",
    cancelOn: [
      // The data.postID field in both events must match.
      { event: "blog/post.cancelled", match: "data.postID" },
    ],
  },
  { event: "blog/post.scheduled" },
  async ({ event, step, logger }) => {
    // Sleep until the scheduleAt time in the event.
    await step.sleepUntil("wait-for-scheduleAt", event.data.scheduledAt);
    await step.run("publish-post", () => {
      // Publish the post.
      logger.info(`published post ${event.data.postID}`);
      return { published: event.data.postID };
    });
  },
);
