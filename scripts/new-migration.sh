#!/usr/bin/env bash
# Writes prisma/migrations/NNNN_<name>/migration.sql: the SQL from the last
# committed schema to the working one (no shadow database needed).
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <name>}
cd "$(dirname "$0")/.."
n=$(printf "%04d" $(( $(ls prisma/migrations | grep -c '^[0-9]') + 1 )))
dir="prisma/migrations/${n}_${name}"
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old"
mkdir -p "$dir"
npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script -o "$dir/migration.sql"
npx prisma generate >/dev/null
echo "wrote $dir/migration.sql"
