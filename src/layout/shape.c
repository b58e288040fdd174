/* shape.c — shaping: a paragraph's text itemized (bidi levels, scripts,
 * fonts) and shaped once with Pango's lower-level calls into runs with the
 * advance of each character, word- and letter-spacing added, missing
 * characters drawn as .notdef and empty ligature glyphs nudged so that text
 * extractors keep their order; and a hyphenated word's end shaped again
 * with its hyphen.  Each distinct word is shaped once, through the line
 * breaker's cache (shape-cache.c).  Also where lines may break: the
 * opportunities of UAX #14 (breaks.c), and after a Hebrew maqaf. */
#include "layout/paragraph-private.h"

#include <string.h>

/* A character no font has: Pango draws a box with its code in hex, but
 * outside the PDF's text, so copying and searching lose it.  The font's own
 * .notdef glyph (glyph 0, also a box) carries the character in the text
 * layer instead; the layout's warning names it all the same. */
static void
draw_missing_as_notdef (const PangoItem *item, PangoGlyphString *glyphs)
{
  if (!item->analysis.font)
    return;
  for (int g = 0; g < glyphs->num_glyphs; g++)
    if (glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
      glyphs->glyphs[g].glyph = 0;
}

/* Some faces draw a ligature as a wide glyph plus an empty, zero-width one
 * (Noto Naskh Arabic's lam-alef).  In the PDF the empty glyph then sits at
 * the very point where its neighbour starts, and extractors that order
 * characters by position (poppler) cannot tell which comes first and split
 * the word there.  Nudging the empty glyph a hair (1/20 pt, invisible: it
 * draws nothing) toward the side where its character follows in reading
 * order settles it. */
static void
nudge_empty_glyphs (const char *text, const PangoItem *item, PangoGlyphString *glyphs)
{
  int nudge = (item->analysis.level % 2 ? -1 : 1) * PANGO_SCALE / 20;
  for (int g = 0; g < glyphs->num_glyphs; g++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[g];
      if (info->geometry.width != 0 || !info->attr.is_cluster_start)
        continue;
      gunichar c = g_utf8_get_char (text + item->offset + glyphs->log_clusters[g]);
      if (g_unichar_ismark (c) || g_unichar_type (c) == G_UNICODE_FORMAT || g_unichar_isspace (c))
        continue;
      info->geometry.x_offset += nudge;
    }
}

/* word-spacing and letter-spacing: each space of a range, or each
 * character (each cluster; never in cursive Arabic, whose letters would
 * come apart), gets the range's extra width. */
void
bf_shape_add_spacing (const char *text, const PangoItem *item, PangoGlyphString *glyphs,
                      GArray *spacing, gboolean letters)
{
  if (letters && item->analysis.script == PANGO_SCRIPT_ARABIC)
    return;
  for (guint k = 0; spacing && k < spacing->len; k++)
    {
      const BfSpan *span = &g_array_index (spacing, BfSpan, k);
      if (span->end <= item->offset || span->start >= item->offset + item->length)
        continue;
      for (int g = 0; g < glyphs->num_glyphs; g++)
        {
          int at = item->offset + glyphs->log_clusters[g];
          if (glyphs->glyphs[g].attr.is_cluster_start && (letters || text[at] == ' ')
              && at >= span->start && at < span->end)
            glyphs->glyphs[g].geometry.width += (int) (span->value * PANGO_SCALE);
        }
    }
}

/* The first of @edges (in order) at or past byte @offset. */
static guint
first_edge_from (const GArray *edges, int offset)
{
  return bf_sorted_first_from (edges, G_STRUCT_OFFSET (BfInlineEdge, offset), offset);
}

void
bf_shape_add_inline_edges (const PangoItem *item, PangoGlyphString *glyphs, const GArray *edges,
                           int delta)
{
  if (!edges || glyphs->num_glyphs == 0)
    return;
  int item_start = item->offset + delta, item_end = item_start + item->length;
  guint k = first_edge_from (edges, item_start);
  if (k >= edges->len || g_array_index (edges, BfInlineEdge, k).offset >= item_end)
    return;
  gboolean rtl = item->analysis.level % 2;
  int n = glyphs->num_glyphs;
  /* Each cluster (its glyphs g0 … g1 - 1, in visual order) and the bytes
   * it stands for: from its own to the next cluster's in logical order. */
  for (int g0 = 0, g1; g0 < n; g0 = g1)
    {
      int cluster = glyphs->log_clusters[g0];
      for (g1 = g0 + 1; g1 < n && glyphs->log_clusters[g1] == cluster; g1++)
        ;
      int next = rtl ? (g0 > 0 ? glyphs->log_clusters[g0 - 1] : item->length)
                     : (g1 < n ? glyphs->log_clusters[g1] : item->length);
      for (k = first_edge_from (edges, item_start + cluster);
           k < edges->len && g_array_index (edges, BfInlineEdge, k).offset < item_start + next; k++)
        {
          const BfInlineEdge *edge = &g_array_index (edges, BfInlineEdge, k);
          int width = (int) (edge->width * PANGO_SCALE);
          if (edge->end == rtl)
            {
              /* Before a left-to-right cluster, after a right-to-left one:
               * on its left, moving its glyphs right. */
              glyphs->glyphs[g0].geometry.x_offset += width;
              glyphs->glyphs[g0].geometry.width += width;
            }
          else
            glyphs->glyphs[g1 - 1].geometry.width += width;
        }
    }
}

/* A run standing for an inline picture (a U+FFFC under a shape attribute)
 * draws nothing itself and is as wide as the picture. */
static void
make_room_for_picture (const PangoItem *item, PangoGlyphString *glyphs)
{
  const BfInlinePicture *picture = bf_item_get_inline_picture (item);
  if (!picture)
    return;
  for (int g = 0; g < glyphs->num_glyphs; g++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[g];
      info->glyph = PANGO_GLYPH_EMPTY;
      info->geometry.x_offset = info->geometry.y_offset = 0;
      info->geometry.width = info->attr.is_cluster_start ? (int) (picture->width * PANGO_SCALE) : 0;
    }
}

/* Hebrew compounds joined by a maqaf (U+05BE: בית־ספר) may break after it,
 * the maqaf staying at the line's end, as Hebrew typesetters do: UAX #14
 * gives the maqaf class BA but its rule LB21a (a Hebrew letter, then BA,
 * then no break) takes the opportunity away whenever a letter comes
 * before it, which it always does.  Only before a letter or digit: not
 * before white space or punctuation, where Pango decides. */
static void
allow_break_after_maqaf (BfShaped *s)
{
  for (int i = 1; i < s->n_chars; i++)
    {
      if (g_utf8_get_char (s->text + s->char_offsets[i - 1]) != 0x05BE)
        continue;
      PangoLogAttr *attr = &s->log_attrs[i];
      if (attr->is_cursor_position && !attr->is_white
          && g_unichar_isalnum (g_utf8_get_char (s->text + s->char_offsets[i])))
        attr->is_line_break = attr->is_char_break = TRUE;
    }
}

/* Each character's advance in @item (shaped into @glyphs) in @widths: a
 * cluster's width shared evenly among its characters, what the division
 * leaves over going to the first, as pango_glyph_item_get_logical_widths
 * gives them.  That walks the clusters through Pango's iterator, which
 * cost the layout's thread 1.7% of the book's instructions; this walks
 * them once, and leaves to Pango an item whose clusters are out of order. */
static void
set_logical_widths (const char *text, const PangoItem *item, const PangoGlyphString *glyphs,
                    int *widths)
{
  int n = glyphs->num_glyphs;
  gboolean rtl = item->analysis.level % 2;
  const char *item_text = text + item->offset;
  /* Glyph k in logical order is glyph k, or right to left n - 1 - k. */
#define LOGICAL(k) (rtl ? n - 1 - (k) : (k))
  for (int k = 1; k < n; k++)
    if (glyphs->log_clusters[LOGICAL (k)] < glyphs->log_clusters[LOGICAL (k - 1)])
      {
        PangoGlyphItem glyph_item = { (PangoItem *) item, (PangoGlyphString *) glyphs };
        pango_glyph_item_get_logical_widths (&glyph_item, text, widths);
        return;
      }
  int first_char = 0;
  for (int k = 0, next; k < n; k = next)
    {
      int cluster = glyphs->log_clusters[LOGICAL (k)], width = 0;
      for (next = k; next < n && glyphs->log_clusters[LOGICAL (next)] == cluster; next++)
        width += glyphs->glyphs[LOGICAL (next)].geometry.width;
      int end = next < n ? glyphs->log_clusters[LOGICAL (next)] : item->length;
      int n_chars = g_utf8_strlen (item_text + cluster, end - cluster);
      if (n_chars == 0)
        continue;
      int char_width = width / n_chars;
      for (int c = first_char; c < first_char + n_chars; c++)
        widths[c] = char_width;
      widths[first_char] += width - char_width * n_chars;
      first_char += n_chars;
    }
#undef LOGICAL
}

void
bf_shape (BfLineBreaker *breaker, const char *text, PangoAttrList *attrs, const BfParagraph *para,
          PangoDirection dir, const char *lang, BfShaped *s)
{
  s->text = text;
  s->length = strlen (text);
  s->n_chars = g_utf8_strlen (text, s->length);
  s->dir = dir;
  s->char_offsets = g_new (int, s->n_chars + 1);
  int i = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    s->char_offsets[i++] = p - text;
  s->char_offsets[s->n_chars] = s->length;

  s->log_attrs = g_new (PangoLogAttr, s->n_chars + 1);
  bf_break_finder_find (breaker->break_finder, text, s->length, s->n_chars, s->char_offsets, dir,
                        lang, s->log_attrs);
  allow_break_after_maqaf (s);
  s->widths = g_new0 (int, MAX (s->n_chars, 1));
  s->runs = g_array_new (FALSE, FALSE, sizeof (BfShapedRun));
  s->hyphen_after = NULL;
  s->hyphen_width = 0;
  s->kashida_stretch = NULL;
  s->alternates = NULL;

  GList *items = pango_itemize_with_base_dir (breaker->context, dir, text, 0, s->length, attrs, NULL);
  int first_char = 0;
  for (GList *l = items; l; l = l->next)
    {
      BfShapedRun run = { l->data, pango_glyph_string_new (), first_char };
      if (!bf_shape_cache_shape_item (breaker->shape_cache, text, s->length, run.item, run.glyphs))
        pango_shape_with_flags (text + run.item->offset, run.item->length, text, s->length,
                                &run.item->analysis, run.glyphs, PANGO_SHAPE_NONE);
      nudge_empty_glyphs (text, run.item, run.glyphs);
      draw_missing_as_notdef (run.item, run.glyphs);
      make_room_for_picture (run.item, run.glyphs);
      if (para)
        {
          bf_shape_add_spacing (text, run.item, run.glyphs, para->word_spacing, FALSE);
          bf_shape_add_spacing (text, run.item, run.glyphs, para->letter_spacing, TRUE);
          bf_shape_add_inline_edges (run.item, run.glyphs, para->inline_edges, 0);
        }
      set_logical_widths (text, run.item, run.glyphs, s->widths + first_char);
      first_char += run.item->num_chars;
      g_array_append_val (s->runs, run);
    }
  g_list_free (items);
}

/* A word fragment and its hyphen, shaped together as the end of a line:
 * the hyphen may kern with the letter before it, and a ligature across the
 * break is undone.  The item's attributes are made to cover the new text:
 * HarfBuzz takes a font feature over the range its attribute had in the
 * paragraph, which from a span's second word on missed the fragment (small
 * caps lost before the hyphen).  The text lives as long as the layout. */
PangoGlyphItem *
bf_shape_with_hyphen (BfLineBreaker *breaker, const PangoItem *like, const char *fragment,
                      int length, const char **text)
{
  g_autofree char *printed = g_strdup_printf ("%.*s-", length, fragment);
  char *with_hyphen = g_ref_string_new (printed);
  g_ptr_array_add (breaker->texts, with_hyphen);
  PangoGlyphItem *gi = g_slice_new (PangoGlyphItem);
  gi->item = pango_item_copy ((PangoItem *) like);
  gi->item->offset = 0;
  gi->item->length = length + 1;
  gi->item->num_chars = g_utf8_strlen (with_hyphen, -1);
  for (GSList *l = gi->item->analysis.extra_attrs; l; l = l->next)
    {
      PangoAttribute *attr = l->data;
      attr->start_index = PANGO_ATTR_INDEX_FROM_TEXT_BEGINNING;
      attr->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
    }
  gi->glyphs = pango_glyph_string_new ();
  bf_shape_cache_shape_alone (breaker->shape_cache, with_hyphen, length + 1, &gi->item->analysis,
                              gi->glyphs);
  *text = with_hyphen;
  return gi;
}

int
bf_shaped_get_hyphen_advance (BfLineBreaker *breaker, const BfShaped *s)
{
  for (guint i = 0; i < s->runs->len; i++)
    {
      const PangoItem *item = g_array_index (s->runs, BfShapedRun, i).item;
      if (item->analysis.level % 2 == 0)
        {
          PangoGlyphString *glyphs = pango_glyph_string_new ();
          bf_shape_cache_shape_alone (breaker->shape_cache, "-", 1, &item->analysis, glyphs);
          int width = pango_glyph_string_get_width (glyphs);
          pango_glyph_string_free (glyphs);
          return width;
        }
    }
  return 0;
}

void
bf_shaped_free (BfShaped *s)
{
  if (!s)
    return;
  bf_shaped_clear (s);
  g_free (s);
}

void
bf_shaped_clear (BfShaped *s)
{
  for (guint i = 0; i < s->runs->len; i++)
    {
      BfShapedRun *run = &g_array_index (s->runs, BfShapedRun, i);
      pango_item_free (run->item);
      pango_glyph_string_free (run->glyphs);
    }
  g_array_unref (s->runs);
  g_free (s->char_offsets);
  g_free (s->log_attrs);
  g_free (s->widths);
  g_free (s->hyphen_after);
  g_free (s->kashida_stretch);
  if (s->alternates)
    g_array_unref (s->alternates);
}
