#!/usr/bin/env bash
# Run by the postgres image once, when it initialises a new volume (docker-compose.yml): the ledger's migration and
# service roles, as ops/lib/postgres.sh creates them on a local cluster.
set -euo pipefail
psql -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -v migration_user="$ES_PG_MIGRATION_USER" -v migration_password="$ES_PG_MIGRATION_PASSWORD" \
  -v service_user="$ES_PG_SERVICE_USER" -v service_password="$ES_PG_SERVICE_PASSWORD" \
  -v database="$POSTGRES_DB" -v schema=ledger </ops/roles.sql
