# Provides a PostgreSQL for ops/run, ops/test and ops/bench. Sourced, not executed.
#
# Order of preference:
#   1. ConnectionStrings__Marten already set: use it as it is, start nothing.
#   2. A docker engine answers: `docker compose up` the pinned PostgreSQL of docker-compose.yml.
#   3. Otherwise the machine's PostgreSQL server binaries (Debian packages `postgresql`, installed when absent)
#      run a private cluster whose data lives in .data/postgres (git-ignored) on its own port, so it never
#      touches a system cluster; running again reuses the data.
# After ensure_postgres, ConnectionStrings__Marten is exported; stop_postgres stops only what was started here.
# In cases 2 and 3 the ledger's two roles are created or brought up to date as well (ops/lib/roles.sql,
# docs/operations.md "Database roles"): ConnectionStrings__Marten stays the cluster's superuser, for administration and
# the tests' own schemas, and ES_PG_MIGRATION_CONNECTION / ES_PG_SERVICE_CONNECTION name the two roles (ops/run uses them).

ES_PG_PORT="${ES_PG_PORT:-55432}"
ES_PG_USER="eventsourced"
ES_PG_PASSWORD="${ES_PG_PASSWORD:-eventsourced}"
ES_PG_DATABASE="${ES_PG_DATABASE:-eventsourced}"
ES_PG_MIGRATION_USER="${ES_PG_MIGRATION_USER:-eventsourced_migration}"
ES_PG_MIGRATION_PASSWORD="${ES_PG_MIGRATION_PASSWORD:-$ES_PG_PASSWORD}"
ES_PG_SERVICE_USER="${ES_PG_SERVICE_USER:-eventsourced_service}"
ES_PG_SERVICE_PASSWORD="${ES_PG_SERVICE_PASSWORD:-$ES_PG_PASSWORD}"
# Set only when the roles were provided here, never inherited.
ES_PG_MIGRATION_CONNECTION=""
ES_PG_SERVICE_CONNECTION=""
_es_started=""

_es_log() { printf '[ops] %s\n' "$*" >&2; }

_es_as_cluster_owner() {
  # initdb and pg_ctl refuse to run as root.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_es_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_es_install_postgres() {
  [ -n "$(_es_pg_bin)" ] && return 0
  _es_log "PostgreSQL server binaries not found; installing the Debian package 'postgresql'"
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 || { _es_log "need root or sudo to install postgresql"; return 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package starts a system cluster on 5432; we run our own and leave that one as the package left it.
  [ -n "$(_es_pg_bin)" ]
}

_es_start_local_cluster() {
  local root="$1" bin data
  _es_install_postgres || return 1
  bin="$(_es_pg_bin)"
  data="$root/.data/postgres"
  mkdir -p "$root/.data"
  if [ "$(id -u)" = "0" ]; then
    # The cluster runs as the postgres user, which cannot reach a clone under a private home (e.g. /root):
    # then the data lives under /var/lib/postgresql, one folder per clone.
    if ! runuser -u postgres -- test -x "$root/.data"; then
      data="/var/lib/postgresql/eventsourced-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
    fi
    mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    _es_log "initialising a PostgreSQL cluster in $data (port $ES_PG_PORT)"
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$ES_PG_PASSWORD" >"$pwfile"
    chmod 644 "$pwfile"
    _es_as_cluster_owner "$bin/initdb" -D "$data" -U "$ES_PG_USER" --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; return 1; }
    rm -f "$pwfile"
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $ES_PG_PORT
unix_socket_directories = '$data'
max_connections = 200
shared_buffers = 256MB
# Statement statistics for ops/bench's profile (docs/performance.md); negligible cost.
shared_preload_libraries = 'pg_stat_statements'
CONF
  fi
  if _es_as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _es_log "PostgreSQL in $data is already running"
  else
    _es_as_cluster_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null || {
      _es_log "PostgreSQL failed to start; see $data/server.log"; return 1; }
    _es_started="local:$bin:$data"
    _es_log "started PostgreSQL ($data, port $ES_PG_PORT); it stops when this command ends"
  fi
  if ! _es_as_cluster_owner "$bin/psql" -h "$data" -p "$ES_PG_PORT" -U "$ES_PG_USER" -d postgres -tAc \
      "select 1 from pg_database where datname = '$ES_PG_DATABASE'" | grep -q 1; then
    _es_as_cluster_owner "$bin/createdb" -h "$data" -p "$ES_PG_PORT" -U "$ES_PG_USER" "$ES_PG_DATABASE"
  fi
  _es_create_roles "$root" _es_as_cluster_owner "$bin/psql" -h "$data" -p "$ES_PG_PORT" -U "$ES_PG_USER" -d "$ES_PG_DATABASE" || return 1
  _es_export_connections "$ES_PG_PORT"
}

# Runs ops/lib/roles.sql with the psql command given after the root; the file goes through stdin, so a psql running
# as the postgres user needs no access to the clone.
_es_create_roles() {
  local root="$1"
  shift
  "$@" -q -v ON_ERROR_STOP=1 \
    -v migration_user="$ES_PG_MIGRATION_USER" -v migration_password="$ES_PG_MIGRATION_PASSWORD" \
    -v service_user="$ES_PG_SERVICE_USER" -v service_password="$ES_PG_SERVICE_PASSWORD" \
    -v database="$ES_PG_DATABASE" -v schema="${Marten__Schema:-ledger}" <"$root/ops/lib/roles.sql" || {
    _es_log "creating the database roles failed (ops/lib/roles.sql)"; return 1; }
}

_es_export_connections() {
  local base="Host=127.0.0.1;Port=$1;Database=$ES_PG_DATABASE"
  export ConnectionStrings__Marten="$base;Username=$ES_PG_USER;Password=$ES_PG_PASSWORD"
  ES_PG_MIGRATION_CONNECTION="$base;Username=$ES_PG_MIGRATION_USER;Password=$ES_PG_MIGRATION_PASSWORD"
  ES_PG_SERVICE_CONNECTION="$base;Username=$ES_PG_SERVICE_USER;Password=$ES_PG_SERVICE_PASSWORD"
}

_es_start_docker() {
  local root="$1"
  _es_log "docker engine found: starting PostgreSQL from docker-compose.yml"
  (cd "$root" && docker compose up -d --wait postgres) || return 1
  _es_started="docker:$root"
  _es_create_roles "$root" docker compose -f "$root/docker-compose.yml" exec -T postgres \
    psql -U "$ES_PG_USER" -d "$ES_PG_DATABASE" || return 1
  _es_export_connections "${ES_PG_DOCKER_PORT:-55433}"
}

ensure_postgres() {
  local root="$1"
  if [ -n "${ConnectionStrings__Marten:-}" ]; then
    _es_log "using the configured ConnectionStrings__Marten"
    return 0
  fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    _es_start_docker "$root"
  else
    _es_start_local_cluster "$root"
  fi
}

stop_postgres() {
  case "$_es_started" in
    local:*)
      local rest="${_es_started#local:}"
      local bin="${rest%%:*}" data="${rest#*:}"
      _es_log "stopping the PostgreSQL started in $data"
      _es_as_cluster_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true ;;
    docker:*)
      _es_log "stopping the PostgreSQL container"
      (cd "${_es_started#docker:}" && docker compose stop postgres >/dev/null 2>&1) || true ;;
  esac
  _es_started=""
}
