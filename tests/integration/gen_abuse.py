#!/usr/bin/env python3
"""Generate the cases of tests/integration/test_abuse.c from the public headers.

    gen_abuse.py OUTPUT.h include/infisical/*.h

Every prototype `INFISICAL_API ... infisical_x(...);` of the headers becomes
cases (test_abuse.c runs them against the devserver):

  * NULL in each pointer parameter in turn, every other argument valid:
    INFISICAL_EINVAL with nothing sent, unless the rules below or the
    exception table NULL_ALLOWED say otherwise;
  * each `const char *` parameter given CR/LF, TAB, DEL, invalid UTF-8, ""
    and one byte over each of its limits (the INFISICAL_..._MAX macros named
    in STRINGS): INFISICAL_EINVAL with nothing sent, unless STRINGS records
    that the header documents the value as accepted (then INFISICAL_OK);
  * the documented default: `opts` NULL is a call with the client's defaults,
    which must succeed.

The rules that need no table: a `_free` function accepts NULL; a getter (a
function that returns a value, not a status) given NULL returns its "absent"
value (NULL, 0, -1 or INFISICAL_TIME_ABSENT; GETTER_NULL_RESULT names the
others); `err` NULL is allowed (the driver runs every case twice, with an
error out parameter and with NULL). A function with no pointer parameter at
all is called once with valid arguments (NO_POINTER says why that is all).

The tables name functions and parameters; the generator fails (and so the
build) when a table names a function or parameter the headers no longer
have, when a `const char *` parameter has no STRINGS entry, or when a
parameter has no valid value: a new function cannot be forgotten. The driver
also checks the generated list against tests/abi/exports.txt, so a
prototype this parser missed fails the test.

Python 3, standard library only.
"""
import re
import sys

# ---- the exception table: NULL documented as allowed ----------------------
# (function, parameter): why the header allows NULL there. The case then
# expects INFISICAL_OK (the call goes through with the documented meaning).
NULL_ALLOWED = {
    ("infisical_config_set_ca_file", "path"): "NULL returns to the default trust store",
    ("infisical_config_set_ca_dir", "path"): "NULL returns to the default trust store",
    ("infisical_config_set_ca_pem", "pem"): "NULL removes the in-memory bundle",
    ("infisical_config_set_proxy", "proxy"): "NULL returns to the proxy environment variables",
    ("infisical_config_set_no_proxy", "hosts"): "NULL returns to the no_proxy environment variable",
    ("infisical_config_set_cancel_hook", "fn"): "NULL removes the hook",
    ("infisical_config_set_cancel_hook", "user"): "passed to the hook as is, never read",
    ("infisical_config_set_log", "fn"): "NULL removes the callback",
    ("infisical_config_set_log", "user"): "passed to the callback as is, never read",
    ("infisical_config_set_org_slug", "slug"): "NULL removes the organization header",
    ("infisical_config_set_user_agent_suffix", "suffix"): "NULL removes the suffix",
    ("infisical_config_set_access_token", "token"): "NULL removes the token",
    ("infisical_call_options_set_cancel_hook", "fn"): "NULL means this call has no hook",
    ("infisical_call_options_set_cancel_hook", "user"): "passed to the hook as is, never read",
    ("infisical_northflank_params_set_description", "description"): "NULL clears the description (sent as null)",
    ("infisical_sync_params_set_description", "description"): "NULL clears the description (sent as null)",
    ("infisical_sync_params_set_key_schema", "key_schema"): "NULL means no key schema",
    ("infisical_sync_params_set_destination", "project_name"): "display names are optional",
    ("infisical_sync_params_set_destination", "secret_group_name"): "display names are optional",
    ("infisical_northflank_get_by_name", "project_id"): "NULL looks among organization-level connections",
    ("infisical_northflank_list", "project_id"): "NULL lists the whole organization",
    ("infisical_northflank_list_available", "project_id"): "NULL lists organization-level connections only",
    ("infisical_northflank_create", "out"): "optional: the created connection is not wanted",
    ("infisical_northflank_update", "out"): "optional: the updated connection is not wanted",
    ("infisical_northflank_delete", "out"): "optional: the deleted record is not wanted",
    ("infisical_northflank_sync_create", "out"): "optional: the created sync is not wanted",
    ("infisical_northflank_sync_update", "out"): "optional: the updated sync is not wanted",
    ("infisical_northflank_sync_delete", "out"): "optional: the deleted sync is not wanted",
    ("infisical_northflank_sync_trigger", "out"): "optional: the sync after queuing is not wanted",
}

