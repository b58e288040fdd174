/* table.c — tables (BF_BLOCK_TABLE).  The box tree hands over the grid
 * (rows, cells with their spans, <col> widths, the caption); here the
 * columns get their widths — from the cells' content as CSS 2.1
 * §17.5.2.2 describes automatic table layout, or from the first row and
 * the <col>s under `table-layout: fixed` (§17.5.2.1) — and each band of
 * rows (rows that no cell spans out of) becomes one line that never
 * breaks: cells side by side, the first column on the table's start side,
 * with their padding, borders, backgrounds and vertical alignment, in the
 * separated or collapsing border model (§17.6).  The lines of the header
 * and footer rows go with every band of the body, for pagination to draw
 * them again at the top and the foot of each page the table goes on over; a band taller than a page is cut
 * between the lines of its cells. */
#include "layout/paragraph-private.h"

#include <string.h>

typedef struct {
  double min, max;            /* content widths, the cells' padding and borders included */
  double fixed;               /* a width in points a cell or <col> gives, or 0 */
  double percent;             /* a percentage a cell or <col> gives, or 0 */
  double width;               /* the one chosen */
  double start;               /* its left edge in a left-to-right table, from the
                                 table's left edge */
} Column;

/* A cell laid out: its lines and the height they take. */
typedef struct {
  const BfTableCell *cell;
  GPtrArray *lines;           /* BfLine* */
  BfLineQuality quality;      /* of its lines, for the report */
  double content_height;
  double x, width;            /* its box, from the table's left edge */
} CellBox;

typedef struct {
  BfLineBreaker *breaker;
  BfParagraph *para;
  BfTableData *t;
  gboolean rtl, collapse;
  double spacing_h, spacing_v;
  double edge[4];             /* the table's border and padding by side (BfSide) */
  Column *columns;
  double width;               /* the table's, edges included */
} Table;

static void measure_table (BfLineBreaker *breaker, BfParagraph *para, double *min, double *max);

/* ------------------------------------------------------------ measuring */

static void
measure_block (BfLineBreaker *breaker, BfParagraph *block, double *min, double *max)
{
  double indents = block->indent_start + block->indent_end;
  switch (block->kind)
    {
    case BF_BLOCK_PARAGRAPH:
      bf_paragraph_measure (breaker, block, min, max);
      return;
    case BF_BLOCK_TABLE:
      measure_table (breaker, block, min, max);
      *min += indents;
      *max += indents;
      return;
    case BF_BLOCK_IMAGE:
      /* A picture sized in percentages shrinks with its cell (CSS 2.1
       * §10.2's percentage min-content contribution). */
      *max = block->u.image.width + indents;
      *min = block->style.max_width.percent || block->style.width.percent ? indents : *max;
      return;
    case BF_BLOCK_RULE:
      *min = *max = indents;
      return;
    }
}

static void
measure_blocks (BfLineBreaker *breaker, GPtrArray *blocks, double *min, double *max)
{
  *min = *max = 0;
  for (guint i = 0; blocks && i < blocks->len; i++)
    {
      double a, b;
      measure_block (breaker, blocks->pdata[i], &a, &b);
      *min = MAX (*min, a);
      *max = MAX (*max, b);
    }
}

/* What a cell's padding and border take on @side: all of its border in
 * the separated model, the half inside it when borders collapse. */
static double
cell_edge (const Table *t, const BfTableCell *cell, BfSide side)
{
  double border = cell->box.border[side];
  return cell->box.padding[side] + (t->collapse ? border / 2 : border);
}

static double
cell_edges_across (const Table *t, const BfTableCell *cell)
{
  return cell_edge (t, cell, BF_SIDE_START) + cell_edge (t, cell, BF_SIDE_END);
}

/* What the spacing between columns first … last adds to a span of them. */
static double
spacing_inside (const Table *t, int first, int last)
{
  return (last - first) * t->spacing_h;
}

/* Spreads @excess over columns first … last in proportion to their
 * max-content (evenly when that is 0 for all), adding to the field at
 * @offset. */
static void
spread (Column *columns, int first, int last, double excess, gsize offset)
{
  double total = 0;
  for (int c = first; c <= last; c++)
    total += columns[c].max;
  for (int c = first; c <= last; c++)
    {
      double share = total > 0 ? columns[c].max / total : 1.0 / (last - first + 1);
      *(double *) ((char *) &columns[c] + offset) += excess * share;
    }
}

