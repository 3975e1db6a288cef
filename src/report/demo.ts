/** What `pgdrift demo` says around the report, so a first-time user knows what they are seeing. */
export function renderDemoIntro(driftSql: string): string {
  const changes = driftSql
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('--'))
    .map((l) => `    ${l}`)
    .join('\n');
  return [
    'pgdrift demo',
    '',
    'Two embedded PostgreSQL databases (PGlite, in-process) are built from fixtures/demo/schema.sql,',
    'a small project-tracking application. The "production" one then receives a few hand-made',
    'changes, as a hotfix at 3 a.m. would:',
    '',
    changes,
    '',
    'pgdrift now checks production against the declared schema, exactly as',
    '  pgdrift check --db $DATABASE_URL --expected fixtures/demo/schema.sql',
    'would on a real server:',
    '',
  ].join('\n');
}

export function renderDemoOutro(): string {
  return [
    '',
    'What you saw: every difference between the declared schema and the database, typed',
    '(missing / unexpected / changed) with a severity. The exit code is 1 because drift at',
    'or above --fail-on (default: warning) was found; a consistent database exits 0.',
    '',
    'On your own database:',
    '  npx pgdrift snapshot --db postgres://user@host/app -o schemas/app.snapshot.json',
    '  npx pgdrift check    --db postgres://user@host/app --expected schemas/app.snapshot.json',
    '  npx pgdrift check    --db postgres://user@host/app --expected db/schema.sql',
  ].join('\n');
}
