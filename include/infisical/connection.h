/**
 * @file
 * libinfisical: a Northflank App Connection as the server returned it, and lists of them.
 */
#ifndef INFISICAL_CONNECTION_H
#define INFISICAL_CONNECTION_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque, immutable snapshot of one connection. */
typedef struct infisical_connection infisical_connection;
/** Opaque, immutable list of connections. */
typedef struct infisical_connection_list infisical_connection_list;

/*
 * Getters. Each takes a connection (NULL gives NULL / 0 / -1) and returns a
 * value borrowed from it, valid until the connection (or the list that owns it)
 * is freed. Thread-safety: a connection is immutable; any number of threads may
 * read it at once.
 *
 * Connections from infisical_northflank_list_available() carry only id, name,
 * app, project id and org id: the other getters return NULL, 0 or -1 there.
 */

/**
 * The connection id (a UUID).
 * @param c a connection, or NULL.
 * @return the id, or NULL when c is NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_id(const infisical_connection *c);
/**
 * The name (a slug).
 * @param c a connection, or NULL.
 * @return the name, or NULL when c is NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_name(const infisical_connection *c);
/**
 * The description, or NULL when it is null or absent.
 * @param c a connection, or NULL.
 * @return the description, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_description(const infisical_connection *c);
/**
 * The app, "northflank".
 * @param c a connection, or NULL.
 * @return the app, or NULL when c is NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_app(const infisical_connection *c);
/**
 * The auth method, "api-token", or NULL when absent.
 * @param c a connection, or NULL.
 * @return the method, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_method(const infisical_connection *c);
/**
 * The project id, or NULL for an organization-level connection.
 * @param c a connection, or NULL.
 * @return the project id, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_project_id(const infisical_connection *c);
/**
 * The organization id.
 * @param c a connection, or NULL.
 * @return the organization id, or NULL when c is NULL or it is absent.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_org_id(const infisical_connection *c);
/**
 * The version (1 on creation, higher after updates), or 0 when absent.
 * @param c a connection, or NULL.
 * @return the version, or 0.
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API int64_t infisical_connection_version(const infisical_connection *c);
/**
 * Creation time as the server's ISO-8601 text, or NULL when absent.
 * @param c a connection, or NULL.
 * @return the time text, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_created_at(const infisical_connection *c);
/**
 * Last update time as the server's ISO-8601 text, or NULL when absent.
 * @param c a connection, or NULL.
 * @return the time text, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_updated_at(const infisical_connection *c);
/**
 * Creation time in milliseconds since the Unix epoch (UTC), or
 * INFISICAL_TIME_ABSENT when absent.
 * @param c a connection, or NULL.
 * @return milliseconds since the epoch, or INFISICAL_TIME_ABSENT.
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API int64_t infisical_connection_created_at_ms(const infisical_connection *c);
/**
 * Last update time in milliseconds since the Unix epoch (UTC), or
 * INFISICAL_TIME_ABSENT when absent.
 * @param c a connection, or NULL.
 * @return milliseconds since the epoch, or INFISICAL_TIME_ABSENT.
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API int64_t infisical_connection_updated_at_ms(const infisical_connection *c);
/**
 * isPlatformManagedCredentials, a field the server may leave out.
 * @param c a connection, or NULL.
 * @return INFISICAL_TRUE (1), INFISICAL_FALSE (0), or INFISICAL_ABSENT (-1)
 *         when it is null or absent (or c is NULL): compare with the
 *         constants, never test the value as a boolean.
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API int infisical_connection_is_platform_managed_credentials(const infisical_connection *c);
/**
 * isAutoRotationEnabled (newer servers only), a field the server may leave out.
 * @param c a connection, or NULL.
 * @return INFISICAL_TRUE (1), INFISICAL_FALSE (0), or INFISICAL_ABSENT (-1)
 *         when absent (or c is NULL).
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API int infisical_connection_is_auto_rotation_enabled(const infisical_connection *c);
/**
 * The gateway id, or NULL (always NULL for Northflank).
 * @param c a connection, or NULL.
 * @return the gateway id, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_gateway_id(const infisical_connection *c);
/**
 * The gateway pool id (newer servers), or NULL.
 * @param c a connection, or NULL.
 * @return the gateway pool id, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_gateway_pool_id(const infisical_connection *c);
/**
 * The credentials hash: an opaque change marker (SHA-256 hex from real servers;
 * other forms are passed through as the server sent them), or NULL when absent.
 * @param c a connection, or NULL.
 * @return the hash, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_credentials_hash(const infisical_connection *c);
/**
 * The embedded project's name (list replies of newer servers), or NULL.
 * @param c a connection, or NULL.
 * @return the project's name, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_project_name(const infisical_connection *c);
/**
 * The embedded project's slug, or NULL.
 * @param c a connection, or NULL.
 * @return the project's slug, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_project_slug(const infisical_connection *c);
/**
 * The embedded project's type ("secret-manager", ...), or NULL.
 * @param c a connection, or NULL.
 * @return the project's type, or NULL.
 * Ownership: borrowed. Thread-safety: see above.
 */
