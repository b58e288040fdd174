/* test-page.c — what stylesheets do to pages, with the bundled fonts:
 * @page size, margins, :first/:left/:right and their cascade; margin boxes
 * with counters, the page count and named strings; generated content;
 * the built-in sheet read without a warning. */
#include <string.h>

#include "layout-helpers.h"

#define MM (72.0 / 25.4)

static void
test_default_sheet_reads_cleanly (void)
{
  GPtrArray *warnings = bf_style_get_default_warnings ();
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s\n", (char *) warnings->pdata[i]);
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_page_rules (void)
{
  const char *css = "@page { size: A4 landscape; margin: 10% 2cm }\n"
                    "@page :left { margin-left: 1cm }\n"
                    "@page :first { margin-top: 5cm; @top-center { content: 'T' counter(page, persian) } }\n"
                    "@page :right { size: A6 }\n"   /* more specific than the plain rule */
                    "@page wide { margin: 0 }\n";   /* named pages are not used */
  g_autoptr (BfDocument) doc = document_with_sheet ("<p>x</p>", css);
  BfStyler *styler = bf_styler_new (doc);
  BfComputedStyle initial, root;
  bf_style_init_root (&initial);
  bf_styler_compute (styler, &initial, xmlDocGetRootElement (doc->tree), &root);
  const BfPageRules *rules = bf_styler_get_page_rules (styler);
  BfPageStyle left, first_right;
  bf_page_rules_compute (rules, &root, BF_PAGE_LEFT, 100, 100, FALSE, &left);
  g_assert_cmpfloat_with_epsilon (left.width, 297 * MM, 0.01);
  g_assert_cmpfloat_with_epsilon (left.height, 210 * MM, 0.01);
  /* The author's plain @page beats the built-in :left rule (origin before
   * specificity); its own :left beats its plain rule. */
  g_assert_cmpfloat_with_epsilon (left.margin_left, 1 * 72 / 2.54, 0.01);
  g_assert_cmpfloat_with_epsilon (left.margin_right, 2 * 72 / 2.54, 0.01);
  g_assert_cmpfloat_with_epsilon (left.margin_top, 0.1 * left.height, 0.01);
  g_assert_null (left.boxes[BF_MARGIN_TOP_CENTER].content);
  /* The built-in sheet's page number stays where no author rule says. */
  g_assert_nonnull (left.boxes[BF_MARGIN_BOTTOM_CENTER].content);

  bf_page_rules_compute (rules, &root, BF_PAGE_FIRST, 100, 100, FALSE, &first_right);
  g_assert_cmpfloat_with_epsilon (first_right.width, 105 * MM, 0.01);
  g_assert_cmpfloat_with_epsilon (first_right.margin_top, 5 * 72 / 2.54, 0.01);
  const GArray *content = first_right.boxes[BF_MARGIN_TOP_CENTER].content;
  g_assert_nonnull (content);
  g_assert_cmpuint (content->len, ==, 2);
  const BfContentPart *counter = &g_array_index (content, BfContentPart, 1);
  g_assert_cmpint (counter->kind, ==, BF_CONTENT_COUNTER);
  g_assert_cmpstr (counter->text, ==, "page");
  g_assert_cmpint (counter->list_style, ==, BF_LIST_PERSIAN);
  /* Margin boxes align by their place unless a rule says. */
  g_assert_cmpint (first_right.boxes[BF_MARGIN_TOP_CENTER].text_align, ==, BF_ALIGN_CENTER);
  g_assert_cmpint (first_right.boxes[BF_MARGIN_TOP_RIGHT].text_align, ==, BF_ALIGN_RIGHT);

  /* A size fixed by the command line stays; margins follow it. */
  BfPageStyle fixed;
  bf_page_rules_compute (rules, &root, BF_PAGE_LEFT, 400, 600, TRUE, &fixed);
  g_assert_cmpfloat (fixed.width, ==, 400);
  g_assert_cmpfloat_with_epsilon (fixed.margin_top, 60, 0.01);
  bf_styler_free (styler);

  /* :recto is the right-hand page of a left-to-right book and the
   * left-hand page of a right-to-left one; :verso the other; :blank only
   * a page left blank. */
  g_autoptr (BfDocument) sided = document_with_sheet ("<p>x</p>",
                                                      "@page :recto { margin-top: 1in }"
                                                      "@page :verso { margin-top: 2in }"
                                                      "@page :blank { margin-bottom: 3in }");
  styler = bf_styler_new (sided);
  bf_styler_compute (styler, &initial, xmlDocGetRootElement (sided->tree), &root);
  rules = bf_styler_get_page_rules (styler);
  BfPageStyle page;
  bf_page_rules_compute (rules, &root, 0, 100, 100, TRUE, &page);
  g_assert_cmpfloat_with_epsilon (page.margin_top, 72, 0.01);
  g_assert_cmpfloat (page.margin_bottom, !=, 216);
  bf_page_rules_compute (rules, &root, BF_PAGE_LEFT, 100, 100, TRUE, &page);
  g_assert_cmpfloat_with_epsilon (page.margin_top, 144, 0.01);
  bf_page_rules_compute (rules, &root, BF_PAGE_LEFT | BF_PAGE_RTL, 100, 100, TRUE, &page);
  g_assert_cmpfloat_with_epsilon (page.margin_top, 72, 0.01);
  bf_page_rules_compute (rules, &root, BF_PAGE_RTL, 100, 100, TRUE, &page);
  g_assert_cmpfloat_with_epsilon (page.margin_top, 144, 0.01);
  bf_page_rules_compute (rules, &root, BF_PAGE_BLANK | BF_PAGE_RTL, 100, 100, TRUE, &page);
  g_assert_cmpfloat_with_epsilon (page.margin_bottom, 216, 0.01);
  bf_styler_free (styler);
}

static void
test_page_rule_warnings (void)
{
  g_autoptr (BfDocument) doc = document_with_sheet ("<p>x</p>",
                                                    "@page :nope { margin: 1cm }\n"
                                                    "@page { size: huge; colour: red; @middle { content: 'x' } }\n");
  BfStyler *styler = bf_styler_new (doc);
  GPtrArray *warnings = bf_styler_get_warnings (styler);
  g_assert_cmpuint (warnings->len, ==, 4);
  g_assert_nonnull (strstr (warnings->pdata[0], ":1:1: warning: an @page selector"));
  g_assert_nonnull (strstr (warnings->pdata[1], ":2:9: warning: a value of 'size'"));
  g_assert_nonnull (strstr (warnings->pdata[2], ":2:21: warning: unknown property 'colour'"));
  g_assert_nonnull (strstr (warnings->pdata[3], "'@middle' is not a margin box"));
  bf_styler_free (styler);
}

static GArray *
tokens_of (const char *text)
{
  GArray *tokens = bf_css_tokenize (text, -1);
  g_array_set_size (tokens, tokens->len - 1); /* EOF */
  return tokens;
}

static void
test_generated_values (void)
{
  GArray *tokens = tokens_of ("\"§ \" counter(x, lower-roman) string(title) content() attr(id)");
  GArray *parts = bf_content_parse (tokens);
  g_assert_nonnull (parts);
  g_assert_cmpuint (parts->len, ==, 5);
  static const BfContentKind kinds[] = { BF_CONTENT_STRING, BF_CONTENT_COUNTER,
                                         BF_CONTENT_STRING_REF, BF_CONTENT_ELEMENT_TEXT,
                                         BF_CONTENT_ATTR };
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (parts, BfContentPart, i).kind, ==, kinds[i]);
  g_assert_cmpint (g_array_index (parts, BfContentPart, 1).list_style, ==, BF_LIST_LOWER_ROMAN);
  g_array_unref (parts);
  bf_css_tokens_free (tokens);

  const char *invalid[] = { "counter(x, nonsense)", "counter()", "url(x)", "12", "\"a\" ,\"b\"" };
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      tokens = tokens_of (invalid[i]);
      g_assert_null (bf_content_parse (tokens));
      bf_css_tokens_free (tokens);
    }

  tokens = tokens_of ("chapter counter(c) \". \" content(), head attr(title)");
  GPtrArray *sets = bf_string_set_parse (tokens);
  g_assert_nonnull (sets);
  g_assert_cmpuint (sets->len, ==, 2);
  g_assert_cmpstr (((BfStringSet *) sets->pdata[0])->name, ==, "chapter");
  g_assert_cmpuint (((BfStringSet *) sets->pdata[0])->parts->len, ==, 3);
  g_ptr_array_unref (sets);
  bf_css_tokens_free (tokens);

  tokens = tokens_of ("a 3 b c -2");
  GArray *changes = bf_counter_changes_parse (tokens, 1);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpint (g_array_index (changes, BfCounterChange, 0).value, ==, 3);
  g_assert_cmpint (g_array_index (changes, BfCounterChange, 1).value, ==, 1);
  g_assert_cmpint (g_array_index (changes, BfCounterChange, 2).value, ==, -2);
  g_array_unref (changes);
  bf_css_tokens_free (tokens);

  g_autofree char *persian = bf_list_style_format (BF_LIST_PERSIAN, 1404);
  g_assert_cmpstr (persian, ==, "۱۴۰۴");
}

