/* line.c — a paragraph's text into lines.
 *
 * The text is shaped once (shape.c) and its hyphenation points found
 * (hyphenate.c); line-break.c chooses the lines from those widths.  Each
 * line takes its glyphs as slices of the paragraph's shaped runs — only a
 * hyphenated line's last word is shaped again, with its hyphen — is
 * reordered visually with the paragraph's embedding level, then aligned or
 * justified: inter-word spaces first, then, for Latin text only, a little
 * letter-spacing; with text-justify: kashida, what the spaces' natural
 * stretch leaves goes to the face's justification alternates
 * (alternates.c), then to Arabic-script joins (kashida.c), and text-justify:
 * none leaves the lines unjustified.  List markers, continuation marks, underlines, links,
 * destinations and note references go on the lines too, and the keeps
 * (orphans, widows, headings) between them. */
#include "layout/paragraph-private.h"

#include <math.h>
#include <string.h>

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

/* A glyph string of @n glyphs with room for exactly @n: the pages keep
 * every line's glyphs until the PDF is written, and
 * pango_glyph_string_set_size() rounds the room up to a power of two (a
 * third more memory on average).  The arrays are g_malloc'd, as
 * pango_glyph_string_free() expects. */
static PangoGlyphString *
glyph_string_new_exact (int n)
{
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  if (n > 0)
    {
      glyphs->glyphs = g_new (PangoGlyphInfo, n);
      glyphs->log_clusters = g_new (int, n);
      glyphs->num_glyphs = glyphs->space = n;
    }
  return glyphs;
}

