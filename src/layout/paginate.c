/* paginate.c — stacks lines into pages.
 *
 * Each page takes as many lines as fit with the notes they reference; the
 * break is then moved up to the nearest line that allows a break before it
 * (no widow or orphan, no heading at the foot, no break in a keep-together
 * group).  When no line on the page allows one, the page breaks where it
 * filled.  Every page has its own geometry from the @page rules (first,
 * left or right); footnotes are set at the foot of the page of their
 * reference; a table's header rows are drawn again above its rows on
 * each page it goes on to, its footer rows under them on each page it
 * goes on from.  The margin boxes are filled with their content (page
 * counters, the page count, named strings from string-set: the first one
 * set on the page or else the one in force) as each page is made, or,
 * when one shows the page count, once all pages are.  Lines come a
 * paragraph at a time (bf_pager_add_lines): a page is made once the line
 * after it is known, so a layout drawn as it goes holds only the page
 * being filled. */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

struct _BfPager {
  BfLayout *layout;
  BfLineBreaker *breaker;
  GHashTable *notes;          /* id → GPtrArray of BfLine* */
  GHashTable *placed_notes;   /* ids already set (keys of @notes): a note goes on
                                 the page of its first reference only */
  double top, height;         /* the current page's text area */
  double note_gap;            /* separator space above the notes */
  GHashTable *strings;        /* named string → its last value so far */
  GPtrArray *page_strings;    /* per page: GHashTable name → value for string() */
  int page_index;             /* the next page's */
  BfLine *previous;           /* the last line placed (owned), or NULL */
  gboolean boxes_at_once;     /* margin boxes filled as each page is made: none
                                 shows the page count */
  BfPageSink sink;            /* called with each page once final, or NULL */
  gpointer sink_data;
  double sink_seconds;        /* spent in the sink */
  /* How far the lines waiting for the next page were measured: so many
   * fit (0: none measured yet), taking so much height, their notes so much. */
  guint measured;
  double measured_height, measured_notes;
};

static double
note_height (BfPager *p, const char *id)
{
  GPtrArray *lines = g_hash_table_lookup (p->notes, id);
  double h = 0;
  for (guint i = 0; lines && i < lines->len; i++)
    h += ((BfLine *) lines->pdata[i])->height;
  return h;
}

static double
line_notes_height (BfPager *p, const BfLine *line)
{
  double h = 0;
  for (guint i = 0; line->notes && i < line->notes->len; i++)
    if (!g_hash_table_contains (p->placed_notes, line->notes->pdata[i]))
      h += note_height (p, line->notes->pdata[i]);
  return h;
}

/* The height of @lines (a table's header or footer), 0 for NULL. */
static double
lines_height (const GPtrArray *lines)
{
  double h = 0;
  for (guint i = 0; lines && i < lines->len; i++)
    h += ((const BfLine *) lines->pdata[i])->height;
  return h;
}

/* Draws copies of @lines (a table's header or footer, or NULL) on @page
 * from (@x, @y) down; returns the y under them. */
