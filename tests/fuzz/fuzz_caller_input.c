/* Caller strings on their way to a request: validation (lib/validate.c
 * through the public params setters), the JSON body (lib/codec/encode.c) and
 * the URL path (infisical__buf_escape). The input is up to 15 strings
 * separated by NULs, used as the fields of a connection, of a sync and of a
 * login. Oracles:
 * - what a setter accepts is stored trimmed and obeys the field's rule, and
 *   the low-level checks agree with independent ones (the slug and UUID
 *   shapes; UTF-8 as jansson judges it, with the UTF-16 length);
 * - a body encoded from accepted values is JSON that jansson reads back to
 *   exactly those values, and nothing else;
 * - an escaped path segment holds only unreserved bytes and %XX (so no '/',
 *   '?', '#', and no '.', hence no "." or ".." step) and decodes to the input. */
#include "codec/codec.h"
#include "fuzz.h"
#include "northflank/params.h"
#include "northflank/sync_params.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "validate.h"

#define FIELDS 15

static int is_slug(const char *s, size_t n)
{
    /* ^[a-z0-9]+(-[a-z0-9]+)*$ */
    if (n == 0 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        int alnum = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9');
        if (!alnum && !(s[i] == '-' && s[i + 1] != '-'))
            return 0;
    }
    return 1;
}

static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
            return 0;
    }
    return 1;
}

/* jansson's opinion of the bytes as UTF-8, and the UTF-16 length. */
static int jansson_utf8(const char *s, size_t n, size_t *units)
{
    json_t *j = json_stringn(s, n);
    if (!j)
        return 0;
    json_decref(j);
    *units = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        *units += (c & 0xC0) != 0x80;
        *units += c >= 0xF0;
    }
    return 1;
}

static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static void check_validators(const char *s)
{
    size_t n = strlen(s), units = 0, j_units = 0;
    FUZZ_CHECK((infisical__check_uuid(s) == NULL) == is_uuid(s));
    FUZZ_CHECK((infisical__check_slug("slug", s, n) == NULL) == (n <= 64 && is_slug(s, n)));
    infisical_error *e = NULL;
    int rc = infisical__check_slug_of(&e, "environment", s, n, 64);
    fuzz_check_status(rc, e);
    FUZZ_CHECK((rc == INFISICAL_OK) == (infisical__check_slug("slug", s, n) == NULL));
    infisical_error_free(e);
    int ok = infisical__utf8_units(s, n, &units) == 0;
    FUZZ_CHECK(ok == jansson_utf8(s, n, &j_units));
    FUZZ_CHECK(!ok || units == j_units);
    size_t tn;
    const char *t = infisical__trim(s, &tn);
    FUZZ_CHECK(t >= s && t + tn <= s + n);
    FUZZ_CHECK(tn == 0 || (!is_space((unsigned char)t[0]) && !is_space((unsigned char)t[tn - 1])));
}

/* The value a setter stored for `input`: its trimmed form, never more. */
static void check_stored(const char *stored, const char *input)
{
    size_t tn;
    const char *t = infisical__trim(input, &tn);
    FUZZ_CHECK(stored && strlen(stored) == tn && memcmp(stored, t, tn) == 0);
}

static void check_escape(const char *s)
{
    infisical__buf b = {0};
    FUZZ_CHECK(infisical__buf_escape(&b, s) == 0);
    const char *out = b.data ? b.data : "";
    size_t k = 0, n = strlen(s);
    for (const char *p = out; *p;) {
        FUZZ_CHECK(!strchr("/?#.", *p));
        unsigned char c;
        if (*p == '%') {
            unsigned hi, lo;
            FUZZ_CHECK(sscanf(p + 1, "%1x%1x", &hi, &lo) == 2 && p[1] && p[2]);
            c = (unsigned char)(hi << 4 | lo);
            p += 3;
        } else {
            FUZZ_CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                       *p == '-' || *p == '_' || *p == '~');
            c = (unsigned char)*p++;
        }
        FUZZ_CHECK(k < n && (unsigned char)s[k] == c);
        k++;
    }
    FUZZ_CHECK(k == n);
    infisical__buf_clear(&b);
}

/* Member `key` of o is the string `want` (or JSON null when want is NULL). */
static void check_member(json_t *o, const char *key, const char *want, size_t *count)
{
    json_t *v = json_object_get(o, key);
    FUZZ_CHECK(v != NULL);
    if (!want) {
        FUZZ_CHECK(json_is_null(v));
    } else {
        FUZZ_CHECK(json_is_string(v));
        FUZZ_CHECK(json_string_length(v) == strlen(want) && memcmp(json_string_value(v), want, strlen(want)) == 0);
    }
    ++*count;
}

