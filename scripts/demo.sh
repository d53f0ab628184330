#!/bin/sh
# Install what is missing, build, start the local devserver and run
# examples/quickstart against it: the whole lifecycle of a connection.
# With INFISICAL_API_URL (and credentials, and NORTHFLANK_API_TOKEN) already in
# the environment, the quickstart runs against that server instead.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh

if [ -z "${INFISICAL_API_URL:-}" ]; then
    env_file=$(mktemp)
    build/tests/devserver/infisical-devserver > "$env_file" &
    pid=$!
    trap 'kill $pid 2>/dev/null; rm -f "$env_file"' EXIT
    for _ in $(seq 100); do grep -q INFISICAL_DEV_READY "$env_file" && break; sleep 0.05; done
    value() { sed -n "s/^$1=//p" "$env_file"; }
    # Assigned, then exported: `export X=$(...)` would hide a failing command from set -e.
    INFISICAL_API_URL=$(value INFISICAL_API_URL)
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=$(value INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=$(value INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)
    NORTHFLANK_API_TOKEN=$(value INFISICAL_DEV_NORTHFLANK_TOKEN)
    NORTHFLANK_API_URL=$INFISICAL_API_URL   # the devserver also stands in for Northflank
    export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET \
        NORTHFLANK_API_TOKEN NORTHFLANK_API_URL
    echo "devserver: $INFISICAL_API_URL"
fi
build/examples/quickstart
