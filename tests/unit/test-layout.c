/* test-layout.c — the layout stage with the bundled fonts: paper sizes,
 * alignment in both directions, visual order of mixed lines, the keeps of
 * pagination (no widow, no orphan, no heading at a page's foot) and
 * footnotes on the page of their reference. */
#include <string.h>

#include "layout/layout.h"
#include "style/cascade.h"

static BfFonts *fonts;

/* Lays @text out; the document goes to *@doc, which the caller keeps
 * until the layout is freed (declared before it, it is freed after). */
static BfLayout *
lay_out (const char *text, const char *name, const char *paper, BfDocument **doc)
{
  GError *error = NULL;
  *doc = bf_document_parse (text, strlen (text), name, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  if (paper)
    g_assert_true (bf_page_setup_set_paper (&setup, paper, NULL));
  BfLayout *layout = bf_layout_new (fonts, *doc, &setup, &error);
  g_assert_no_error (error);
  return layout;
}

static double
text_left (const BfLayout *layout)
{
  return bf_layout_get_page_style (layout, 0)->margin_left; /* page 1 of a left-to-right book */
}

static double
text_right (const BfLayout *layout)
{
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  return ps->width - ps->margin_right;
}

typedef struct {
  double y, left, right;
  GPtrArray *runs; /* BfDisplayItem*, in drawing (logical) order */
} Line;

/* The glyph runs of page 1 grouped by baseline, leaving out the footer. */
static GArray *
page_lines (const BfLayout *layout, int page)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const BfPage *p = layout->pages->pdata[page];
  for (guint i = 0; i < p->items->len; i++)
    {
      BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      const BfPageStyle *ps = bf_layout_get_page_style (layout, page);
      if (item->kind != BF_ITEM_GLYPHS || item->y > ps->height - ps->margin_bottom)
        continue;
      double w = (double) item->glyphs->width / PANGO_SCALE;
      Line *line = NULL;
      for (guint j = 0; j < lines->len && !line; j++)
        if (ABS (g_array_index (lines, Line, j).y - item->y) < 0.5)
          line = &g_array_index (lines, Line, j);
      if (!line)
        {
          Line fresh = { item->y, item->x, item->x + w, g_ptr_array_new () };
          g_array_append_val (lines, fresh);
          line = &g_array_index (lines, Line, lines->len - 1);
        }
      line->left = MIN (line->left, item->x);
      line->right = MAX (line->right, item->x + w);
      g_ptr_array_add (line->runs, item);
    }
  return lines;
}

static void
free_lines (GArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_unref (g_array_index (lines, Line, i).runs);
  g_array_unref (lines);
}

