/* test-style.c — computed styles from the built-in rules: inheritance of
 * language and direction, Persian faces, code always left to right, keeps;
 * custom properties with var(); the cascade of style=""; and what styles
 * do as the layout draws them (with the bundled fonts): logical alignment
 * and margins, borders, backgrounds, padding, spacing, generated content
 * and counters, orphans and widows, text properties. */
#include <string.h>

#include "layout-helpers.h"

/* Computes the style of the first @tag in @html down the tree from <html>. */
static void
style_of (const char *html, const char *tag, BfComputedStyle *out)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
  g_assert_no_error (error);
  xmlNodePtr target = find_element (xmlDocGetRootElement (doc->tree), tag);
  g_assert_nonnull (target);
  style_down_to (NULL, target, out);
}

static void
test_defaults (void)
{
  BfComputedStyle s;
  style_of ("<p>x</p>", "p", &s);
  g_assert_cmpint (s.display, ==, BF_DISPLAY_BLOCK);
  g_assert_cmpint (s.text_align, ==, BF_ALIGN_JUSTIFY);
  g_assert_cmpint (s.direction, ==, BF_DIRECTION_AUTO);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Serif"));
  g_assert_cmpfloat (s.font_size, >, 8);
  style_of ("<head><title>t</title></head><p>x</p>", "title", &s);
  g_assert_cmpint (s.display, ==, BF_DISPLAY_NONE);
}

static void
test_persian_inherits (void)
{
  BfComputedStyle latin, s;
  style_of ("<p>x</p>", "p", &latin);
  style_of ("<div lang=\"fa\" dir=\"rtl\"><p><em>x</em></p></div>", "em", &s);
  g_assert_cmpstr (s.lang, ==, "fa");
  g_assert_cmpint (s.direction, ==, BF_DIRECTION_RTL);
  g_assert_true (s.italic);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Naskh Arabic"));
  g_assert_cmpfloat (s.font_size, >, latin.font_size);
  /* Back to English inside Persian: the Latin face again, at its own size. */
  style_of ("<div lang=\"fa\"><p><span lang=\"en\">x</span></p></div>", "span", &s);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Serif"));
  g_assert_cmpfloat (ABS (s.font_size - latin.font_size), <, 0.01);
}

/* Does "font-family: F0, F1, … (@count names)" apply? */
static gboolean
family_list_applies (int count)
{
  GString *text = g_string_new ("font-family: ");
  for (int i = 0; i < count; i++)
    g_string_append_printf (text, "%sF%d", i ? ", " : "", i);
  GPtrArray *declarations = bf_css_declarations_parse (text->str, "style", NULL);
  g_assert_cmpuint (declarations->len, ==, 1);
  BfComputedStyle root, s;
  bf_style_init_root (&root);
  s = root;
  gboolean applied = bf_declaration_apply (declarations->pdata[0], &root, &s);
  if (applied)
    g_assert_true (g_str_has_prefix (s.font_family, "F0, "));
  g_ptr_array_unref (declarations);
  g_string_free (text, TRUE);
  return applied;
}

static void
test_family_list_bound (void)
{
  /* 64 names are used; more are not (the declaration is skipped with the
   * usual warning), as font matching grows faster than the list. */
  g_assert_true (family_list_applies (1));
  g_assert_true (family_list_applies (64));
  g_assert_false (family_list_applies (65));
  g_assert_false (family_list_applies (16000));
}

static void
test_code_is_ltr (void)
{
  BfComputedStyle s;
  style_of ("<div dir=\"rtl\" lang=\"fa\"><pre><code>x</code></pre></div>", "pre", &s);
  g_assert_cmpint (s.direction, ==, BF_DIRECTION_LTR);
  g_assert_true (s.preformatted);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Sans Mono"));
}

static void
test_keeps (void)
{
  BfComputedStyle s;
  style_of ("<h2>x</h2>", "h2", &s);
  g_assert_true (s.keep_with_next);
  g_assert_cmpint (s.font_weight, ==, 700);
  style_of ("<div class=\"signature\"><p>x</p></div>", "div", &s);
  g_assert_true (s.keep_together);
  g_assert_cmpint (s.text_align, ==, BF_ALIGN_END);
  /* A <details>' summary stays with what it holds. */
  style_of ("<details><summary>x</summary><p>y</p></details>", "summary", &s);
  g_assert_true (s.keep_with_next);
}

