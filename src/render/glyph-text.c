/* glyph-text.c — draws one shaped run with the text it stands for
 * (cairo_show_text_glyphs), the seam where the PDF's text layer is made.
 *
 * Glyphs are placed exactly where pango_cairo_show_glyph_item places them;
 * the clusters go to Cairo in logical order (backwards through a
 * right-to-left run's visual glyphs), so Cairo's PDF writer shows the
 * glyphs in reading order.
 * Cairo maps a glyph to its text in its font's ToUnicode map when the
 * glyph is a cluster alone (1:n) and not yet mapped to other text (a glyph
 * it meets first with more than one character, it maps to the character
 * the font's cmap gives it, if any); any other cluster goes into an
 * /ActualText span, its glyphs mapped to the characters the font gives
 * them, or to U+FFFD.  MuPDF 1.21 reads no /ActualText (and poppler's
 * tag-tree text stops at the first), so a no-break space (the space
 * glyph), a mirrored parenthesis, a letter with a ZWNJ after it, and every
 * letter of Noto Nastaliq Urdu, drawn as a skeleton its sister letters
 * share, dots and a mark of no ink (U+FFFD three times), came out of it
 * wrong.  So here a cluster becomes, where it can, one glyph with all its
 * text: a cluster of more glyphs than characters shows one of them, the
 * others filled as outlines at the same places, outside the text layer; a
 * ZWNJ or bidi mark at a cluster's end is shown apart, as a glyph of no ink
 * (the font's zero width space) just past it; and a glyph already mapped
 * to other text is shown through a copy of its face (a face of its own to
 * Cairo, with a ToUnicode map of its own), the first where it is free.
 * Which glyph stands for what in each face is followed here as Cairo
 * records it.  Clusters of as many glyphs as characters or more (a letter
 * and its mark in Naskh) stay as they were.
 * MuPDF reads the text back in order, taking a line's characters in the
 * order they are drawn; poppler sorts a line's words by position and
 * mostly gets them right.
 * Not around a comma or a number in a right-to-left line: pdftotext gives
 * "الف، ب" as "الف ،ب" and "از 29 سال" as "از  29سال", however the
 * glyphs are drawn or grouped.  Its reorderText (TextOutputDev.cc) takes
 * the line's characters left to right by position and, for a line it
 * finds right to left, walks them from the right: a right-to-left
 * section takes R and neutral characters (the spaces), and a
 * left-to-right section, which starts at an L or a "number" character —
 * its UnicodeTypeTable types digits, '.', ',' and U+060C ARABIC COMMA so
 * — takes every character up to the next R to its left, the spaces after
 * the comma or number in reading order with it, and writes them left to
 * right, the spaces first.  A space can come out after the comma only
 * from the section the comma starts, so from its left, and that section
 * writes it before the comma.  Only poppler can mend that (the neutrals
 * between a number and an R letter resolved as UAX #9 does); pdfinfo
 * -struct-text (the tag tree's text, in drawing order) and MuPDF read
 * these exactly.
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
#include "render/face-texts.h"

#include <hb.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

/* Where the last run drawn on a cairo_t ended: its paragraph text (a
 * reference held, so that no later text takes its place in memory and
 * passes for it) and the byte after it. */
typedef struct {
  char *text;
  int end;
} LastRun;

static void
last_run_free (LastRun *last)
{
  if (last->text)
    g_ref_string_release (last->text);
  g_free (last);
}

static cairo_user_data_key_t last_run_key;