/* Each column's min- and max-content width: from the cells spanning one
 * column first, then the excess of wider spanning cells spread over the
 * columns they span (CSS 2.1 §17.5.2.2, steps 1–2). */
static void
measure_columns (Table *t)
{
  const GArray *widths = t->t->column_widths;
  for (int c = 0; c < t->t->columns && c < (int) widths->len; c++)
    {
      const BfDimension *w = &g_array_index (widths, BfDimension, c);
      if (w->set && w->percent)
        t->columns[c].percent = w->value;
      else if (w->set)
        t->columns[c].fixed = w->value;
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < t->t->cells->len; i++)
      {
        const BfTableCell *cell = t->t->cells->pdata[i];
        if ((cell->colspan == 1) != (pass == 0))
          continue;
        double min, max, edges = cell_edges_across (t, cell);
        measure_blocks (t->breaker, cell->blocks, &min, &max);
        min += edges;
        max += edges;
        const BfDimension *w = &cell->box.width;
        if (w->set && !w->percent)
          max = MAX (min, w->value + edges);
        int first = cell->column, last = cell->column + cell->colspan - 1;
        if (pass == 0)
          {
            Column *col = &t->columns[first];
            col->min = MAX (col->min, min);
            col->max = MAX (col->max, max);
            if (w->set && w->percent)
              col->percent = MAX (col->percent, w->value);
            else if (w->set)
              col->fixed = MAX (col->fixed, w->value + edges);
            continue;
          }
        double have_min = spacing_inside (t, first, last), have_max = have_min;
        for (int c = first; c <= last; c++)
          {
            have_min += t->columns[c].min;
            have_max += t->columns[c].max;
          }
        if (min > have_min)
          spread (t->columns, first, last, min - have_min, G_STRUCT_OFFSET (Column, min));
        if (max > have_max)
          spread (t->columns, first, last, max - have_max, G_STRUCT_OFFSET (Column, max));
      }
  for (int c = 0; c < t->t->columns; c++)
    {
      Column *col = &t->columns[c];
      if (col->fixed > 0)
        col->max = MAX (col->min, col->fixed);
      col->max = MAX (col->max, col->min);
    }
}

/* Columns whose min-content is more than the table has room for: the
 * narrow ones keep theirs (a short word is never broken to make room for
 * an address that must break anyway), the wide ones share what is left in
 * proportion to their min-content.  Fills the columns still at -1. */
static void
squeeze (Table *t, double rest)
{
  int n = t->t->columns;
  gboolean changed = TRUE;
  while (changed)
    {
      changed = FALSE;
      int open = 0;
      for (int c = 0; c < n; c++)
        open += t->columns[c].width < 0;
      if (open == 0)
        return;
      double fair = rest / open;
      for (int c = 0; c < n; c++)
        if (t->columns[c].width < 0 && t->columns[c].min <= fair)
          {
            t->columns[c].width = t->columns[c].min;
            rest -= t->columns[c].min;
            changed = TRUE;
          }
    }
  double wide = 0;
  int open = 0;
  for (int c = 0; c < n; c++)
    if (t->columns[c].width < 0)
      {
        wide += t->columns[c].min;
        open++;
      }
  for (int c = 0; c < n; c++)
    if (t->columns[c].width < 0)
      t->columns[c].width = wide > 0 ? t->columns[c].min * MAX (rest, 0) / wide : MAX (rest, 0) / open;
}

/* The columns' widths for a table whose columns take @target points in
 * all: min-content each, the rest of the way to max-content (or to a
 * percentage of @target, when a column asks for more) in proportion to
 * what each lacks, and past that in proportion to max-content (columns
 * without a fixed width first).  Below the sum of min-content, squeezed:
 * words then break inside their cells, and the table still fits. */
static void
share_width (Table *t, double target)
{
  int n = t->t->columns;
  double min = 0, max = 0, max_auto = 0;
  for (int c = 0; c < n; c++)
    {
      Column *col = &t->columns[c];
      if (col->percent > 0)
        col->max = MAX (col->max, col->percent / 100 * target);
      min += col->min;
      max += col->max;
      max_auto += col->fixed > 0 ? 0 : col->max;
    }
  for (int c = 0; c < n; c++)
    {
      Column *col = &t->columns[c];
      if (target >= max)
        {
          double weight = max_auto > 0 ? (col->fixed > 0 ? 0 : col->max / max_auto)
                          : max > 0 ? col->max / max : 1.0 / n;
          col->width = col->max + (target - max) * weight;
        }
      else if (target >= min)
        col->width = col->min + (col->max - col->min) * (max > min ? (target - min) / (max - min) : 0);
      else
        col->width = -1;
    }
  if (target < min)
    squeeze (t, target);
}

