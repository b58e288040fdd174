/* display.c — the display list as layout builds it: lines of positioned
 * items (glyph runs, rules, pictures, links, destinations), what they own
 * and how they move or are copied from one list to another, the borders
 * and backgrounds of the boxes around a block, drawn line by line; and the
 * quality of the lines, summed for the report.  Glyph runs are kept
 * compact (BfGlyphRun): a long book's pages hold every glyph until the
 * PDF is written. */
#include "layout/paragraph-private.h"

#include <math.h>
#include <string.h>

/* A run of @n glyphs, with room for offsets when @offsets, in one block. */
static BfGlyphRun *
glyph_run_alloc (int n, gboolean offsets)
{
  gsize per_glyph = 3 * sizeof (guint32) + (offsets ? 2 * sizeof (gint32) : 0);
  BfGlyphRun *run = g_malloc (sizeof (BfGlyphRun) + (gsize) n * per_glyph);
  run->num_glyphs = n;
  run->glyphs = (guint32 *) (run + 1);
  run->advances = (gint32 *) (run->glyphs + n);
  run->clusters = (guint32 *) (run->advances + n);
  run->offsets = offsets ? (gint32 *) (run->clusters + n) : NULL;
  return run;
}

BfGlyphRun *
bf_glyph_run_new_take (PangoGlyphItem *glyph_item)
{
  const PangoGlyphString *g = glyph_item->glyphs;
  gboolean offsets = FALSE;
  for (int i = 0; i < g->num_glyphs && !offsets; i++)
    offsets = g->glyphs[i].geometry.x_offset || g->glyphs[i].geometry.y_offset;
  BfGlyphRun *run = glyph_run_alloc (g->num_glyphs, offsets);
  run->item = glyph_item->item;
  run->width = 0;
  for (int i = 0; i < g->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &g->glyphs[i];
      run->glyphs[i] = info->glyph;
      run->advances[i] = info->geometry.width;
      run->clusters[i] = (guint32) g->log_clusters[i]
                         | (info->attr.is_cluster_start ? BF_GLYPH_CLUSTER_START : 0)
                         | (info->attr.is_color ? BF_GLYPH_COLOR : 0);
      if (offsets)
        {
          run->offsets[2 * i] = info->geometry.x_offset;
          run->offsets[2 * i + 1] = info->geometry.y_offset;
        }
      run->width += info->geometry.width;
    }
  pango_glyph_string_free (glyph_item->glyphs);
  g_slice_free (PangoGlyphItem, glyph_item);
  return run;
}

BfGlyphRun *
bf_glyph_run_copy (const BfGlyphRun *run)
{
  BfGlyphRun *copy = glyph_run_alloc (run->num_glyphs, run->offsets != NULL);
  gsize n = run->num_glyphs;
  copy->item = pango_item_copy (run->item);
  copy->width = run->width;
  memcpy (copy->glyphs, run->glyphs, n * sizeof *run->glyphs);
  memcpy (copy->advances, run->advances, n * sizeof *run->advances);
  memcpy (copy->clusters, run->clusters, n * sizeof *run->clusters);
  if (run->offsets)
    memcpy (copy->offsets, run->offsets, 2 * n * sizeof *run->offsets);
  return copy;
}

void
bf_glyph_run_free (BfGlyphRun *run)
{
  if (!run)
    return;
  pango_item_free (run->item);
  g_free (run);
}

void
bf_glyph_run_get_glyphs (const BfGlyphRun *run, PangoGlyphString *into)
{
  pango_glyph_string_set_size (into, run->num_glyphs);
  for (int i = 0; i < run->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &into->glyphs[i];
      guint32 cluster = run->clusters[i];
      info->glyph = run->glyphs[i];
      info->geometry.width = run->advances[i];
      info->geometry.x_offset = run->offsets ? run->offsets[2 * i] : 0;
      info->geometry.y_offset = run->offsets ? run->offsets[2 * i + 1] : 0;
      info->attr.is_cluster_start = (cluster & BF_GLYPH_CLUSTER_START) != 0;
      info->attr.is_color = (cluster & BF_GLYPH_COLOR) != 0;
      into->log_clusters[i] = (int) (cluster & ~(BF_GLYPH_CLUSTER_START | BF_GLYPH_COLOR));
    }
}

