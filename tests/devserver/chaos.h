/* Random faults: a seeded stream of the same faults /__dev/faults queues, for a
 * soak test that wants trouble everywhere without naming each request. */
#ifndef DS_CHAOS_H
#define DS_CHAOS_H

#include <jansson.h>

/* NULL if v is a usable "chaos" setting, else why not. */
const char *ds_chaos_problem(const json_t *v);
/* Apply a checked setting; counters start again from 0. Lock held. */
void ds_chaos_set(const json_t *v);
/* Chaos off, counters 0 (for /__dev/reset). Lock held. */
void ds_chaos_reset(void);
/* For an API request that took no queued fault: NULL (no fault), or a new
 * fault object in the queue's format. The "expire" kind acts here (it moves
 * the virtual clock past every token's life) and returns NULL. Lock held. */
json_t *ds_chaos_fault(const char *raw_path);
/* The setting and the counters, for /__dev/settings and /__dev/state. Lock held. */
json_t *ds_chaos_json(void);

#endif
