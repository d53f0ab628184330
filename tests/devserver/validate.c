#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The message every "not for this app" field carries (app-connection-schemas.ts). */
#define NOT_SUPPORTED "Not supported for Northflank Connections"

json_t *z_path(const char *a, const char *b)
{
    json_t *p = json_array();
    if (a != NULL) {
        json_array_append_new(p, json_string(a));
        if (b != NULL)
            json_array_append_new(p, json_string(b));
    }
    return p;
}

const char *z_typeof(const json_t *v)
{
    if (v == NULL)
        return "undefined";
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "unknown";
}

/* Key order follows zod's makeIssue: the issue data as given, then path, then message
 * (a message given with the data keeps its place). */

void z_invalid_type(json_t *issues, json_t *path, const char *expected, json_t *value)
{
    const char *received = z_typeof(value);
    json_t *o = json_object();
    char *msg;
    json_object_set_new(o, "code", json_string("invalid_type"));
    json_object_set_new(o, "expected", json_string(expected));
    json_object_set_new(o, "received", json_string(received));
    json_object_set_new(o, "path", path);
    if (value == NULL)
        msg = ds_strdup("Required");
    else
        msg = ds_printf("Expected %s, received %s", expected, received);
    json_object_set_new(o, "message", json_string(msg));
    free(msg);
    json_array_append_new(issues, o);
}

static void z_size_issue(json_t *issues, json_t *path, const char *code, const char *bound_key,
                         long long bound, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(code));
    json_object_set_new(o, bound_key, json_integer(bound));
    json_object_set_new(o, "type", json_string("string"));
    json_object_set_new(o, "inclusive", json_true());
    json_object_set_new(o, "exact", json_false());
    json_object_set_new(o, "message", json_string(message));
    json_object_set_new(o, "path", path);
    json_array_append_new(issues, o);
}

void z_too_small(json_t *issues, json_t *path, long long minimum, const char *message)
{
    z_size_issue(issues, path, "too_small", "minimum", minimum, message);
}

void z_too_big(json_t *issues, json_t *path, long long maximum, const char *message)
{
    z_size_issue(issues, path, "too_big", "maximum", maximum, message);
}

void z_custom(json_t *issues, json_t *path, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string("custom"));
    json_object_set_new(o, "message", json_string(message));
    json_object_set_new(o, "path", path);
    json_array_append_new(issues, o);
}

void z_invalid_uuid(json_t *issues, json_t *path)
{
    json_t *o = json_object();
    json_object_set_new(o, "validation", json_string("uuid"));
    json_object_set_new(o, "code", json_string("invalid_string"));
    json_object_set_new(o, "message", json_string("Invalid uuid"));
    json_object_set_new(o, "path", path);
    json_array_append_new(issues, o);
}

void z_invalid_enum(json_t *issues, json_t *path, const char *received, const char *const *options,
                    size_t n)
{
    json_t *o = json_object();
    json_t *opts = json_array();
    size_t i, len = 0;
    char *expected, *msg;
    for (i = 0; i < n; i++) {
        json_array_append_new(opts, json_string(options[i]));
        len += strlen(options[i]) + 5;
    }
    expected = ds_xmalloc(len + 1);
    expected[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i > 0)
            strcat(expected, " | ");
        strcat(expected, "'");
        strcat(expected, options[i]);
        strcat(expected, "'");
    }
    msg = ds_printf("Invalid enum value. Expected %s, received '%s'", expected, received);
    json_object_set_new(o, "received", json_string(received));
    json_object_set_new(o, "code", json_string("invalid_enum_value"));
    json_object_set_new(o, "options", opts);
    json_object_set_new(o, "path", path);
    json_object_set_new(o, "message", json_string(msg));
    json_array_append_new(issues, o);
    free(expected);
    free(msg);
}

/* z.literal(false, { errorMap: () => ({ message }) }).optional() */
static void check_false_literal(json_t *issues, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    json_t *o;
    if (v == NULL || json_is_false(v))
        return;
    o = json_object();
    json_object_set(o, "received", v);
    json_object_set_new(o, "code", json_string("invalid_literal"));
    json_object_set_new(o, "expected", json_false());
    json_object_set_new(o, "path", z_path(key, NULL));
    json_object_set_new(o, "message", json_string(NOT_SUPPORTED));
    json_array_append_new(issues, o);
}

/* z.undefined({ message }).or(z.null({ message })): when both members fail, zod
 * reports one invalid_union issue that carries each member's ZodError; serialized,
 * a ZodError is {"issues":[...],"name":"ZodError"}. */