# Getters whose NULL result is documented as something other than NULL/0/-1.
GETTER_NULL_RESULT = {
    "infisical_error_message": ('""', "the header: \"\" for NULL"),
}

# Functions without any pointer parameter: nothing to abuse but their scalar
# arguments, whose ranges the unit tests cover; each is called once with valid
# arguments so that it has a case.
NO_POINTER = {
    "infisical_status_str": "takes a status code; unknown codes give \"unknown status\" (unit tests)",
    "infisical_status_name": "takes a status code; unknown codes give NULL (unit tests)",
    "infisical_version": "no arguments",
    "infisical_version_number": "no arguments",
    "infisical_global_init": "no arguments",
    "infisical_global_cleanup": "no arguments",
    "infisical_preflight_permission_name": "takes an index; out of range gives NULL (unit tests)",
}

# ---- strings ---------------------------------------------------------------
# The abusive values. Each is made at run time from the parameter's valid
# value: the characters go into its middle (not at an end, where a value the
# server trims would lose them).
# Invalid UTF-8 three ways: a byte that never occurs (0xFF), an overlong
# encoding of '/' (C0 AF) and a UTF-16 surrogate (ED A0 80).
KINDS = ["crlf", "tab", "del", "utf8", "overlong", "surrogate", "empty"]

# (function, parameter): limits (INFISICAL_..._MAX, each gets a value one
# over it, made of 'a' after `prefix` so that only its length is wrong),
# accepted kinds with the reason the header gives, and whether the error
# message names the limit (a UUID's is "Invalid uuid").
def S(limits, prefix="", accept=None, names_limit=True):
    return {"limits": limits, "prefix": prefix, "accept": accept or {}, "names_limit": names_limit}

PEM_OK = "any bytes: a bundle's comment lines may be in any encoding (config.h)"
PATH_OK = "a path is bytes to the file system: any but control characters (config.h)"
PATH = {"utf8": PATH_OK, "overlong": PATH_OK, "surrogate": PATH_OK}
DESC = {
    "crlf": "free text: line breaks are kept (the contract: z.string().trim().max(256))",
    "tab": "free text: the contract accepts any character (z.string().trim().max(256))",
    "del": "free text: the contract accepts any character (z.string().trim().max(256))",
    "empty": "\"\" trims to an empty description, which the contract allows",
}
DISPLAY_EMPTY = "an optional display name, trimmed, no minimum (the sync contract, destinationConfig)"
NAME_LIMITS = ["INFISICAL_NAME_MAX", "INFISICAL_NAME_BYTES_MAX"]

