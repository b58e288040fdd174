/* test-breaks.c — the break finder (breaks.c) against the rules it
 * implements and against Pango, which found the breaks before it.
 *
 * Worked examples from UAX #14 (line breaking) and UAX #29 (grapheme
 * clusters) give each flag's value by hand.  Then every paragraph of the
 * corpus documents in tests/corpus (Persian, Arabic, Hebrew, Urdu and
 * English, prose, code and links) and 100,000 random strings drawn from
 * the characters such text is made of are broken by both: every flag must
 * be Pango's, but for line breaks where ICU follows the two rules the
 * file's header names, each told here from the characters' Line_Break
 * classes (UAX #14, table 1), and the test counts that they are rare.  A
 * paragraph in a script left to Pango (Devanagari) must come out as
 * Pango's whole. */
#include <string.h>
#include <unicode/uchar.h>

#include "layout/paragraph-private.h"

typedef struct {
  char *text;
  int length, n_chars;
  int *offsets;
  PangoLogAttr *ours, *pango;
} Broken;

static BfBreakFinder *finder;

static void
broken_init (Broken *b, const char *text, int length)
{
  b->text = g_strndup (text, length);
  b->length = length;
  b->n_chars = g_utf8_strlen (b->text, length);
  b->offsets = g_new (int, b->n_chars + 1);
  int i = 0;
  for (const char *p = b->text; *p; p = g_utf8_next_char (p))
    b->offsets[i++] = p - b->text;
  b->offsets[b->n_chars] = length;
  b->ours = g_new (PangoLogAttr, b->n_chars + 1);
  bf_break_finder_find (finder, b->text, length, b->n_chars, b->offsets, PANGO_DIRECTION_LTR,
                        "en", b->ours);
  b->pango = g_new0 (PangoLogAttr, b->n_chars + 1);
  pango_get_log_attrs (b->text, length, 0, pango_language_from_string ("en"), b->pango,
                       b->n_chars + 1);
}

static void
broken_clear (Broken *b)
{
  g_free (b->text);
  g_free (b->offsets);
  g_free (b->ours);
  g_free (b->pango);
}

static gunichar
char_at (const Broken *b, int i)
{
  return i < 0 || i >= b->n_chars ? 0 : g_utf8_get_char (b->text + b->offsets[i]);
}

static int
line_class (const Broken *b, int i)
{
  return i < 0 || i >= b->n_chars ? -1 : u_getIntPropertyValue (char_at (b, i), UCHAR_LINE_BREAK);
}

/* ------------------------------------------------------ worked examples */

/* "|" marks the positions @flag must have, in a text given with them. */
static void
check_marked (const char *marked, const char *flag)
{
  GString *text = g_string_new (NULL);
  GArray *expected = g_array_new (FALSE, TRUE, sizeof (gboolean));
  gboolean mark = FALSE;
  for (const char *p = marked; *p; p = g_utf8_next_char (p))
    {
      if (*p == '|')
        {
          mark = TRUE;
          continue;
        }
      g_array_append_val (expected, mark);
      mark = FALSE;
      g_string_append_unichar (text, g_utf8_get_char (p));
    }
  g_array_append_val (expected, mark);
  Broken b;
  broken_init (&b, text->str, text->len);
  for (int i = 0; i <= b.n_chars; i++)
    {
      const PangoLogAttr *a = &b.ours[i];
      gboolean got = !strcmp (flag, "line")        ? a->is_line_break
                     : !strcmp (flag, "mandatory") ? a->is_mandatory_break
                     : !strcmp (flag, "cursor")    ? a->is_cursor_position
                                                   : a->is_white;
      if (got != g_array_index (expected, gboolean, i))
        g_error ("%s at character %d of \"%s\": %d, not %d", flag, i, marked, got,
                 g_array_index (expected, gboolean, i));
    }
  broken_clear (&b);
  g_array_unref (expected);
  g_string_free (text, TRUE);
}

static void
test_worked_examples (void)
{
  /* LB2, LB3, LB7, LB18: after spaces, never before them; one at the end. */
  check_marked ("the  |end|", "line");
  /* LB4, LB5: after a newline, CR LF as one; LB3 at the end. */
  check_marked ("a\n|b\r\n|c|", "mandatory");
  /* LB9, LB13, LB21: not before a ZWNJ, a comma or a hyphen; LB21 after a hyphen. */
  check_marked ("می‌خواهم، |well-|known|", "line");
  /* LB20a: not after a hyphen that begins a word. */
  check_marked ("git |commit |-m |x|", "line");
  /* LB25: not inside a number, nor after its separator. */
  check_marked ("in |1,000.50 |and |(2)|", "line");
  /* GB3, GB4, GB9: CR LF, a combining acute, a ZWNJ stay with what precedes. */
  check_marked ("|e\u0301|\r\n|x|\u0645\u200c|\u06cc|", "cursor");
  /* GB9, GB11: an emoji with its skin tone; two joined by ZWJ. */
  check_marked ("|a|\U0001F44D\U0001F3FD|b|\U0001F468\u200D\U0001F469|", "cursor");
  /* White space as Pango has it: separators, tab, newline, CR and form
   * feed; not a ZWNJ, not a vertical tab; past the end, Pango's paragraph
   * separator. */
  check_marked ("a| |\u00a0b|\t|\u2028\u200c\v|", "white");
}