static void check_undefined_or_null(json_t *issues, const json_t *obj, const char *key)
{
    static const char *const members[2] = {"undefined", "null"};
    json_t *v = json_object_get(obj, key);
    json_t *o, *union_errors;
    int i;
    if (v == NULL || json_is_null(v))
        return;
    union_errors = json_array();
    for (i = 0; i < 2; i++) {
        json_t *inner = json_object();
        json_t *err = json_object();
        json_t *list = json_array();
        json_object_set_new(inner, "code", json_string("invalid_type"));
        json_object_set_new(inner, "expected", json_string(members[i]));
        json_object_set_new(inner, "received", json_string(z_typeof(v)));
        json_object_set_new(inner, "path", z_path(key, NULL));
        json_object_set_new(inner, "message", json_string(NOT_SUPPORTED));
        json_array_append_new(list, inner);
        json_object_set_new(err, "issues", list);
        json_object_set_new(err, "name", json_string("ZodError"));
        json_array_append_new(union_errors, err);
    }
    o = json_object();
    json_object_set_new(o, "code", json_string("invalid_union"));
    json_object_set_new(o, "unionErrors", union_errors);
    json_object_set_new(o, "path", z_path(key, NULL));
    json_object_set_new(o, "message", json_string("Invalid input"));
    json_array_append_new(issues, o);
}

/* Decodes one UTF-8 sequence; a broken one counts as a single byte. */
static size_t utf8_next(const unsigned char *p, unsigned long *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
        *cp = ((unsigned long)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
        return 2;
    }
    if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
        *cp = ((unsigned long)(p[0] & 0x0f) << 12) | ((unsigned long)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
        return 3;
    }
    if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
        (p[3] & 0xc0) == 0x80) {
        *cp = ((unsigned long)(p[0] & 0x07) << 18) | ((unsigned long)(p[1] & 0x3f) << 12) |
              ((unsigned long)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
        return 4;
    }
    *cp = 0xfffd;
    return 1;
}

static int js_space(unsigned long cp)
{
    if (cp == 0x09 || cp == 0x0a || cp == 0x0b || cp == 0x0c || cp == 0x0d || cp == 0x20)
        return 1;
    if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
        cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff)
        return 1;
    return 0;
}

char *js_trim(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, start = 0, end = 0;
    int seen = 0;
    while (p[i] != '\0') {
        unsigned long cp;
        size_t n = utf8_next(p + i, &cp);
        if (!js_space(cp)) {
            if (!seen)
                start = i;
            seen = 1;
            end = i + n;
        }
        i += n;
    }
    if (!seen)
        return ds_strdup("");
    return ds_strndup(s + start, end - start);
}

size_t js_length(const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    size_t i = 0, units = 0;
    while (p[i] != '\0') {
        unsigned long cp;
        i += utf8_next(p + i, &cp);
        units += cp >= 0x10000 ? 2 : 1;
    }
    return units;
}

/* slugify(v, { lowercase: true }) === v holds exactly for "" and for lowercase ASCII
 * letters and digits in runs joined by single hyphens. */
static int slug_ok(const char *s)
{
    int after_dash = 1;
    if (*s == '\0')
        return 1;
    for (; *s != '\0'; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            after_dash = 0;
        } else if (*s == '-') {
            if (after_dash)
                return 0;
            after_dash = 1;
        } else {
            return 0;
        }
    }
    return !after_dash;
}

/* slugSchema({ field, max }) as the contract gives it (schemas.ts@98d4103): zod runs
 * every string check, so one value can draw both a length and a character issue.
 * v may be NULL (absent: "Required"). Returns the trimmed value or NULL. */
static char *check_slug(json_t *issues, const json_t *v, const char *field, long long max)
{
    char *t, *msg;
    size_t len;
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path(field, NULL), "string", (json_t *)v);
        return NULL;
    }
    t = js_trim(json_string_value(v));
    len = js_length(t);
    if (len < 1) {
        msg = ds_printf("%s field must be at least 1 lowercase character", field);
        z_too_small(issues, z_path(field, NULL), 1, msg);
        free(msg);
    }
    if ((long long)len > max) {
        msg = ds_printf("%s field must be at most %lld lowercase characters", field, max);
        z_too_big(issues, z_path(field, NULL), max, msg);
        free(msg);
    }
    if (!slug_ok(t)) {
        msg = ds_printf("%s field can only contain lowercase letters, numbers, and hyphens", field);
        z_custom(issues, z_path(field, NULL), msg);
        free(msg);
    }
    return t;
}

