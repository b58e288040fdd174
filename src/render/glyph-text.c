/* glyph-text.c — draws one shaped run with the text it stands for
 * (cairo_show_text_glyphs), the seam where the PDF's text layer is made.
 *
 * Glyphs are placed exactly where pango_cairo_show_glyph_item places them;
 * the clusters go to Cairo in logical order (backwards through a
 * right-to-left run's visual glyphs), so Cairo's PDF writer shows the
 * glyphs in reading order.  MuPDF reads that back exactly, taking a
 * line's characters in the order they are drawn; poppler sorts a line's
 * words by position and mostly gets them right.
 * pdf.js (Firefox's viewer) cannot: it starts a new text item at every
 * step to the left (beyond 0.2 em), so a right-to-left line reaches it as
 * single letters, in the right order but with every word space dropped
 * (a space glyph only becomes a space when the next glyph follows it
 * rightwards).  Showing the glyphs left to right instead gives pdf.js
 * words (its bidi pass reorders each item) but hands MuPDF 1.21, which
 * neither reorders nor reads /ActualText, every right-to-left word
 * backwards; and the words still come in visual order, since Cairo puts
 * the space in its Latin subset font and pdf.js starts an item at every
 * change of font.  So the order stays logical here. */
#include "render/render.h"

#include <pango/pangocairo.h>

static gboolean
has_unknown_glyph (const PangoGlyphString *glyphs)
{
  for (int i = 0; i < glyphs->num_glyphs; i++)
    if (glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
      return TRUE;
  return FALSE;
}

/* The run's cluster map in logical order: for each cluster its bytes and
 * how many of its glyphs are shown (@shown_before[i]: the glyphs shown
 * before glyph i, the string's length at its end). */
static cairo_text_cluster_t *
logical_clusters (const char *text, PangoGlyphItem *glyph_item, const int *shown_before,
                  int *n_clusters)
{
  cairo_text_cluster_t *map = g_new (cairo_text_cluster_t, glyph_item->item->num_chars + 1);
  PangoGlyphItemIter iter;
  int n = 0;
  for (gboolean more = pango_glyph_item_iter_init_start (&iter, glyph_item, text); more;
       more = pango_glyph_item_iter_next_cluster (&iter))
    {
      /* Right to left, the cluster's glyphs are (end_glyph, start_glyph]. */
      int first = MIN (iter.start_glyph, iter.end_glyph + 1);
      int last = MAX (iter.start_glyph, iter.end_glyph - 1);
      map[n].num_bytes = iter.end_index - iter.start_index;
      map[n].num_glyphs = shown_before[last + 1] - shown_before[first];
      n++;
    }
  *n_clusters = n;
  return map;
}

void
bf_render_glyph_run (cairo_t *cr, const char *text, PangoGlyphItem *glyph_item, double x,
                     double y)
{
  PangoGlyphString *glyphs = glyph_item->glyphs;
  cairo_scaled_font_t *scaled_font
    = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (glyph_item->item->analysis.font));
  if (!scaled_font || glyphs->num_glyphs == 0 || has_unknown_glyph (glyphs))
    {
      /* Hex boxes for missing glyphs are Pango's to draw. */
      cairo_move_to (cr, x, y);
      pango_cairo_show_glyph_item (cr, text, glyph_item);
      return;
    }

  /* Glyph positions as Pango computes them, from the current point as
   * Cairo keeps it (in fixed point); empty glyphs are not shown. */
  cairo_move_to (cr, x, y);
  cairo_get_current_point (cr, &x, &y);
  int *shown_before = g_new (int, glyphs->num_glyphs + 1);
  cairo_glyph_t *shown = g_new (cairo_glyph_t, glyphs->num_glyphs);
  int n_shown = 0, x_position = 0;
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &glyphs->glyphs[i];
      shown_before[i] = n_shown;
      if (info->glyph != PANGO_GLYPH_EMPTY)
        {
          shown[n_shown].index = info->glyph;
          shown[n_shown].x = x + (double) (x_position + info->geometry.x_offset) / PANGO_SCALE;
          shown[n_shown].y = y + (double) info->geometry.y_offset / PANGO_SCALE;
          n_shown++;
        }
      x_position += info->geometry.width;
    }
  shown_before[glyphs->num_glyphs] = n_shown;

  int n_clusters;
  cairo_text_cluster_t *map = logical_clusters (text, glyph_item, shown_before, &n_clusters);
  gboolean rtl = glyph_item->item->analysis.level % 2 == 1;
  cairo_save (cr);
  cairo_set_scaled_font (cr, scaled_font);
  cairo_show_text_glyphs (cr, text + glyph_item->item->offset, glyph_item->item->length, shown,
                          n_shown, map, n_clusters, rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  cairo_restore (cr);

  g_free (map);
  g_free (shown);
  g_free (shown_before);
}