static void
test_margin_boxes (void)
{
  /* Three pages, each with its own chapter: running heads from string-set,
   * page numbers out of the page count. */
  const char *html = "<h1>One</h1><p>a</p><h1>Two</h1><p>b</p><h1>Three</h1><p>c</p>";
  const char *css = "h1 { string-set: chapter content(); page-break-before: always }\n"
                    "@page { @top-left { content: string(chapter) \" | \" counter(page) \"/\" counter(pages) }\n"
                    "        @bottom-center { content: counter(page, upper-roman) } }\n"
                    "@page :first { @top-left { content: none } }\n";
  g_autoptr (BfLayout) layout = lay_out (html, css);
  g_assert_cmpint (bf_layout_get_page_count (layout), ==, 3);
  for (int page = 0; page < 3; page++)
    {
      const BfPageStyle *ps = bf_layout_get_page_style (layout, page);
      g_autofree char *head = text_between (layout, page, 0, ps->margin_top);
      g_autofree char *foot = text_between (layout, page, ps->height - ps->margin_bottom, ps->height);
      static const char *const heads[] = { "", "Two | 2/3", "Three | 3/3" };
      static const char *const feet[] = { "I", "II", "III" };
      g_assert_cmpstr (head, ==, heads[page]);
      g_assert_cmpstr (foot, ==, feet[page]);
    }
  /* The head sits at the left of the page area. */
  const BfPage *p = layout->pages->pdata[1];
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 1);
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_GLYPHS && item->y < ps->margin_top)
        g_assert_cmpfloat (ABS (item->x - ps->margin_left), <, 40);
    }
}

