/* paragraph.c — one paragraph into lines.
 *
 * The paragraph is itemized (bidi levels, scripts, fonts) and shaped once
 * with Pango's lower-level calls; line breaks are chosen by our own breaker
 * from those widths over the break opportunities of UAX #14 (Pango's log
 * attributes).  Each line takes its glyphs as slices of the paragraph's
 * shaped runs, is reordered visually with the paragraph's embedding level,
 * then aligned or justified by widening its inter-word spaces.
 *
 * The breaker is greedy for now; it works on plain arrays (widths and break
 * opportunities per character) so that a total-fit breaker can replace
 * choose_breaks() without touching the rest. */
#include "layout/layout.h"

#include <fribidi.h>
#include <math.h>
#include <string.h>

typedef struct {
  PangoItem *item;
  PangoGlyphString *glyphs;
  int first_char;             /* index of the item's first character */
} ShapedRun;

typedef struct {
  int start, end;             /* characters; end excludes trailing white space */
  int next;                   /* where the next line starts */
  gboolean last;              /* last line or before a forced break: not justified */
} LineSpan;

typedef struct {
  const char *text;
  int length;
  int n_chars;
  int *char_offsets;          /* n_chars + 1 byte offsets */
  PangoLogAttr *log_attrs;    /* n_chars + 1 */
  int *widths;                /* n_chars, Pango units */
  GArray *runs;               /* ShapedRun, logical order */
  PangoDirection dir;
} Shaped;

void
bf_line_free (BfLine *line)
{
  if (!line)
    return;
  g_array_unref (line->items);
  if (line->notes)
    g_ptr_array_unref (line->notes);
  g_free (line->heading_title);
  g_free (line);
}

void
bf_display_item_clear (BfDisplayItem *item)
{
  if (item->glyph_item)
    pango_glyph_item_free (item->glyph_item);
  g_free (item->name);
}

static BfLine *
line_new (double height)
{
  BfLine *line = g_new0 (BfLine, 1);
  line->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (line->items, (GDestroyNotify) bf_display_item_clear);
  line->height = height;
  line->break_ok_before = TRUE;
  return line;
}

static void
add_rule (BfLine *line, double x, double y, double w, double h, guint32 color)
{
  BfDisplayItem item = { .kind = BF_ITEM_RULE, .x = x, .y = y, .width = w, .height = h,
                         .color = color };
  g_array_append_val (line->items, item);
}

PangoDirection
bf_paragraph_get_direction (const BfParagraph *para, PangoDirection fallback)
{
  if (para->style.direction == BF_DIRECTION_RTL)
    return PANGO_DIRECTION_RTL;
  if (para->style.direction == BF_DIRECTION_LTR)
    return PANGO_DIRECTION_LTR;
  /* The first strong character (UAX #9, rules P2 and P3). */
  const char *text = para->text->str;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      FriBidiCharType type = fribidi_get_bidi_type (g_utf8_get_char (p));
      if (FRIBIDI_IS_LETTER (type))
        return FRIBIDI_IS_RTL (type) ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
    }
  return fallback;
}

/* ---------------------------------------------------------------- shaping */

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

static void
shape (BfLineBreaker *breaker, const char *text, PangoAttrList *attrs, PangoDirection dir,
       const char *lang, Shaped *s)
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

  s->log_attrs = g_new0 (PangoLogAttr, s->n_chars + 1);
  pango_get_log_attrs (text, s->length, dir == PANGO_DIRECTION_RTL ? 1 : 0,
                       pango_language_from_string (lang), s->log_attrs, s->n_chars + 1);
  s->widths = g_new0 (int, MAX (s->n_chars, 1));
  s->runs = g_array_new (FALSE, FALSE, sizeof (ShapedRun));

  GList *items = pango_itemize_with_base_dir (breaker->context, dir, text, 0, s->length, attrs, NULL);
  int first_char = 0;
  for (GList *l = items; l; l = l->next)
    {
      ShapedRun run = { l->data, pango_glyph_string_new (), first_char };
      pango_shape_with_flags (text + run.item->offset, run.item->length, text, s->length,
                              &run.item->analysis, run.glyphs, PANGO_SHAPE_NONE);
      nudge_empty_glyphs (text, run.item, run.glyphs);
      PangoGlyphItem glyph_item = { run.item, run.glyphs };
      pango_glyph_item_get_logical_widths (&glyph_item, text, s->widths + first_char);
      first_char += run.item->num_chars;
      g_array_append_val (s->runs, run);
    }
  g_list_free (items);
}

