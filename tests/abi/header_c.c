/* The public header alone, as a strict C99 consumer compiles it. */
#include <infisical/infisical.h>

int main(void)
{
    return infisical_status_str(INFISICAL_OK)[0] == 'o' ? 0 : 1;
}