/* table-layout: fixed: <col> widths, else the first row's cells', the
 * other columns sharing what is left evenly; the content is not read. */
static void
fixed_columns (Table *t, double target)
{
  int n = t->t->columns;
  const GArray *widths = t->t->column_widths;
  for (int c = 0; c < n && c < (int) widths->len; c++)
    {
      const BfDimension *w = &g_array_index (widths, BfDimension, c);
      if (w->set)
        t->columns[c].fixed = w->percent ? w->value / 100 * target : w->value;
    }
  for (guint i = 0; i < t->t->cells->len; i++)
    {
      const BfTableCell *cell = t->t->cells->pdata[i];
      if (cell->row > 0)
        break;
      const BfDimension *w = &cell->box.width;
      if (!w->set)
        continue;
      double total = (w->percent ? w->value / 100 * target : w->value + cell_edges_across (t, cell))
                     - spacing_inside (t, cell->column, cell->column + cell->colspan - 1);
      for (int c = cell->column; c < cell->column + cell->colspan; c++)
        if (t->columns[c].fixed <= 0)
          t->columns[c].fixed = MAX (total / cell->colspan, 0);
    }
  double taken = 0;
  int open = 0;
  for (int c = 0; c < n; c++)
    {
      taken += t->columns[c].fixed;
      open += t->columns[c].fixed <= 0;
    }
  double scale = taken > target && taken > 0 ? target / taken : 1;
  for (int c = 0; c < n; c++)
    t->columns[c].width = t->columns[c].fixed > 0 ? t->columns[c].fixed * scale
                                                 : MAX (target - taken, 0) / MAX (open, 1);
}

static void
table_init (Table *t, BfLineBreaker *breaker, BfParagraph *para)
{
  memset (t, 0, sizeof *t);
  t->breaker = breaker;
  t->para = para;
  t->t = &para->u.table;
  PangoDirection lang_dir = bf_lang_is_rtl (para->style.lang) ? PANGO_DIRECTION_RTL
                                                              : PANGO_DIRECTION_LTR;
  t->rtl = bf_paragraph_get_side (para, lang_dir) == PANGO_DIRECTION_RTL;
  t->collapse = para->style.border_collapse;
  t->spacing_h = t->collapse ? 0 : para->style.border_spacing[0];
  t->spacing_v = t->collapse ? 0 : para->style.border_spacing[1];
  for (int side = 0; side < 4; side++)
    t->edge[side] = bf_style_get_border (&para->style, side)
                    + (t->collapse ? 0 : para->style.padding[side]);
  t->columns = g_new0 (Column, MAX (t->t->columns, 1));
}

static void
table_clear (Table *t)
{
  g_free (t->columns);
}

/* What the table's edges and the spacing between and around its columns
 * take across it. */
static double
table_overhead (const Table *t)
{
  return t->edge[BF_SIDE_START] + t->edge[BF_SIDE_END] + (t->t->columns + 1) * t->spacing_h;
}

static void
measure_table (BfLineBreaker *breaker, BfParagraph *para, double *min, double *max)
{
  Table t;
  table_init (&t, breaker, para);
  measure_columns (&t);
  double overhead = table_overhead (&t);
  *min = *max = overhead;
  for (int c = 0; c < t.t->columns; c++)
    {
      *min += t.columns[c].min;
      *max += t.columns[c].max;
    }
  const BfDimension *w = &para->style.width;
  if (w->set && !w->percent)
    *max = *min = MAX (*min, w->value);
  table_clear (&t);
}

/* The columns' widths and the table's, within @measure. */
static void
size_columns (Table *t, double measure)
{
  const BfDimension *w = &t->para->style.width;
  double overhead = table_overhead (t);
  double available = MAX (measure - overhead, 0);
  double wanted = !w->set ? -1 : (w->percent ? w->value / 100 * measure : w->value) - overhead;
  if (t->para->style.table_fixed)
    {
      fixed_columns (t, wanted >= 0 ? MIN (wanted, available) : available);
    }
  else
    {
      measure_columns (t);
      double min = 0, max = 0;
      for (int c = 0; c < t->t->columns; c++)
        {
          min += t->columns[c].min;
          max += t->columns[c].max;
        }
      /* Columns in percentages make the table as wide as it may be
       * (what browsers do when they add up to 100%). */
      gboolean percent = FALSE;
      for (int c = 0; c < t->t->columns; c++)
        percent |= t->columns[c].percent > 0;
      double target = wanted >= 0 ? MAX (wanted, min) : percent ? available : max;
      share_width (t, MIN (target, available));
    }
  t->width = overhead;
  for (int c = 0; c < t->t->columns; c++)
    t->width += t->columns[c].width;
  double start = t->edge[BF_SIDE_START] + t->spacing_h;
  for (int c = 0; c < t->t->columns; c++)
    {
      t->columns[c].start = start;
      start += t->columns[c].width + t->spacing_h;
    }
}

