/* Secret syncs: the routes under /api/v1/secret-syncs (syncs.c) and the job queue
 * with its worker (jobs.c). Contract: /work/shared/spec/infisical-secret-sync.md. */
#ifndef DS_SYNCS_H
#define DS_SYNCS_H

#include <jansson.h>

#include "http.h"
#include "store.h"

/* ---- jobs.c ---- */

/* Starts and stops the one worker thread. Stop wakes it, lets it drop what it is
 * doing (a job it drops leaves its row as it was) and joins it. Lock not held. */
void ds_jobs_start(void);
void ds_jobs_stop(void);

/* Queues a job of a sync: sync jobs get 5 attempts, import and remove jobs 1.
 * The job may start once syncJobDelayMs has passed. Lock held. */
void ds_job_enqueue(const char *sync_id, int kind, int prioritize_destination, int delete_on_success);
/* The per-sync lock as the devserver reads it: a job of this sync is pending
 * (queued, or waiting for a retry) or running. Lock held. */
int ds_sync_busy(const char *sync_id);
/* A change to a folder's secrets: every auto-sync row on that folder becomes
 * pending and gets a sync job (contract 7.1, third row). Returns how many. Lock held. */
size_t ds_sync_queue_folder(const ds_folder *f);
/* The queued and running jobs, for /__dev/sync-jobs. Lock held. */
json_t *ds_jobs_json(void);

/* ---- syncs.c ---- */

/* A sync as the API returns it (NorthflankSyncSchema). Lock held. */
json_t *ds_sync_json(const ds_sync *s);

enum {
    DS_SS_LIST_ALL, /* GET /api/v1/secret-syncs */
    DS_SS_OPTIONS,  /* GET /api/v1/secret-syncs/options */
    DS_SS_LIST,     /* GET /api/v1/secret-syncs/northflank */
    DS_SS_CREATE,
    DS_SS_CHECK,    /* POST .../check-destination */
    DS_SS_GET,
    DS_SS_BY_NAME,
    DS_SS_UPDATE,
    DS_SS_DELETE,
    DS_SS_TRIGGER,  /* POST .../{id}/sync-secrets */
    DS_SS_IMPORT,
    DS_SS_REMOVE
};

/* One secret-sync route, after auth, body parsing and the rate limit (api.c).
 * p1 is the path parameter (syncId or syncName) or NULL. Lock held. */
void ds_sync_handle(int route, const ds_call *c, int can_write, json_t *body, const char *p1, ds_reply *r);

#endif
