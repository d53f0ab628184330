#!/bin/sh
# Install what is missing, build, start the local devserver and run
# examples/quickstart against it (the whole lifecycle of a connection), then
# examples/sync_demo (a secret sync from an Infisical folder into a Northflank
# secret group, run and waited for) and show the group's variables.
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
    INFISICAL_PROJECT_ID=$(value INFISICAL_DEV_PROJECT_ID)
    NORTHFLANK_PROJECT_ID=proj-0001 NORTHFLANK_SECRET_GROUP_ID=group-0001
    export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET \
        NORTHFLANK_API_TOKEN NORTHFLANK_API_URL INFISICAL_PROJECT_ID NORTHFLANK_PROJECT_ID NORTHFLANK_SECRET_GROUP_ID
    echo "devserver: $INFISICAL_API_URL"
    # The source of the sync: the devserver seeds a folder (the real secrets API is out of scope).
    curl -sf -X POST "$INFISICAL_API_URL/__dev/secrets" \
        -d '{"environment":"dev","secretPath":"/app","secrets":{"DATABASE_URL":"postgres://app@db/app","FEATURE_FLAG":"on"}}' \
        >/dev/null
    seeded=1
fi
build/examples/quickstart
echo
if [ -n "${INFISICAL_PROJECT_ID:-}" ] && [ -n "${NORTHFLANK_PROJECT_ID:-}" ] && [ -n "${NORTHFLANK_SECRET_GROUP_ID:-}" ]; then
    build/examples/sync_demo
    if [ -n "${seeded:-}" ]; then
        echo "the secret group's variables in Northflank now (values hidden):"
        curl -sf -H "Authorization: Bearer $NORTHFLANK_API_TOKEN" \
            "$NORTHFLANK_API_URL/v1/projects/$NORTHFLANK_PROJECT_ID/secrets/$NORTHFLANK_SECRET_GROUP_ID/details" |
            python3 -c 'import json, sys
for key in sorted(json.load(sys.stdin)["data"]["secrets"]["variables"]):
    print("  " + key)'
    fi
else
    echo "sync demo skipped: set INFISICAL_PROJECT_ID, NORTHFLANK_PROJECT_ID and NORTHFLANK_SECRET_GROUP_ID"
fi