static double
draw_copies (const GPtrArray *lines, BfPage *page, double x, double y)
{
  for (guint i = 0; lines && i < lines->len; i++)
    {
      const BfLine *line = lines->pdata[i];
      guint from = page->items->len;
      bf_display_items_copy (line->items, page->items, x, y);
      /* A repeated header is page furniture: its content was read once. */
      for (guint j = from; j < page->items->len; j++)
        g_array_index (page->items, BfDisplayItem, j).source = NULL;
      y += line->height;
    }
  return y;
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

/* The first page is a right-hand page in a left-to-right book (binding on
 * its left) and a left-hand page in a right-to-left one. */
gboolean
bf_layout_page_is_left (const BfLayout *layout, int page_index)
{
  return (page_index % 2 == 0) == layout->rtl;
}

const BfPageStyle *
bf_layout_get_page_style (const BfLayout *layout, int page_index)
{
  gboolean left = bf_layout_page_is_left (layout, page_index);
  if (page_index < (int) layout->pages->len && ((BfPage *) layout->pages->pdata[page_index])->blank)
    return &layout->page_styles[4 + left];
  return &layout->page_styles[(page_index == 0) * 2 + left];
}

/* ------------------------------------------------------------ margin boxes */

typedef struct {
  int page, pages;
  GHashTable *strings;        /* "POLICY:NAME" → value */
  char *label;                /* the page's number as first shown, or NULL; owned */
} PageContext;

static const char *const policy_names[] = { "first", "start", "last", "first-except" };

static char *
resolve_page_content (const BfContentPart *part, gpointer data)
{
  PageContext *c = data;
  if (part->kind == BF_CONTENT_COUNTER)
    {
      gboolean page = !strcmp (part->text, "page");
      int value = page ? c->page : !strcmp (part->text, "pages") ? c->pages : 0;
      char *shown = bf_list_style_format (part->list_style, value);
      if (page && !c->label)
        c->label = g_strdup (shown);
      return shown;
    }
  if (part->kind == BF_CONTENT_STRING_REF)
    {
      g_autofree char *key = g_strdup_printf ("%s:%s", policy_names[part->policy], part->text);
      return g_strdup (g_hash_table_lookup (c->strings, key));
    }
  return NULL;
}

/* Where each margin box is on the page before an edge's boxes share it
 * (share_edge): the three boxes of an edge span the page area's side and
 * align their text left, centre and right (top, middle and bottom thirds
 * along the sides); corners fill the corners. */
static void
margin_box_area (const BfPageStyle *ps, BfMarginBox position, double *x, double *y, double *w,
                 double *h)
{
  double W = ps->width, H = ps->height;
  double area_w = W - ps->margin_left - ps->margin_right;
  double area_h = H - ps->margin_top - ps->margin_bottom;
  double third = area_h / 3;
  switch (position)
    {
    case BF_MARGIN_TOP_LEFT_CORNER:
      *x = 0, *y = 0, *w = ps->margin_left, *h = ps->margin_top;
      break;
    case BF_MARGIN_TOP_RIGHT_CORNER:
      *x = W - ps->margin_right, *y = 0, *w = ps->margin_right, *h = ps->margin_top;
      break;
    case BF_MARGIN_BOTTOM_LEFT_CORNER:
      *x = 0, *y = H - ps->margin_bottom, *w = ps->margin_left, *h = ps->margin_bottom;
      break;
    case BF_MARGIN_BOTTOM_RIGHT_CORNER:
      *x = W - ps->margin_right, *y = H - ps->margin_bottom, *w = ps->margin_right,
      *h = ps->margin_bottom;
      break;
    case BF_MARGIN_TOP_LEFT:
    case BF_MARGIN_TOP_CENTER:
    case BF_MARGIN_TOP_RIGHT:
      *x = ps->margin_left, *y = 0, *w = area_w, *h = ps->margin_top;
      break;
    case BF_MARGIN_BOTTOM_LEFT:
    case BF_MARGIN_BOTTOM_CENTER:
    case BF_MARGIN_BOTTOM_RIGHT:
      *x = ps->margin_left, *y = H - ps->margin_bottom, *w = area_w, *h = ps->margin_bottom;
      break;
    case BF_MARGIN_LEFT_TOP:
    case BF_MARGIN_LEFT_MIDDLE:
    case BF_MARGIN_LEFT_BOTTOM:
      *x = 0, *w = ps->margin_left, *h = third;
      *y = ps->margin_top + third * (position == BF_MARGIN_LEFT_TOP ? 0
                                     : position == BF_MARGIN_LEFT_MIDDLE ? 1 : 2);
      break;
    default: /* the right side */
      *x = W - ps->margin_right, *w = ps->margin_right, *h = third;
      *y = ps->margin_top + third * (position == BF_MARGIN_RIGHT_TOP ? 0
                                     : position == BF_MARGIN_RIGHT_MIDDLE ? 1 : 2);
      break;
    }
}

/* @text set in @style, broken into lines of @width. */
static GPtrArray *
margin_box_lines (BfPager *p, const BfComputedStyle *style, const char *text, double width)
{
  BfParagraph *para = bf_paragraph_new (style);
  para->style.text_indent = 0;
  bf_paragraph_append (para, style, text);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  BfLineBreaker breaker = *p->breaker;
  breaker.width = width;
  breaker.hyphenator = NULL;
  bf_paragraph_layout (&breaker, para, lines);
  bf_paragraph_free (para);
  return lines;
}

/* The width @text takes on one line. */
static double
natural_width (BfPager *p, const BfComputedStyle *style, const char *text)
{
  if (!text || !*text)
    return 0;
  GPtrArray *lines = margin_box_lines (p, style, text, 1e6);
  double left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
  for (guint i = 0; i < lines->len; i++)
    {
      GArray *items = ((BfLine *) lines->pdata[i])->items;
      for (guint k = 0; k < items->len; k++)
        {
          const BfDisplayItem *item = &g_array_index (items, BfDisplayItem, k);
          if (item->kind != BF_ITEM_GLYPHS)
            continue;
          double w = (double) item->glyphs->width / PANGO_SCALE;
          left = MIN (left, item->x);
          right = MAX (right, item->x + w);
        }
    }
  g_ptr_array_unref (lines);
  return right > left ? right - left : 0;
}

/* How the three boxes of a top or bottom edge share its width @W
 * (after CSS Paged Media, §5.3.2, simplified): a centre box keeps its
 * width, centred, and the side boxes take what is left on either side;
 * without one, the side boxes share the width in proportion to their
 * text, or, when it does not all fit, the shorter keeps its width.  At
 * least two of the boxes hold text. */
static void
share_edge (double W, const double natural[3], double x[3], double w[3])
{
  /* A point of slack, so that text measured on one line stays on one. */
  double nl = natural[0] ? natural[0] + 1 : 0, nc = natural[1] ? natural[1] + 1 : 0;
  double nr = natural[2] ? natural[2] + 1 : 0;
  if (nc > 0)
    {
      double side = MAX (nl, nr), wc = MIN (nc, W);
      if (wc + 2 * side > W)
        wc = MAX (W - 2 * side, MIN (wc, W / 3));
      w[1] = wc, x[1] = (W - wc) / 2;
      w[0] = w[2] = (W - wc) / 2;
      x[0] = 0, x[2] = W - w[2];
    }
  else
    {
      if (nl + nr <= W)
        w[0] = W * nl / (nl + nr);   /* room for both: shared in proportion */
      else if (nl <= nr)
        w[0] = MIN (nl, W / 2);      /* the shorter keeps its width, the longer wraps */
      else
        w[0] = W - MIN (nr, W / 2);
      w[2] = W - w[0];
      x[0] = 0, x[2] = W - w[2];
      w[1] = W, x[1] = 0;
    }
}

static void
add_margin_box (BfPager *p, BfPage *page, const BfComputedStyle *style, const char *text, double x,
                double y, double w, double h)
{
  if (!*text || w < 1 || h < 1)
    return;
  GPtrArray *lines = margin_box_lines (p, style, text, w);
  double total = 0;
  for (guint i = 0; i < lines->len; i++)
    total += ((BfLine *) lines->pdata[i])->height;
  /* Centred across the box's height, as vertical-align: middle. */
  double top = y + (h - total) / 2;
  for (guint i = 0; i < lines->len; i++)
    {
      BfLine *line = lines->pdata[i];
      bf_display_items_move (line->items, page->items, x, top);
      top += line->height;
    }
  g_ptr_array_unref (lines);
}

static void
add_margin_boxes (BfPager *p, int page_index)
{
  BfLayout *layout = p->layout;
  const BfPageStyle *ps = bf_layout_get_page_style (layout, page_index);
  PageContext context = { page_index + 1, layout->pages->len, p->page_strings->pdata[page_index],
                          NULL };
  char *texts[BF_MARGIN_BOX_COUNT] = { NULL };
  double x[BF_MARGIN_BOX_COUNT], y[BF_MARGIN_BOX_COUNT], w[BF_MARGIN_BOX_COUNT],
      h[BF_MARGIN_BOX_COUNT];
  for (int position = 0; position < BF_MARGIN_BOX_COUNT; position++)
    {
      margin_box_area (ps, position, &x[position], &y[position], &w[position], &h[position]);
      if (ps->boxes[position].content)
        texts[position] = bf_content_evaluate (ps->boxes[position].content, resolve_page_content,
                                               &context);
    }
  g_ptr_array_add (layout->page_labels, context.label);
  static const BfMarginBox edges[2][3] = {
    { BF_MARGIN_TOP_LEFT, BF_MARGIN_TOP_CENTER, BF_MARGIN_TOP_RIGHT },
    { BF_MARGIN_BOTTOM_LEFT, BF_MARGIN_BOTTOM_CENTER, BF_MARGIN_BOTTOM_RIGHT },
  };
  for (int e = 0; e < 2; e++)
    {
      double natural[3], ex[3], ew[3];
      int used = 0;
      for (int k = 0; k < 3; k++)
        {
          BfMarginBox b = edges[e][k];
          natural[k] = natural_width (p, &ps->boxes[b], texts[b]);
          used += natural[k] > 0;
        }
      if (used < 2)
        continue; /* one box alone spans the edge */
      share_edge (w[edges[e][0]], natural, ex, ew);
      for (int k = 0; k < 3; k++)
        {
          x[edges[e][k]] += ex[k];
          w[edges[e][k]] = ew[k];
        }
    }
  for (int position = 0; position < BF_MARGIN_BOX_COUNT; position++)
    if (texts[position])
      {
        add_margin_box (p, layout->pages->pdata[page_index], &ps->boxes[position],
                        texts[position], x[position], y[position], w[position], h[position]);
        g_free (texts[position]);
      }
}

/* The named strings a page's margin boxes may show, keyed "POLICY:NAME"
 * for each policy of string(), from the values in force as it begins and
 * those set on its lines [start, end); the last carries on. */
static GHashTable *
page_strings (BfPager *p, GPtrArray *lines, guint start, guint end)
{
  g_autoptr (GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) at_start = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = start; i < end; i++)
    {
      GPtrArray *sets = ((BfLine *) lines->pdata[i])->string_sets;
      for (guint k = 0; sets && k + 1 < sets->len; k += 2)
        {
          if (!g_hash_table_contains (first, sets->pdata[k]))
            g_hash_table_insert (first, sets->pdata[k], sets->pdata[k + 1]);
          if (i == start && !g_hash_table_contains (at_start, sets->pdata[k]))
            g_hash_table_insert (at_start, sets->pdata[k], sets->pdata[k + 1]);
          g_hash_table_insert (last, sets->pdata[k], sets->pdata[k + 1]);
        }
    }
  GHashTable *on_page = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name, value;
  g_hash_table_iter_init (&iter, p->strings);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (names, name);
  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (names, name);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      const char *entry = g_hash_table_lookup (p->strings, name);
      const char *values[] = {
        g_hash_table_contains (first, name) ? g_hash_table_lookup (first, name) : entry,
        g_hash_table_contains (at_start, name) ? g_hash_table_lookup (at_start, name) : entry,
        g_hash_table_contains (last, name) ? g_hash_table_lookup (last, name) : entry,
        g_hash_table_contains (first, name) ? NULL : entry,
      };
      for (gsize k = 0; k < G_N_ELEMENTS (values); k++)
        if (values[k])
          g_hash_table_insert (on_page, g_strdup_printf ("%s:%s", policy_names[k], (char *) name),
                               g_strdup (values[k]));
    }
  /* What carries on to the next page. */
  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (p->strings, g_strdup (name), g_strdup (value));
  return on_page;
}

