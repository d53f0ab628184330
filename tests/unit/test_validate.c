/* Unit tests of the client-side checks (lib/validate.h) that mirror the server's rules. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, for the guard page */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "validate.h"


static const char NAME_MIN[] = "name field must be at least 1 lowercase character";
static const char NAME_MAX[] = "name field must be at most 64 lowercase characters";
static const char NAME_CHARS[] = "name field can only contain lowercase letters, numbers, and hyphens";
static const char SLUG_MIN[] = "slug field must be at least 1 lowercase character";
static const char SLUG_MAX[] = "slug field must be at most 64 lowercase characters";
static const char SLUG_CHARS[] = "slug field can only contain lowercase letters, numbers, and hyphens";

/* ------------------------------------------------------------------ trim */

static void expect_trim(const char *in, size_t start, size_t len)
{
    size_t n = 999;
    const char *t = infisical__trim(in, &n);
    if (t != in + start || n != len)
        fail_msg("trim(\"%s\"): start %td len %zu, expected start %zu len %zu", in, t - in, n, start, len);
}

static void trim(void **state)
{
    (void)state;
    expect_trim("abc", 0, 3);
    expect_trim("", 0, 0);
    expect_trim("  a b  ", 2, 3);
    expect_trim("\t\n\v\f\r x \r\n", 6, 1);
    expect_trim(" \t\n\v\f\r", 6, 0); /* all space: empty, at the end */
    expect_trim("x   ", 0, 1);
    expect_trim("   x", 3, 1);
    expect_trim("a \t b", 0, 5);       /* inner space is kept */
    expect_trim("\x01" "a\x01", 0, 3); /* control characters are not white space */
    /* JavaScript's trim set beyond ASCII: NBSP, U+2003, U+2028, U+3000, U+FEFF */
    expect_trim("\xc2\xa0" "a", 2, 1);
    expect_trim("a" "\xe2\x80\x83", 0, 1);
    expect_trim("\xe2\x80\xa8" "a b" "\xe3\x80\x80", 3, 3);
    expect_trim("\xef\xbb\xbf" "a" "\xef\xbb\xbf", 3, 1);
    /* other non-ASCII is kept: U+00E9, U+200B (zero width space is not white space) */
    expect_trim("\xc3\xa9", 0, 2);
    expect_trim("\xe2\x80\x8b" "a", 0, 4);
    size_t n;
    const char *s = "  my-conn  ";
    const char *t = infisical__trim(s, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(t, "my-conn", 7);
}

/* ------------------------------------------------------------------ slugs */

static const char *slug(const char *field, const char *s)
{
    return infisical__check_slug(field, s, strlen(s));
}

static void slug_valid(void **state)
{
    (void)state;
    static const char *const ok[] = {"a", "0", "my-northflank-connection", "a-b", "a1-b2-c3", "abc123", "1-2-3",
                                     "x-0", "9a"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const char *why = slug("name", ok[i]);
        if (why)
            fail_msg("\"%s\" refused: %s", ok[i], why);
        assert_null(slug("slug", ok[i]));
    }
    char s64[65];
    memset(s64, 'a', 64);
    s64[64] = '\0';
    assert_null(slug("name", s64));
    s64[31] = '-';
    assert_null(slug("name", s64));
}

static void slug_length(void **state)
{
    (void)state;
    ASSERT_STR(slug("name", ""), NAME_MIN);
    ASSERT_STR(slug("slug", ""), SLUG_MIN);
    char s65[66];
    memset(s65, 'a', 65);
    s65[65] = '\0';
    ASSERT_STR(slug("name", s65), NAME_MAX);
    ASSERT_STR(slug("slug", s65), SLUG_MAX);
    /* the length rule comes before the character rule */
    memset(s65, 'A', 65);
    ASSERT_STR(slug("name", s65), NAME_MAX);
    char s200[201];
    memset(s200, 'z', 200);
    s200[200] = '\0';
    ASSERT_STR(slug("name", s200), NAME_MAX);
}

static void slug_characters(void **state)
{
    (void)state;
    static const char *const bad[] = {"a--b", "-a", "a-", "-", "--", "A", "My-Conn", "a_b", "a b", "a.b", "a/b",
                                      "caf\xc3\xa9", " a", "a ", "a\tb", "a---b", "ab-", "-ab", "a!", "\xff"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = slug("name", bad[i]);
        if (!why || strcmp(why, NAME_CHARS) != 0)
            fail_msg("\"%s\": got %s", bad[i], why ? why : "accepted");
        ASSERT_STR(slug("slug", bad[i]), SLUG_CHARS);
    }
}

static void slug_uses_len(void **state)
{
    (void)state;
    /* only the first len bytes are the value (callers pass a trimmed view) */
    assert_null(infisical__check_slug("name", "ab-", 2));
    assert_null(infisical__check_slug("name", "my-conn   ", 7));
    ASSERT_STR(infisical__check_slug("name", "a-b", 2), NAME_CHARS); /* "a-": trailing hyphen */
    ASSERT_STR(infisical__check_slug("name", "abc", 0), NAME_MIN);
    ASSERT_STR(infisical__check_slug("name", "", 0), NAME_MIN);
}

/* ------------------------------------------------------------------ uuids */

static void uuid(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "a1b2c3d4-5678-90ab-cdef-1234567890ab",
        "A1B2C3D4-5678-90AB-CDEF-1234567890AB",
        "a1B2c3D4-5678-90aB-CdEf-1234567890Ab",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const char *why = infisical__check_uuid(ok[i]);
        if (why)
            fail_msg("\"%s\" refused: %s", ok[i], why);
    }
    static const char *const bad[] = {
        "",
        "a1b2c3d4-5678-90ab-cdef-1234567890a",   /* 35 */
        "a1b2c3d4-5678-90ab-cdef-1234567890abc", /* 37 */
        "a1b2c3d45678-90ab-cdef-1234567890ab",   /* a hyphen missing */
        "a1b2c3d4567890abcdef1234567890ab",      /* no hyphens */
        "a1b2c3d-45678-90ab-cdef-1234567890ab",  /* hyphen one early */
        "a1b2c3d45-678-90ab-cdef-1234567890ab",  /* hyphen one late */
        "a1b2c3d4-567-890ab-cdef-1234567890ab",
        "a1b2c3d4-5678-90abc-def-1234567890ab",
        "a1b2c3d4-5678-90ab-cdef1-234567890ab",
        "a1b2c3d4-5678-90ab-cdef-1234567890a-",
        "-a1b2c3d4-5678-90ab-cdef-1234567890a",
        "g1b2c3d4-5678-90ab-cdef-1234567890ab",  /* not hex */
        "a1b2c3d4-5678-90ab-cdef-1234567890aG",
        "a1b2c3d4_5678_90ab_cdef_1234567890ab",
        " a1b2c3d4-5678-90ab-cdef-1234567890a",
        "a1b2c3d4-5678-90ab-cdef-1234567890ab ",
        "{a1b2c3d4-5678-90ab-cdef-1234567890}",
        "a1b2c3d4-5678-90ab-cdef-12345678\303\251ab", /* U+00E9: octal, so "ab" stays apart */
        "------------------------------------",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = infisical__check_uuid(bad[i]);
        if (!why)
            fail_msg("\"%s\" accepted", bad[i]);
        ASSERT_STR(why, "Invalid uuid");
    }
}

