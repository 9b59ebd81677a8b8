#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the service tests and benchmark (scripts/start-postgres.sh
# runs a throwaway cluster from them; the system cluster is not used).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-postgres: PostgreSQL is missing; run as root: apt-get install postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