static void
add_notes (BfPager *p, BfPage *page, GPtrArray *ids, double x)
{
  if (ids->len == 0)
    return;
  double h = 0;
  for (guint i = 0; i < ids->len; i++)
    h += note_height (p, ids->pdata[i]);
  double y = p->top + p->height - h;
  double width = p->breaker->width;
  if (p->layout->note_rule > 0)
    {
      /* A third of the measure, on the start side of the book. */
      BfDisplayItem sep = { .kind = BF_ITEM_RULE, .width = width / 3,
                            .height = p->layout->note_rule, .color = p->layout->note_rule_color };
      sep.x = x + (p->layout->rtl ? width - sep.width : 0);
      sep.y = y - p->note_gap / 2 - sep.height / 2;
      g_array_append_val (page->items, sep);
    }
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

/* The first line of a page: what it draws in the space above it (the
 * borders and background of a block box it continues) is cut at its top,
 * as that space is not set at a page's head.  An inline element's box
 * stays whole: it stands out of its line as in any other. */
static void
clip_above (BfLine *line)
{
  for (guint i = 0; i < line->items->len; i++)
    {
      BfDisplayItem *item = &g_array_index (line->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_RULE && item->y < 0 && !item->inline_box)
        {
          item->height = MAX (item->height + item->y, 0);
          item->y = 0;
        }
    }
}

/* The line of the source a block comes from: cmark's data-sourcepos
 * ("3:1-5:4") on it or an ancestor when the reader kept it (Markdown), else
 * libxml2's line of the element. */
static long
source_line (xmlNodePtr node)
{
  for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      g_autofree xmlChar *pos = xmlGetProp (n, BAD_CAST "data-sourcepos");
      if (pos)
        return g_ascii_strtoll ((const char *) pos, NULL, 10);
    }
  return node ? xmlGetLineNo (node) : 0;
}

