#!/usr/bin/env python3
"""Tests of infisical-devserver's secret syncs: the routes under /api/v1/secret-syncs,
the job queue, the jobs' reads and writes of the Northflank stand-in, the source
secrets admin endpoint, and the stand-in's shape fixes.

Usage: test_secret_syncs.py <path to infisical-devserver> [test name ...]

Standard library only. Starts its own devserver, resets it before each test, and
prints one line per test and a closing "N passed, M failed" line. Exit status 0
when everything passed.
"""
import json
import os
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

ENV = {}
ADMIN = None  # the long-lived admin token
READONLY = None  # a token of the read-only identity
CONN = None  # the current test's Northflank connection id

KEY_SCHEMA_MESSAGE = (
    "Key schema must include exactly one {{secretKey}} placeholder. It can also include {{environment}} "
    "placeholders. Only alphanumeric characters (a-z, A-Z, 0-9), dashes (-), underscores (_), and slashes (/) "
    "are allowed besides the placeholders."
)
LOCKED = "A job for this sync is already in progress. Please try again shortly."


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def eq(got, want, what=""):
    if got != want:
        raise Failure("%s: got %r, want %r" % (what or "value", got, want))


# ---- HTTP ----


def request(method, path, body=None, token=None, headers=None, raw=None):
    url = ENV["INFISICAL_API_URL"] + path
    data = None
    hdrs = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    if raw is not None:
        data = raw
    if token:
        hdrs["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, text = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def api(method, path, body=None, token=None, **kw):
    return request(method, path, body, token or ADMIN, **kw)


def dev(method, path, body=None):
    status, out = request(method, path, body)
    if status != 200:
        raise Failure("%s %s: %s %r" % (method, path, status, out))
    return out


def nf(method, path, body=None, token=None):
    return request(method, path, body, token or ENV["INFISICAL_DEV_NORTHFLANK_TOKEN"])


def group_vars(group="group-0001", project="proj-0001"):
    status, out = nf("GET", "/v1/projects/%s/secrets/%s/details" % (project, group))
    eq(status, 200, "details status")
    return out["data"]["secrets"]["variables"]


def source(env="dev", path="/app"):
    return dev("GET", "/__dev/secrets?" + urllib.parse.urlencode({"environment": env, "secretPath": path}))["secrets"]


def seed(secrets, env="dev", path="/app", queue=True):
    return dev("POST", "/__dev/secrets", {"environment": env, "secretPath": path, "secrets": secrets,
                                          "queueAutoSyncs": queue})


# ---- syncs ----

BASE = "/api/v1/secret-syncs/northflank"


def sync_body(**over):
    body = {
        "name": "my-sync",
        "projectId": ENV["INFISICAL_DEV_PROJECT_ID"],
        "connectionId": CONN,
        "environment": "dev",
        "secretPath": "/app",
        "isAutoSyncEnabled": False,
        "syncOptions": {"initialSyncBehavior": "overwrite-destination"},
        "destinationConfig": {"projectId": "proj-0001", "secretGroupId": "group-0001"},
    }
    body.update(over)
    return body


def create(**over):
    status, out = api("POST", BASE, sync_body(**over))
    eq(status, 200, "create status (%r)" % (out,))
    return out["secretSync"]


def get(sync_id):
    status, out = api("GET", "%s/%s" % (BASE, sync_id))
    eq(status, 200, "get status (%r)" % (out,))
    return out["secretSync"]


def wait_for(what, pred, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.time() > deadline:
            raise Failure("timed out waiting for " + what)
        time.sleep(0.01)


def idle():
    """Waits until no job is queued or running."""
    wait_for("the job queue to drain", lambda: dev("GET", "/__dev/state")["syncJobs"]["active"] == 0)


def wait_done(sync_id, kind="sync", prev_job=None):
    """Polls as the contract's recipe says: finished when the status is succeeded or
    failed and the job id changed."""
    status_key = {"sync": "syncStatus", "import": "importStatus", "remove": "removeStatus"}[kind]
    job_key = {"sync": "lastSyncJobId", "import": "lastImportJobId", "remove": "lastRemoveJobId"}[kind]

    def done():
        s = get(sync_id)
        if s[status_key] in ("succeeded", "failed") and s[job_key] != prev_job:
            return s
        return None

    return wait_for("%s job of %s" % (kind, sync_id), done)


def error_of(status_and_body, status, message, error=None):
    st, body = status_and_body
    eq(st, status, "status (body %r)" % (body,))
    eq(body["message"], message, "message")
    if error:
        eq(body["error"], error, "error")
    eq(body["statusCode"], status, "statusCode")
    check(body["reqId"].startswith("req-"), "reqId")


def issues_of(status_and_body):
    st, body = status_and_body
    eq(st, 422, "status (body %r)" % (body,))
    eq(body["error"], "ValidationFailure", "error")
    return body["message"]


def has_issue(issues, path, message, code=None):
    for i in issues:
        if i["path"] == path and i["message"] == message and (code is None or i["code"] == code):
            return
    raise Failure("no issue %r %r in %r" % (path, message, issues))


# ---- tests: routes and shapes ----


def test_create_get_list_update_delete():
    s = create(description="an example", isAutoSyncEnabled=False)
    keys = ["id", "name", "description", "isAutoSyncEnabled", "version", "projectId", "folderId", "connectionId",
            "createdAt", "updatedAt", "syncStatus", "lastSyncJobId", "lastSyncMessage", "lastSyncedAt",
            "importStatus", "lastImportJobId", "lastImportMessage", "lastImportedAt", "removeStatus",
            "lastRemoveJobId", "lastRemoveMessage", "lastRemovedAt", "syncOptions", "connection", "environment",
            "folder", "destination", "destinationConfig"]
    eq(list(s.keys()), keys, "keys")
    eq(s["destination"], "northflank", "destination")
    eq(s["version"], 1, "version")
    eq(s["syncStatus"], None, "syncStatus without auto-sync")
    eq(s["connection"], {"app": "northflank", "name": "nf-conn", "id": CONN}, "connection")
    eq(s["environment"]["slug"], "dev", "environment.slug")
    eq(s["environment"]["name"], "Development", "environment.name")
    eq(s["folder"]["path"], "/app", "folder.path")
    eq(s["folderId"], s["folder"]["id"], "folderId")
    eq(s["syncOptions"], {"initialSyncBehavior": "overwrite-destination"}, "syncOptions")
    eq(get(s["id"]), s, "get")

    status, out = api("GET", "%s/sync-name/my-sync?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"]))
    eq(status, 200, "by name")
    eq(out["secretSync"]["id"], s["id"], "by name id")

    status, out = api("GET", "%s?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"]))
    eq(status, 200, "list")
    eq([x["id"] for x in out["secretSyncs"]], [s["id"]], "list ids")

    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]), {"name": "renamed", "description": None})
    eq(status, 200, "update")
    u = out["secretSync"]
    eq(u["name"], "renamed", "name after update")
    eq(u["description"], None, "description after update")
    eq(u["syncStatus"], None, "no sync queued without auto-sync")
    eq(dev("GET", "/__dev/state")["syncJobs"]["queued"], 0, "jobs queued")

    status, out = api("DELETE", "%s/%s" % (BASE, s["id"]))
    eq(status, 200, "delete")
    eq(out["secretSync"]["name"], "renamed", "the deleted row is returned")
    error_of(api("GET", "%s/%s" % (BASE, s["id"])), 404, 'Could not find Northflank Sync with ID "%s"' % s["id"])


