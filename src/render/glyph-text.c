/* glyph-text.c — draws one shaped run with the text it stands for
 * (cairo_show_text_glyphs), the seam where the PDF's text layer is made.
 *
 * Glyphs are placed exactly where pango_cairo_show_glyph_item places them;
 * the clusters go to Cairo in logical order (backwards through a
 * right-to-left run's visual glyphs), so Cairo's PDF writer shows the
 * glyphs in reading order.
 * Cairo maps a glyph to its text in the font's ToUnicode map when the
 * glyph is a cluster alone (1:n) and not yet mapped to other text; any
 * other cluster goes into an /ActualText span, its glyphs mapped to their
 * own characters, or to U+FFFD when the font has none for them.  MuPDF
 * 1.21 reads no /ActualText, so Noto Nastaliq Urdu, which draws a letter
 * as a skeleton its sister letters share, dots and a mark of no ink, came
 * out of it as U+FFFD.  So a cluster of more glyphs than characters is
 * shown as one glyph that can carry all its text through ToUnicode (Cairo's
 * choice followed glyph by glyph, per font file and surface), the others
 * filled as outlines at the same places, outside the text layer; where no
 * glyph of it is free, it keeps its /ActualText span.
 * MuPDF reads the text back in order, taking a line's characters in the
 * order they are drawn; poppler sorts a line's words by position and
 * mostly gets them right.
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

/* The text each glyph of a face stands for in the PDF's ToUnicode maps, as
 * Cairo's font subsets record it (the first text a glyph is shown with
 * alone, in a cluster of one glyph); one table per target surface, as
 * Cairo keeps one set of subsets per surface: face -> (glyph -> text).
 * Cairo keeps a subset per font face it draws with, which several of
 * Pango's faces (one per size) can share; so the table is kept per font
 * file (HarfBuzz face), where two subsets may meet but none is split:
 * what it says is mapped may be free, never the other way round. */
static cairo_user_data_key_t glyph_texts_key;

static GHashTable *
glyph_texts_get_for_face (cairo_t *cr, hb_face_t *face)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GHashTable *faces = cairo_surface_get_user_data (target, &glyph_texts_key);
  if (!faces)
    {
      faces = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
      cairo_surface_set_user_data (target, &glyph_texts_key, faces,
                                   (cairo_destroy_func_t) g_hash_table_unref);
    }
  GHashTable *glyph_texts = g_hash_table_lookup (faces, face);
  if (!glyph_texts)
    {
      glyph_texts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_hash_table_insert (faces, face, glyph_texts);
    }
  return glyph_texts;
}

/* Whether Cairo maps @glyph to @text (@n_bytes long) through ToUnicode
 * when it is shown alone for that text: it is not yet mapped, or mapped to
 * the same text.  Records the mapping. */
static gboolean
glyph_texts_claim (GHashTable *glyph_texts, unsigned long glyph, const char *text, int n_bytes)
{
  const char *mapped = g_hash_table_lookup (glyph_texts, GUINT_TO_POINTER (glyph));
  if (!mapped)
    {
      g_hash_table_insert (glyph_texts, GUINT_TO_POINTER (glyph), g_strndup (text, n_bytes));
      return TRUE;
    }
  return strlen (mapped) == (size_t) n_bytes && memcmp (mapped, text, n_bytes) == 0;
}

/* Whether @glyph could carry @text through ToUnicode, without claiming it. */
static gboolean
glyph_texts_can_claim (GHashTable *glyph_texts, unsigned long glyph, const char *text,
                       int n_bytes)
{
  const char *mapped = g_hash_table_lookup (glyph_texts, GUINT_TO_POINTER (glyph));
  return !mapped || (strlen (mapped) == (size_t) n_bytes && memcmp (mapped, text, n_bytes) == 0);
}

/* What a run hands Cairo: the glyphs that are text, left to right, and
 * their clusters, with their text, in logical order; and the glyphs drawn
 * as outlines only, outside the text layer.  Invariant: the clusters'
 * bytes add up to text->len and their glyphs to glyphs->len. */
typedef struct {
  cairo_scaled_font_t *scaled_font;
  hb_font_t *hb_font;
  GHashTable *glyph_texts;
  gboolean rtl;
  GArray *glyphs;   /* cairo_glyph_t */
  GArray *clusters; /* cairo_text_cluster_t */
  GString *text;
  GArray *outlines; /* cairo_glyph_t */
} RunText;

