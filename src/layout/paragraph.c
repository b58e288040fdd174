/* paragraph.c — a block laid out by its kind (BfBlockKind): a paragraph's
 * text into lines (line.c), a table into a line per band of rows
 * (table.c), a rule or a picture (image-block.c) into one line each; and
 * what every kind shares — its direction and side, indents kept within
 * the measure, and the quality of lines inside table cells summed for the
 * report. */
#include "layout/paragraph-private.h"

#include <fribidi.h>
#include <string.h>

guint
bf_sorted_first_from (const GArray *array, gsize field, int value)
{
  gsize size = g_array_get_element_size ((GArray *) array);
  guint lo = 0, hi = array->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int at;
      memcpy (&at, array->data + mid * size + field, sizeof at);
      if (at < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

PangoDirection
bf_paragraph_get_direction (const BfParagraph *para, PangoDirection fallback)
{
  if (para->style.direction == BF_DIRECTION_RTL)
    return PANGO_DIRECTION_RTL;
  if (para->style.direction == BF_DIRECTION_LTR)
    return PANGO_DIRECTION_LTR;
  return bf_text_get_direction (para->text->str, fallback);
}

PangoDirection
bf_text_get_direction (const char *text, PangoDirection fallback)
{
  /* The first strong character (UAX #9, rules P2 and P3). */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      FriBidiCharType type = fribidi_get_bidi_type (g_utf8_get_char (p));
      if (FRIBIDI_IS_LETTER (type))
        return FRIBIDI_IS_RTL (type) ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
    }
  return fallback;
}

PangoDirection
bf_paragraph_get_side (const BfParagraph *para, PangoDirection text_dir)
{
  BfDirection d = para->style.direction != BF_DIRECTION_AUTO ? para->style.direction
                                                             : para->group_direction;
  if (d == BF_DIRECTION_RTL)
    return PANGO_DIRECTION_RTL;
  if (d == BF_DIRECTION_LTR)
    return PANGO_DIRECTION_LTR;
  return text_dir;
}

/* Negative margins and text-indent may pull a block into the page's
 * margins, never past the paper's edge, where its text would be lost: a
 * site's "margin-left: -9999px" is set at the edge. */
static void
clamp_outdents (BfLineBreaker *breaker, BfParagraph *para)
{
  double least = -breaker->outdent_limit;
  gboolean clamped = para->indent_start < least || para->indent_end < least;
  para->indent_start = MAX (para->indent_start, least);
  para->indent_end = MAX (para->indent_end, least);
  for (guint i = 0; para->boxes && i < para->boxes->len; i++)
    {
      BfBoxDecoration *box = &g_array_index (para->boxes, BfBoxDecoration, i);
      clamped |= box->start < least || box->end < least;
      box->start = MAX (box->start, least);
      box->end = MAX (box->end, least);
    }
  if (para->indent_start + para->style.text_indent < least)
    {
      para->style.text_indent = least - para->indent_start;
      clamped = TRUE;
    }
  breaker->outdents_clamped |= clamped;
}

/* Blocks nested so deep that their indents leave less than a quarter of
 * the measure are set at the deepest indent that leaves that much. */
static void
clamp_indents (BfLineBreaker *breaker, BfParagraph *para)
{
  clamp_outdents (breaker, para);
  double indents = para->indent_start + para->indent_end, most = 0.75 * breaker->width;
  if (indents <= most)
    return;
  double scale = most / indents;
  para->indent_start *= scale;
  para->indent_end *= scale;
  for (guint i = 0; i < para->boxes->len; i++)
    {
      BfBoxDecoration *box = &g_array_index (para->boxes, BfBoxDecoration, i);
      box->start *= scale;
      box->end *= scale;
    }
  breaker->indents_clamped = TRUE;
}

/* An <hr>: its top border across the measure less its margins. */
static void
layout_rule (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  double thickness = bf_style_get_border (&para->style, BF_SIDE_TOP);
  BfLine *line = bf_line_new (thickness);
  gboolean rtl = bf_paragraph_get_side (para, PANGO_DIRECTION_LTR) == PANGO_DIRECTION_RTL;
  double left = rtl ? para->indent_end : para->indent_start;
  double w = breaker->width - para->indent_start - para->indent_end;
  if (thickness > 0 && w > 0)
    {
      bf_line_add_rule (line, left, 0, w, thickness,
                        bf_style_get_border_color (&para->style, BF_SIDE_TOP));
      g_array_index (line->items, BfDisplayItem, 0).line
          = bf_style_get_border_line (&para->style, BF_SIDE_TOP);
    }
  line->space_before = para->space_before;
  line->keep_group = para->keep_group;
  line->break_ok_before = !para->keep_with_previous || para->break_before;
  line->break_before = para->break_before;
  line->source = para->source;
  g_ptr_array_add (lines, line);
}

/* A block picture: its alt text first, laid out as a paragraph, then the
 * one line that holds the picture, with the alt text's items under it. */
static void
layout_image (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  g_autoptr (GPtrArray) alt_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  /* A picture wider than its measure (a narrow table cell) is scaled down
   * to it. */
  if (para->u.image.width > breaker->width && breaker->width > 0)
    {
      para->u.image.height *= breaker->width / para->u.image.width;
      para->u.image.width = breaker->width;
    }
  if (para->text && para->text->len)
    bf_paragraph_layout_text (breaker, para, alt_lines);
  g_ptr_array_add (lines, bf_image_block_line (para, breaker->width, alt_lines));
}

/* The anchors of a block whose text does not place them (a table, a rule,
 * a picture without alt text), placed at the top of its first line. */
static void
place_anchors (BfParagraph *para, BfLine *first)
{
  for (guint k = 0; para->anchors && k < para->anchors->len; k++)
    {
      BfDisplayItem item = { .kind = BF_ITEM_DEST, .x = 0, .y = 0,
                             .name = g_strdup (g_array_index (para->anchors, BfSpan, k).target) };
      g_array_append_val (first->items, item);
    }
}

void
bf_paragraph_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  clamp_indents (breaker, para);
  guint first_index = lines->len;
  switch (para->kind)
    {
    case BF_BLOCK_PARAGRAPH:
      bf_paragraph_layout_text (breaker, para, lines);
      break;
    case BF_BLOCK_RULE:
      layout_rule (breaker, para, lines);
      break;
    case BF_BLOCK_TABLE:
      bf_table_layout (breaker, para, lines);
      break;
    case BF_BLOCK_IMAGE:
      layout_image (breaker, para, lines);
      break;
    }
  gboolean text_placed_anchors = para->kind == BF_BLOCK_PARAGRAPH
                                 || (para->kind == BF_BLOCK_IMAGE && para->text && para->text->len);
  if (!text_placed_anchors && lines->len > first_index)
    place_anchors (para, lines->pdata[first_index]);
  if (breaker->cell_quality)
    for (guint i = first_index; i < lines->len; i++)
      bf_line_quality_add (breaker->cell_quality, lines->pdata[i],
                           i > first_index ? lines->pdata[i - 1] : NULL);
}