def test_create_defaults_and_stripping():
    body = sync_body(secretPath="/app/", unknownKey=1)
    del body["isAutoSyncEnabled"]
    body["destinationConfig"] = {"projectId": " proj-0001 ", "secretGroupId": "group-0001", "projectName": " P ",
                                 "extra": True}
    body["syncOptions"] = {"initialSyncBehavior": "overwrite-destination", "keySchema": " X_{{secretKey}} ",
                           "disableSecretDeletion": False, "other": 1}
    status, out = api("POST", BASE, body)
    eq(status, 200, "create (%r)" % (out,))
    s = out["secretSync"]
    eq(s["isAutoSyncEnabled"], True, "isAutoSyncEnabled defaults to true")
    eq(s["syncStatus"], "pending", "an auto-sync create answers pending")
    eq(s["folder"]["path"], "/app", "trailing slash removed")
    check("unknownKey" not in s, "unknown keys stripped")
    eq(s["destinationConfig"], {"projectId": "proj-0001", "projectName": "P", "secretGroupId": "group-0001"},
       "destinationConfig trimmed and stripped")
    eq(s["syncOptions"], {"initialSyncBehavior": "overwrite-destination", "keySchema": "X_{{secretKey}}",
                          "disableSecretDeletion": False}, "syncOptions as given, trimmed")
    idle()


def test_create_validation():
    issues = issues_of(api("POST", BASE, {}))
    for path in (["name"], ["projectId"], ["connectionId"], ["environment"], ["secretPath"], ["syncOptions"],
                 ["destinationConfig"]):
        has_issue(issues, path, "Required", "invalid_type")
    eq([i["path"] for i in issues],
       [["name"], ["projectId"], ["connectionId"], ["environment"], ["secretPath"], ["syncOptions"],
        ["destinationConfig"]], "issue order")

    issues = issues_of(api("POST", BASE, sync_body(name="Bad Name", environment="x" * 65, secretPath="  ",
                                                   description="d" * 257, projectId=" ",
                                                   connectionId="not-a-uuid")))
    has_issue(issues, ["name"], "name field can only contain lowercase letters, numbers, and hyphens", "custom")
    has_issue(issues, ["environment"], "environment field must be at most 64 lowercase characters", "too_big")
    has_issue(issues, ["secretPath"], "Secret path required", "too_small")
    has_issue(issues, ["description"], "Description cannot exceed 256 characters", "too_big")
    has_issue(issues, ["projectId"], "Project ID required", "too_small")
    has_issue(issues, ["connectionId"], "Invalid uuid", "invalid_string")

    issues = issues_of(api("POST", BASE, sync_body(name="a" * 257)))
    has_issue(issues, ["name"], "name field must be at most 256 lowercase characters", "too_big")
    eq(len(issues), 1, "a 256-character limit, not 64")
    create(name="a" * 256)

    issues = issues_of(api("POST", BASE, sync_body(syncOptions={"initialSyncBehavior": "nope"})))
    eq(issues[0]["code"], "invalid_enum_value", "enum code")
    eq(issues[0]["options"], ["overwrite-destination", "import-prioritize-source", "import-prioritize-destination"],
       "enum options")
    eq(issues[0]["message"], "Invalid enum value. Expected 'overwrite-destination' | 'import-prioritize-source' | "
                             "'import-prioritize-destination', received 'nope'", "enum message")
    eq(issues[0]["path"], ["syncOptions", "initialSyncBehavior"], "enum path")

    issues = issues_of(api("POST", BASE, sync_body(syncOptions={})))
    has_issue(issues, ["syncOptions", "initialSyncBehavior"], "Required", "invalid_type")

    for bad in ("PREFIX_", "A_{{secretKey}}!", "{{secretKey}}.{{other}}"):
        issues = issues_of(api("POST", BASE, sync_body(syncOptions={"initialSyncBehavior": "overwrite-destination",
                                                                    "keySchema": bad})))
        has_issue(issues, ["syncOptions", "keySchema"], KEY_SCHEMA_MESSAGE, "custom")
    create(name="schema-ok", syncOptions={"initialSyncBehavior": "overwrite-destination",
                                          "keySchema": "app/{{environment}}/{{secretKey}}-x_y"})

    issues = issues_of(api("POST", BASE, sync_body(syncOptions={"initialSyncBehavior": "import-prioritize-source",
                                                                "recursive": True})))
    eq(issues[0]["path"], ["syncOptions", "recursive"], "recursive refinement path")
    check(issues[0]["message"].startswith("A sync that includes subfolders cannot also import"), "recursive message")

    issues = issues_of(api("POST", BASE, sync_body(destinationConfig={"projectId": " ", "secretGroupId": ""})))
    has_issue(issues, ["destinationConfig", "projectId"], "Project ID is required", "too_small")
    has_issue(issues, ["destinationConfig", "secretGroupId"], "Secret Group ID is required", "too_small")
    issues = issues_of(api("POST", BASE, sync_body(destinationConfig={})))
    has_issue(issues, ["destinationConfig", "projectId"], "Required", "invalid_type")
    has_issue(issues, ["destinationConfig", "secretGroupId"], "Required", "invalid_type")

    issues = issues_of(api("POST", BASE, [1, 2]))
    eq(issues, [{"code": "invalid_type", "expected": "object", "received": "array", "path": [],
                 "message": "Expected object, received array"}], "a non-object body")