static LastRun *
last_run_get (cairo_t *cr)
{
  LastRun *last = cairo_get_user_data (cr, &last_run_key);
  if (!last)
    {
      last = g_new0 (LastRun, 1);
      cairo_set_user_data (cr, &last_run_key, last, (cairo_destroy_func_t) last_run_free);
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

gboolean
bf_glyph_run_drawn_by_pango (const BfGlyphRun *shaped)
{
  if (shaped->num_glyphs == 0
      || !pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (shaped->item->analysis.font)))
    return TRUE;
  for (int i = 0; i < shaped->num_glyphs; i++)
    if (shaped->glyphs[i] & PANGO_GLYPH_UNKNOWN_FLAG)
      return TRUE;
  return FALSE;
}

/* What a run hands Cairo: the glyphs that are text, left to right, and
 * their clusters, with their text and the face (0: the run's own, or one
 * of its copies) they are shown through, in logical order; and the glyphs
 * drawn as outlines only, outside the text layer.  Invariant: the
 * clusters' bytes add up to text->len and their glyphs to glyphs->len. */
typedef struct {
  cairo_scaled_font_t *scaled_font;
  hb_font_t *hb_font;
  BfFaceTexts *face_texts;
  gboolean rtl;
  GArray *glyphs;   /* cairo_glyph_t */
  GArray *clusters; /* cairo_text_cluster_t */
  GArray *faces;    /* int, one per cluster */
  GString *text;
  GArray *outlines; /* cairo_glyph_t */
} RunText;

/* Of the @n glyphs of a cluster in @glyphs from @start, the one that can
 * carry all its text through ToUnicode, first in logical order, and the
 * face to show it through (set in @face); or -1.  A cluster of more
 * glyphs than characters (Noto Nastaliq Urdu draws a letter as its
 * skeleton, its dots and a mark of no ink) has its text on that glyph
 * alone: the others have none of their own (Cairo maps them to U+FFFD,
 * which MuPDF 1.21 prints, as it ignores the /ActualText span around
 * them). */
static int
cluster_find_carrier (const RunText *run, const cairo_glyph_t *glyphs, int start, int n,
                      const char *text, int n_bytes, int *face)
{
  for (*face = 0; bf_face_texts_has_face (run->face_texts, *face); (*face)++)
    for (int k = 0; k < n; k++)
      {
        int i = run->rtl ? start + n - 1 - k : start + k;
        if (bf_face_texts_can_claim (run->face_texts, *face, glyphs[i].index, text, n_bytes))
          return i;
      }
  *face = 0;
  return -1;
}

/* A cluster of a run: its glyphs among those shown (from glyph_start)
 * and its text (from text_start in the paragraph's text). */
typedef struct {
  int glyph_start, n_glyphs;
  int text_start, n_bytes;
} RunCluster;

/* The clusters of @glyph_item in logical order (@n_clusters of them),
 * @shown_before giving how many of its glyphs are shown before each.  A
 * cluster of text but no glyph shown (a format character Pango draws as
 * nothing) joins the cluster before it, or the one after it at the start
 * of the run: Cairo would give its text only in an /ActualText span, which
 * MuPDF 1.21 does not read; at a cluster's end it is then shown apart, as
 * a glyph of no ink. */
static RunCluster *
run_clusters_new (const char *text, PangoGlyphItem *glyph_item, const int *shown_before,
                  int *n_clusters)
{
  RunCluster *clusters = g_new (RunCluster, glyph_item->item->num_chars + 1);
  int n = 0;
  int pending_start = -1; /* text with no glyph before the first cluster with one */
  PangoGlyphItemIter iter;
  for (gboolean more = pango_glyph_item_iter_init_start (&iter, glyph_item, text); more;
       more = pango_glyph_item_iter_next_cluster (&iter))
    {
      /* Right to left, the cluster's glyphs are (end_glyph, start_glyph]. */
      int first = MIN (iter.start_glyph, iter.end_glyph + 1);
      int last = MAX (iter.start_glyph, iter.end_glyph - 1);
      RunCluster cluster = { shown_before[first], shown_before[last + 1] - shown_before[first],
                             iter.start_index, iter.end_index - iter.start_index };
      if (cluster.n_glyphs == 0 && n > 0)
        {
          clusters[n - 1].n_bytes += cluster.n_bytes;
          continue;
        }
      if (cluster.n_glyphs == 0)
        {
          if (pending_start < 0)
            pending_start = cluster.text_start;
          continue;
        }
      if (pending_start >= 0)
        {
          cluster.n_bytes += cluster.text_start - pending_start;
          cluster.text_start = pending_start;
          pending_start = -1;
        }
      clusters[n++] = cluster;
    }
  if (pending_start >= 0)
    {
      /* No glyph shown at all. */
      RunCluster cluster = { 0, 0, pending_start,
                             glyph_item->item->offset + glyph_item->item->length - pending_start };
      clusters[n++] = cluster;
    }
  *n_clusters = n;
  return clusters;
}

/* How many bytes at the end of a cluster's @text (@n_bytes long) are
 * format characters (a ZWNJ, a bidi mark) after something else: Cairo
 * cannot map a letter's glyph, which the font's cmap gives a character, to
 * the letter and a ZWNJ, so these are shown apart, each as a glyph of no
 * ink (inkless_glyph_get) through a face where that glyph is free for it
 * (the fonts draw a ZWNJ's own glyph as a visible mark). */
static int
format_tail_get_length (const char *text, int n_bytes)
{
  const char *end = text + n_bytes, *tail = end;
  if (n_bytes == 0 || (unsigned char) end[-1] < 0x80)
    return 0;
  while (tail > text
         && g_unichar_type (g_utf8_get_char (g_utf8_prev_char (tail))) == G_UNICODE_FORMAT)
    tail = g_utf8_prev_char (tail);
  return tail > text ? (int) (end - tail) : 0;
}

/* A glyph of @run's font with neither ink nor advance, to carry the text
 * of a character drawn as nothing: the font's ZERO WIDTH SPACE, or else its
 * space (no ink, but an advance, which readers may take for a gap). */
static gboolean
inkless_glyph_get (const RunText *run, hb_codepoint_t *glyph)
{
  hb_glyph_extents_t extents;
  if (hb_font_get_nominal_glyph (run->hb_font, 0x200B, glyph)
      && hb_font_get_glyph_h_advance (run->hb_font, *glyph) == 0
      && hb_font_get_glyph_extents (run->hb_font, *glyph, &extents) && extents.width == 0
      && extents.height == 0)
    return TRUE;
  return hb_font_get_nominal_glyph (run->hb_font, ' ', glyph);
}

/* How far (in points) a format character's glyph of no ink sits past the
 * glyph before it in reading order, so that poppler, which starts a new
 * line at a word over the one before it, takes it as the next in line. */
#define TAIL_GAP 0.05

/* A run's clusters as they are made, in logical order: each one's text
 * glyphs (left to right), its size and its face. */
typedef struct {
  cairo_glyph_t *glyphs;
  int n_glyphs;
  cairo_text_cluster_t *clusters;
  int *faces;
  int n_clusters;
} ClusterList;

/* Adds a cluster of @n_bytes of text (the run's next) shown as the @n
 * glyphs from @glyphs (left to right) through face @face. */
static void
cluster_list_add (ClusterList *list, int n_bytes, const cairo_glyph_t *glyphs, int n, int face)
{
  memcpy (list->glyphs + list->n_glyphs, glyphs, n * sizeof *glyphs);
  list->n_glyphs += n;
  list->clusters[list->n_clusters] = (cairo_text_cluster_t) { n_bytes, n };
  list->faces[list->n_clusters++] = face;
}

/* Fills @run from @glyph_item drawn at (@x, @y): glyph positions as
 * pango_cairo_show_glyph_item computes them, empty glyphs not shown.  With
 * a text layer, a cluster becomes where it can one glyph that carries all
 * its text through ToUnicode, its other glyphs outlines, and the format
 * characters at its end glyphs of their own. */
static void
run_text_fill (RunText *run, const char *text, PangoGlyphItem *glyph_item, double x, double y)
{
  const PangoGlyphString *glyphs = glyph_item->glyphs;
  cairo_glyph_t *shown = g_new (cairo_glyph_t, glyphs->num_glyphs + 1);
  int *shown_before = g_new (int, glyphs->num_glyphs + 1);
  int n_shown = 0, x_position = 0;
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &glyphs->glyphs[i];
      shown_before[i] = n_shown;
      if (info->glyph != PANGO_GLYPH_EMPTY)
        shown[n_shown++] = (cairo_glyph_t) {
          info->glyph, x + (double) (x_position + info->geometry.x_offset) / PANGO_SCALE,
          y + (double) info->geometry.y_offset / PANGO_SCALE };
      x_position += info->geometry.width;
    }
  shown_before[glyphs->num_glyphs] = n_shown;
  double right_end = x + (double) x_position / PANGO_SCALE;

  /* Each cluster's text glyphs, left to right, the clusters in logical
   * order. */
  /* The clusters' text, in logical order, is the run's. */
  g_string_append_len (run->text, text + glyph_item->item->offset, glyph_item->item->length);
  int n_clusters, capacity = n_shown + glyph_item->item->length + 1;
  RunCluster *clusters = run_clusters_new (text, glyph_item, shown_before, &n_clusters);
  ClusterList list = { g_new (cairo_glyph_t, capacity), 0,
                       g_new (cairo_text_cluster_t, capacity), g_new (int, capacity), 0 };
  for (int c = 0; c < n_clusters; c++)
    {
      const RunCluster *cluster = &clusters[c];
      int start = cluster->glyph_start, n_glyphs = cluster->n_glyphs;
      const char *cluster_text = text + cluster->text_start;
      hb_codepoint_t inkless = 0;
      int tail_bytes = run->face_texts && n_glyphs > 0
                           ? format_tail_get_length (cluster_text, cluster->n_bytes) : 0;
      if (tail_bytes > 0 && !inkless_glyph_get (run, &inkless))
        tail_bytes = 0;
      int n_bytes = cluster->n_bytes - tail_bytes;
      int face = 0, carrier = -1;
      if (run->face_texts && n_glyphs > 0 && n_bytes > 0
          && (n_glyphs == 1 || g_utf8_strlen (cluster_text, n_bytes) < n_glyphs))
        carrier = cluster_find_carrier (run, shown, start, n_glyphs, cluster_text, n_bytes, &face);
      if (carrier >= 0)
        {
          bf_face_texts_claim (run->face_texts, face, shown[carrier].index, cluster_text, n_bytes);
          for (int i = start; i < start + n_glyphs; i++)
            if (i != carrier)
              g_array_append_val (run->outlines, shown[i]);
          cluster_list_add (&list, n_bytes, &shown[carrier], 1, face);
        }
      else
        {
          if (run->face_texts)
            {
              /* Shown as it is, through the face itself: what Cairo maps
               * its glyphs to there. */
              if (n_glyphs == 1 && n_bytes > 0)
                bf_face_texts_claim (run->face_texts, 0, shown[start].index, cluster_text, n_bytes);
              else
                for (int i = start; i < start + n_glyphs; i++)
                  bf_face_texts_claim (run->face_texts, 0, shown[i].index, NULL, 0);
            }
          cluster_list_add (&list, n_bytes, &shown[start], n_glyphs, 0);
        }

      /* The format characters, with no ink, where the cluster ends in
       * reading order. */
      double tail_x = run->rtl ? shown[start].x - TAIL_GAP
                               : start + n_glyphs < n_shown
                                     ? shown[start + n_glyphs].x + TAIL_GAP : right_end;
      for (const char *p = cluster_text + n_bytes; p < cluster_text + cluster->n_bytes;
           p = g_utf8_next_char (p))
        {
          cairo_glyph_t glyph = { inkless, tail_x, y };
          int char_bytes = g_utf8_next_char (p) - p;
          int tail_face = 0;
          if (cluster_find_carrier (run, &glyph, 0, 1, p, char_bytes, &tail_face) == 0)
            bf_face_texts_claim (run->face_texts, tail_face, inkless, p, char_bytes);
          cluster_list_add (&list, char_bytes, &glyph, 1, tail_face);
        }
    }
  g_free (clusters);

  /* Left to right: right to left, the clusters in reverse. */
  int base = run->glyphs->len;
  g_array_set_size (run->glyphs, base + list.n_glyphs);
  cairo_glyph_t *out = &g_array_index (run->glyphs, cairo_glyph_t, base);
  if (!run->rtl)
    memcpy (out, list.glyphs, list.n_glyphs * sizeof *out);
  else
    for (int c = list.n_clusters - 1, from = list.n_glyphs; c >= 0; c--)
      {
        int n = list.clusters[c].num_glyphs;
        from -= n;
        memcpy (out + list.n_glyphs - from - n, list.glyphs + from, n * sizeof *out);
      }
  g_array_append_vals (run->clusters, list.clusters, list.n_clusters);
  g_array_append_vals (run->faces, list.faces, list.n_clusters);
  g_free (list.glyphs);
  g_free (list.clusters);
  g_free (list.faces);
  g_free (shown);
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
  int face = 0;
  if (run->face_texts && cluster_find_carrier (run, &space, 0, 1, " ", 1, &face) == 0)
    bf_face_texts_claim (run->face_texts, face, glyph, " ", 1);
  cairo_text_cluster_t cluster = { 1, 1 };
  g_array_prepend_val (run->clusters, cluster);
  g_array_prepend_val (run->faces, face);
  g_string_prepend_c (run->text, ' ');
}