/* ------------------------------------------------------------ setting */

/* The width of @cell's slots, the spacing between them included (summed,
 * not taken from the columns' starts: a column exactly as wide as its
 * longest word must hold it). */
static double
span_width (const Table *t, const BfTableCell *cell)
{
  double width = spacing_inside (t, cell->column, cell->column + cell->colspan - 1);
  for (int c = cell->column; c < cell->column + cell->colspan; c++)
    width += t->columns[c].width;
  return width;
}

/* The left edge of @cell's slots, from the table's left edge. */
static double
span_left (const Table *t, const BfTableCell *cell)
{
  double start = t->columns[cell->column].start;
  return t->rtl ? t->width - start - span_width (t, cell) : start;
}

/* Lays out a cell's blocks at its width less its padding and borders. */
static void
layout_cell (Table *t, const BfTableCell *cell, CellBox *box)
{
  box->cell = cell;
  box->width = span_width (t, cell);
  box->x = span_left (t, cell);
  box->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  BfLineBreaker cell_breaker = *t->breaker;
  cell_breaker.width = MAX (box->width - cell_edges_across (t, cell), 1);
  cell_breaker.cell_quality = &box->quality;
  for (guint i = 0; i < cell->blocks->len; i++)
    bf_paragraph_layout (&cell_breaker, cell->blocks->pdata[i], box->lines);
  t->breaker->indents_clamped |= cell_breaker.indents_clamped;
  t->breaker->outdents_clamped |= cell_breaker.outdents_clamped;
  box->content_height = 0;
  for (guint i = 0; i < box->lines->len; i++)
    {
      BfLine *line = box->lines->pdata[i];
      box->content_height += (i > 0 ? line->space_before : 0) + line->height;
    }
}

static double
cell_edges_down (const Table *t, const BfTableCell *cell)
{
  return cell_edge (t, cell, BF_SIDE_TOP) + cell_edge (t, cell, BF_SIDE_BOTTOM);
}

/* A filled rectangle, dropped when empty; a border's drawn in @line's
 * dashes or dots along its length. */
static void
add_line (GArray *items, double x, double y, double w, double h, guint32 color,
          BfLineStyle line)
{
  if (w <= 0 || h <= 0)
    return;
  BfDisplayItem item = { .kind = BF_ITEM_RULE, .x = x, .y = y, .width = w, .height = h,
                         .color = color, .line = line };
  g_array_append_val (items, item);
}

/* A filled rectangle, dropped when empty. */
static void
add_rect (GArray *items, double x, double y, double w, double h, guint32 color)
{
  add_line (items, x, y, w, h, color, BF_LINE_SOLID);
}

/* The four borders of the box (x, y, w, h) in @style, drawn inside it, or
 * centred on its edges when borders collapse. */
static void
add_borders (const Table *t, GArray *items, const BfTableBox *style, double x, double y,
             double w, double h, gboolean collapse)
{
  BfSide left = t->rtl ? BF_SIDE_END : BF_SIDE_START, right = t->rtl ? BF_SIDE_START : BF_SIDE_END;
  double top = style->border[BF_SIDE_TOP], bottom = style->border[BF_SIDE_BOTTOM];
  double l = style->border[left], r = style->border[right];
  double out = collapse ? 0.5 : 0;
  add_line (items, x - l * out, y - top * out, w + (l + r) * out, top,
            style->border_color[BF_SIDE_TOP], style->border_line[BF_SIDE_TOP]);
  add_line (items, x - l * out, y + h - bottom * (1 - out), w + (l + r) * out, bottom,
            style->border_color[BF_SIDE_BOTTOM], style->border_line[BF_SIDE_BOTTOM]);
  add_line (items, x - l * out, y - top * out, l, h + (top + bottom) * out,
            style->border_color[left], style->border_line[left]);
  add_line (items, x + w - r * (1 - out), y - top * out, r, h + (top + bottom) * out,
            style->border_color[right], style->border_line[right]);
}

