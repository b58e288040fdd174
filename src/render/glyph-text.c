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

/* What a run hands Cairo: its glyphs left to right and its clusters, with
 * their text, in logical order.  Invariant: the clusters' bytes add up to
 * text->len and their glyphs to glyphs->len. */
typedef struct {
  cairo_scaled_font_t *scaled_font;
  hb_font_t *hb_font;
  gboolean rtl;
  GArray *glyphs;   /* cairo_glyph_t */
  GArray *clusters; /* cairo_text_cluster_t */
  GString *text;
} RunText;

/* Fills @run from @glyph_item drawn at (@x, @y): glyph positions as
 * pango_cairo_show_glyph_item computes them, empty glyphs not shown. */
static void
run_text_fill (RunText *run, const char *text, PangoGlyphItem *glyph_item, double x, double y)
{
  const PangoGlyphString *glyphs = glyph_item->glyphs;
  int *shown_before = g_new (int, glyphs->num_glyphs + 1);
  int base = run->glyphs->len, x_position = 0;
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &glyphs->glyphs[i];
      shown_before[i] = run->glyphs->len - base;
      if (info->glyph != PANGO_GLYPH_EMPTY)
        {
          cairo_glyph_t glyph = { info->glyph,
                                  x + (double) (x_position + info->geometry.x_offset) / PANGO_SCALE,
                                  y + (double) info->geometry.y_offset / PANGO_SCALE };
          g_array_append_val (run->glyphs, glyph);
        }
      x_position += info->geometry.width;
    }
  shown_before[glyphs->num_glyphs] = run->glyphs->len - base;

  /* The clusters in logical order. */
  PangoGlyphItemIter iter;
  for (gboolean more = pango_glyph_item_iter_init_start (&iter, glyph_item, text); more;
       more = pango_glyph_item_iter_next_cluster (&iter))
    {
      /* Right to left, the cluster's glyphs are (end_glyph, start_glyph]. */
      int first = MIN (iter.start_glyph, iter.end_glyph + 1);
      int last = MAX (iter.start_glyph, iter.end_glyph - 1);
      int n_glyphs = shown_before[last + 1] - shown_before[first];
      int n_bytes = iter.end_index - iter.start_index;
      g_string_append_len (run->text, text + iter.start_index, n_bytes);
      cairo_text_cluster_t cluster = { n_bytes, n_glyphs };
      g_array_append_val (run->clusters, cluster);
    }
  g_free (shown_before);
}

/* Puts the space of a line break first in reading order: left of the
 * run's start (@x), or right of a right-to-left run's end (@right_end) on
 * the run's baseline (@y).  It sits
 * 0.005 em below the baseline, past the tolerance (0.001 em) within which
 * Cairo places the next glyph by a TJ adjustment, rounded to 0.001 em,
 * rather than by a Td to its exact position: so every glyph of the run
 * stays exactly where it was. */
static void
run_text_open_with_space (RunText *run, double x, double y, double right_end)
{
  hb_codepoint_t glyph;
  if (!hb_font_get_nominal_glyph (run->hb_font, ' ', &glyph))
    return;
  cairo_glyph_t space = { glyph, 0, 0 };
  cairo_text_extents_t extents;
  cairo_matrix_t font_matrix;
  cairo_scaled_font_glyph_extents (run->scaled_font, &space, 1, &extents);
  cairo_scaled_font_get_font_matrix (run->scaled_font, &font_matrix);
  space.y = y + 0.005 * fabs (font_matrix.yy);
  if (run->rtl)
    {
      space.x = right_end;
      g_array_append_val (run->glyphs, space);
    }
  else
    {
      space.x = x - extents.x_advance;
      g_array_prepend_val (run->glyphs, space);
    }
  cairo_text_cluster_t cluster = { 1, 1 };
  g_array_prepend_val (run->clusters, cluster);
  g_string_prepend_c (run->text, ' ');
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
  PangoFont *font = glyph_item->item->analysis.font;
  cairo_scaled_font_t *scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  if (!scaled_font || glyphs->num_glyphs == 0 || has_unknown_glyph (glyphs))
    {
      /* Hex boxes for missing glyphs are Pango's to draw. */
      cairo_move_to (cr, x, y);
      pango_cairo_show_glyph_item (cr, text, glyph_item);
      return;
    }

  /* From the current point as Cairo keeps it (in fixed point), as Pango. */
  cairo_move_to (cr, x, y);
  cairo_get_current_point (cr, &x, &y);
  RunText run = { scaled_font, pango_font_get_hb_font (font),
                  glyph_item->item->analysis.level % 2 == 1,
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), glyphs->num_glyphs + 1),
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_text_cluster_t),
                                     glyph_item->item->num_chars + 1),
                  g_string_sized_new (glyph_item->item->length + 1) };
  run_text_fill (&run, text, glyph_item, x, y);
  if (after_break)
    run_text_open_with_space (&run, x, y,
                              x + (double) pango_glyph_string_get_width (glyphs) / PANGO_SCALE);

  cairo_save (cr);
  cairo_set_scaled_font (cr, scaled_font);
  cairo_show_text_glyphs (cr, run.text->str, run.text->len, (cairo_glyph_t *) run.glyphs->data,
                          run.glyphs->len, (cairo_text_cluster_t *) run.clusters->data,
                          run.clusters->len, run.rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  cairo_restore (cr);

  g_array_free (run.glyphs, TRUE);
  g_array_free (run.clusters, TRUE);
  g_string_free (run.text, TRUE);
}
