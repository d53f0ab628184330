/*
 * infisical-northflank: reading secrets. Secrets come from a file, stdin or
 * the environment, never from argv (main.c refuses the flags that would put
 * one there). What is read is wiped before it is freed, and the buffer holds
 * nothing past the secret itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

void secret_wipe(void *p, size_t n)
{
    /* A call through a volatile pointer: the compiler cannot prove the
     * writes dead and drop them, as it may a plain memset before free(). */
    static void *(*const volatile wipe)(void *, int, size_t) = memset;
    if (p && n)
        wipe(p, 0, n);
}

void secret_free(char *s)
{
    if (!s)
        return;
    secret_wipe(s, strlen(s));
    free(s);
}

/* Turn echo off on a terminal, so a pasted token is not shown; returns 1 when it did. */
static int echo_off(int fd, struct termios *saved)
{
    struct termios t;
    if (tcgetattr(fd, saved) != 0)
        return 0;
    t = *saved;
    t.c_lflag &= ~(tcflag_t)ECHO;
    return tcsetattr(fd, TCSAFLUSH, &t) == 0;
}

int secret_read(const struct cli *cli, const char *path, const char *what, size_t max, char **out)
{
    *out = NULL;
    int from_stdin = strcmp(path, "-") == 0;
    int fd = from_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    char *shown = printable(from_stdin ? "stdin" : path);
    const char *where = shown ? shown : "?";
    int rc = EXIT_OK;
    char *buf = NULL;
    size_t len = 0;
    size_t cap = max + 2; /* at most max bytes are a secret; one more tells that the file is too long */
    struct termios saved;
    int restore = 0;

    if (fd < 0) {
        rc = usage_error(cli, "cannot read the %s from %s: %s", what, where, strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        rc = usage_error(cli, "cannot read the %s from %s: %s", what, where, strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = usage_error(cli, "cannot read the %s from %s: it is a directory", what, where);
        goto out;
    }
    /* Only a regular file has a mode worth judging (a pipe or /dev/stdin's is the shell's). */
    if (!from_stdin && S_ISREG(st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)))
        warn(cli, "the %s file %s can be read by %s (mode %04o); make it private: chmod 600 %s", what, where,
             (st.st_mode & S_IROTH) ? "every user of this machine" : "its group", (unsigned)(st.st_mode & 07777),
             where);

    int tty = isatty(fd);
    if (tty) {
        restore = echo_off(fd, &saved);
        fprintf(stderr, "%s (input hidden, then Enter): ", what);
        fflush(stderr);
    }
    buf = malloc(cap);
    if (!buf) {
        rc = report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
        goto out;
    }
    for (;;) {
        if (len > max)
            break;
        ssize_t n = read(fd, buf + len, tty ? 1 : cap - 1 - len);
        if (n < 0 && errno == EINTR) {
            if (interrupted_exit_code()) {
                rc = report_error(cli, INFISICAL_ECANCELLED, NULL, interrupted_exit_code());
                goto out;
            }
            continue;
        }
        if (n < 0) {
            rc = usage_error(cli, "cannot read the %s from %s: %s", what, where, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (tty && buf[len - 1] == '\n')
            break;
    }
    if (tty)
        fputc('\n', stderr);
    if (len > max) {
        rc = usage_error(cli, "the %s in %s is longer than %zu bytes", what, where, max);
        goto out;
    }
    /* One trailing newline (echo, a text editor) is not part of the secret. */
    if (len > 0 && buf[len - 1] == '\n')
        len--;
    if (len > 0 && buf[len - 1] == '\r')
        len--;
    if (memchr(buf, '\0', len)) {
        rc = usage_error(cli, "the %s in %s contains a NUL byte", what, where);
        goto out;
    }
    if (len == 0) {
        rc = usage_error(cli, "the %s in %s is empty", what, where);
        goto out;
    }
    secret_wipe(buf + len, cap - len);
    buf[len] = '\0';
    *out = buf;
    buf = NULL;
out:
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &saved);
    if (buf) {
        secret_wipe(buf, cap);
        free(buf);
    }
    if (fd > 0)
        close(fd);
    free(shown);
    return rc;
}