/* The band of rows @first … @last (inclusive) as one line: backgrounds,
 * then the cells' content, then borders, so borders are never covered.
 * Its cells are boxes[*@next_cell] on, which it moves past them; the
 * extent of each of their lines goes into @busy (pairs of y). */
typedef struct {
  GArray *back, *text, *front;
} Layers;

static BfLine *
set_band (Table *t, CellBox *boxes, guint *next_cell, const double *row_top,
          const double *row_height, double left, int first, int last, gboolean first_band,
          gboolean last_band, GArray *busy)
{
  BfTableData *data = t->t;
  double top = row_top[first] - (first_band ? t->edge[BF_SIDE_TOP] + t->spacing_v : 0);
  double bottom = row_top[last] + row_height[last]
                  + (last_band ? t->spacing_v + t->edge[BF_SIDE_BOTTOM] : 0);
  BfLine *line = bf_line_new (bottom - top);
  Layers layers = { g_array_new (FALSE, TRUE, sizeof (BfDisplayItem)), line->items,
                    g_array_new (FALSE, TRUE, sizeof (BfDisplayItem)) };
  double inner_left = left + (t->rtl ? t->edge[BF_SIDE_END] : t->edge[BF_SIDE_START]);
  double inner_width = t->width - t->edge[BF_SIDE_START] - t->edge[BF_SIDE_END];
  const BfComputedStyle *ts = &t->para->style;

  /* The table's own box, its part in this band. */
  if (ts->has_background)
    add_rect (layers.back, left, 0, t->width, bottom - top, ts->background);
  BfSide l = t->rtl ? BF_SIDE_END : BF_SIDE_START, r = t->rtl ? BF_SIDE_START : BF_SIDE_END;
  double border_l = bf_style_get_border (ts, l), border_r = bf_style_get_border (ts, r);
  double border_top = bf_style_get_border (ts, BF_SIDE_TOP);
  double border_bottom = bf_style_get_border (ts, BF_SIDE_BOTTOM);
  add_line (layers.front, left, 0, border_l, bottom - top, bf_style_get_border_color (ts, l),
            bf_style_get_border_line (ts, l));
  add_line (layers.front, left + t->width - border_r, 0, border_r, bottom - top,
            bf_style_get_border_color (ts, r), bf_style_get_border_line (ts, r));
  if (first_band)
    add_line (layers.front, left, 0, t->width, border_top,
              bf_style_get_border_color (ts, BF_SIDE_TOP),
              bf_style_get_border_line (ts, BF_SIDE_TOP));
  if (last_band)
    add_line (layers.front, left, bottom - top - border_bottom, t->width, border_bottom,
              bf_style_get_border_color (ts, BF_SIDE_BOTTOM),
              bf_style_get_border_line (ts, BF_SIDE_BOTTOM));

  for (int r = first; r <= last; r++)
    {
      const BfTableRow *row = &g_array_index (data->rows, BfTableRow, r);
      if (row->box.has_background)
        add_rect (layers.back, inner_left, row_top[r] - top, inner_width, row_height[r],
                  row->box.background);
    }
  /* The cells are in row order: the band's are the next ones. */
  for (; *next_cell < data->cells->len && boxes[*next_cell].cell->row <= last; (*next_cell)++)
    {
      CellBox *box = &boxes[*next_cell];
      const BfTableCell *cell = box->cell;
      const BfTableRow *row = &g_array_index (data->rows, BfTableRow, cell->row);
      int end = cell->row + cell->rowspan - 1;
      bf_line_quality_merge (&line->cells, &box->quality);
      double row_border_top = row->box.border[BF_SIDE_TOP];
      double row_border_bottom = g_array_index (data->rows, BfTableRow, end).box.border[BF_SIDE_BOTTOM];
      double y = row_top[cell->row] - top + row_border_top;
      double h = row_top[end] + row_height[end] - row_top[cell->row] - row_border_top - row_border_bottom;
      double x = left + box->x;
      if (cell->box.has_background)
        add_rect (layers.back, x, y, box->width, h, cell->box.background);
      /* A row's top border runs over the cells that start in it, its
       * bottom border under those that end in it. */
      const BfTableBox *bottom_row = &g_array_index (data->rows, BfTableRow, end).box;
      add_line (layers.front, x, y - row_border_top, box->width, row_border_top,
                row->box.border_color[BF_SIDE_TOP], row->box.border_line[BF_SIDE_TOP]);
      add_line (layers.front, x, y + h, box->width, row_border_bottom,
                bottom_row->border_color[BF_SIDE_BOTTOM], bottom_row->border_line[BF_SIDE_BOTTOM]);
      add_borders (t, layers.front, &cell->box, x, y, box->width, h, t->collapse);
      double room = h - cell_edges_down (t, cell) - box->content_height;
      double shift = cell->box.cell_align == BF_VALIGN_MIDDLE   ? room / 2
                     : cell->box.cell_align == BF_VALIGN_BOTTOM ? room
                                                                  : 0;
      double cy = y + cell_edge (t, cell, BF_SIDE_TOP) + MAX (shift, 0);
      double cx = x + cell_edge (t, cell, t->rtl ? BF_SIDE_END : BF_SIDE_START);
      for (guint k = 0; k < box->lines->len; k++)
        {
          BfLine *cl = box->lines->pdata[k];
          if (k > 0)
            cy += cl->space_before;
          double extent[2] = { cy, cy + cl->height };
          g_array_append_vals (busy, extent, 2);
          bf_display_items_move (cl->items, layers.text, cx, cy);
          for (guint n = 0; cl->notes && n < cl->notes->len; n++)
            {
              if (!line->notes)
                line->notes = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (line->notes, g_strdup (cl->notes->pdata[n]));
            }
          if ((cl->overfull || cl->breaks_word) && !line->excerpt)
            {
              line->overfull |= cl->overfull;
              line->breaks_word |= cl->breaks_word;
              line->excerpt = g_strdup (cl->excerpt);
            }
          cy += cl->height;
        }
    }
  /* Backgrounds under the text, borders over it. */
  g_array_prepend_vals (line->items, layers.back->data, layers.back->len);
  g_array_append_vals (line->items, layers.front->data, layers.front->len);
  g_array_unref (layers.back);
  g_array_unref (layers.front);
  line->source = g_array_index (data->rows, BfTableRow, first).source;
  return line;
}

