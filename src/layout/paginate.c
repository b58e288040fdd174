/* paginate.c — stacks lines into pages.
 *
 * Each page takes as many lines as fit with the notes they reference; the
 * break is then moved up to the nearest line that allows a break before it
 * (no widow or orphan, no heading at the foot, no break in a keep-together
 * group).  When no line on the page allows one, the page breaks where it
 * filled.  Footnotes are set at the foot of the page of their reference;
 * page numbers go in the footer. */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

typedef struct {
  BfLayout *layout;
  BfLineBreaker *breaker;
  GHashTable *notes;          /* id → GPtrArray of BfLine* */
  GHashTable *placed_notes;   /* ids already set: a note goes on the page of its
                                 first reference only */
  double top, height;         /* the text area */
  double note_gap;            /* separator space above the notes */
} Pager;

static double
note_height (Pager *p, const char *id)
{
  GPtrArray *lines = g_hash_table_lookup (p->notes, id);
  double h = 0;
  for (guint i = 0; lines && i < lines->len; i++)
    h += ((BfLine *) lines->pdata[i])->height;
  return h;
}

static double
line_notes_height (Pager *p, const BfLine *line)
{
  double h = 0;
  for (guint i = 0; line->notes && i < line->notes->len; i++)
    if (!g_hash_table_contains (p->placed_notes, line->notes->pdata[i]))
      h += note_height (p, line->notes->pdata[i]);
  return h;
}

static gboolean
may_break_before (GPtrArray *lines, guint k)
{
  BfLine *line = lines->pdata[k];
  BfLine *prev = k > 0 ? lines->pdata[k - 1] : NULL;
  if (!line->break_ok_before)
    return FALSE;
  return !(prev && line->keep_group && line->keep_group == prev->keep_group);
}

static BfPage *
page_new (void)
{
  BfPage *page = g_new0 (BfPage, 1);
  page->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (page->items, (GDestroyNotify) bf_display_item_clear);
  return page;
}

static double
text_left (Pager *p, int page_index)
{
  const BfPageSetup *s = &p->layout->setup;
  /* The first page is a right-hand page in a left-to-right book (binding on
   * its left) and a left-hand page in a right-to-left one. */
  gboolean binding_left = (page_index % 2 == 0) != p->layout->rtl;
  return binding_left ? s->margin_inner : s->margin_outer;
}

static void
add_page_number (Pager *p, BfPage *page, int number)
{
  const BfPageSetup *s = &p->layout->setup;
  BfComputedStyle style;
  bf_style_init_root (&style);
  style.font_size = 9;
  style.color = 0x444444;
  style.text_align = BF_ALIGN_CENTER;
  style.direction = BF_DIRECTION_LTR;
  BfParagraph *para = bf_paragraph_new (&style);
  g_autofree char *text = g_strdup_printf ("%d", number);
  bf_paragraph_append (para, &style, text);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  bf_paragraph_layout (p->breaker, para, lines);
  double x = text_left (p, number - 1);
  double y = s->height - s->margin_bottom + (s->margin_bottom - ((BfLine *) lines->pdata[0])->height) / 2;
  for (guint i = 0; i < lines->len; i++)
    bf_display_items_move (((BfLine *) lines->pdata[i])->items, page->items, x, y);
  g_ptr_array_unref (lines);
  bf_paragraph_free (para);
}

static void
add_notes (Pager *p, BfPage *page, GPtrArray *ids, double x)
{
  if (ids->len == 0)
    return;
  double h = 0;
  for (guint i = 0; i < ids->len; i++)
    h += note_height (p, ids->pdata[i]);
  double y = p->top + p->height - h;
  double width = p->breaker->width;
  BfDisplayItem sep = { .kind = BF_ITEM_RULE, .width = width / 3, .height = 0.5,
                        .color = 0x666666 };
  sep.x = x + (p->layout->rtl ? width - sep.width : 0);
  sep.y = y - p->note_gap / 2;
  g_array_append_val (page->items, sep);
  for (guint i = 0; i < ids->len; i++)
    {
      GPtrArray *lines = g_hash_table_lookup (p->notes, ids->pdata[i]);
      for (guint j = 0; lines && j < lines->len; j++)
        {
          BfLine *line = lines->pdata[j];
          bf_display_items_move (line->items, page->items, x, y);
          y += line->height;
        }
    }
}