static void
test_paper (void)
{
  BfPageSetup s;
  bf_page_setup_init (&s);
  g_assert_cmpfloat (ABS (s.width - 419.53), <, 0.1);
  g_assert_true (bf_page_setup_set_paper (&s, "A4", NULL));
  g_assert_cmpfloat (ABS (s.height - 841.89), <, 0.1);
  g_assert_true (bf_page_setup_set_paper (&s, "letter", NULL));
  g_assert_cmpfloat (ABS (s.width - 612), <, 0.1);
  g_assert_true (bf_page_setup_set_paper (&s, "148x210mm", NULL));
  g_assert_cmpfloat (ABS (s.width - 419.53), <, 0.1);
  g_assert_true (bf_page_setup_set_paper (&s, "6inx9in", NULL));
  g_assert_cmpfloat (ABS (s.height - 648), <, 0.1);
  g_assert_true (bf_page_setup_set_paper (&s, "300x400pt", NULL));
  g_assert_cmpfloat (ABS (s.width - 300), <, 0.1);
  GError *error = NULL;
  /* One paper table for --paper and @page: ISO B4 is 250 × 353 mm. */
  g_assert_true (bf_page_setup_set_paper (&s, "B4", NULL));
  g_assert_cmpfloat (ABS (s.width - 250 / 25.4 * 72), <, 0.01);
  g_assert_cmpfloat (ABS (s.height - 353 / 25.4 * 72), <, 0.01);
  g_assert_false (bf_page_setup_set_paper (&s, "B12", &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (bf_page_setup_set_paper (&s, "10x", &error));
  g_clear_error (&error);
}

static const char persian_paragraph[] =
  "به عنوان قدیمی ترین زندانی سیاسی در نظام که بیش از بیست سال از عمر خود را "
  "به جرم دفاع از حاکمیت ملی و استقرار دموکراسی در ایران در سیاهچالهای رژیم سپری کرده "
  "و الان نیز برای درمان بیماریهایی که منشأ آنها اقامت طولانی در زندان است.";

static void
test_persian_right_aligned (void)
{
  g_autofree char *md = g_strdup_printf ("<p lang=\"fa\" dir=\"rtl\">%s</p>\n\n"
                                         "An English paragraph that is long enough to wrap onto a "
                                         "second line of the page, so both of its edges show.\n",
                                         persian_paragraph);
  g_autoptr (BfDocument) doc = NULL;
  g_autoptr (BfLayout) layout = lay_out (md, "a.md", NULL, &doc);
  GArray *lines = page_lines (layout, 0);
  g_assert_cmpuint (lines->len, >=, 5);
  int persian = 0, english = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      BfDisplayItem *first = line->runs->pdata[0];
      gboolean rtl = first->glyphs->item->analysis.level % 2 == 1;
      gboolean last = i + 1 == lines->len
                      || (first->glyphs->item->analysis.level
                          != ((BfDisplayItem *) g_array_index (lines, Line, i + 1).runs->pdata[0])
                                 ->glyphs->item->analysis.level);
      if (rtl)
        {
          /* Every Persian line ends at the right edge; the justified ones
           * also reach the left. */
          persian++;
          g_assert_cmpfloat (ABS (line->right - text_right (layout)), <, 0.5);
          if (!last)
            g_assert_cmpfloat (ABS (line->left - text_left (layout)), <, 0.5);
          else
            g_assert_cmpfloat (line->left, >, text_left (layout) + 5);
        }
      else
        {
          english++;
          g_assert_cmpfloat (ABS (line->left - text_left (layout)), <, 0.5);
          if (last)
            g_assert_cmpfloat (line->right, <, text_right (layout) - 5);
        }
    }
  g_assert_cmpint (persian, >=, 3);
  g_assert_cmpint (english, ==, 2);
  free_lines (lines);
}

static void
test_end_alignment (void)
{
  /* text-align: end (a signature block) sits on the left in Persian. */
  g_autoptr (BfDocument) doc = NULL;
  g_autoptr (BfLayout) layout = lay_out ("<div lang=\"fa\" dir=\"rtl\" class=\"signature\">"
                                         "<p>عباس امیر انتظام</p></div>\n"
                                         "<div class=\"signature\"><p>Abbas Amir-Entezam</p></div>\n",
                                         "b.md", NULL, &doc);
  GArray *lines = page_lines (layout, 0);
  g_assert_cmpuint (lines->len, ==, 2);
  Line *fa = &g_array_index (lines, Line, 0), *en = &g_array_index (lines, Line, 1);
  g_assert_cmpfloat (ABS (fa->left - text_left (layout)), <, 0.5);
  g_assert_cmpfloat (ABS (en->right - text_right (layout)), <, 0.5);
  free_lines (lines);
}

/* In a right-to-left paragraph, runs follow each other from right to left
 * in reading order, except that consecutive left-to-right runs (an English
 * phrase) form one block read from left to right: each line's runs, taken
 * in logical order, must sit that way.  Also, the first line starts at the
 * right edge. */
static void
test_mixed_visual_order (void)
{
  const char *md = "<p dir=\"rtl\" lang=\"fa\">سلام بر شما و Hello wonderful world of typesetting "
                   "systems in every direction دنیا و باز هم فارسی تا پایان خط</p>\n";
  g_autoptr (BfDocument) doc = NULL;
  g_autoptr (BfLayout) layout = lay_out (md, "c.md", "200x300pt", &doc);
  GArray *lines = page_lines (layout, 0);
  g_assert_cmpuint (lines->len, >=, 3);
  int lines_with_english = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      gboolean english = FALSE;
      for (guint k = 0; k + 1 < line->runs->len; k++)
        {
          BfDisplayItem *a = line->runs->pdata[k], *b = line->runs->pdata[k + 1];
          gboolean a_ltr = a->glyphs->item->analysis.level % 2 == 0;
          gboolean b_ltr = b->glyphs->item->analysis.level % 2 == 0;
          if (a_ltr && b_ltr)
            g_assert_cmpfloat (a->x, <, b->x);
          else
            g_assert_cmpfloat (a->x, >, b->x);
        }
      for (guint k = 0; k < line->runs->len; k++)
        {
          BfDisplayItem *run = line->runs->pdata[k];
          const char *t = run->text + run->glyphs->item->offset;
          if (g_ascii_isalpha (t[0]))
            {
              english = TRUE;
              g_assert_cmpint (run->glyphs->item->analysis.level, ==, 2);
            }
        }
      lines_with_english += english;
    }
  /* The English phrase was broken across lines. */
  g_assert_cmpint (lines_with_english, >=, 2);
  BfDisplayItem *first = g_array_index (lines, Line, 0).runs->pdata[0];
  double w = (double) first->glyphs->width / PANGO_SCALE;
  g_assert_cmpfloat (ABS (first->x + w - text_right (layout)), <, 0.5);
  free_lines (lines);
}

