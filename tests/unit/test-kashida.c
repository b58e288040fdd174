/* test-kashida.c — where a justified Arabic-script word may be elongated,
 * worked out by hand from W3C's Arabic & Persian Layout Requirements
 * (alreq §3.4.4) and Microsoft's kashida priorities: after seen and sad
 * first (1), then before a final heh, teh marbuta or dal (2), before a
 * final alef, tah, lam, kaf or gaf (3), before any other final (4); never
 * at a ZWNJ, never between lam and alef (0).  Whether the letters join
 * there at all is HarfBuzz's to say (tests/cli/test-kashida.sh reads the
 * joins it chose from a PDF); and text-justify's keywords. */
#include <string.h>

#include "layout/paragraph-private.h"
#include "tree-helpers.h"

/* Each word with the rank of each of its joins, one digit a join, in
 * reading order. */
static const struct {
  const char *word;
  const char *ranks;
} words[] = {
  { "سلام", "104" },          /* seen-lam 1; lam-alef never; alef-meem 4 (HarfBuzz vetoes) */
  { "می\u200cخواهم", "0000004" }, /* nothing at the ZWNJ either side */
  { "مدرسه", "0001" },          /* after seen, though the heh is final */
  { "کتابخانه", "0000002" },    /* before final heh */
  { "مدرسة", "0001" },
  { "خدا", "03" },              /* before final alef */
  { "لاله", "002" },            /* lam-alef never; before final heh */
  { "بلال", "003" },            /* before final lam */
  { "صبر", "14" },              /* after sad */
  { "رفیق", "004" },            /* before final qaf */
  { "بد", "2" },                /* before final dal */
};

static void
test_join_ranks (void)
{
  for (gsize w = 0; w < G_N_ELEMENTS (words); w++)
    {
      glong n;
      gunichar *chars = g_utf8_to_ucs4_fast (words[w].word, -1, &n);
      g_assert_cmpint (strlen (words[w].ranks), ==, n - 1);
      for (glong i = 1; i < n; i++)
        {
          int rank = bf_kashida_join_priority (chars[i - 1], chars[i], i == n - 1);
          if (rank != words[w].ranks[i - 1] - '0')
            g_error ("%s, join %ld: rank %d, not %c", words[w].word, i, rank,
                     words[w].ranks[i - 1]);
        }
      g_free (chars);
    }
}

/* Joins across a ZWJ, a mark or a space are not the word's to elongate. */
static void
test_no_join_outside_letters (void)
{
  g_assert_cmpint (bf_kashida_join_priority (0x0633, 0x200D, FALSE), ==, 0);
  g_assert_cmpint (bf_kashida_join_priority (0x200D, 0x0647, TRUE), ==, 0);
  g_assert_cmpint (bf_kashida_join_priority (0x0633, 0x064E, FALSE), ==, 0); /* fatha */
  g_assert_cmpint (bf_kashida_join_priority (0x0633, ' ', FALSE), ==, 0);
  g_assert_cmpint (bf_kashida_join_priority (0x0633, 0x0640, FALSE), ==, 0); /* tatweel */
  g_assert_cmpint (bf_kashida_join_priority ('s', 't', FALSE), ==, 0);
}

/* The keywords, inherited from the body by a paragraph; auto by default. */
static void
test_keywords (void)
{
  static const struct {
    const char *value;
    BfTextJustify expected;
  } cases[] = {
    { "auto", BF_JUSTIFY_AUTO }, { "none", BF_JUSTIFY_NONE },
    { "inter-word", BF_JUSTIFY_INTER_WORD }, { "kashida", BF_JUSTIFY_KASHIDA },
    { "distribute", BF_JUSTIFY_AUTO }, /* not ours: ignored */
  };
  static const char html[] = "<html><body><p>x</p></body></html>";
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GError *error = NULL;
      BfDocument *doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
      g_assert_no_error (error);
      char *css = g_strdup_printf ("body { text-justify: %s }", cases[i].value);
      add_sheet_text (doc, css);
      BfStyler *styler = bf_styler_new (doc);
      BfComputedStyle s;
      style_down_to (styler, find_element (xmlDocGetRootElement (doc->tree), "p"), &s);
      g_assert_cmpint (s.text_justify, ==, cases[i].expected);
      bf_styler_free (styler);
      bf_document_free (doc);
      g_free (css);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kashida/join-ranks", test_join_ranks);
  g_test_add_func ("/kashida/no-join-outside-letters", test_no_join_outside_letters);
  g_test_add_func ("/kashida/keywords", test_keywords);
  return g_test_run ();
}
