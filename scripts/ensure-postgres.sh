#!/usr/bin/env bash
# The test suite runs the store tests on a real PostgreSQL (127.0.0.1:5432, user postgres,
# trust auth). Use the running server if there is one; otherwise install and start Debian's.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "No PostgreSQL on 127.0.0.1:5432 and cannot install one (need root + apt-get)." >&2
  echo "Start one with trust auth for user postgres, or unset EXPORTCTL_TEST_PG_URL to skip." >&2
  exit 1
fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
conf=/etc/postgresql/$ver/main
if [ -d "$conf" ]; then
  sed -i 's/^\(local\|host\)\(.*\)\(peer\|scram-sha-256\|md5\)$/\1\2trust/' "$conf/pg_hba.conf"
  pg_ctlcluster "$ver" main start || service postgresql start
fi
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1
