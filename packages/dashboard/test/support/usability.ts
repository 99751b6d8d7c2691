import type { Page } from "playwright-core";

/** How far the page scrolls sideways (0 when everything fits the viewport's width). */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const CONTROLS = "a[href], button:not([disabled]), input, select, textarea, summary";

/**
 * The visible controls with no accessible name: a form field with no label (nor aria-label or
 * aria-labelledby), a button or link with no text. Each is described by its tag and HTML.
 */
export const unlabelledControls = (page: Page): Promise<string[]> =>
  page.evaluate((selector) => {
    const named = (el: Element): boolean => {
      if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")) return true;
      if (
        el instanceof HTMLInputElement ||
        el instanceof HTMLSelectElement ||
        el instanceof HTMLTextAreaElement
      )
        return (el.labels?.length ?? 0) > 0;
      return (el.textContent ?? "").trim() !== "";
    };
    return [...document.querySelectorAll(selector)]
      .filter((el) => (el as HTMLElement).checkVisibility() && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  }, CONTROLS);

/**
 * Press Tab from the top of the page until every visible control had the focus (or 400
 * presses: a date-time input takes one per field), and answer the controls it never reached
 * (each as its HTML): every control must be reachable by keyboard.
 */
export const unreachableByTab = async (page: Page): Promise<string[]> => {
  const total = await page.evaluate((selector) => {
    const controls = [...document.querySelectorAll(selector)].filter((el) =>
      (el as HTMLElement).checkVisibility(),
    );
    controls.forEach((el, i) => {
      el.setAttribute("data-control", String(i));
    });
    (document.activeElement as HTMLElement | null)?.blur();
    return controls.length;
  }, CONTROLS);
  const reached = new Set<string>();
  for (let i = 0; i < 400 && reached.size < total; i++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => document.activeElement?.getAttribute("data-control"));
    if (at !== null && at !== undefined) reached.add(at);
  }
  return page.evaluate(
    (seen) =>
      [...document.querySelectorAll("[data-control]")]
        .filter((el) => !seen.includes(el.getAttribute("data-control") ?? ""))
        .map((el) => el.outerHTML.slice(0, 120)),
    [...reached],
  );
};

/** The elements whose content is wider than their box (for a failing width check's message). */
export const overflowingElements = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      .slice(0, 8)
      .map(
        (el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}/${el.clientWidth}`,
      ),
  );
