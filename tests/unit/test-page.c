/* test-page.c — what stylesheets do to pages, with the bundled fonts:
 * @page size, margins, :first/:left/:right and their cascade; margin boxes
 * with counters, the page count and named strings; generated content;
 * borders, backgrounds, padding, spacing and logical margins as the
 * layout draws them; the built-in sheet read without a warning. */
#include <string.h>

#include "layout/layout.h"
#include "tree-helpers.h"

static BfFonts *fonts;

#define MM (72.0 / 25.4)

static BfDocument *
document_with_sheet (const char *text, const char *css)
{
  GError *error = NULL;
  const char *name = g_str_has_prefix (text, "<") ? "t.html" : "t.md";
  BfDocument *doc = bf_document_parse (text, strlen (text), name, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  if (css)
    add_sheet_text (doc, css);
  return doc;
}

static BfLayout *
lay_out (const char *text, const char *css)
{
  BfDocument *doc = document_with_sheet (text, css);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  GError *error = NULL;
  BfLayout *layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  /* The document is only needed while laying out. */
  layout->doc = NULL;
  bf_document_free (doc);
  return layout;
}

/* The laid-out text of the glyph runs of @page between @y0 and @y1. */
static char *
text_between (const BfLayout *layout, int page, double y0, double y1)
{
  GString *out = g_string_new (NULL);
  const BfPage *p = layout->pages->pdata[page];
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind != BF_ITEM_GLYPHS || item->y < y0 || item->y > y1)
        continue;
      const PangoItem *pi = item->glyphs->item;
      g_string_append_len (out, item->text + pi->offset, pi->length);
    }
  return g_string_free (out, FALSE);
}

/* The horizontal extent of the body text runs of page 0. */
static void
text_extent (const BfLayout *layout, double *left, double *right)
{
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  const BfPage *p = layout->pages->pdata[0];
  *left = G_MAXDOUBLE, *right = -G_MAXDOUBLE;
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind != BF_ITEM_GLYPHS || item->y > ps->height - ps->margin_bottom)
        continue;
      double w = (double) item->glyphs->width / PANGO_SCALE;
      *left = MIN (*left, item->x);
      *right = MAX (*right, item->x + w);
    }
}

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
  bf_page_rules_compute (rules, &root, FALSE, TRUE, 100, 100, FALSE, &left);
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

  bf_page_rules_compute (rules, &root, TRUE, FALSE, 100, 100, FALSE, &first_right);
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
  bf_page_rules_compute (rules, &root, FALSE, TRUE, 400, 600, TRUE, &fixed);
  g_assert_cmpfloat (fixed.width, ==, 400);
  g_assert_cmpfloat_with_epsilon (fixed.margin_top, 60, 0.01);
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

static const char persian_text[] =
  "<p lang='fa' dir='rtl' id='p'>به عنوان قدیمی ترین زندانی سیاسی در نظام جمهوری اسلامی.</p>";

static void
test_logical_alignment_and_margins (void)
{
  /* text-align: end puts a Persian line at the left margin. */
  g_autoptr (BfLayout) end = lay_out (persian_text, "p { text-align: end }");
  const BfPageStyle *ps = bf_layout_get_page_style (end, 0);
  double left, right;
  text_extent (end, &left, &right);
  g_assert_cmpfloat (ABS (left - ps->margin_left), <, 0.5);
  g_assert_cmpfloat (right, <, ps->width - ps->margin_right - 20);

  /* margin-inline-start indents a Persian paragraph from the right. */
  g_autoptr (BfLayout) start = lay_out (persian_text, "p { margin-inline-start: 2cm }");
  text_extent (start, &left, &right);
  g_assert_cmpfloat (ABS (right - (ps->width - ps->margin_right - 2 * 72 / 2.54)), <, 0.5);

  /* margin-left is physical: for the same paragraph it is the end side. */
  g_autoptr (BfLayout) physical = lay_out (persian_text, "p { margin-left: 2cm; text-align: end }");
  text_extent (physical, &left, &right);
  g_assert_cmpfloat (ABS (left - (ps->margin_left + 2 * 72 / 2.54)), <, 0.5);

  /* Percentages of the measure. */
  g_autoptr (BfLayout) percent = lay_out (persian_text, "p { margin-inline-start: 50% }");
  text_extent (percent, &left, &right);
  double measure = ps->width - ps->margin_left - ps->margin_right;
  g_assert_cmpfloat (ABS (right - (ps->width - ps->margin_right - measure / 2)), <, 0.5);
}

