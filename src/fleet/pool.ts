/**
 * Runs `task` on every item with at most `jobs` running at once, and returns the results in the
 * order of `items` (not of completion). A task that throws rejects the whole run: callers that
 * want every item done catch inside `task`.
 *
 * @example await mapWithLimit(urls, 4, (url) => checkOne(url))
 */
export async function mapWithLimit<T, R>(items: readonly T[], jobs: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
