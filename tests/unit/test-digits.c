/* test-digits.c — -bf-digits (issue #15): its keywords, inherited, and the
 * text it gives, worked by hand from the Unicode charts: Extended
 * Arabic-Indic digits U+06F0-U+06F9 (۰-۹, Persian), Arabic-Indic digits
 * U+0660-U+0669 (٠-٩), the Arabic decimal separator U+066B (٫) and
 * thousands separator U+066C (٬).  Written as escapes so that what is
 * expected does not depend on how an editor shows it. */
#include <string.h>

#include "style/cascade.h"
#include "tree-helpers.h"

static void
test_keywords (void)
{
  static const struct {
    const char *value;
    BfDigits expected;
  } cases[] = {
    { "as-typed", BF_DIGITS_AS_TYPED }, { "persian", BF_DIGITS_PERSIAN },
    { "arabic-indic", BF_DIGITS_ARABIC_INDIC }, { "context", BF_DIGITS_CONTEXT },
    { "PERSIAN", BF_DIGITS_PERSIAN },
    { "hindi", BF_DIGITS_AS_TYPED },   /* not ours: skipped with a warning */
  };
  static const char html[] = "<html><body><p><span>x</span></p><pre>1</pre></body></html>";
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GError *error = NULL;
      BfDocument *doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
      g_assert_no_error (error);
      char *css = g_strdup_printf ("body { -bf-digits: %s }", cases[i].value);
      add_sheet_text (doc, css);
      BfStyler *styler = bf_styler_new (doc);
      BfComputedStyle s;
      /* inherited by the span inside the paragraph */
      style_down_to (styler, find_element (xmlDocGetRootElement (doc->tree), "span"), &s);
      g_assert_cmpint (s.digits, ==, cases[i].expected);
      /* code keeps its digits (default.css) */
      style_down_to (styler, find_element (xmlDocGetRootElement (doc->tree), "pre"), &s);
      g_assert_cmpint (s.digits, ==, BF_DIGITS_AS_TYPED);
      g_assert_cmpint (bf_styler_converts_digits (styler), ==,
                       cases[i].expected != BF_DIGITS_AS_TYPED);
      gboolean warned = FALSE;
      GPtrArray *warnings = bf_styler_get_warnings (styler);
      for (guint k = 0; k < warnings->len; k++)
        warned |= strstr (warnings->pdata[k], "-bf-digits") != NULL;
      g_assert_cmpint (warned, ==, !strcmp (cases[i].value, "hindi"));
      bf_styler_free (styler);
      bf_document_free (doc);
      g_free (css);
    }
}

/* Text converted under @digits in @lang from a fresh paragraph. */
static char *
convert (BfDigits digits, const char *lang, const char *text)
{
  BfDigitContext context = { BF_LETTER_NONE };
  char *out = bf_digits_convert (digits, lang, text, NULL, NULL, &context);
  return out ? out : g_strdup (text);
}

static void
check (BfDigits digits, const char *lang, const char *text, const char *expected)
{
  g_autofree char *got = convert (digits, lang, text);
  if (strcmp (got, expected))
    g_error ("%s under %d in %s: got \"%s\", expected \"%s\"", text, digits, lang, got, expected);
}

static void
test_forms (void)
{
  check (BF_DIGITS_AS_TYPED, "fa", "29", "29");
  check (BF_DIGITS_PERSIAN, "en", "0123456789",
         "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9");
  check (BF_DIGITS_ARABIC_INDIC, "en", "0123456789",
         "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669");
  /* separators between two digits only; slashes and dashes stay */
  check (BF_DIGITS_PERSIAN, "fa", "2.5", "\u06F2\u066B\u06F5");
  check (BF_DIGITS_PERSIAN, "fa", "1,250", "\u06F1\u066C\u06F2\u06F5\u06F0");
  check (BF_DIGITS_PERSIAN, "fa", "1387/4/22", "\u06F1\u06F3\u06F8\u06F7/\u06F4/\u06F2\u06F2");
  check (BF_DIGITS_ARABIC_INDIC, "ar", "3.75", "\u0663\u066B\u0667\u0665");
  check (BF_DIGITS_PERSIAN, "fa", "5+1 7- 8. 9, .3",
         "\u06F5+\u06F1 \u06F7- \u06F8. \u06F9, .\u06F3");
  /* already in a reader's form: nothing to do */
  g_assert_null (bf_digits_convert (BF_DIGITS_PERSIAN, "fa", "\u06F2\u06F9 \u0662", NULL, NULL,
                                    &(BfDigitContext) { BF_LETTER_NONE }));
  /* addresses keep theirs, the words around them do not */
  check (BF_DIGITS_PERSIAN, "fa", "see https://example.com/123 www.a1.ir 45",
         "see https://example.com/123 www.a1.ir \u06F4\u06F5");
}