/* A glyph shown alone at a whole device unit across or down (to 1/256,
 * Cairo's fixed point), and with no ink: Cairo rounds the box of what it
 * draws out to whole units, finds this one's empty and draws nothing, its
 * text lost with it.  A space set alone between a bold word and an italic
 * one went so, and the two words ran together in the text layer.  It is
 * moved right or down by 1/256 of a unit, which gives it a box. */
static cairo_glyph_t
keep_inkless_glyph (cairo_t *cr, hb_font_t *hb_font, cairo_glyph_t glyph)
{
  double x = glyph.x, y = glyph.y;
  cairo_user_to_device (cr, &x, &y);
  gboolean whole_x = fmod (round (x * 256), 256) == 0, whole_y = fmod (round (y * 256), 256) == 0;
  hb_glyph_extents_t extents;
  if ((!whole_x && !whole_y) || !hb_font_get_glyph_extents (hb_font, glyph.index, &extents)
      || extents.width != 0 || extents.height != 0)
    return glyph;
  x += whole_x ? 1.0 / 256 : 0;
  y += whole_y ? 1.0 / 256 : 0;
  cairo_device_to_user (cr, &x, &y);
  glyph.x = x;
  glyph.y = y;
  return glyph;
}

/* Shows @run's text glyphs on @cr: each stretch of clusters (in logical
 * order) shown through one face, with its scaled font. */
