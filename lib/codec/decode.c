/* Replies: jansson values -> C structs. Every deviation from the contract's
 * shapes is an INFISICAL_EPROTOCOL error naming the field. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "codec.h"
#include "error_internal.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/redact.h"

enum presence { OPTIONAL = 0, REQUIRED = 1 };

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int bad_field(infisical_error **err, const char *where, const char *key, const char *expected, const json_t *got)
{
    return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s%s%s is %s, expected %s", where,
                           *where ? "." : "", key, got ? type_name(got) : "missing", expected);
}

/* The members of every object in v, at any depth (the scan bounds the depth). */
static uint64_t members_in(const json_t *v)
{
    uint64_t n = 0;
    if (json_is_object(v)) {
        /* The iterator itself: json_object_foreach looks each key up again. */
        n = json_object_size(v);
        for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
            const json_t *member = json_object_iter_value(it);
            if (json_is_object(member) || json_is_array(member))
                n += members_in(member);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            const json_t *item = json_array_get(v, i);
            if (json_is_object(item) || json_is_array(item))
                n += members_in(item);
        }
    }
    return n;
}

/* The one way a reply reaches jansson: the decoding budget (budget.c) first,
 * so that no reply, however dense, makes jansson allocate more than about 10
 * times its size. Returns the budget's verdict (INFISICAL__JSON_FITS, ...);
 * *root is the parsed value, or NULL when the budget refused the body or it is
 * not JSON (then je, when given, says why).
 *
 * An object with a key twice is refused: jansson
 * would keep the last value silently, another parser on the way (a proxy, a
 * log pipeline, the server's own) may keep the first, and a reply that means
 * two things to two readers is not one to act on. Infisical's replies come
 * from JSON.stringify, which never repeats a key. jansson's
 * JSON_REJECT_DUPLICATES looks every key up before adding it, which made it a
 * third of the library's cost over a hand-written client per get; a repeated
 * key leaves fewer members in the tree than the scan counted in the text, so
 * the counts are compared, and only a body that fails that is parsed again
 * with the flag, for jansson's own error and position (or, should the scan
 * ever miscount, jansson's word that no key is repeated). */
static int load(const char *body, size_t len, json_t **root, json_error_t *je, struct infisical__json_scan *scan)
{
    int verdict = infisical__json_scan(body, len, scan);
    *root = verdict == INFISICAL__JSON_FITS ? json_loadb(body, len, 0, je) : NULL;
    if (*root && members_in(*root) != scan->members) {
        json_decref(*root);
        *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, je);
    }
    return verdict;
}

/* An error reply's body as the message says it when it has no usable JSON. */
static void describe_body(char *out, size_t cap, long status, int verdict, int parsed, size_t len)
{
    const char *what = verdict == INFISICAL__JSON_TOO_DEEP     ? "a body nested too deeply to decode"
                       : verdict == INFISICAL__JSON_TOO_COSTLY ? "a body too large to decode"
                       : parsed                                ? "an unrecognised JSON body"
                                                               : "a non-JSON body";
    snprintf(out, cap, "HTTP %ld with %s (%zu bytes)", status, what, len);
}

static int parse(const char *body, size_t len, json_t **root, infisical_error **err)
{
    json_error_t je;
    struct infisical__json_scan scan;
    int verdict = load(body, len, root, &je, &scan);
    if (verdict == INFISICAL__JSON_TOO_DEEP)
        return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: JSON nested more than %d levels deep",
                               INFISICAL__JSON_MAX_DEPTH);
    if (verdict == INFISICAL__JSON_TOO_COSTLY)
        return infisical__fail(err, INFISICAL_EPROTOCOL,
                               "malformed reply: %llu JSON values in %zu bytes exceed the decoding budget (about "
                               "%llu MiB to decode, %llu MiB allowed)",
                               (unsigned long long)scan.values, len,
                               (unsigned long long)(scan.cost >> 20), (unsigned long long)(scan.budget >> 20));
    if (!*root) {
        if (len == 0)
            return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: not JSON (an empty body)");
        /* jansson's reason may end with " near '<the text it was reading>'"
         * (up to 20 bytes of it): the server's bytes, which may be a secret
         * (the start of an access token that a bad byte cut short). Only the
         * reason and the position are kept. */
        char reason[sizeof je.text];
        snprintf(reason, sizeof reason, "%s", je.text);
        char *near = strstr(reason, " near ");
        if (near)
            *near = '\0';
        return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: not JSON (%s at byte %d)", reason,
                               je.position);
    }
    if (!json_is_object(*root)) {
        int rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: the top level is %s, expected an object",
                                 type_name(*root));
        json_decref(*root);
        *root = NULL;
        return rc;
    }
    return INFISICAL_OK;
}

/* A string member: copied into *out; NULL when null or absent (if allowed). */
static int get_string(const json_t *obj, const char *where, const char *key, enum presence p,
                      char **out, infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return p == REQUIRED ? bad_field(err, where, key, "a string", v) : INFISICAL_OK;
    if (!json_is_string(v))
        return bad_field(err, where, key, "a string", v);
    if (!(*out = infisical__strndup(json_string_value(v), json_string_length(v))))
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

/* A boolean member: 1 or 0; -1 when null or absent. */
static int get_bool(const json_t *obj, const char *where, const char *key, int *out, infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v || json_is_null(v))
        return INFISICAL_OK;
    if (!json_is_boolean(v))
        return bad_field(err, where, key, "a boolean", v);
    *out = json_is_true(v);
    return INFISICAL_OK;
}

