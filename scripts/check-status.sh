#!/usr/bin/env sh
# Is the database consistent with the code? The typed drop-in for the check-status.sh that
# Alembic projects keep next to their migrations.
#
#   scripts/check-status.sh [MIGRATIONS_DIR] [extra pgdrift check flags…]
#
# MIGRATIONS_DIR defaults to the first of ./migrations, ./alembic, ./app/migrations that exists.
# The database is DATABASE_URL. Runs `pgdrift check --migrations` (recorded revision + schema at
# that revision, one verdict) and exits with its code: 0 consistent, 1 drift or a migration state
# needing attention, 2 bad input, 3 cannot connect.
set -u

dir="${1:-}"
if [ -n "$dir" ]; then
  shift
else
  for candidate in migrations alembic app/migrations; do
    if [ -d "$candidate" ]; then dir="$candidate"; break; fi
  done
fi
if [ -z "$dir" ]; then
  echo "check-status.sh: no migrations folder given and none of ./migrations, ./alembic, ./app/migrations exists" >&2
  exit 2
fi
if [ -z "${DATABASE_URL:-}" ]; then
  echo "check-status.sh: DATABASE_URL is not set" >&2
  exit 2
fi

# PGDRIFT overrides the command (e.g. "node /path/to/pgdrift/dist/cli/main.js"); default: the
# pgdrift package this script ships in, else the project's node_modules, else npx.
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${PGDRIFT:-}" ]; then
  cmd="$PGDRIFT"
elif [ -f "$here/../dist/cli/main.js" ]; then
  cmd="node $here/../dist/cli/main.js"
elif [ -x node_modules/.bin/pgdrift ]; then
  cmd="node_modules/.bin/pgdrift"
else
  cmd="npx --no-install pgdrift"
fi

# shellcheck disable=SC2086 # $cmd is a command line on purpose
$cmd check --db "$DATABASE_URL" --migrations "$dir" "$@"
exit $?
