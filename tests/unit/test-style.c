/* test-style.c — computed styles from the built-in rules: inheritance of
 * language and direction, Persian faces, code always left to right, keeps;
 * and custom properties with var(). */
#include <string.h>

#include "tree-helpers.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/style/defaults", test_defaults);
  g_test_add_func ("/style/persian-inherits", test_persian_inherits);
  g_test_add_func ("/style/code-is-ltr", test_code_is_ltr);
  g_test_add_func ("/style/family-list-bound", test_family_list_bound);
  g_test_add_func ("/style/keeps", test_keeps);
  g_test_add_func ("/style/rtl-languages", test_rtl_languages);
  g_test_add_func ("/style/counter-styles", test_counter_styles);
  g_test_add_func ("/style/custom-properties", test_custom_properties);
  g_test_add_func ("/style/style-attribute-cascade", test_style_attribute_cascade);
  return g_test_run ();
}