/* A whole number, as a JSON number or (z.coerce.number on the server) a numeric string. */
static int get_count(const json_t *obj, const char *where, const char *key, enum presence p,
                     int64_t *out, infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return p == REQUIRED ? bad_field(err, where, key, "a whole number", v) : INFISICAL_OK;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (int64_t)json_integer_value(v);
        return INFISICAL_OK;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d >= 0 && d <= 9007199254740992.0 && d == (double)(int64_t)d) {
            *out = (int64_t)d;
            return INFISICAL_OK;
        }
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        errno = 0;
        long long n = strtoll(s, &end, 10);
        if (*s >= '0' && *s <= '9' && *end == '\0' && errno == 0) {
            *out = (int64_t)n;
            return INFISICAL_OK;
        }
    }
    return bad_field(err, where, key, "a whole number", v);
}

static int get_time(const json_t *obj, const char *where, const char *key, enum presence p,
                    char **text, int64_t *ms, infisical_error **err)
{
    *ms = INT64_MIN;
    int rc = get_string(obj, where, key, p, text, err);
    if (rc != INFISICAL_OK || !*text)
        return rc;
    if (infisical__parse_iso8601(*text, ms) != 0)
        return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.%s is not an ISO-8601 time", where, key);
    return INFISICAL_OK;
}

/* The string members of one connection, gathered (checked, and pointed at
 * in the jansson tree) before any is copied, so that all of them go into one
 * allocation: one per connection rather than one per field. */
#define TEXTS_MAX 16 /* 12 members and 4 of the embedded project */
struct texts {
    const char *value[TEXTS_MAX];
    size_t len[TEXTS_MAX];
    char **dst[TEXTS_MAX];
    size_t count;
    size_t bytes;
};

/* A string member, as get_string checks it; recorded in t for *dst (which
 * stays NULL until place_texts). *recorded (may be NULL) says whether it was. */
static int gather(struct texts *t, const json_t *obj, const char *where, const char *key, enum presence p,
                  char **dst, int *recorded, infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *dst = NULL;
    if (recorded)
        *recorded = 0;
    if (!v || json_is_null(v))
        return p == REQUIRED ? bad_field(err, where, key, "a string", v) : INFISICAL_OK;
    if (!json_is_string(v))
        return bad_field(err, where, key, "a string", v);
    t->value[t->count] = json_string_value(v);
    t->len[t->count] = json_string_length(v);
    t->dst[t->count] = dst;
    t->bytes += t->len[t->count] + 1;
    t->count++;
    if (recorded)
        *recorded = 1;
    return INFISICAL_OK;
}

/* A time member, as get_time checks it: the text is gathered, its value parsed now. */
static int gather_time(struct texts *t, const json_t *obj, const char *where, const char *key, enum presence p,
                       char **dst, int64_t *ms, infisical_error **err)
{
    int recorded;
    *ms = INT64_MIN;
    int rc = gather(t, obj, where, key, p, dst, &recorded, err);
    if (rc != INFISICAL_OK || !recorded)
        return rc;
    if (infisical__parse_iso8601(t->value[t->count - 1], ms) != 0)
        return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.%s is not an ISO-8601 time", where, key);
    return INFISICAL_OK;
}

/* Copy the gathered strings into one new block and point each member into it. */
static char *place_texts(const struct texts *t)
{
    char *block = infisical__malloc(t->bytes ? t->bytes : 1);
    char *at = block;
    for (size_t i = 0; block && i < t->count; i++) {
        memcpy(at, t->value[i], t->len[i]);
        at[t->len[i]] = '\0';
        *t->dst[i] = at;
        at += t->len[i] + 1;
    }
    return block;
}

/* The embedded project's strings; `where` names the project object. The
 * top-level projectId is the authority: the embedded id only fills a gap
 * (it is checked either way). */
static int gather_project(struct texts *t, const json_t *project, const char *where, struct infisical_connection *c,
                          int has_project_id, infisical_error **err)
{
    int rc;
    if ((rc = gather(t, project, where, "name", OPTIONAL, &c->project_name, NULL, err)) ||
        (rc = gather(t, project, where, "slug", OPTIONAL, &c->project_slug, NULL, err)) ||
        (rc = gather(t, project, where, "type", OPTIONAL, &c->project_type, NULL, err)))
        return rc;
    if (!has_project_id)
        return gather(t, project, where, "id", OPTIONAL, &c->project_id, NULL, err);
    json_t *id = json_object_get(project, "id");
    if (id && !json_is_null(id) && !json_is_string(id))
        return bad_field(err, where, "id", "a string", id);
    return INFISICAL_OK;
}

/* Fill c from one connection object. The reduced shape (/available) has only
 * id, name, app, projectId and orgId; everything else is then optional.
 * Every string member lands in one block, c->strings. */