static void
test_margin_boxes_share_an_edge (void)
{
  /* A page number and a long running head on one edge: the number keeps
   * its place, the head wraps beside it rather than over it. */
  const char *css = "@page { @top-left { content: counter(page) }"
                    " @top-right { content: 'A very long running head that would reach across the"
                    " whole top of the page and then some more words' } }";
  g_autoptr (BfLayout) layout = lay_out ("<p>x</p>", css);
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  const BfPage *p = layout->pages->pdata[0];
  double number_right = -1, head_left = G_MAXDOUBLE;
  int head_lines = 0;
  double last_y = -1;
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind != BF_ITEM_GLYPHS || item->y > ps->margin_top)
        continue;
      double w = (double) item->glyphs->width / PANGO_SCALE;
      if (g_str_has_prefix (item->text, "1"))
        number_right = item->x + w;
      else
        {
          head_left = MIN (head_left, item->x);
          head_lines += item->y != last_y;
          last_y = item->y;
        }
    }
  g_assert_cmpfloat (number_right, >, 0);
  g_assert_cmpfloat (number_right, <=, head_left);
  g_assert_cmpint (head_lines, >=, 2);
}

static void
test_string_policies (void)
{
  const char *html = "<h1>A</h1><p>x</p><h1>B</h1><p>y</p>"
                     "<h1 style='page-break-before: always'>C</h1><p>z</p>"
                     "<p style='page-break-before: always'>w</p>";
  const char *css = "h1 { string-set: t content() }\n"
                    "@page { @top-center { content: 'F=' string(t) ' S=' string(t, start) ' L='"
                    " string(t, last) ' X=' string(t, first-except) } }\n";
  g_autoptr (BfLayout) layout = lay_out (html, css);
  g_assert_cmpint (bf_layout_get_page_count (layout), ==, 3);
  static const char *const heads[] = { "F=A S=A L=B X=", "F=C S=C L=C X=", "F=C S=C L=C X=C" };
  for (int page = 0; page < 3; page++)
    {
      const BfPageStyle *ps = bf_layout_get_page_style (layout, page);
      g_autofree char *head = text_between (layout, page, 0, ps->margin_top);
      g_assert_cmpstr (head, ==, heads[page]);
    }
}

