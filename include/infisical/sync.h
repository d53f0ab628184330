/**
 * @file
 * libinfisical: Northflank secret syncs (`/api/v1/secret-syncs/northflank` of
 * the Infisical API). A sync pushes the secrets of one Infisical project
 * environment and folder into one Northflank secret group, through a
 * Northflank connection, by an asynchronous job on the server. These
 * functions create, read, change and delete syncs, queue their jobs (sync,
 * import, removal) and, when asked, wait for a job's outcome.
 */
#ifndef INFISICAL_SYNC_H
#define INFISICAL_SYNC_H

#include "northflank.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque, immutable snapshot of one secret sync as the server returned it. */
typedef struct infisical_sync infisical_sync;
/** Opaque, immutable list of secret syncs. */
typedef struct infisical_sync_list infisical_sync_list;
/**
 * Opaque parameters of a sync's create or update. A field never set is left
 * out ("leave unchanged" for an update). Setters check their value against the
 * server's rules at once, so bad input fails before any request, naming the field.
 */
typedef struct infisical_sync_params infisical_sync_params;

/** Longest sync name, in characters after trimming (the contract, 2.1: slugSchema max 256). */
#define INFISICAL_SYNC_NAME_MAX 256
/** Longest environment slug, in characters after trimming (the contract, 2.1: max 64). */
#define INFISICAL_ENVIRONMENT_MAX 64
/** Longest secret path, in bytes as passed (the contract does not bound it). */
#define INFISICAL_SECRET_PATH_MAX 1024
/** Longest key schema, in characters after trimming (the contract, 2.3: max 255). */
#define INFISICAL_KEY_SCHEMA_MAX 255
/** Longest Northflank id or display name of a destination, in bytes as passed. */
#define INFISICAL_DESTINATION_FIELD_MAX 256
/** Longest sync id, in bytes: a UUID (the contract, 1.2: z.string().uuid()). */
#define INFISICAL_SYNC_ID_MAX 36

/** The jobs a sync runs: indexes for the lifecycle getters. */
enum {
    INFISICAL_SYNC_JOB_SYNC = 0,   /**< push the secrets to Northflank (syncStatus, lastSyncJobId, ...) */
    INFISICAL_SYNC_JOB_IMPORT = 1, /**< read Northflank's secrets into Infisical (importStatus, ...) */
    INFISICAL_SYNC_JOB_REMOVE = 2, /**< remove the synced secrets from Northflank (removeStatus, ...) */
    INFISICAL_SYNC_JOB_COUNT = 3
};

/** The state of a sync's job as the server reports it. */
enum {
    INFISICAL_SYNC_STATUS_NONE = 0,      /**< never queued (null), or no such job index */
    INFISICAL_SYNC_STATUS_PENDING = 1,   /**< queued, not started */
    INFISICAL_SYNC_STATUS_RUNNING = 2,   /**< started (and through retries on failure) */
    INFISICAL_SYNC_STATUS_SUCCEEDED = 3, /**< the last job succeeded */
    INFISICAL_SYNC_STATUS_FAILED = 4     /**< the last job failed; see infisical_sync_message() */
};

/** What the first sync does with secrets already in the secret group. */
enum {
    INFISICAL_SYNC_INITIAL_NONE = 0,                          /**< not set, or not sent by the server */
    INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION = 1,         /**< "overwrite-destination" */
    INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE = 2,      /**< "import-prioritize-source" */
    INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_DESTINATION = 3  /**< "import-prioritize-destination" */
};

/** The jobs a caller can queue (infisical_northflank_sync_trigger()). */
enum {
    INFISICAL_SYNC_ACTION_SYNC = 1,                          /**< push Infisical's secrets to Northflank */
    INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_SOURCE = 2,      /**< import keys Infisical lacks */
    INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_DESTINATION = 3, /**< import, Northflank's values winning */
    INFISICAL_SYNC_ACTION_REMOVE = 4                         /**< remove the synced keys from Northflank */
};