def test_update_rules():
    s = create(syncOptions={"initialSyncBehavior": "overwrite-destination", "keySchema": "X_{{secretKey}}",
                            "disableSecretDeletion": True})
    issues = issues_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"secretPath": " "}))
    has_issue(issues, ["secretPath"], "Invalid secret path", "too_small")
    issues = issues_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"syncOptions": {"keySchema": "X_{{secretKey}}"}}))
    has_issue(issues, ["syncOptions", "initialSyncBehavior"], "Required", "invalid_type")
    issues = issues_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"destinationConfig": {"projectId": "p"}}))
    has_issue(issues, ["destinationConfig", "secretGroupId"], "Required", "invalid_type")
    issues = issues_of(api("PATCH", "%s/not-a-uuid" % BASE, {}))
    eq(issues, [{"validation": "uuid", "code": "invalid_string", "message": "Invalid uuid", "path": ["syncId"]}],
       "the uuid param")

    # Whole replacement: options left out are gone.
    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]),
                      {"syncOptions": {"initialSyncBehavior": "import-prioritize-source"},
                       "destinationConfig": {"projectId": "proj-0002", "secretGroupId": "group-0003"}})
    eq(status, 200, "update")
    eq(out["secretSync"]["syncOptions"], {"initialSyncBehavior": "import-prioritize-source"}, "syncOptions replaced")
    eq(out["secretSync"]["destinationConfig"], {"projectId": "proj-0002", "secretGroupId": "group-0003"},
       "destinationConfig replaced")

    # Moving the source.
    seed({"A": "1"}, env="prod", path="/other")
    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]), {"environment": "prod", "secretPath": "/other/"})
    eq(status, 200, "move source (%r)" % (out,))
    eq(out["secretSync"]["environment"]["slug"], "prod", "new environment")
    eq(out["secretSync"]["folder"]["path"], "/other", "new path")
    error_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"environment": "staging"}), 400,
             'Could not find folder with path "/other" in environment "staging" for project with ID "%s"'
             % ENV["INFISICAL_DEV_PROJECT_ID"], "BadRequest")


def test_not_found_messages():
    missing = "00000000-0000-4000-8000-000000000000"
    quoted = 'Could not find Northflank Sync with ID "%s"' % missing
    error_of(api("GET", "%s/%s" % (BASE, missing)), 404, quoted, "NotFound")
    error_of(api("DELETE", "%s/%s" % (BASE, missing)), 404, quoted)
    error_of(api("POST", "%s/%s/sync-secrets" % (BASE, missing)), 404, quoted)
    error_of(api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, missing)), 404, quoted)
    error_of(api("POST", "%s/%s/remove-secrets" % (BASE, missing)), 404, quoted)
    error_of(api("PATCH", "%s/%s" % (BASE, missing), {}), 404,
             "Could not find Northflank Sync with ID %s" % missing, "NotFound")
    error_of(api("GET", "%s/sync-name/nope?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"])), 404,
             'Could not find Northflank Sync with name "nope"')
    issues = issues_of(api("GET", "%s/sync-name/%%20?projectId=x" % BASE))
    has_issue(issues, ["syncName"], "Sync name required", "too_small")
    issues = issues_of(api("GET", BASE))
    has_issue(issues, ["projectId"], "Required", "invalid_type")
    issues = issues_of(api("GET", BASE + "?projectId=%20"))
    has_issue(issues, ["projectId"], "Project ID required", "too_small")
    error_of(api("GET", BASE + "?projectId=other"), 404, "Project with other not found")


def test_query_validation():
    s = create()
    issues = issues_of(api("POST", "%s/%s/import-secrets" % (BASE, s["id"])))
    eq(issues, [{"code": "invalid_type", "expected": "'prioritize-source' | 'prioritize-destination'",
                 "received": "undefined", "path": ["importBehavior"], "message": "Required"}], "importBehavior")
    issues = issues_of(api("POST", "%s/%s/import-secrets?importBehavior=both" % (BASE, s["id"])))
    eq(issues[0]["code"], "invalid_enum_value", "importBehavior enum")
    issues = issues_of(api("DELETE", "%s/%s?removeSecrets=yes" % (BASE, s["id"])))
    eq(issues[0]["message"], "Invalid enum value. Expected 'true' | 'false', received 'yes'", "removeSecrets")
    eq(get(s["id"])["id"], s["id"], "still there")


def test_name_taken():
    a = create(name="one")
    create(name="two", destinationConfig={"projectId": "proj-0002", "secretGroupId": "group-0003"})
    msg = 'A Secret Sync with the name "one" already exists for the project with ID "%s"' % \
          ENV["INFISICAL_DEV_PROJECT_ID"]
    error_of(api("POST", BASE, sync_body(name="one")), 400, msg, "BadRequest")
    status, out = api("GET", "%s?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"]))
    eq(len(out["secretSyncs"]), 2, "no row added")
    two = [x for x in out["secretSyncs"] if x["name"] == "two"][0]
    error_of(api("PATCH", "%s/%s" % (BASE, two["id"]), {"name": "one"}), 400, msg)
    status, _ = api("PATCH", "%s/%s" % (BASE, a["id"]), {"name": "one"})
    eq(status, 200, "keeping one's own name")


def test_connection_and_folder_errors():
    missing = "00000000-0000-4000-8000-000000000001"
    error_of(api("POST", BASE, sync_body(connectionId=missing)), 404,
             "Could not find App Connection with ID %s" % missing, "NotFound")
    msg = 'Could not find folder with path "/nope" in environment "dev" for project with ID "%s"' % \
          ENV["INFISICAL_DEV_PROJECT_ID"]
    error_of(api("POST", BASE, sync_body(secretPath="/nope")), 400, msg, "BadRequest")
    error_of(api("POST", BASE, sync_body(environment="qa")), 400,
             'Could not find folder with path "/app" in environment "qa" for project with ID "%s"'
             % ENV["INFISICAL_DEV_PROJECT_ID"])
    error_of(api("POST", BASE, sync_body(projectId="someone-else")), 404, "Project with someone-else not found")
    s = create()
    error_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"connectionId": missing}), 404,
             "Could not find App Connection with ID %s" % missing)
    error_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"secretPath": "/nope"}), 400, msg)
    # A connection in use cannot be deleted.
    error_of(api("DELETE", "/api/v1/app-connections/northflank/%s" % CONN), 400,
             "Cannot delete App Connection with existing connections. Remove all existing connections and try again.")