static void
shaped_clear (Shaped *s)
{
  for (guint i = 0; i < s->runs->len; i++)
    {
      ShapedRun *run = &g_array_index (s->runs, ShapedRun, i);
      pango_item_free (run->item);
      pango_glyph_string_free (run->glyphs);
    }
  g_array_unref (s->runs);
  g_free (s->char_offsets);
  g_free (s->log_attrs);
  g_free (s->widths);
}

/* --------------------------------------------------------------- breaking */

/* Greedy: each line takes as many words as fit.  A word wider than the
 * measure is broken between grapheme clusters. */
static GArray *
choose_breaks (const Shaped *s, int first_width, int width, gboolean preformatted)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (LineSpan));
  const PangoLogAttr *la = s->log_attrs;
  int start = 0;
  while (start < s->n_chars)
    {
      int avail = lines->len == 0 ? first_width : width;
      int end = s->n_chars, best = -1;
      gboolean forced = FALSE;
      long w = 0;
      for (int i = start; i < s->n_chars; i++)
        {
          if (i > start && la[i].is_mandatory_break)
            {
              end = i;
              forced = TRUE;
              break;
            }
          if (i > start && la[i].is_line_break)
            best = i;
          w += s->widths[i];
          if (w > avail && !la[i].is_white)
            {
              if (best > start)
                end = best;
              else
                {
                  end = i > start ? i : i + 1;
                  while (end > start + 1 && !la[end].is_cursor_position)
                    end--;
                }
              break;
            }
        }
      LineSpan span = { start, end, end, end >= s->n_chars || forced };
      while (span.end > span.start && la[span.end - 1].is_white)
        span.end--;
      g_array_append_val (lines, span);
      start = end;
      if (!preformatted && !forced)
        while (start < s->n_chars && la[start].is_white && !la[start].is_mandatory_break)
          start++;
    }
  return lines;
}

/* ---------------------------------------------------------------- slicing */

/* The first glyph whose cluster is at or past byte @rel in reading order.
 * Clusters rise with the glyph index in a left-to-right run and fall in a
 * right-to-left one; either way a binary search finds it. */
static int
glyph_at_cluster (const PangoGlyphString *glyphs, int rel, gboolean rtl)
{
  int lo = 0, hi = glyphs->num_glyphs;
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      gboolean before = rtl ? glyphs->log_clusters[mid] >= rel : glyphs->log_clusters[mid] < rel;
      if (before)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The glyphs of @run that belong to bytes [a, b), as a new glyph item. */
static PangoGlyphItem *
slice_run (const Shaped *s, const ShapedRun *run, int a, int b)
{
  PangoItem *item = pango_item_copy (run->item);
  int rel_a = a - run->item->offset, rel_b = b - run->item->offset;
  PangoGlyphString *src = run->glyphs;
  gboolean rtl = run->item->analysis.level % 2 == 1;
  int g0 = rtl ? glyph_at_cluster (src, rel_b, TRUE) : glyph_at_cluster (src, rel_a, FALSE);
  int g1 = rtl ? glyph_at_cluster (src, rel_a, TRUE) : glyph_at_cluster (src, rel_b, FALSE);
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  if (g1 > g0)
    {
      pango_glyph_string_set_size (glyphs, g1 - g0);
      memcpy (glyphs->glyphs, src->glyphs + g0, (g1 - g0) * sizeof (PangoGlyphInfo));
      for (int g = g0; g < g1; g++)
        glyphs->log_clusters[g - g0] = src->log_clusters[g] - rel_a;
    }
  item->offset = a;
  item->length = b - a;
  item->num_chars = g_utf8_strlen (s->text + a, b - a);
  PangoGlyphItem *gi = g_slice_new (PangoGlyphItem);
  gi->item = item;
  gi->glyphs = glyphs;
  return gi;
}

/* The index of the first run that ends past byte @a. */
static guint
first_run_after (const Shaped *s, int a)
{
  guint lo = 0, hi = s->runs->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const PangoItem *item = g_array_index (s->runs, ShapedRun, mid).item;
      if (item->offset + item->length <= a)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double
glyphs_width (const PangoGlyphString *glyphs)
{
  long w = 0;
  for (int g = 0; g < glyphs->num_glyphs; g++)
    w += glyphs->glyphs[g].geometry.width;
  return (double) w / PANGO_SCALE;
}

static int
count_spaces (const char *text, const PangoGlyphItem *gi)
{
  int n = 0;
  for (int g = 0; g < gi->glyphs->num_glyphs; g++)
    if (gi->glyphs->glyphs[g].attr.is_cluster_start
        && text[gi->item->offset + gi->glyphs->log_clusters[g]] == ' ')
      n++;
  return n;
}

static void
widen_spaces (const char *text, PangoGlyphItem *gi, int extra_units)
{
  for (int g = 0; g < gi->glyphs->num_glyphs; g++)
    if (gi->glyphs->glyphs[g].attr.is_cluster_start
        && text[gi->item->offset + gi->glyphs->log_clusters[g]] == ' ')
      gi->glyphs->glyphs[g].geometry.width += extra_units;
}

/* ----------------------------------------------------------- decorations */

static guint32
run_color (const PangoItem *item, guint32 fallback)
{
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next)
    {
      PangoAttribute *attr = l->data;
      if (attr->klass->type == PANGO_ATTR_FOREGROUND)
        {
          PangoColor c = ((PangoAttrColor *) attr)->color;
          return ((c.red >> 8) << 16) | ((c.green >> 8) << 8) | (c.blue >> 8);
        }
    }
  return fallback;
}

static int
run_int_attr (const PangoItem *item, PangoAttrType type)
{
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next)
    if (((PangoAttribute *) l->data)->klass->type == type)
      return ((PangoAttrInt *) l->data)->value;
  return 0;
}