/* ------------------------------------------------------ against Pango */

typedef struct {
  long positions, line_differences;
} Tally;

/* The classes of LB25's rules: a number, what comes before and after it,
 * and what it holds. */
static gboolean
is_number_class (int class)
{
  return class == U_LB_NUMERIC || class == U_LB_PREFIX_NUMERIC || class == U_LB_POSTFIX_NUMERIC
         || class == U_LB_OPEN_PUNCTUATION || class == U_LB_CLOSE_PUNCTUATION
         || class == U_LB_CLOSE_PARENTHESIS || class == U_LB_HYPHEN
         || class == U_LB_INFIX_NUMERIC || class == U_LB_BREAK_SYMBOLS;
}

/* Whether ICU's line break at @i, unlike Pango's, is one of the two rules
 * the finder's header names. */
/* Where the character before @i begins, as LB9 has it: combining marks
 * (CM, ZWJ) take the class of the character they follow, unless that is a
 * space or a break. */
static int
base_before (const Broken *b, int i)
{
  int j = i - 1;
  for (;;)
    {
      int class = line_class (b, j), base = line_class (b, j - 1);
      if ((class != U_LB_COMBINING_MARK && class != U_LB_ZWJ) || j == 0 || base == U_LB_SPACE
          || base == U_LB_MANDATORY_BREAK || base == U_LB_CARRIAGE_RETURN
          || base == U_LB_LINE_FEED || base == U_LB_NEXT_LINE || base == U_LB_ZWSPACE)
        return j;
      j--;
    }
}

static gboolean
is_named_difference (const Broken *b, int i)
{
  int j = base_before (b, i);
  int k = i + 1; /* the character after @i's, past its marks */
  while (line_class (b, k) == U_LB_COMBINING_MARK || line_class (b, k) == U_LB_ZWJ)
    k++;
  int before = line_class (b, j), at = line_class (b, i), after = line_class (b, k);
  gboolean ours = b->ours[i].is_line_break;
  /* LB25 as its regular expression, where ICU reads a number (its
   * prefix, opening bracket, separators and closing bracket with its digits)
   * as one and breaks before a separator after a space (" .5"). */
  if (is_number_class (before) && is_number_class (at)
      && (before == U_LB_NUMERIC || at == U_LB_NUMERIC || after == U_LB_NUMERIC))
    return TRUE;
  if (ours && before == U_LB_SPACE && (at == U_LB_INFIX_NUMERIC || at == U_LB_BREAK_SYMBOLS)
      && after == U_LB_NUMERIC)
    return TRUE;
  /* LB20a: ( start | BK | CR | LF | NL | SP | ZW | CB | GL ) HY × ( AL | HL );
   * a class that resolves to AL (LB1: AI, SG, XX, SA letters) counts. */
  int two_before = j > 0 ? line_class (b, base_before (b, j)) : -1;
  if (!ours && before == U_LB_HYPHEN
      && (two_before == -1 || two_before == U_LB_SPACE || two_before == U_LB_MANDATORY_BREAK
          || two_before == U_LB_CARRIAGE_RETURN || two_before == U_LB_LINE_FEED
          || two_before == U_LB_NEXT_LINE || two_before == U_LB_ZWSPACE
          || two_before == U_LB_GLUE))
    return TRUE;
  return FALSE;
}

static void
compare_with_pango (const char *text, int length, Tally *tally)
{
  Broken b;
  broken_init (&b, text, length);
  for (int i = 0; i <= b.n_chars; i++)
    {
      const PangoLogAttr *o = &b.ours[i], *p = &b.pango[i];
      if (o->is_mandatory_break != p->is_mandatory_break
          || o->is_cursor_position != p->is_cursor_position || o->is_white != p->is_white
          || o->is_expandable_space != p->is_expandable_space)
        g_error ("flags at character %d (U+%04X) of \"%s\": mandatory %d/%d, cursor %d/%d, white "
                 "%d/%d, expandable %d/%d (ours/Pango's)",
                 i, char_at (&b, i), b.text, o->is_mandatory_break, p->is_mandatory_break,
                 o->is_cursor_position, p->is_cursor_position, o->is_white, p->is_white,
                 o->is_expandable_space, p->is_expandable_space);
      if (o->is_line_break != p->is_line_break)
        {
          if (!is_named_difference (&b, i))
            g_error ("line break at character %d (U+%04X after U+%04X) of \"%s\": %d, Pango %d", i,
                     char_at (&b, i), char_at (&b, i - 1), b.text, o->is_line_break,
                     p->is_line_break);
          tally->line_differences++;
        }
    }
  tally->positions += b.n_chars + 1;
  broken_clear (&b);
}

