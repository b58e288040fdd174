/* test-style.c — computed styles from the built-in rules: inheritance of
 * language and direction, Persian faces, code always left to right, keeps. */
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
  return g_test_run ();
}