/* The x extent within a run of the glyphs whose text lies in [a, b). */
static gboolean
run_extent (const PangoGlyphItem *gi, int a, int b, double *x0, double *x1)
{
  long x = 0, lo = -1, hi = -1;
  for (int g = 0; g < gi->glyphs->num_glyphs; g++)
    {
      int byte = gi->item->offset + gi->glyphs->log_clusters[g];
      long w = gi->glyphs->glyphs[g].geometry.width;
      if (byte >= a && byte < b)
        {
          if (lo < 0)
            lo = x;
          hi = x + w;
        }
      x += w;
    }
  if (lo < 0)
    return FALSE;
  *x0 = (double) lo / PANGO_SCALE;
  *x1 = (double) hi / PANGO_SCALE;
  return TRUE;
}

/* ------------------------------------------------------------------ lines */

typedef struct {
  double ascent, descent;
} Metrics;

static Metrics
style_metrics (BfLineBreaker *breaker, const BfComputedStyle *style)
{
  PangoFontDescription *desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, style->font_family);
  pango_font_description_set_absolute_size (desc, style->font_size * PANGO_SCALE);
  PangoFont *font = pango_font_map_load_font (breaker->fonts->font_map, breaker->context, desc);
  pango_font_description_free (desc);
  Metrics m = { 0.8 * style->font_size, 0.2 * style->font_size };
  if (font)
    {
      PangoFontMetrics *fm = pango_font_get_metrics (font, NULL);
      m.ascent = (double) pango_font_metrics_get_ascent (fm) / PANGO_SCALE;
      m.descent = (double) pango_font_metrics_get_descent (fm) / PANGO_SCALE;
      pango_font_metrics_unref (fm);
      g_object_unref (font);
    }
  return m;
}

/* The list marker, shaped as a small paragraph of its own (an ordered
 * marker in a right-to-left list is two bidi runs: "1" and "."), hung on
 * the start side of the first line. */
