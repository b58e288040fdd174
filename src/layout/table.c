/* table.c — table rows.  The box tree makes them (BF_BLOCK_TABLE_ROW: the
 * cells as child blocks, the table's column count, each cell's padding);
 * here each becomes one line that never breaks, which pagination stacks
 * like any other. */
#include "layout/paragraph-private.h"

/* A table row: each cell's paragraphs laid out at the column's width less
 * the cell's padding and stacked, the cells side by side (right to left in
 * a right-to-left table); the row's top and bottom borders drawn across
 * it. */
void
bf_table_row_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines)
{
  double width = breaker->width - para->indent_start - para->indent_end;
  double column = width / MAX (para->u.row.columns, 1);
  PangoDirection lang_dir = bf_lang_is_rtl (para->style.lang) ? PANGO_DIRECTION_RTL
                                                              : PANGO_DIRECTION_LTR;
  gboolean rtl = bf_paragraph_get_side (para, lang_dir) == PANGO_DIRECTION_RTL;
  double left = rtl ? para->indent_end : para->indent_start;
  double top_rule = bf_style_get_border (&para->style, BF_SIDE_TOP);
  double bottom_rule = bf_style_get_border (&para->style, BF_SIDE_BOTTOM);
  BfLine *row = bf_line_new (0);
  double height = 0;
  for (guint c = 0; c < para->cells->len; c++)
    {
      const double *pad = &g_array_index (para->u.row.cell_padding, double, 4 * c);
      double pad_left = rtl ? pad[BF_SIDE_END] : pad[BF_SIDE_START];
      double pad_right = rtl ? pad[BF_SIDE_START] : pad[BF_SIDE_END];
      BfLineBreaker cell_breaker = *breaker;
      cell_breaker.width = MAX (column - pad_left - pad_right, 1);
      GPtrArray *paras = para->cells->pdata[c];
      GPtrArray *cell_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
      for (guint i = 0; i < paras->len; i++)
        bf_paragraph_layout (&cell_breaker, paras->pdata[i], cell_lines);
      breaker->indents_clamped |= cell_breaker.indents_clamped;
      double x = left + (rtl ? (para->u.row.columns - 1 - (int) c) : (int) c) * column + pad_left;
      double y = top_rule + pad[BF_SIDE_TOP];
      for (guint i = 0; i < cell_lines->len; i++)
        {
          BfLine *cl = cell_lines->pdata[i];
          if (i > 0)
            y += cl->space_before;
          bf_display_items_move (cl->items, row->items, x, y);
          for (guint k = 0; cl->notes && k < cl->notes->len; k++)
            {
              if (!row->notes)
                row->notes = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (row->notes, g_strdup (cl->notes->pdata[k]));
            }
          y += cl->height;
        }
      height = MAX (height, y + pad[BF_SIDE_BOTTOM] + bottom_rule);
      g_ptr_array_unref (cell_lines);
    }
  row->height = height;
  if (top_rule > 0)
    bf_line_add_rule (row, left, 0, width, top_rule, bf_style_get_border_color (&para->style, BF_SIDE_TOP));
  if (bottom_rule > 0)
    bf_line_add_rule (row, left, height - bottom_rule, width, bottom_rule,
              bf_style_get_border_color (&para->style, BF_SIDE_BOTTOM));
  row->space_before = para->space_before;
  row->source = para->source;
  row->break_ok_before = !para->keep_with_previous;
  row->keep_group = para->keep_group;
  g_ptr_array_add (lines, row);
  bf_lines_add_box_decorations (breaker, para, rtl, lines, lines->len - 1);
}