/* Adds a line to the quality report; an overfull one is also a warning, and
 * so is the first line of preformatted text that had to be wrapped. */
static void
count_line (BfLayout *layout, const BfLine *line, const BfLine *previous, int page_index)
{
  BfLayoutStats *st = &layout->stats;
  bf_line_quality_add (&layout->quality, line, previous);
  if (line->wrapped_lines > 0)
    g_ptr_array_insert (layout->warnings, layout->warnings->len - 1,
                        g_strdup_printf ("%s:%ld: warning: preformatted text wider than the measure "
                                         "is wrapped at %d place%s, each continuation marked "
                                         "with an arrow",
                                         layout->doc ? layout->doc->name : "<input>",
                                         source_line (line->source),
                                         line->wrapped_lines, line->wrapped_lines == 1 ? "" : "s"));
  if (line->overfull || line->breaks_word)
    {
      st->overfull_lines += line->overfull;
      g_ptr_array_insert (layout->warnings, layout->warnings->len - 1,
                          g_strdup_printf ("%s: warning: page %d: a line runs past the margin or breaks a word wider than the measure: \"%s…\"",
                                           layout->doc ? layout->doc->name : "<input>",
                                           page_index + 1, line->excerpt ? line->excerpt : ""));
    }
}

/* Whether a margin box of any page shows the page count (counter(pages)),
 * which is known only once every page is made. */
