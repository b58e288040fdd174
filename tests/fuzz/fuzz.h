/* fuzz.h — what every fuzz target shares: the libFuzzer entry point, which
 * replay.c also calls to run the corpus and past crashers under ctest. */
#ifndef BF_FUZZ_H
#define BF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "bifolio.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#endif
