#!/usr/bin/env bash
# Runs the test suite against Debian's PostgreSQL 15 (a second major version) when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pg_ctlcluster >/dev/null || [ ! -d /usr/lib/postgresql/15 ]; then
  echo "PostgreSQL 15 (Debian) is not installed here; skipping the second-major-version run."
  exit 0
fi
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
port=$(pg_conftool -s 15 main show port 2>/dev/null || echo 5432)
su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'pgdrift-ci'\"" >/dev/null
export PGDRIFT_TEST_URL="postgres://postgres:pgdrift-ci@127.0.0.1:$port/postgres"
npm test
# Query plans differ between majors: PostgreSQL 15 chose a quadratic plan for indexes.sql that
# the newest major did not. The build is the one npm test just made.
node --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js --config jest.slow.config.js test/catalog/linear-plans