static int decode_connection_object(const json_t *o, const char *where, int reduced,
                                    struct infisical_connection *c, infisical_error **err)
{
    memset(c, 0, sizeof *c);
    c->version = 0;
    c->created_at_ms = c->updated_at_ms = INT64_MIN;
    c->platform_managed = c->auto_rotation = -1;
    if (!json_is_object(o))
        return bad_field(err, "", where, "an object", o);
    enum presence full = reduced ? OPTIONAL : REQUIRED;
    struct texts t = {.count = 0};
    int rc, has_project_id;
    if ((rc = gather(&t, o, where, "id", REQUIRED, &c->id, NULL, err)) ||
        (rc = gather(&t, o, where, "name", REQUIRED, &c->name, NULL, err)) ||
        (rc = gather(&t, o, where, "app", REQUIRED, &c->app, NULL, err)) ||
        (rc = gather(&t, o, where, "orgId", REQUIRED, &c->org_id, NULL, err)) ||
        (rc = gather(&t, o, where, "projectId", OPTIONAL, &c->project_id, &has_project_id, err)) ||
        (rc = gather(&t, o, where, "description", OPTIONAL, &c->description, NULL, err)) ||
        (rc = gather(&t, o, where, "method", full, &c->method, NULL, err)) ||
        (rc = get_count(o, where, "version", full, &c->version, err)) ||
        (rc = gather_time(&t, o, where, "createdAt", full, &c->created_at, &c->created_at_ms, err)) ||
        (rc = gather_time(&t, o, where, "updatedAt", full, &c->updated_at, &c->updated_at_ms, err)) ||
        (rc = get_bool(o, where, "isPlatformManagedCredentials", &c->platform_managed, err)) ||
        (rc = get_bool(o, where, "isAutoRotationEnabled", &c->auto_rotation, err)) ||
        (rc = gather(&t, o, where, "gatewayId", OPTIONAL, &c->gateway_id, NULL, err)) ||
        (rc = gather(&t, o, where, "gatewayPoolId", OPTIONAL, &c->gateway_pool_id, NULL, err)) ||
        (rc = gather(&t, o, where, "credentialsHash", OPTIONAL, &c->credentials_hash, NULL, err)))
        goto fail;
    const char *app = json_string_value(json_object_get(o, "app"));
    if (strcmp(app, "northflank") != 0) {
        /* The server's text, quoted whole or not at all: a careless server may
         * fill it with what it was sent, and the caller masks the secrets in
         * the message (infisical__client_redact_error()), which finds a secret
         * only whole. No app's name is longer than the cap. */
        size_t len = strlen(app);
        if (len > INFISICAL__REPLY_FIELD_MAX)
            rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.app is a string of %zu bytes, expected "
                                 "\"northflank\"", where, len);
        else
            rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.app is \"%s\", expected \"northflank\"",
                                 where, app);
        goto fail;
    }
    json_t *project = json_object_get(o, "project");
    if (project && !json_is_null(project)) {
        if (!json_is_object(project)) {
            rc = bad_field(err, where, "project", "an object or null", project);
            goto fail;
        }
        struct texts before = t;
        if ((rc = gather_project(&t, project, "", c, has_project_id, NULL)) != INFISICAL_OK) {
            /* Only now is the project's place needed, for the message: check
             * again (no allocation, so the same outcome), naming it. */
            char pw[64];
            int first = rc;
            snprintf(pw, sizeof pw, "%s.project", where);
            t = before;
            if ((rc = gather_project(&t, project, pw, c, has_project_id, err)) == INFISICAL_OK)
                rc = first;
            goto fail;
        }
    }
    if (!(c->strings = place_texts(&t))) {
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        goto fail;
    }
    return INFISICAL_OK;
fail:
    /* Nothing was copied yet: the members still point nowhere. */
    memset(c, 0, sizeof *c);
    return rc;
}

int infisical__decode_connection(const char *body, size_t len, infisical_connection **out, infisical_error **err)
{
    *out = NULL;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    struct infisical_connection *c = infisical__malloc(sizeof *c);
    if (!c)
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    else
        rc = decode_connection_object(json_object_get(root, "appConnection"), "appConnection", 0, c, err);
    json_decref(root);
    if (rc != INFISICAL_OK) {
        infisical__free(c);
        return rc;
    }
    *out = c;
    return INFISICAL_OK;
}

/* The items of a parsed list reply; root is released here. */
static int decode_connection_items(json_t *root, int reduced, infisical_connection_list **out, infisical_error **err)
{
    int rc = INFISICAL_OK;
    json_t *items = json_object_get(root, "appConnections");
    struct infisical_connection_list *list = NULL;
    if (!json_is_array(items)) {
        rc = bad_field(err, "", "appConnections", "an array", items);
        goto done;
    }
    size_t n = json_array_size(items);
    if (n > UINT32_MAX) {
        rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: appConnections has too many items");
        goto done;
    }
    if (!(list = infisical__calloc(1, sizeof *list)) || !(list->items = infisical__calloc(n, sizeof *list->items))) {
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(items, i);
        rc = decode_connection_object(item, "appConnections[]", reduced, &list->items[i], NULL);
        if (rc != INFISICAL_OK) {
            /* The item's place goes into the message only when there is one
             * to write: decode it again, naming it. */
            char where[40];
            snprintf(where, sizeof where, "appConnections[%zu]", i);
            rc = decode_connection_object(item, where, reduced, &list->items[i], err);
            if (rc != INFISICAL_OK)
                goto done;
        }
        list->items[i].in_list = 1;
        list->count++;
    }
done:
    json_decref(root);
    if (rc != INFISICAL_OK) {
        infisical_connection_list_free(list);
        return rc;
    }
    *out = list;
    return INFISICAL_OK;
}

int infisical__decode_connection_list(const char *body, size_t len, int reduced,
                                      infisical_connection_list **out, infisical_error **err)
{
    *out = NULL;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    return decode_connection_items(root, reduced, out, err);
}

