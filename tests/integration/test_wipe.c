/* Buffers that held a secret are wiped before they are freed.
 *
 * This program replaces free() (glibc's documented way: the executable's
 * definition wins, libc's own callers included) and, while a test watches,
 * looks into every block that code of this executable frees (the library's
 * objects are linked in; libcurl and jansson are shared libraries and their
 * frees are not looked at: the library does not own those copies). A block
 * that still holds a secret of the devserver, or the text of a token reply or
 * renew body ("accessToken"), is a failure.
 *
 * It fails if the transport stopped wiping a login reply, if the request path
 * stopped wiping the Authorization line, if a request body with the client
 * secret or a Northflank token were freed unwiped, or if infisical__buf
 * stopped wiping a buffer that is not plain (each test below says which). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <malloc.h>
#include <valgrind/valgrind.h>

#include "harness.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Sanitizers and valgrind replace free() themselves: then this program
 * cannot look, and says so (exit 77: skipped). */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define WIPE_CHECK 0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define WIPE_CHECK 0
#endif
#endif
#ifndef WIPE_CHECK
#define WIPE_CHECK 1
#endif

extern void __libc_free(void *p);
/* The executable's code, from the linker (GNU ld, gold and lld define both). */
extern const char __executable_start[], etext[];

static volatile int watching;
static const char *secrets[8];
static size_t secret_count;
static char found[160];
static unsigned long looked_at;

#if WIPE_CHECK
static void note_find(const char *what)
{
    if (!found[0])
        snprintf(found, sizeof found, "a block freed by the library still held %s", what);
}

void free(void *p)
{
    const char *caller = __builtin_return_address(0);
    if (p && watching && caller >= __executable_start && caller < etext) {
        size_t n = malloc_usable_size(p);
        looked_at++;
        for (size_t i = 0; i < secret_count; i++)
            if (memmem(p, n, secrets[i], strlen(secrets[i])))
                note_find("a secret of the devserver");
        if (memmem(p, n, "\"accessToken\"", 13))
            note_find("the text of a token reply or renew body");
    }
    __libc_free(p);
}
#endif

static void watch(void)
{
    secret_count = 0;
    secrets[secret_count++] = dev.client_secret;
    secrets[secret_count++] = dev.access_token;
    secrets[secret_count++] = dev.northflank_token;
    found[0] = '\0';
    looked_at = 0;
    watching = 1;
}

static void unwatch_expect_clean(void)
{
    watching = 0;
    if (found[0])
        fail_msg("%s", found);
    /* A watch that looked at nothing proves nothing. */
    assert_true(looked_at > 0);
}

/* The checker itself: a secret freed unwiped through the library's
 * allocator is seen (so the clean results below mean something). */
static void test_checker_sees_an_unwiped_secret(void **state)
{
    (void)state;
    watch();
    char *copy = infisical__strdup(dev.northflank_token);
    assert_non_null(copy);
    infisical__free(copy);
    watching = 0;
    assert_true(found[0] != '\0');

    watch();
    copy = infisical__strdup(dev.northflank_token);
    assert_non_null(copy);
    infisical__free_secret(copy);
    unwatch_expect_clean();
}

/* infisical__buf: a buffer that is not plain is wiped as it grows and when
 * cleared; a plain one is not (which is why only provably secret-free
 * buffers may be plain). */
static void test_buffer_wipes_unless_plain(void **state)
{
    (void)state;
    watch();
    infisical__buf b = {0};
    for (int i = 0; i < 64; i++) /* grows several times */
        assert_int_equal(infisical__buf_puts(&b, dev.access_token), 0);
    infisical__buf_clear(&b);
    unwatch_expect_clean();

    watch();
    infisical__buf plain = {.plain = 1};
    assert_int_equal(infisical__buf_puts(&plain, dev.access_token), 0);
    infisical__buf_clear(&plain);
    watching = 0;
    assert_true(found[0] != '\0');
}

/* Universal Auth login (the client secret in the body, the token in the
 * reply), calls with the token in the Authorization header, and a create with
 * the Northflank token in its body: nothing the library frees holds them. */
static void test_secret_paths_are_wiped(void **state)
{
    (void)state;
    infisical_client *client = client_ua();
    infisical_northflank_params *p = params_for("wipe-check", NULL, NULL, NULL);
    infisical_connection *conn = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    watch();
    assert_ok(infisical_client_login(client, NULL, &err), err);
    assert_ok(infisical_northflank_create(client, p, &conn, NULL, &err), err);
    assert_ok(infisical_northflank_list(client, NULL, &list, NULL, &err), err);
    infisical_connection_list_free(list);
    infisical_connection *again = NULL;
    assert_ok(infisical_northflank_get(client, infisical_connection_id(conn), &again, NULL, &err), err);
    infisical_connection_free(again);
    unwatch_expect_clean();
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_client_free(client);

    /* A fixed token: only the Authorization line carries it. */
    client = client_token(dev.access_token);
    watch();
    assert_ok(infisical_northflank_list(client, NULL, &list, NULL, &err), err);
    infisical_connection_list_free(list);
    unwatch_expect_clean();
    infisical_client_free(client);
}

int main(int argc, char **argv)
{
    if (!WIPE_CHECK || RUNNING_ON_VALGRIND) {
        printf("integration-wipe: free() is replaced by a sanitizer or valgrind here, so it cannot be "
               "watched: skipped\n");
        return 77;
    }
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_sees_an_unwiped_secret),
        cmocka_unit_test(test_buffer_wipes_unless_plain),
        cmocka_unit_test_setup(test_secret_paths_are_wiped, reset_state),
    };
    int failed = cmocka_run_group_tests_name("integration-wipe", tests, NULL, NULL);
    dev_stop();
    return failed;
}
