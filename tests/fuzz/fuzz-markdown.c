/* fuzz-markdown.c — the Markdown reader with front matter, from bytes. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BfDocument *doc = bf_document_parse ((const char *) data, size, "fuzz.md", BF_INPUT_MARKDOWN, NULL);
  if (doc)
    {
      bf_document_get_metadata (doc, "title");
      bf_document_free (doc);
    }
  return 0;
}