int infisical__decode_connection_list_take(infisical__buf *body, int reduced, infisical_connection_list **out,
                                           infisical_error **err)
{
    *out = NULL;
    json_t *root;
    int rc = parse(body->data ? body->data : "", body->len, &root, err);
    /* jansson holds every value now: the text can go before the structs are built. */
    infisical__buf_clear(body);
    if (rc != INFISICAL_OK)
        return rc;
    return decode_connection_items(root, reduced, out, err);
}

int infisical__decode_options(const char *body, size_t len, int *northflank_offered, infisical_error **err)
{
    *northflank_offered = 0;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    json_t *options = json_object_get(root, "appConnectionOptions");
    if (!json_is_array(options)) {
        rc = bad_field(err, "", "appConnectionOptions", "an array", options);
        json_decref(root);
        return rc;
    }
    size_t i, j;
    json_t *option, *method;
    json_array_foreach(options, i, option) {
        if (!json_is_object(option))
            continue;
        json_t *app = json_object_get(option, "app");
        if (!json_is_string(app) || strcmp(json_string_value(app), "northflank") != 0)
            continue;
        json_array_foreach(json_object_get(option, "methods"), j, method)
            if (json_is_string(method) && strcmp(json_string_value(method), "api-token") == 0)
                *northflank_offered = 1;
    }
    json_decref(root);
    return INFISICAL_OK;
}

/* Wipe a secret string inside a jansson value before jansson frees it. */
static void wipe_json_string(json_t *v)
{
    if (json_is_string(v))
        infisical__wipe((char *)json_string_value(v), json_string_length(v));
}

/* An issued token goes into every later request's Authorization header, as a
 * caller's would: the same rules. NULL when it may, else why not (the value
 * itself is never quoted: it is a secret). */
static const char *token_problem(const char *t, size_t n)
{
    if (n > INFISICAL__TOKEN_REPLY_MAX)
        return "is longer than " INFISICAL__STR(INFISICAL__TOKEN_REPLY_MAX) " bytes";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] <= ' ' || (unsigned char)t[i] >= 0x7f)
            return "holds a byte that is not printable ASCII (a control byte, a space, CR, LF or non-ASCII), which "
                   "must never reach a header";
    return NULL;
}

/* A lifetime in seconds: a whole number in the contract's range, which also
 * keeps every later millisecond sum far from overflow. */
static int get_seconds(const json_t *obj, const char *key, enum presence p, int64_t *out, infisical_error **err)
{
    int rc = get_count(obj, "", key, p, out, err);
    if (rc == INFISICAL_OK && (*out < 0 || *out > INFISICAL__TTL_MAX_S))
        rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s is %lld, outside the contract's range of "
                             "0 to " INFISICAL__STR(INFISICAL__TTL_MAX_S) " seconds", key, (long long)*out);
    return rc;
}