/* The rules (filled rectangles) of page 0 in @color. */
static GArray *
rules_in (const BfLayout *layout, guint32 color, guint *first_index)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (BfDisplayItem));
  const BfPage *p = layout->pages->pdata[0];
  *first_index = G_MAXUINT;
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_RULE && item->color == color)
        {
          g_array_append_val (found, *item);
          *first_index = MIN (*first_index, i);
        }
    }
  return found;
}

static void
test_borders_backgrounds_padding (void)
{
  const char *html = "<p>Plain paragraph.</p><div id='box'><p>Boxed one.</p><p>Boxed two.</p></div>";
  g_autoptr (BfLayout) plain = lay_out (html, NULL);
  g_autoptr (BfLayout) boxed = lay_out (html, "#box { border: 2pt solid #ff0000; background: #00ff00;"
                                              " padding: 6pt 10pt; margin-inline-start: 1cm }");
  guint first_red, first_green;
  g_autoptr (GArray) red = rules_in (boxed, 0xff0000, &first_red);
  g_autoptr (GArray) green = rules_in (boxed, 0x00ff00, &first_green);
  /* Two lines: each has its side borders; the first the top border, the
   * last the bottom one; each its background, drawn before the text. */
  g_assert_cmpuint (red->len, ==, 6);
  g_assert_cmpuint (green->len, ==, 2);
  const BfPage *p = boxed->pages->pdata[0];
  for (guint i = 0; i < p->items->len; i++)
    if (g_array_index (p->items, BfDisplayItem, i).kind == BF_ITEM_GLYPHS
        && strstr (g_array_index (p->items, BfDisplayItem, i).text, "Boxed"))
      {
        g_assert_cmpuint (first_green, <, i);
        break;
      }
  const BfPageStyle *ps = bf_layout_get_page_style (boxed, 0);
  double box_left = ps->margin_left + 72 / 2.54;
  gboolean left_border = FALSE;
  for (guint i = 0; i < red->len; i++)
    {
      const BfDisplayItem *r = &g_array_index (red, BfDisplayItem, i);
      left_border |= ABS (r->x - box_left) < 0.01 && ABS (r->width - 2) < 0.01;
    }
  g_assert_true (left_border);
  /* The text moves in by the margin, the border and the padding, and down
   * by the top border and padding. */
  double y_plain = -1, y_boxed = -1, x_boxed = -1;
  const BfPage *pp = plain->pages->pdata[0];
  for (guint i = 0; i < pp->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (pp->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_GLYPHS && strstr (item->text, "Boxed one") && y_plain < 0)
        y_plain = item->y;
    }
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_GLYPHS && strstr (item->text, "Boxed one") && y_boxed < 0)
        y_boxed = item->y, x_boxed = item->x;
    }
  g_assert_cmpfloat (ABS (x_boxed - (box_left + 2 + 10)), <, 0.01);
  g_assert_cmpfloat (ABS (y_boxed - (y_plain + 2 + 6)), <, 0.01);

  /* A table inside the box: its one row draws all four sides. */
  g_autoptr (BfLayout) table = lay_out ("<div id='box'><table><tr><td>cell</td></tr></table></div>",
                                        "#box { border: 2pt solid #ff0000 }");
  guint first;
  g_autoptr (GArray) table_red = rules_in (table, 0xff0000, &first);
  g_assert_cmpuint (table_red->len, ==, 4);
}

