import { useSyncExternalStore } from "react";

// Pages live in the URL's hash (`#/runs/01J…`, `#/runs?status=Cancelled`), so the server serves
// one document at `/` and every page, filters included, can be bookmarked and reloaded.
const listeners = new Set<() => void>();
const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener("hashchange", onChange);
  listeners.add(onChange);
  return () => {
    window.removeEventListener("hashchange", onChange);
    listeners.delete(onChange);
  };
};

/**
 * Tell the pages the address changed, now: `hashchange` comes only after the event that
 * changed it. A controlled input whose value lives in the address must re-render within its own
 * event, or React puts the old value back and the input's `change` event then re-applies it (a
 * cleared time bound came back).
 */
const changed = (): void => {
  for (const listener of listeners) listener();
};

/** The current page with its query, e.g. `/runs/01J…`; `/runs` when there is none. */
export const useRoute = (): string =>
  useSyncExternalStore(subscribe, () => window.location.hash.replace(/^#/, "") || "/runs");

const split = (route: string): { readonly path: string; readonly params: URLSearchParams } => {
  const at = route.indexOf("?");
  return at < 0
    ? { path: route, params: new URLSearchParams() }
    : { path: route.slice(0, at), params: new URLSearchParams(route.slice(at + 1)) };
};

/** The current page split into its path and its query (a page's filters). */
export const useLocation = (): { readonly path: string; readonly params: URLSearchParams } =>
  split(useRoute());

/**
 * The query of the address as it is now, not as the last render saw it: the page renders
 * after `hashchange`, so two changes in a row (typing in one field, then another) would
 * otherwise build the second address on the first one's stale filters and undo it.
 */
export const currentParams = (): URLSearchParams =>
  split(window.location.hash.replace(/^#/, "")).params;

/** A page's address with its filters; empty values are left out. */
export const pathWith = (path: string, params: Record<string, string>): string => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "")).toString();
  return query === "" ? path : `${path}?${query}`;
};

export const href = (path: string): string => `#${path}`;
export const go = (path: string): void => {
  window.location.hash = path;
  changed();
};
/**
 * Show other filters on the same page: the address changes (so the view can be bookmarked) in
 * place, without a history entry per keystroke.
 */
export const replaceWith = (path: string): void => {
  window.location.replace(`#${path}`);
  changed();
};