def test_folder_deleted():
    s = create()
    eq(dev("DELETE", "/__dev/secrets?environment=dev&secretPath=/app")["foldersDeleted"], 1, "folders deleted")
    s = get(s["id"])
    eq((s["folderId"], s["folder"], s["environment"]), (None, None, None), "the joins after a folder delete")
    msg = "Invalid source configuration: folder no longer exists. Please configure a valid source and try again."
    error_of(api("POST", "%s/%s/sync-secrets" % (BASE, s["id"])), 400, msg)
    error_of(api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, s["id"])), 400, msg)
    error_of(api("POST", "%s/%s/remove-secrets" % (BASE, s["id"])), 400, msg)
    error_of(api("DELETE", "%s/%s?removeSecrets=true" % (BASE, s["id"])), 400, msg)
    error_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"environment": "dev"}), 400,
             "Must specify both source environment and secret path", "BadRequest")
    error_of(api("PATCH", "%s/%s" % (BASE, s["id"]), {"secretPath": "/app"}), 400,
             "Must specify both source environment and secret path")
    seed({"K": "v"})
    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]), {"environment": "dev", "secretPath": "/app"})
    eq(status, 200, "a new source")
    eq(out["secretSync"]["folder"]["path"], "/app", "the folder is back")


def test_sync_job_with_folder_gone():
    seed({"K": "v"})
    s = create(isAutoSyncEnabled=True)
    done = wait_done(s["id"])
    eq(done["syncStatus"], "succeeded", "first sync")
    dev("DELETE", "/__dev/secrets?environment=dev&secretPath=/app")
    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]), {"description": "x"})
    eq(status, 200, "update without a folder")
    eq(out["secretSync"]["syncStatus"], "succeeded", "no pending without a folder")
    done = wait_done(s["id"], prev_job=done["lastSyncJobId"])
    eq(done["syncStatus"], "failed", "the queued job fails")
    eq(json.loads(done["lastSyncMessage"]), {"message": "Invalid Secret Sync source configuration: folder no longer "
                                                        "exists. Please update source environment and secret path."},
       "message")
    eq(dev("GET", "/__dev/state")["syncJobs"]["retried"], 0, "not retried")


def test_other_app_and_destination():
    gh = dev("POST", "/__dev/app-connections", {"app": "github", "name": "gh"})["id"]
    error_of(api("POST", BASE, sync_body(connectionId=gh)), 400,
             "GitHub Connection with ID %s cannot be used to connect to Northflank" % gh, "BadRequest")
    error_of(api("GET", "/api/v1/app-connections/northflank/%s" % gh), 400,
             'App Connection with ID %s is not for App "northflank"' % gh)
    st, out = api("GET", "/api/v1/app-connections/northflank")
    eq([c["name"] for c in out["appConnections"]], ["nf-conn"], "the Northflank list")
    st, out = api("GET", "/api/v1/app-connections")
    eq(sorted((c["name"], c["app"]) for c in out["appConnections"]), [("gh", "github"), ("nf-conn", "northflank")],
       "every app")

    other = dev("POST", "/__dev/secret-syncs", {"name": "gh-sync", "connectionId": gh, "environment": "dev",
                                                "secretPath": "/app"})["secretSync"]
    eq(other["destination"], "github", "destination")
    eq(other["connection"]["app"], "github", "connection.app")
    msg = 'Secret sync with ID "%s" is not configured for Northflank' % other["id"]
    error_of(api("GET", "%s/%s" % (BASE, other["id"])), 400, msg, "BadRequest")
    error_of(api("GET", "%s/sync-name/gh-sync?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"])), 400, msg)
    error_of(api("PATCH", "%s/%s" % (BASE, other["id"]), {}), 400, msg)
    error_of(api("DELETE", "%s/%s" % (BASE, other["id"])), 400, msg)
    error_of(api("POST", "%s/%s/sync-secrets" % (BASE, other["id"])), 400, msg)
    # Names are unique across destinations.
    error_of(api("POST", BASE, sync_body(name="gh-sync")), 400,
             'A Secret Sync with the name "gh-sync" already exists for the project with ID "%s"'
             % ENV["INFISICAL_DEV_PROJECT_ID"])
    create(name="mine")
    st, out = api("GET", "%s?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"]))
    eq([x["name"] for x in out["secretSyncs"]], ["mine"], "the Northflank list")
    st, out = api("GET", "/api/v1/secret-syncs?projectId=%s" % ENV["INFISICAL_DEV_PROJECT_ID"])
    eq([(x["name"], x["destination"]) for x in out["secretSyncs"]], [("gh-sync", "github"), ("mine", "northflank")],
       "every destination")
    eq(seed({"A": "1"})["autoSyncsQueued"], 0, "no job for another destination")


def test_readonly_identity():
    s = create()
    eq(api("GET", "%s/%s" % (BASE, s["id"]), token=READONLY)[0], 200, "read-only may get")
    eq(api("GET", "%s?projectId=%s" % (BASE, ENV["INFISICAL_DEV_PROJECT_ID"]), token=READONLY)[0], 200, "and list")

    def denied(result, action):
        st, body = result
        eq(st, 403, "%s status" % action)
        eq(body["error"], "PermissionDenied", "error")
        eq(body["message"], "You are not allowed to %s on secret-syncs" % action, "message")
        eq(body["details"][0]["subject"], "secret-syncs", "details")

    denied(api("POST", BASE, sync_body(name="ro"), token=READONLY), "create")
    denied(api("PATCH", "%s/%s" % (BASE, s["id"]), {}, token=READONLY), "edit")
    denied(api("DELETE", "%s/%s" % (BASE, s["id"]), token=READONLY), "delete")
    denied(api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]), token=READONLY), "sync-secrets")
    denied(api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, s["id"]), token=READONLY),
           "import-secrets")
    denied(api("POST", "%s/%s/remove-secrets" % (BASE, s["id"]), token=READONLY), "remove-secrets")
    st, body = request("GET", "%s/%s" % (BASE, s["id"]))
    error_of((st, body), 401, "Token missing", "UnauthorizedError")
    st, body = request("GET", "%s/%s" % (BASE, s["id"]), token="st.service-token")
    eq(st, 403, "a service token")
    eq(body["message"], "You are not allowed to access this resource", "service token message")