/* Adds a line to the quality report; an overfull one is also a warning. */
static void
count_line (BfLayout *layout, const BfLine *line, const BfLine *previous, int page_index)
{
  BfLayoutStats *st = &layout->stats;
  st->lines++;
  if (line->justified)
    {
      st->justified_lines++;
      st->mean_ratio += (line->ratio - st->mean_ratio) / st->justified_lines;
      st->sum_squared_ratios += line->ratio * line->ratio;
      if (fabs (line->ratio) > fabs (st->worst_ratio))
        st->worst_ratio = line->ratio;
      st->loose_lines += line->ratio > 1;
      st->tight_lines += line->ratio < -0.5;
    }
  if (line->hyphenated)
    {
      st->hyphenated_lines++;
      st->consecutive_hyphens += previous && previous->hyphenated;
    }
  if (line->overfull)
    {
      st->overfull_lines++;
      g_ptr_array_insert (layout->warnings, layout->warnings->len - 1,
                          g_strdup_printf ("%s: warning: page %d: a line runs past the margin or breaks a word wider than the measure: \"%s…\"",
                                           layout->doc ? layout->doc->name : "<input>",
                                           page_index + 1, line->excerpt ? line->excerpt : ""));
    }
}

void
bf_paginate (BfLayout *layout, BfLineBreaker *breaker, GPtrArray *lines, GHashTable *notes)
{
  const BfPageSetup *s = &layout->setup;
  Pager p = { layout, breaker, notes, g_hash_table_new (g_str_hash, g_str_equal), s->margin_top,
              s->height - s->margin_top - s->margin_bottom, 12.0 };
  guint n = lines->len, start = 0;
  int page_index = 0;

  while (start < n || page_index == 0)
    {
      /* How many lines fit, with their notes. */
      double used = 0, notes_h = 0;
      guint k = start;
      for (; k < n; k++)
        {
          BfLine *line = lines->pdata[k];
          double before = k == start ? 0 : line->space_before;
          double nh = line_notes_height (&p, line);
          double gap = (notes_h == 0 && nh > 0) ? p.note_gap : 0;
          if (k > start && line->break_before)
            break;
          if (k > start && used + before + line->height + notes_h + nh + gap > p.height)
            break;
          used += before + line->height;
          notes_h += nh + gap;
        }
      if (k < n && !((BfLine *) lines->pdata[k])->break_before)
        {
          guint j = k;
          while (j > start && !may_break_before (lines, j))
            j--;
          if (j > start)
            k = j;
        }

      BfPage *page = page_new ();
      double x = text_left (&p, page_index), y = p.top;
      if (layout->page_sources)
        g_ptr_array_add (layout->page_sources, start < k ? ((BfLine *) lines->pdata[start])->source : NULL);
      GPtrArray *page_notes = g_ptr_array_new ();
      for (guint i = start; i < k; i++)
        {
          BfLine *line = lines->pdata[i];
          count_line (layout, line, i > 0 ? lines->pdata[i - 1] : NULL, page_index);
          if (i > start)
            y += line->space_before;
          if (line->heading_level)
            {
              BfOutlineEntry entry = { line->heading_level, g_strdup (line->heading_title),
                                       page_index, y };
              g_array_append_val (layout->outline, entry);
            }
          bf_display_items_move (line->items, page->items, x, y);
          y += line->height;
          for (guint j = 0; line->notes && j < line->notes->len; j++)
            if (g_hash_table_contains (notes, line->notes->pdata[j])
                && g_hash_table_add (p.placed_notes, line->notes->pdata[j]))
              g_ptr_array_add (page_notes, line->notes->pdata[j]);
        }
      add_notes (&p, page, page_notes, x);
      g_ptr_array_unref (page_notes);
      add_page_number (&p, page, page_index + 1);
      g_ptr_array_add (layout->pages, page);
      page_index++;
      start = k;
    }
  g_hash_table_unref (p.placed_notes);
}