static char *
note_page_count (const BfContentPart *part, gpointer data)
{
  if (part->kind == BF_CONTENT_COUNTER && !strcmp (part->text, "pages"))
    *(gboolean *) data = TRUE;
  return NULL;
}

static gboolean
shows_page_count (const BfLayout *layout)
{
  gboolean shown = FALSE;
  for (gsize k = 0; k < G_N_ELEMENTS (layout->page_styles); k++)
    for (int position = 0; position < BF_MARGIN_BOX_COUNT; position++)
      if (layout->page_styles[k].boxes[position].content)
        g_free (bf_content_evaluate (layout->page_styles[k].boxes[position].content,
                                     note_page_count, &shown));
  return shown;
}

BfPager *
bf_pager_new (BfLayout *layout, BfLineBreaker *breaker, GHashTable *notes, BfPageSink sink,
              gpointer sink_data)
{
  BfPager *p = g_new0 (BfPager, 1);
  p->layout = layout;
  p->breaker = breaker;
  p->notes = notes;
  p->placed_notes = g_hash_table_new (g_str_hash, g_str_equal);
  p->note_gap = layout->note_gap;
  p->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->page_strings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  p->boxes_at_once = !shows_page_count (layout);
  p->sink = sink;
  p->sink_data = sink_data;
  return p;
}