/* ------------------------------------------------------------ pagination */

static BfLine *
synthetic_line (const char *name, gboolean break_ok, int keep_group)
{
  BfLine *line = g_new0 (BfLine, 1);
  line->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (line->items, (GDestroyNotify) bf_display_item_clear);
  BfDisplayItem dest = { .kind = BF_ITEM_DEST, .name = g_strdup (name) };
  g_array_append_val (line->items, dest);
  line->height = 10;
  line->break_ok_before = break_ok;
  line->keep_group = keep_group;
  return line;
}

/* Adds an n-line paragraph with the keeps bf_paragraph_layout sets. */
static void
add_paragraph (GPtrArray *lines, const char *name, int n, gboolean keep_with_previous)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s%d", name, i + 1);
      gboolean ok = i == 0 ? !keep_with_previous : (i >= 2 && n - i >= 2);
      g_ptr_array_add (lines, synthetic_line (id, ok, 0));
    }
}

/* Paginates with room for exactly ten lines; returns "A1 A2 | B1 …". */
static char *
paginate (GPtrArray *lines)
{
  BfLayout layout = { 0 };
  layout.fonts = fonts;
  bf_page_setup_init (&layout.setup);
  for (int k = 0; k < 4; k++)
    {
      BfPageStyle *ps = &layout.page_styles[k];
      ps->width = 400, ps->margin_top = ps->margin_bottom = 50;
      ps->height = ps->margin_top + ps->margin_bottom + 100.5;
    }
  layout.pages = g_ptr_array_new ();
  layout.outline = g_array_new (FALSE, FALSE, sizeof (BfOutlineEntry));
  layout.page_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  BfLineBreaker breaker = { fonts, bf_fonts_create_context (fonts), 300, texts };
  GHashTable *notes = g_hash_table_new (g_str_hash, g_str_equal);
  bf_paginate (&layout, &breaker, lines, notes);
  GString *out = g_string_new (NULL);
  for (guint p = 0; p < layout.pages->len; p++)
    {
      BfPage *page = layout.pages->pdata[p];
      if (p)
        g_string_append (out, " |");
      for (guint i = 0; i < page->items->len; i++)
        {
          BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
          if (item->kind == BF_ITEM_DEST)
            g_string_append_printf (out, " %s", item->name);
        }
      g_array_unref (page->items);
      g_free (page);
    }
  g_ptr_array_unref (layout.pages);
  g_array_unref (layout.outline);
  g_ptr_array_unref (layout.page_labels);
  g_hash_table_unref (notes);
  g_object_unref (breaker.context);
  return g_strstrip (g_string_free (out, FALSE));
}

static void
check_pages (GPtrArray *lines, const char *expected)
{
  g_autofree char *got = paginate (lines);
  g_assert_cmpstr (got, ==, expected);
  g_ptr_array_unref (lines);
}

static GPtrArray *
new_lines (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
}

static void
test_no_orphan (void)
{
  /* Greedy would leave B1 alone at the foot of page 1. */
  GPtrArray *lines = new_lines ();
  add_paragraph (lines, "A", 9, FALSE);
  add_paragraph (lines, "B", 5, FALSE);
  check_pages (lines, "A1 A2 A3 A4 A5 A6 A7 A8 A9 | B1 B2 B3 B4 B5");
}

static void
test_no_widow (void)
{
  /* Greedy would carry B5 alone to page 2; two lines go instead. */
  GPtrArray *lines = new_lines ();
  add_paragraph (lines, "A", 5, FALSE);
  add_paragraph (lines, "B", 6, FALSE);
  check_pages (lines, "A1 A2 A3 A4 A5 B1 B2 B3 B4 | B5 B6");
}

static void
test_heading_not_at_foot (void)
{
  GPtrArray *lines = new_lines ();
  add_paragraph (lines, "A", 8, FALSE);
  add_paragraph (lines, "H", 1, FALSE);
  add_paragraph (lines, "B", 4, TRUE);
  check_pages (lines, "A1 A2 A3 A4 A5 A6 A7 A8 | H1 B1 B2 B3 B4");
}