int infisical__decode_token(const char *body, size_t len, struct infisical__token_reply *out, infisical_error **err)
{
    memset(out, 0, sizeof *out);
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    json_t *token = json_object_get(root, "accessToken");
    const char *why;
    if (!json_is_string(token) || json_string_length(token) == 0)
        rc = bad_field(err, "", "accessToken", "a non-empty string", token);
    else if ((why = token_problem(json_string_value(token), json_string_length(token))))
        rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: accessToken %s", why);
    else if ((rc = get_seconds(root, "expiresIn", REQUIRED, &out->expires_in_s, err)) == INFISICAL_OK &&
             (rc = get_seconds(root, "accessTokenMaxTTL", OPTIONAL, &out->max_ttl_s, err)) == INFISICAL_OK &&
             !(out->access_token = infisical__strndup(json_string_value(token), json_string_length(token))))
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    wipe_json_string(token);
    json_decref(root);
    if (rc != INFISICAL_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* "path.to.field" from a zod issue's path array (numbers become their digits).
 * It stops once past INFISICAL__ISSUE_TEXT_MAX bytes: the issue keeps no more. */
static int join_path(const json_t *path, infisical__buf *b)
{
    size_t i;
    json_t *seg;
    json_array_foreach(path, i, seg) {
        char num[32];
        const char *text = num;
        if (b->len > INFISICAL__ISSUE_TEXT_MAX)
            break;
        if (json_is_string(seg))
            text = json_string_value(seg);
        else if (json_is_integer(seg))
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(seg));
        else
            text = "?";
        if ((i && infisical__buf_append(b, ".", 1)) || infisical__buf_puts(b, text))
            return -1;
    }
    return 0;
}

/* Copy the first INFISICAL__ISSUES_MAX 422 issues into e and build
 * "path: message; ..." of them in summary. */
static int take_issues(infisical_error *e, const json_t *issues, infisical__buf *summary)
{
    for (size_t i = 0; i < json_array_size(issues) && i < INFISICAL__ISSUES_MAX; i++) {
        json_t *issue = json_array_get(issues, i);
        infisical__buf path = {0};
        json_t *msg = json_object_get(issue, "message");
        json_t *code = json_object_get(issue, "code");
        const char *text = json_is_string(msg) ? json_string_value(msg) : "invalid";
        int failed = join_path(json_object_get(issue, "path"), &path) ||
                     infisical__error_add_issue(e, path.data ? path.data : "", text,
                                                json_is_string(code) ? json_string_value(code) : NULL);
        infisical__buf_clear(&path);
        if (failed)
            return -1;
        /* The summary quotes the issue as kept, so already cut when too long. */
        const struct infisical__issue *kept = &e->issues[e->issue_count - 1];
        if ((i && infisical__buf_puts(summary, "; ")) ||
            (*kept->path && (infisical__buf_puts(summary, kept->path) || infisical__buf_puts(summary, ": "))) ||
            infisical__buf_puts(summary, kept->message))
            return -1;
    }
    return 0;
}

/* " (and N more issues not kept)" when `total` issues were more than e kept. */
static int note_issues_left_out(const infisical_error *e, size_t total, infisical__buf *text)
{
    if (total <= e->issue_count)
        return 0;
    char note[64];
    snprintf(note, sizeof note, " (and %zu more issues not kept)", total - e->issue_count);
    return infisical__buf_puts(text, note);
}

/* e->details_json: v as compact JSON when that takes at most
 * INFISICAL__DETAILS_MAX bytes; else nothing (JSON cut short is not JSON) and a
 * note in `notes`. 0, or -1 when out of memory. */
static int keep_details(infisical_error *e, const json_t *v, size_t flags, infisical__buf *notes)
{
    size_t n = json_dumpb(v, NULL, 0, flags);
    if (n == 0)
        return -1; /* jansson ran out of memory (any value takes at least 1 byte) */
    if (n > INFISICAL__DETAILS_MAX) {
        char note[80];
        snprintf(note, sizeof note, " [details not kept: %zu bytes of JSON]", n);
        return infisical__buf_puts(notes, note);
    }
    char *text = infisical__malloc(n + 1);
    if (!text || json_dumpb(v, text, n, flags) != n) {
        infisical__free(text);
        return -1;
    }
    text[n] = '\0';
    infisical__free(e->details_json);
    e->details_json = text;
    return 0;
}

/* A short string of a reply (reqId, the error's name) kept in e, cut when long. */
static int keep_field(char **member, const json_t *v)
{
    if (!json_is_string(v))
        return infisical__error_set_str(member, NULL);
    return infisical__error_set_capped(member, json_string_value(v), json_string_length(v),
                                       INFISICAL__REPLY_FIELD_MAX);
}

/* e's message becomes the text built in b (b is reset); 0 or -1. */
static int take_message(infisical_error *e, infisical__buf *b)
{
    char *m = infisical__buf_take(b);
    if (!m)
        return -1;
    infisical__free(e->message);
    e->message = m;
    return 0;
}

/* Mask the secrets in every string and key of v, in place, before anything
 * is cut from them: a secret that straddled a cut would leave its start behind.
 * The budget scanner has already bounded the depth. 0, or -1 out of memory. */
static int redact_tree(json_t *v, const struct infisical__secrets *secrets)
{
    if (json_is_string(v)) {
        char *t = infisical__strndup(json_string_value(v), json_string_length(v));
        if (!t)
            return -1;
        infisical__redact(t, secrets);
        int rc = strlen(t) != json_string_length(v) || strcmp(t, json_string_value(v)) != 0 ? json_string_set(v, t) : 0;
        infisical__free_secret(t);
        return rc;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
            if (redact_tree(item, secrets))
                return -1;
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    /* Keys cannot change in place: collect the ones that need masking first. */
    json_t *renamed = json_object();
    const char *key;
    json_t *member;
    int failed = !renamed;
    json_object_foreach(v, key, member) {
        if (failed || (failed = redact_tree(member, secrets)))
            break;
        char *k = infisical__strdup(key);
        failed = !k;
        if (k) {
            infisical__redact(k, secrets);
            if (strcmp(k, key) != 0)
                failed = json_object_set_new(renamed, key, json_string(k)) != 0;
            infisical__free_secret(k);
        }
    }
    json_t *masked;
    json_object_foreach(renamed, key, masked) {
        if (failed)
            break;
        json_t *value = json_incref(json_object_get(v, key));
        failed = json_object_del(v, key) != 0 || json_object_set_new(v, json_string_value(masked), value) != 0;
    }
    json_decref(renamed);
    return failed ? -1 : 0;
}

/* load(), then the secrets masked in everything the server said. */
static int load_error(const char *body, size_t len, const struct infisical__secrets *secrets, json_t **root,
                      struct infisical__json_scan *scan, int *failed)
{
    int verdict = load(body, len, root, NULL, scan);
    *failed = *root && redact_tree(*root, secrets) != 0;
    return verdict;
}

infisical_error *infisical__decode_error(long status, const char *body, size_t len, const char *what,
                                         const struct infisical__secrets *secrets)
{
    json_t *root;
    struct infisical__json_scan scan;
    int oom = 0;
    int verdict = load_error(body, len, secrets, &root, &scan, &oom);
    json_t *name = json_object_get(root, "error");
    json_t *message = json_object_get(root, "message");
    json_t *req_id = json_object_get(root, "reqId");
    json_t *details = json_object_get(root, "details");
    const char *server_error = json_is_string(name) ? json_string_value(name) : NULL;

    infisical_error *e = infisical__error_new(infisical__code_for_http(status, server_error), "%s", "");
    infisical__buf text = {0}, said = {0};
    int failed = !e || oom;
    if (!failed) {
        e->http_status = (int)status;
        e->retryable = status == 429 || status == 502 || status == 503 || status == 504;
        failed = infisical__buf_puts(&text, what) || infisical__buf_puts(&text, ": ") ||
                 keep_field(&e->server_error, name) || keep_field(&e->request_id, req_id) ||
                 infisical__error_set_str(&e->request, what);
    }
    /* The server's own words, bounded: its message, or its issues. */
    if (!failed && json_is_string(message))
        failed = infisical__buf_put_capped(&text, json_string_value(message), json_string_length(message),
                                           INFISICAL__MESSAGE_MAX, "message");
    else if (!failed && json_is_array(message))
        failed = infisical__buf_puts(&text, "validation failed: ") || take_issues(e, message, &said) ||
                 (said.data && infisical__buf_put_capped(&text, said.data, said.len, INFISICAL__MESSAGE_MAX,
                                                         "message")) ||
                 note_issues_left_out(e, json_array_size(message), &text);
    else if (!failed) {
        char line[96];
        describe_body(line, sizeof line, status, verdict, root != NULL, len);
        failed = infisical__buf_puts(&text, line);
    }
    if (!failed && e->server_error) {
        char code[24];
        snprintf(code, sizeof code, " (HTTP %ld ", status);
        failed = infisical__buf_puts(&text, code) || infisical__buf_puts(&text, e->server_error) ||
                 infisical__buf_puts(&text, ")");
    }
    if (!failed && details && !json_is_null(details))
        failed = keep_details(e, details, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS, &text);
    if (!failed)
        failed = take_message(e, &text);
    infisical__buf_clear(&said);
    infisical__buf_clear(&text);
    json_decref(root);
    if (failed) {
        infisical_error_free(e);
        return NULL;
    }
    return e;
}

/* ---- the Northflank API ---- */

int infisical__decode_northflank_page(const char *body, size_t len, const char *collection,
                                      struct infisical_northflank_resources *list, char **next_cursor,
                                      infisical_error **err)
{
    *next_cursor = NULL;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    json_t *data = json_object_get(root, "data");
    json_t *items = json_object_get(data, collection);
    json_t *pagination = json_object_get(root, "pagination");
    char where[48];
    snprintf(where, sizeof where, "data.%s", collection);
    if (!json_is_object(data))
        rc = bad_field(err, "", "data", "an object", data);
    else if (!json_is_array(items))
        rc = bad_field(err, "data", collection, "an array", items);
    else if (pagination && !json_is_object(pagination))
        rc = bad_field(err, "", "pagination", "an object", pagination);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        if (rc != INFISICAL_OK)
            break;
        char at[96];
        snprintf(at, sizeof at, "%s[%zu]", where, i);
        json_t *id = json_object_get(item, "id"), *name = json_object_get(item, "name");
        if (!json_is_string(id))
            rc = bad_field(err, at, "id", "a string", id);
        else if (!json_is_string(name))
            rc = bad_field(err, at, "name", "a string", name);
        else {
            int added = infisical__resources_add(list, json_string_value(id), json_string_value(name));
            if (added < 0)
                rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
            else if (added > 0)
                rc = infisical__fail(err, INFISICAL_ETRUNCATED, "the listing reached its budget of %u items or %zu "
                                     "bytes", list->max_items, list->max_bytes);
        }
    }
    /* Infisical's rule: go on only when hasNextPage is true and a cursor is given. */
    json_t *cursor = json_object_get(pagination, "cursor");
    if (rc == INFISICAL_OK && json_is_true(json_object_get(pagination, "hasNextPage")) && json_is_string(cursor) &&
        json_string_length(cursor) > 0 &&
        !(*next_cursor = infisical__strndup(json_string_value(cursor), json_string_length(cursor))))
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    json_decref(root);
    return rc;
}

static int northflank_code(long status)
{
    switch (status) {
    case 400: return INFISICAL_EBADREQUEST;
    case 401: return INFISICAL_EUNAUTHORIZED;
    case 403: return INFISICAL_EPERMISSION; /* Northflank's 403 is a missing permission of the token */
    case 404: return INFISICAL_ENOTFOUND;
    case 422: return INFISICAL_EVALIDATION;
    case 429: return INFISICAL_ERATELIMIT;
    default: return status >= 500 && status <= 599 ? INFISICAL_ESERVER : INFISICAL_EHTTP;
    }
}

/* details: {"field": ["message", ...]} -> one issue per message (the first
 * INFISICAL__ISSUES_MAX); *total counts them all. */
static int take_details(infisical_error *e, const json_t *details, size_t *total)
{
    const char *field;
    json_t *messages, *m;
    size_t i;
    *total = 0;
    json_object_foreach((json_t *)details, field, messages) {
        if (json_is_string(messages)) {
            ++*total;
            if (infisical__error_add_issue(e, field, json_string_value(messages), NULL))
                return -1;
        }
        json_array_foreach(messages, i, m) {
            if (!json_is_string(m))
                continue;
            ++*total;
            if (infisical__error_add_issue(e, field, json_string_value(m), NULL))
                return -1;
        }
    }
    return 0;
}

infisical_error *infisical__decode_northflank_error(long status, const char *body, size_t len, const char *what,
                                                    const struct infisical__secrets *secrets)
{
    json_t *root;
    struct infisical__json_scan scan;
    int oom = 0;
    int verdict = load_error(body, len, secrets, &root, &scan, &oom);
    json_t *nested = json_object_get(root, "error");
    json_t *message = json_object_get(json_is_object(nested) ? nested : root, "message");
    json_t *details = json_object_get(nested, "details");
    infisical_error *e = infisical__error_new(northflank_code(status), "%s", "");
    infisical__buf text = {0};
    char line[96];
    size_t total = 0;
    int failed = !e || oom || infisical__buf_puts(&text, what) || infisical__buf_puts(&text, " on Northflank: ");
    if (!failed) {
        e->http_status = (int)status;
        e->retryable = status == 429 || status == 502 || status == 503 || status == 504;
        failed = infisical__error_set_str(&e->request, what);
    }
    if (!failed && json_is_string(message)) {
        snprintf(line, sizeof line, " (HTTP %ld)", status);
        failed = infisical__buf_put_capped(&text, json_string_value(message), json_string_length(message),
                                           INFISICAL__MESSAGE_MAX, "message") ||
                 infisical__buf_puts(&text, line);
    } else if (!failed) {
        describe_body(line, sizeof line, status, verdict, root != NULL, len);
        failed = infisical__buf_puts(&text, line);
    }
    if (!failed && json_is_object(details) && json_object_size(details) > 0)
        failed = take_details(e, details, &total) || note_issues_left_out(e, total, &text) ||
                 keep_details(e, details, JSON_COMPACT | JSON_SORT_KEYS, &text);
    if (!failed)
        failed = take_message(e, &text);
    infisical__buf_clear(&text);
    json_decref(root);
    if (failed) {
        infisical_error_free(e);
        return NULL;
    }
    return e;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int infisical__parse_iso8601(const char *s, int64_t *ms)
{
    int y, mo, d, h, mi, sec, frac = 0;
    if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 ||
        sec > 60)
        return -1;
    const char *p = s + 19;
    if (*p == '.') {
        int scale = 100;
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
            frac += (*p - '0') * scale;
    }
    int offset_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        offset_min = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p != '\0')
        return -1;
    int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    *ms = secs * 1000 + frac;
    return 0;
}

