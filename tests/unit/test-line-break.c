/* test-line-break.c — the line breakers on hand-made paragraphs: every
 * letter and space one unit wide, so each line's width is its length.
 * Total fit is checked against an exhaustive search over every way to break
 * the paragraph, scored with Knuth and Plass's demerits written out here;
 * greedy against the optimum; overfull words, forced breaks, soft hyphens,
 * hyphenation points and a very long paragraph. */
#include <math.h>
#include <string.h>

#include "shaped-text.h"

static GArray *
break_lines (BfShaped *s, int measure, gboolean optimal)
{
  BfBreakParams p = { measure * UNIT, measure * UNIT, optimal, FALSE, 0 };
  return bf_break_lines (s, &p);
}

/* --------------------------------------------- the exhaustive reference */

typedef struct {
  double demerits;
  double squares;
  GArray *ends;     /* word index after which each line ends */
} Best;

/* Knuth–Plass demerits of a line of @len units with @spaces spaces on a
 * measure of @measure; spaces stretch by 1/2 and shrink by 1/3 unit. */
static gboolean
score_line (int len, int spaces, int measure, gboolean last, double *ratio)
{
  double stretch = spaces * 0.5, shrink = spaces / 3.0;
  double r;
  if (len <= measure)
    r = last ? 0 : stretch > 0 ? (measure - len) / stretch : (len == measure ? 0 : INFINITY);
  else
    r = shrink > 0 ? (measure - len) / shrink : -INFINITY;
  *ratio = r;
  return r >= -1 - 1e-9 && r <= 1 + 1e-9; /* the first pass's tolerance */
}

static int
fitness (double r)
{
  return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

static void
search (const int *words, int n, int from, int measure, int prev_fitness, double demerits,
        double squares, GArray *ends, Best *best)
{
  if (from == n)
    {
      if (demerits < best->demerits)
        {
          best->demerits = demerits;
          best->squares = squares;
          g_array_set_size (best->ends, 0);
          g_array_append_vals (best->ends, ends->data, ends->len);
        }
      return;
    }
  int len = -1;
  for (int to = from; to < n; to++)
    {
      len += words[to] + 1;
      double r;
      gboolean last = to == n - 1;
      if (!score_line (len, to - from, measure, last, &r))
        {
          if (r < -1 - 1e-9)
            break;
          continue;
        }
      double b = 100 * fabs (r * r * r);
      double d = (10 + b) * (10 + b);
      if (ABS (fitness (r) - prev_fitness) > 1)
        d += 10000;
      g_array_append_val (ends, to);
      search (words, n, to + 1, measure, fitness (r), demerits + d,
              squares + (last ? 0 : r * r), ends, best);
      g_array_set_size (ends, ends->len - 1);
    }
}

static char *
paragraph_of (const int *words, int n)
{
  GString *out = g_string_new (NULL);
  for (int i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (out, ' ');
      for (int k = 0; k < words[i]; k++)
        g_string_append_c (out, 'a' + i % 26);
    }
  return g_string_free (out, FALSE);
}

static double
sum_squares (GArray *lines)
{
  double sum = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      const BfLineSpan *l = &g_array_index (lines, BfLineSpan, i);
      if (!l->last)
        sum += l->ratio * l->ratio;
    }
  return sum;
}

static void
test_matches_exhaustive_search (void)
{
  GRand *rand = g_rand_new_with_seed (20261127);
  int checked = 0;
  for (int round = 0; round < 300; round++)
    {
      int n = g_rand_int_range (rand, 4, 14), words[14];
      for (int i = 0; i < n; i++)
        words[i] = g_rand_int_range (rand, 1, 9);
      int measure = g_rand_int_range (rand, 12, 30);
      Best best = { INFINITY, 0, g_array_new (FALSE, FALSE, sizeof (int)) };
      GArray *ends = g_array_new (FALSE, FALSE, sizeof (int));
      search (words, n, 0, measure, 1, 0, 0, ends, &best);
      g_autofree char *text = paragraph_of (words, n);
      BfShaped *s = shaped_new (text);
      GArray *lines = break_lines (s, measure, TRUE);
      if (isfinite (best.demerits))
        {
          /* A solution within tolerance 1 exists: the breaker must find
           * one as good (ties may pick different breaks). */
          g_assert_cmpuint (lines->len, ==, best.ends->len);
          double ours = 0;
          int prev_fitness = 1;
          for (guint i = 0; i < lines->len; i++)
            {
              const BfLineSpan *l = &g_array_index (lines, BfLineSpan, i);
              double r = l->ratio;
              double b = 100 * fabs (r * r * r);
              ours += (10 + b) * (10 + b) + (ABS (fitness (r) - prev_fitness) > 1 ? 10000 : 0);
              prev_fitness = fitness (r);
            }
          if (ours > best.demerits * (1 + 1e-9) + 1e-6)
            g_error ("round %d (measure %d, \"%s\"): demerits %.1f, the best is %.1f", round,
                     measure, text, ours, best.demerits);
          checked++;
        }
      g_array_unref (lines);
      shaped_free (s);
      g_array_unref (ends);
      g_array_unref (best.ends);
    }
  g_assert_cmpint (checked, >, 100);
  g_rand_free (rand);
}