static void
test_keep_together (void)
{
  GPtrArray *lines = new_lines ();
  add_paragraph (lines, "A", 7, FALSE);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("S%d", i + 1);
      g_ptr_array_add (lines, synthetic_line (id, TRUE, 1));
    }
  check_pages (lines, "A1 A2 A3 A4 A5 A6 A7 | S1 S2 S3 S4");
}

static void
test_unbreakable_block_still_breaks (void)
{
  /* A keep-together group taller than a page must still be split. */
  GPtrArray *lines = new_lines ();
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("K%d", i + 1);
      g_ptr_array_add (lines, synthetic_line (id, TRUE, 7));
    }
  check_pages (lines, "K1 K2 K3 K4 K5 K6 K7 K8 K9 K10 | K11 K12");
}

static void
test_paragraph_keeps (void)
{
  /* The keeps that bf_paragraph_layout itself sets on a real paragraph. */
  g_autofree char *md = g_strdup_printf ("<p lang=\"fa\" dir=\"rtl\">%s %s</p>", persian_paragraph,
                                         persian_paragraph);
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (md, strlen (md), "k.md", BF_INPUT_AUTO, &error);
  BfBoxTree *tree = bf_box_tree_new (doc, bf_styler_new (doc), 300, 500);
  g_assert_cmpuint (tree->paragraphs->len, ==, 1);
  GPtrArray *texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  BfLineBreaker breaker = { fonts, bf_fonts_create_context (fonts), 300, texts };
  GPtrArray *lines = new_lines ();
  bf_paragraph_layout (&breaker, tree->paragraphs->pdata[0], lines);
  guint n = lines->len;
  g_assert_cmpuint (n, >=, 5);
  for (guint i = 0; i < n; i++)
    {
      BfLine *line = lines->pdata[i];
      gboolean expected = i == 0 || (i >= 2 && n - i >= 2);
      g_assert_cmpint (line->break_ok_before, ==, expected);
    }
  g_ptr_array_unref (lines);
  g_ptr_array_unref (texts);
  g_object_unref (breaker.context);
  bf_box_tree_free (tree);
}

