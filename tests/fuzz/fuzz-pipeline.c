/* fuzz-pipeline.c — the whole pipeline from bytes: Markdown (or HTML when
 * the input starts with '<') to a laid-out PDF and an EPUB, in memory. */
#include <stdlib.h>

#include "fuzz.h"

/* One font configuration for the whole run, released at exit so that leak
 * checkers see only what an input leaks. */
static BfFonts *fonts;

static void
release_fonts (void)
{
  bf_fonts_unref (fonts);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 64 * 1024)
    return 0; /* layout time grows with size; the readers' targets take big inputs */
  if (!fonts)
    {
      fonts = bf_fonts_new (NULL, NULL);
      atexit (release_fonts);
    }
  BfInputFormat format = size > 0 && data[0] == '<' ? BF_INPUT_HTML : BF_INPUT_MARKDOWN;
  BfDocument *doc = bf_document_parse ((const char *) data, size, "fuzz", format, NULL);
  if (!doc)
    return 0;
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  BfLayout *layout = bf_layout_new (fonts, doc, &setup, NULL);
  if (layout)
    {
      GBytes *pdf = bf_layout_write_pdf_to_bytes (layout, NULL);
      if (pdf)
        g_bytes_unref (pdf);
    }
  BfEpubOptions options;
  bf_epub_options_init (&options);
  options.cover = FALSE; /* the cover makes its own font configuration */
  options.page_list = layout;
  GBytes *epub = bf_document_write_epub_to_bytes (doc, &options, NULL);
  if (epub)
    g_bytes_unref (epub);
  bf_layout_free (layout);
  bf_document_free (doc);
  return 0;
}