/* Page @page_index is final: given to the sink. */
static void
page_final (BfPager *p, int page_index)
{
  if (!p->sink)
    return;
  gint64 start = g_get_monotonic_time ();
  p->sink (p->layout, page_index, p->sink_data);
  p->sink_seconds += (g_get_monotonic_time () - start) / 1e6;
}

/* Whether a line whose forced break before it is @side cannot begin page
 * @page_index, which is on the other side of its spread. */
static gboolean
wrong_side (const BfLayout *layout, BfBreak side, int page_index)
{
  gboolean left = bf_layout_page_is_left (layout, page_index);
  switch (side)
    {
    case BF_BREAK_LEFT:
      return !left;
    case BF_BREAK_RIGHT:
      return left;
    case BF_BREAK_RECTO: /* the right-hand page, or the left in a right-to-left book */
      return left != layout->rtl;
    case BF_BREAK_VERSO:
      return left == layout->rtl;
    default:
      return FALSE;
    }
}

/* A page left blank so that the next begins on the side of the spread its
 * first block asks for, in the style of @page :blank. */
static void
add_blank_page (BfPager *p, GPtrArray *lines)
{
  BfLayout *layout = p->layout;
  int page_index = p->page_index;
  if (layout->page_sources)
    g_ptr_array_add (layout->page_sources, NULL);
  g_ptr_array_add (p->page_strings, page_strings (p, lines, 0, 0));
  BfPage *page = page_new ();
  page->blank = TRUE;
  g_ptr_array_add (layout->pages, page);
  p->page_index++;
  if (p->boxes_at_once)
    {
      add_margin_boxes (p, page_index);
      page_final (p, page_index);
    }
}

/* Makes one page of the lines from the start of @lines, unless they do
 * not fill it and more may come (@last FALSE).  The lines placed leave
 * @lines.  Returns whether it made a page. */
