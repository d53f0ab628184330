/* Prints the version of the library it was linked with. */
#include <stdio.h>
#include <string.h>

#include <infisical/infisical.h>

int main(void)
{
    printf("libinfisical %s through CMake\n", infisical_version());
    return strcmp(infisical_version(), INFISICAL_VERSION_STRING) == 0 ? 0 : 1;
}