/* ---- secret syncs ---- */

/* A string member that must be one of `words` (index + first): *out gets first + its index; 0 when null or
 * absent (if allowed). */
static int get_word(const json_t *obj, const char *where, const char *key, const char *const *words, size_t n,
                    uint32_t first, uint32_t *out, infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return INFISICAL_OK;
    if (json_is_string(v))
        for (size_t i = 0; i < n; i++)
            if (strcmp(json_string_value(v), words[i]) == 0) {
                *out = first + (uint32_t)i;
                return INFISICAL_OK;
            }
    return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.%s is not one of the values the contract "
                           "names", where, key);
}

/* An object member: *out is it, or NULL when null or absent (if allowed). */
static int get_object(const json_t *obj, const char *where, const char *key, enum presence p, json_t **out,
                      infisical_error **err)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return p == REQUIRED ? bad_field(err, where, key, "an object", v) : INFISICAL_OK;
    if (!json_is_object(v))
        return bad_field(err, where, key, "an object", v);
    *out = v;
    return INFISICAL_OK;
}

/* The keys of one job's lifecycle, by INFISICAL_SYNC_JOB_* index. */
static const struct {
    const char *status, *job_id, *message, *at;
} lifecycle[INFISICAL_SYNC_JOB_COUNT] = {
    {"syncStatus", "lastSyncJobId", "lastSyncMessage", "lastSyncedAt"},
    {"importStatus", "lastImportJobId", "lastImportMessage", "lastImportedAt"},
    {"removeStatus", "lastRemoveJobId", "lastRemoveMessage", "lastRemovedAt"},
};

