#!/usr/bin/env bash
# Writes prisma/migrations/NNNN_<name>/migration.sql (SQLite) and
# prisma/migrations-pg/NNNN_<name>/migration.sql (PostgreSQL): the SQL from the
# last committed schema to the working one, for each dialect. No database is
# needed (Prisma's --from-migrations wants a shadow database, which its driver
# adapters can't provide here: see the README's Development section).
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <name>}
cd "$(dirname "$0")/.."
last=$(ls prisma/migrations prisma/migrations-pg | grep -E '^[0-9]{4}_' | cut -c1-4 | sort -n | tail -1)
n=$(printf "%04d" $((10#${last:-0} + 1)))
old=$(mktemp --suffix=.prisma)
old_pg=$(mktemp --suffix=.prisma)
trap 'rm -f "$old" "$old_pg"' EXIT
git show HEAD:prisma/schema.prisma > "$old"
git show HEAD:prisma/postgres/schema.prisma > "$old_pg"
node scripts/pg-schema.mjs
mkdir -p "prisma/migrations/${n}_${name}" "prisma/migrations-pg/${n}_${name}"
npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script -o "prisma/migrations/${n}_${name}/migration.sql"
npx prisma migrate diff --config prisma.pg.config.ts --from-schema-datamodel "$old_pg" --to-schema-datamodel prisma/postgres/schema.prisma --script -o "prisma/migrations-pg/${n}_${name}/migration.sql"
npx prisma generate >/dev/null
npx prisma generate --config prisma.pg.config.ts >/dev/null
echo "wrote prisma/migrations/${n}_${name}/migration.sql and prisma/migrations-pg/${n}_${name}/migration.sql"
