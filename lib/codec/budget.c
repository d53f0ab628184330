/* The decoding budget: bounded memory for any reply.
 *
 * max_response_bytes bounds the bytes on the wire, not the memory a reply takes
 * once parsed. jansson turns a few bytes into a lot of memory: `{},` becomes a
 * json_object with its own hash table, 236 bytes. An 8 MiB
 * {"appConnections":[{},{},...]} took 626 MiB of peak RSS to decode, and a 422
 * whose message was 8 MiB of [{},{},...] issues 885 MiB.
 *
 * Why a scan before jansson: jansson has no allocation limit of its own, and
 * its allocator can only be replaced for the whole process
 * (json_set_alloc_funcs), which the library never does. Writing our own JSON
 * parser would give us a second parser to trust. A scan that only counts is
 * small: it walks the text once (strings and their escapes, bare tokens such as
 * numbers and literals, brackets), allocates nothing, and charges each thing
 * jansson will allocate with what jansson 2.14 on glibc x86-64 takes for it.
 * Every charge is an upper bound of the measured figure, so a text that fits
 * the budget cannot cost jansson more than the budget.
 *
 * The figures: allocations counted through json_set_alloc_funcs in a separate
 * program, each as malloc_usable_size + 8 (glibc's chunk header), peak live
 * bytes while decoding 8 MiB of each shape:
 *   [{},{},...]          236 bytes per item   object 80 + its 8 buckets 144, + array slot
 *   [[],[],...]          140 bytes per item   array 48 + its 8-slot table 80, + slot
 *   ["","",...]           92 bytes per item   string 48 + its value (at least 32), + slot
 *   [0,0,...]             40 bytes per item   number 32, + slot
 *   [true,true,...]        3 bytes per byte   literals are shared: only the slots
 *   [{"a":0},...]        344 bytes per item   object + member 80 + number, + slot
 *   {"k0":0,"k1":0,...}  120 bytes per member member 80 + number 32 + bucket share
 *   one 8 MiB string       2 bytes per byte   the lexer's buffer and the value
 *   10,000 connections as Infisical sends them (~700 bytes each): 5.1 bytes per byte
 *   10,000 connections of /available (~180 bytes each):          6.0 bytes per byte
 * Array tables double as they grow, and while one grows the old and the new
 * table are both live: up to 24 bytes per slot. An object's buckets double
 * likewise (up to 2 per member, 16 bytes each; jansson frees the old ones first).
 *
 * The budget, 10 times the text's length plus 256 KiB: honest replies cost
 * jansson 5 to 6 times their size when they are large (connection lists; the
 * scan estimates them at 6.4 and 7.5 times), and up to 14 times when they are
 * small (the options list: many small objects), which the 256 KiB covers. The
 * bound that matters is on the whole call: a reply may raise peak memory by at
 * most 16 times its size. Besides jansson's share there are the reply's own
 * buffer (the transport's, up to twice the body) and the C structs decoded from
 * the tree (at most about 3 times for the densest list that fits), so jansson
 * gets 10. tests/integration/test_hostile.c measures the whole at 8 MiB: 2.0
 * times for a refused reply, 8.2 for an honest list, 12.6 for the densest list
 * the budget lets through.
 * A refusal is INFISICAL_EPROTOCOL, not ETOOLARGE: the reply is within
 * max_response_bytes, raising that limit would not help (the budget grows with
 * it), and a reply this dense is not one the contract describes.
 *
 * Nesting deeper than INFISICAL__JSON_MAX_DEPTH is refused too: jansson parses
 * recursively, and no reply of ours is more than a few levels deep. */
#include "budget.h"

#include <string.h>

/* Charges in bytes; see the table above. */
#define COST_OBJECT 224  /* json_object_t and its first 8 buckets */
#define COST_ARRAY 128   /* json_array_t and its first 8-slot table */
#define COST_MEMBER 112  /* + key bytes: the hash table pair (key inline) and up to 2 buckets */
#define COST_STRING 80   /* + its bytes: json_string_t and the value's copy */
#define COST_NUMBER 32   /* json_integer_t or json_real_t */
#define COST_SLOT 24     /* an array element's slot, old and new table while it grows */
#define COST_LEXER 64    /* + 3 times the longest token: the lexer's buffer (grown by doubling)
                          * and the token's copy while it becomes a key or a value */