static const char *const status_words[] = {"pending", "running", "succeeded", "failed"};
static const char *const initial_words[] = {"overwrite-destination", "import-prioritize-source",
                                            "import-prioritize-destination"};

/* Fill s from one NorthflankSync object (the contract, 3). */
static int decode_sync_object(const json_t *o, const char *where, struct infisical_sync *s, infisical_error **err)
{
    memset(s, 0, sizeof *s);
    s->created_at_ms = s->updated_at_ms = INFISICAL_TIME_ABSENT;
    for (int j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++)
        s->succeeded_at_ms[j] = INFISICAL_TIME_ABSENT;
    if (!json_is_object(o))
        return bad_field(err, "", where, "an object", o);
    char at[96];
    json_t *dest, *options, *conn, *env, *folder;
    int rc, auto_sync;
    if ((rc = get_string(o, where, "id", REQUIRED, &s->id, err)) ||
        (rc = get_string(o, where, "name", REQUIRED, &s->name, err)) ||
        (rc = get_string(o, where, "description", OPTIONAL, &s->description, err)) ||
        (rc = get_string(o, where, "destination", REQUIRED, &s->destination, err)) ||
        (rc = get_string(o, where, "projectId", REQUIRED, &s->project_id, err)) ||
        (rc = get_string(o, where, "connectionId", REQUIRED, &s->connection_id, err)) ||
        (rc = get_string(o, where, "folderId", OPTIONAL, &s->folder_id, err)) ||
        (rc = get_bool(o, where, "isAutoSyncEnabled", &auto_sync, err)) ||
        (rc = get_count(o, where, "version", REQUIRED, &s->version, err)) ||
        (rc = get_time(o, where, "createdAt", REQUIRED, &s->created_at, &s->created_at_ms, err)) ||
        (rc = get_time(o, where, "updatedAt", REQUIRED, &s->updated_at, &s->updated_at_ms, err)) ||
        (rc = get_object(o, where, "destinationConfig", REQUIRED, &dest, err)) ||
        (rc = get_object(o, where, "syncOptions", REQUIRED, &options, err)) ||
        (rc = get_object(o, where, "connection", OPTIONAL, &conn, err)) ||
        (rc = get_object(o, where, "environment", OPTIONAL, &env, err)) ||
        (rc = get_object(o, where, "folder", OPTIONAL, &folder, err)))
        goto fail;
    if (auto_sync < 0) {
        rc = bad_field(err, where, "isAutoSyncEnabled", "a boolean", NULL);
        goto fail;
    }
    s->auto_sync = auto_sync;
    if (strcmp(s->destination, "northflank") != 0) {
        rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: %s.destination is not \"northflank\"", where);
        goto fail;
    }
    snprintf(at, sizeof at, "%s.destinationConfig", where);
    if ((rc = get_string(dest, at, "projectId", REQUIRED, &s->destination_project_id, err)) ||
        (rc = get_string(dest, at, "projectName", OPTIONAL, &s->destination_project_name, err)) ||
        (rc = get_string(dest, at, "secretGroupId", REQUIRED, &s->destination_secret_group_id, err)) ||
        (rc = get_string(dest, at, "secretGroupName", OPTIONAL, &s->destination_secret_group_name, err)))
        goto fail;
    snprintf(at, sizeof at, "%s.syncOptions", where);
    if ((rc = get_word(options, at, "initialSyncBehavior", initial_words, 3, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION,
                       &s->initial_sync_behavior, err)) ||
        (rc = get_string(options, at, "keySchema", OPTIONAL, &s->key_schema, err)) ||
        (rc = get_bool(options, at, "disableSecretDeletion", &s->disable_secret_deletion, err)))
        goto fail;
    for (int j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++)
        if ((rc = get_word(o, where, lifecycle[j].status, status_words, 4, INFISICAL_SYNC_STATUS_PENDING,
                           &s->status[j], err)) ||
            (rc = get_string(o, where, lifecycle[j].job_id, OPTIONAL, &s->job_id[j], err)) ||
            (rc = get_string(o, where, lifecycle[j].message, OPTIONAL, &s->message[j], err)) ||
            (rc = get_time(o, where, lifecycle[j].at, OPTIONAL, &s->succeeded_at[j], &s->succeeded_at_ms[j], err)))
            goto fail;
    snprintf(at, sizeof at, "%s.connection", where);
    if (conn && ((rc = get_string(conn, at, "name", OPTIONAL, &s->connection_name, err)) ||
                 (rc = get_string(conn, at, "app", OPTIONAL, &s->connection_app, err))))
        goto fail;
    snprintf(at, sizeof at, "%s.environment", where);
    if (env && ((rc = get_string(env, at, "slug", OPTIONAL, &s->environment_slug, err)) ||
                (rc = get_string(env, at, "name", OPTIONAL, &s->environment_name, err)) ||
                (rc = get_string(env, at, "id", OPTIONAL, &s->environment_id, err))))
        goto fail;
    snprintf(at, sizeof at, "%s.folder", where);
    if (folder && (rc = get_string(folder, at, "path", OPTIONAL, &s->folder_path, err)))
        goto fail;
    return INFISICAL_OK;
