/* layout.c — BfLayout: runs the layout stage over a document (box tree,
 * font coverage, lines, pages) and owns the result. */
#include "layout/paragraph-private.h"
#include "style/cascade.h"

/* Layout holds about 65 bytes per character of text at its peak: 32 MB of
 * text is about 2 GB. */
#define BF_LAYOUT_MAX_TEXT (32 * 1000 * 1000)

static void
page_free (BfPage *page)
{
  g_array_unref (page->items);
  g_free (page);
}

static void
outline_entry_clear (BfOutlineEntry *entry)
{
  g_free (entry->title);
}

static void
add_warning (BfLayout *layout, char *text)
{
  g_ptr_array_insert (layout->warnings, layout->warnings->len - 1, text);
}

static void
collect_uncovered (BfFonts *fonts, GPtrArray *paragraphs, GHashTable *seen, GString *missing)
{
  for (guint i = 0; i < paragraphs->len; i++)
    {
      BfParagraph *para = paragraphs->pdata[i];
      bf_fonts_collect_uncovered (fonts, para->text->str, para->text->len, seen, missing);
      for (guint c = 0; para->cells && c < para->cells->len; c++)
        collect_uncovered (fonts, para->cells->pdata[c], seen, missing);
    }
}

/* Warns once about characters that no bundled font has and lets the system's
 * fonts stand in for them. */
static void
check_coverage (BfLayout *layout, BfBoxTree *tree)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GString) missing = g_string_new (NULL);
  collect_uncovered (layout->fonts, tree->paragraphs, seen, missing);
  for (guint i = 0; i < tree->note_order->len; i++)
    collect_uncovered (layout->fonts, g_hash_table_lookup (tree->notes, tree->note_order->pdata[i]),
                       seen, missing);
  if (missing->len == 0)
    return;
  GString *codes = g_string_new (NULL);
  for (const char *p = missing->str; *p; p = g_utf8_next_char (p))
    g_string_append_printf (codes, "%sU+%04X", codes->len ? " " : "", g_utf8_get_char (p));
  add_warning (layout, g_strdup_printf ("%s: warning: no bundled font has %s (%s); using the system's fonts",
                                        layout->doc->name, missing->str, codes->str));
  g_string_free (codes, TRUE);
  bf_fonts_add_system_fonts (layout->fonts);
}

/* The faces of the sheets' @font-face rules join the private fonts; one
 * that cannot be read is a warning, and the text falls back. */
static void
load_font_faces (BfLayout *layout, BfBoxTree *tree)
{
  GPtrArray *faces = bf_styler_get_font_faces (tree->styler);
  for (guint i = 0; i < faces->len; i++)
    {
      const BfFontFace *face = faces->pdata[i];
      GError *error = NULL;
      if (!bf_fonts_add_face (layout->fonts, face->path, face->family, face->weight, face->italic,
                              &error))
        {
          add_warning (layout, g_strdup_printf ("%s: warning: @font-face \"%s\": %s", layout->doc->name,
                                                face->family, error->message));
          g_error_free (error);
        }
    }
}

/* Margins that leave less than half an inch between them shrink in
 * proportion until they leave that much: a sheet's margins are never an
 * error.  FALSE when the page itself is narrower than that. */
#define BF_MIN_TEXT_AREA 36.0

static gboolean
fit_margins (double *a, double *b, double page, gboolean *shrunk)
{
  if (page - *a - *b >= BF_MIN_TEXT_AREA)
    return TRUE;
  if (page < BF_MIN_TEXT_AREA * 2)
    return FALSE;
  *shrunk = TRUE;
  double scale = (page - BF_MIN_TEXT_AREA) / (*a + *b);
  *a *= scale;
  *b *= scale;
  return TRUE;
}

/* The styles of the first, left and right pages from the @page rules, the
 * paper size they give (unless the setup's was given) and the measure:
 * the narrowest text area of them, as lines are broken once for every
 * page.  Returns the measure, or -1 when a page has no room. */
static double
compute_page_styles (BfLayout *layout, const BfStyler *styler)
{
  const BfPageRules *rules = bf_styler_get_page_rules (styler);
  BfComputedStyle initial, root;
  bf_style_init_root (&initial);
  bf_styler_compute (styler, &initial, xmlDocGetRootElement (layout->doc->tree), &root);
  BfPageSetup *setup = &layout->setup;
  if (!setup->paper_given)
    {
      BfPageStyle first;
      bf_page_rules_compute (rules, &root, TRUE, bf_layout_page_is_left (layout, 0), setup->width,
                             setup->height, FALSE, &first);
      setup->width = first.width;
      setup->height = first.height;
    }
  double measure = G_MAXDOUBLE;
  gboolean shrunk = FALSE;
  for (int k = 0; k < 4; k++)
    {
      BfPageStyle *ps = &layout->page_styles[k];
      bf_page_rules_compute (rules, &root, k / 2, k % 2, setup->width, setup->height, TRUE, ps);
      if (!fit_margins (&ps->margin_left, &ps->margin_right, ps->width, &shrunk)
          || !fit_margins (&ps->margin_top, &ps->margin_bottom, ps->height, &shrunk))
        return -1;
      double width = ps->width - ps->margin_left - ps->margin_right;
      if (k == 2 + bf_layout_page_is_left (layout, 0) || k < 2)
        measure = MIN (measure, width);
    }
  if (shrunk)
    add_warning (layout, g_strdup_printf ("%s: warning: the @page margins leave no room on a "
                                          "%.0f×%.0f pt page; shrunk to leave %.0f pt of text",
                                          layout->doc->name, setup->width, setup->height,
                                          BF_MIN_TEXT_AREA));
  return measure;
}