def test_options_list_all_and_check_destination():
    st, out = api("GET", "/api/v1/secret-syncs/options")
    eq(st, 200, "options")
    names = [o["name"] for o in out["secretSyncOptions"]]
    eq(names, sorted(names), "sorted by name")
    nfo = [o for o in out["secretSyncOptions"] if o["destination"] == "northflank"][0]
    eq(nfo, {"name": "Northflank", "connection": "northflank", "destination": "northflank",
             "canImportSecrets": True, "canRemoveSecretsOnDeletion": True}, "Northflank item")
    s = create()
    st, out = api("GET", "/api/v1/secret-syncs?projectId=%s" % ENV["INFISICAL_DEV_PROJECT_ID"])
    eq(st, 200, "list all")
    eq(out["secretSyncs"][0]["destination"], "northflank", "list all carries destination")
    pid = ENV["INFISICAL_DEV_PROJECT_ID"]
    st, out = api("POST", BASE + "/check-destination",
                  {"projectId": pid, "destinationConfig": {"projectId": "proj-0001", "secretGroupId": "group-0001"}})
    eq((st, out), (200, {"hasDuplicate": True, "duplicateProjectId": pid}), "duplicate")
    st, out = api("POST", BASE + "/check-destination",
                  {"projectId": pid, "excludeSyncId": s["id"],
                   "destinationConfig": {"projectId": "proj-0001", "secretGroupId": "group-0001"}})
    eq(out, {"hasDuplicate": False}, "excluded")
    st, out = api("POST", BASE + "/check-destination", {"projectId": pid})
    eq(out, {"hasDuplicate": False}, "no config")
    issues = issues_of(api("POST", BASE + "/check-destination", {"projectId": "x"}))
    has_issue(issues, ["projectId"], "Invalid uuid")


def test_duplicate_destination_and_plan_limit():
    a = create(name="a")
    create(name="b")  # the same group is allowed by default
    dev("POST", "/__dev/settings", {"blockDuplicateSyncDestinations": True})
    msg = "A secret sync with this destination already exists in project %s." % ENV["INFISICAL_DEV_PROJECT_ID"]
    error_of(api("POST", BASE, sync_body(name="c")), 400, msg, "BadRequest")
    create(name="c", destinationConfig={"projectId": "proj-0002", "secretGroupId": "group-0003"})
    error_of(api("PATCH", "%s/%s" % (BASE, a["id"]),
                 {"destinationConfig": {"projectId": "proj-0002", "secretGroupId": "group-0003"}}), 400, msg)
    eq(api("PATCH", "%s/%s" % (BASE, a["id"]), {"description": "no destination change"})[0], 200,
       "an update without destinationConfig or connectionId is not checked")
    dev("POST", "/__dev/settings", {"secretSyncLimit": 3})
    error_of(api("POST", BASE, sync_body(name="d", projectId="not-checked-yet")), 400,
             "Failed to create secret sync due to plan limit reached. Upgrade plan to add more secret syncs.")
    eq(dev("GET", "/__dev/settings")["secretSyncLimit"], 3, "setting shown")


def test_empty_json_body():
    s = create()
    st, body = api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]), headers={"Content-Type": "application/json"},
                   raw=b"")
    eq(st, 500, "empty JSON body")
    eq(body["message"], "Something went wrong", "message")
    eq(body["error"], "InternalServerError", "error")
    st, body = api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    eq(st, 200, "no content type, no body")
    idle()


# ---- tests: jobs ----


def test_auto_sync_on_create_and_update():
    seed({"DB_URL": "postgres://db", "API_KEY": "k1"})
    s = create(isAutoSyncEnabled=True)
    eq(s["syncStatus"], "pending", "pending in the create reply")
    done = wait_done(s["id"])
    eq(done["syncStatus"], "succeeded", "succeeded")
    eq(done["lastSyncMessage"], None, "no message")
    check(done["lastSyncedAt"] is not None, "lastSyncedAt set")
    eq(len(done["lastSyncJobId"]), 36, "a UUID job id")
    eq(group_vars(), {"DB_URL": "postgres://db", "API_KEY": "k1"}, "unmanaged keys deleted, ours written")
    status, out = api("PATCH", "%s/%s" % (BASE, s["id"]), {"description": "only the description"})
    eq(out["secretSync"]["syncStatus"], "pending", "a description change queues a sync")
    again = wait_done(s["id"], prev_job=done["lastSyncJobId"])
    check(again["lastSyncJobId"] != done["lastSyncJobId"], "a fresh job id")
    eq(dev("GET", "/__dev/state")["syncJobs"]["succeeded"], 2, "two jobs")


def test_trigger_and_poll():
    seed({"A": "1"})
    s = create()
    st, out = api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    eq(st, 200, "trigger")
    eq(out["secretSync"]["syncStatus"], "pending", "pending")
    eq(out["secretSync"]["lastSyncJobId"], None, "the reply has no job id")
    done = wait_done(s["id"])
    eq(done["syncStatus"], "succeeded", "succeeded")
    eq(group_vars(), {"A": "1"}, "group after sync")
    state = dev("GET", "/__dev/state")["syncJobs"]
    eq((state["queued"], state["run"], state["succeeded"], state["northflankReads"], state["northflankWrites"]),
       (1, 1, 1, 1, 1), "counters")
    eq(dev("GET", "/__dev/state")["northflankPatches"], 0, "job writes are not HTTP PATCHes")


def test_merge_key_schema():
    seed({"DB": "d", "API": "a"})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"INF_OLD": "stale", "OTHER": "keep", "INF_DB": "old"}}})
    s = create(syncOptions={"initialSyncBehavior": "overwrite-destination", "keySchema": "INF_{{secretKey}}"})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    eq(wait_done(s["id"])["syncStatus"], "succeeded", "sync")
    eq(group_vars(), {"OTHER": "keep", "INF_DB": "d", "INF_API": "a"},
       "keys fitting the schema are Infisical's (INF_OLD deleted), others stay")


def test_merge_disable_secret_deletion():
    seed({"DB": "d"})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"DB": "dest", "OTHER": "keep"}}})
    s = create(syncOptions={"initialSyncBehavior": "overwrite-destination", "disableSecretDeletion": True})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    eq(wait_done(s["id"])["syncStatus"], "succeeded", "sync")
    eq(group_vars(), {"OTHER": "keep", "DB": "d"}, "nothing deleted, Infisical wins the conflict")


def test_key_schema_environment_and_slashes():
    seed({"DB": "d"}, env="staging", path="/svc")
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"app/staging/OLD": "x", "app/staging/deep/KEY": "y", "app/prod/OLD": "z"}}})
    s = create(environment="staging", secretPath="/svc",
               syncOptions={"initialSyncBehavior": "overwrite-destination",
                            "keySchema": "app/{{environment}}/{{secretKey}}"})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    eq(wait_done(s["id"])["syncStatus"], "succeeded", "sync")
    # A key part with "/" does not fit a schema with path separators: it stays.
    eq(group_vars(), {"app/staging/deep/KEY": "y", "app/prod/OLD": "z", "app/staging/DB": "d"}, "group")


