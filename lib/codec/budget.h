/* The decoding budget: what a reply may cost to parse, checked before jansson
 * sees it. See budget.c for why and for the figures. */
#ifndef INFISICAL_CODEC_BUDGET_H
#define INFISICAL_CODEC_BUDGET_H

#include <stddef.h>
#include <stdint.h>

/* Deepest nesting of objects and arrays a reply may have. Our replies are at
 * most 5 deep (an error's details a few more); jansson itself allows 2048. */
#define INFISICAL__JSON_MAX_DEPTH 64

/* The memory jansson may take for a reply of n bytes: BUDGET_FACTOR * n + BUDGET_BASE. */
#define INFISICAL__JSON_BUDGET_FACTOR 10
#define INFISICAL__JSON_BUDGET_BASE (256 * 1024)

enum {
    INFISICAL__JSON_FITS = 0,      /* within the budget (or not JSON: jansson will say why) */
    INFISICAL__JSON_TOO_DEEP = 1,  /* nested deeper than INFISICAL__JSON_MAX_DEPTH */
    INFISICAL__JSON_TOO_COSTLY = 2 /* its estimated decoded size is over the budget */
};

/* What the scan of one text found. */
struct infisical__json_scan {
    uint64_t values;  /* values: objects, arrays, strings, numbers, literals (keys are members) */
    uint64_t members; /* object members (each key once, duplicates included) */
    uint64_t cost;    /* the estimated peak bytes jansson allocates to decode the text */
    uint64_t budget;  /* what the text may cost: BUDGET_FACTOR * len + BUDGET_BASE */
    unsigned depth;   /* the deepest nesting seen (the scan stops at MAX_DEPTH + 1) */
};

/* Scan the len bytes at text in one pass, without allocating, and say whether
 * jansson may decode them. A text that is not JSON fits unless it is too costly
 * or too deep up to where it goes wrong, so that jansson reports the error.
 * `out` (optional) receives the counts. Returns INFISICAL__JSON_FITS,
 * INFISICAL__JSON_TOO_DEEP or INFISICAL__JSON_TOO_COSTLY. */
int infisical__json_scan(const char *text, size_t len, struct infisical__json_scan *out);

#endif
