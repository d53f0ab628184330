/* The ISO-8601 parser every time in a reply goes through. Beyond the
 * sanitizers, a second opinion: an accepted time matches the grammar
 * (YYYY-MM-DD, T/t/space, hh:mm:ss, optional .fraction, Z/z or +hh:mm/-hh:mm)
 * read here with sscanf, and its value is what the C library's timegm()
 * makes of the same fields (the fraction cut to milliseconds). */
#define _DEFAULT_SOURCE /* timegm */
#include <time.h>

#include "codec/codec.h"
#include "fuzz.h"

/* The whole string as the grammar reads it; 0 on a match. */
static int fields(const char *s, struct tm *tm, int64_t *frac_ms, int64_t *offset_s)
{
    int y, mo, d, h, mi, sec, n = 0;
    char sep;
    if (strlen(s) < 20 || sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &sec, &n) != 7 ||
        n != 19)
        return -1;
    for (int i = 0; i < 19; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (i == 13 || i == 16) ? s[i] != ':' : i == 10 ? 0 : !(s[i] >= '0' && s[i] <= '9'))
            return -1;
    if (sep != 'T' && sep != 't' && sep != ' ')
        return -1;
    const char *p = s + 19;
    *frac_ms = 0;
    if (*p == '.') {
        int digits = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (digits < 3)
                *frac_ms = *frac_ms * 10 + (*p - '0');
        if (digits == 0)
            return -1;
        for (; digits < 3; digits++)
            *frac_ms *= 10;
    }
    *offset_s = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if ((*p == '+' || *p == '-') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
               p[3] == ':' && p[4] >= '0' && p[4] <= '9' && p[5] >= '0' && p[5] <= '9') {
        int oh = (p[1] - '0') * 10 + (p[2] - '0'), om = (p[4] - '0') * 10 + (p[5] - '0');
        if (oh > 23 || om > 59)
            return -1;
        *offset_s = (int64_t)(oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 ||
        sec > 60)
        return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = mo - 1;
    tm->tm_mday = d;
    tm->tm_hour = h;
    tm->tm_min = mi;
    tm->tm_sec = sec;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0; /* a time is short; longer inputs only repeat the tail's rejection */
    char s[65];
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t ms = 12345;
    int rc = infisical__parse_iso8601(s, &ms);
    struct tm tm;
    int64_t frac_ms, offset_s;
    int expect = fields(s, &tm, &frac_ms, &offset_s);
    FUZZ_CHECK(rc == expect);
    if (rc != 0) {
        FUZZ_CHECK(ms == 12345); /* a refused time leaves *ms alone */
        return 0;
    }
    time_t t = timegm(&tm);
    FUZZ_CHECK(((int64_t)t - offset_s) * 1000 + frac_ms == ms);
    return 0;
}
