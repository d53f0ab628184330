// The public header alone, as a strict C++ consumer compiles it.
#include <infisical/infisical.h>

int main()
{
    infisical_error *err = nullptr;
    infisical_config *cfg = nullptr;
    int rc = infisical_config_new(&cfg, &err);
    infisical_config_free(cfg);
    return rc == INFISICAL_OK ? 0 : 1;
}