static void
test_spacing (void)
{
  const char *html = "<p style='text-align: left'>abc abc abc</p>";
  g_autoptr (BfLayout) plain = lay_out (html, NULL);
  g_autoptr (BfLayout) letters = lay_out (html, "p { letter-spacing: 2pt }");
  g_autoptr (BfLayout) words = lay_out (html, "p { word-spacing: 5pt }");
  double l0, r0, l1, r1, l2, r2;
  text_extent (plain, &l0, &r0);
  text_extent (letters, &l1, &r1);
  text_extent (words, &l2, &r2);
  /* 11 characters (10 gaps), 2 spaces. */
  g_assert_cmpfloat (ABS ((r1 - l1) - (r0 - l0) - 22), <, 2.5);
  g_assert_cmpfloat (ABS ((r2 - l2) - (r0 - l0) - 10), <, 0.5);
}

static void
test_before_after_and_counters (void)
{
  const char *html = "<h2>Alpha</h2><h2>Beta</h2><p id='q'>quoted</p>";
  const char *css = "body { counter-reset: s 4 }\n"
                    "h2 { counter-increment: s }\n"
                    "h2::before { content: counter(s, upper-roman) \". \" }\n"
                    "#q::before { content: \"«\" } #q::after { content: \"» (\" attr(id) \")\" }\n";
  g_autoptr (BfLayout) layout = lay_out (html, css);
  g_autofree char *text = text_between (layout, 0, 0, 1000);
  g_assert_nonnull (strstr (text, "V. Alpha"));
  g_assert_nonnull (strstr (text, "VI. Beta"));
  g_assert_nonnull (strstr (text, "«quoted» (q)"));

  /* A string as list-style-type is the marker itself; a counter style
   * numbers the items in its digits. */
  g_autoptr (BfLayout) lists = lay_out ("<ul><li>dash</li></ul><ol><li>one</li><li>two</li></ol>",
                                        "ul { list-style-type: \"– \" } ol { list-style-type: persian }");
  g_autofree char *items = text_between (lists, 0, 0, 500);
  g_assert_nonnull (strstr (items, "–"));
  g_assert_nonnull (strstr (items, "۲."));

  /* The shorthand list-style, its words in any order (CSS Lists 3 §3):
   * "none" alone is no marker, a position and an image beside the type
   * leave the type; and an item's own list-style-type, not its list's,
   * gives its marker (GitHub's task lists set it on the item). */
  g_autoptr (BfLayout) shorthand = lay_out ("<ul class=a><li>nomark</li></ul>"
                                            "<ol class=b><li>first</li><li>second</li></ol>"
                                            "<ul class=c><li>arrowed</li></ul>"
                                            "<ul><li class=task>task</li><li>bulleted</li></ul>",
                                            "ul.a { list-style: none } "
                                            "ol.b { list-style: inside upper-roman } "
                                            "ul.c { list-style: url(x.png) \"\u2192 \" outside } "
                                            "li.task { list-style-type: none }");
  g_autofree char *marks = text_between (shorthand, 0, 0, 500);
  /* Runs in drawing order, a marker's just before its item's text. */
  g_assert_true (g_str_has_prefix (marks, "nomarkI.first"));
  g_assert_nonnull (strstr (marks, "II.second"));
  g_assert_nonnull (strstr (marks, "\u2192arrowedtask\u2022bulleted"));
}

static void
test_orphans_widows (void)
{
  g_autofree char *letters = g_strnfill (3000, 'x');
  for (gsize i = 6; i < 3000; i += 7)
    letters[i] = ' '; /* six-letter words */
  g_autofree char *html = g_strdup_printf ("<p>%s</p>", letters);
  g_autoptr (BfDocument) doc = document_with_sheet (html, "p { orphans: 3; widows: 4 }");
  BfBoxTree *tree = bf_box_tree_new (doc, bf_styler_new (doc), 300, 500);
  GPtrArray *texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  BfLineBreaker breaker = { fonts, bf_fonts_create_context (fonts), 300, texts };
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  bf_paragraph_layout (&breaker, tree->paragraphs->pdata[0], lines);
  guint n = lines->len;
  g_assert_cmpuint (n, >=, 10);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (((BfLine *) lines->pdata[i])->break_ok_before, ==, i >= 3 && n - i >= 4);
  g_ptr_array_unref (lines);
  g_ptr_array_unref (texts);
  g_object_unref (breaker.context);
  bf_box_tree_free (tree);
}

