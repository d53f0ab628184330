/* The codec: Infisical's JSON <-> the library's C structs. It never does I/O.
 * Request bodies are written by hand into wiped buffers (they carry secrets);
 * replies are read with jansson. */
#ifndef INFISICAL_CODEC_H
#define INFISICAL_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "models.h"
#include "infisical/config.h"
#include "infisical/error.h"
#include "util/buf.h"
#include "util/redact.h"

/* ---- request bodies: a new string (wipe and free it with infisical__free_secret), NULL when out of memory ---- */

/* The fields of a create or update body; NULL members are left out. */
struct infisical__connection_fields {
    const char *name;
    int set_description;        /* description: 0 absent, 1 present (NULL means JSON null) */
    const char *description;
    const char *project_id;
    const char *api_token;      /* secret */
    int with_method;            /* create: "method": "api-token" */
};
char *infisical__encode_connection(const struct infisical__connection_fields *f);
/* The fields of a sync's create or update body; NULL members (and 0 flags) are left out. */
struct infisical__sync_fields {
    const char *name;
    const char *project_id;
    int set_description;            /* description: 0 absent, 1 present (NULL means JSON null) */
    const char *description;
    const char *connection_id;
    const char *environment;        /* with secret_path, both or neither */
    const char *secret_path;
    int set_auto_sync;
    int auto_sync;
    int with_options;               /* send the whole syncOptions object: */
    uint32_t initial_sync_behavior; /*   INFISICAL_SYNC_INITIAL_* (not _NONE) */
    const char *key_schema;         /*   NULL: none */
    int disable_secret_deletion;    /*   1, 0, or -1: leave it out */
    int with_destination;           /* send the whole destinationConfig object: */
    const char *dest_project_id;
    const char *dest_group_id;
    const char *dest_project_name;  /*   NULL: none */
    const char *dest_group_name;
};
char *infisical__encode_sync(const struct infisical__sync_fields *f);
/* {"clientId": ..., "clientSecret": ...} */
char *infisical__encode_login(const char *client_id, const char *client_secret);
/* {"accessToken": ...}: the renew and revoke bodies */
char *infisical__encode_access_token(const char *token);

/* ---- replies ---- */

/* {"appConnection": {...}} -> a new connection. */
int infisical__decode_connection(const char *body, size_t len, infisical_connection **out, infisical_error **err);

/* {"appConnections": [...]} -> a new list. `reduced`: the /available shape. */
int infisical__decode_connection_list(const char *body, size_t len, int reduced,
                                      infisical_connection_list **out, infisical_error **err);

/* The same, from a reply's buffer, which is cleared (infisical__buf_clear) as
 * soon as jansson has parsed it, so the text and the decoded list are never
 * held together: a big list's peak memory is the text's size lower. */
int infisical__decode_connection_list_take(infisical__buf *body, int reduced, infisical_connection_list **out,
                                           infisical_error **err);

/* {"appConnectionOptions": [...]} -> whether "northflank" with "api-token" is among them. */
int infisical__decode_options(const char *body, size_t len, int *northflank_offered, infisical_error **err);

/* {"secretSync": {...}} -> a new sync. */
int infisical__decode_sync(const char *body, size_t len, infisical_sync **out, infisical_error **err);
/* {"secretSyncs": [...]} -> a new list. */
int infisical__decode_sync_list(const char *body, size_t len, infisical_sync_list **out, infisical_error **err);
/* {"secretSyncOptions": [...]} -> whether the "northflank" destination is among them. */
int infisical__decode_sync_options(const char *body, size_t len, int *northflank_offered, infisical_error **err);

/* A login or renew reply. Its token must be printable ASCII without spaces
 * and at most INFISICAL__TOKEN_REPLY_MAX bytes (what a caller may set); expiresIn and
 * accessTokenMaxTTL must lie in 0..INFISICAL__TTL_MAX_S (the contract's
 * range, ten years); anything else is INFISICAL_EPROTOCOL. */
#define INFISICAL__TOKEN_REPLY_MAX INFISICAL_ACCESS_TOKEN_MAX
#define INFISICAL__TTL_MAX_S 315360000
#define INFISICAL__STR(x) INFISICAL__STR2(x)
#define INFISICAL__STR2(x) #x
struct infisical__token_reply {
    char *access_token;      /* secret: free with infisical__free_secret */
    int64_t expires_in_s;    /* 0: no expiry */
    int64_t max_ttl_s;       /* 0: no maximum */
};
int infisical__decode_token(const char *body, size_t len, struct infisical__token_reply *out, infisical_error **err);

/* An error reply: every string and key of the body has the secrets (may be
 * NULL) masked first (infisical__redact), before anything is cut; then a new error whose code comes from the status and the body's
 * `error` name, with message, reqId, details and issues when the body has them.
 * `what` ("GET /api/...") prefixes the message. NULL when out of memory. */
infisical_error *infisical__decode_error(long status, const char *body, size_t len, const char *what,
                                         const struct infisical__secrets *secrets);

/* ---- the Northflank API ---- */

/* One page of a listing, {"data":{"<collection>":[{id,name,...}]},"pagination":
 * {"hasNextPage","cursor"}}: its items are appended to list; *next_cursor is a
 * new string when hasNextPage is true and a cursor is given, else NULL. */
int infisical__decode_northflank_page(const char *body, size_t len, const char *collection,
                                      struct infisical_northflank_resources *list, char **next_cursor,
                                      infisical_error **err);

/* A Northflank error reply ({"error":{"message","details"}} or {"message"}):
 * a new error (401 EUNAUTHORIZED, 403 EPERMISSION, ...); details become
 * issues (field -> each message). NULL when out of memory. */
infisical_error *infisical__decode_northflank_error(long status, const char *body, size_t len, const char *what,
                                                    const struct infisical__secrets *secrets);

/* ISO-8601 ("2025-01-23T10:15:00.000Z", or with a +hh:mm offset) -> Unix ms; 0 or -1. */
int infisical__parse_iso8601(const char *s, int64_t *ms);

#endif