/** Flags of infisical_northflank_sync_trigger() and infisical_northflank_sync_delete(). */
enum {
    /** Wait until the job that the call queued has finished, and return its outcome. */
    INFISICAL_SYNC_WAIT = 1,
    /** delete only: remove the synced secrets from Northflank first (the row is deleted when that succeeds). */
    INFISICAL_SYNC_REMOVE_SECRETS = 2
};

/* ---- parameters ---- */

/**
 * Make an empty parameters object.
 * @param out receives the new parameters object.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (out is NULL) or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_sync_params_free().
 * Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_sync_params_new(infisical_sync_params **out, infisical_error **err);

/**
 * Free a parameters object. Accepts NULL.
 * @param p the parameters object to free, or NULL.
 * Ownership: takes ownership of p.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API void infisical_sync_params_free(infisical_sync_params *p);

/**
 * Set the name: trimmed, a slug (lowercase letters, digits, single hyphens) of
 * 1 to INFISICAL_SYNC_NAME_MAX characters, unique in the project across every
 * destination. Required to create.
 * @param p the parameters to change.
 * @param name the name.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "name") or INFISICAL_ENOMEM;
 *         on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_name(infisical_sync_params *p, const char *name, infisical_error **err);

/**
 * Set the description (as infisical_northflank_params_set_description():
 * at most 256 UTF-16 units after trimming, any character but invalid UTF-8,
 * "" allowed), or NULL to clear it.
 * @param p the parameters to change.
 * @param description the description, or NULL to clear it (sent as null).
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "description") or INFISICAL_ENOMEM.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_description(infisical_sync_params *p, const char *description,
                                                        infisical_error **err);

/**
 * Set the Infisical project the sync belongs to (create only; a sync cannot
 * move). Trimmed, not empty, at most INFISICAL_PROJECT_ID_MAX bytes.
 * @param p the parameters to change.
 * @param project_id the Infisical project id.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "projectId") or INFISICAL_ENOMEM.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_project_id(infisical_sync_params *p, const char *project_id,
                                                       infisical_error **err);

/**
 * Set the Northflank connection the sync writes through: a connection id (a
 * UUID). Required to create.
 * @param p the parameters to change.
 * @param connection_id the connection's id.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "connectionId") or INFISICAL_ENOMEM.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_connection_id(infisical_sync_params *p, const char *connection_id,
                                                          infisical_error **err);

/**
 * Set the source: an environment slug (1 to INFISICAL_ENVIRONMENT_MAX
 * characters after trimming) and a secret path (trimmed, not empty, at most
 * INFISICAL_SECRET_PATH_MAX bytes; a trailing "/" is removed, "/" stays).
 * Both are required to create, and an update changes both or neither.
 * @param p the parameters to change.
 * @param environment the environment's slug ("dev").
 * @param secret_path the folder's path ("/app").
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "environment" or "secretPath")
 *         or INFISICAL_ENOMEM; on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_source(infisical_sync_params *p, const char *environment,
                                                   const char *secret_path, infisical_error **err);

/**
 * Turn auto-sync on or off (the server's default is on). With it on, the
 * server queues a sync when the sync is created, when it is updated in any way
 * (a description change included), and when the source's secrets change.
 * @param p the parameters to change.
 * @param enabled 1 on, 0 off.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_auto_sync(infisical_sync_params *p, int enabled, infisical_error **err);

/**
 * Set what the first sync does with the secret group's existing secrets.
 * Required to create.
 * @param p the parameters to change.
 * @param behavior an INFISICAL_SYNC_INITIAL_* value other than _NONE.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL (issue path "syncOptions.initialSyncBehavior").
 * Ownership: none.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_initial_sync_behavior(infisical_sync_params *p, uint32_t behavior,
                                                                  infisical_error **err);

/**
 * Set the key schema, or NULL for none: how Infisical's keys are named in
 * Northflank, e.g. "INFISICAL_{{secretKey}}". Trimmed, at most
 * INFISICAL_KEY_SCHEMA_MAX characters, must contain {{secretKey}}; besides
 * the placeholders {{secretKey}} and {{environment}} only letters, digits,
 * "-", "_" and "/". With a schema, keys of the group that do not fit it are
 * left alone by a sync; without one (and without
 * infisical_sync_params_set_disable_secret_deletion()), a sync deletes every
 * key of the group that Infisical does not hold.
 * @param p the parameters to change.
 * @param key_schema the schema, or NULL for none.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "syncOptions.keySchema", the
 *         server's message) or INFISICAL_ENOMEM.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_key_schema(infisical_sync_params *p, const char *key_schema,
                                                       infisical_error **err);

/**
 * Keep (1) or allow deleting (0) the secret group's keys that Infisical does
 * not hold (syncOptions.disableSecretDeletion; the server's default is 0).
 * @param p the parameters to change.
 * @param disabled 1 never delete unmanaged keys, 0 the default.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_disable_secret_deletion(infisical_sync_params *p, int disabled,
                                                                    infisical_error **err);

/**
 * Set the destination: the Northflank project and secret group (ids, trimmed,
 * not empty, at most INFISICAL_DESTINATION_FIELD_MAX bytes, valid UTF-8
 * without control characters) and, optionally, their display names (NULL:
 * none; display only, never sent to Northflank; the same rules, except that
 * "" is allowed, as the server allows it).
 * Required to create; an update replaces the whole destination.
 * @param p the parameters to change.
 * @param project_id the Northflank project id.
 * @param secret_group_id the Northflank secret group id.
 * @param project_name the project's display name, or NULL.
 * @param secret_group_name the group's display name, or NULL.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "destinationConfig.projectId",
 *         "destinationConfig.secretGroupId", ...) or INFISICAL_ENOMEM; on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_sync_params_set_destination(infisical_sync_params *p, const char *project_id,
                                                        const char *secret_group_id, const char *project_name,
                                                        const char *secret_group_name, infisical_error **err);

/* ---- operations ---- */