static int
compare_extents (gconstpointer a, gconstpointer b, gpointer unused)
{
  double d = ((const double *) a)[0] - ((const double *) b)[0];
  return d < 0 ? -1 : d > 0;
}

/* The places a band may be cut (between 0 and @height): the tops of the
 * lines no line of another cell straddles, in order (the extents in @busy
 * get sorted). */
static GArray *
cut_points (GArray *busy, double height)
{
  GArray *cuts = g_array_new (FALSE, FALSE, sizeof (double));
  g_qsort_with_data (busy->data, busy->len / 2, 2 * sizeof (double),
                     compare_extents, NULL);
  double reach = 0;
  for (guint i = 0; i + 1 < busy->len; i += 2)
    {
      double a = g_array_index (busy, double, i), b = g_array_index (busy, double, i + 1);
      if (a >= reach - 0.01 && a > 0.01 && a < height - 0.01)
        g_array_append_val (cuts, a);
      reach = MAX (reach, b);
    }
  return cuts;
}

/* The items of @band between y0 and y1, moved up by y0: text, pictures and
 * links by where they start, rules and backgrounds cut to the piece. */
static BfLine *
band_piece (BfLine *band, double y0, double y1, gboolean last)
{
  BfLine *piece = bf_line_new (y1 - y0);
  for (guint i = 0; i < band->items->len; i++)
    {
      BfDisplayItem *item = &g_array_index (band->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_RULE)
        {
          double top = MAX (item->y, y0), bottom = MIN (item->y + item->height, y1);
          if (bottom > top)
            add_line (piece->items, item->x, top - y0, item->width, bottom - top, item->color,
                      item->line);
          continue;
        }
      if (item->y < y0 || (item->y >= y1 && !last))
        continue;
      BfDisplayItem moved = *item;
      moved.y -= y0;
      g_array_append_val (piece->items, moved);
      item->glyphs = NULL;
      item->text = NULL;
      item->name = NULL;
      item->image = NULL;
      item->alt = NULL;
    }
  return piece;
}

/* Cuts @band into pieces between the lines of its cells, so that pages
 * may end inside it, each piece no taller than @room (a page less the
 * header and footer rows drawn with it); appends them to @lines and frees @band. */