static char *check_name(json_t *issues, const json_t *v)
{
    return check_slug(issues, v, "name", 64);
}

/* z.string().trim().max(256, ...).nullish() */
static void check_description(json_t *issues, const json_t *obj, ds_conn_input *out)
{
    json_t *v = json_object_get(obj, "description");
    if (v == NULL)
        return;
    out->has_description = 1;
    if (json_is_null(v))
        return;
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path("description", NULL), "string", v);
        return;
    }
    out->description = js_trim(json_string_value(v));
    if (js_length(out->description) > 256)
        z_too_big(issues, z_path("description", NULL), 256, "Description cannot exceed 256 characters");
}

/* NorthflankConnectionApiTokenCredentialsSchema, for a credentials key that is present. */
static char *check_credentials(json_t *issues, const json_t *cred)
{
    json_t *tok;
    char *t;
    if (!json_is_object(cred)) {
        z_invalid_type(issues, z_path("credentials", NULL), "object", (json_t *)cred);
        return NULL;
    }
    tok = json_object_get(cred, "apiToken");
    if (!json_is_string(tok)) {
        z_invalid_type(issues, z_path("credentials", "apiToken"), "string", tok);
        return NULL;
    }
    t = js_trim(json_string_value(tok));
    if (js_length(t) < 1) {
        z_too_small(issues, z_path("credentials", "apiToken"), 1, "API Token required");
        free(t);
        return NULL;
    }
    return t;
}

void ds_conn_input_free(ds_conn_input *in)
{
    free(in->name);
    free(in->description);
    free(in->project_id);
    ds_wipe_free(in->api_token);
    memset(in, 0, sizeof *in);
}

size_t ds_validate_create(const json_t *body, ds_conn_input *out, json_t *issues)
{
    size_t before = json_array_size(issues);
    json_t *method, *cred, *name, *project;
    memset(out, 0, sizeof *out);

    /* The schema is discriminatedUnion("method", ...).and(genericObject): zod runs both
     * halves and keeps the issues of both, left first. */
    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        return json_array_size(issues) - before;
    }

    method = json_object_get(body, "method");
    if (!json_is_string(method) || strcmp(json_string_value(method), "api-token") != 0) {
        json_t *o = json_object();
        json_t *opts = json_array();
        json_array_append_new(opts, json_string("api-token"));
        json_object_set_new(o, "code", json_string("invalid_union_discriminator"));
        json_object_set_new(o, "options", opts);
        json_object_set_new(o, "path", z_path("method", NULL));
        json_object_set_new(o, "message", json_string("Invalid discriminator value. Expected 'api-token'"));
        json_array_append_new(issues, o);
    } else {
        cred = json_object_get(body, "credentials");
        if (cred == NULL) {
            z_invalid_type(issues, z_path("credentials", NULL), "object", NULL);
        } else {
            out->api_token = check_credentials(issues, cred);
            out->has_credentials = out->api_token != NULL;
        }
    }

    name = json_object_get(body, "name");
    if (name == NULL) {
        z_invalid_type(issues, z_path("name", NULL), "string", NULL);
    } else {
        out->name = check_name(issues, name);
        out->has_name = out->name != NULL;
    }
    check_description(issues, body, out);
    project = json_object_get(body, "projectId");
    if (project != NULL) {
        if (!json_is_string(project))
            z_invalid_type(issues, z_path("projectId", NULL), "string", project);
        else
            out->project_id = ds_strdup(json_string_value(project));
    }
    check_false_literal(issues, body, "isPlatformManagedCredentials");
    check_undefined_or_null(issues, body, "gatewayId");
    check_false_literal(issues, body, "isAutoRotationEnabled");
    check_undefined_or_null(issues, body, "rotation");
    return json_array_size(issues) - before;
}

size_t ds_validate_update(const json_t *body, ds_conn_input *out, json_t *issues)
{
    size_t before = json_array_size(issues);
    json_t *cred, *name;
    memset(out, 0, sizeof *out);

    /* z.object({ credentials }).and(genericUpdateObject): both halves, left first. */
    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        return json_array_size(issues) - before;
    }
    cred = json_object_get(body, "credentials");
    if (cred != NULL) {
        out->api_token = check_credentials(issues, cred);
        out->has_credentials = out->api_token != NULL;
    }
    name = json_object_get(body, "name");
    if (name != NULL) {
        out->name = check_name(issues, name);
        out->has_name = out->name != NULL;
    }
    check_description(issues, body, out);
    check_false_literal(issues, body, "isPlatformManagedCredentials");
    check_undefined_or_null(issues, body, "gatewayId");
    /* The contract lists these two for update as for create (newest schema). */
    check_false_literal(issues, body, "isAutoRotationEnabled");
    check_undefined_or_null(issues, body, "rotation");
    return json_array_size(issues) - before;
}