/* A block's text and the boxes it opens and closes, by depth: "One[o0]". */
static char *
describe_block (const BfParagraph *para)
{
  GString *out = g_string_new (para->kind == BF_BLOCK_PARAGRAPH ? para->text->str : "<block>");
  for (guint d = 0; d < para->boxes->len; d++)
    {
      const BfBoxDecoration *box = &g_array_index (para->boxes, BfBoxDecoration, d);
      if (box->opens)
        g_string_append_printf (out, "[o%u]", d);
      if (box->closes)
        g_string_append_printf (out, "[c%u]", d);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  GString *seen;
  int stop_after;                  /* 0: never */
  int given;
} WalkLog;

static gboolean
log_block (BfParagraph *block, gpointer data)
{
  WalkLog *log = data;
  g_autofree char *text = describe_block (block);
  g_string_append_printf (log->seen, "%s%s", log->seen->len ? " " : "", text);
  bf_paragraph_free (block);
  return ++log->given != log->stop_after;
}

/* The body's blocks given one at a time as each is final: a box opens on
 * the first paragraph in it and closes on the last (the border and
 * padding above and below), an empty box on none, as when the whole tree
 * is built; every walk gives the same, and stops when asked. */
static void
test_box_tree_walk (void)
{
  const char *html
      = "<html><head><style>div.box { border: 1px solid red; padding: 2px }"
        " blockquote { background: #eee }</style></head><body>"
        "<div class=\"box\"><p>One</p><blockquote><p>Two</p><p>Three</p></blockquote>"
        "<div class=\"box\"></div><p>Four</p></div>"
        "<p>Five</p><p><img src=\"missing.png\" alt=\"Gone\"></p><p>Six</p></body></html>";
  const char *expected = "One[o0] Two[o1] Three[c1] Four[c0] Five Gone Six";
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (html, strlen (html), "w.html", BF_INPUT_AUTO,
                                                  &error);
  g_assert_no_error (error);

  BfBoxTree *whole = bf_box_tree_new (doc, bf_styler_new (doc), 300, 500);
  WalkLog built = { g_string_new (NULL), 0, 0 };
  for (guint i = 0; i < whole->paragraphs->len; i++)
    {
      g_autofree char *text = describe_block (whole->paragraphs->pdata[i]);
      g_string_append_printf (built.seen, "%s%s", i ? " " : "", text);
    }
  g_assert_cmpstr (built.seen->str, ==, expected);
  g_assert_cmpuint (whole->warnings->len, ==, 1);
  bf_box_tree_free (whole);
  g_string_free (built.seen, TRUE);

  BfBoxTree *tree = bf_box_tree_open (doc, bf_styler_new (doc), 300, 500);
  g_assert_cmpuint (tree->paragraphs->len, ==, 0);
  for (int walk = 0; walk < 2; walk++)
    {
      WalkLog log = { g_string_new (NULL), 0, 0 };
      g_assert_true (bf_box_tree_walk (tree, log_block, &log));
      g_assert_cmpstr (log.seen->str, ==, expected);
      g_string_free (log.seen, TRUE);
      /* The picture not drawn is reported once, on the first walk. */
      g_assert_cmpuint (tree->warnings->len, ==, 1);
      g_assert_nonnull (strstr (tree->warnings->pdata[0], "missing.png"));
    }
  WalkLog stopped = { g_string_new (NULL), 2, 0 };
  g_assert_false (bf_box_tree_walk (tree, log_block, &stopped));
  g_assert_cmpstr (stopped.seen->str, ==, "One[o0] Two[o1]");
  g_string_free (stopped.seen, TRUE);
  g_assert_cmpuint (tree->paragraphs->len, ==, 0);
  bf_box_tree_free (tree);
}

/* The box tree gives each block its kind and that kind's data, and each
 * kind is laid out as such: a paragraph into lines, a rule and a picture
 * into one line each, a table into one line per band of rows. */
static void
test_block_kinds (void)
{
  const char *html
      = "<p>Some words.</p><hr>"
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>"
        "<p><img alt=\"a dot\" src=\"data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\"></p>";
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (html, strlen (html), "k.html", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfBoxTree *tree = bf_box_tree_new (doc, bf_styler_new (doc), 300, 500);
  g_assert_cmpuint (tree->paragraphs->len, ==, 4);
  BfBlockKind expected[] = { BF_BLOCK_PARAGRAPH, BF_BLOCK_RULE, BF_BLOCK_TABLE, BF_BLOCK_IMAGE };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (((BfParagraph *) tree->paragraphs->pdata[i])->kind, ==, expected[i]);

  /* The grid: the second row's third cell makes a third column. */
  const BfTableData *table = &((BfParagraph *) tree->paragraphs->pdata[2])->u.table;
  g_assert_cmpuint (table->rows->len, ==, 2);
  g_assert_cmpuint (table->cells->len, ==, 5);
  g_assert_cmpint (table->columns, ==, 3);
  const BfTableCell *last = table->cells->pdata[4];
  g_assert_cmpint (last->row, ==, 1);
  g_assert_cmpint (last->column, ==, 2);
  g_assert_true (((BfTableCell *) table->cells->pdata[0])->header_cell);
  g_assert_false (last->header_cell);
  g_assert_null (table->caption);

  const BfParagraph *picture = tree->paragraphs->pdata[3];
  g_assert_nonnull (picture->u.image.picture);
  g_assert_cmpstr (picture->u.image.alt, ==, "a dot");
  /* 1 CSS px is 3/4 pt. */
  g_assert_cmpfloat_with_epsilon (picture->u.image.width, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (picture->u.image.height, 0.75, 1e-9);

  GPtrArray *texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  BfLineBreaker breaker = { fonts, bf_fonts_create_context (fonts), 300, texts };
  for (guint i = 1; i < tree->paragraphs->len; i++)
    {
      GPtrArray *lines = new_lines ();
      bf_paragraph_layout (&breaker, tree->paragraphs->pdata[i], lines);
      /* A table: one line per row (no cell spans rows). */
      g_assert_cmpuint (lines->len, ==, i == 2 ? 2 : 1);
      BfLine *line = lines->pdata[0];
      gboolean has_image = FALSE, has_rule = FALSE;
      for (guint k = 0; k < line->items->len; k++)
        {
          BfItemKind kind = g_array_index (line->items, BfDisplayItem, k).kind;
          has_image |= kind == BF_ITEM_IMAGE;
          has_rule |= kind == BF_ITEM_RULE;
        }
      g_assert_cmpint (has_image, ==, i == 3);
      if (i == 1)
        g_assert_true (has_rule);
      g_ptr_array_unref (lines);
    }
  g_ptr_array_unref (texts);
  g_object_unref (breaker.context);
  bf_box_tree_free (tree);
}

static void
remove_classes (xmlNodePtr node)
{
  for (xmlNodePtr n = node; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      {
        xmlUnsetProp (n, BAD_CAST "class");
        remove_classes (n->children);
      }
}

/* Layout finds footnotes by the read stage's neutral attributes alone: with
 * every class attribute taken out of the tree, the note is still taken out
 * of the flow, its reference still found, its way back still left out. */
static void
test_footnotes_without_classes (void)
{
  const char *md = "Words with a note.[^n]\n\n[^n]: The note itself.\n";
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (md, strlen (md), "n.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  remove_classes (bf_document_get_body (doc));
  BfBoxTree *tree = bf_box_tree_new (doc, bf_styler_new (doc), 300, 500);
  g_assert_cmpuint (tree->paragraphs->len, ==, 1);
  const BfParagraph *para = tree->paragraphs->pdata[0];
  g_assert_cmpuint (para->note_refs->len, ==, 1);
  g_assert_cmpuint (tree->note_order->len, ==, 1);
  const char *id = tree->note_order->pdata[0];
  g_assert_cmpstr (g_array_index (para->note_refs, BfSpan, 0).target, ==, id);
  GPtrArray *note = g_hash_table_lookup (tree->notes, id);
  g_assert_nonnull (note);
  g_assert_cmpuint (note->len, ==, 1);
  const char *text = ((BfParagraph *) note->pdata[0])->text->str;
  g_assert_nonnull (strstr (text, "The note itself."));
  g_assert_null (strstr (text, "\xE2\x86\xA9"));   /* ↩, the way back */
  bf_box_tree_free (tree);
}

/* The y of the first line of a page of bf_layout_dump's that holds
 * @needle. */
static double
dump_line_y (const char *page, const char *needle)
{
  const char *at = strstr (page, needle);
  g_assert_nonnull (at);
  while (at > page && at[-1] != '\n')
    at--;
  const char *y = strstr (at, " y=");
  g_assert_nonnull (y);
  return g_ascii_strtod (y + 3, NULL);
}

static void
test_footnote_on_page_of_reference (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "features.md", NULL);
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_load (path, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  g_autofree char *dump = bf_layout_dump (layout);
  g_auto (GStrv) pages = g_strsplit (dump, "\npage ", -1);
  int ref_page = -1, note_page = -1;
  for (int i = 0; pages[i]; i++)
    {
      if (strstr (pages[i], "link") && strstr (pages[i], "#fn-one"))
        ref_page = i;
      if (strstr (pages[i], "The first footnote"))
        note_page = i;
    }
  g_assert_cmpint (ref_page, >=, 0);
  g_assert_cmpint (ref_page, ==, note_page);
  /* The note sits below its reference, on that page. */
  g_assert_cmpfloat (dump_line_y (pages[note_page], "The first footnote"), >,
                     dump_line_y (pages[ref_page], "#fn-one"));
  /* The document's first heading is on the first page. */
  g_assert_nonnull (strstr (dump, "outline 1 page=1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fonts = bf_fonts_new (NULL, NULL);
  g_assert_nonnull (fonts);
  g_test_add_func ("/layout/paper", test_paper);
  g_test_add_func ("/layout/persian-right-aligned", test_persian_right_aligned);
  g_test_add_func ("/layout/end-alignment", test_end_alignment);
  g_test_add_func ("/layout/mixed-visual-order", test_mixed_visual_order);
  g_test_add_func ("/layout/paginate/no-orphan", test_no_orphan);
  g_test_add_func ("/layout/paginate/no-widow", test_no_widow);
  g_test_add_func ("/layout/paginate/heading-not-at-foot", test_heading_not_at_foot);
  g_test_add_func ("/layout/paginate/keep-together", test_keep_together);
  g_test_add_func ("/layout/paginate/unbreakable", test_unbreakable_block_still_breaks);
  g_test_add_func ("/layout/paragraph-keeps", test_paragraph_keeps);
  g_test_add_func ("/layout/block-kinds", test_block_kinds);
  g_test_add_func ("/layout/box-tree-walk", test_box_tree_walk);
  g_test_add_func ("/layout/footnotes-without-classes", test_footnotes_without_classes);
  g_test_add_func ("/layout/footnote-on-page-of-reference", test_footnote_on_page_of_reference);
  int result = g_test_run ();
  bf_fonts_unref (fonts);
  return result;
}