static void
test_context (void)
{
  /* letters of the Arabic script before: the language's form */
  check (BF_DIGITS_CONTEXT, "fa", "\u0633\u0627\u0644 29", "\u0633\u0627\u0644 \u06F2\u06F9");
  check (BF_DIGITS_CONTEXT, "ur", "\u0633\u0627\u0644 29", "\u0633\u0627\u0644 \u06F2\u06F9");
  check (BF_DIGITS_CONTEXT, "ar-EG", "\u0639\u0627\u0645 29", "\u0639\u0627\u0645 \u0662\u0669");
  /* unknown form for the language: as typed */
  check (BF_DIGITS_CONTEXT, "en", "\u0633\u0627\u0644 29", "\u0633\u0627\u0644 29");
  check (BF_DIGITS_CONTEXT, NULL, "\u0633\u0627\u0644 29", "\u0633\u0627\u0644 29");
  /* digits first: the letter after them decides */
  check (BF_DIGITS_CONTEXT, "fa", "29 \u0633\u0627\u0644", "\u06F2\u06F9 \u0633\u0627\u0644");
  check (BF_DIGITS_CONTEXT, "fa", "2024 was", "2024 was");
  /* Latin words in Persian text: a number among them stays Latin, the
   * next after Persian letters does not */
  check (BF_DIGITS_CONTEXT, "fa", "\u06A9\u062A\u0627\u0628 Harry Potter 7 \u0631\u0627 1387",
         "\u06A9\u062A\u0627\u0628 Harry Potter 7 \u0631\u0627 \u06F1\u06F3\u06F8\u06F7");
  /* no letter after them in this text and no paragraph to read on in:
   * the element's language */
  check (BF_DIGITS_CONTEXT, "fa", "2024 ", "\u06F2\u06F0\u06F2\u06F4 ");
  /* digits alone: the element's language */
  check (BF_DIGITS_CONTEXT, "fa", "12", "\u06F1\u06F2");
  check (BF_DIGITS_CONTEXT, "en", "12", "12");
  /* Hebrew is not Arabic script */
  check (BF_DIGITS_CONTEXT, "fa", "\u05E9\u05E0\u05D4 29", "\u05E9\u05E0\u05D4 29");

  /* The context carries from one piece of a paragraph to the next. */
  BfDigitContext context = { BF_LETTER_NONE };
  g_autofree char *first = bf_digits_convert (BF_DIGITS_CONTEXT, "fa", "\u0627\u0632 ", NULL, NULL,
                                                  &context);
  g_assert_null (first);
  g_assert_cmpint (context.last, ==, BF_LETTER_ARABIC);
  g_autofree char *second = bf_digits_convert (BF_DIGITS_CONTEXT, "fa", "29", NULL, NULL, &context);
  g_assert_cmpstr (second, ==, "\u06F2\u06F9");
  g_autofree char *third = bf_digits_convert (BF_DIGITS_CONTEXT, "fa", " Word 3", NULL, NULL, &context);
  g_assert_null (third);
  g_assert_cmpint (context.last, ==, BF_LETTER_OTHER);
}

static void
test_languages (void)
{
  static const struct {
    const char *lang;
    gunichar zero;
  } cases[] = {
    { "fa", 0x06F0 }, { "fa-IR", 0x06F0 }, { "ur", 0x06F0 }, { "ps", 0x06F0 }, { "sd", 0x06F0 },
    { "ks", 0x06F0 }, { "ar", 0x0660 }, { "AR", 0x0660 }, { "ckb", 0x0660 }, { "en", 0 },
    { "he", 0 }, { "ug", 0 }, { "far", 0 }, { NULL, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (bf_digits_zero_for_language (cases[i].lang), ==, cases[i].zero);
}

/* The EPUB's pass: what it gives each text node, paragraphs apart. */
static void
test_document (void)
{
  static const char html[] =
    "<html lang='fa'><body><p>\u0627\u0632 <b>29</b> <code>42</code></p>"
    "<p>2024 <span lang='en'>was</span></p><p style='-bf-digits: as-typed'>61</p>"
    "<p style='display: none'>\u0627\u0632 5</p></body></html>";
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
  g_assert_no_error (error);
  xmlNodePtr root = xmlDocGetRootElement (doc->tree);
  BfStyler *plain = bf_styler_new (doc);
  g_assert_null (bf_styler_convert_digits (plain, root));   /* nothing asks for it */
  bf_styler_free (plain);
  add_sheet_text (doc, "html { -bf-digits: context }");
  BfStyler *styler = bf_styler_new (doc);
  GHashTable *converted = bf_styler_convert_digits (styler, root);
  g_assert_nonnull (converted);
  g_assert_cmpuint (g_hash_table_size (converted), ==, 1);
  xmlNodePtr b = find_element (root, "b");
  g_assert_cmpstr (g_hash_table_lookup (converted, b->children), ==, "\u06F2\u06F9");
  g_hash_table_unref (converted);
  bf_styler_free (styler);
  bf_document_free (doc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/digits/keywords", test_keywords);
  g_test_add_func ("/digits/forms", test_forms);
  g_test_add_func ("/digits/context", test_context);
  g_test_add_func ("/digits/languages", test_languages);
  g_test_add_func ("/digits/document", test_document);
  return g_test_run ();
}
