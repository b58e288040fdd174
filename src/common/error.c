/* error.c — the BF_ERROR domain and the version string. */
#include "common/common.h"

G_DEFINE_QUARK (bf-error-quark, bf_error)

const char *
bf_version (void)
{
  return BIFOLIO_VERSION;
}