/**
 * Create a Northflank sync (`POST /api/v1/secret-syncs/northflank`). The
 * params need a name, a project id, a connection id, a source, an initial
 * sync behavior and a destination. With auto-sync on (the default) the server
 * queues a first sync at once.
 * @param client the client.
 * @param params the sync's fields.
 * @param out optional: receives the created sync.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL before sending, or the server's error
 *         (INFISICAL_EBADREQUEST: name taken, folder missing, wrong connection; INFISICAL_ENOTFOUND:
 *         no such connection, ...).
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_create(infisical_client *client, const infisical_sync_params *params,
                                                   infisical_sync **out, const infisical_call_options *opts,
                                                   infisical_error **err);

/**
 * Get a sync by id (`GET .../northflank/{syncId}`).
 * @param client the client.
 * @param sync_id the sync's id (a UUID).
 * @param out receives the sync.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, ...
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_get(infisical_client *client, const char *sync_id, infisical_sync **out,
                                                const infisical_call_options *opts, infisical_error **err);

/**
 * Get a sync by name in a project (`GET .../northflank/sync-name/{name}?projectId=`).
 * @param client the client.
 * @param name the sync's name (trimmed, not empty, at most INFISICAL_NAME_BYTES_MAX bytes).
 * @param project_id the Infisical project id (required).
 * @param out receives the sync.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, ...
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_get_by_name(infisical_client *client, const char *name,
                                                        const char *project_id, infisical_sync **out,
                                                        const infisical_call_options *opts, infisical_error **err);

/**
 * List a project's Northflank syncs (`GET .../northflank?projectId=`).
 * @param client the client.
 * @param project_id the Infisical project id (required).
 * @param out receives the list.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, ...
 * Ownership: *out is new; free it with infisical_sync_list_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_list(infisical_client *client, const char *project_id,
                                                 infisical_sync_list **out, const infisical_call_options *opts,
                                                 infisical_error **err);

/**
 * Update a sync (`PATCH .../northflank/{syncId}`): only the fields set in
 * params change. The server replaces syncOptions and destinationConfig whole,
 * so when params set any sync option (initial behavior, key schema, disable
 * secret deletion) or the destination, this call first reads the sync and
 * sends the complete object, the stored values with those set in params on
 * top: an update that changes one option keeps the others. (A change made by
 * someone else between that read and the update is overwritten for those two
 * objects, as the web interface does.) Any successful update of an
 * auto-sync-enabled sync queues a sync on the server, even a description
 * change. A project id in params is refused (a sync cannot move).
 * @param client the client.
 * @param sync_id the sync's id (a UUID).
 * @param params the fields to change.
 * @param out optional: receives the updated sync.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, INFISICAL_EBADREQUEST, ...
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_update(infisical_client *client, const char *sync_id,
                                                   const infisical_sync_params *params, infisical_sync **out,
                                                   const infisical_call_options *opts, infisical_error **err);

/**
 * Delete a sync (`DELETE .../northflank/{syncId}`). With
 * INFISICAL_SYNC_REMOVE_SECRETS the server first removes the synced secrets
 * from Northflank (a remove job) and deletes the sync only when that succeeds;
 * add INFISICAL_SYNC_WAIT to wait for it (the call then succeeds once the sync
 * is gone, and fails with INFISICAL_EJOBFAILED when the removal failed and the
 * sync was kept). Like a connection's delete it is not repeated once it may
 * have reached the server.
 * @param client the client.
 * @param sync_id the sync's id (a UUID).
 * @param flags 0, INFISICAL_SYNC_REMOVE_SECRETS, or that with INFISICAL_SYNC_WAIT.
 * @param out optional: receives the deleted sync (with a removal, the sync as
 *        the server last reported it).
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, INFISICAL_EBUSY (a job of
 *         the sync is in progress), INFISICAL_EJOBFAILED, INFISICAL_ETIMEOUT, ...
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_delete(infisical_client *client, const char *sync_id, uint32_t flags,
                                                   infisical_sync **out, const infisical_call_options *opts,
                                                   infisical_error **err);

/**
 * Queue a job of a sync: a sync (`POST .../{syncId}/sync-secrets`), an import
 * (`.../import-secrets?importBehavior=`) or a removal (`.../remove-secrets`).
 * Without INFISICAL_SYNC_WAIT the call returns once the job is queued (its
 * status pending). With it, the call reads the sync's last job id first, queues
 * the job, then polls the sync (100 ms, doubling to at most 2 s between polls)
 * until a job with another id has finished (status succeeded or failed), by
 * the call's deadline (INFISICAL_ETIMEOUT) and cancel hook
 * (INFISICAL_ECANCELLED). A failed job is INFISICAL_EJOBFAILED, with the
 * server's message (Northflank's error) in the error and the final sync in
 * *out. The server keeps only its latest job per kind: an auto-sync job that
 * finishes in between is taken for this one.
 * @param client the client.
 * @param sync_id the sync's id (a UUID).
 * @param action an INFISICAL_SYNC_ACTION_* value.
 * @param flags 0 or INFISICAL_SYNC_WAIT.
 * @param out optional: receives the sync after queuing (pending), or after the job finished.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK; INFISICAL_EBUSY (retryable: a job of this sync is in progress;
 *         nothing was queued); INFISICAL_EJOBFAILED (the job ran and failed; *out is set);
 *         INFISICAL_EINVAL, INFISICAL_ENOTFOUND, INFISICAL_ETIMEOUT, INFISICAL_ECANCELLED, ...
 * Ownership: *out is new; free it with infisical_sync_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_trigger(infisical_client *client, const char *sync_id, uint32_t action,
                                                    uint32_t flags, infisical_sync **out,
                                                    const infisical_call_options *opts, infisical_error **err);

/**
 * Ask the server whether it offers Northflank syncs (`GET /api/v1/secret-syncs/options`).
 * @param client the client.
 * @param offered receives 1 when the options list a "northflank" destination, else 0.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or the error of the request.
 * Ownership: none.  Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_sync_offered(infisical_client *client, int *offered,
                                                    const infisical_call_options *opts, infisical_error **err);

/* ---- a sync's fields ---- */