static void
test_rtl_languages (void)
{
  g_assert_true (bf_lang_is_rtl ("fa"));
  g_assert_true (bf_lang_is_rtl ("fa-IR"));
  g_assert_true (bf_lang_is_rtl ("ar"));
  g_assert_true (bf_lang_is_rtl ("he"));
  g_assert_false (bf_lang_is_rtl ("en"));
  g_assert_false (bf_lang_is_rtl ("far"));
  g_assert_false (bf_lang_is_rtl (NULL));
}

static void
test_counter_styles (void)
{
  static const struct {
    BfListStyle style;
    int n;
    const char *text;
  } cases[] = {
    { BF_LIST_DECIMAL, 12, "12" }, { BF_LIST_PERSIAN, 1387, "۱۳۸۷" },
    { BF_LIST_ARABIC_INDIC, 29, "٢٩" }, { BF_LIST_LOWER_ALPHA, 1, "a" },
    { BF_LIST_LOWER_ALPHA, 27, "aa" }, { BF_LIST_UPPER_ALPHA, 52, "AZ" },
    { BF_LIST_LOWER_ROMAN, 1999, "mcmxcix" }, { BF_LIST_UPPER_ROMAN, 4, "IV" },
    { BF_LIST_UPPER_ROMAN, 0, "0" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bf_list_style_format (cases[i].style, cases[i].n);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The color of the first @tag of @html, computed with the document's own
 * sheets. */
static guint32
color_with_sheet (const char *html, const char *tag)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
  g_assert_no_error (error);
  BfStyler *styler = bf_styler_new (doc);
  xmlNodePtr target = find_element (xmlDocGetRootElement (doc->tree), tag);
  g_assert_nonnull (target);
  BfComputedStyle s;
  style_down_to (styler, target, &s);
  bf_styler_free (styler);
  return s.color;
}

/* Custom properties and var(), with the examples of CSS Custom Properties
 * Level 1 (§2, §2.3, §3). */
static void
test_custom_properties (void)
{
  /* §2 example 1: declared on :root, used anywhere. */
  g_assert_cmphex (color_with_sheet ("<style>:root { --main-color: #06c }"
                                     "h1 { color: var(--main-color) }</style><h1>x</h1>", "h1"),
                   ==, 0x0066cc);
  /* Inherited, and overridden for a subtree. */
  const char *nested = "<style>:root { --c: #c00000 } .box { --c: #0000c0 }"
                       "p { color: var(--c) }</style><p id=a>x</p><div class=box><p>y</p></div>";
  g_assert_cmphex (color_with_sheet (nested, "p"), ==, 0xc00000);
  g_assert_cmphex (color_with_sheet ("<style>.box { --c: #0000c0 } p { color: var(--c) }</style>"
                                     "<div class=box><p>y</p></div>", "p"), ==, 0x0000c0);
  /* A fallback when the property is not defined, itself with var(). */
  g_assert_cmphex (color_with_sheet ("<style>:root { --g: #008000 }"
                                     "p { color: var(--missing, var(--g)) }</style><p>x</p>", "p"),
                   ==, 0x008000);
  /* §2.3: a cycle makes both invalid, so the fallback is used. */
  g_assert_cmphex (color_with_sheet ("<style>:root { --one: var(--two); --two: var(--one) }"
                                     "p { color: var(--one, #00c0c0) }</style><p>x</p>", "p"),
                   ==, 0x00c0c0);
  /* A custom property's var() is replaced where it is declared (§2.2):
   * --a stays red under .blue, which changes only --b. */
  g_assert_cmphex (color_with_sheet ("<style>:root { --b: #c00000; --a: var(--b) }"
                                     ".blue { --b: #0000c0 } p { color: var(--a) }</style>"
                                     "<div class=blue><p>x</p></div>", "p"), ==, 0xc00000);
  /* Names are case-sensitive (§2). */
  g_assert_cmphex (color_with_sheet ("<style>:root { --Ink: #c00000; --ink: #0000c0 }"
                                     "p { color: var(--Ink) }</style><p>x</p>", "p"), ==, 0xc00000);
  /* 'initial' makes it undefined again (§2.2.1). */
  g_assert_cmphex (color_with_sheet ("<style>:root { --c: #c00000 } div { --c: initial }"
                                     "p { color: var(--c, #008000) }</style><div><p>x</p></div>",
                                     "p"), ==, 0x008000);
  /* In style="" too. */
  g_assert_cmphex (color_with_sheet ("<p style=\"--k: #0000c0; color: var(--k)\">x</p>", "p"),
                   ==, 0x0000c0);
  /* Undefined, with no fallback: the declaration is left out, and the one
   * before it stays (bifolio's choice; the specification would unset it). */
  g_assert_cmphex (color_with_sheet ("<style>p { color: #800080; color: var(--none) }</style>"
                                     "<p>x</p>", "p"), ==, 0x800080);
  /* Forty properties each twice the one before would hold 2^40 tokens:
   * refused, at once. */
  GString *doubling = g_string_new ("<style>:root { --v0: #c00000;");
  for (int i = 1; i <= 40; i++)
    g_string_append_printf (doubling, " --v%d: var(--v%d) var(--v%d);", i, i - 1, i - 1);
  g_string_append (doubling, "} p { color: var(--v40, #008000) }</style><p>x</p>");
  g_assert_cmphex (color_with_sheet (doubling->str, "p"), ==, 0x008000);
  g_string_free (doubling, TRUE);
  /* A chain of 20,000 references, declared last to first: resolved whole. */
  GString *chain = g_string_new ("<style>:root {");
  for (int i = 20000; i >= 1; i--)
    g_string_append_printf (chain, " --c%d: var(--c%d);", i, i - 1);
  g_string_append (chain, " --c0: #0000c0 } p { color: var(--c20000) }</style><p>x</p>");
  g_assert_cmphex (color_with_sheet (chain->str, "p"), ==, 0x0000c0);
  g_string_free (chain, TRUE);
}

/* style="" in the cascade, as CSS Cascade 5 §6.1 sorts it: importance
 * first, then element-attached declarations over every rule however
 * specific and whatever its layer, then the later of the attribute's own. */
static void
test_style_attribute_cascade (void)
{
  const guint32 red = 0xc00000, blue = 0x0000c0;
  g_assert_cmphex (color_with_sheet ("<style>#a.b p#x { color: #c00000 }</style>"
                                     "<div id=a class=b><p id=x style=\"color: #0000c0\">x</p></div>",
                                     "p"),
                   ==, blue);
  g_assert_cmphex (color_with_sheet ("<style>p { color: #c00000 !important }</style>"
                                     "<p style=\"color: #0000c0\">x</p>", "p"),
                   ==, red);
  g_assert_cmphex (color_with_sheet ("<style>p { color: #c00000 !important }</style>"
                                     "<p style=\"color: #0000c0 !important\">x</p>", "p"),
                   ==, blue);
  g_assert_cmphex (color_with_sheet ("<style>@layer a { p { color: #c00000 !important } }</style>"
                                     "<p style=\"color: #0000c0 !important\">x</p>", "p"),
                   ==, blue);
  g_assert_cmphex (color_with_sheet ("<p style=\"color: #c00000; color: #0000c0\">x</p>", "p"),
                   ==, blue);
  g_assert_cmphex (color_with_sheet ("<p style=\"color: #0000c0 !important; color: #c00000\">x</p>",
                                     "p"),
                   ==, blue);
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

static void
test_quote_marks (void)
{
  /* quotes: auto takes the language's marks from the Unicode CLDR
   * (its locales' <delimiters>): a region or script falls back to its
   * language, an unknown language to the root's; below the first level
   * the inner pair serves every level. */
  g_assert_cmpstr (bf_quote_mark (NULL, "fa", 0, TRUE), ==, "\u00AB");
  g_assert_cmpstr (bf_quote_mark (NULL, "fa-IR", 0, FALSE), ==, "\u00BB");
  g_assert_cmpstr (bf_quote_mark (NULL, "fa", 1, TRUE), ==, "\u2039");
  g_assert_cmpstr (bf_quote_mark (NULL, "ar", 0, TRUE), ==, "\u201D");
  g_assert_cmpstr (bf_quote_mark (NULL, "ar", 0, FALSE), ==, "\u201C");
  g_assert_cmpstr (bf_quote_mark (NULL, "he", 0, TRUE), ==, "\u201D");
  g_assert_cmpstr (bf_quote_mark (NULL, "en-GB", 5, FALSE), ==, "\u2019");
  g_assert_cmpstr (bf_quote_mark (NULL, "zh_Hant_TW", 0, TRUE), ==, "\u300C");
  g_assert_cmpstr (bf_quote_mark (NULL, "zz", 0, TRUE), ==, "\u201C");
  g_assert_cmpstr (bf_quote_mark (NULL, NULL, 0, FALSE), ==, "\u201D");
  /* An author's pairs, the last serving deeper levels; none. */
  g_autoptr (GPtrArray) own = g_ptr_array_new ();
  g_ptr_array_add (own, "[");
  g_ptr_array_add (own, "]");
  g_ptr_array_add (own, "<");
  g_ptr_array_add (own, ">");
  g_assert_cmpstr (bf_quote_mark (own, "fa", 0, TRUE), ==, "[");
  g_assert_cmpstr (bf_quote_mark (own, "fa", 3, FALSE), ==, ">");
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_assert_cmpstr (bf_quote_mark (none, "en", 0, TRUE), ==, "");
}

static void
test_quotes_in_text (void)
{
  /* <q> nests: the marks by depth, counted through the document; a
   * close-quote with none open writes nothing; no-open-quote and
   * no-close-quote count without a mark; `quotes` is inherited. */
  g_autoptr (BfLayout) nested = lay_out ("<p>A <q>b <q>c</q> d</q> e</p>", NULL);
  g_autofree char *text = text_between (nested, 0, 0, 1e6);
  g_assert_nonnull (strstr (text, "A \u201Cb \u2018c\u2019 d\u201D e"));
  g_autoptr (BfLayout) persian = lay_out ("<p lang='fa' dir='rtl'>گفت <q>نامه</q> را</p>", NULL);
  g_autofree char *fa = text_between (persian, 0, 0, 1e6);
  g_assert_nonnull (strstr (fa, "\u00AB\u0646\u0627\u0645\u0647\u00BB"));
  g_autoptr (BfLayout) counted = lay_out ("<p>x <span class='c'>y</span> <q>z</q> "
                                          "<span class='n'>w</span> <q>v</q></p>",
                                          "span.c::after { content: close-quote } "
                                          "span.n::before { content: no-open-quote } "
                                          "p { quotes: '(' ')' '{' '}' }");
  g_autofree char *marks = text_between (counted, 0, 0, 1e6);
  g_assert_nonnull (strstr (marks, "x y (z) w {v}"));
}

/* The glyph item of page 0 whose text is @text (exactly), and its index. */
static const BfDisplayItem *
glyphs_of (const BfLayout *layout, const char *text, guint *index)
{
  const BfPage *p = layout->pages->pdata[0];
  for (guint i = 0; i < p->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (p->items, BfDisplayItem, i);
      const PangoItem *pi = item->kind == BF_ITEM_GLYPHS ? item->glyphs->item : NULL;
      if (pi && (gsize) pi->length == strlen (text)
          && !strncmp (item->text + pi->offset, text, pi->length))
        {
          *index = i;
          return item;
        }
    }
  g_error ("no glyph run \"%s\"", text);
}

static void
test_inline_backgrounds (void)
{
  /* A <mark>'s background (the built-in sheet's yellow) lies under its
   * text alone: drawn before the glyphs, as wide as them, as tall as the
   * face's ascent plus descent (Noto Serif: 1.069 + 0.293 em, from its
   * hhea table) at 10.5pt, the body's size. */
  g_autoptr (BfLayout) marked = lay_out ("<p>plain <mark>marked</mark> plain</p>", NULL);
  guint first;
  g_autoptr (GArray) yellow = rules_in (marked, 0xffff00, &first);
  g_assert_cmpuint (yellow->len, ==, 1);
  guint index;
  const BfDisplayItem *word = glyphs_of (marked, "marked", &index);
  const BfDisplayItem *rect = &g_array_index (yellow, BfDisplayItem, 0);
  g_assert_cmpuint (first, <, index);
  g_assert_cmpfloat (ABS (rect->x - word->x), <, 0.01);
  g_assert_cmpfloat (ABS (rect->width - (double) word->glyphs->width / PANGO_SCALE), <, 0.01);
  g_assert_cmpfloat (ABS (rect->height - 1.362 * 10.5), <, 0.2);
  g_assert_cmpfloat (ABS ((word->y - rect->y) - 1.069 * 10.5), <, 0.2);

  /* A superscript inside is under the mark's box, not one of its own: one
   * stretch from the A's left to the 2's right, on the mark's baseline. */
  g_autoptr (BfLayout) raised = lay_out ("<p>x <mark>A<sup>2</sup></mark> y</p>", NULL);
  g_autoptr (GArray) marks = rules_in (raised, 0xffff00, &first);
  g_assert_cmpuint (marks->len, ==, 1);
  const BfDisplayItem *a = glyphs_of (raised, "A", &index);
  const BfDisplayItem *two = glyphs_of (raised, "2", &index);
  const BfDisplayItem *both = &g_array_index (marks, BfDisplayItem, 0);
  g_assert_cmpfloat (ABS (both->x - a->x), <, 0.01);
  g_assert_cmpfloat (ABS (both->x + both->width - two->x - (double) two->glyphs->width / PANGO_SCALE),
                     <, 0.01);
  g_assert_cmpfloat (ABS ((a->y - both->y) - 1.069 * 10.5), <, 0.2);
  g_assert_cmpfloat (two->y, <, a->y - 1);
  /* A span's background is drawn whole, then the mark's inside it over it. */
  g_autoptr (BfLayout) nested = lay_out ("<p>x <span style='background: #0000c0'>b <mark>m</mark> c</span>"
                                         " y</p>", NULL);
  guint first_blue;
  g_autoptr (GArray) inner = rules_in (nested, 0xffff00, &first);
  g_autoptr (GArray) blue = rules_in (nested, 0x0000c0, &first_blue);
  g_assert_cmpuint (inner->len, ==, 1);
  g_assert_cmpuint (blue->len, ==, 1);
  g_assert_cmpuint (first_blue, <, first);
  const BfDisplayItem *m = &g_array_index (inner, BfDisplayItem, 0);
  const BfDisplayItem *b = &g_array_index (blue, BfDisplayItem, 0);
  const BfDisplayItem *m_glyphs = glyphs_of (nested, "m", &index);
  g_assert_cmpfloat (ABS (m->x - m_glyphs->x), <, 0.01);
  g_assert_cmpfloat (b->x, <, m->x - 5);
  g_assert_cmpfloat (b->x + b->width, >, m->x + m->width + 5);
  /* A block inside an inline element is not under its background. */
  g_autoptr (BfLayout) split = lay_out ("<div><mark>a<p>inside</p>b</mark></div>", NULL);
  g_autoptr (GArray) around = rules_in (split, 0xffff00, &first);
  g_assert_cmpuint (around->len, ==, 2);
  const BfDisplayItem *inside = glyphs_of (split, "inside", &index);
  for (guint i = 0; i < around->len; i++)
    g_assert_cmpfloat (ABS (g_array_index (around, BfDisplayItem, i).y - inside->y), >, 5);
  g_autoptr (BfLayout) plain = lay_out ("<p>no <em>background</em> here</p>", NULL);
  g_assert_cmpuint (bf_layout_get_page_count (plain), ==, 1);
  const BfPage *page = plain->pages->pdata[0];
  for (guint i = 0; i < page->items->len; i++)
    g_assert_cmpint (g_array_index (page->items, BfDisplayItem, i).kind, !=, BF_ITEM_RULE);
}

/* The x offset of the first glyph of @run, in points. */
static double
first_glyph_offset (const BfDisplayItem *run)
{
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  bf_glyph_run_get_glyphs (run->glyphs, glyphs);
  double offset = (double) glyphs->glyphs[0].geometry.x_offset / PANGO_SCALE;
  pango_glyph_string_free (glyphs);
  return offset;
}

static double
run_width (const BfDisplayItem *run)
{
  return (double) run->glyphs->width / PANGO_SCALE;
}

/* The rules of @rules as wide as @width (to 0.01pt). */
static guint
count_of_width (const GArray *rules, double width)
{
  guint n = 0;
  for (guint i = 0; i < rules->len; i++)
    n += ABS (g_array_index (rules, BfDisplayItem, i).width - width) < 0.01;
  return n;
}

static void
test_inline_boxes (void)
{
  /* An inline element's horizontal margins, borders and padding take room
   * on its line before its first character and after its last (CSS 2
   * §10.3.1, §8.6: its box is sliced where lines break); its background
   * covers its padding, not its margins; vertical padding and borders
   * reach above and below its content and take no room. */
  guint index, first;
  g_autoptr (BfLayout) plain = lay_out ("<p>a<b>b</b>c</p>", NULL);
  double b_width = run_width (glyphs_of (plain, "b", &index));
  double c_x = glyphs_of (plain, "c", &index)->x;
  g_autoptr (BfLayout) roomy = lay_out ("<p>a<b style='padding: 0 6pt; margin: 0 4pt;"
                                        " background: #00ff00'>b</b>c</p>", NULL);
  const BfDisplayItem *b = glyphs_of (roomy, "b", &index);
  g_assert_cmpfloat (ABS (run_width (b) - (b_width + 20)), <, 0.01);
  g_assert_cmpfloat (ABS (first_glyph_offset (b) - 10), <, 0.01);
  g_assert_cmpfloat (ABS (glyphs_of (roomy, "c", &index)->x - (c_x + 20)), <, 0.01);
  g_autoptr (GArray) green = rules_in (roomy, 0x00ff00, &first);
  g_assert_cmpuint (green->len, ==, 1);
  const BfDisplayItem *ground = &g_array_index (green, BfDisplayItem, 0);
  g_assert_cmpfloat (ABS (ground->x - (b->x + 4)), <, 0.01);
  g_assert_cmpfloat (ABS (ground->width - (b_width + 12)), <, 0.01);

  /* Four borders around the content (Noto Serif: ascent 1.069 em,
   * descent 0.293 at 10.5pt) and its 1pt of top padding. */
  g_autoptr (BfLayout) bordered = lay_out ("<p>a<b style='border: 2pt solid #ff0000;"
                                           " border-left-width: 3pt; padding-top: 1pt'>b</b>c</p>",
                                           NULL);
  b = glyphs_of (bordered, "b", &index);
  g_assert_cmpfloat (ABS (run_width (b) - (b_width + 5)), <, 0.01);
  g_autoptr (GArray) red = rules_in (bordered, 0xff0000, &first);
  g_assert_cmpuint (red->len, ==, 4);
  g_assert_cmpuint (first, <, index);
  double top = b->y - 1.069 * 10.5 - 1 - 2, height = 1.362 * 10.5 + 1 + 4;
  guint across = 0;
  for (guint i = 0; i < red->len; i++)
    {
      const BfDisplayItem *rule = &g_array_index (red, BfDisplayItem, i);
      if (ABS (rule->width - 3) < 0.01)
        {
          g_assert_cmpfloat (ABS (rule->x - b->x), <, 0.01);
          g_assert_cmpfloat (ABS (rule->height - height), <, 0.2);
        }
      else if (ABS (rule->height - 2) < 0.01)
        {
          g_assert_cmpfloat (ABS (rule->width - (b_width + 5)), <, 0.01);
          across++;
        }
      else
        g_assert_cmpfloat (ABS (rule->x + rule->width - (b->x + b_width + 5)), <, 0.01);
      g_assert_cmpfloat (rule->y, >, top - 0.2);
      g_assert_cmpfloat (rule->y + rule->height, <, top + height + 0.2);
    }
  g_assert_cmpuint (across, ==, 2);

  /* The start edge is on the right in a right-to-left line, the glyph
   * staying where it was; on the left in a left-to-right one. */
  g_autoptr (BfLayout) rtl = lay_out ("<p dir='rtl' lang='fa'>الف <b style='border-inline-start:"
                                      " 3pt solid #ff0000'>ب</b> ج</p>", NULL);
  b = glyphs_of (rtl, "ب", &index);
  g_autoptr (GArray) right = rules_in (rtl, 0xff0000, &first);
  g_assert_cmpuint (right->len, ==, 1);
  const BfDisplayItem *edge = &g_array_index (right, BfDisplayItem, 0);
  g_assert_cmpfloat (ABS (edge->x + 3 - (b->x + run_width (b))), <, 0.01);
  g_assert_cmpfloat (ABS (first_glyph_offset (b)), <, 0.01);
  g_autoptr (BfLayout) ltr = lay_out ("<p>x <b style='border-inline-start: 3pt solid #ff0000'>y</b>"
                                      " z</p>", NULL);
  b = glyphs_of (ltr, "y", &index);
  g_autoptr (GArray) left = rules_in (ltr, 0xff0000, &first);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpfloat (ABS (g_array_index (left, BfDisplayItem, 0).x - b->x), <, 0.01);
  g_assert_cmpfloat (ABS (first_glyph_offset (b) - 3), <, 0.01);

  /* Nested elements that begin and end at one character: the inner box
   * inside the outer's border and padding, and its own margin. */
  g_autoptr (BfLayout) single = lay_out ("<p>x <b>V</b> y</p>", NULL);
  double v_width = run_width (glyphs_of (single, "V", &index));
  g_autoptr (BfLayout) nested = lay_out ("<p>x <b style='border: 1pt solid #ff0000; padding: 0 3pt'>"
                                         "<b style='border: 1pt solid #0000ff; margin: 0 2pt'>V</b></b>"
                                         " y</p>", NULL);
  const BfDisplayItem *v = glyphs_of (nested, "V", &index);
  g_assert_cmpfloat (ABS (run_width (v) - (v_width + 14)), <, 0.01);
  g_autoptr (GArray) outer = rules_in (nested, 0xff0000, &first);
  guint first_inner;
  g_autoptr (GArray) inner = rules_in (nested, 0x0000ff, &first_inner);
  g_assert_cmpuint (outer->len, ==, 4);
  g_assert_cmpuint (inner->len, ==, 4);
  g_assert_cmpuint (first, <, first_inner);
  g_assert_cmpuint (count_of_width (outer, v_width + 14), ==, 2);
  g_assert_cmpuint (count_of_width (inner, v_width + 2), ==, 2);
  for (guint i = 0; i < inner->len; i++)
    {
      const BfDisplayItem *rule = &g_array_index (inner, BfDisplayItem, i);
      g_assert_cmpfloat (rule->x, >, v->x + 6 - 0.01);
      g_assert_cmpfloat (rule->x + rule->width, <, v->x + v_width + 8 + 0.01);
    }

  /* Broken over two lines, the box is open where the line breaks: its
   * start border on the first line only, its end border on the second. */
  GString *long_text = g_string_new ("<p><span style='border: 1pt solid #ff0000'>");
  for (int i = 0; i < 20; i++)
    g_string_append (long_text, "words enough ");
  g_string_append (long_text, "end</span> after</p>");
  g_autoptr (BfLayout) broken = lay_out (long_text->str, NULL);
  g_string_free (long_text, TRUE);
  g_autoptr (GArray) sliced = rules_in (broken, 0xff0000, &first);
  g_autoptr (GArray) sides = g_array_new (FALSE, FALSE, sizeof (BfDisplayItem));
  for (guint i = 0; i < sliced->len; i++)
    if (g_array_index (sliced, BfDisplayItem, i).height > 5)
      g_array_append_val (sides, g_array_index (sliced, BfDisplayItem, i));
  g_assert_cmpuint (sides->len, ==, 2);
  const BfDisplayItem *opening = &g_array_index (sides, BfDisplayItem, 0);
  const BfDisplayItem *closing = &g_array_index (sides, BfDisplayItem, 1);
  g_assert_cmpfloat (closing->y, >, opening->y + 10);
  const BfPage *page = broken->pages->pdata[0];
  double text_left = G_MAXDOUBLE;
  for (guint i = 0; i < page->items->len; i++)
    if (g_array_index (page->items, BfDisplayItem, i).kind == BF_ITEM_GLYPHS)
      text_left = MIN (text_left, g_array_index (page->items, BfDisplayItem, i).x);
  g_assert_cmpfloat (ABS (opening->x - text_left), <, 0.01);
  const BfDisplayItem *after = glyphs_of (broken, " after", &index);
  g_assert_cmpfloat (ABS (closing->x + 1 - after->x), <, 0.01);

  /* An empty element takes no room and draws nothing. */
  g_autoptr (BfLayout) empty = lay_out ("<p>a<span style='padding: 5pt; border: 1pt solid"
                                        " #ff0000'></span>b</p>", NULL);
  g_autoptr (GArray) none = rules_in (empty, 0xff0000, &first);
  g_assert_cmpuint (none->len, ==, 0);
}

/* Whether every rule of @rules is drawn in @line. */
static gboolean
all_drawn_in (const GArray *rules, BfLineStyle line)
{
  for (guint i = 0; i < rules->len; i++)
    if (g_array_index (rules, BfDisplayItem, i).line != line)
      return FALSE;
  return rules->len > 0;
}

static void
test_border_styles (void)
{
  /* dashed and dotted borders reach the page as rules drawn in dashes or
   * dots, on every kind of box; the other styles stay solid; a colour
   * after the style in the shorthand does not undo it. */
  guint first;
  g_autoptr (BfLayout) layout = lay_out (
      "<hr><div id='box'><p>Boxed.</p></div><p>A <kbd>key</kbd>.</p>"
      "<table><tr><td>cell</td></tr></table><p class='double'>Double.</p>",
      "hr { border-top: 2pt dashed #ff0000 }"
      "#box { border: 1pt dotted #00ff00; border-bottom-style: solid }"
      "kbd { border: 1pt dashed #0000ff }"
      "td { border: 1pt dotted #ff00ff }"
      ".double { border: 3pt double #ffff00 }");
  g_autoptr (GArray) rule = rules_in (layout, 0xff0000, &first);
  g_assert_cmpuint (rule->len, ==, 1);
  g_assert_true (all_drawn_in (rule, BF_LINE_DASHED));
  g_autoptr (GArray) box = rules_in (layout, 0x00ff00, &first);
  g_assert_cmpuint (box->len, ==, 4);
  guint dotted = 0, solid = 0;
  for (guint i = 0; i < box->len; i++)
    {
      const BfDisplayItem *edge = &g_array_index (box, BfDisplayItem, i);
      dotted += edge->line == BF_LINE_DOTTED;
      if (edge->line == BF_LINE_SOLID)
        {
          solid++;
          g_assert_cmpfloat (edge->width, >, edge->height); /* the bottom */
        }
    }
  g_assert_cmpuint (dotted, ==, 3);
  g_assert_cmpuint (solid, ==, 1);
  g_autoptr (GArray) key = rules_in (layout, 0x0000ff, &first);
  g_assert_cmpuint (key->len, ==, 4);
  g_assert_true (all_drawn_in (key, BF_LINE_DASHED));
  g_autoptr (GArray) cell = rules_in (layout, 0xff00ff, &first);
  g_assert_cmpuint (cell->len, ==, 4);
  g_assert_true (all_drawn_in (cell, BF_LINE_DOTTED));
  g_autoptr (GArray) doubled = rules_in (layout, 0xffff00, &first);
  g_assert_cmpuint (doubled->len, ==, 4);
  g_assert_true (all_drawn_in (doubled, BF_LINE_SOLID));
}

static void
test_definition_lists (void)
{
  /* A <dd> starts 1.6rem (16.8pt at the built-in 10.5pt) in from its
   * <dt>, as a list's items do: from the left in English, from the right
   * in Persian. */
  g_autoptr (BfLayout) en = lay_out ("<dl><dt>term</dt><dd>definition</dd></dl>", NULL);
  guint index;
  const BfDisplayItem *term = glyphs_of (en, "term", &index);
  const BfDisplayItem *definition = glyphs_of (en, "definition", &index);
  g_assert_cmpfloat (ABS (definition->x - term->x - 16.8), <, 0.01);
  g_autoptr (BfLayout) fa = lay_out ("<dl dir='rtl' lang='fa'><dt>واژه</dt><dd>معنی</dd></dl>", NULL);
  const BfDisplayItem *word = glyphs_of (fa, "واژه", &index);
  const BfDisplayItem *meaning = glyphs_of (fa, "معنی", &index);
  double word_end = word->x + (double) word->glyphs->width / PANGO_SCALE;
  double meaning_end = meaning->x + (double) meaning->glyphs->width / PANGO_SCALE;
  g_assert_cmpfloat (ABS (word_end - meaning_end - 16.8), <, 0.01);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  layout_helpers_init ();
  g_test_add_func ("/style/defaults", test_defaults);
  g_test_add_func ("/style/persian-inherits", test_persian_inherits);
  g_test_add_func ("/style/code-is-ltr", test_code_is_ltr);
  g_test_add_func ("/style/family-list-bound", test_family_list_bound);
  g_test_add_func ("/style/keeps", test_keeps);
  g_test_add_func ("/style/rtl-languages", test_rtl_languages);
  g_test_add_func ("/style/counter-styles", test_counter_styles);
  g_test_add_func ("/style/custom-properties", test_custom_properties);
  g_test_add_func ("/style/style-attribute-cascade", test_style_attribute_cascade);
  g_test_add_func ("/style/logical-alignment-and-margins", test_logical_alignment_and_margins);
  g_test_add_func ("/style/borders-backgrounds-padding", test_borders_backgrounds_padding);
  g_test_add_func ("/style/spacing", test_spacing);
  g_test_add_func ("/style/before-after-counters", test_before_after_and_counters);
  g_test_add_func ("/style/orphans-widows", test_orphans_widows);
  g_test_add_func ("/style/text-properties", test_text_properties);
  g_test_add_func ("/style/quote-marks", test_quote_marks);
  g_test_add_func ("/style/quotes-in-text", test_quotes_in_text);
  g_test_add_func ("/style/inline-backgrounds", test_inline_backgrounds);
  g_test_add_func ("/style/inline-boxes", test_inline_boxes);
  g_test_add_func ("/style/border-styles", test_border_styles);
  g_test_add_func ("/style/definition-lists", test_definition_lists);
  int status = g_test_run ();
  layout_helpers_finish ();
  return status;
}
