#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the tests and print its URL on stdout (nothing else).
#   url=$(bash .ci/postgres.sh) && export LAWDESK_TEST_POSTGRES_URL="$url"
# Installs Debian's postgresql when it is missing. Idempotent: a cluster already running in $PGDIR is reused.
# Stop it with: bash .ci/postgres.sh stop
set -euo pipefail

PGDIR=${LAWDESK_PG_DIR:-/tmp/lawdesk-pg}
PGPORT=${LAWDESK_PG_PORT:-54329}
DBNAME=${LAWDESK_PG_DB:-lawdesk_test}
log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! BIN=$(bindir); then
  log "installing Debian postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(bindir)
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >&2 || true
  exit 0
fi

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
mkdir -p "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"

if [ ! -s "$PGDIR/data/PG_VERSION" ]; then
  log "initdb in $PGDIR/data"
  as_pg "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2 \
    || as_pg "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >&2
fi

if ! as_pg "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PGPORT"
  as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
fi

if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$DBNAME'" postgres | grep -q 1; then
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DBNAME" >&2
fi

echo "postgresql://postgres@127.0.0.1:$PGPORT/$DBNAME"