size_t ds_validate_strings(const json_t *body, const char *const *keys, size_t n, char **out,
                           json_t *issues)
{
    size_t before = json_array_size(issues);
    size_t i;
    for (i = 0; i < n; i++)
        out[i] = NULL;
    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        return json_array_size(issues) - before;
    }
    for (i = 0; i < n; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (!json_is_string(v))
            z_invalid_type(issues, z_path(keys[i], NULL), "string", v);
        else
            out[i] = js_trim(json_string_value(v));
    }
    return json_array_size(issues) - before;
}

/* ---- secret syncs (contract infisical-secret-sync.md, section 2) ---- */

static const char *const initial_behaviors[3] = {"overwrite-destination", "import-prioritize-source",
                                                 "import-prioritize-destination"};

void ds_sync_input_free(ds_sync_input *in)
{
    free(in->name);
    free(in->project_id);
    free(in->description);
    free(in->connection_id);
    free(in->environment);
    free(in->secret_path);
    json_decref(in->sync_options);
    json_decref(in->dest_config);
    memset(in, 0, sizeof *in);
}

/* z.string().trim().min(1, message); v NULL is "Required". Returns the trimmed value. */
static char *check_trimmed(json_t *issues, const json_t *v, const char *a, const char *b, const char *message)
{
    char *t;
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path(a, b), "string", (json_t *)v);
        return NULL;
    }
    t = js_trim(json_string_value(v));
    if (js_length(t) < 1)
        z_too_small(issues, z_path(a, b), 1, message);
    return t;
}

/* removeTrailingSlash (lib/fn/string.ts@1254215): one trailing "/" goes, "/" stays. */
static void remove_trailing_slash(char *s)
{
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '/')
        s[n - 1] = '\0';
}

/* z.string().trim().min(1, message).transform(removeTrailingSlash) */
static char *check_secret_path(json_t *issues, const json_t *v, const char *message)
{
    char *t = check_trimmed(issues, v, "secretPath", NULL, message);
    if (t != NULL)
        remove_trailing_slash(t);
    return t;
}

/* KeySchemaSchema (secret-sync-schemas.ts@01c793a): letters, digits, "_", "-", "/" and
 * the placeholders {{secretKey}} and {{environment}}; {{secretKey}} must appear. */
static int key_schema_ok(const char *s)
{
    int has_key = 0;
    if (*s == '\0')
        return 1; /* the refinement passes an empty value */
    while (*s != '\0') {
        if (strncmp(s, "{{secretKey}}", 13) == 0) {
            has_key = 1;
            s += 13;
        } else if (strncmp(s, "{{environment}}", 15) == 0) {
            s += 15;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                   *s == '_' || *s == '-' || *s == '/') {
            s++;
        } else {
            return 0;
        }
    }
    return has_key;
}

#define KEY_SCHEMA_MESSAGE                                                                                  \
    "Key schema must include exactly one {{secretKey}} placeholder. It can also include {{environment}} "   \
    "placeholders. Only alphanumeric characters (a-z, A-Z, 0-9), dashes (-), underscores (_), and slashes " \
    "(/) are allowed besides the placeholders."

#define RECURSIVE_MESSAGE                                                                                   \
    "A sync that includes subfolders cannot also import existing secrets from the destination, because "  \
    "there is no single folder to import them into. Turn off subfolders, or set the first sync to "         \
    "overwrite the destination."

/* BaseSyncOptionsSchema with canImportSecrets: an object whose refinement (recursive
 * needs overwrite-destination) runs unless a field failed outright (zod skips the
 * refinement of an aborted object: a wrong type or enum value aborts, a failed
 * string check or refinement does not). Returns the parsed object or NULL. */