static void
add_band_in_pieces (BfLine *band, GArray *busy, double room, GPtrArray *lines)
{
  GArray *cuts = cut_points (busy, band->height);
  double start = 0;
  guint next = 0;
  for (gboolean first = TRUE;; first = FALSE)
    {
      /* The next place to cut, or a forced cut inside a line taller than
       * the room. */
      double end = next < cuts->len ? g_array_index (cuts, double, next++) : band->height;
      if (end - start > room)
        {
          end = start + room;
          while (next > 0 && g_array_index (cuts, double, next - 1) > end)
            next--;
        }
      gboolean last = end >= band->height - 0.01;
      BfLine *piece = band_piece (band, start, end, last);
      piece->keep_group = band->keep_group;
      piece->source = band->source;
      piece->break_ok_before = first ? band->break_ok_before : TRUE;
      if (first)
        {
          piece->cells = band->cells;
          piece->notes = g_steal_pointer (&band->notes);
          piece->overfull = band->overfull;
          piece->breaks_word = band->breaks_word;
          piece->excerpt = g_steal_pointer (&band->excerpt);
        }
      g_ptr_array_add (lines, piece);
      if (last)
        break;
      start = end;
    }
  g_array_unref (cuts);
  bf_line_free (band);
}

/* Each row's height: its tallest one-row cell, its own borders, and the
 * excess of cells spanning rows added to the last row they span. */
static void
row_heights (Table *t, CellBox *boxes, double *row_height)
{
  BfTableData *data = t->t;
  for (guint r = 0; r < data->rows->len; r++)
    {
      const BfTableBox *rs = &g_array_index (data->rows, BfTableRow, r).box;
      row_height[r] = rs->border[BF_SIDE_TOP] + rs->border[BF_SIDE_BOTTOM];
    }
  double *content = g_new0 (double, MAX (data->rows->len, 1));
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < data->cells->len; i++)
      {
        const BfTableCell *cell = boxes[i].cell;
        if ((cell->rowspan == 1) != (pass == 0))
          continue;
        double need = boxes[i].content_height + cell_edges_down (t, cell);
        int end = cell->row + cell->rowspan - 1;
        double have = (end - cell->row) * t->spacing_v;
        for (int r = cell->row; r <= end; r++)
          have += content[r];
        if (need > have)
          content[end] += need - have;
      }
  for (guint r = 0; r < data->rows->len; r++)
    row_height[r] += content[r];
  g_free (content);
}

/* Where the footer's rows (<tfoot>, at the end) start, or the row count. */
static int
footer_rows_start (const BfTableData *data, int headers)
{
  int n = (int) data->rows->len;
  while (n > headers && g_array_index (data->rows, BfTableRow, n - 1).footer)
    n--;
  return n;
}

/* How many leading rows stand as the header: in <thead>, or, in a table with
 * none, made only of <th> cells? */
static int
header_rows (const BfTableData *data)
{
  int n = 0;
  while (n < (int) data->rows->len && g_array_index (data->rows, BfTableRow, n).header)
    n++;
  if (n > 0)
    return n;
  if (data->rows->len < 2)
    return 0;
  for (guint i = 0; i < data->cells->len; i++)
    {
      const BfTableCell *cell = data->cells->pdata[i];
      if (cell->row > 0)
        break;
      if (!cell->header_cell || cell->rowspan > 1)
        return 0;
    }
  return 1;
}

/* The caption's lines, at the table's width and over it. */
static void
set_caption (Table *t, double left, GPtrArray *lines)
{
  BfLineBreaker caption_breaker = *t->breaker;
  caption_breaker.width = MAX (t->width, 1);
  guint first = lines->len;
  for (guint i = 0; i < t->t->caption->len; i++)
    bf_paragraph_layout (&caption_breaker, t->t->caption->pdata[i], lines);
  t->breaker->indents_clamped |= caption_breaker.indents_clamped;
  t->breaker->outdents_clamped |= caption_breaker.outdents_clamped;
  for (guint i = first; i < lines->len; i++)
    {
      BfLine *line = lines->pdata[i];
      for (guint k = 0; k < line->items->len; k++)
        g_array_index (line->items, BfDisplayItem, k).x += left;
      line->keep_group = t->para->keep_group;
      line->break_ok_before = FALSE;
    }
}

