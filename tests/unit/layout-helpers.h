/* layout-helpers.h — what the unit tests of styles on pages share: a
 * document with a sheet laid out with the bundled fonts, and the text a
 * page shows between two heights. */
#ifndef BF_LAYOUT_HELPERS_H
#define BF_LAYOUT_HELPERS_H

#include <string.h>

#include "layout/layout.h"
#include "tree-helpers.h"

static BfFonts *fonts;
/* Every document laid out, freed after the tests: a document must outlive
 * its layout. */
static GPtrArray *laid_documents;

static inline void
layout_helpers_init (void)
{
  GError *error = NULL;
  fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  laid_documents = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_document_free);
}

static inline void
layout_helpers_finish (void)
{
  g_ptr_array_unref (laid_documents);
  bf_fonts_unref (fonts);
}

static inline BfDocument *
document_with_sheet (const char *text, const char *css)
{
  GError *error = NULL;
  const char *name = g_str_has_prefix (text, "<") ? "t.html" : "t.md";
  BfDocument *doc = bf_document_parse (text, strlen (text), name, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  if (css)
    add_sheet_text (doc, css);
  return doc;
}

/* @text (HTML when it starts with '<', else Markdown) laid out with the
 * user sheet @css (NULL: none). */
static inline BfLayout *
lay_out (const char *text, const char *css)
{
  BfDocument *doc = document_with_sheet (text, css);
  g_ptr_array_add (laid_documents, doc);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  GError *error = NULL;
  BfLayout *layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  return layout;
}

/* The laid-out text of the glyph runs of @page between @y0 and @y1. */
static inline char *
text_between (const BfLayout *layout, int page, double y0, double y1)
{
  GString *out = g_string_new (NULL);
  const BfPage *p = layout->pages->pdata[page];
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind != BF_ITEM_GLYPHS || item->y < y0 || item->y > y1)
        continue;
      const PangoItem *pi = item->glyphs->item;
      g_string_append_len (out, item->text + pi->offset, pi->length);
    }
  return g_string_free (out, FALSE);
}

#endif