static void
add_marker (BfLineBreaker *breaker, const BfParagraph *para, const char *marker,
            PangoDirection dir, BfLine *line, double baseline)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoFontDescription *desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, para->style.font_family);
  pango_font_description_set_absolute_size (desc, para->style.font_size * PANGO_SCALE);
  pango_attr_list_insert (attrs, pango_attr_font_desc_new (desc));
  pango_font_description_free (desc);
  Shaped s;
  shape (breaker, marker, attrs, dir, para->style.lang, &s);
  pango_attr_list_unref (attrs);

  GList *items = NULL;
  double total = 0;
  for (guint i = 0; i < s.runs->len; i++)
    {
      ShapedRun *run = &g_array_index (s.runs, ShapedRun, i);
      items = g_list_append (items, run->item);
      total += glyphs_width (run->glyphs);
    }
  GList *visual = pango_reorder_items (items);
  g_list_free (items);
  double gap = 0.45 * para->style.font_size;
  double x = dir == PANGO_DIRECTION_RTL ? breaker->width - para->indent_start + gap
                                        : para->indent_start - gap - total;
  for (GList *l = visual; l; l = l->next)
    for (guint i = 0; i < s.runs->len; i++)
      {
        ShapedRun *run = &g_array_index (s.runs, ShapedRun, i);
        if (run->item != l->data)
          continue;
        PangoGlyphItem *gi = g_slice_new (PangoGlyphItem);
        gi->item = pango_item_copy (run->item);
        gi->glyphs = pango_glyph_string_copy (run->glyphs);
        BfDisplayItem item = { .kind = BF_ITEM_GLYPHS, .x = x, .y = baseline,
                               .color = para->style.color, .glyph_item = gi, .text = marker };
        g_array_append_val (line->items, item);
        x += glyphs_width (run->glyphs);
      }
  g_list_free (visual);
  shaped_clear (&s);
}

