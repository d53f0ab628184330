/* The program that loads the plugin: the library works inside it. */
#include <stdio.h>
#include <stddef.h>

int plugin_check(char *buf, size_t size);

int main(void)
{
    char buf[512];
    int rc = plugin_check(buf, sizeof buf);
    puts(buf);
    return rc == -1 ? 0 : 1;   /* INFISICAL_EINVAL: the bad URL was refused, by the library in the plugin */
}
