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
 * change of font.  So the order stays logical here.
 *
 * A line broken at a space leaves that space out of every run (lines are
 * trimmed), and a reader that joins a paragraph's lines without looking at
 * their positions — poppler's tag-tree text, pdfinfo -struct-text — then
 * runs the last word of one line into the first of the next.  So the run
 * that starts a paragraph's next line begins with a space glyph, set just
 * before its first glyph in reading order, outside the ink: what was drawn
 * last on the cairo_t (its paragraph text and where its last run ended)
 * says whether only the spaces of a line break lie between. */
#include "render/render.h"

#include <hb.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

/* Where the last run drawn on a cairo_t ended: its paragraph text (owned
 * by the layout) and the byte after it. */
typedef struct {
  const char *text;
  int end;
} LastRun;

static cairo_user_data_key_t last_run_key;

static LastRun *
last_run_get (cairo_t *cr)
{
  LastRun *last = cairo_get_user_data (cr, &last_run_key);
  if (!last)
    {
      last = g_new0 (LastRun, 1);
      cairo_set_user_data (cr, &last_run_key, last, g_free);
    }
  return last;
}

/* Whether a run of @text from byte @start opens the line after the one
 * @last ended, with only the spaces the line break took between them (no
 * hard line break: a preformatted line keeps its own white space). */
static gboolean
opens_line_after_space (const LastRun *last, const char *text, int start)
{
  if (last->text != text || last->end >= start)
    return FALSE;
  gboolean space = FALSE;
  for (const char *p = text + last->end; p < text + start; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        space = TRUE;
      else if (!g_unichar_isspace (c) || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        return FALSE;
    }
  return space;
}

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
  LastRun *last = last_run_get (cr);
  gboolean after_break = opens_line_after_space (last, text, glyph_item->item->offset);
  last->text = text;
  last->end = glyph_item->item->offset + glyph_item->item->length;

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

  /* The space of a line break, when there is one and the font has it. */
  gboolean rtl = glyph_item->item->analysis.level % 2 == 1;
  hb_codepoint_t space_glyph = 0;
  if (after_break
      && !hb_font_get_nominal_glyph (pango_font_get_hb_font (glyph_item->item->analysis.font), ' ',
                                     &space_glyph))
    after_break = FALSE;

  /* Glyph positions as Pango computes them, from the current point as
   * Cairo keeps it (in fixed point); empty glyphs are not shown. */
  cairo_move_to (cr, x, y);
  cairo_get_current_point (cr, &x, &y);
  int *shown_before = g_new (int, glyphs->num_glyphs + 1);
  cairo_glyph_t *shown = g_new (cairo_glyph_t, glyphs->num_glyphs + 1);
  int n_shown = 0, x_position = 0;
  if (after_break && !rtl)
    n_shown++; /* room for the space, set below */
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
  const char *run_text = text + glyph_item->item->offset;
  int run_bytes = glyph_item->item->length;
  g_autofree char *spaced_text = NULL;
  if (after_break)
    {
      /* The space goes first in reading order: left of the run's first
       * glyph, or right of a right-to-left run's last.  It sits 0.005 em
       * below the baseline, past the tolerance (0.001 em) within which
       * Cairo places the next glyph by a TJ adjustment, rounded to
       * 0.001 em, rather than a Td to its exact position: so every glyph
       * of the run stays exactly where it was. */
      cairo_text_extents_t extents;
      cairo_glyph_t space = { space_glyph, 0, 0 };
      cairo_matrix_t font_matrix;
      cairo_scaled_font_glyph_extents (scaled_font, &space, 1, &extents);
      cairo_scaled_font_get_font_matrix (scaled_font, &font_matrix);
      double below = y + 0.005 * fabs (font_matrix.yy);
      if (rtl)
        shown[n_shown++] = (cairo_glyph_t) { space_glyph, x + (double) x_position / PANGO_SCALE, below };
      else
        shown[0] = (cairo_glyph_t) { space_glyph, x - extents.x_advance, below };
      /* (map has room for one more cluster than the run has characters.) */
      memmove (map + 1, map, n_clusters * sizeof *map);
      map[0] = (cairo_text_cluster_t) { 1, 1 };
      n_clusters++;
      spaced_text = g_strdup_printf (" %.*s", run_bytes, run_text);
      run_text = spaced_text;
      run_bytes++;
    }
  cairo_save (cr);
  cairo_set_scaled_font (cr, scaled_font);
  cairo_show_text_glyphs (cr, run_text, run_bytes, shown, n_shown, map, n_clusters,
                          rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  cairo_restore (cr);

  g_free (map);
  g_free (shown);
  g_free (shown_before);
}