static BfLine *
build_line (BfLineBreaker *breaker, BfParagraph *para, const Shaped *s, const LineSpan *span,
            gboolean first, double pitch, const Metrics *m, const char *marker)
{
  BfLine *line = line_new (pitch);
  double baseline = (pitch - (m->ascent + m->descent)) / 2 + m->ascent;
  int a = s->char_offsets[span->start], b = s->char_offsets[span->end];
  gboolean rtl = s->dir == PANGO_DIRECTION_RTL;
  double indent_left = rtl ? para->indent_end : para->indent_start;
  double indent_right = rtl ? para->indent_start : para->indent_end;
  double first_indent = first ? para->style.text_indent : 0;
  double avail = breaker->width - indent_left - indent_right - first_indent;

  /* Slices of the shaped runs, then visual order. */
  GPtrArray *slices = g_ptr_array_new ();
  GList *items = NULL;
  for (guint i = first_run_after (s, a); i < s->runs->len; i++)
    {
      const ShapedRun *run = &g_array_index (s->runs, ShapedRun, i);
      if (run->item->offset >= b)
        break;
      int ra = MAX (a, run->item->offset), rb = MIN (b, run->item->offset + run->item->length);
      if (ra >= rb)
        continue;
      PangoGlyphItem *gi = slice_run (s, run, ra, rb);
      g_ptr_array_add (slices, gi);
      items = g_list_append (items, gi->item);
    }
  GList *visual = pango_reorder_items (items);
  g_list_free (items);

  double natural = 0;
  int spaces = 0;
  for (guint i = 0; i < slices->len; i++)
    {
      natural += glyphs_width (((PangoGlyphItem *) slices->pdata[i])->glyphs);
      spaces += count_spaces (s->text, slices->pdata[i]);
    }

  BfTextAlign align = para->style.text_align;
  if (align == BF_ALIGN_JUSTIFY && (span->last || spaces == 0))
    align = BF_ALIGN_START;
  if (align == BF_ALIGN_JUSTIFY && natural < avail)
    {
      int extra = (int) floor ((avail - natural) * PANGO_SCALE / spaces);
      for (guint i = 0; i < slices->len; i++)
        widen_spaces (s->text, slices->pdata[i], extra);
      natural += (double) extra * spaces / PANGO_SCALE;
    }
  if (align == BF_ALIGN_START)
    align = rtl ? BF_ALIGN_RIGHT : BF_ALIGN_LEFT;
  else if (align == BF_ALIGN_END)
    align = rtl ? BF_ALIGN_LEFT : BF_ALIGN_RIGHT;
  double x = indent_left + (rtl ? 0 : first_indent);
  if (align == BF_ALIGN_RIGHT)
    x = breaker->width - indent_right - (rtl ? first_indent : 0) - natural;
  else if (align == BF_ALIGN_CENTER)
    x = indent_left + (avail - natural) / 2 + (rtl ? 0 : first_indent);

  /* Positions come from the visual order; drawing follows the logical order
   * of the runs, which is what text extractors read back. */
  double *run_x = g_new (double, MAX (slices->len, 1));
  for (GList *l = visual; l; l = l->next)
    for (guint i = 0; i < slices->len; i++)
      if (((PangoGlyphItem *) slices->pdata[i])->item == l->data)
        {
          run_x[i] = x;
          x += glyphs_width (((PangoGlyphItem *) slices->pdata[i])->glyphs);
          break;
        }
  for (guint i = 0; i < slices->len; i++)
    {
      PangoGlyphItem *gi = slices->pdata[i];
      double rx = run_x[i];
      double w = glyphs_width (gi->glyphs);
      double rise = (double) run_int_attr (gi->item, PANGO_ATTR_RISE) / PANGO_SCALE;
      guint32 color = run_color (gi->item, para->style.color);
      double font_size = para->style.font_size;
      if (run_int_attr (gi->item, PANGO_ATTR_UNDERLINE))
        add_rule (line, rx, baseline + 0.12 * font_size, w, 0.05 * font_size, color);
      if (run_int_attr (gi->item, PANGO_ATTR_STRIKETHROUGH))
        add_rule (line, rx, baseline - 0.3 * font_size, w, 0.05 * font_size, color);
      for (guint k = 0; k < para->links->len; k++)
        {
          BfSpan *link = &g_array_index (para->links, BfSpan, k);
          double x0, x1;
          if (run_extent (gi, link->start, link->end, &x0, &x1))
            {
              BfDisplayItem item = { .kind = BF_ITEM_LINK, .x = rx + x0, .y = 0,
                                     .width = x1 - x0, .height = pitch,
                                     .name = g_strdup (link->target) };
              g_array_append_val (line->items, item);
            }
        }
      BfDisplayItem item = { .kind = BF_ITEM_GLYPHS, .x = rx, .y = baseline - rise,
                             .color = color, .glyph_item = gi, .text = s->text };
      g_array_append_val (line->items, item);
    }
  g_free (run_x);
  g_list_free (visual);
  g_ptr_array_unref (slices);

  /* Destinations and note references that fall on this line. */
  int next_b = s->char_offsets[span->next];
  gboolean last_line = span->next >= s->n_chars;
  for (guint k = 0; k < para->anchors->len; k++)
    {
      BfSpan *anchor = &g_array_index (para->anchors, BfSpan, k);
      if ((first || anchor->start >= a) && (anchor->start < next_b || last_line))
        {
          BfDisplayItem item = { .kind = BF_ITEM_DEST, .x = 0, .y = 0,
                                 .name = g_strdup (anchor->target) };
          g_array_append_val (line->items, item);
        }
    }
  for (guint k = 0; k < para->note_refs->len; k++)
    {
      BfSpan *ref = &g_array_index (para->note_refs, BfSpan, k);
      if (ref->start >= a && (ref->start < next_b || last_line))
        {
          if (!line->notes)
            line->notes = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (line->notes, g_strdup (ref->target));
        }
    }

  /* The list marker hangs on the start side of the first line. */
  if (first && marker)
    add_marker (breaker, para, marker, s->dir, line, baseline);
  for (guint k = 0; k < para->rules->len; k++)
    {
      double off = g_array_index (para->rules, double, k);
      double bx = rtl ? breaker->width - off - 1.2 : off;
      add_rule (line, bx, -para->space_before * (first ? 1 : 0), 1.2,
                pitch + (first ? para->space_before : 0), 0x999999);
    }
  return line;
}

/* A table row: each cell's paragraphs laid out at the column's width and
 * stacked, the cells side by side (right to left in a right-to-left
 * table), rules above the row and, for a header row, below it. */