/*
 * Getters. Each takes a sync (NULL gives NULL, 0, INFISICAL_ABSENT or
 * INFISICAL_TIME_ABSENT) and returns a value borrowed from it, valid until the
 * sync (or the list that owns it) is freed. A sync is immutable: any number of
 * threads may read it at once.
 */

/** @param s a sync, or NULL. @return the sync's id. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the name. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_name(const infisical_sync *s);
/** @param s a sync, or NULL. @return the description, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_description(const infisical_sync *s);
/** @param s a sync, or NULL. @return the destination, "northflank". Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_destination(const infisical_sync *s);
/** @param s a sync, or NULL. @return the Infisical project id. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_project_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the connection's id. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_connection_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the connection's name (joined), or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_connection_name(const infisical_sync *s);
/** @param s a sync, or NULL. @return the connection's app, "northflank" (joined), or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_connection_app(const infisical_sync *s);
/** @param s a sync, or NULL. @return the source folder's id, or NULL once it was deleted. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_folder_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the source folder's path ("/app"), or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_folder_path(const infisical_sync *s);
/** @param s a sync, or NULL. @return the source environment's slug, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_environment_slug(const infisical_sync *s);
/** @param s a sync, or NULL. @return the source environment's name, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_environment_name(const infisical_sync *s);
/** @param s a sync, or NULL. @return the source environment's id, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_environment_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return 1 when auto-sync is on, else 0. Ownership: none. Thread-safety: any thread. */
INFISICAL_API int infisical_sync_is_auto_sync_enabled(const infisical_sync *s);
/** @param s a sync, or NULL. @return the version (1 on creation), or 0. Ownership: none. Thread-safety: any thread. */
INFISICAL_API int64_t infisical_sync_version(const infisical_sync *s);
/** @param s a sync, or NULL. @return creation time as ISO-8601 text, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_created_at(const infisical_sync *s);
/** @param s a sync, or NULL. @return last update time as ISO-8601 text, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_updated_at(const infisical_sync *s);
/** @param s a sync, or NULL. @return creation time in ms since the epoch, or INFISICAL_TIME_ABSENT. Ownership: none. Thread-safety: any thread. */
INFISICAL_API int64_t infisical_sync_created_at_ms(const infisical_sync *s);
/** @param s a sync, or NULL. @return last update time in ms since the epoch, or INFISICAL_TIME_ABSENT. Ownership: none. Thread-safety: any thread. */
INFISICAL_API int64_t infisical_sync_updated_at_ms(const infisical_sync *s);
/** @param s a sync, or NULL. @return an INFISICAL_SYNC_INITIAL_* value. Ownership: none. Thread-safety: any thread. */
INFISICAL_API uint32_t infisical_sync_initial_sync_behavior(const infisical_sync *s);
/** @param s a sync, or NULL. @return the key schema, or NULL for none. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_key_schema(const infisical_sync *s);
/** @param s a sync, or NULL. @return disableSecretDeletion: INFISICAL_TRUE, INFISICAL_FALSE or INFISICAL_ABSENT. Ownership: none. Thread-safety: any thread. */
INFISICAL_API int infisical_sync_disable_secret_deletion(const infisical_sync *s);
/** @param s a sync, or NULL. @return the Northflank project id. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_destination_project_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the Northflank project's display name, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_destination_project_name(const infisical_sync *s);
/** @param s a sync, or NULL. @return the Northflank secret group id. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_destination_secret_group_id(const infisical_sync *s);
/** @param s a sync, or NULL. @return the secret group's display name, or NULL. Ownership: borrowed. Thread-safety: any thread. */
INFISICAL_API const char *infisical_sync_destination_secret_group_name(const infisical_sync *s);