def test_import_prioritize_source_and_destination():
    seed({"SAME": "src", "ONLY_SRC": "s"})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"X_SAME": "dst", "X_NEW": "n", "X_EMPTY": "", "UNRELATED": "u"}}})
    s = create(syncOptions={"initialSyncBehavior": "overwrite-destination", "keySchema": "X_{{secretKey}}"})
    st, out = api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, s["id"]))
    eq(st, 200, "import")
    eq(out["secretSync"]["importStatus"], "pending", "importStatus pending")
    done = wait_done(s["id"], "import")
    eq(done["importStatus"], "succeeded", "import succeeded")
    check(done["lastImportedAt"] is not None, "lastImportedAt")
    eq(done["syncStatus"], None, "an import pushes nothing")
    eq(source(), {"SAME": "src", "ONLY_SRC": "s", "NEW": "n", "EMPTY": ""}, "prioritize-source adds only")
    api("POST", "%s/%s/import-secrets?importBehavior=prioritize-destination" % (BASE, s["id"]))
    done = wait_done(s["id"], "import", prev_job=done["lastImportJobId"])
    eq(done["importStatus"], "succeeded", "second import")
    eq(source(), {"SAME": "dst", "ONLY_SRC": "s", "NEW": "n", "EMPTY": ""},
       "prioritize-destination overwrites differing non-empty values")
    eq(group_vars()["X_SAME"], "dst", "the destination is untouched")


def test_import_invalid_names():
    seed({})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"a/b": "1", "c:d": "2", "OK": "3"}}})
    s = create()
    api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, s["id"]))
    done = wait_done(s["id"], "import")
    eq(done["importStatus"], "failed", "import failed")
    eq(json.loads(done["lastImportMessage"]),
       {"message": "Found 2 invalid secret names. Secret name cannot contain colon or forward slash."}, "message")
    eq(source(), {}, "nothing imported")


def test_initial_sync_imports_once():
    seed({"SAME": "src"})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"SAME": "dst", "FROM_DEST": "d"}}})
    s = create(isAutoSyncEnabled=True, syncOptions={"initialSyncBehavior": "import-prioritize-destination"})
    done = wait_done(s["id"])
    eq(done["syncStatus"], "succeeded", "first sync")
    eq(source(), {"SAME": "dst", "FROM_DEST": "d"}, "imported into Infisical first")
    eq(group_vars(), {"SAME": "dst", "FROM_DEST": "d"}, "then pushed")
    eq(done["importStatus"], None, "the initial import is part of the sync job")
    # After a successful sync the import step is skipped: the destination's new key is deleted.
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"SAME": "dst", "FROM_DEST": "d", "LATER": "l"}}})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    wait_done(s["id"], prev_job=done["lastSyncJobId"])
    eq(source(), {"SAME": "dst", "FROM_DEST": "d"}, "no second import")
    eq(group_vars(), {"SAME": "dst", "FROM_DEST": "d"}, "LATER deleted")


def test_initial_sync_prioritize_source():
    seed({"SAME": "src"})
    nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
       {"secrets": {"variables": {"SAME": "dst", "FROM_DEST": "d"}}})
    s = create(isAutoSyncEnabled=True, syncOptions={"initialSyncBehavior": "import-prioritize-source"})
    eq(wait_done(s["id"])["syncStatus"], "succeeded", "first sync")
    eq(source(), {"SAME": "src", "FROM_DEST": "d"}, "source kept its value")
    eq(group_vars(), {"SAME": "src", "FROM_DEST": "d"}, "pushed")


def test_remove_only_current_keys():
    seed({"A": "1", "B": "2"})
    s = create(isAutoSyncEnabled=True, syncOptions={"initialSyncBehavior": "overwrite-destination",
                                                    "disableSecretDeletion": True})
    wait_done(s["id"])
    eq(group_vars(), {"GROUP_ID": "group-0001", "LOG_LEVEL": "info", "A": "1", "B": "2"}, "after sync")
    seed({"A": "1"}, queue=False)  # B left Infisical: remove keeps it in Northflank
    st, out = api("POST", "%s/%s/remove-secrets" % (BASE, s["id"]))
    eq(out["secretSync"]["removeStatus"], "pending", "removeStatus pending")
    done = wait_done(s["id"], "remove")
    eq(done["removeStatus"], "succeeded", "remove succeeded")
    check(done["lastRemovedAt"] is not None, "lastRemovedAt")
    eq(group_vars(), {"GROUP_ID": "group-0001", "LOG_LEVEL": "info", "B": "2"}, "only A removed")


def test_lock():
    seed({"A": "1"})
    s = create()
    dev("POST", "/__dev/settings", {"syncJobDelayMs": 400})
    eq(api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))[0], 200, "first trigger")
    jobs = dev("GET", "/__dev/sync-jobs")["jobs"]
    eq([(j["kind"], j["state"]) for j in jobs], [("sync", "pending")], "one pending job")
    error_of(api("POST", "%s/%s/sync-secrets" % (BASE, s["id"])), 400, LOCKED, "BadRequest")
    error_of(api("POST", "%s/%s/import-secrets?importBehavior=prioritize-source" % (BASE, s["id"])), 400, LOCKED)
    error_of(api("POST", "%s/%s/remove-secrets" % (BASE, s["id"])), 400, LOCKED)
    error_of(api("DELETE", "%s/%s?removeSecrets=true" % (BASE, s["id"])), 400, LOCKED)
    # A plain update is not locked (an auto-sync one would queue another job).
    eq(api("PATCH", "%s/%s" % (BASE, s["id"]), {"description": "d"})[0], 200, "update while locked")
    eq(wait_done(s["id"])["syncStatus"], "succeeded", "the job ran after its delay")
    eq(api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))[0], 200, "free again")
    idle()