INFISICAL_API const char *infisical_connection_project_type(const infisical_connection *c);

/**
 * Whether the stored credentials changed between two snapshots of the same
 * connection, by their credentials hash. The hash changes on every credentials
 * update, even with the same token re-submitted, and only then.
 * @param before the older snapshot.
 * @param after the newer snapshot.
 * @param changed receives 1 when the credentials changed, 0 when not (0 too
 *        on failure).
 * @param err optional error out parameter.
 * @return INFISICAL_OK, or INFISICAL_EINVAL when an argument is NULL, the ids
 *         differ, or a snapshot has no hash.
 * Ownership: none.  Thread-safety: see above.
 */
INFISICAL_API int infisical_connection_credentials_changed(const infisical_connection *before,
                                                           const infisical_connection *after, int *changed,
                                                           infisical_error **err);

/** Longest stored hash, in bytes, for infisical_connection_credentials_changed_since(). */
#define INFISICAL_CREDENTIALS_HASH_MAX 256

/**
 * Whether the credentials changed since a hash the caller stored earlier (for
 * example from infisical_connection_credentials_hash() of an older snapshot).
 * @param c the current snapshot.
 * @param stored_hash the stored hash; compared exactly, as an opaque string:
 *        not empty, printable ASCII, at most INFISICAL_CREDENTIALS_HASH_MAX bytes.
 * @param changed receives 1 when the credentials changed, 0 when not (0 too
 *        on failure).
 * @param err optional error out parameter.
 * @return INFISICAL_OK, or INFISICAL_EINVAL when an argument is NULL, the
 *         hash is empty or too long, or c has no hash.
 * Ownership: none.  Thread-safety: see above.
 */
INFISICAL_API int infisical_connection_credentials_changed_since(const infisical_connection *c,
                                                                 const char *stored_hash, int *changed,
                                                                 infisical_error **err);

/**
 * Make an independent copy of a connection (for keeping one entry of a list
 * after the list is freed).
 * @param out receives the copy.
 * @param c the connection to copy.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: see above.
 */
INFISICAL_API int infisical_connection_dup(infisical_connection **out, const infisical_connection *c,
                                           infisical_error **err);

/**
 * Free a connection. Accepts NULL. A connection borrowed from a list
 * (infisical_connection_list_at()) belongs to the list and is freed with it:
 * given one, this function frees nothing, and a debug build of the library
 * (NDEBUG not defined) prints why and aborts, so the mistake is found.
 * @param c the connection to free, or NULL.
 * Ownership: takes ownership of c.  Thread-safety: no concurrent readers of c.
 */
INFISICAL_API void infisical_connection_free(infisical_connection *c);

/**
 * Number of connections in a list (0 for NULL).
 * @param list a list of connections, or NULL.
 * @return the number of connections.
 * Ownership: none. Thread-safety: see above.
 */
INFISICAL_API uint32_t infisical_connection_list_count(const infisical_connection_list *list);

/**
 * Connection i of a list, in the server's order (by name, case-insensitively),
 * or NULL when i is out of range.
 * @param list a list of connections, or NULL.
 * @param i the index, from 0.
 * @return the connection, or NULL.
 * Ownership: borrowed from list: it lives until the list is freed, and is
 * freed with it (infisical_connection_dup() makes one to keep). Never free it
 * alone.  Thread-safety: see above.
 */
INFISICAL_API const infisical_connection *infisical_connection_list_at(const infisical_connection_list *list,
                                                                       uint32_t i);

/**
 * Free a list and every connection in it. Accepts NULL.
 * @param list the list to free, or NULL.
 * Ownership: takes ownership of list.  Thread-safety: no concurrent readers of list.
 */
INFISICAL_API void infisical_connection_list_free(infisical_connection_list *list);

#ifdef __cplusplus
}
#endif

#endif