/**
 * The state of one of the sync's jobs.
 * @param s a sync, or NULL.
 * @param job an INFISICAL_SYNC_JOB_* value.
 * @return an INFISICAL_SYNC_STATUS_* value; INFISICAL_SYNC_STATUS_NONE for a job
 *         never queued, a NULL sync or a job out of range.
 * Ownership: none.  Thread-safety: any thread.
 */
INFISICAL_API uint32_t infisical_sync_status(const infisical_sync *s, uint32_t job);
/**
 * The id of the last job of that kind the server ran (opaque), or NULL.
 * @param s a sync, or NULL.
 * @param job an INFISICAL_SYNC_JOB_* value.
 * @return the job id, or NULL.
 * Ownership: borrowed.  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_sync_job_id(const infisical_sync *s, uint32_t job);
/**
 * The server's message about the last job of that kind: NULL after a success,
 * the failure (Northflank's error, at most 1024 characters) after a failure.
 * Secrets the client holds are masked in it.
 * @param s a sync, or NULL.
 * @param job an INFISICAL_SYNC_JOB_* value.
 * @return the message, or NULL.
 * Ownership: borrowed.  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_sync_message(const infisical_sync *s, uint32_t job);
/**
 * When the last job of that kind succeeded (lastSyncedAt, lastImportedAt,
 * lastRemovedAt) as ISO-8601 text, or NULL (a failure leaves it unchanged).
 * @param s a sync, or NULL.
 * @param job an INFISICAL_SYNC_JOB_* value.
 * @return the time, or NULL.
 * Ownership: borrowed.  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_sync_succeeded_at(const infisical_sync *s, uint32_t job);
/**
 * The same in milliseconds since the Unix epoch.
 * @param s a sync, or NULL.
 * @param job an INFISICAL_SYNC_JOB_* value.
 * @return milliseconds since the epoch, or INFISICAL_TIME_ABSENT.
 * Ownership: none.  Thread-safety: any thread.
 */