def test_retries_then_failure():
    seed({"A": "1"})
    s = create()
    dev("POST", "/__dev/settings", {"syncRetryBaseMs": 40})
    dev("POST", "/__dev/northflank/job-faults",
        {"op": "read", "status": 503, "message": "Service unavailable", "details": {"region": ["is down"]},
         "times": 5})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    seen = wait_for("running during the backoff", lambda: get(s["id"])["syncStatus"] == "running")
    check(seen, "running")
    mid = get(s["id"])
    eq((mid["lastSyncJobId"], mid["lastSyncMessage"]), (None, None), "a retried failure leaves the row alone")
    done = wait_done(s["id"])
    eq(done["syncStatus"], "failed", "failed after 5 attempts")
    eq(done["lastSyncedAt"], None, "lastSyncedAt untouched")
    body = {"error": {"status": 503, "message": "Service unavailable", "details": {"region": ["is down"]}}}
    eq(json.loads(done["lastSyncMessage"]),
       {"message": "Failed to fetch Northflank secrets. Northflank API returned an error. Service unavailable. "
                   "region: is down", "error": body}, "lastSyncMessage")
    state = dev("GET", "/__dev/state")["syncJobs"]
    eq((state["run"], state["retried"], state["failed"]), (5, 4, 1), "five attempts")
    eq(dev("GET", "/__dev/northflank/job-faults")["faults"], [], "the fault was used up")


def test_retry_then_success_and_flat_errors():
    seed({"A": "1"})
    s = create()
    dev("POST", "/__dev/northflank/settings", {"errorShape": "flat"})
    dev("POST", "/__dev/northflank/job-faults", {"op": "write", "status": 500, "message": "boom", "times": 2})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    done = wait_done(s["id"])
    eq(done["syncStatus"], "succeeded", "third attempt succeeded")
    eq(done["lastSyncMessage"], None, "message cleared")
    state = dev("GET", "/__dev/state")["syncJobs"]
    eq((state["run"], state["retried"], state["northflankWrites"]), (3, 2, 3), "counters")
    # A flat error shape in a failure: the top-level message is used.
    dev("POST", "/__dev/northflank/job-faults", {"op": "write", "status": 500, "message": "flat boom", "times": 5})
    dev("POST", "/__dev/settings", {"syncRetryBaseMs": 0})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    done = wait_done(s["id"], prev_job=done["lastSyncJobId"])
    eq(json.loads(done["lastSyncMessage"]),
       {"message": "Failed to update Northflank secrets. Northflank API returned an error. flat boom",
        "error": {"message": "flat boom"}}, "flat")
    check(done["lastSyncedAt"] is not None, "the earlier success's lastSyncedAt stays")


def test_token_permissions_and_missing_group():
    seed({"A": "1"})
    dev("POST", "/__dev/northflank/tokens", {"token": "nf-no-values", "permissions": ["projects:read"]})
    st, out = api("POST", "/api/v1/app-connections/northflank",
                  {"name": "weak", "method": "api-token", "credentials": {"apiToken": "nf-no-values"}})
    eq(st, 200, "weak connection")
    weak = out["appConnection"]["id"]
    s = create(connectionId=weak)
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    done = wait_done(s["id"])
    eq(done["syncStatus"], "failed", "failed")
    eq(json.loads(done["lastSyncMessage"])["message"],
       "Failed to fetch Northflank secrets. Northflank API returned an error. Insufficient permissions: "
       "secret-groups:read-values", "403 text")
    dev("POST", "/__dev/northflank/tokens",
        {"token": "nf-no-values", "permissions": ["projects:read", "secret-groups:read-values"]})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    done = wait_done(s["id"], prev_job=done["lastSyncJobId"])
    eq(json.loads(done["lastSyncMessage"])["message"],
       "Failed to update Northflank secrets. Northflank API returned an error. Insufficient permissions: "
       "secret-groups:update", "write refused")
    s2 = create(name="gone", destinationConfig={"projectId": "proj-0001", "secretGroupId": "group-9999"})
    api("POST", "%s/%s/sync-secrets" % (BASE, s2["id"]))
    done = wait_done(s2["id"])
    eq(json.loads(done["lastSyncMessage"]),
       {"message": "Failed to fetch Northflank secrets. Northflank API returned an error. Secret not found",
        "error": {"error": {"status": 404, "message": "Secret not found", "details": {}}}}, "404")


def test_message_truncated():
    seed({"A": "1"})
    s = create()
    dev("POST", "/__dev/settings", {"syncRetryBaseMs": 0})
    dev("POST", "/__dev/northflank/job-faults", {"op": "read", "status": 500, "message": "x" * 3000, "times": 5})
    api("POST", "%s/%s/sync-secrets" % (BASE, s["id"]))
    msg = wait_done(s["id"])["lastSyncMessage"]
    eq(len(msg), 1024, "1024 characters")
    check(msg.endswith("...") and msg.startswith('{"message":"Failed to fetch'), "truncated JSON")


def test_delete_with_remove_secrets():
    seed({"A": "1"})
    s = create(isAutoSyncEnabled=True, syncOptions={"initialSyncBehavior": "overwrite-destination",
                                                    "keySchema": "S_{{secretKey}}"})
    wait_done(s["id"])
    eq(group_vars(), {"GROUP_ID": "group-0001", "LOG_LEVEL": "info", "S_A": "1"}, "synced")
    st, out = api("DELETE", "%s/%s?removeSecrets=true" % (BASE, s["id"]))
    eq(st, 200, "delete with removal")
    eq(out["secretSync"]["removeStatus"], "pending", "removeStatus pending, row kept")
    wait_for("the row to go", lambda: api("GET", "%s/%s" % (BASE, s["id"]))[0] == 404)
    eq(group_vars(), {"GROUP_ID": "group-0001", "LOG_LEVEL": "info"}, "removed")
    eq(dev("GET", "/__dev/state")["secretSyncs"], 0, "no rows")


def test_delete_with_remove_failure_keeps_row():
    seed({"A": "1"})
    s = create()
    dev("POST", "/__dev/northflank/job-faults", {"op": "write", "status": 500, "message": "no"})
    api("DELETE", "%s/%s?removeSecrets=true" % (BASE, s["id"]))
    done = wait_done(s["id"], "remove")
    eq(done["removeStatus"], "failed", "one attempt only")
    eq(dev("GET", "/__dev/state")["syncJobs"]["retried"], 0, "no retry for a remove")


def test_source_change_queues_auto_syncs():
    seed({"A": "1"})
    auto = create(name="auto", isAutoSyncEnabled=True)
    manual = create(name="manual", destinationConfig={"projectId": "proj-0002", "secretGroupId": "group-0003"})
    first = wait_done(auto["id"])
    out = seed({"A": "2", "B": "3"})
    eq(out["autoSyncsQueued"], 1, "one auto-sync queued")
    eq(get(auto["id"])["syncStatus"] in ("pending", "running", "succeeded"), True, "queued")
    wait_done(auto["id"], prev_job=first["lastSyncJobId"])
    eq(group_vars(), {"A": "2", "B": "3"}, "the change reached Northflank")
    eq(get(manual["id"])["syncStatus"], None, "the manual sync was left alone")


