import { useSyncExternalStore } from "react";

// Pages live in the URL's hash (`#/runs/01J…`), so the server serves one document at `/` and
// every page can be bookmarked and reloaded.
const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

/** The path of the current page, e.g. `/runs/01J…`; `/runs` when there is none. */
export const useRoute = (): string =>
  useSyncExternalStore(subscribe, () => window.location.hash.replace(/^#/, "") || "/runs");

export const href = (path: string): string => `#${path}`;
export const go = (path: string): void => {
  window.location.hash = path;
};