INFISICAL_API int64_t infisical_sync_succeeded_at_ms(const infisical_sync *s, uint32_t job);

/**
 * Make an independent copy of a sync (to keep one entry of a list).
 * @param out receives the copy.
 * @param s the sync to copy.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_sync_free().  Thread-safety: any thread.
 */
INFISICAL_API int infisical_sync_dup(infisical_sync **out, const infisical_sync *s, infisical_error **err);

/**
 * Free a sync. Accepts NULL. A sync borrowed from a list (infisical_sync_list_at())
 * is freed with its list: given one, this frees nothing (a debug build aborts, saying why).
 * @param s the sync to free, or NULL.
 * Ownership: takes ownership of s.  Thread-safety: no concurrent readers of s.
 */
INFISICAL_API void infisical_sync_free(infisical_sync *s);

/**
 * Number of syncs in a list.
 * @param list a list, or NULL.
 * @return the number of syncs (0 for NULL).
 * Ownership: none.  Thread-safety: any thread.
 */
INFISICAL_API uint32_t infisical_sync_list_count(const infisical_sync_list *list);

/**
 * Sync i of a list, or NULL when out of range.
 * @param list a list, or NULL.
 * @param i the index, from 0.
 * @return the sync, or NULL.
 * Ownership: borrowed from list: freed with it, never alone (infisical_sync_dup() makes one to keep).
 * Thread-safety: any thread.
 */
INFISICAL_API const infisical_sync *infisical_sync_list_at(const infisical_sync_list *list, uint32_t i);

/**
 * Free a list and every sync in it. Accepts NULL.
 * @param list the list to free, or NULL.
 * Ownership: takes ownership of list.  Thread-safety: no concurrent readers of list.
 */
INFISICAL_API void infisical_sync_list_free(infisical_sync_list *list);

#ifdef __cplusplus
}
#endif

#endif