static json_t *check_sync_options(json_t *issues, const json_t *v)
{
    json_t *out, *ib, *ks, *dsd, *rec;
    const char *behavior = NULL;
    int aborted = 0;
    size_t before = json_array_size(issues);

    if (!json_is_object(v)) {
        z_invalid_type(issues, z_path("syncOptions", NULL), "object", (json_t *)v);
        return NULL;
    }
    out = json_object();
    ib = json_object_get(v, "initialSyncBehavior");
    if (json_is_number(ib)) {
        /* z.nativeEnum lets a number through its type check, then finds no such value. */
        char *num = json_dumps(ib, JSON_ENCODE_ANY);
        z_invalid_enum(issues, z_path("syncOptions", "initialSyncBehavior"), num, initial_behaviors, 3);
        json_object_set(json_array_get(issues, json_array_size(issues) - 1), "received", ib);
        free(num);
        aborted = 1;
    } else if (!json_is_string(ib)) {
        /* z.nativeEnum on a non-string: invalid_type naming every value. */
        z_invalid_type(issues, z_path("syncOptions", "initialSyncBehavior"),
                       "'overwrite-destination' | 'import-prioritize-source' | 'import-prioritize-destination'",
                       ib);
        aborted = 1;
    } else {
        int i;
        for (i = 0; i < 3; i++)
            if (strcmp(json_string_value(ib), initial_behaviors[i]) == 0)
                behavior = initial_behaviors[i];
        if (behavior == NULL) {
            z_invalid_enum(issues, z_path("syncOptions", "initialSyncBehavior"), json_string_value(ib),
                           initial_behaviors, 3);
            aborted = 1;
        } else {
            json_object_set_new(out, "initialSyncBehavior", json_string(behavior));
        }
    }
    ks = json_object_get(v, "keySchema");
    if (ks != NULL) {
        if (!json_is_string(ks)) {
            z_invalid_type(issues, z_path("syncOptions", "keySchema"), "string", ks);
            aborted = 1;
        } else {
            char *t = js_trim(json_string_value(ks));
            if (js_length(t) > 255)
                z_too_big(issues, z_path("syncOptions", "keySchema"), 255,
                          "String must contain at most 255 character(s)");
            if (!key_schema_ok(t))
                z_custom(issues, z_path("syncOptions", "keySchema"), KEY_SCHEMA_MESSAGE);
            json_object_set_new(out, "keySchema", json_string(t));
            free(t);
        }
    }
    dsd = json_object_get(v, "disableSecretDeletion");
    if (dsd != NULL) {
        if (!json_is_boolean(dsd)) {
            z_invalid_type(issues, z_path("syncOptions", "disableSecretDeletion"), "boolean", dsd);
            aborted = 1;
        } else {
            json_object_set(out, "disableSecretDeletion", dsd);
        }
    }
    rec = json_object_get(v, "recursive");
    if (rec != NULL) {
        if (!json_is_boolean(rec)) {
            z_invalid_type(issues, z_path("syncOptions", "recursive"), "boolean", rec);
            aborted = 1;
        } else {
            json_object_set(out, "recursive", rec);
        }
    }
    if (!aborted && json_is_true(rec) && strcmp(behavior, "overwrite-destination") != 0)
        z_custom(issues, z_path("syncOptions", "recursive"), RECURSIVE_MESSAGE);
    if (json_array_size(issues) > before) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* NorthflankSyncDestinationConfigSchema (northflank-sync-schemas.ts@02fdd1d). */
static json_t *check_dest_config(json_t *issues, const json_t *v)
{
    json_t *out;
    char *pid = NULL, *gid = NULL;
    size_t before = json_array_size(issues);
    const char *opt[2] = {"projectName", "secretGroupName"};
    char *optv[2] = {NULL, NULL};
    int i;

    if (!json_is_object(v)) {
        z_invalid_type(issues, z_path("destinationConfig", NULL), "object", (json_t *)v);
        return NULL;
    }
    /* In the schema's order: projectId, projectName, secretGroupId, secretGroupName. */
    for (i = 0; i < 2; i++) {
        json_t *o;
        if (i == 0)
            pid = check_trimmed(issues, json_object_get(v, "projectId"), "destinationConfig", "projectId",
                                "Project ID is required");
        else
            gid = check_trimmed(issues, json_object_get(v, "secretGroupId"), "destinationConfig",
                                "secretGroupId", "Secret Group ID is required");
        o = json_object_get(v, opt[i]);
        if (o == NULL)
            continue;
        if (!json_is_string(o))
            z_invalid_type(issues, z_path("destinationConfig", opt[i]), "string", o);
        else
            optv[i] = js_trim(json_string_value(o));
    }
    out = NULL;
    if (json_array_size(issues) == before) {
        /* The schema's key order: projectId, projectName, secretGroupId, secretGroupName. */
        out = json_object();
        json_object_set_new(out, "projectId", json_string(pid));
        if (optv[0] != NULL)
            json_object_set_new(out, "projectName", json_string(optv[0]));
        json_object_set_new(out, "secretGroupId", json_string(gid));
        if (optv[1] != NULL)
            json_object_set_new(out, "secretGroupName", json_string(optv[1]));
    }
    free(pid);
    free(gid);
    free(optv[0]);
    free(optv[1]);
    return out;
}

static void check_sync_description(json_t *issues, const json_t *obj, ds_sync_input *out)
{
    json_t *v = json_object_get(obj, "description");
    if (v == NULL)
        return;
    out->has_description = 1;
    if (json_is_null(v))
        return;
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path("description", NULL), "string", v);
        return;
    }
    out->description = js_trim(json_string_value(v));
    if (js_length(out->description) > 256)
        z_too_big(issues, z_path("description", NULL), 256, "Description cannot exceed 256 characters");
}

