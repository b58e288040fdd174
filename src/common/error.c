/* error.c — the BF_ERROR domain, the version string and the data folder. */
#include "common/common.h"

G_DEFINE_QUARK (bf-error-quark, bf_error)

const char *
bf_version (void)
{
  return BIFOLIO_VERSION;
}

const char *
bf_data_dir (void)
{
  const char *env = g_getenv ("BIFOLIO_DATA_DIR");
  return env && *env ? env : BIFOLIO_DATA_DIR;
}
