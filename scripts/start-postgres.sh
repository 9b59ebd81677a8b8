#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on 127.0.0.1 only.
#   scripts/start-postgres.sh start DIR PORT   -> prints the SQLAlchemy URL of database "newsfuse"
#   scripts/start-postgres.sh stop DIR
# DIR is created (it must not hold another cluster). As root, the server runs as user
# "postgres" (initdb refuses root). Authentication is "trust" on loopback only: never use
# this for anything but throwaway data.
set -euo pipefail
cmd=${1:?usage: start-postgres.sh start DIR PORT | stop DIR}
dir=${2:?usage: start-postgres.sh start DIR PORT | stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "start-postgres: PostgreSQL is not installed; run scripts/install-postgres.sh" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=${3:?usage: start-postgres.sh start DIR PORT}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "start-postgres: user postgres cannot reach $dir; use a directory whose parents" \
          "others may traverse (e.g. one made by mktemp -d under /tmp, then chmod 755)" >&2
        exit 1
      fi
    fi
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U newsfuse --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir'" \
        start >/dev/null
    fi
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U newsfuse -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'newsfuse'" | grep -q 1 ||
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U newsfuse newsfuse
    echo "postgresql+psycopg://newsfuse@127.0.0.1:$port/newsfuse"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "start-postgres: unknown command $cmd; use start or stop" >&2
    exit 2
    ;;
esac
