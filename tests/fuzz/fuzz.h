/* What the fuzz targets share: an abort that names the broken promise, and
 * the checks every decoder's result must pass whatever the input. */
#ifndef INFISICAL_FUZZ_H
#define INFISICAL_FUZZ_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "infisical/infisical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle's verdict: print what broke and abort, so libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "fuzz oracle failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

/* A secret the error decoders are told about (as a request's bearer token or
 * body secret would be): an alphanumeric word that none of the library's own
 * texts contains, so any occurrence in an error came from the server and
 * survived redaction. It is in json.dict, so the fuzzer plants it. */
#define FUZZ_SECRET "pl4ntedS3cretT0ken"

static inline int fuzz_has(const char *text, const char *needle)
{
    return text && strstr(text, needle) != NULL;
}

/* The contract of a fallible call: INFISICAL_OK and no error, or a negative
 * code that the error object repeats, with a message. */
static inline void fuzz_check_status(int rc, const infisical_error *e)
{
    if (rc == INFISICAL_OK) {
        FUZZ_CHECK(e == NULL);
        return;
    }
    FUZZ_CHECK(rc < 0);
    FUZZ_CHECK(e != NULL);
    FUZZ_CHECK(infisical_error_code(e) == rc);
    FUZZ_CHECK(infisical_error_message(e) != NULL && *infisical_error_message(e));
}

/* An error built from a server's reply: bounded, its details (when kept) are
 * JSON, and the planted secret is nowhere in it. */
static inline void fuzz_check_reply_error(const infisical_error *e)
{
    FUZZ_CHECK(e != NULL);
    FUZZ_CHECK(e->code < 0);
    FUZZ_CHECK(e->message != NULL);
    /* The server's text is cut at MESSAGE_MAX; ours around it (the request, notes, the error name of at most REPLY_FIELD_MAX) is short. */
    FUZZ_CHECK(strlen(e->message) <= INFISICAL__MESSAGE_MAX + 1024);
    const char *fields[] = {e->message, e->server_error, e->request_id, e->request, e->details_json};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        FUZZ_CHECK(!fuzz_has(fields[i], FUZZ_SECRET));
    FUZZ_CHECK(!e->server_error || strlen(e->server_error) <= INFISICAL__REPLY_FIELD_MAX + 64);
    FUZZ_CHECK(!e->request_id || strlen(e->request_id) <= INFISICAL__REPLY_FIELD_MAX + 64);
    FUZZ_CHECK(!e->details_json || strlen(e->details_json) <= INFISICAL__DETAILS_MAX);
    if (e->details_json) {
        json_t *d = json_loads(e->details_json, JSON_DECODE_ANY, NULL);
        FUZZ_CHECK(d != NULL);
        json_decref(d);
    }
    FUZZ_CHECK(e->issue_count <= INFISICAL__ISSUES_MAX);
    for (uint32_t i = 0; i < e->issue_count; i++) {
        const struct infisical__issue *is = &e->issues[i];
        FUZZ_CHECK(is->path && is->message);
        FUZZ_CHECK(!fuzz_has(is->path, FUZZ_SECRET) && !fuzz_has(is->message, FUZZ_SECRET) &&
                   !fuzz_has(is->code, FUZZ_SECRET));
        FUZZ_CHECK(strlen(is->path) <= INFISICAL__ISSUE_TEXT_MAX + 64);
        FUZZ_CHECK(strlen(is->message) <= INFISICAL__ISSUE_TEXT_MAX + 64);
        /* The public accessors agree with what was kept. */
        FUZZ_CHECK(strcmp(infisical_error_issue_path(e, i), is->path) == 0);
    }
}

#endif