/* The number of glyphs and the glyph runs of page 0's body. */
static int
glyph_count (const BfLayout *layout, int *runs, gboolean *odd_level)
{
  const BfPage *p = layout->pages->pdata[0];
  int glyphs = 0;
  *runs = 0;
  *odd_level = FALSE;
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind != BF_ITEM_GLYPHS || item->y > 500)
        continue;
      glyphs += item->glyphs->num_glyphs;
      (*runs)++;
      *odd_level |= item->glyphs->item->analysis.level % 2 == 1;
    }
  return glyphs;
}

static void
test_text_properties (void)
{
  int runs;
  gboolean odd;
  /* font-feature-settings reaches HarfBuzz: no ligatures, more glyphs. */
  const char *words = "<p>office affluent official</p>";
  g_autoptr (BfLayout) liga = lay_out (words, NULL);
  g_autoptr (BfLayout) no_liga = lay_out (words, "p { font-feature-settings: \"liga\" 0 }");
  g_assert_cmpint (glyph_count (no_liga, &runs, &odd), >, glyph_count (liga, &runs, &odd));

  /* unicode-bidi: bidi-override with direction: rtl sets Latin letters
   * right to left. */
  const char *latin = "<p>plain <span id='s'>reversed</span> plain</p>";
  g_autoptr (BfLayout) normal = lay_out (latin, NULL);
  glyph_count (normal, &runs, &odd);
  g_assert_false (odd);
  g_autoptr (BfLayout) over = lay_out (latin, "#s { unicode-bidi: bidi-override; direction: rtl }");
  glyph_count (over, &runs, &odd);
  g_assert_true (odd);

  /* display: none takes the element out; color and line-height reach the
   * runs and the baselines. */
  g_autoptr (BfLayout) hidden = lay_out ("<p>keep <span class='x'>drop</span></p>",
                                         ".x { display: none }");
  g_autofree char *text = text_between (hidden, 0, 0, 500);
  g_assert_null (strstr (text, "drop"));
  g_autoptr (BfLayout) spaced = lay_out ("<p id='a'>one</p><p id='b' style='color: #123456'>two</p>",
                                         "p { line-height: 30pt; margin: 0 }");
  const BfPage *p = spaced->pages->pdata[0];
  double y[2] = { 0, 0 };
  guint32 color = 0;
  int k = 0;
  for (guint i = 0; i < p->items->len && k < 2; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_GLYPHS && item->y < 500)
        {
          y[k++] = item->y;
          color = item->color;
        }
    }
  g_assert_cmpfloat (ABS (y[1] - y[0] - 30), <, 0.01);
  g_assert_cmphex (color, ==, 0x123456);

  /* An unknown family falls back to the bundled faces. */
  g_autoptr (BfLayout) unknown = lay_out ("<p>fallback</p>", "p { font-family: 'No Such Face' }");
  g_autofree char *dump = bf_layout_dump (unknown);
  g_assert_nonnull (strstr (dump, "font=\"Noto Serif\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  GError *error = NULL;
  fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/page/default-sheet", test_default_sheet_reads_cleanly);
  g_test_add_func ("/page/rules", test_page_rules);
  g_test_add_func ("/page/rule-warnings", test_page_rule_warnings);
  g_test_add_func ("/page/generated-values", test_generated_values);
  g_test_add_func ("/page/margin-boxes", test_margin_boxes);
  g_test_add_func ("/page/string-policies", test_string_policies);
  g_test_add_func ("/page/margin-boxes-share-an-edge", test_margin_boxes_share_an_edge);
  g_test_add_func ("/page/rtl-first-page-left", test_rtl_first_page_is_left);
  g_test_add_func ("/style/logical-alignment-and-margins", test_logical_alignment_and_margins);
  g_test_add_func ("/style/borders-backgrounds-padding", test_borders_backgrounds_padding);
  g_test_add_func ("/style/spacing", test_spacing);
  g_test_add_func ("/style/before-after-counters", test_before_after_and_counters);
  g_test_add_func ("/style/orphans-widows", test_orphans_widows);
  g_test_add_func ("/style/text-properties", test_text_properties);
  int status = g_test_run ();
  bf_fonts_unref (fonts);
  return status;
}
