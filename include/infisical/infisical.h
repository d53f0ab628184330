/**
 * @file
 * libinfisical: manage Infisical's Northflank App Connections from C.
 *
 * The one header to include. See common.h for the ownership and error rules
 * that every function follows.
 */
#ifndef INFISICAL_H
#define INFISICAL_H

#include "common.h"
#include "error.h"
#include "config.h"
#include "options.h"
#include "client.h"
#include "connection.h"
#include "northflank.h"
#include "northflank_api.h"
#include "preflight.h"
#include "sync.h"

#endif