BfLayout *
bf_layout_new (BfFonts *fonts, const BfDocument *doc, const BfPageSetup *setup, GError **error)
{
  g_return_val_if_fail (fonts && doc && setup, NULL);
  gint64 start = g_get_monotonic_time ();
  BfLayout *layout = g_new0 (BfLayout, 1);
  layout->fonts = bf_fonts_ref (fonts);
  layout->doc = doc;
  layout->setup = *setup;
  layout->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  layout->outline = g_array_new (FALSE, FALSE, sizeof (BfOutlineEntry));
  g_array_set_clear_func (layout->outline, (GDestroyNotify) outline_entry_clear);
  layout->texts = g_ptr_array_new_with_free_func (g_free);
  layout->page_sources = g_ptr_array_new ();
  layout->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (layout->warnings, NULL);
  const char *dir = bf_document_get_metadata (doc, "dir");
  layout->rtl = dir ? g_ascii_strcasecmp (dir, "rtl") == 0
                    : bf_lang_is_rtl (bf_document_get_metadata (doc, "lang"));

  BfStyler *styler = bf_styler_new (doc);
  double text_width = compute_page_styles (layout, styler);
  if (text_width < 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
                   "page too small: %.0f×%.0f pt leaves no room inside the margins",
                   layout->setup.width, layout->setup.height);
      bf_styler_free (styler);
      bf_layout_free (layout);
      return NULL;
    }
  BfBoxTree *tree = bf_box_tree_new (doc, styler, text_width);
  GPtrArray *style_warnings = bf_styler_get_warnings (tree->styler);
  for (guint i = 0; i < style_warnings->len; i++)
    add_warning (layout, g_strdup (style_warnings->pdata[i]));
  load_font_faces (layout, tree);
  gsize text_bytes = 0;
  for (guint i = 0; i < tree->paragraphs->len; i++)
    text_bytes += ((BfParagraph *) tree->paragraphs->pdata[i])->text->len;
  if (text_bytes > BF_LAYOUT_MAX_TEXT)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%s: %.0f MB of text is more than the %d MB bifolio lays out at once; "
                   "split the document", doc->name, text_bytes / 1e6, BF_LAYOUT_MAX_TEXT / 1000000);
      bf_box_tree_free (tree);
      bf_layout_free (layout);
      return NULL;
    }
  check_coverage (layout, tree);

  BfLineBreaker breaker = { fonts, bf_fonts_create_context (fonts), text_width, layout->texts,
                            bf_hyphenator_new (),
                            setup->line_breaking == BF_LINE_BREAKING_OPTIMAL };
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  for (guint i = 0; i < tree->paragraphs->len; i++)
    bf_paragraph_layout (&breaker, tree->paragraphs->pdata[i], lines);

  GHashTable *note_lines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < tree->note_order->len; i++)
    {
      const char *id = tree->note_order->pdata[i];
      GPtrArray *paras = g_hash_table_lookup (tree->notes, id);
      GPtrArray *nl = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
      for (guint j = 0; j < paras->len; j++)
        bf_paragraph_layout (&breaker, paras->pdata[j], nl);
      g_hash_table_insert (note_lines, (gpointer) id, nl);
    }

  /* The footnotes section's top margin and border make the space and the
   * rule above each page's notes. */
  layout->note_gap = tree->notes_style.margin_top;
  layout->note_rule = bf_style_get_border (&tree->notes_style, BF_SIDE_TOP);
  layout->note_rule_color = bf_style_get_border_color (&tree->notes_style, BF_SIDE_TOP);
  bf_paginate (layout, &breaker, lines, note_lines);
  if (breaker.indents_clamped)
    add_warning (layout, g_strdup_printf ("%s: warning: blocks nested too deep to indent further "
                                          "are set at the deepest indent that fits",
                                          doc->name));

  layout->stats.style_seconds = bf_styler_get_seconds (tree->styler);
  layout->stats.layout_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_hash_table_unref (note_lines);
  g_ptr_array_unref (lines);
  g_object_unref (breaker.context);
  bf_hyphenator_free (breaker.hyphenator);
  bf_box_tree_free (tree);
  return layout;
}

void
bf_layout_free (BfLayout *layout)
{
  if (!layout)
    return;
  g_ptr_array_unref (layout->pages);
  g_array_unref (layout->outline);
  g_ptr_array_unref (layout->texts);
  g_ptr_array_unref (layout->page_sources);
  g_ptr_array_unref (layout->warnings);
  bf_fonts_unref (layout->fonts);
  g_free (layout);
}

int
bf_layout_get_page_count (const BfLayout *layout)
{
  return layout->pages->len;
}

const char *const *
bf_layout_get_warnings (const BfLayout *layout)
{
  return (const char *const *) layout->warnings->pdata;
}

void
bf_layout_get_stats (const BfLayout *layout, BfLayoutStats *stats)
{
  *stats = layout->stats;
}