STRINGS = {
    ("infisical_constant", "name"): S([], names_limit=False),
    ("infisical_constant_string", "name"): S([], names_limit=False),
    ("infisical_config_set_base_url", "url"): S(["INFISICAL_URL_MAX"], "http://h/"),
    ("infisical_config_set_northflank_url", "url"): S(["INFISICAL_URL_MAX"], "http://h/"),
    ("infisical_config_set_ca_file", "path"): S(["INFISICAL_PATH_MAX"], "/", PATH),
    ("infisical_config_set_ca_dir", "path"): S(["INFISICAL_PATH_MAX"], "/", PATH),
    ("infisical_config_set_ca_pem", "pem"): S(["INFISICAL_CA_PEM_MAX"], "-----BEGIN CERTIFICATE-----\n",
                                              {k: PEM_OK for k in KINDS if k != "empty"}),
    ("infisical_config_set_proxy", "proxy"): S(["INFISICAL_PROXY_MAX"], "http://h/",
                                               {"empty": "\"\" means no proxy at all (config.h)"}),
    ("infisical_config_set_no_proxy", "hosts"): S(["INFISICAL_NO_PROXY_MAX"], "h,",
                                                  {"empty": "\"\" means no host bypasses the proxy (config.h)"}),
    ("infisical_config_set_org_slug", "slug"): S(["INFISICAL_ORG_SLUG_MAX"]),
    ("infisical_config_set_user_agent_suffix", "suffix"): S(["INFISICAL_USER_AGENT_SUFFIX_MAX"]),
    ("infisical_config_set_access_token", "token"): S(["INFISICAL_ACCESS_TOKEN_MAX"]),
    ("infisical_config_set_universal_auth", "client_id"): S(["INFISICAL_CLIENT_ID_MAX"]),
    ("infisical_config_set_universal_auth", "client_secret"): S(["INFISICAL_CLIENT_SECRET_MAX"]),
    ("infisical_connection_credentials_changed_since", "stored_hash"): S(["INFISICAL_CREDENTIALS_HASH_MAX"]),
    ("infisical_northflank_params_set_name", "name"): S(NAME_LIMITS),
    ("infisical_northflank_params_set_description", "description"):
        S(["INFISICAL_DESCRIPTION_MAX", "INFISICAL_DESCRIPTION_BYTES_MAX"], "", DESC),
    ("infisical_northflank_params_set_project_id", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_params_set_api_token", "api_token"): S(["INFISICAL_NORTHFLANK_TOKEN_MAX"]),
    ("infisical_northflank_get", "connection_id"): S(["INFISICAL_CONNECTION_ID_MAX"]),
    ("infisical_northflank_get_by_name", "name"): S(["INFISICAL_NAME_BYTES_MAX"]),
    ("infisical_northflank_get_by_name", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_list", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_list_available", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_update", "connection_id"): S(["INFISICAL_CONNECTION_ID_MAX"]),
    ("infisical_northflank_delete", "connection_id"): S(["INFISICAL_CONNECTION_ID_MAX"]),
    ("infisical_northflank_api_new", "api_token"): S(["INFISICAL_NORTHFLANK_TOKEN_MAX"]),
    ("infisical_northflank_api_list_secret_groups", "project_id"): S(["INFISICAL_NORTHFLANK_PROJECT_ID_MAX"]),
    ("infisical_sync_params_set_name", "name"): S(["INFISICAL_SYNC_NAME_MAX"]),
    ("infisical_sync_params_set_description", "description"):
        S(["INFISICAL_DESCRIPTION_MAX", "INFISICAL_DESCRIPTION_BYTES_MAX"], "", DESC),
    ("infisical_sync_params_set_project_id", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_sync_params_set_connection_id", "connection_id"): S(["INFISICAL_SYNC_ID_MAX"], names_limit=False),
    ("infisical_sync_params_set_source", "environment"): S(["INFISICAL_ENVIRONMENT_MAX"]),
    ("infisical_sync_params_set_source", "secret_path"): S(["INFISICAL_SECRET_PATH_MAX"], "/"),
    ("infisical_sync_params_set_key_schema", "key_schema"): S(["INFISICAL_KEY_SCHEMA_MAX"], "{{secretKey}}"),
    ("infisical_sync_params_set_destination", "project_id"): S(["INFISICAL_DESTINATION_FIELD_MAX"]),
    ("infisical_sync_params_set_destination", "secret_group_id"): S(["INFISICAL_DESTINATION_FIELD_MAX"]),
    ("infisical_sync_params_set_destination", "project_name"):
        S(["INFISICAL_DESTINATION_FIELD_MAX"], "", {"empty": DISPLAY_EMPTY}),
    ("infisical_sync_params_set_destination", "secret_group_name"):
        S(["INFISICAL_DESTINATION_FIELD_MAX"], "", {"empty": DISPLAY_EMPTY}),
    ("infisical_northflank_sync_get", "sync_id"): S(["INFISICAL_SYNC_ID_MAX"], names_limit=False),
    ("infisical_northflank_sync_get_by_name", "name"): S(["INFISICAL_NAME_BYTES_MAX"]),
    ("infisical_northflank_sync_get_by_name", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_sync_list", "project_id"): S(["INFISICAL_PROJECT_ID_MAX"]),
    ("infisical_northflank_sync_update", "sync_id"): S(["INFISICAL_SYNC_ID_MAX"], names_limit=False),
    ("infisical_northflank_sync_delete", "sync_id"): S(["INFISICAL_SYNC_ID_MAX"], names_limit=False),
    ("infisical_northflank_sync_trigger", "sync_id"): S(["INFISICAL_SYNC_ID_MAX"], names_limit=False),
}
# A connection id is a UUID: the message of a wrong one is "Invalid uuid".
for key in STRINGS:
    if key[1] == "connection_id":
        STRINGS[key]["names_limit"] = False

# ---- valid values ----------------------------------------------------------
# C expressions; the fixture (struct fx in test_abuse.c) holds live objects.
VALID_STRING_BY_CALL = {
    ("infisical_constant", "name"): '"INFISICAL_NAME_MAX"',
    ("infisical_constant_string", "name"): '"INFISICAL_VERSION_STRING"',
    ("infisical_config_set_ca_file", "path"): '"/etc/ssl/certs/ca-certificates.crt"',
    ("infisical_config_set_ca_dir", "path"): '"/etc/ssl/certs"',
    ("infisical_northflank_params_set_name", "name"): '"abuse-name"',
    ("infisical_sync_params_set_name", "name"): '"abuse-sync-name"',
    ("infisical_northflank_get_by_name", "name"): "fx.conn_name",
    ("infisical_northflank_sync_get_by_name", "name"): "fx.sync_name",
    ("infisical_northflank_api_list_secret_groups", "project_id"): "NF_PROJECT",
    ("infisical_sync_params_set_destination", "project_id"): "NF_PROJECT",
}
VALID_STRING_BY_NAME = {
    "url": "dev.url",
    "pem": "ABUSE_PEM",
    "proxy": '"http://127.0.0.1:3128"',
    "hosts": '"localhost,.internal"',
    "slug": '"abuse-org"',
    "suffix": '"abuse/1.0"',
    "token": '"abuse-token"',
    "client_id": "dev.client_id",
    "client_secret": "dev.client_secret",
    "stored_hash": "fx.conn_hash",
    "description": '"abuse description"',
    "project_id": "dev.project_id",
    "api_token": "dev.northflank_token",
    "connection_id": "fx.conn_id",
    "sync_id": "fx.sync_id",
    "environment": '"dev"',
    "secret_path": '"/app"',
    "key_schema": '"INFISICAL_{{secretKey}}"',
    "secret_group_id": "NF_GROUP",
    "project_name": '"Project 0001"',
    "secret_group_name": '"Group 0001"',
}
VALID_POINTER_BY_CALL = {
    ("infisical_northflank_create", "params"): "fx.nf_create",
    ("infisical_northflank_update", "params"): "fx.nf_update",
    ("infisical_northflank_sync_create", "params"): "fx.sync_create",
    ("infisical_northflank_sync_update", "params"): "fx.sync_update",
}
VALID_POINTER_BY_TYPE = {
    "infisical_config *": "fx.scratch_cfg",
    "const infisical_config *": "fx.cfg",
    "infisical_client *": "fx.client",
    "infisical_call_options *": "fx.scratch_opts",
    "const infisical_call_options *": "fx.opts",
    "infisical_northflank_params *": "fx.scratch_nf",
    "infisical_sync_params *": "fx.scratch_sync",
    "const infisical_connection *": "fx.conn",
    "const infisical_connection_list *": "fx.conn_list",
    "const infisical_sync *": "fx.sync",
    "const infisical_sync_list *": "fx.sync_list",
    "infisical_northflank_api *": "fx.api",
    "const infisical_northflank_resources *": "fx.resources",
    "const infisical_preflight_report *": "fx.report",
    "const infisical_error *": "fx.error",
    "void *": "(void *)&fx",
    "infisical_cancel_fn": "abuse_cancel",
    "infisical_log_fn": "abuse_log",
}
VALID_SCALAR = {
    "timeout_ms": "5000", "attempts": "2", "base_ms": "100", "max_ms": "200", "bytes": "1048576",
    "insecure": "0", "min_level": "INFISICAL_LOG_ERROR", "pages": "10", "enabled": "1", "flags": "0",
    "behavior": "INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION", "disabled": "0",
    "action": "INFISICAL_SYNC_ACTION_SYNC", "i": "0", "permission": "0", "job": "0",
    "status": "INFISICAL_ENOTFOUND",
}
SCALAR_TYPES = {"int", "int64_t", "uint32_t"}


def die(msg):
    sys.stderr.write("gen_abuse.py: %s\n" % msg)
    sys.exit(1)


def parse(headers):
    """[(name, return type, [(type, name)])] of every INFISICAL_API prototype."""
    texts = []
    for path in headers:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    return parse_texts(texts)


def parse_texts(texts):
    protos = []
    for text in texts:
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        for m in re.finditer(r"INFISICAL_API\s+([^;(]*?)\b(infisical_\w+)\s*\(([^)]*)\)\s*;", text):
            ret = " ".join(m.group(1).split())
            params = []
            raw = " ".join(m.group(3).split())
            if raw != "void":
                for p in raw.split(","):
                    p = p.strip()
                    pm = re.match(r"^(.*?)(\w+)$", p)
                    if not pm:
                        die("cannot read parameter '%s' of %s" % (p, m.group(2)))
                    ptype = norm(pm.group(1))
                    params.append((ptype, pm.group(2)))
            protos.append((m.group(2), ret, params))
    return protos


def norm(t):
    """'const char *' / 'infisical_error **' in one spelling."""
    t = re.sub(r"\s*\*", " *", t).replace("* *", "**")
    return " ".join(t.split())


def is_pointer(ptype):
    return "*" in ptype or ptype in ("infisical_cancel_fn", "infisical_log_fn")


def is_out(ptype):
    return ptype.endswith("**") and ptype != "infisical_error **"


def c_string(s):
    out = '"'
    for ch in s:
        if ch == "\n":
            out += "\\n"
        elif ch in '"\\':
            out += "\\" + ch
        else:
            out += ch
    return out + '"'


class Gen:
    def __init__(self, protos):
        self.protos = protos
        self.names = {p[0] for p in protos}
        self.cases = []  # (function, label, expect, sends, body)
        self.body_id = 0

    def valid(self, func, ptype, pname):
        ptype = norm(ptype)
        if ptype == "const char *":
            v = VALID_STRING_BY_CALL.get((func, pname)) or VALID_STRING_BY_NAME.get(pname)
        elif ptype in SCALAR_TYPES:
            v = VALID_SCALAR.get(pname)
        else:
            v = VALID_POINTER_BY_CALL.get((func, pname)) or VALID_POINTER_BY_TYPE.get(ptype)
        if v is None:
            die("no valid value for %s %s of %s: add one to the tables" % (ptype, pname, func))
        return v

    def call(self, func, ret, params, override):
        """The body of a case: locals, the call with override {pname: C
        expression}, the cleanup. The call's status (or, for a getter, the
        check of its result) lands in `rc`."""
        pre, args, post = [], [], []
        for ptype, pname in params:
            ptype = norm(ptype)
            if pname in override:
                args.append(override[pname])
                continue
            if ptype == "infisical_error **":
                args.append("err")
            elif is_out(ptype):
                base = ptype[:-2].strip()
                free = base + "_free"
                if free not in self.names:
                    die("%s: no %s for its out parameter %s" % (func, free, pname))
                pre.append("%s *o_%s = NULL;" % (base, pname))
                args.append("&o_%s" % pname)
                post.append("%s(o_%s);" % (free, pname))
            elif ptype in ("int *", "int64_t *", "uint32_t *"):
                pre.append("%s v_%s = 0;" % (ptype[:-1].strip(), pname))
                args.append("&v_%s" % pname)
            else:
                args.append(self.valid(func, ptype, pname))
        call = "%s(%s)" % (func, ", ".join(args))
        return pre, call, post

    def add(self, func, ret, params, label, expect, override, setup=None, cleanup=None):
        pre, call, post = self.call(func, ret, params, override)
        lines = list(setup or [])
        lines += pre
        if expect == "void":
            lines.append("%s;" % call)
            lines.append("int rc = 0;")
        elif expect == "absent":
            r = norm(ret)
            want = GETTER_NULL_RESULT.get(func)
            if want:
                lines.append("int rc = abuse_is_string(%s, %s);" % (call, want[0]))
            elif "*" in r:
                lines.append("int rc = %s == NULL;" % call)
            else:
                lines.append("int rc = abuse_is_absent((int64_t)%s);" % call)
        elif expect == "value":
            r = norm(ret)
            if r == "void":
                lines.append("%s;" % call)
                lines.append("int rc = 1;")
            elif "*" in r:
                lines.append("int rc = %s != NULL;" % call)
            elif r == "int" and func == "infisical_global_init":
                lines.append("int rc = %s == INFISICAL_OK;" % call)
            else:
                lines.append("(void)%s;" % call)
                lines.append("int rc = 1;")
        else:
            lines.append("int rc = %s;" % call)
        lines += post
        lines += list(cleanup or [])
        lines.append("return rc;")
        sends = any(norm(t) in ("infisical_client *", "infisical_northflank_api *") for t, _ in params) \
            and not func.endswith("_free")
        has_err = any(norm(t) == "infisical_error **" for t, _ in params)
        self.cases.append((func, label, expect, sends, has_err, lines))

    def generate(self):
        seen_tables = set()
        for func, ret, params in self.protos:
            pointers = [(t, n) for t, n in params if is_pointer(norm(t))]
            if not pointers:
                if func not in NO_POINTER:
                    die("%s has no pointer parameter and no NO_POINTER entry" % func)
                self.add(func, ret, params, "valid arguments", "value", {})
                continue
            if func in NO_POINTER:
                die("NO_POINTER names %s, which has pointer parameters" % func)
            for ptype, pname in params:
                if norm(ptype) == "const char *" and (func, pname) not in STRINGS:
                    die("%s: string parameter %s has no STRINGS entry (its limits and accepted values)"
                        % (func, pname))
            has_err = any(norm(t) == "infisical_error **" for t, _ in params)
            is_status = norm(ret) == "int" and (has_err or func == "infisical_constant")
            for ptype, pname in pointers:
                ptype = norm(ptype)
                if ptype == "infisical_error **":
                    continue  # every case runs a second time with err NULL
                key = (func, pname)
                if func.endswith("_free") and norm(ret) == "void":
                    self.add(func, ret, params, "%s = NULL" % pname, "void", {pname: "NULL"})
                elif not is_status:
                    self.add(func, ret, params, "%s = NULL" % pname, "absent", {pname: "NULL"})
                elif key in NULL_ALLOWED:
                    seen_tables.add(("NULL_ALLOWED", key))
                    self.add(func, ret, params, "%s = NULL (%s)" % (pname, NULL_ALLOWED[key]), "ok",
                             {pname: "NULL"})
                elif ptype == "const infisical_call_options *":
                    self.add(func, ret, params, "opts = NULL (the defaults)", "ok", {pname: "NULL"})
                else:
                    self.add(func, ret, params, "%s = NULL" % pname, "einval", {pname: "NULL"})
            for ptype, pname in params:
                if norm(ptype) != "const char *":
                    continue
                key = (func, pname)
                if key not in STRINGS:
                    die("%s: string parameter %s has no STRINGS entry (its limits and accepted values)" % key)
                seen_tables.add(("STRINGS", key))
                spec = STRINGS[key]
                for kind in spec["accept"]:
                    if kind not in KINDS:
                        die("STRINGS %s.%s accepts unknown kind %s" % (func, pname, kind))
                valid = self.valid(func, "const char *", pname)
                for kind in KINDS:
                    accepted = kind in spec["accept"]
                    label = "%s = %s%s" % (pname, kind, " (accepted: %s)" % spec["accept"][kind] if accepted else "")
                    expect = "ok" if accepted else "einval"
                    if func == "infisical_constant_string":
                        expect = "absent"  # a lookup that returns NULL for any name not known
                    self.add(func, ret, params, label, expect, {pname: "s"},
                             ["char *s = abuse_variant(%s, ABUSE_%s);" % (valid, kind.upper())], ["free(s);"])
                for limit in spec["limits"]:
                    label = "%s = %s + 1 bytes" % (pname, limit)
                    expect = "einval_limit" if spec["names_limit"] else "einval"
                    self.add(func, ret, params, label, expect, {pname: "s"},
                             ["char *s = abuse_over(%s, %s);" % (c_string(spec["prefix"]), limit),
                              "abuse_limit = %s;" % limit], ["free(s);"])
        for name, table in (("NULL_ALLOWED", NULL_ALLOWED), ("STRINGS", STRINGS)):
            for key in table:
                if (name, key) not in seen_tables:
                    die("%s names %s(%s), which the headers no longer have (or which is not a pointer "
                        "parameter of a status function)" % (name, key[0], key[1]))
        for func in list(GETTER_NULL_RESULT) + list(NO_POINTER):
            if func not in self.names:
                die("a table names %s, which the headers no longer have" % func)

    def emit(self, out):
        w = out.write
        w("/* Generated by tests/integration/gen_abuse.py from the headers in include/infisical: do not edit. */\n\n")
        for i, (func, label, expect, sends, has_err, lines) in enumerate(self.cases):
            w("/* %s: %s */\n" % (func, label.replace("*/", "* /")))
            w("static int abuse_case_%d(infisical_error **err)\n{\n" % i)
            w("    (void)err;\n")
            for line in lines:
                w("    %s\n" % line)
            w("}\n\n")
        w("static const struct abuse_case abuse_cases[] = {\n")
        for i, (func, label, expect, sends, has_err, lines) in enumerate(self.cases):
            w("    {%s, %s, ABUSE_EXPECT_%s, %d, %d, abuse_case_%d},\n"
              % (c_string(func), c_string(label), expect.upper(), int(sends), int(has_err), i))
        w("};\n\n")
        w("static const char *const abuse_functions[] = {\n")
        for func, _, _ in self.protos:
            w("    %s,\n" % c_string(func))
        w("};\n")


class Refused(Exception):
    pass


def self_test(headers):
    """The generator refuses what would let a function or a table entry go
    unnoticed: run it on the real headers and on altered copies."""
    global die
    texts = []
    for path in headers:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())

    def refuse(msg):
        raise Refused(msg)

    def outcome(texts):
        try:
            gen = Gen(parse_texts(texts))
            gen.generate()
            return None if "infisical_x_name" not in gen.names or \
                any(c[0] == "infisical_x_name" for c in gen.cases) else "infisical_x_name has no case"
        except Refused as e:
            return str(e)

    real_die, die = die, refuse
    try:
        checks = [
            ("the real headers", texts, None),
            ("a new function with a string parameter",
             texts + ["INFISICAL_API int infisical_x_set_label(infisical_config *cfg, const char *label, "
                      "infisical_error **err);"], "has no STRINGS entry"),
            ("a new function with a new kind of object",
             texts + ["INFISICAL_API int infisical_x_new(infisical_x **out, const infisical_x *from, "
                      "infisical_error **err);"], "no valid value for const infisical_x * from"),
            ("a new getter of a new object (gets its NULL case by the getter rule)",
             texts + ["INFISICAL_API const char *infisical_x_name(const infisical_x *x);"], None),
            ("a new function without pointers", texts + ["INFISICAL_API int infisical_x_level(void);"],
             "no NO_POINTER entry"),
            ("a header gone (sync.h), its table entries left",
             [t for t in texts if "INFISICAL_SYNC_H" not in t], "which the headers no longer have"),
            ("a parameter renamed",
             [t.replace("const char *key_schema,", "const char *schema,") for t in texts],
             "has no STRINGS entry"),
        ]
        failed = 0
        for what, variant, want in checks:
            got = outcome(variant)
            ok = (got is None) if want is None else (got is not None and want in got)
            print("%s: %s -> %s" % ("ok" if ok else "FAIL", what, got or "generated"))
            failed += not ok
        return 1 if failed else 0
    finally:
        die = real_die


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2:]))
    if len(sys.argv) < 3:
        die("usage: gen_abuse.py OUTPUT.h HEADER...")
    protos = parse(sys.argv[2:])
    if not protos:
        die("no prototypes found")
    gen = Gen(protos)
    gen.generate()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        gen.emit(out)


if __name__ == "__main__":
    main()