fail:
    infisical__sync_clear(s);
    return rc;
}

int infisical__decode_sync(const char *body, size_t len, infisical_sync **out, infisical_error **err)
{
    *out = NULL;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    struct infisical_sync *s = infisical__malloc(sizeof *s);
    if (!s)
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    else
        rc = decode_sync_object(json_object_get(root, "secretSync"), "secretSync", s, err);
    json_decref(root);
    if (rc != INFISICAL_OK) {
        infisical__free(s);
        return rc;
    }
    *out = s;
    return INFISICAL_OK;
}

int infisical__decode_sync_list(const char *body, size_t len, infisical_sync_list **out, infisical_error **err)
{
    *out = NULL;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    json_t *items = json_object_get(root, "secretSyncs");
    struct infisical_sync_list *list = NULL;
    size_t n = json_array_size(items);
    if (!json_is_array(items))
        rc = bad_field(err, "", "secretSyncs", "an array", items);
    else if (n > UINT32_MAX)
        rc = infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: secretSyncs has too many items");
    else if (!(list = infisical__calloc(1, sizeof *list)) || !(list->items = infisical__calloc(n, sizeof *list->items)))
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == INFISICAL_OK && i < n; i++) {
        char where[40];
        snprintf(where, sizeof where, "secretSyncs[%zu]", i);
        if ((rc = decode_sync_object(json_array_get(items, i), where, &list->items[i], err)) == INFISICAL_OK) {
            list->items[i].in_list = 1;
            list->count++;
        }
    }
    json_decref(root);
    if (rc != INFISICAL_OK) {
        infisical_sync_list_free(list);
        return rc;
    }
    *out = list;
    return INFISICAL_OK;
}

int infisical__decode_sync_options(const char *body, size_t len, int *northflank_offered, infisical_error **err)
{
    *northflank_offered = 0;
    json_t *root;
    int rc = parse(body, len, &root, err);
    if (rc != INFISICAL_OK)
        return rc;
    json_t *options = json_object_get(root, "secretSyncOptions");
    if (!json_is_array(options))
        rc = bad_field(err, "", "secretSyncOptions", "an array", options);
    size_t i;
    json_t *option;
    json_array_foreach(options, i, option) {
        json_t *destination = json_object_get(option, "destination");
        if (json_is_string(destination) && strcmp(json_string_value(destination), "northflank") == 0)
            *northflank_offered = 1;
    }
    json_decref(root);
    return rc;
}
