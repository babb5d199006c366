/**
 * Watches the import progress bar from inside the page: a short import can show its bar for a
 * few milliseconds only, too briefly to be sure to catch it by asking WebDriver, so an observer
 * records every value the bar shows and the test reads the record afterwards.
 */

/** Starts recording the values of the progress bar `[data-testid=testId]`. */
export async function watchProgressBar(browser, testId) {
  await browser.execute((id) => {
    const seen = [];
    const record = () => {
      const bar = document.querySelector(`[data-testid="${id}"]`);
      const value = bar?.getAttribute("aria-valuenow");
      if (value !== null && value !== undefined && seen[seen.length - 1] !== value) {
        seen.push(value);
      }
    };
    const observer = new MutationObserver(record);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    window.creditdeskProgressSeen = seen;
    window.creditdeskProgressObserver = observer;
  }, testId);
}

/** Stops recording; returns the values the bar showed, in order, as numbers. */
export async function progressValuesSeen(browser) {
  const seen = await browser.execute(() => {
    window.creditdeskProgressObserver?.disconnect();
    return (window.creditdeskProgressSeen ?? []).join(",");
  });
  return seen === "" ? [] : seen.split(",").map(Number);
}