/* Of a cluster of more glyphs than characters (Noto Nastaliq Urdu draws a
 * letter as its skeleton, its dots and a mark of no ink), the glyph that
 * can carry all its text through ToUnicode, first in logical order: the
 * others have no text of their own (Cairo maps them to U+FFFD, which MuPDF
 * 1.21 prints, as it ignores the /ActualText span around them).  Returns
 * its index in @glyphs (from @start, @n long), or -1. */
static int
cluster_find_carrier (const RunText *run, const cairo_glyph_t *glyphs, int start, int n,
                      const char *text, int n_bytes)
{
  for (int k = 0; k < n; k++)
    {
      int i = run->rtl ? start + n - 1 - k : start + k;
      if (glyph_texts_can_claim (run->glyph_texts, glyphs[i].index, text, n_bytes))
        return i;
    }
  return -1;
}

/* Fills @run from @glyph_item drawn at (@x, @y): glyph positions as
 * pango_cairo_show_glyph_item computes them, empty glyphs not shown.  A
 * cluster of more glyphs than characters becomes its carrier glyph with
 * all its text, and its other glyphs outlines (when it has a carrier):
 * every reader then finds its text once, in order, in the ToUnicode map. */
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
  gboolean *outline_only = g_new0 (gboolean, run->glyphs->len - base);
  cairo_glyph_t *shown = &g_array_index (run->glyphs, cairo_glyph_t, base);

  /* The clusters in logical order. */
  PangoGlyphItemIter iter;
  for (gboolean more = pango_glyph_item_iter_init_start (&iter, glyph_item, text); more;
       more = pango_glyph_item_iter_next_cluster (&iter))
    {
      /* Right to left, the cluster's glyphs are (end_glyph, start_glyph]. */
      int first = MIN (iter.start_glyph, iter.end_glyph + 1);
      int last = MAX (iter.start_glyph, iter.end_glyph - 1);
      int start = shown_before[first];
      int n_glyphs = shown_before[last + 1] - start;
      int n_bytes = iter.end_index - iter.start_index;
      const char *cluster_text = text + iter.start_index;
      if (n_glyphs == 1 && n_bytes > 0)
        glyph_texts_claim (run->glyph_texts, shown[start].index, cluster_text, n_bytes);
      else if (n_glyphs > 1 && g_utf8_strlen (cluster_text, n_bytes) < n_glyphs)
        {
          int carrier = cluster_find_carrier (run, shown, start, n_glyphs, cluster_text, n_bytes);
          if (carrier >= 0)
            {
              glyph_texts_claim (run->glyph_texts, shown[carrier].index, cluster_text, n_bytes);
              for (int i = start; i < start + n_glyphs; i++)
                outline_only[i] = i != carrier;
              n_glyphs = 1;
            }
        }
      g_string_append_len (run->text, cluster_text, n_bytes);
      cairo_text_cluster_t cluster = { n_bytes, n_glyphs };
      g_array_append_val (run->clusters, cluster);
    }

  /* The outlines out of the text, the text glyphs' order kept. */
  int n_shown = run->glyphs->len - base, kept = 0;
  for (int i = 0; i < n_shown; i++)
    if (outline_only[i])
      g_array_append_val (run->outlines, shown[i]);
    else
      shown[kept++] = shown[i];
  g_array_set_size (run->glyphs, base + kept);
  g_free (outline_only);
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
  glyph_texts_claim (run->glyph_texts, glyph, " ", 1);
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
                  glyph_texts_get_for_face (cr, hb_font_get_face (pango_font_get_hb_font (font))),
                  glyph_item->item->analysis.level % 2 == 1,
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), glyphs->num_glyphs + 1),
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_text_cluster_t),
                                     glyph_item->item->num_chars + 1),
                  g_string_sized_new (glyph_item->item->length + 1),
                  g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t)) };
  run_text_fill (&run, text, glyph_item, x, y);
  if (after_break)
    run_text_open_with_space (&run, x, y,
                              x + (double) pango_glyph_string_get_width (glyphs) / PANGO_SCALE);

  cairo_save (cr);
  cairo_set_scaled_font (cr, scaled_font);
  cairo_show_text_glyphs (cr, run.text->str, run.text->len, (cairo_glyph_t *) run.glyphs->data,
                          run.glyphs->len, (cairo_text_cluster_t *) run.clusters->data,
                          run.clusters->len, run.rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  if (run.outlines->len > 0)
    {
      cairo_new_path (cr);
      cairo_glyph_path (cr, (cairo_glyph_t *) run.outlines->data, run.outlines->len);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  g_array_free (run.glyphs, TRUE);
  g_array_free (run.clusters, TRUE);
  g_string_free (run.text, TRUE);
  g_array_free (run.outlines, TRUE);
}
