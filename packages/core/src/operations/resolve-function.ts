import type { AppFunction } from "../sdk/types";

/** A function by slug, or by its id within `appId` (SPEC §4.5: `function_id` takes either). */
export const resolveFunction = <F extends AppFunction>(
  functions: Iterable<F>,
  idOrSlug: string,
  appId?: string,
): F | undefined => {
  let byId: F | undefined;
  for (const fn of functions) {
    if (fn.slug === idOrSlug && (appId === undefined || fn.appId === appId)) return fn;
    if (fn.id === idOrSlug && (appId === undefined || fn.appId === appId)) byId = fn;
  }
  return byId;
};