/* z.string().uuid(); v NULL is "Required". */
static char *check_uuid(json_t *issues, const json_t *v, const char *field)
{
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path(field, NULL), "string", (json_t *)v);
        return NULL;
    }
    if (!ds_is_uuid(json_string_value(v))) {
        z_invalid_uuid(issues, z_path(field, NULL));
        return NULL;
    }
    return ds_strdup(json_string_value(v));
}

/* Unknown keys are stripped (zod's default), so only the schema's keys are read, in
 * the schema's order: zod reports issues in that order. */
size_t ds_validate_sync_create(const json_t *body, ds_sync_input *out, json_t *issues)
{
    size_t before = json_array_size(issues);
    json_t *v;
    memset(out, 0, sizeof *out);
    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        return json_array_size(issues) - before;
    }
    out->name = check_slug(issues, json_object_get(body, "name"), "name", 256);
    out->project_id = check_trimmed(issues, json_object_get(body, "projectId"), "projectId", NULL,
                                    "Project ID required");
    check_sync_description(issues, body, out);
    out->connection_id = check_uuid(issues, json_object_get(body, "connectionId"), "connectionId");
    out->environment = check_slug(issues, json_object_get(body, "environment"), "environment", 64);
    out->secret_path = check_secret_path(issues, json_object_get(body, "secretPath"), "Secret path required");
    v = json_object_get(body, "isAutoSyncEnabled");
    out->has_auto_sync = 1;
    out->auto_sync = 1; /* default true */
    if (v != NULL) {
        if (!json_is_boolean(v))
            z_invalid_type(issues, z_path("isAutoSyncEnabled", NULL), "boolean", v);
        else
            out->auto_sync = json_is_true(v);
    }
    out->sync_options = check_sync_options(issues, json_object_get(body, "syncOptions"));
    out->dest_config = check_dest_config(issues, json_object_get(body, "destinationConfig"));
    return json_array_size(issues) - before;
}

size_t ds_validate_sync_update(const json_t *body, ds_sync_input *out, json_t *issues)
{
    size_t before = json_array_size(issues);
    json_t *v;
    memset(out, 0, sizeof *out);
    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", (json_t *)body);
        return json_array_size(issues) - before;
    }
    if ((v = json_object_get(body, "name")) != NULL)
        out->name = check_slug(issues, v, "name", 256);
    if ((v = json_object_get(body, "connectionId")) != NULL)
        out->connection_id = check_uuid(issues, v, "connectionId");
    check_sync_description(issues, body, out);
    if ((v = json_object_get(body, "environment")) != NULL)
        out->environment = check_slug(issues, v, "environment", 64);
    if ((v = json_object_get(body, "secretPath")) != NULL)
        out->secret_path = check_secret_path(issues, v, "Invalid secret path");
    if ((v = json_object_get(body, "isAutoSyncEnabled")) != NULL) {
        if (!json_is_boolean(v)) {
            z_invalid_type(issues, z_path("isAutoSyncEnabled", NULL), "boolean", v);
        } else {
            out->has_auto_sync = 1;
            out->auto_sync = json_is_true(v);
        }
    }
    /* When present, both objects are whole: they replace the stored ones. */
    if ((v = json_object_get(body, "syncOptions")) != NULL)
        out->sync_options = check_sync_options(issues, v);
    if ((v = json_object_get(body, "destinationConfig")) != NULL)
        out->dest_config = check_dest_config(issues, v);
    return json_array_size(issues) - before;
}