/* What each byte is to the scan. A table rather than a chain of comparisons:
 * the scan runs before every decode, so its cost per byte is the library's
 * overhead over jansson alone. */
enum { TOKEN = 0, SKIP, COMMA, COLON, OPEN_OBJECT, OPEN_ARRAY, CLOSE, QUOTE };
static const unsigned char byte_class[256] = {
    [' '] = SKIP, ['\t'] = SKIP, ['\n'] = SKIP, ['\r'] = SKIP, [','] = COMMA, [':'] = COLON,
    ['{'] = OPEN_OBJECT, ['['] = OPEN_ARRAY, ['}'] = CLOSE, [']'] = CLOSE, ['"'] = QUOTE,
};

int infisical__json_scan(const char *text, size_t len, struct infisical__json_scan *out)
{
    struct infisical__json_scan s = {0};
    /* Bit d-1 of `objects` is set when the container at depth d is an object
     * (depth is at most MAX_DEPTH = 64 while scanning). */
    uint64_t objects = 0;
    int in_object = 0;   /* the innermost container is an object */
    int in_array = 0;    /* ... an array */
    int expect_key = 0;  /* in an object, before a key's ':' */
    size_t longest = 0;  /* the longest token, for the lexer's buffer */
    int rc = INFISICAL__JSON_FITS;
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        switch (byte_class[c]) {
        case SKIP:
            i++;
            break;
        case COMMA:
            expect_key = in_object;
            i++;
            break;
        case COLON:
            expect_key = 0;
            i++;
            break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
            if (s.depth == INFISICAL__JSON_MAX_DEPTH) {
                s.depth++;
                rc = INFISICAL__JSON_TOO_DEEP;
                goto end;
            }
            s.values++;
            s.cost += (c == '{' ? COST_OBJECT : COST_ARRAY) + (in_array ? COST_SLOT : 0);
            if (c == '{')
                objects |= (uint64_t)1 << s.depth;
            else
                objects &= ~((uint64_t)1 << s.depth);
            s.depth++;
            in_object = expect_key = c == '{';
            in_array = !in_object;
            i++;
            break;
        case CLOSE:
            if (s.depth == 0)
                goto end; /* not JSON: jansson stops here at the latest */
            s.depth--;
            in_object = s.depth > 0 && ((objects >> (s.depth - 1)) & 1);
            in_array = s.depth > 0 && !in_object;
            expect_key = 0;
            i++;
            break;
        case QUOTE: {
            /* Up to the closing quote; a backslash escapes the next byte, so a
             * quote after an odd run of backslashes is inside the string.
             * memchr rather than a byte loop: strings are most of a reply's
             * bytes. The raw length bounds the decoded one (escapes only shrink). */
            size_t start = ++i;
            for (;;) {
                const char *q = i < len ? memchr(text + i, '"', len - i) : NULL;
                if (!q) {
                    i = len;
                    break;
                }
                i = (size_t)(q - text);
                size_t backslashes = 0;
                while (i - backslashes > start && text[i - backslashes - 1] == '\\')
                    backslashes++;
                if (backslashes % 2 == 0)
                    break;
                i++;
            }
            size_t n = i - start;
            if (n > longest)
                longest = n;
            if (in_object && expect_key) {
                s.members++;
                s.cost += COST_MEMBER + n;
            } else {
                s.values++;
                s.cost += COST_STRING + n + (in_array ? COST_SLOT : 0);
            }
            if (i >= len)
                goto end; /* unterminated: not JSON */
            i++;
            break;
        }
        default: {
            /* A number or a literal (or, in a text that is not JSON, anything
             * else up to the next delimiter). Literals are shared singletons. */
            size_t start = i;
            while (i < len && byte_class[(unsigned char)text[i]] == TOKEN)
                i++;
            if (i - start > longest)
                longest = i - start;
            s.values++;
            s.cost += (c >= 'a' && c <= 'z' ? 0 : COST_NUMBER) + (in_array ? COST_SLOT : 0);
            break;
        }
        }
    }
end:
    s.cost += COST_LEXER + 3 * (uint64_t)longest;
    s.budget = (uint64_t)INFISICAL__JSON_BUDGET_FACTOR * len + INFISICAL__JSON_BUDGET_BASE;
    if (rc == INFISICAL__JSON_FITS && s.cost > s.budget)
        rc = INFISICAL__JSON_TOO_COSTLY;
    if (out)
        *out = s;
    return rc;
}