static json_t *load_body(char *body)
{
    FUZZ_CHECK(body != NULL);
    json_error_t je;
    json_t *root = json_loads(body, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        fprintf(stderr, "body is not JSON (%s): %s\n", je.text, body);
    FUZZ_CHECK(json_is_object(root));
    infisical__free_secret(body);
    return root;
}

static void check_connection_body(const struct infisical_northflank_params *p)
{
    struct infisical__connection_fields f = {
        .name = p->name, .set_description = p->set_description, .description = p->description,
        .project_id = p->project_id, .api_token = p->api_token, .with_method = 1,
    };
    json_t *root = load_body(infisical__encode_connection(&f));
    size_t count = 0;
    check_member(root, "method", "api-token", &count);
    if (p->name)
        check_member(root, "name", p->name, &count);
    if (p->set_description)
        check_member(root, "description", p->description, &count);
    if (p->project_id)
        check_member(root, "projectId", p->project_id, &count);
    if (p->api_token) {
        json_t *cred = json_object_get(root, "credentials");
        size_t inner = 0;
        FUZZ_CHECK(json_is_object(cred));
        check_member(cred, "apiToken", p->api_token, &inner);
        FUZZ_CHECK(json_object_size(cred) == inner);
        count++;
    }
    FUZZ_CHECK(json_object_size(root) == count);
    json_decref(root);
}

static void check_sync_body(const struct infisical_sync_params *p, uint32_t behavior, int deletion)
{
    static const char *const words[] = {"overwrite-destination", "import-prioritize-source",
                                        "import-prioritize-destination"};
    struct infisical__sync_fields f = {
        .name = p->name, .project_id = p->project_id, .set_description = p->set_description,
        .description = p->description, .connection_id = p->connection_id, .environment = p->environment,
        .secret_path = p->secret_path, .set_auto_sync = 1, .auto_sync = deletion > 0,
        .with_options = 1, .initial_sync_behavior = behavior, .key_schema = p->key_schema,
        .disable_secret_deletion = deletion, .with_destination = p->set_destination,
        .dest_project_id = p->dest_project_id, .dest_group_id = p->dest_group_id,
        .dest_project_name = p->dest_project_name, .dest_group_name = p->dest_group_name,
    };
    json_t *root = load_body(infisical__encode_sync(&f));
    size_t count = 0, inner = 0;
    if (p->name)
        check_member(root, "name", p->name, &count);
    if (p->project_id)
        check_member(root, "projectId", p->project_id, &count);
    if (p->set_description)
        check_member(root, "description", p->description, &count);
    if (p->connection_id)
        check_member(root, "connectionId", p->connection_id, &count);
    if (p->environment) {
        check_member(root, "environment", p->environment, &count);
        check_member(root, "secretPath", p->secret_path, &count);
    }
    FUZZ_CHECK(json_is_boolean(json_object_get(root, "isAutoSyncEnabled")) &&
               json_is_true(json_object_get(root, "isAutoSyncEnabled")) == (deletion > 0));
    count++;
    json_t *opts = json_object_get(root, "syncOptions");
    FUZZ_CHECK(json_is_object(opts));
    count++;
    check_member(opts, "initialSyncBehavior", words[behavior - 1], &inner);
    if (p->key_schema)
        check_member(opts, "keySchema", p->key_schema, &inner);
    if (deletion >= 0) {
        json_t *d = json_object_get(opts, "disableSecretDeletion");
        FUZZ_CHECK(json_is_boolean(d) && json_is_true(d) == (deletion == 1));
        inner++;
    }
    FUZZ_CHECK(json_object_size(opts) == inner);
    if (p->set_destination) {
        json_t *dest = json_object_get(root, "destinationConfig");
        size_t dn = 0;
        FUZZ_CHECK(json_is_object(dest));
        check_member(dest, "projectId", p->dest_project_id, &dn);
        check_member(dest, "secretGroupId", p->dest_group_id, &dn);
        if (p->dest_project_name)
            check_member(dest, "projectName", p->dest_project_name, &dn);
        if (p->dest_group_name)
            check_member(dest, "secretGroupName", p->dest_group_name, &dn);
        FUZZ_CHECK(json_object_size(dest) == dn);
        count++;
    }
    FUZZ_CHECK(json_object_size(root) == count);
    json_decref(root);
}

/* A setter's verdict: the status contract, and whether to check what it stored. */
static int accepted(int rc, infisical_error **e)
{
    fuzz_check_status(rc, *e);
    FUZZ_CHECK(rc == INFISICAL_OK || rc == INFISICAL_EINVAL);
    infisical_error_free(*e);
    *e = NULL;
    return rc == INFISICAL_OK;
}

static int utf8_line(const char *s)
{
    return infisical__check_chars(s, strlen(s), INFISICAL__CHARS_UTF8_LINE) == NULL;
}

static void connection(const char *const *f)
{
    infisical_northflank_params *p = NULL;
    infisical_error *e = NULL;
    FUZZ_CHECK(infisical_northflank_params_new(&p, NULL) == INFISICAL_OK);
    if (f[0] && accepted(infisical_northflank_params_set_name(p, f[0], &e), &e)) {
        check_stored(p->name, f[0]);
        FUZZ_CHECK(strlen(p->name) <= 64 && is_slug(p->name, strlen(p->name)));
    }
    if (f[1] && accepted(infisical_northflank_params_set_description(p, f[1], &e), &e)) {
        size_t units;
        check_stored(p->description, f[1]);
        FUZZ_CHECK(jansson_utf8(p->description, strlen(p->description), &units) && units <= 256);
    }
    if (f[2] && accepted(infisical_northflank_params_set_project_id(p, f[2], &e), &e)) {
        check_stored(p->project_id, f[2]);
        FUZZ_CHECK(*p->project_id && utf8_line(p->project_id));
    }
    if (f[3] && accepted(infisical_northflank_params_set_api_token(p, f[3], &e), &e)) {
        check_stored(p->api_token, f[3]);
        FUZZ_CHECK(*p->api_token && infisical__check_chars(p->api_token, strlen(p->api_token),
                                                           INFISICAL__CHARS_ASCII) == NULL);
    }
    check_connection_body(p);
    infisical_northflank_params_free(p);
}

static void sync(const char *const *f, uint32_t behavior, int deletion)
{
    infisical_sync_params *p = NULL;
    infisical_error *e = NULL;
    FUZZ_CHECK(infisical_sync_params_new(&p, NULL) == INFISICAL_OK);
    if (f[4] && accepted(infisical_sync_params_set_name(p, f[4], &e), &e))
        FUZZ_CHECK(*p->name && utf8_line(p->name));
    if (f[5] && accepted(infisical_sync_params_set_description(p, f[5], &e), &e))
        FUZZ_CHECK(jansson_utf8(p->description, strlen(p->description), &(size_t){0}));
    if (f[6] && accepted(infisical_sync_params_set_project_id(p, f[6], &e), &e))
        FUZZ_CHECK(*p->project_id && utf8_line(p->project_id));
    if (f[7] && accepted(infisical_sync_params_set_connection_id(p, f[7], &e), &e))
        FUZZ_CHECK(is_uuid(p->connection_id));
    if (f[8] && accepted(infisical_sync_params_set_source(p, f[8], f[9], &e), &e)) {
        check_stored(p->environment, f[8]);
        FUZZ_CHECK(is_slug(p->environment, strlen(p->environment)));
        FUZZ_CHECK(*p->secret_path && utf8_line(p->secret_path));
    }
    if (f[10] && accepted(infisical_sync_params_set_key_schema(p, f[10], &e), &e))
        FUZZ_CHECK(strstr(p->key_schema, "{{secretKey}}") && utf8_line(p->key_schema));
    if (f[11] && accepted(infisical_sync_params_set_destination(p, f[11], f[12], f[13], f[14], &e), &e))
        FUZZ_CHECK(utf8_line(p->dest_project_id) && utf8_line(p->dest_group_id) &&
                   (!p->dest_project_name || utf8_line(p->dest_project_name)) &&
                   (!p->dest_group_name || utf8_line(p->dest_group_name)));
    check_sync_body(p, behavior, deletion);
    infisical_sync_params_free(p);
}

/* The login, renew and revoke bodies: the encoder's contract is UTF-8 input
 * (the config setters check it); given that, the body reads back exactly. */
static void login(const char *id, const char *secret)
{
    if (!id || !secret || !utf8_line(id) || !utf8_line(secret))
        return;
    size_t count = 0;
    json_t *root = load_body(infisical__encode_login(id, secret));
    check_member(root, "clientId", id, &count);
    check_member(root, "clientSecret", secret, &count);
    FUZZ_CHECK(json_object_size(root) == count);
    json_decref(root);
    count = 0;
    root = load_body(infisical__encode_access_token(secret));
    check_member(root, "accessToken", secret, &count);
    FUZZ_CHECK(json_object_size(root) == count);
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *f[FIELDS] = {0};
    size_t nf = 0;
    for (char *p = copy; nf < FIELDS && p <= copy + size; p += strlen(p) + 1)
        f[nf++] = p;
    for (size_t i = 0; i < nf; i++) {
        check_validators(f[i]);
        check_escape(f[i]);
    }
    connection(f);
    /* The options' shape from the number of fields: every value is reached. */
    sync(f, (uint32_t)(nf % 3) + 1, (int)(nf % 3) - 1);
    login(f[0], f[1]);
    free(copy);
    return 0;
}