static void
test_greedy_is_worse (void)
{
  /* On a measure of 18: greedy stops the first line at 15 units (ratio 2
   * over its 3 spaces), then sets 16 (ratio 2 over 2) and a last line.
   * Shrinking the first line to 19 units (ratio -0.75) lets the second
   * take 18 exactly: two lines, sum of squared ratios 0.5625 against 8. */
  const char *text = "aa bb ccc ddddd eee ffff ggggggg hhhhh";
  BfShaped *s = shaped_new (text);
  GArray *greedy = break_lines (s, 18, FALSE);
  GArray *optimal = break_lines (s, 18, TRUE);
  g_autofree char *g = describe (s, greedy);
  g_autofree char *o = describe (s, optimal);
  g_assert_cmpstr (g, ==, "aa bb ccc ddddd / eee ffff ggggggg / hhhhh");
  g_assert_cmpstr (o, ==, "aa bb ccc ddddd eee / ffff ggggggg hhhhh");
  g_assert_cmpfloat (ABS (sum_squares (greedy) - 8), <, 1e-6);
  g_assert_cmpfloat (ABS (sum_squares (optimal) - 0.5625), <, 1e-6);
  g_array_unref (greedy);
  g_array_unref (optimal);
  shaped_free (s);
}

static void
test_overfull_word (void)
{
  BfShaped *s = shaped_new ("ab abcdefghijklmnopqrstuvwxyz cd");
  GArray *lines = break_lines (s, 10, TRUE);
  g_autofree char *d = describe (s, lines);
  /* The word is broken between letters, and the lines that end inside it
   * say so (to be reported); none is overfull: nothing runs past the
   * measure. */
  int broken = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      const BfLineSpan *l = &g_array_index (lines, BfLineSpan, i);
      g_assert_cmpint (l->end - l->start, <=, 10);
      g_assert_false (l->overfull);
      broken += l->breaks_word;
    }
  g_assert_cmpint (broken, ==, 2);
  g_assert_true (g_str_has_prefix (d, "ab / abcdefghij / "));
  g_array_unref (lines);
  shaped_free (s);
}

static void
test_address_breaks_at_separators (void)
{
  /* An address wider than the measure breaks after "/" "." ":" rather than
   * between any two letters, where that leaves a line at least half full:
   * "https://" (8), "ex.org/" (7), then "aaaa/bbbb" fits (9 of 10). */
  BfShaped *s = shaped_new ("ab https://ex.org/aaaa/bbbb cd");
  for (int optimal = 0; optimal < 2; optimal++)
    {
      GArray *lines = break_lines (s, 10, optimal);
      g_autofree char *d = describe (s, lines);
      g_assert_cmpstr (d, ==, "ab / https:// / ex.org/ / aaaa/bbbb / cd");
      for (guint i = 0; i < lines->len; i++)
        {
          g_assert_false (g_array_index (lines, BfLineSpan, i).overfull);
          g_assert_false (g_array_index (lines, BfLineSpan, i).breaks_word);
        }
      g_array_unref (lines);
    }
  shaped_free (s);
}

/* Preformatted lines of @pattern on a measure of @measure, continuations
 * @indent narrower (and as indented as their line); each continuation is
 * written with a leading "+". */
static char *
break_preformatted (const char *pattern, int measure, int indent)
{
  BfShaped *s = shaped_new (pattern);
  BfBreakParams p = { measure * UNIT, measure * UNIT, TRUE, TRUE, 0, indent * UNIT };
  GArray *lines = bf_break_lines (s, &p);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      const BfLineSpan *l = &g_array_index (lines, BfLineSpan, i);
      int avail = measure - (l->continued ? indent + l->hang / UNIT : 0);
      g_assert_cmpint (l->end - l->start, <=, avail);
      g_assert_false (l->overfull);
      g_string_append_printf (out, "%s%s%.*s", i ? " / " : "", l->continued ? "+" : "",
                              s->char_offsets[l->end] - s->char_offsets[l->start],
                              s->text + s->char_offsets[l->start]);
    }
  g_array_unref (lines);
  shaped_free (s);
  return g_string_free (out, FALSE);
}

static void
test_preformatted_wraps (void)
{
  /* Lines wider than the measure wrap; each continuation is 2 narrower.
   * A word with no separator is cut where the line is full... */
  g_autofree char *letters = break_preformatted ("abcdefghijklmnopqrstuvwxyz\nab cd", 10, 2);
  g_assert_cmpstr (letters, ==, "abcdefghij / +klmnopqr / +stuvwxyz / ab cd");
  /* ...a path after its last "/" or "." that leaves the line half full,
   * and text after a space; a line that fits is left as it is. */
  g_autofree char *path = break_preformatted ("path/to/some/file.txt and\nok", 10, 2);
  g_assert_cmpstr (path, ==, "path/to/ / +some/ / +file.txt / +and / ok");
  /* Code wraps after a space, and continuations keep the line's
   * indentation: 4 + 2 of the 10 units, which leaves 4 for the text. */
  g_autofree char *indented = break_preformatted ("    x = 1 + 2 + 3 + 4", 10, 2);
  g_assert_cmpstr (indented, ==, "    x = 1 / ++ 2 / ++ 3 / ++ 4");
}