static void
test_rtl_first_page_is_left (void)
{
  g_autoptr (BfLayout) layout = lay_out ("---\nlang: fa\ndir: rtl\n---\n\nسلام\n", NULL);
  g_assert_true (bf_layout_page_is_left (layout, 0));
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  /* A left page of the built-in sheet: the binding (wider margin) on its right. */
  g_assert_cmpfloat (ps->margin_right, >, ps->margin_left + 1);
  g_autoptr (BfLayout) ltr = lay_out ("Hello\n", NULL);
  g_assert_false (bf_layout_page_is_left (ltr, 0));
  ps = bf_layout_get_page_style (ltr, 0);
  g_assert_cmpfloat (ps->margin_left, >, ps->margin_right + 1);
}

/* The text of each page of @layout, less its margin boxes, the pages
 * parted by " | ". */
static char *
page_texts (const BfLayout *layout)
{
  GString *out = g_string_new (NULL);
  for (int i = 0; i < bf_layout_get_page_count (layout); i++)
    {
      const BfPage *page = layout->pages->pdata[i];
      if (i > 0)
        g_string_append (out, " |");
      for (guint k = 0; k < page->items->len; k++)
        {
          const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, k);
          if (item->kind != BF_ITEM_GLYPHS || !item->source)
            continue;
          const PangoItem *pi = item->glyphs->item;
          g_string_append_c (out, ' ');
          g_string_append_len (out, item->text + pi->offset, pi->length);
        }
    }
  return g_string_free (out, FALSE);
}

/* The text of the pages of @html laid out with the sheet @css. */
static char *
pages_of (const char *html, const char *css)
{
  g_autoptr (BfLayout) layout = lay_out (html, css);
  return page_texts (layout);
}

static void
test_side_breaks (void)
{
  /* break-before: recto, verso, left and right begin a block on that side
   * of a spread, a page left blank where the next is on the other side;
   * break-after: page and its old name always break after a block (CSS
   * Fragmentation 3, §3.1).  Worked by hand: left-to-right, page 1 is a
   * right-hand page (recto), page 2 a left one (verso). */
  g_autofree char *ltr = pages_of ("<h1>A</h1><p>a</p>"
                                   "<h1>B</h1><p class='end'>b</p><p>after</p>"
                                   "<h1 style='break-before: verso'>C</h1>"
                                   "<h1 style='break-before: left'>D</h1>"
                                   "<h1 style='break-before: right'>E</h1>",
                                   "h1 { break-before: recto } .end { page-break-after: always }");
  g_assert_cmpstr (ltr, ==, " A a | | B b | after | | C | | D | E");
  /* Right to left, page 1 is a left-hand page, and the recto. */
  g_autoptr (BfLayout) rtl = lay_out ("<div dir='rtl' lang='fa'><h1>الف</h1>"
                                      "<h1>ب</h1><h1 style='break-before: left'>پ</h1>"
                                      "<h1 style='break-before: right'>ت</h1>"
                                      "<h1 style='break-before: verso'>ث</h1></div>",
                                      "h1 { break-before: recto }");
  g_assert_true (bf_layout_page_is_left (rtl, 0));
  g_autofree char *rtl_pages = page_texts (rtl);
  g_assert_cmpstr (rtl_pages, ==, " الف | | ب | | پ | ت | | ث");
  /* Where a block's break-after meets the next one's break-before, a side
   * wins over a plain page break, and the later side over the earlier;
   * a forced break at the start or end of the document makes no page. */
  g_autofree char *met = pages_of ("<p style='break-before: left'>a</p>"
                                   "<p style='break-after: right'>b</p>"
                                   "<p style='break-before: page'>c</p>"
                                   "<p style='break-after: left'>d</p>"
                                   "<p style='break-before: right'>e</p>"
                                   "<p style='break-after: always'>f</p>", NULL);
  g_assert_cmpstr (met, ==, " a b | | c d | | e f");
  /* Rules and tables, which are made whole, take and leave breaks too. */
  g_autofree char *whole = pages_of ("<p style='break-after: page'>a</p>"
                                     "<table><tr><td>t</td></tr></table>"
                                     "<hr style='break-before: page'><p>b</p>"
                                     "<table style='break-after: page'><tr><td>u</td></tr></table>"
                                     "<p>c</p>", NULL);
  g_assert_cmpstr (whole, ==, " a | t | b u | c");
}