/* ------------------------------------------------------------------ UTF-8 -> UTF-16 units */

static void expect_units(const char *s, size_t len, size_t units)
{
    size_t n = 12345;
    if (infisical__utf8_units(s, len, &n) != 0)
        fail_msg("refused a valid sequence of %zu bytes", len);
    assert_int_equal(n, units);
}

static void expect_malformed(const char *s, size_t len)
{
    size_t n = 12345;
    int rc = infisical__utf8_units(s, len, &n);
    if (rc != -1) {
        char hex[128] = "";
        for (size_t i = 0; i < len && i < 30; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x ", (unsigned char)s[i]);
        fail_msg("accepted malformed %s(rc %d, %zu units)", hex, rc, n);
    }
}

#define UNITS(lit, n) expect_units(lit, sizeof(lit) - 1, n)
#define MALFORMED(lit) expect_malformed(lit, sizeof(lit) - 1)

static void utf8_valid(void **state)
{
    (void)state;
    UNITS("", 0);
    UNITS("abc", 3);
    UNITS("\x7f", 1);
    UNITS("\xc2\x80", 1);                       /* U+0080, smallest 2-byte */
    UNITS("caf\xc3\xa9", 4);                    /* é */
    UNITS("\xdf\xbf", 1);                       /* U+07FF */
    UNITS("\xe0\xa0\x80", 1);                   /* U+0800, smallest 3-byte */
    UNITS("\xe2\x82\xac", 1);                   /* € */
    UNITS("\xed\x9f\xbf", 1);                   /* U+D7FF, just below the surrogates */
    UNITS("\xee\x80\x80", 1);                   /* U+E000, just above */
    UNITS("\xef\xbf\xbf", 1);                   /* U+FFFF */
    UNITS("\xf0\x90\x80\x80", 2);               /* U+10000, smallest 4-byte: astral counts 2 */
    UNITS("\xf0\x9f\x98\x80", 2);               /* 😀 */
    UNITS("\xf4\x8f\xbf\xbf", 2);               /* U+10FFFF, the largest */
    UNITS("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 1 + 1 + 1 + 2 + 1);
    UNITS("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 6);
    /* an embedded NUL counts like any other code point */
    expect_units("a\0b", 3, 3);
    /* len bounds the input: a cut after a whole character is fine */
    expect_units("ab\xe2\x82\xac", 2, 2);
}

static void utf8_malformed(void **state)
{
    (void)state;
    /* overlong forms */
    MALFORMED("\xc0\x80");
    MALFORMED("\xc1\xbf");
    MALFORMED("\xe0\x80\x80");
    MALFORMED("\xe0\x9f\xbf");
    MALFORMED("\xf0\x80\x80\x80");
    MALFORMED("\xf0\x8f\xbf\xbf");
    /* UTF-16 surrogates encoded in UTF-8 (CESU) */
    MALFORMED("\xed\xa0\x80");
    MALFORMED("\xed\xbf\xbf");
    MALFORMED("\xed\xa0\xbd\xed\xb8\x80");
    /* above U+10FFFF and bytes that never occur */
    MALFORMED("\xf4\x90\x80\x80");
    MALFORMED("\xf5\x80\x80\x80");
    MALFORMED("\xf7\xbf\xbf\xbf");
    MALFORMED("\xf8\x88\x80\x80\x80");
    MALFORMED("\xfc\x84\x80\x80\x80\x80");
    MALFORMED("\xfe");
    MALFORMED("\xff");
    /* stray continuation bytes */
    MALFORMED("\x80");
    MALFORMED("a\xbf");
    MALFORMED("\xc3\xa9\xa9");
    /* truncated sequences, at the end and in the middle */
    MALFORMED("\xc3");
    MALFORMED("\xe2\x82");
    MALFORMED("\xf0\x9f\x98");
    MALFORMED("abc\xf0");
    MALFORMED("\xe2\x82" "a");
    MALFORMED("\xf0\x9f\x98" "a");
    MALFORMED("\xc3 ");
    /* len cutting a character in two */
    expect_malformed("\xe2\x82\xac", 2);
    expect_malformed("\xf0\x9f\x98\x80", 3);
    expect_malformed("\xc3\xa9", 1);
}

/* ------------------------------------------------------------------ caller strings: length and characters */

static char *filled(size_t n, char c)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void text_at_and_over_the_limit(void **state)
{
    (void)state;
    static const size_t limits[] = {1, 36, 64, 256, 1024, 16384};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        size_t max = limits[i], n = 0;
        char *at = filled(max, 'x'), *over = filled(max + 1, 'x'), text[64];
        infisical_error *err = NULL;
        assert_int_equal(infisical__check_text(&err, "f", at, max, INFISICAL__CHARS_ASCII, &n), INFISICAL_OK);
        assert_null(err); /* nothing made on success */
        assert_int_equal(n, max);
        snprintf(text, sizeof text, "must be at most %zu bytes", max);
        EXPECT_EINVAL(infisical__check_text(&err, "field.name", over, max, INFISICAL__CHARS_ASCII, &n), "field.name",
                      text);
        /* the trimmed form counts the bytes as passed, white space included */
        const char *t = NULL;
        assert_int_equal(infisical__check_trimmed(&err, "f", at, max, INFISICAL__CHARS_ASCII, &t, &n), INFISICAL_OK);
        assert_int_equal(n, max);
        assert_ptr_equal(t, at);
        EXPECT_EINVAL(infisical__check_trimmed(&err, "g", over, max, INFISICAL__CHARS_ASCII, &t, &n), "g", text);
        over[0] = ' '; /* one byte over even though the trimmed value is at the limit */
        EXPECT_EINVAL(infisical__check_trimmed(&err, "g", over, max, INFISICAL__CHARS_ASCII, &t, &n), "g", text);
        /* without an error object: the status alone */
        assert_int_equal(infisical__check_text(NULL, "f", over, max, INFISICAL__CHARS_ANY, &n), INFISICAL_EINVAL);
        free(at);
        free(over);
    }
    /* the empty string is within every limit; whether it is allowed is the caller's call */
    size_t n = 99;
    assert_int_equal(infisical__check_text(NULL, "f", "", 1, INFISICAL__CHARS_UTF8_LINE, &n), INFISICAL_OK);
    assert_int_equal(n, 0);
}

/* The length is found without reading past s[max]: a string that ends
 * (unterminated) on the last byte before an unmapped page is measured
 * without a fault. A strlen() first would crash here, and would walk the
 * whole of a 10 MB argument before refusing it. */
static void text_reads_no_further_than_the_limit(void **state)
{
    (void)state;
    long page = sysconf(_SC_PAGESIZE);
    assert_true(page > 0);
    char *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(map != MAP_FAILED);
    assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
    static const size_t limits[] = {35, 36, 255, 256};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        size_t max = limits[i], n;
        char *s = map + page - (max + 1); /* max + 1 bytes, no NUL, then the guard page */
        memset(s, 'a', max + 1);
        char text[64];
        snprintf(text, sizeof text, "must be at most %zu bytes", max);
        EXPECT_EINVAL(infisical__check_text(&err, "f", s, max, INFISICAL__CHARS_UTF8_LINE, &n), "f", text);
        const char *t;
        memset(s, ' ', max + 1); /* all white space: trimming first would walk into the guard */
        EXPECT_EINVAL(infisical__check_trimmed(&err, "f", s, max, INFISICAL__CHARS_ANY, &t, &n), "f", text);
    }
    /* a UUID check reads at most one byte past 36 */
    char *s = map + page - 37;
    memset(s, 'a', 37);
    ASSERT_STR(infisical__check_uuid(s), "Invalid uuid");
    assert_int_equal(munmap(map, 2 * (size_t)page), 0);
}

static void text_characters(void **state)
{
    (void)state;
    static const char CTRL[] = "must not contain control characters";
    static const char ASCII[] = "must be printable ASCII";
    static const char UTF8[] = "is not valid UTF-8";
    static const struct {
        const char *in;
        const char *why[5]; /* indexed by class: ANY, LINE, UTF8, UTF8_LINE, ASCII */
    } rows[] = {
        {"plain text ~!", {NULL, NULL, NULL, NULL, NULL}},
        {"", {NULL, NULL, NULL, NULL, NULL}},
        {"a\rb", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"a\nb", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"a\tb", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"a\x7f", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"\x01", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"\x1b[31m", {NULL, CTRL, NULL, CTRL, CTRL}},
        {"caf\xc3\xa9", {NULL, NULL, NULL, NULL, ASCII}},
        {"\xf0\x9f\x98\x80", {NULL, NULL, NULL, NULL, ASCII}},
        {"bad\xff", {NULL, NULL, UTF8, UTF8, ASCII}},
        {"\xc3", {NULL, NULL, UTF8, UTF8, ASCII}},
        {"\xed\xa0\x80", {NULL, NULL, UTF8, UTF8, ASCII}},
        {"\xc0\xaf", {NULL, NULL, UTF8, UTF8, ASCII}},
        {"line\n\xff", {NULL, CTRL, UTF8, CTRL, CTRL}},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (int c = INFISICAL__CHARS_ANY; c <= INFISICAL__CHARS_ASCII; c++) {
            const char *why = infisical__check_chars(rows[i].in, strlen(rows[i].in), c);
            const char *want = rows[i].why[c];
            if (want ? !why || strcmp(why, want) != 0 : why != NULL)
                fail_msg("row %zu class %d: got %s, expected %s", i, c, why ? why : "accepted",
                         want ? want : "accepted");
            /* through check_text: the same verdict, naming the field */
            size_t n;
            infisical_error *err = NULL;
            int rc = infisical__check_text(&err, "x", rows[i].in, 64, c, &n);
            if (want)
                assert_true(check_einval(rc, err, "x", want));
            else
                assert_int_equal(rc, INFISICAL_OK);
        }
    }
    /* only s[0..len) is judged */
    assert_null(infisical__check_chars("ok\n", 2, INFISICAL__CHARS_ASCII));
}

static void trimmed_judges_the_trimmed_value(void **state)
{
    (void)state;
    const char *t;
    size_t n;
    infisical_error *err = NULL;
    assert_int_equal(infisical__check_trimmed(&err, "f", "  tok\r\n", 7, INFISICAL__CHARS_ASCII, &t, &n),
                     INFISICAL_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(t, "tok", 3);
    /* white space inside is not trimmed */
    EXPECT_EINVAL(infisical__check_trimmed(&err, "f", " to\nk ", 64, INFISICAL__CHARS_ASCII, &t, &n), "f",
                  "must not contain control characters");
    /* JavaScript's white space beyond ASCII is trimmed before an ASCII check */
    assert_int_equal(infisical__check_trimmed(&err, "f", "\xc2\xa0tok\xe3\x80\x80", 64, INFISICAL__CHARS_ASCII, &t, &n),
                     INFISICAL_OK);
    assert_int_equal(n, 3);
    /* all white space: an empty value, for the caller to judge */
    assert_int_equal(infisical__check_trimmed(&err, "f", " \t ", 3, INFISICAL__CHARS_UTF8_LINE, &t, &n),
                     INFISICAL_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trim),
        cmocka_unit_test(slug_valid),
        cmocka_unit_test(slug_length),
        cmocka_unit_test(slug_characters),
        cmocka_unit_test(slug_uses_len),
        cmocka_unit_test(uuid),
        cmocka_unit_test(utf8_valid),
        cmocka_unit_test(utf8_malformed),
        cmocka_unit_test(text_at_and_over_the_limit),
        cmocka_unit_test(text_reads_no_further_than_the_limit),
        cmocka_unit_test(text_characters),
        cmocka_unit_test(trimmed_judges_the_trimmed_value),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
