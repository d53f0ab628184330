#!/bin/sh
# examples/sync_demo against the devserver: the sync runs and its secrets land
# in the secret group under the key schema; with SYNC_DEMO_CLEANUP they are
# removed again and the sync and the connection are gone.
# Usage: sync_demo.sh SYNC_DEMO DEVSERVER
set -eu
demo=$1 devserver=$2
tmp=$(mktemp -d)
"$devserver" > "$tmp/env" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do grep -q INFISICAL_DEV_READY "$tmp/env" && break; sleep 0.05; done
value() { sed -n "s/^$1=//p" "$tmp/env"; }
INFISICAL_API_URL=$(value INFISICAL_API_URL)
INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=$(value INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)
INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=$(value INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)
NORTHFLANK_API_TOKEN=$(value INFISICAL_DEV_NORTHFLANK_TOKEN)
INFISICAL_PROJECT_ID=$(value INFISICAL_DEV_PROJECT_ID)
export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET \
    NORTHFLANK_API_TOKEN INFISICAL_PROJECT_ID NORTHFLANK_PROJECT_ID=proj-0001 NORTHFLANK_SECRET_GROUP_ID=group-0001
curl -sf -X POST "$INFISICAL_API_URL/__dev/secrets" \
    -d '{"environment":"dev","secretPath":"/app","secrets":{"DATABASE_URL":"postgres://db"}}' >/dev/null
keys() {
    curl -sf -H "Authorization: Bearer $NORTHFLANK_API_TOKEN" \
        "$INFISICAL_API_URL/v1/projects/proj-0001/secrets/group-0001/details" |
        python3 -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin)["data"]["secrets"]["variables"])))'
}
fail() { echo "FAIL: $*"; exit 1; }
"$demo" > "$tmp/out" || fail "sync_demo exited $?: $(cat "$tmp/out")"
grep -q ": succeeded" "$tmp/out" || fail "no succeeded job: $(cat "$tmp/out")"
[ "$(keys)" = "GROUP_ID INFISICAL_DATABASE_URL LOG_LEVEL" ] || fail "group after the sync: $(keys)"
SYNC_DEMO_CLEANUP=1 "$demo" > "$tmp/out" || fail "sync_demo with cleanup exited $?: $(cat "$tmp/out")"
grep -q "cleaned up" "$tmp/out" || fail "no clean-up: $(cat "$tmp/out")"
[ "$(keys)" = "GROUP_ID LOG_LEVEL" ] || fail "group after the clean-up: $(keys)"
state=$(curl -sf "$INFISICAL_API_URL/__dev/state")
echo "$state" | python3 -c 'import json, sys; s = json.load(sys.stdin); assert s["secretSyncs"] == 1 and s["appConnections"] == 1, s' ||
    fail "the cleaned-up sync and connection are still there"
echo "sync_demo: the secrets landed under the key schema and were removed again"
echo "1 passed, 0 failed"