/* The glyph runs of page @index's margin boxes (no block's content). */
static guint
margin_box_runs (const BfLayout *layout, int index)
{
  const BfPage *page = layout->pages->pdata[index];
  guint n = 0;
  for (guint k = 0; k < page->items->len; k++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, k);
      n += item->kind == BF_ITEM_GLYPHS && !item->source;
    }
  return n;
}

static void
test_blank_pages (void)
{
  /* A page left blank for a side break has the margin boxes of its side
   * (the built-in sheet's page number) unless @page :blank takes them
   * away (CSS Paged Media 3, §4.3.4); it is a left or right page all the
   * same, as :left rules of a :blank page's side apply. */
  const char *html = "<h1>A</h1><h1>B</h1>";
  g_autoptr (BfLayout) numbered = lay_out (html, "h1 { break-before: recto }");
  g_assert_cmpint (bf_layout_get_page_count (numbered), ==, 3);
  g_assert_true (((BfPage *) numbered->pages->pdata[1])->blank);
  g_assert_false (((BfPage *) numbered->pages->pdata[2])->blank);
  g_assert_cmpuint (margin_box_runs (numbered, 1), >, 0);
  g_autoptr (BfLayout) bare = lay_out (html, "h1 { break-before: recto }"
                                             "@page :blank { @bottom-center { content: none } }"
                                             "@page :left { @top-left { content: 'L' } }");
  g_assert_cmpuint (margin_box_runs (bare, 0), >, 0);
  g_assert_cmpuint (margin_box_runs (bare, 1), ==, 1); /* the 'L' of its side */
  g_assert_cmpuint (margin_box_runs (bare, 2), >, 0);
  const BfPageStyle *blank = bf_layout_get_page_style (bare, 1);
  g_assert_null (blank->boxes[BF_MARGIN_BOTTOM_CENTER].content);
  g_assert_nonnull (blank->boxes[BF_MARGIN_TOP_LEFT].content);
  g_assert_nonnull (bf_layout_get_page_style (bare, 2)->boxes[BF_MARGIN_BOTTOM_CENTER].content);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  layout_helpers_init ();
  g_test_add_func ("/page/default-sheet", test_default_sheet_reads_cleanly);
  g_test_add_func ("/page/rules", test_page_rules);
  g_test_add_func ("/page/rule-warnings", test_page_rule_warnings);
  g_test_add_func ("/page/generated-values", test_generated_values);
  g_test_add_func ("/page/margin-boxes", test_margin_boxes);
  g_test_add_func ("/page/string-policies", test_string_policies);
  g_test_add_func ("/page/margin-boxes-share-an-edge", test_margin_boxes_share_an_edge);
  g_test_add_func ("/page/rtl-first-page-left", test_rtl_first_page_is_left);
  g_test_add_func ("/page/side-breaks", test_side_breaks);
  g_test_add_func ("/page/blank-pages", test_blank_pages);
  int status = g_test_run ();
  layout_helpers_finish ();
  return status;
}
