/* image-block.c — pictures set as blocks: their size on the page as CSS
 * says (the intrinsic size in CSS px, `width`, `height`, `max-width`,
 * `max-height` and the HTML width/height attributes as hints, the aspect
 * ratio kept unless both sides are given), never wider than the measure nor
 * taller than the page's text area, and the one line that holds each, the
 * picture at the start, centre or end of the measure as text-align says. */
#include "layout/paragraph-private.h"

#include <stdlib.h>

/* CSS px are 1/96 in; points 1/72 in. */
#define POINTS_PER_PX 0.75

/* @d in points, its percentages taken of @reference (which may be 0 when
 * percentages cannot resolve: then the dimension counts as unset). */
static gboolean
resolve_dimension (const BfDimension *d, double reference, double *out)
{
  if (!d->set)
    return FALSE;
  if (d->percent)
    {
      if (reference <= 0)
        return FALSE;
      *out = d->value / 100 * reference;
    }
  else
    *out = d->value;
  return TRUE;
}

/* An HTML width or height attribute (a number of CSS px; a percentage of
 * @reference), a presentational hint for the style's dimension. */
static gboolean
attribute_dimension (xmlNodePtr element, const char *name, double reference, double *out)
{
  if (!element)
    return FALSE;
  g_autofree xmlChar *value = xmlGetProp (element, BAD_CAST name);
  if (!value)
    return FALSE;
  char *end = NULL;
  double number = g_ascii_strtod ((const char *) value, &end);
  if (end == (char *) value || !(number > 0) || number > 1e6)
    return FALSE;
  if (*end == '%')
    {
      if (reference <= 0)
        return FALSE;
      *out = number / 100 * reference;
    }
  else
    *out = number * POINTS_PER_PX;
  return TRUE;
}

void
bf_image_block_size (BfImage *image, const BfComputedStyle *style, xmlNodePtr element, double measure,
                     double page_height, double *width, double *height)
{
  double iw, ih;
  bf_image_get_size (image, &iw, &ih);
  iw *= POINTS_PER_PX;
  ih *= POINTS_PER_PX;
  double ratio = iw > 0 && ih > 0 ? iw / ih : 1;

  double w = 0, h = 0;
  gboolean has_w = resolve_dimension (&style->width, measure, &w)
                   || attribute_dimension (element, "width", measure, &w);
  gboolean has_h = resolve_dimension (&style->height, page_height, &h)
                   || attribute_dimension (element, "height", page_height, &h);
  if (has_w && !has_h)
    h = w / ratio;
  else if (has_h && !has_w)
    w = h * ratio;
  else if (!has_w && !has_h)
    {
      w = iw;
      h = ih;
    }

  /* The maxima scale both sides (the ratio kept), as CSS's min/max rules do
   * for a replaced element whose other side is auto. */
  double max_w, max_h;
  if (resolve_dimension (&style->max_width, measure, &max_w) && w > max_w)
    {
      h = has_h && has_w ? h : h * max_w / w;
      w = max_w;
    }
  if (resolve_dimension (&style->max_height, page_height, &max_h) && h > max_h)
    {
      w = has_h && has_w ? w : w * max_h / h;
      h = max_h;
    }
  /* Never wider than the measure nor taller than a page. */
  if (measure > 0 && w > measure)
    {
      h *= measure / w;
      w = measure;
    }
  if (page_height > 0 && h > page_height)
    {
      w *= page_height / h;
      h = page_height;
    }
  *width = MAX (w, 0.0);
  *height = MAX (h, 0.0);
}

/* TRUE when the picture's block starts on the right. */
static gboolean
starts_right (const BfParagraph *para)
{
  if (para->style.direction != BF_DIRECTION_AUTO)
    return para->style.direction == BF_DIRECTION_RTL;
  if (para->group_direction != BF_DIRECTION_AUTO)
    return para->group_direction == BF_DIRECTION_RTL;
  return bf_lang_is_rtl (para->style.lang);
}

/* The picture's left edge in a measure from @left to @right. */
static double
image_x (const BfParagraph *para, double left, double right, double width)
{
  gboolean rtl = starts_right (para);
  switch (para->style.text_align)
    {
    case BF_ALIGN_CENTER:
      return left + (right - left - width) / 2;
    case BF_ALIGN_LEFT:
      return left;
    case BF_ALIGN_RIGHT:
      return right - width;
    case BF_ALIGN_END:
      return rtl ? left : right - width;
    default: /* start, justify */
      return rtl ? right - width : left;
    }
}

BfLine *
bf_image_block_line (const BfParagraph *para, double measure, GPtrArray *alt_lines)
{
  BfLine *line = bf_line_new (para->u.image.height);
  line->break_ok_before = !para->keep_with_previous;
  line->break_before = para->break_before;
  line->space_before = para->space_before;
  line->keep_group = para->keep_group;
  line->source = para->source;
  line->orphans = line->widows = 1;

  gboolean rtl = starts_right (para);
  double left = rtl ? para->indent_end : para->indent_start;
  double right = measure - (rtl ? para->indent_start : para->indent_end);
  if (right - left < para->u.image.width)
    {
      left = 0;
      right = measure;
    }
  /* The alt text's lines, stacked within the picture's height (wrapping
   * round to its top), drawn first so the picture covers them. */
  double y = 0;
  for (guint i = 0; alt_lines && i < alt_lines->len; i++)
    {
      BfLine *alt = alt_lines->pdata[i];
      if (y + alt->height > para->u.image.height)
        y = 0;
      for (guint j = 0; j < alt->items->len; j++)
        g_array_index (alt->items, BfDisplayItem, j).alt_text = TRUE;
      bf_display_items_move (alt->items, line->items, 0, y);
      y += alt->height;
    }
  BfDisplayItem item = { 0 };
  item.kind = BF_ITEM_IMAGE;
  item.x = image_x (para, left, right, para->u.image.width);
  item.y = 0;
  item.width = para->u.image.width;
  item.height = para->u.image.height;
  item.image = bf_image_ref (para->u.image.picture);
  item.alt = g_strdup (para->u.image.alt);
  g_array_append_val (line->items, item);
  bf_display_items_set_source (line->items, para->source);
  return line;
}

/* ---------------------------------------------------------- inline pictures */

BfInlinePicture *
bf_inline_picture_new (BfImage *picture, const char *alt, double width, double height)
{
  BfInlinePicture *p = g_new0 (BfInlinePicture, 1);
  p->ref_count = 1;
  p->picture = picture;
  p->alt = g_strdup (alt ? alt : "");
  p->width = width;
  p->height = height;
  return p;
}

gpointer
bf_inline_picture_ref (gconstpointer picture)
{
  BfInlinePicture *p = (BfInlinePicture *) picture;
  g_atomic_int_inc (&p->ref_count);
  return p;
}

void
bf_inline_picture_unref (gpointer picture)
{
  BfInlinePicture *p = picture;
  if (!p || !g_atomic_int_dec_and_test (&p->ref_count))
    return;
  bf_image_unref (p->picture);
  g_free (p->alt);
  g_free (p);
}

const BfInlinePicture *
bf_item_get_inline_picture (const PangoItem *item)
{
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next)
    {
      const PangoAttribute *attr = l->data;
      if (attr->klass->type == PANGO_ATTR_SHAPE)
        {
          const PangoAttrShape *shape = (const PangoAttrShape *) attr;
          if (shape->copy_func == bf_inline_picture_ref)
            return shape->data;
        }
    }
  return NULL;
}
