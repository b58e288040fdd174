/* fuzz-html.c — the HTML reader, from bytes. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BfDocument *doc = bf_document_parse ((const char *) data, size, "fuzz.html", BF_INPUT_HTML, NULL);
  bf_document_free (doc);
  return 0;
}