void
bf_table_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  Table t;
  table_init (&t, breaker, para);
  BfTableData *data = t.t;
  double measure = breaker->width - para->indent_start - para->indent_end;
  size_columns (&t, MAX (measure, 1));
  double left = t.rtl ? breaker->width - para->indent_start - t.width : para->indent_start;
  guint first_index = lines->len;

  gboolean caption_below = data->caption_bottom;
  if (data->caption && !caption_below)
    set_caption (&t, left, lines);

  guint n_rows = data->rows->len;
  CellBox *boxes = g_new0 (CellBox, MAX (data->cells->len, 1));
  for (guint i = 0; i < data->cells->len; i++)
    layout_cell (&t, data->cells->pdata[i], &boxes[i]);
  double *row_height = g_new0 (double, MAX (n_rows, 1));
  double *row_top = g_new0 (double, MAX (n_rows, 1));
  row_heights (&t, boxes, row_height);
  double y = t.edge[BF_SIDE_TOP] + t.spacing_v;
  for (guint r = 0; r < n_rows; r++)
    {
      row_top[r] = y;
      y += row_height[r] + t.spacing_v;
    }

  /* Bands: rows no cell spans out of, each one line. */
  int *band_end = g_new (int, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    band_end[r] = (int) r;
  for (guint i = 0; i < data->cells->len; i++)
    {
      const BfTableCell *cell = data->cells->pdata[i];
      band_end[cell->row] = MAX (band_end[cell->row], cell->row + cell->rowspan - 1);
    }
  int headers = header_rows (data), footer_start = footer_rows_start (data, headers);
  double header_height = headers > 0 ? row_top[headers - 1] + row_height[headers - 1] : 0;
  double footer_height = footer_start < (int) n_rows
                             ? row_top[n_rows - 1] + row_height[n_rows - 1] + t.spacing_v
                                   + t.edge[BF_SIDE_BOTTOM] - row_top[footer_start]
                             : 0;
  /* The header's and the footer's lines as they are before pagination
   * takes their items, to be drawn again on each page the body goes on
   * to; the body's lines, which take them. */
  GPtrArray *header_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  GPtrArray *footer_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  guint first_band = lines->len, next_cell = 0, body_from = 0, body_to = 0;
  GArray *busy = g_array_new (FALSE, FALSE, sizeof (double));
  for (int r = 0; r < (int) n_rows;)
    {
      int last = band_end[r];
      for (int k = r; k <= last; k++)
        last = MAX (last, band_end[k]);
      g_array_set_size (busy, 0);
      BfLine *band = set_band (&t, boxes, &next_cell, row_top, row_height, left, r, last, r == 0,
                               last + 1 == (int) n_rows, busy);
      band->keep_group = para->keep_group;
      /* The header keeps with the first row of the body, the footer with
       * the last. */
      band->break_ok_before = r > 0 && r != headers && r != footer_start;
      if (last < headers || r >= footer_start)
        {
          BfLine *copy = bf_line_new (band->height);
          bf_display_items_copy (band->items, copy->items, 0, 0);
          g_ptr_array_add (last < headers ? header_lines : footer_lines, copy);
          g_ptr_array_add (lines, band);
          r = last + 1;
          continue;
        }
      if (body_from == 0)
        body_from = lines->len;
      /* A tall band may end a page between its lines: one taller than a
       * page always, one taller than a quarter of a page unless its rows
       * say break-inside: avoid. */
      double room = breaker->page_height - header_height - footer_height;
      gboolean avoid = FALSE;
      for (int k = r; k <= last; k++)
        avoid |= g_array_index (data->rows, BfTableRow, k).box.keep_together;
      if (breaker->page_height > 0 && room > 0
          && band->height > (avoid ? breaker->page_height : breaker->page_height / 4))
        add_band_in_pieces (band, busy, room, lines);
      else
        g_ptr_array_add (lines, band);
      body_to = lines->len;
      r = last + 1;
    }
  for (guint k = body_from; k < body_to; k++)
    {
      BfLine *line = lines->pdata[k];
      if (header_lines->len)
        line->repeat_header = g_ptr_array_ref (header_lines);
      if (footer_lines->len)
        line->repeat_footer = g_ptr_array_ref (footer_lines);
    }
  if (lines->len > first_band && first_band > first_index)
    ((BfLine *) lines->pdata[first_band])->break_ok_before = FALSE;
  if (data->caption && caption_below)
    set_caption (&t, left, lines);

  if (lines->len > first_index)
    {
      BfLine *first = lines->pdata[first_index];
      first->space_before = para->space_before;
      first->break_ok_before = !para->keep_with_previous || para->break_before;
      first->break_before = para->break_before;
    }
  g_ptr_array_unref (header_lines);
  g_ptr_array_unref (footer_lines);
  g_array_unref (busy);
  for (guint i = 0; i < data->cells->len; i++)
    g_ptr_array_unref (boxes[i].lines);
  g_free (boxes);
  g_free (row_height);
  g_free (row_top);
  g_free (band_end);
  table_clear (&t);
  bf_lines_add_box_decorations (breaker, para, t.rtl, lines, first_index);
}
