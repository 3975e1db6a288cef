/** Stops the server global-setup started (none when PGDRIFT_TEST_URL was given). */
export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__PGDRIFT_PG__ as { stop(): Promise<void> } | undefined;
  if (pg) await pg.stop();
}