def test_deleted_sync_job_just_ends():
    seed({"A": "1"})
    dev("POST", "/__dev/settings", {"syncJobDelayMs": 200})
    s = create(isAutoSyncEnabled=True)
    api("DELETE", "%s/%s" % (BASE, s["id"]))
    idle()
    state = dev("GET", "/__dev/state")["syncJobs"]
    eq((state["run"], state["skipped"]), (0, 1), "skipped")


def test_reset_clears_syncs_and_sources():
    seed({"A": "1"})
    create(isAutoSyncEnabled=True)
    dev("POST", "/__dev/northflank/job-faults", {"op": "read", "delayMs": 300})
    time.sleep(0.05)
    dev("POST", "/__dev/reset")
    state = dev("GET", "/__dev/state")
    eq(state["secretSyncs"], 0, "no syncs")
    eq(state["syncJobs"]["queued"], 0, "counters reset")
    eq([f["secretPath"] for f in dev("GET", "/__dev/secrets")["folders"]], ["/", "/", "/"], "three roots")
    time.sleep(0.4)
    eq(dev("GET", "/__dev/state")["syncJobs"]["succeeded"], 0, "the dropped job did not count")
    eq(dev("GET", "/__dev/settings")["syncJobDelayMs"], 0, "settings back")


def test_admin_secrets_endpoint():
    out = seed({"K": "v"}, env="prod", path="/a/b/")
    eq(out["secretPath"], "/a/b", "canonical path")
    folders = [(f["environment"], f["secretPath"]) for f in dev("GET", "/__dev/secrets")["folders"]]
    check(("prod", "/a") in folders, "parent folder created")
    st, _ = request("POST", "/__dev/secrets", {"environment": "qa", "secretPath": "/", "secrets": {}})
    eq(st, 400, "unknown environment")
    st, _ = request("POST", "/__dev/secrets", {"environment": "dev", "secretPath": "/", "secrets": {"a/b": "x"}})
    eq(st, 400, "bad secret name")
    st, _ = request("GET", "/__dev/secrets?environment=dev&secretPath=/none")
    eq(st, 404, "missing folder")
    st, _ = request("DELETE", "/__dev/secrets?environment=dev&secretPath=/")
    eq(st, 400, "root")


# ---- tests: the Northflank stand-in's shapes ----


def test_stand_in_shapes():
    st, out = nf("GET", "/v1/projects/proj-0001/secrets/group-0001/details")
    eq(st, 200, "details")
    data = out["data"]
    for key in ("createdAt", "updatedAt"):
        check(isinstance(data[key], str) and data[key].endswith("Z"), key)
    eq(data["addonSecrets"], [], "addonSecrets")
    st, out = nf("PATCH", "/v1/projects/proj-0001/secrets/group-0001",
                 {"description": "new", "priority": 5, "secrets": {"variables": {"K": "v"}}})
    eq(st, 200, "patch")
    d = out["data"]
    eq((d["id"], d["name"], d["description"], d["priority"], d["secretType"]),
       ("group-0001", "Secret Group 0001", "new", 5, "environment-arguments"), "the patch reply is the group")
    check("secrets" not in d, "without its values")
    st, out = nf("POST", "/v1/projects/proj-0001/secrets/group-0001", {"secrets": {"variables": {"P": "1"}}})
    eq(st, 200, "update.secret")
    eq(out["data"]["id"], "group-0001", "post reply")
    eq(group_vars(), {"P": "1"}, "post replaced the values")
    dev("POST", "/__dev/northflank/tokens", {"token": "nf-ro", "permissions": ["secret-groups:read-values"]})
    st, out = nf("POST", "/v1/projects/proj-0001/secrets/group-0001", {}, token="nf-ro")
    eq(st, 403, "post needs secret-groups:update")
    eq(out["error"]["message"], "Insufficient permissions: secret-groups:update", "403 text")
    eq(dev("GET", "/__dev/state")["northflankPatches"], 2, "both writes counted")


# ---- runner ----


def start(path):
    proc = subprocess.Popen([path], stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        key, _, value = line.strip().partition("=")
        ENV[key] = value
        if key == "INFISICAL_DEV_READY":
            break
    if "INFISICAL_DEV_READY" not in ENV:
        raise SystemExit("the devserver did not start")
    return proc


def login(client_id, client_secret):
    st, out = request("POST", "/api/v1/auth/universal-auth/login",
                      {"clientId": client_id, "clientSecret": client_secret})
    if st != 200:
        raise SystemExit("login failed: %r" % (out,))
    return out["accessToken"]


def setup():
    global CONN, READONLY
    dev("POST", "/__dev/reset")
    st, out = api("POST", "/api/v1/app-connections/northflank",
                  {"name": "nf-conn", "method": "api-token",
                   "credentials": {"apiToken": ENV["INFISICAL_DEV_NORTHFLANK_TOKEN"]}})
    if st != 200:
        raise Failure("connection: %r" % (out,))
    CONN = out["appConnection"]["id"]
    READONLY = login(ENV["INFISICAL_DEV_READONLY_CLIENT_ID"], ENV["INFISICAL_DEV_READONLY_CLIENT_SECRET"])
    seed({}, queue=False)


def main(argv):
    global ADMIN
    if len(argv) < 2:
        print("usage: test_secret_syncs.py <infisical-devserver> [test ...]", file=sys.stderr)
        return 2
    proc = start(argv[1])
    ADMIN = ENV["INFISICAL_DEV_ACCESS_TOKEN"]
    names = argv[2:] or [n for n in globals() if n.startswith("test_")]
    passed = failed = 0
    try:
        for name in names:
            try:
                setup()
                globals()[name]()
                passed += 1
                print("ok     %s" % name)
            except Failure as e:
                failed += 1
                print("FAIL   %s: %s" % (name, e))
            except Exception:  # a bug in the test or a crash of the server
                failed += 1
                print("ERROR  %s\n%s" % (name, traceback.format_exc()))
            sys.stdout.flush()
    finally:
        proc.terminate()
        try:
            rc = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "killed"
    if rc not in (0,):
        failed += 1
        print("FAIL   the devserver exited with %s on SIGTERM" % rc)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