static gboolean
make_page (BfPager *p, GPtrArray *lines, gboolean last)
{
  BfLayout *layout = p->layout;
  const guint n = lines->len, start = 0; /* the page begins with the first line waiting */
  if (n > 0 && p->page_index > 0
      && wrong_side (layout, ((BfLine *) lines->pdata[start])->break_before, p->page_index))
    add_blank_page (p, lines);
  int page_index = p->page_index;
  if (n == 0 && !(last && page_index == 0))
    return FALSE;
  const BfPageStyle *ps = bf_layout_get_page_style (layout, page_index);
  p->top = ps->margin_top;
  p->height = ps->height - ps->margin_top - ps->margin_bottom;
  /* How many lines fit, with their notes, under the header rows of a
   * table that goes on from the page before. */
  GPtrArray *header = start < n ? ((BfLine *) lines->pdata[start])->repeat_header : NULL;
  double used = lines_height (header), notes_h = 0;
  guint k = start;
  if (p->measured > 0)
    {
      k = p->measured;
      used = p->measured_height;
      notes_h = p->measured_notes;
    }
  for (; k < n; k++)
    {
      BfLine *line = lines->pdata[k];
      double before = k == start ? 0 : line->space_before;
      double nh = line_notes_height (p, line);
      double gap = (notes_h == 0 && nh > 0) ? p->note_gap : 0;
      if (k > start && line->break_before)
        break;
      /* Room for a table's footer, should the page end inside it. */
      double footer = lines_height (line->repeat_footer);
      if (k > start && used + before + line->height + notes_h + nh + gap + footer > p->height)
        break;
      used += before + line->height;
      notes_h += nh + gap;
    }
  /* Where the page ends depends on the line after it. */
  if (k == n && !last)
    {
      p->measured = k;
      p->measured_height = used;
      p->measured_notes = notes_h;
      return FALSE;
    }
  p->measured = 0;
  if (k < n && !((BfLine *) lines->pdata[k])->break_before)
    {
      guint j = k;
      while (j > start && !may_break_before (lines, j))
        j--;
      if (j > start)
        k = j;
    }

  BfPage *page = page_new ();
  double x = ps->margin_left, y = p->top;
  if (layout->page_sources)
    g_ptr_array_add (layout->page_sources, start < k ? ((BfLine *) lines->pdata[start])->source : NULL);
  GPtrArray *page_notes = g_ptr_array_new ();
  y = draw_copies (header, page, x, y);
  for (guint i = start; i < k; i++)
    {
      BfLine *line = lines->pdata[i];
      count_line (layout, line, i > 0 ? lines->pdata[i - 1] : p->previous, page_index);
      if (i > start)
        y += line->space_before;
      else
        clip_above (line);
      if (line->heading_level)
        {
          BfOutlineEntry entry = { line->heading_level, g_strdup (line->heading_title),
                                   page_index, y };
          g_array_append_val (layout->outline, entry);
        }
      bf_display_items_move (line->items, page->items, x, y);
      y += line->height;
      for (guint j = 0; line->notes && j < line->notes->len; j++)
        {
          /* The notes' own id, which lives as long as the pager: the
           * line's copy goes with the line. */
          gpointer id;
          if (g_hash_table_lookup_extended (p->notes, line->notes->pdata[j], &id, NULL)
              && g_hash_table_add (p->placed_notes, id))
            g_ptr_array_add (page_notes, id);
        }
    }
  /* A table that goes on to the next page: its footer under its last
   * row here. */
  BfLine *last_line = k > start ? lines->pdata[k - 1] : NULL;
  if (last_line && last_line->repeat_footer && k < n
      && ((BfLine *) lines->pdata[k])->repeat_footer == last_line->repeat_footer)
    draw_copies (last_line->repeat_footer, page, x, y);
  add_notes (p, page, page_notes, x);
  g_ptr_array_unref (page_notes);
  g_ptr_array_add (p->page_strings, page_strings (p, lines, start, k));
  g_ptr_array_add (layout->pages, page);
  p->page_index++;
  /* The lines placed go, but for the last, which the next line's quality
   * is measured against. */
  if (k > start)
    {
      bf_line_free (p->previous);
      p->previous = lines->pdata[k - 1];
      lines->pdata[k - 1] = NULL;
      g_ptr_array_remove_range (lines, start, k - start);
    }
  if (p->boxes_at_once)
    {
      add_margin_boxes (p, page_index);
      page_final (p, page_index);
    }
  return TRUE;
}

void
bf_pager_add_lines (BfPager *p, GPtrArray *lines, gboolean last)
{
  while (make_page (p, lines, last))
    ;
}

double
bf_pager_free (BfPager *p)
{
  /* The page count known, the margin boxes that show it. */
  if (!p->boxes_at_once)
    for (int i = 0; i < p->page_index; i++)
      {
        add_margin_boxes (p, i);
        page_final (p, i);
      }
  double seconds = p->sink_seconds;
  bf_line_free (p->previous);
  g_hash_table_unref (p->placed_notes);
  g_hash_table_unref (p->strings);
  g_ptr_array_unref (p->page_strings);
  g_free (p);
  return seconds;
}

void
bf_paginate (BfLayout *layout, BfLineBreaker *breaker, GPtrArray *lines, GHashTable *notes)
{
  BfPager *p = bf_pager_new (layout, breaker, notes, NULL, NULL);
  bf_pager_add_lines (p, lines, TRUE);
  bf_pager_free (p);
}
