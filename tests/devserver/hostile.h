/* The hostile server (hostile.c): a raw listener whose replies /__dev/hostile selects. */
#ifndef DS_HOSTILE_H
#define DS_HOSTILE_H

#include "http.h"

/* Opens the listener on 127.0.0.1 (an ephemeral port) and its thread; -1 on failure. */
int ds_hostile_start(void);
void ds_hostile_stop(void);
/* GET and POST /__dev/hostile. */
void ds_hostile_handle(const ds_call *c, ds_reply *r, int post);

#endif