static void
run_text_show (const RunText *run, cairo_t *cr)
{
  const cairo_text_cluster_t *clusters = (const cairo_text_cluster_t *) run->clusters->data;
  const cairo_glyph_t *glyphs = (const cairo_glyph_t *) run->glyphs->data;
  const int *faces = (const int *) run->faces->data;
  int n_clusters = run->clusters->len, bytes_before = 0, glyphs_before = 0;
  for (int first = 0, last; first < n_clusters; first = last)
    {
      int n_bytes = 0, n_glyphs = 0;
      for (last = first; last < n_clusters && faces[last] == faces[first]; last++)
        {
          n_bytes += clusters[last].num_bytes;
          n_glyphs += clusters[last].num_glyphs;
        }
      /* Right to left, the first clusters in logical order have the last
       * glyphs. */
      int glyph_start = run->rtl ? (int) run->glyphs->len - glyphs_before - n_glyphs
                                 : glyphs_before;
      cairo_set_scaled_font (cr, bf_face_texts_get_scaled_font (run->face_texts, faces[first],
                                                                run->scaled_font));
      cairo_glyph_t alone = { 0 };
      if (n_glyphs == 1)
        alone = keep_inkless_glyph (cr, run->hb_font, glyphs[glyph_start]);
      cairo_show_text_glyphs (cr, run->text->str + bytes_before, n_bytes,
                              n_glyphs == 1 ? &alone : glyphs + glyph_start, n_glyphs,
                              clusters + first, last - first,
                              run->rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
      bytes_before += n_bytes;
      glyphs_before += n_glyphs;
    }
}

/* Draws @glyph_item, the glyphs of @shaped, as bf_render_glyph_run(). */
static void
draw_glyph_item (cairo_t *cr, const char *text, const BfGlyphRun *shaped,
                 PangoGlyphItem *glyph_item, double x, double y)
{
  LastRun *last = last_run_get (cr);
  gboolean after_break = opens_line_after_space (last, text, glyph_item->item->offset);
  if (last->text != text)
    {
      if (last->text)
        g_ref_string_release (last->text);
      last->text = g_ref_string_acquire ((char *) text);
    }
  last->end = glyph_item->item->offset + glyph_item->item->length;

  PangoGlyphString *glyphs = glyph_item->glyphs;
  PangoFont *font = glyph_item->item->analysis.font;
  if (bf_glyph_run_drawn_by_pango (shaped))
    {
      /* Hex boxes for missing glyphs are Pango's to draw. */
      cairo_move_to (cr, x, y);
      pango_cairo_show_glyph_item (cr, text, glyph_item);
      return;
    }

  cairo_scaled_font_t *scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));

  /* A PDF has a text layer, where each cluster is made one glyph with all
   * its text; an image is drawn as Pango would draw it. */
  gboolean text_layer = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF;

  /* From the current point as Cairo keeps it (in fixed point), as Pango. */
  cairo_move_to (cr, x, y);
  cairo_get_current_point (cr, &x, &y);
  RunText run = { scaled_font, pango_font_get_hb_font (font),
                  text_layer ? bf_face_texts_get (cr, font) : NULL,
                  glyph_item->item->analysis.level % 2 == 1,
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), glyphs->num_glyphs + 1),
                  g_array_sized_new (FALSE, FALSE, sizeof (cairo_text_cluster_t),
                                     glyph_item->item->num_chars + 1),
                  g_array_sized_new (FALSE, FALSE, sizeof (int), glyph_item->item->num_chars + 1),
                  g_string_sized_new (glyph_item->item->length + 1),
                  g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t)) };
  run_text_fill (&run, text, glyph_item, x, y);
  if (after_break)
    run_text_open_with_space (&run, x, y,
                              x + (double) pango_glyph_string_get_width (glyphs) / PANGO_SCALE);

  cairo_save (cr);
  run_text_show (&run, cr);
  if (run.outlines->len > 0)
    {
      cairo_set_scaled_font (cr, scaled_font);
      cairo_new_path (cr);
      cairo_glyph_path (cr, (cairo_glyph_t *) run.outlines->data, run.outlines->len);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  g_array_free (run.glyphs, TRUE);
  g_array_free (run.clusters, TRUE);
  g_array_free (run.faces, TRUE);
  g_string_free (run.text, TRUE);
  g_array_free (run.outlines, TRUE);
}

void
bf_render_glyph_run (cairo_t *cr, const char *text, const BfGlyphRun *shaped, double x, double y)
{
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  bf_glyph_run_get_glyphs (shaped, glyphs);
  PangoGlyphItem glyph_item = { shaped->item, glyphs };
  draw_glyph_item (cr, text, shaped, &glyph_item, x, y);
  pango_glyph_string_free (glyphs);
}
