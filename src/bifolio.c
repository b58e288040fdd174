/* bifolio.c — the parts of the public API that join stages: an EPUB whose
 * page list comes from a print layout, and whose cover may be drawn with
 * the fonts.  Each stage stays ignorant of the others; this file hands
 * plain data from one to the next. */
#include "epub/epub.h"
#include "layout/layout.h"

#include <string.h>

void
bf_epub_options_init (BfEpubOptions *options)
{
  memset (options, 0, sizeof *options);
  options->embed_fonts = TRUE;
  options->cover = TRUE;
}

GBytes *
bf_document_write_epub_to_bytes (const BfDocument *doc, const BfEpubOptions *options,
                                 GError **error)
{
  g_return_val_if_fail (doc != NULL, NULL);
  BfEpubOptions defaults;
  bf_epub_options_init (&defaults);
  if (!options)
    options = &defaults;
  BfEpubSettings settings = { options->split_level, options->embed_fonts, options->cover,
                              options->cover_image, NULL, options->warnings };
  g_autoptr (GBytes) drawn = NULL;
  if (options->cover && !options->cover_image && !bf_document_get_metadata (doc, "cover-image"))
    {
      g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, error);
      if (!fonts || !(drawn = bf_document_render_cover (doc, fonts, error)))
        return NULL;
      settings.cover_image = drawn;
    }
  g_autoptr (GArray) starts = NULL;
  if (options->page_list)
    {
      starts = g_array_new (FALSE, FALSE, sizeof (BfPageStart));
      const BfLayout *layout = options->page_list;
      for (guint i = 0; i < layout->page_sources->len; i++)
        {
          BfPageStart start = { (int) i + 1, g_ptr_array_index (layout->page_sources, i) };
          if (start.node)
            g_array_append_val (starts, start);
        }
      settings.page_starts = starts;
    }
  return bf_epub_build (doc, &settings, error);
}

gboolean
bf_document_write_epub_full (const BfDocument *doc, const BfEpubOptions *options,
                             const char *path, GError **error)
{
  g_return_val_if_fail (doc && path, FALSE);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: is a folder", path);
      return FALSE;
    }
  g_autoptr (GBytes) bytes = bf_document_write_epub_to_bytes (doc, options, error);
  return bytes && bf_atomic_file_write_bytes (path, bytes, error);
}

gboolean
bf_document_write_epub (const BfDocument *doc, const char *path, GError **error)
{
  return bf_document_write_epub_full (doc, NULL, path, error);
}