void
bf_line_free (BfLine *line)
{
  if (!line)
    return;
  g_array_unref (line->items);
  if (line->notes)
    g_ptr_array_unref (line->notes);
  if (line->string_sets)
    g_ptr_array_unref (line->string_sets);
  if (line->repeat_header)
    g_ptr_array_unref (line->repeat_header);
  if (line->repeat_footer)
    g_ptr_array_unref (line->repeat_footer);
  g_free (line->heading_title);
  g_free (line->excerpt);
  g_free (line);
}

void
bf_line_quality_merge (BfLineQuality *quality, const BfLineQuality *more)
{
  quality->lines += more->lines;
  quality->justified_lines += more->justified_lines;
  quality->sum_ratios += more->sum_ratios;
  quality->sum_squared_ratios += more->sum_squared_ratios;
  if (fabs (more->worst_ratio) > fabs (quality->worst_ratio))
    quality->worst_ratio = more->worst_ratio;
  quality->loose_lines += more->loose_lines;
  quality->tight_lines += more->tight_lines;
  quality->ragged_lines += more->ragged_lines;
  quality->hyphenated_lines += more->hyphenated_lines;
  quality->consecutive_hyphens += more->consecutive_hyphens;
}

void
bf_line_quality_add (BfLineQuality *quality, const BfLine *line, const BfLine *previous)
{
  if (line->justified)
    {
      quality->justified_lines++;
      quality->sum_ratios += line->ratio;
      quality->sum_squared_ratios += line->ratio * line->ratio;
      if (fabs (line->ratio) > fabs (quality->worst_ratio))
        quality->worst_ratio = line->ratio;
      quality->loose_lines += line->ratio > 1;
      quality->tight_lines += line->ratio < -0.5;
    }
  quality->ragged_lines += line->ragged;
  quality->hyphenated_lines += line->hyphenated;
  quality->consecutive_hyphens += line->hyphenated && previous && previous->hyphenated;
  quality->lines += line->cells.lines == 0;
  bf_line_quality_merge (quality, &line->cells);
}

void
bf_display_items_move (GArray *from, GArray *to, double x, double y)
{
  for (guint i = 0; i < from->len; i++)
    {
      BfDisplayItem *item = &g_array_index (from, BfDisplayItem, i);
      BfDisplayItem moved = *item;
      moved.x += x;
      moved.y += y;
      g_array_append_val (to, moved);
      /* What the item owns is the destination's now. */
      item->glyphs = NULL;
      item->text = NULL;
      item->name = NULL;
      item->image = NULL;
      item->alt = NULL;
    }
}

void
bf_display_items_set_source (GArray *items, xmlNodePtr source)
{
  for (guint i = 0; i < items->len; i++)
    {
      BfDisplayItem *item = &g_array_index (items, BfDisplayItem, i);
      if (!item->source)
        item->source = source;
    }
}

void
bf_display_items_copy (GArray *from, GArray *to, double x, double y)
{
  for (guint i = 0; i < from->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (from, BfDisplayItem, i);
      if (item->kind == BF_ITEM_DEST)
        continue;
      BfDisplayItem copy = *item;
      copy.x += x;
      copy.y += y;
      copy.glyphs = item->glyphs ? bf_glyph_run_copy (item->glyphs) : NULL;
      copy.text = item->text ? g_ref_string_acquire ((char *) item->text) : NULL;
      copy.name = g_strdup (item->name);
      copy.image = item->image ? bf_image_ref (item->image) : NULL;
      copy.alt = g_strdup (item->alt);
      g_array_append_val (to, copy);
    }
}

void
bf_display_item_clear (BfDisplayItem *item)
{
  bf_glyph_run_free (item->glyphs);
  if (item->text)
    g_ref_string_release ((char *) item->text);
  g_free (item->name);
  bf_image_unref (item->image);
  g_free (item->alt);
}

BfLine *
bf_line_new (double height)
{
  BfLine *line = g_new0 (BfLine, 1);
  line->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (line->items, (GDestroyNotify) bf_display_item_clear);
  line->height = height;
  line->break_ok_before = TRUE;
  return line;
}