/* The glyphs of @run that belong to bytes [a, b), as a new glyph item. */
static PangoGlyphItem *
slice_run (const BfShaped *s, const BfShapedRun *run, int a, int b)
{
  PangoItem *item = pango_item_copy (run->item);
  int rel_a = a - run->item->offset, rel_b = b - run->item->offset;
  PangoGlyphString *src = run->glyphs;
  gboolean rtl = run->item->analysis.level % 2 == 1;
  int g0 = rtl ? glyph_at_cluster (src, rel_b, TRUE) : glyph_at_cluster (src, rel_a, FALSE);
  int g1 = rtl ? glyph_at_cluster (src, rel_a, TRUE) : glyph_at_cluster (src, rel_b, FALSE);
  PangoGlyphString *glyphs = glyph_string_new_exact (MAX (g1 - g0, 0));
  if (g1 > g0)
    {
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
first_run_after (const BfShaped *s, int a)
{
  guint lo = 0, hi = s->runs->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const PangoItem *item = g_array_index (s->runs, BfShapedRun, mid).item;
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

/* A short label — a list marker, a continuation mark — shaped as a
 * paragraph of its own in @para's font (an ordered marker in a right-to-left
 * list is two bidi runs: "1" and "."): its glyph items in visual order
 * (owned), and their width in @width. */
static GPtrArray *
shape_label (BfLineBreaker *breaker, const BfComputedStyle *style, const char *label,
             PangoDirection dir, double *width)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoFontDescription *desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, style->font_family);
  pango_font_description_set_absolute_size (desc, style->font_size * PANGO_SCALE);
  pango_font_description_set_weight (desc, (PangoWeight) style->font_weight);
  pango_font_description_set_style (desc, style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_attr_list_insert (attrs, pango_attr_font_desc_new (desc));
  pango_font_description_free (desc);
  BfShaped s;
  bf_shape (breaker, label, attrs, NULL, dir, style->lang, &s);
  pango_attr_list_unref (attrs);

  GList *items = NULL;
  *width = 0;
  for (guint i = 0; i < s.runs->len; i++)
    {
      BfShapedRun *run = &g_array_index (s.runs, BfShapedRun, i);
      items = g_list_append (items, run->item);
      *width += glyphs_width (run->glyphs);
    }
  GList *visual = pango_reorder_items (items);
  g_list_free (items);
  GPtrArray *glyph_items = g_ptr_array_new ();
  for (GList *l = visual; l; l = l->next)
    for (guint i = 0; i < s.runs->len; i++)
      {
        BfShapedRun *run = &g_array_index (s.runs, BfShapedRun, i);
        if (run->item != l->data)
          continue;
        PangoGlyphItem *gi = g_slice_new (PangoGlyphItem);
        gi->item = pango_item_copy (run->item);
        gi->glyphs = pango_glyph_string_copy (run->glyphs);
        g_ptr_array_add (glyph_items, gi);
      }
  g_list_free (visual);
  bf_shaped_clear (&s);
  return glyph_items;
}

/* Draws @label (static or owned by the layout) on @line from @x, handing
 * its glyphs to the line. */
static void
add_label (BfLineBreaker *breaker, const BfComputedStyle *style, const char *label,
           PangoDirection dir, BfLine *line, double x, double baseline, guint32 color)
{
  double width;
  /* The label's own text, for its items to keep. */
  char *text = g_ref_string_new (label);
  GPtrArray *glyph_items = shape_label (breaker, style, text, dir, &width);
  for (guint i = 0; i < glyph_items->len; i++)
    {
      PangoGlyphItem *gi = glyph_items->pdata[i];
      double width = glyphs_width (gi->glyphs);
      BfDisplayItem item = { .kind = BF_ITEM_GLYPHS, .x = x, .y = baseline, .color = color,
                             .glyphs = bf_glyph_run_new_take (gi),
                             .text = g_ref_string_acquire (text) };
      g_array_append_val (line->items, item);
      x += width;
    }
  g_ptr_array_unref (glyph_items);
  g_ref_string_release (text);
}

static double
label_width (BfLineBreaker *breaker, const BfComputedStyle *style, const char *label,
             PangoDirection dir)
{
  double width;
  GPtrArray *glyph_items = shape_label (breaker, style, label, dir, &width);
  g_ptr_array_set_free_func (glyph_items, (GDestroyNotify) pango_glyph_item_free);
  g_ptr_array_unref (glyph_items);
  return width;
}

/* Links, anchors and note references are spans in the order of their start
 * in the text (links never nest, so their ends come in that order too):
 * each line finds its own by halving instead of reading them all.  The
 * first span that ends past @from (@by_end), or that starts at or past it. */
static guint
first_span_from (GArray *spans, int from, gboolean by_end)
{
  if (by_end)
    return bf_sorted_first_from (spans, G_STRUCT_OFFSET (BfSpan, end), from + 1);
  return bf_sorted_first_from (spans, G_STRUCT_OFFSET (BfSpan, start), from);
}

/* A picture in a line, standing on the baseline at @x, with its alt text
 * under it, small and white (hidden from the eye, but in the text layer),
 * never wider than the picture. */
static void
add_inline_picture (BfLineBreaker *breaker, const BfParagraph *para, const BfInlinePicture *picture,
                    BfLine *line, double x, double baseline)
{
  double top = baseline - picture->height;
  if (*picture->alt)
    {
      BfComputedStyle small = para->style;
      small.font_size = BF_ALT_TEXT_SIZE;
      const char *alt = picture->alt;
      PangoDirection dir = bf_text_get_direction (alt, PANGO_DIRECTION_LTR);
      double width = label_width (breaker, &small, alt, dir);
      if (width > picture->width && width > 0)
        small.font_size = MAX (BF_ALT_TEXT_SIZE * picture->width / width, 0.5);
      if (small.font_size <= picture->height)
        add_label (breaker, &small, alt, dir, line, x, top + small.font_size, 0xFFFFFF);
    }
  BfDisplayItem item = { .kind = BF_ITEM_IMAGE, .x = x, .y = top, .width = picture->width,
                         .height = picture->height, .image = bf_image_ref (picture->picture),
                         .alt = g_strdup (picture->alt) };
  g_array_append_val (line->items, item);
}

/* Between a list marker and its text, in ems. */
#define MARKER_GAP 0.45

/* Where the marker's start-side edge is, from the start edge of the text
 * area: it hangs before its list item's content (CSS's outside marker),
 * which the paragraph may be indented past (a quote in the item), and
 * never outside the text area. */
static double
marker_start (const BfParagraph *para, double width, double gap)
{
  /* Never past the paragraph's own indent, which a deep nesting's clamp
   * may have cut short. */
  return MAX (MIN (para->marker_indent, para->indent_start) - gap - width, 0);
}

/* The style a list marker is drawn in: its ::marker's, or its item's. */
static const BfComputedStyle *
marker_style (const BfParagraph *para)
{
  return para->marker_style ? para->marker_style : &para->style;
}

/* The list marker hangs on the start side of the first line, the side of
 * the list (@side), in the indent before its item's content; one wider
 * than that indent starts at the text area's edge, and the caller moves the
 * first line's text on by marker_overhang (). */
static void
add_marker (BfLineBreaker *breaker, const BfParagraph *para, const char *marker,
            PangoDirection side, BfLine *line, double baseline)
{
  double gap = MARKER_GAP * para->style.font_size;
  const BfComputedStyle *style = marker_style (para);
  double width = label_width (breaker, style, marker, side);
  double start = marker_start (para, width, gap);
  double x = side == PANGO_DIRECTION_RTL ? breaker->width - start - width : start;
  guint text_items = line->items->len;
  add_label (breaker, style, marker, side, line, x, baseline, style->color);
  /* The marker goes first, as it is read: before the item's text. */
  guint label_items = line->items->len - text_items;
  for (guint i = text_items; i < line->items->len; i++)
    g_array_index (line->items, BfDisplayItem, i).list_label = TRUE;
  BfDisplayItem *items = (BfDisplayItem *) (void *) line->items->data;
  g_autofree BfDisplayItem *labels = g_memdup2 (items + text_items, label_items * sizeof *items);
  memmove (items + label_items, items, text_items * sizeof *items);
  memcpy (items, labels, label_items * sizeof *items);
}

/* How much of a list marker and its gap does not fit in the indent. */
static double
marker_overhang (BfLineBreaker *breaker, const BfParagraph *para, const char *marker,
                 PangoDirection side)
{
  double gap = MARKER_GAP * para->style.font_size;
  double width = label_width (breaker, marker_style (para), marker, side);
  return MAX (marker_start (para, width, gap) + width + gap - para->indent_start, 0);
}

/* A preformatted line wider than the measure goes on on the next line,
 * which keeps its indentation and starts with this mark (as an editor's
 * "showbreak" with "breakindent"), in grey, then two marks' widths on. */
#define CONTINUATION_MARK_LTR "\xE2\x86\x92"   /* → */
#define CONTINUATION_MARK_RTL "\xE2\x86\x90"   /* ← */
#define CONTINUATION_COLOR 0x888888

static const char *
continuation_mark (PangoDirection side)
{
  return side == PANGO_DIRECTION_RTL ? CONTINUATION_MARK_RTL : CONTINUATION_MARK_LTR;
}

/* A glyph run of a line and the text its item's offsets index: the
 * paragraph's, or for a reshaped hyphenated word its own copy, whose byte 0
 * is byte @delta of the paragraph. */
typedef struct {
  PangoGlyphItem *gi;
  const char *text;
  int delta;
  double x;
} LineRun;

static gboolean
is_space_glyph (const LineRun *run, int g)
{
  return run->gi->glyphs->glyphs[g].attr.is_cluster_start
         && run->text[run->gi->item->offset + run->gi->glyphs->log_clusters[g]] == ' ';
}

static gboolean
is_latin_run (const LineRun *run)
{
  switch (run->gi->item->analysis.script)
    {
    case PANGO_SCRIPT_LATIN:
    case PANGO_SCRIPT_COMMON:
    case PANGO_SCRIPT_INHERITED:
    case PANGO_SCRIPT_GREEK:
    case PANGO_SCRIPT_CYRILLIC:
      return run->gi->item->analysis.level % 2 == 0;
    default:
      return FALSE;
    }
}

/* Justifies the runs to @extra more (or, negative, less) width: inter-word
 * spaces take up to their stretch; past it a Latin line is letter-spaced a
 * little (at most 0.04 em a letter), and the spaces take the rest.  Returns
 * the adjustment ratio relative to the spaces' stretch or shrink; past
 * BF_LOOSEST_RATIO the runs are left as they are, for the line to be set
 * ragged. */
static double
justify (GArray *runs, double extra, double font_size)
{
  double space_width = 0;
  int spaces = 0, letters = 0;
  gboolean latin = TRUE;
  for (guint i = 0; i < runs->len; i++)
    {
      LineRun *run = &g_array_index (runs, LineRun, i);
      latin &= is_latin_run (run);
      for (int g = 0; g < run->gi->glyphs->num_glyphs; g++)
        if (is_space_glyph (run, g))
          {
            spaces++;
            space_width += (double) run->gi->glyphs->glyphs[g].geometry.width / PANGO_SCALE;
          }
        else if (run->gi->glyphs->glyphs[g].attr.is_cluster_start)
          letters++;
    }
  if (spaces == 0)
    return 0;
  double stretch = space_width * BF_SPACE_STRETCH, shrink = space_width * BF_SPACE_SHRINK;
  /* Spaces never shrink past their shrink: an overfull line stays
   * overfull (and is reported) rather than running its words together. */
  extra = MAX (extra, -shrink);
  double ratio = extra >= 0 ? (stretch > 0 ? extra / stretch : 0) : (shrink > 0 ? extra / shrink : 0);
  if (ratio > BF_LOOSEST_RATIO)
    return ratio;

  double letter_spacing = 0;
  if (latin && extra > stretch && letters > 1)
    letter_spacing = MIN ((extra - stretch) / (letters - 1), 0.04 * font_size);
  int per_letter = (int) floor (letter_spacing * PANGO_SCALE);
  double for_spaces = extra - (double) per_letter * (letters - 1) / PANGO_SCALE;
  int per_space = (int) floor (for_spaces * PANGO_SCALE / spaces);
  int letters_seen = 0;
  for (guint i = 0; i < runs->len; i++)
    {
      LineRun *run = &g_array_index (runs, LineRun, i);
      for (int g = 0; g < run->gi->glyphs->num_glyphs; g++)
        {
          PangoGlyphInfo *info = &run->gi->glyphs->glyphs[g];
          if (is_space_glyph (run, g))
            info->geometry.width += per_space;
          else if (info->attr.is_cluster_start && per_letter && ++letters_seen < letters)
            info->geometry.width += per_letter;
        }
    }
  return ratio;
}

/* text-justify: kashida: what the spaces cannot take at their natural
 * stretch goes first to words set with the font's justification
 * alternates (alternates.c), then to elongated joins, whose strokes it
 * appends to @strokes.  Returns the width added (points). */
static double
elongate_joins (const BfShaped *s, const BfLineSpan *span, GArray *runs, double extra,
                GArray *strokes)
{
  double space_width = 0;
  for (guint i = 0; i < runs->len; i++)
    {
      LineRun *run = &g_array_index (runs, LineRun, i);
      for (int g = 0; g < run->gi->glyphs->num_glyphs; g++)
        if (is_space_glyph (run, g))
          space_width += (double) run->gi->glyphs->glyphs[g].geometry.width / PANGO_SCALE;
    }
  double excess = extra - space_width * BF_SPACE_STRETCH;
  if (excess <= 0 || space_width == 0)
    return 0;
  PangoGlyphItem **items = g_new (PangoGlyphItem *, runs->len);
  const char **texts = g_new (const char *, runs->len);
  int *deltas = g_new (int, runs->len);
  int n_own = 0;  /* the items over the paragraph's own text come first */
  for (guint i = 0; i < runs->len; i++)
    {
      items[i] = g_array_index (runs, LineRun, i).gi;
      texts[i] = g_array_index (runs, LineRun, i).text;
      deltas[i] = g_array_index (runs, LineRun, i).delta;
      n_own += texts[i] == s->text && (int) i == n_own;
    }
  GArray *taken = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  int wanted = (int) (excess * PANGO_SCALE);
  int added = bf_alternates_apply (s, s->char_offsets[span->start], s->char_offsets[span->end],
                                   items, n_own, wanted, taken);
  added += bf_kashida_elongate (s, span->start, span->end, items, texts, deltas, runs->len,
                                wanted - added, taken, strokes);
  g_array_unref (taken);
  g_free (items);
  g_free (texts);
  g_free (deltas);
  return (double) added / PANGO_SCALE;
}

/* The elongated joins of @gi, drawn at @x on @baseline. */
static void
draw_strokes (BfLine *line, const GArray *strokes, const PangoGlyphItem *gi, double x,
              double baseline, guint32 color)
{
  for (guint k = 0; k < strokes->len; k++)
    {
      const BfKashidaStroke *stroke = &g_array_index (strokes, BfKashidaStroke, k);
      if (stroke->gi != gi)
        continue;
      long left = 0;
      for (int g = 0; g < stroke->glyph; g++)
        left += gi->glyphs->glyphs[g].geometry.width;
      bf_line_add_rule (line, x + (double) left / PANGO_SCALE,
                        baseline - (double) stroke->top / PANGO_SCALE,
                        (double) stroke->width / PANGO_SCALE,
                        (double) stroke->height / PANGO_SCALE, color);
    }
}

/* The letter spacing and inline edges of a word's end shaped again with
 * its hyphen, which begins at byte @from of the paragraph. */
static void
add_fragment_spacing (const BfParagraph *para, int from, LineRun *run)
{
  bf_shape_add_inline_edges (run->gi->item, run->gi->glyphs, para->inline_edges, from);
  if (!para->letter_spacing)
    return;
  GArray *shifted = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  for (guint i = 0; i < para->letter_spacing->len; i++)
    {
      BfSpan span = g_array_index (para->letter_spacing, BfSpan, i);
      span.start -= from;
      span.end -= from;
      span.target = NULL;
      g_array_append_val (shifted, span);
    }
  bf_shape_add_spacing (run->text, run->gi->item, run->gi->glyphs, shifted, TRUE);
  g_array_unref (shifted);
}

/* text-align, save that text-justify: none sets a justified paragraph's
 * lines as its last line is: at the start, unstretched. */
static BfTextAlign
effective_align (const BfComputedStyle *style)
{
  if (style->text_align == BF_ALIGN_JUSTIFY && style->text_justify == BF_JUSTIFY_NONE)
    return BF_ALIGN_START;
  return style->text_align;
}

/* ---------------------------------------------------------- inline boxes */

/* The indices of the boxes of @boxes over any of the bytes @a … @b,
 * outermost first: those begun before @a that go on past it (the last box
 * begun before @a and the boxes it lies in; boxes nest, so no other can),
 * then those that begin on the line, in order. */
static GArray *
boxes_on_line (const GArray *boxes, int a, int b)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first = bf_sorted_first_from (boxes, G_STRUCT_OFFSET (BfInlineBox, start), a);
  for (int i = (int) first - 1; i >= 0; i = g_array_index (boxes, BfInlineBox, i).parent)
    if (g_array_index (boxes, BfInlineBox, i).end > a)
      g_array_prepend_val (found, i);
  for (guint i = first; i < boxes->len && g_array_index (boxes, BfInlineBox, i).start < b; i++)
    g_array_append_val (found, i);
  return found;
}

/* The ascent and descent of a run's face for one point (lazily: 0 until
 * asked for; 0.8 and 0.2 em for a run with no face). */
typedef struct {
  double ascent, descent;
} FaceMetrics;

static const FaceMetrics *
run_face_metrics (const LineRun *run, FaceMetrics *cached)
{
  if (cached->ascent != 0 || cached->descent != 0)
    return cached;
  const PangoItem *item = run->gi->item;
  if (!item->analysis.font)
    {
      *cached = (FaceMetrics) { 0.8, 0.2 };
      return cached;
    }
  PangoFontDescription *desc = pango_font_describe (item->analysis.font);
  double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
  pango_font_description_free (desc);
  PangoFontMetrics *metrics = pango_font_get_metrics (item->analysis.font, item->analysis.language);
  cached->ascent = (double) pango_font_metrics_get_ascent (metrics) / PANGO_SCALE / size;
  cached->descent = (double) pango_font_metrics_get_descent (metrics) / PANGO_SCALE / size;
  pango_font_metrics_unref (metrics);
  return cached;
}

/* One stretch of a box on a line: the glyphs it covers, from @x0 to @x1,
 * and the box drawn there, from @left to @right (within, where the
 * element's start or end edge is there), with the borders of those edges
 * (0 where none). */
typedef struct {
  double x0, x1;
  double left, right;
  double border_left, border_right;
  guint32 color_left, color_right;
  BfLineStyle line_left, line_right;
} BoxPiece;

static int
compare_pieces (const void *p, const void *q)
{
  const BoxPiece *x = p, *y = q;
  return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Where the character at byte @offset of the paragraph is drawn on the
 * line: its cluster's left and right, and whether its run goes right to
 * left.  FALSE when no run of the line draws it. */
static gboolean
cluster_at (GArray *runs, const char *text, int offset, double *x0, double *x1, gboolean *rtl)
{
  int next = g_utf8_next_char (text + offset) - text;
  for (guint i = 0; i < runs->len; i++)
    {
      const LineRun *run = &g_array_index (runs, LineRun, i);
      if (run_extent (run->gi, offset - run->delta, next - run->delta, x0, x1))
        {
          *x0 += run->x;
          *x1 += run->x;
          *rtl = run->gi->item->analysis.level % 2;
          return TRUE;
        }
    }
  return FALSE;
}

/* The room the edges of elements around box @box take at byte @offset,
 * beside its own start or @end edge there: the start edges before its own
 * in @edges, the end edges after. */
static double
room_outside (const GArray *edges, int offset, gboolean end, guint box)
{
  double room = 0, since_own = 0;
  gboolean own_met = FALSE;
  if (!edges)
    return 0;
  for (guint k = bf_sorted_first_from (edges, G_STRUCT_OFFSET (BfInlineEdge, offset), offset);
       k < edges->len && g_array_index (edges, BfInlineEdge, k).offset == offset; k++)
    {
      const BfInlineEdge *edge = &g_array_index (edges, BfInlineEdge, k);
      if (edge->end != end)
        continue;
      if (edge->box == box)
        own_met = TRUE;
      else if (own_met)
        since_own += edge->width;
      else
        room += edge->width;
    }
  return end ? since_own : room;
}

/* Marks on @pieces the edge of box @box at the cluster of byte @offset on
 * the side its room was added (shape.c): the piece holding the cluster
 * ends there, less the room of the edges outside it and the edge's
 * @margin, with the box's border on @side. */
static void
mark_edge (GArray *pieces, GArray *runs, const BfParagraph *para, const char *text, guint box,
           int offset, gboolean end, double margin, BfSide side)
{
  const BfInlineBox *b = &g_array_index (para->inline_boxes, BfInlineBox, box);
  double border = b->border[side];
  double cx0, cx1;
  gboolean rtl;
  if (!cluster_at (runs, text, offset, &cx0, &cx1, &rtl))
    return;
  margin += room_outside (para->inline_edges, offset, end, box);
  for (guint i = 0; i < pieces->len; i++)
    {
      BoxPiece *piece = &g_array_index (pieces, BoxPiece, i);
      if (cx0 < piece->x0 - 0.01 || cx1 > piece->x1 + 0.01)
        continue;
      if (end == rtl)
        {
          piece->left = cx0 + margin;
          piece->border_left = border;
          piece->color_left = b->border_color[side];
          piece->line_left = b->border_line[side];
        }
      else
        {
          piece->right = cx1 - margin;
          piece->border_right = border;
          piece->color_right = b->border_color[side];
          piece->line_right = b->border_line[side];
        }
      return;
    }
}

/* A part of an inline element's box, drawn as @style has it: a rule that
 * may reach above its line. */
static void
add_box_rule (BfLine *line, double x, double y, double w, double h, guint32 color,
              BfLineStyle style)
{
  bf_line_add_rule (line, x, y, w, h, color);
  BfDisplayItem *rule = &g_array_index (line->items, BfDisplayItem, line->items->len - 1);
  rule->inline_box = TRUE;
  rule->line = style;
}

/* Draws @box's part on the line whose runs @runs hold the bytes @a … @b of
 * @para's @text, as a browser paints an inline box: its background and
 * borders around the ascent and descent of its faces at the element's size
 * (the tallest of them) and its padding, on the element's baseline (a
 * superscript inside is under the box, not in one of its own); the start
 * and end borders only where the element begins and ends, the runs it
 * covers side by side joined into one stretch. */
static void
add_inline_box (BfLine *line, const BfParagraph *para, guint index, const char *text,
                GArray *runs, FaceMetrics *metrics, int a, int b, double baseline)
{
  const BfInlineBox *box = &g_array_index (para->inline_boxes, BfInlineBox, index);
  gboolean bordered = FALSE;
  for (int side = 0; side < 4; side++)
    bordered |= box->border[side] > 0;
  if (!box->has_background && !bordered)
    return; /* room alone, taken when it was shaped */
  g_autoptr (GArray) pieces = g_array_new (FALSE, TRUE, sizeof (BoxPiece));
  double ascent = 0, descent = 0;
  for (guint i = 0; i < runs->len; i++)
    {
      const LineRun *run = &g_array_index (runs, LineRun, i);
      BoxPiece piece = { 0 };
      int from = box->start - run->delta, to = box->end - run->delta;
      if (!run_extent (run->gi, from, to, &piece.x0, &piece.x1))
        continue;
      piece.x0 += run->x;
      piece.x1 += run->x;
      g_array_append_val (pieces, piece);
      const FaceMetrics *m = run_face_metrics (run, &metrics[i]);
      ascent = MAX (ascent, m->ascent);
      descent = MAX (descent, m->descent);
    }
  if (pieces->len == 0)
    return;
  g_array_sort (pieces, compare_pieces);
  guint joined = 0;
  for (guint i = 1; i < pieces->len; i++)
    {
      BoxPiece *last = &g_array_index (pieces, BoxPiece, joined);
      const BoxPiece *piece = &g_array_index (pieces, BoxPiece, i);
      if (piece->x0 <= last->x1 + 0.01)
        last->x1 = MAX (last->x1, piece->x1);
      else
        g_array_index (pieces, BoxPiece, ++joined) = *piece;
    }
  g_array_set_size (pieces, joined + 1);
  for (guint i = 0; i < pieces->len; i++)
    {
      BoxPiece *piece = &g_array_index (pieces, BoxPiece, i);
      piece->left = piece->x0;
      piece->right = piece->x1;
    }
  if (box->opens && box->start >= a && box->start < b)
    mark_edge (pieces, runs, para, text, index, box->start, FALSE, box->margin_start,
               BF_SIDE_START);
  if (box->closes && box->end > a && box->end <= b)
    {
      int last = g_utf8_find_prev_char (text, text + box->end) - text;
      mark_edge (pieces, runs, para, text, index, last, TRUE, box->margin_end, BF_SIDE_END);
    }

  double top = baseline - box->rise - ascent * box->font_size - box->padding[BF_SIDE_TOP]
               - box->border[BF_SIDE_TOP];
  double bottom = baseline - box->rise + descent * box->font_size + box->padding[BF_SIDE_BOTTOM]
                  + box->border[BF_SIDE_BOTTOM];
  for (guint i = 0; i < pieces->len; i++)
    {
      const BoxPiece *piece = &g_array_index (pieces, BoxPiece, i);
      double width = piece->right - piece->left;
      if (width <= 0)
        continue;
      if (box->has_background)
        add_box_rule (line, piece->left, top, width, bottom - top, box->background, BF_LINE_SOLID);
      if (box->border[BF_SIDE_TOP] > 0)
        add_box_rule (line, piece->left, top, width, box->border[BF_SIDE_TOP],
                      box->border_color[BF_SIDE_TOP], box->border_line[BF_SIDE_TOP]);
      if (box->border[BF_SIDE_BOTTOM] > 0)
        add_box_rule (line, piece->left, bottom - box->border[BF_SIDE_BOTTOM], width,
                      box->border[BF_SIDE_BOTTOM], box->border_color[BF_SIDE_BOTTOM],
                      box->border_line[BF_SIDE_BOTTOM]);
      if (piece->border_left > 0)
        add_box_rule (line, piece->left, top, piece->border_left, bottom - top, piece->color_left,
                      piece->line_left);
      if (piece->border_right > 0)
        add_box_rule (line, piece->right - piece->border_right, top, piece->border_right,
                      bottom - top, piece->color_right, piece->line_right);
    }
}

/* The boxes of inline elements on the line's runs from @a to @b of the
 * paragraph (text @text), before any glyph, so that every run is drawn
 * over them, each element's before those of the elements inside it. */
static void
add_inline_boxes (BfLine *line, const BfParagraph *para, const char *text, GArray *runs, int a,
                  int b, double baseline)
{
  g_autoptr (GArray) found = boxes_on_line (para->inline_boxes, a, b);
  if (found->len == 0)
    return;
  g_autofree FaceMetrics *metrics = g_new0 (FaceMetrics, runs->len);
  for (guint i = 0; i < found->len; i++)
    add_inline_box (line, para, g_array_index (found, guint, i), text, runs, metrics, a, b,
                    baseline);
}

/* What the lines of a paragraph share. */
typedef struct {
  double pitch;
  Metrics metrics;
  const char *marker;            /* the list marker, or NULL */
  PangoDirection side;           /* the block's direction: where its lines start */
  double continuation_indent;    /* of a line that continues a wrapped one */
  double marker_overhang;        /* more indent on the first line: the part of a
                                    wide marker the indent cannot hold */
} LineSetting;

static BfLine *
build_line (BfLineBreaker *breaker, BfParagraph *para, const BfShaped *s, const BfLineSpan *span,
            gboolean first, const LineSetting *set)
{
  double pitch = set->pitch;
  const Metrics *m = &set->metrics;
  BfLine *line = bf_line_new (pitch);
  double baseline = (pitch - (m->ascent + m->descent)) / 2 + m->ascent;
  int a = s->char_offsets[span->start], b = s->char_offsets[span->end];
  gboolean rtl = set->side == PANGO_DIRECTION_RTL;
  double indent_left = rtl ? para->indent_end : para->indent_start;
  double indent_right = rtl ? para->indent_start : para->indent_end;
  if (span->continued)
    {
      double hang = (double) span->hang / PANGO_SCALE;
      add_label (breaker, &para->style, continuation_mark (set->side), set->side, line,
                 rtl ? breaker->width - indent_right - hang - set->continuation_indent / 2
                     : indent_left + hang,
                 baseline, CONTINUATION_COLOR);
      if (rtl)
        indent_right += hang + set->continuation_indent;
      else
        indent_left += hang + set->continuation_indent;
    }
  double first_indent = first ? para->style.text_indent + set->marker_overhang : 0;
  double avail = breaker->width - indent_left - indent_right - first_indent;

  /* A hyphenated line's last word is shaped again with its hyphen, from
   * its start (or the start of its run, when a word changes font). */
  int hyphen_from = b;
  const BfShapedRun *hyphen_run = NULL;
  if (span->hyphen && span->end > span->start)
    {
      int c = span->end;
      while (c > span->start && !s->log_attrs[c - 1].is_white
             && !(c < span->end && s->log_attrs[c].is_line_break))
        c--;
      for (guint i = 0; i < s->runs->len; i++)
        {
          const BfShapedRun *run = &g_array_index (s->runs, BfShapedRun, i);
          if (b - 1 >= run->item->offset && b - 1 < run->item->offset + run->item->length)
            hyphen_run = run;
        }
      hyphen_from = MAX (s->char_offsets[c], hyphen_run->item->offset);
    }

  /* Slices of the shaped runs, in logical order. */
  GArray *runs = g_array_new (FALSE, TRUE, sizeof (LineRun));
  for (guint i = first_run_after (s, a); i < s->runs->len; i++)
    {
      const BfShapedRun *run = &g_array_index (s->runs, BfShapedRun, i);
      if (run->item->offset >= hyphen_from)
        break;
      int ra = MAX (a, run->item->offset);
      int rb = MIN (hyphen_from, run->item->offset + run->item->length);
      if (ra >= rb)
        continue;
      LineRun lr = { slice_run (s, run, ra, rb), s->text, 0, 0 };
      g_array_append_val (runs, lr);
    }
  if (hyphen_run)
    {
      LineRun lr = { NULL, NULL, hyphen_from, 0 };
      lr.gi = bf_shape_with_hyphen (breaker, hyphen_run->item, s->text + hyphen_from, b - hyphen_from,
                                 &lr.text);
      add_fragment_spacing (para, hyphen_from, &lr);
      g_array_append_val (runs, lr);
    }

  double natural = 0;
  for (guint i = 0; i < runs->len; i++)
    natural += glyphs_width (g_array_index (runs, LineRun, i).gi->glyphs);

  BfTextAlign align = effective_align (&para->style);
  /* A last line is not stretched, but shrinks when the breaker chose so. */
  gboolean shrink_last = align == BF_ALIGN_JUSTIFY && span->last && natural > avail;
  if (align == BF_ALIGN_JUSTIFY && span->last && !shrink_last)
    align = BF_ALIGN_START;
  /* A line too loose to justify (as the breaker or justify finds) is set
   * ragged: its spaces at their natural width, white at its end. */
  double ratio = 0;
  GArray *strokes = NULL;
  if (align == BF_ALIGN_JUSTIFY && !span->ragged && !span->last
      && s->kashida_stretch)
    {
      strokes = g_array_new (FALSE, FALSE, sizeof (BfKashidaStroke));
      natural += elongate_joins (s, span, runs, avail - natural, strokes);
    }
  if (align == BF_ALIGN_JUSTIFY && !span->ragged)
    ratio = justify (runs, avail - natural, para->style.font_size);
  if (align == BF_ALIGN_JUSTIFY && (span->ragged || ratio > BF_LOOSEST_RATIO))
    {
      line->ragged = TRUE;
      align = BF_ALIGN_START;
    }
  if (align == BF_ALIGN_JUSTIFY)
    {
      line->ratio = ratio;
      line->justified = !span->last;
      natural = 0;
      for (guint i = 0; i < runs->len; i++)
        natural += glyphs_width (g_array_index (runs, LineRun, i).gi->glyphs);
    }
  line->hyphenated = span->hyphen;
  line->overfull = span->overfull || natural > avail + 0.5;
  line->breaks_word = span->breaks_word;
  if (line->overfull || line->breaks_word)
    line->excerpt = g_utf8_make_valid (s->text + a, MIN (b - a, 40));
  if (align == BF_ALIGN_START || align == BF_ALIGN_JUSTIFY)
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
  GList *items = NULL;
  for (guint i = 0; i < runs->len; i++)
    items = g_list_append (items, g_array_index (runs, LineRun, i).gi->item);
  GList *visual = pango_reorder_items (items);
  g_list_free (items);
  for (GList *l = visual; l; l = l->next)
    for (guint i = 0; i < runs->len; i++)
      {
        LineRun *run = &g_array_index (runs, LineRun, i);
        if (run->gi->item == l->data)
          {
            run->x = x;
            x += glyphs_width (run->gi->glyphs);
            break;
          }
      }
  g_list_free (visual);

  /* Pictures in the line sit on its baseline: a tall one deepens the line. */
  double tallest = 0;
  for (guint i = 0; i < runs->len; i++)
    {
      const BfInlinePicture *picture = bf_item_get_inline_picture (g_array_index (runs, LineRun, i).gi->item);
      if (picture)
        tallest = MAX (tallest, picture->height);
    }
  if (tallest > baseline)
    {
      line->height += tallest - baseline;
      baseline = tallest;
    }

  if (para->inline_boxes)
    add_inline_boxes (line, para, s->text, runs, a, b, baseline);
  for (guint i = 0; i < runs->len; i++)
    {
      LineRun *run = &g_array_index (runs, LineRun, i);
      PangoGlyphItem *gi = run->gi;
      const BfInlinePicture *picture = bf_item_get_inline_picture (gi->item);
      if (picture)
        add_inline_picture (breaker, para, picture, line, run->x, baseline);
      double w = glyphs_width (gi->glyphs);
      double rise = (double) run_int_attr (gi->item, PANGO_ATTR_RISE) / PANGO_SCALE;
      guint32 color = run_color (gi->item, para->style.color);
      double font_size = para->style.font_size;
      if (run_int_attr (gi->item, PANGO_ATTR_UNDERLINE))
        bf_line_add_rule (line, run->x, baseline + 0.12 * font_size, w, 0.05 * font_size, color);
      if (run_int_attr (gi->item, PANGO_ATTR_STRIKETHROUGH))
        bf_line_add_rule (line, run->x, baseline - 0.3 * font_size, w, 0.05 * font_size, color);
      for (guint k = first_span_from (para->links, MAX (a, run->delta + run->gi->item->offset), TRUE);
           k < para->links->len && g_array_index (para->links, BfSpan, k).start < b; k++)
        {
          BfSpan *link = &g_array_index (para->links, BfSpan, k);
          double x0, x1;
          if (run_extent (gi, link->start - run->delta, link->end - run->delta, &x0, &x1))
            {
              BfDisplayItem item = { .kind = BF_ITEM_LINK, .x = run->x + x0, .y = 0,
                                     .width = x1 - x0, .height = line->height,
                                     .name = g_strdup (link->target) };
              g_array_append_val (line->items, item);
            }
        }
      if (strokes)
        draw_strokes (line, strokes, gi, run->x, baseline - rise, color);
      /* Done with: the line keeps it compact. */
      BfDisplayItem item = { .kind = BF_ITEM_GLYPHS, .x = run->x, .y = baseline - rise,
                             .color = color, .glyphs = bf_glyph_run_new_take (gi),
                             .text = g_ref_string_acquire ((char *) run->text) };
      run->gi = NULL;
      g_array_append_val (line->items, item);
    }
  g_array_unref (runs);
  if (strokes)
    g_array_unref (strokes);

  /* Destinations and note references that fall on this line. */
  int next_b = s->char_offsets[span->next];
  gboolean last_line = span->next >= s->n_chars;
  for (guint k = first ? 0 : first_span_from (para->anchors, a, FALSE);
       k < para->anchors->len && (last_line || g_array_index (para->anchors, BfSpan, k).start < next_b); k++)
    {
      BfSpan *anchor = &g_array_index (para->anchors, BfSpan, k);
      if ((first || anchor->start >= a) && (anchor->start < next_b || last_line))
        {
          BfDisplayItem item = { .kind = BF_ITEM_DEST, .x = 0, .y = 0,
                                 .name = g_strdup (anchor->target) };
          g_array_append_val (line->items, item);
        }
    }
  for (guint k = first_span_from (para->note_refs, a, FALSE);
       k < para->note_refs->len && (last_line || g_array_index (para->note_refs, BfSpan, k).start < next_b); k++)
    {
      BfSpan *ref = &g_array_index (para->note_refs, BfSpan, k);
      if (ref->start >= a && (ref->start < next_b || last_line))
        {
          if (!line->notes)
            line->notes = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (line->notes, g_strdup (ref->target));
        }
    }

  if (first && set->marker)
    add_marker (breaker, para, set->marker, set->side, line, baseline);
  return line;
}

/* A paragraph's text, shaped once and broken into lines. */
void
bf_paragraph_layout_text (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  double pitch = para->style.font_size * para->style.line_height;
  guint first_index = lines->len;

  PangoDirection dir = bf_paragraph_get_direction (para, PANGO_DIRECTION_LTR);
  /* The text the lines' items keep (as many references). */
  char *text = g_ref_string_new_len (para->text->str, para->text->len);
  g_string_free (g_steal_pointer (&para->text), TRUE);
  g_ptr_array_add (breaker->texts, text);
  g_autofree char *marker = g_steal_pointer (&para->marker);

  BfShaped s;
  if (para->shaped)
    {
      /* Shaped already, to measure its table cell: the same bytes. */
      s = *para->shaped;
      s.text = text;
      g_clear_pointer (&para->shaped, g_free);
    }
  else
    bf_shape (breaker, text, para->attrs, para, dir, para->style.lang, &s);
  LineSetting set = { 0, style_metrics (breaker, &para->style), marker,
                      bf_paragraph_get_side (para, dir), 0, 0 };
  if (marker)
    set.marker_overhang = marker_overhang (breaker, para, marker, set.side);
  set.pitch = MAX (pitch, set.metrics.ascent + set.metrics.descent);
  if (para->style.preformatted)
    set.continuation_indent = 2 * label_width (breaker, &para->style, continuation_mark (set.side),
                                               set.side);

  if (para->style.text_align == BF_ALIGN_JUSTIFY && para->style.text_justify == BF_JUSTIFY_KASHIDA)
    {
      s.kashida_stretch = bf_kashida_get_stretch (&s);
      s.alternates = bf_alternates_find (&s);
    }
  bf_find_hyphenation_points (breaker, para, &s);
  s.hyphen_width = bf_shaped_get_hyphen_advance (breaker, &s);
  int width = (int) ((breaker->width - para->indent_start - para->indent_end) * PANGO_SCALE);
  BfBreakParams params = { width - (int) ((para->style.text_indent + set.marker_overhang)
                                          * PANGO_SCALE), width,
                           breaker->optimal, para->style.preformatted,
                           effective_align (&para->style) == BF_ALIGN_JUSTIFY
                               ? 0 : (int) (3 * para->style.font_size * PANGO_SCALE),
                           (int) (set.continuation_indent * PANGO_SCALE) };
  GArray *spans = bf_break_lines (&s, &params);
  int wrapped = 0;
  for (guint i = 0; i < spans->len; i++)
    {
      const BfLineSpan *span = &g_array_index (spans, BfLineSpan, i);
      BfLine *line = build_line (breaker, para, &s, span, i == 0, &set);
      line->keep_group = para->keep_group;
      line->source = para->source;
      bf_display_items_set_source (line->items, para->source);
      g_ptr_array_add (lines, line);
      wrapped += span->continued;
    }
  if (spans->len)
    ((BfLine *) lines->pdata[first_index])->wrapped_lines = wrapped;
  g_array_unref (spans);
  bf_shaped_clear (&s);

  /* Keeps: no widow or orphan (as many lines each side of a break as the
   * style says), no break after a heading, none inside a keep-together
   * group. */
  guint n = lines->len - first_index;
  guint orphans = MAX (para->style.orphans, 1), widows = MAX (para->style.widows, 1);
  for (guint i = 0; i < n; i++)
    {
      BfLine *line = g_ptr_array_index (lines, first_index + i);
      if (i == 0)
        {
          line->space_before = para->space_before;
          line->break_ok_before = !para->keep_with_previous || para->break_before;
          line->break_before = para->break_before;
          line->heading_level = para->heading_level;
          if (para->heading_level)
            line->heading_title = g_strdup (text);
          line->string_sets = g_steal_pointer (&para->string_sets);
        }
      else
        line->break_ok_before = i >= orphans && n - i >= widows && !para->heading_level;
    }
  bf_lines_add_box_decorations (breaker, para, set.side == PANGO_DIRECTION_RTL, lines, first_index);
}

/* Min-content: the widest piece between two places a line may break (white
 * space at its end hangs); max-content: the widest line between forced
 * breaks.  Both from the shaped advances, so they are what the lines will
 * take; the shaping is kept for the layout. */
void
bf_paragraph_measure (BfLineBreaker *breaker, BfParagraph *para, double *min, double *max)
{
  *min = *max = 0;
  if (!para->text || !para->text->len)
    return;
  PangoDirection dir = bf_paragraph_get_direction (para, PANGO_DIRECTION_LTR);
  if (!para->shaped)
    {
      para->shaped = g_new0 (BfShaped, 1);
      bf_shape (breaker, para->text->str, para->attrs, para, dir, para->style.lang, para->shaped);
    }
  const BfShaped s = *para->shaped;
  double word = 0, line = MAX (para->style.text_indent, 0) * PANGO_SCALE, widest_word = 0,
         widest_line = 0, hanging = 0;
  for (int i = 0; i < s.n_chars; i++)
    {
      const PangoLogAttr *attr = &s.log_attrs[i];
      if (i > 0 && attr->is_mandatory_break)
        {
          widest_line = MAX (widest_line, line - hanging);
          line = hanging = 0;
        }
      if (attr->is_line_break && !para->style.preformatted)
        {
          widest_word = MAX (widest_word, word);
          word = 0;
        }
      if (attr->is_white)
        hanging += s.widths[i];
      else
        {
          word += s.widths[i];
          hanging = 0;
        }
      line += s.widths[i];
    }
  widest_word = MAX (widest_word, word);
  widest_line = MAX (widest_line, line - hanging);
  if (para->style.preformatted)
    widest_word = widest_line;
  double indents = para->indent_start + para->indent_end;
  *min = widest_word / PANGO_SCALE + indents;
  *max = MAX (widest_line / PANGO_SCALE, widest_word / PANGO_SCALE) + indents;
}