static void
layout_table_row (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  const double pad = 0.35 * para->style.font_size, rule = 0.4;
  double width = breaker->width - para->indent_start - para->indent_end;
  double column = width / MAX (para->columns, 1);
  gboolean rtl = para->style.direction == BF_DIRECTION_RTL
                 || (para->style.direction == BF_DIRECTION_AUTO && bf_lang_is_rtl (para->style.lang));
  double left = rtl ? para->indent_end : para->indent_start;
  BfLine *row = line_new (0);
  BfLineBreaker cell_breaker = *breaker;
  cell_breaker.width = column - 2 * pad;
  double height = 0;
  for (guint c = 0; c < para->cells->len; c++)
    {
      GPtrArray *paras = para->cells->pdata[c];
      GPtrArray *cell_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
      for (guint i = 0; i < paras->len; i++)
        bf_paragraph_layout (&cell_breaker, paras->pdata[i], cell_lines);
      double x = left + (rtl ? (para->columns - 1 - (int) c) : (int) c) * column + pad;
      double y = pad;
      for (guint i = 0; i < cell_lines->len; i++)
        {
          BfLine *cl = cell_lines->pdata[i];
          if (i > 0)
            y += cl->space_before;
          for (guint k = 0; k < cl->items->len; k++)
            {
              BfDisplayItem *item = &g_array_index (cl->items, BfDisplayItem, k);
              BfDisplayItem moved = *item;
              moved.x += x;
              moved.y += y;
              g_array_append_val (row->items, moved);
              item->glyph_item = NULL;
              item->name = NULL;
            }
          for (guint k = 0; cl->notes && k < cl->notes->len; k++)
            {
              if (!row->notes)
                row->notes = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (row->notes, g_strdup (cl->notes->pdata[k]));
            }
          y += cl->height;
        }
      height = MAX (height, y + pad);
      g_ptr_array_unref (cell_lines);
    }
  row->height = height;
  add_rule (row, left, 0, width, rule, 0x888888);
  if (para->header_row || para->last_row)
    add_rule (row, left, height - rule, width, rule, 0x888888);
  row->space_before = para->space_before;
  row->break_ok_before = !para->keep_with_previous;
  row->keep_group = para->keep_group;
  g_ptr_array_add (lines, row);
}

void
bf_paragraph_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  if (para->cells)
    {
      layout_table_row (breaker, para, lines);
      return;
    }
  double pitch = para->style.font_size * para->style.line_height;
  guint first_index = lines->len;

  if (para->is_rule)
    {
      BfLine *line = line_new (para->style.font_size * 0.6);
      double w = breaker->width - para->indent_start - para->indent_end;
      add_rule (line, para->indent_start + w / 4, line->height / 2, w / 2, 0.6, 0x888888);
      line->space_before = para->space_before;
      line->keep_group = para->keep_group;
      line->break_ok_before = !para->keep_with_previous;
      g_ptr_array_add (lines, line);
      return;
    }

  PangoDirection dir = bf_paragraph_get_direction (para, PANGO_DIRECTION_LTR);
  char *text = g_string_free (para->text, FALSE);
  para->text = NULL;
  g_ptr_array_add (breaker->texts, text);
  /* The marker's text must live as long as the display list. */
  char *marker = g_steal_pointer (&para->marker);
  if (marker)
    g_ptr_array_add (breaker->texts, marker);

  Shaped s;
  shape (breaker, text, para->attrs, dir, para->style.lang, &s);
  Metrics m = style_metrics (breaker, &para->style);
  pitch = MAX (pitch, m.ascent + m.descent);

  int width = (int) ((breaker->width - para->indent_start - para->indent_end) * PANGO_SCALE);
  int first_width = width - (int) (para->style.text_indent * PANGO_SCALE);
  GArray *spans = choose_breaks (&s, first_width, width, para->style.preformatted);
  if (spans->len == 0)
    {
      LineSpan empty = { 0, 0, 0, TRUE };
      g_array_append_val (spans, empty);
    }
  for (guint i = 0; i < spans->len; i++)
    {
      BfLine *line = build_line (breaker, para, &s, &g_array_index (spans, LineSpan, i),
                                 i == 0, pitch, &m, marker);
      line->keep_group = para->keep_group;
      g_ptr_array_add (lines, line);
    }
  g_array_unref (spans);
  shaped_clear (&s);

  /* Keeps: no widow or orphan (two lines each side of a break), no break
   * after a heading, none inside a keep-together group. */
  guint n = lines->len - first_index;
  for (guint i = 0; i < n; i++)
    {
      BfLine *line = g_ptr_array_index (lines, first_index + i);
      if (i == 0)
        {
          line->space_before = para->space_before;
          line->break_ok_before = !para->keep_with_previous;
          line->heading_level = para->heading_level;
          if (para->heading_level)
            line->heading_title = g_strdup (text);
        }
      else
        line->break_ok_before = i >= 2 && n - i >= 2 && !para->heading_level;
    }
}