void
bf_line_add_rule (BfLine *line, double x, double y, double w, double h, guint32 color)
{
  BfDisplayItem item = { .kind = BF_ITEM_RULE, .x = x, .y = y, .width = w, .height = h,
                         .color = color };
  g_array_append_val (line->items, item);
}

/* The borders, backgrounds and vertical padding of the boxes around
 * @para, drawn line by line so that a page break may fall anywhere: each
 * line fills its own height and the gap above it; the first line of a box
 * grows by the box's top border and padding, the last by its bottom ones.
 * Drawn before the text. */
void
bf_lines_add_box_decorations (BfLineBreaker *breaker, BfParagraph *para, gboolean rtl,
                              GPtrArray *lines, guint first_index)
{
  if (para->boxes->len == 0 || lines->len == first_index)
    return;
  BfLine *first = lines->pdata[first_index], *last = lines->pdata[lines->len - 1];
  double top_extra = 0, bottom_extra = 0;
  for (guint k = 0; k < para->boxes->len; k++)
    {
      const BfBoxDecoration *box = &g_array_index (para->boxes, BfBoxDecoration, k);
      if (box->opens)
        top_extra += box->border[BF_SIDE_TOP] + box->padding_top;
      if (box->closes)
        bottom_extra += box->border[BF_SIDE_BOTTOM] + box->padding_bottom;
    }
  if (top_extra > 0)
    {
      for (guint i = 0; i < first->items->len; i++)
        g_array_index (first->items, BfDisplayItem, i).y += top_extra;
      first->height += top_extra;
    }
  last->height += bottom_extra;

  for (guint l = first_index; l < lines->len; l++)
    {
      BfLine *line = lines->pdata[l];
      GArray *drawn = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
      double opened = 0, closed = 0;   /* top and bottom extras of outer boxes */
      for (guint k = 0; k < para->boxes->len; k++)
        {
          const BfBoxDecoration *box = &g_array_index (para->boxes, BfBoxDecoration, k);
          gboolean opens = box->opens && line == first, closes = box->closes && line == last;
          double y0 = opens ? opened : -line->space_before;
          double y1 = closes ? line->height - closed : line->height;
          double left = rtl ? box->end : box->start;
          double right = breaker->width - (rtl ? box->start : box->end);
          int left_side = rtl ? BF_SIDE_END : BF_SIDE_START;
          int right_side = rtl ? BF_SIDE_START : BF_SIDE_END;
          BfDisplayItem rect = { .kind = BF_ITEM_RULE };
          if (box->has_background)
            {
              rect.x = left, rect.y = y0, rect.width = right - left, rect.height = y1 - y0;
              rect.color = box->background;
              g_array_append_val (drawn, rect);
            }
          struct {
            int side;
            double x, y, w, h;
            gboolean draw;
          } edges[] = {
            { left_side, left, y0, box->border[left_side], y1 - y0, TRUE },
            { right_side, right - box->border[right_side], y0, box->border[right_side], y1 - y0, TRUE },
            { BF_SIDE_TOP, left, y0, right - left, box->border[BF_SIDE_TOP], opens },
            { BF_SIDE_BOTTOM, left, y1 - box->border[BF_SIDE_BOTTOM], right - left,
              box->border[BF_SIDE_BOTTOM], closes },
          };
          for (gsize e = 0; e < G_N_ELEMENTS (edges); e++)
            if (edges[e].draw && box->border[edges[e].side] > 0 && edges[e].h > 0 && edges[e].w > 0)
              {
                rect.x = edges[e].x, rect.y = edges[e].y;
                rect.width = edges[e].w, rect.height = edges[e].h;
                rect.color = box->border_color[edges[e].side];
                rect.line = box->border_line[edges[e].side];
                g_array_append_val (drawn, rect);
              }
          if (opens)
            opened += box->border[BF_SIDE_TOP] + box->padding_top;
          if (closes)
            closed += box->border[BF_SIDE_BOTTOM] + box->padding_bottom;
        }
      g_array_prepend_vals (line->items, drawn->data, drawn->len);
      g_array_unref (drawn);
    }
}