static void
test_preformatted_is_linear (void)
{
  /* One line with no break opportunity, of 100,000 and of 1,000,000
   * characters, on a measure of 60: 60 on the first line and 58 on each
   * continuation, in time that grows with the text, not with its square
   * (best of three runs, to ride out a busy machine). */
  int sizes[2] = { 100000, 1000000 };
  double seconds[2] = { INFINITY, INFINITY };
  for (int t = 0; t < 2; t++)
    {
      GString *text = g_string_new (NULL);
      for (int i = 0; i < sizes[t]; i++)
        g_string_append_c (text, 'a' + i % 26);
      BfShaped *s = shaped_new (text->str);
      BfBreakParams p = { 60 * UNIT, 60 * UNIT, TRUE, TRUE, 0, 2 * UNIT };
      for (int run = 0; run < 3; run++)
        {
          gint64 start = g_get_monotonic_time ();
          GArray *lines = bf_break_lines (s, &p);
          seconds[t] = MIN (seconds[t], (g_get_monotonic_time () - start) / 1e6);
          g_assert_cmpuint (lines->len, ==, 1 + (sizes[t] - 60 + 57) / 58);
          g_array_unref (lines);
        }
      shaped_free (s);
      g_string_free (text, TRUE);
    }
  g_test_message ("100,000 characters in %.4f s, 1,000,000 in %.4f s", seconds[0], seconds[1]);
  g_assert_cmpfloat (seconds[1], <, 30 * seconds[0] + 0.25);
}

static void
test_forced_break (void)
{
  BfShaped *s = shaped_new ("aa bb\ncc dd ee ff");
  GArray *lines = break_lines (s, 30, TRUE);
  g_autofree char *d = describe (s, lines);
  g_assert_cmpstr (d, ==, "aa bb / cc dd ee ff");
  g_assert_true (g_array_index (lines, BfLineSpan, 0).last);
  g_array_unref (lines);
  shaped_free (s);
}

static void
test_hyphens (void)
{
  /* A soft hyphen and a hyphenation point are taken when they make the
   * paragraph better, and the hyphen counts in the line's width. */
  BfShaped *s = shaped_new ("aaaa bbbb cc~dddd eeee");
  GArray *lines = break_lines (s, 13, TRUE);
  g_autofree char *d = describe (s, lines);
  g_assert_cmpstr (d, ==, "aaaa bbbb cc- / dddd eeee");
  g_assert_true (g_array_index (lines, BfLineSpan, 0).hyphen);
  g_array_unref (lines);
  shaped_free (s);

  s = shaped_new ("aaaa bbbb cc|dddd eeee");
  lines = break_lines (s, 13, TRUE);
  g_autofree char *h = describe (s, lines);
  g_assert_cmpstr (h, ==, "aaaa bbbb cc- / dddd eeee");
  g_array_unref (lines);
  shaped_free (s);

  /* Without the point, the line cannot take the word's first part. */
  s = shaped_new ("aaaa bbbb ccdddd eeee");
  lines = break_lines (s, 13, TRUE);
  g_autofree char *n = describe (s, lines);
  g_assert_cmpstr (n, ==, "aaaa bbbb / ccdddd eeee");
  g_array_unref (lines);
  shaped_free (s);
}

static void
test_long_paragraph (void)
{
  /* 100,000 words: the active breakpoints stay bounded, so this is quick. */
  GString *text = g_string_new (NULL);
  for (int i = 0; i < 100000; i++)
    g_string_append (text, i % 7 ? "word " : "longerword ");
  BfShaped *s = shaped_new (text->str);
  gint64 start = g_get_monotonic_time ();
  GArray *lines = break_lines (s, 60, TRUE);
  g_test_message ("%u lines in %.2f s", lines->len, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (lines->len, >, 8000);
  for (guint i = 0; i < lines->len; i++)
    g_assert_false (g_array_index (lines, BfLineSpan, i).overfull);
  g_array_unref (lines);
  shaped_free (s);
  g_string_free (text, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/line-break/matches-exhaustive-search", test_matches_exhaustive_search);
  g_test_add_func ("/line-break/greedy-is-worse", test_greedy_is_worse);
  g_test_add_func ("/line-break/overfull-word", test_overfull_word);
  g_test_add_func ("/line-break/address-breaks-at-separators", test_address_breaks_at_separators);
  g_test_add_func ("/line-break/preformatted-wraps", test_preformatted_wraps);
  g_test_add_func ("/line-break/preformatted-is-linear", test_preformatted_is_linear);
  g_test_add_func ("/line-break/forced-break", test_forced_break);
  g_test_add_func ("/line-break/hyphens", test_hyphens);
  g_test_add_func ("/line-break/long-paragraph", test_long_paragraph);
  return g_test_run ();
}