static void
test_corpus_as_pango (void)
{
  static const char *documents[] = {
    "benyehuda-he/m295.html", "ciu-ur/README-ur.md", "dijkstra-he/README.he-IL.md",
    "djangogirls-fa/book.md", "fpb-courses-ar/free-courses-ar.md", "jsalgo-ar/README.ar-AR.md",
    "lxy-javascript-fa/javascript.md", "lxy-python-ar/python.md",
    "nodebestpractices-he/README.hebrew.md", "react-thinking-fa/thinking-in-react.md",
    "vue-a11y-fa/accessibility.md",
  };
  Tally tally = { 0 };
  for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
    {
      g_autofree char *path = g_build_filename (TEST_CORPUS_DIR, documents[d], NULL);
      g_autofree char *contents = NULL;
      gsize size;
      g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
      /* Paragraphs as blank lines part them, their newlines kept. */
      for (char *start = contents, *end; *start; start = end)
        {
          end = strstr (start, "\n\n");
          end = end ? end + 2 : start + strlen (start);
          compare_with_pango (start, end - start, &tally);
        }
    }
  g_test_message ("%ld positions, %ld line breaks as ICU's rules have them", tally.positions,
                  tally.line_differences);
  g_assert_cmpint (tally.positions, >, 500000);
  g_assert_cmpint (tally.line_differences * 1000, <, tally.positions);
}

static void
test_random_as_pango (void)
{
  static const gunichar pool[] = {
    'a', 'Z', ' ', ' ', '.', ',', ';', ':', '!', '?', '(', ')', '[', '"', '\'', '-', '/', '%', '$',
    '#', '&', '+', '=', '<', '1', '0', '_', '~', '@', '\t', '\n', '\r', 0x627, 0x628, 0x645,
    0x6CC, 0x6A9, 0x644, 0x200C, 0x200D, 0x64E, 0x651, 0x6F1, 0x660, 0x61F, 0x60C, 0x61B, 0x6D4,
    0x5D0, 0x5E9, 0x5BE, 0x5B8, 0x5F3, 0x5F4, 0xAB, 0xBB, 0x2013, 0x2014, 0x2019, 0x201C, 0xA0,
    0x202F, 0x2009, 0x200B, 0x2026, 0xAD, 0x2060, 0xFEFF, 0x301, 0xE9, 0x1F600, 0x1F44D,
    0x1F3FD, 0xFE0F, 0x2764, 0x1F1EE, 0x1F1F7, 0x2028, 0x2029, 0x410, 0x3B1, 0x20AC, 0xB0,
    0x2116, 0xFDFC, 0xFB50,
  };
  GRand *rand = g_rand_new_with_seed (14);
  Tally tally = { 0 };
  for (int t = 0; t < 100000; t++)
    {
      GString *s = g_string_new (NULL);
      for (int k = g_rand_int_range (rand, 1, 13); k > 0; k--)
        g_string_append_unichar (s, pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))]);
      compare_with_pango (s->str, s->len, &tally);
      g_string_free (s, TRUE);
    }
  g_rand_free (rand);
  g_test_message ("%ld positions, %ld line breaks as ICU's rules have them", tally.positions,
                  tally.line_differences);
  g_assert_cmpint (tally.line_differences * 20, <, tally.positions);
}

/* Devanagari is Pango's: its clusters around a virama are tailored. */
static void
test_left_to_pango (void)
{
  const char *text = "हिन्दी और English, १२३।";
  Broken b;
  broken_init (&b, text, strlen (text));
  g_assert_cmpmem (b.ours, (b.n_chars + 1) * sizeof *b.ours, b.pango,
                   (b.n_chars + 1) * sizeof *b.pango);
  broken_clear (&b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  finder = bf_break_finder_new ();
  g_assert_nonnull (finder);
  g_test_add_func ("/breaks/worked-examples", test_worked_examples);
  g_test_add_func ("/breaks/corpus-as-pango", test_corpus_as_pango);
  g_test_add_func ("/breaks/random-as-pango", test_random_as_pango);
  g_test_add_func ("/breaks/left-to-pango", test_left_to_pango);
  int status = g_test_run ();
  bf_break_finder_free (finder);
  return status;
}
