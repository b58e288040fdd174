/* test-line-break-quality.c — paragraphs that no breaking sets well: a
 * narrow measure, a table cell.  Total fit's final pass against greedy
 * breaking on hand-made paragraphs (every character one unit wide, each
 * line's ratio worked out here from its text), and lines too loose to
 * justify set ragged; then, with the bundled fonts, a narrow table cell and
 * the quality report that counts it. */
#include <math.h>
#include <stdio.h>

#include "shaped-text.h"

#define LOOSEST 3.0 /* the bound the breaker promises, from issue #13 */

static GArray *
break_lines (BfShaped *s, int measure, gboolean optimal, int ragged_stretch)
{
  BfBreakParams p = { measure * UNIT, measure * UNIT, optimal, FALSE, ragged_stretch };
  return bf_break_lines (s, &p);
}

/* The adjustment ratio of a line of the unit-wide text, from its text
 * alone: spaces stretch by 1/2 unit and shrink by 1/3; INFINITY for a line
 * short of the measure with no space. */
static double
ratio_of (const BfShaped *s, const BfLineSpan *l, int measure)
{
  int len = l->end - l->start + (l->hyphen ? 1 : 0), spaces = 0;
  for (int c = l->start; c < l->end; c++)
    spaces += s->text[s->char_offsets[c]] == ' ';
  if (len <= measure)
    return len == measure ? 0 : spaces ? (measure - len) / (spaces * 0.5) : INFINITY;
  return spaces ? (measure - len) / (spaces / 3.0) : -INFINITY;
}

typedef struct {
  double worst;   /* the loosest line but the last, ragged or not */
  int ragged;
} Looseness;

/* Checks that exactly the lines looser than the bound are set ragged, and
 * measures them. */
static Looseness
looseness_of (const BfShaped *s, GArray *lines, int measure)
{
  Looseness l = { 0, 0 };
  for (guint i = 0; i < lines->len; i++)
    {
      const BfLineSpan *span = &g_array_index (lines, BfLineSpan, i);
      if (span->last)
        {
          g_assert_false (span->ragged);
          continue;
        }
      double r = ratio_of (s, span, measure);
      g_assert_cmpint (span->ragged, ==, r > LOOSEST + 1e-9);
      l.worst = MAX (l.worst, r);
      l.ragged += span->ragged;
    }
  return l;
}

static void
test_narrow_by_hand (void)
{
  /* On a measure of 14: "Negated set:" is 12 units with one space, so
   * ratio 2 / 0.5 = 4, too loose to justify: set ragged.  "Negated" alone
   * has no space to stretch; "Negated set: any" is 16, and 15.33 at full
   * shrink.  Then "any character" (13, ratio 2) and "that is not a," (14,
   * ratio 0).  Greedy breaking finds the same lines. */
  BfShaped *s = shaped_new ("Negated set: any character that is not a, b or c");
  for (int optimal = 0; optimal < 2; optimal++)
    {
      GArray *lines = break_lines (s, 14, optimal, 0);
      g_autofree char *d = describe (s, lines);
      g_assert_cmpstr (d, ==, "Negated set: / any character / that is not a, / b or c");
      g_assert_true (g_array_index (lines, BfLineSpan, 0).ragged);
      g_assert_false (g_array_index (lines, BfLineSpan, 1).ragged);
      g_assert_cmpfloat (fabs (g_array_index (lines, BfLineSpan, 1).ratio - 2), <, 1e-9);
      g_assert_false (g_array_index (lines, BfLineSpan, 2).ragged);
      g_array_unref (lines);
    }
  shaped_free (s);
}

static void
test_word_alone (void)
{
  /* Measure 11.  "aaaaa bb" is 8 units with one space: ratio 3 / 0.5 = 6.
   * "aaaaa" alone has no space to stretch at all, and leaves 6 units
   * white.  Both are too loose to justify, and past ratio 4.6 their
   * badness is the same: only the emergency stretch tells them apart, and
   * greedy's lines bound the final pass.  (Without these, total fit set
   * "aaaaa / bb cccccccc".) */
  BfShaped *s = shaped_new ("aaaaa bb cccccccc");
  for (int optimal = 0; optimal < 2; optimal++)
    {
      GArray *lines = break_lines (s, 11, optimal, 0);
      g_autofree char *d = describe (s, lines);
      g_assert_cmpstr (d, ==, "aaaaa bb / cccccccc");
      g_assert_true (g_array_index (lines, BfLineSpan, 0).ragged);
      g_array_unref (lines);
    }
  shaped_free (s);
}

static void
test_never_worse_than_greedy (void)
{
  /* Random paragraphs on narrow measures, where often no breaking keeps
   * every line within tolerance 2: total fit's loosest line is never
   * looser than greedy's (or than 2, its second pass's tolerance), it sets
   * no more lines ragged than greedy, and exactly the lines looser than 3
   * are ragged. */
  GRand *rand = g_rand_new_with_seed (20261130);
  int hard = 0, ragged = 0;
  for (int round = 0; round < 400; round++)
    {
      int n = g_rand_int_range (rand, 4, 30);
      int measure = g_rand_int_range (rand, 8, 30);
      GString *text = g_string_new (NULL);
      for (int i = 0; i < n; i++)
        {
          if (i)
            g_string_append_c (text, ' ');
          int len = g_rand_int_range (rand, 1, MIN (measure, 9) + 1);
          for (int k = 0; k < len; k++)
            g_string_append_c (text, 'a' + i % 26);
        }
      BfShaped *s = shaped_new (text->str);
      GArray *greedy = break_lines (s, measure, FALSE, 0);
      GArray *optimal = break_lines (s, measure, TRUE, 0);
      Looseness g = looseness_of (s, greedy, measure);
      Looseness o = looseness_of (s, optimal, measure);
      if (o.worst > MAX (g.worst, 2) + 1e-9 || o.ragged > g.ragged)
        {
          g_autofree char *gd = describe (s, greedy);
          g_autofree char *od = describe (s, optimal);
          g_error ("round %d, measure %d: total fit \"%s\" (loosest %.2f, %d ragged) is worse "
                   "than greedy \"%s\" (%.2f, %d)", round, measure, od, o.worst, o.ragged, gd,
                   g.worst, g.ragged);
        }
      hard += o.worst > 2;
      ragged += o.ragged > 0;
      g_array_unref (greedy);
      g_array_unref (optimal);
      shaped_free (s);
      g_string_free (text, TRUE);
    }
  g_test_message ("%d of 400 paragraphs needed a line looser than 2, %d a ragged line", hard,
                  ragged);
  g_assert_cmpint (hard, >, 100);
  g_assert_cmpint (ragged, >, 50);
  g_rand_free (rand);
}

static void
test_not_justified_is_never_ragged (void)
{
  /* A paragraph set ragged anyway (text-align: start) has no line marked
   * ragged: nothing is stretched there. */
  BfShaped *s = shaped_new ("Negated set: any character that is not a, b or c");
  for (int optimal = 0; optimal < 2; optimal++)
    {
      GArray *lines = break_lines (s, 14, optimal, 3 * UNIT);
      for (guint i = 0; i < lines->len; i++)
        g_assert_false (g_array_index (lines, BfLineSpan, i).ragged);
      g_array_unref (lines);
    }
  shaped_free (s);
}

/* ------------------------------------------------- with the bundled fonts */

static BfFonts *fonts;

/* A regular-expression table like a tutorial's: a narrow first column and
 * descriptions that take three or four lines of the second on A6. */
static const char *regex_table =
    "| Pattern | Meaning |\n|---|---|\n"
    "| [^abc] | Negated set: any character that is not a, b or c |\n"
    "| [a-z] | Range: any character from a to z, lower case only |\n"
    "| \\d | Digit: any character from 0 to 9 |\n"
    "| \\w | Word character: any letter, digit or underscore |\n"
    "| . | Any character except a line break |\n"
    "| a{2,} | Quantifier: two or more of the preceding token |\n";

static BfLayout *
lay_out (BfDocument *doc, const char *paper, BfLineBreaking breaking)
{
  GError *error = NULL;
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_assert_true (bf_page_setup_set_paper (&setup, paper, NULL));
  setup.line_breaking = breaking;
  BfLayout *layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  return layout;
}

static void
test_narrow_cell (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc
      = bf_document_parse (regex_table, strlen (regex_table), "regex.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfLayout *optimal = lay_out (doc, "A6", BF_LINE_BREAKING_OPTIMAL);
  BfLayout *greedy = lay_out (doc, "A6", BF_LINE_BREAKING_GREEDY);
  BfLayoutStats o, g;
  bf_layout_get_stats (optimal, &o);
  bf_layout_get_stats (greedy, &g);
  g_test_message ("optimal: %d justified, worst %.3f, %d ragged; greedy: %d, %.3f, %d",
                  o.justified_lines, o.worst_ratio, o.ragged_lines, g.justified_lines,
                  g.worst_ratio, g.ragged_lines);
  /* The cells' lines are in the report, not the 7 rows: at least one a
   * cell, 14 cells, and more in the cells that take several lines. */
  g_assert_cmpint (o.lines, >, 14);
  g_assert_cmpint (o.justified_lines, >, 0);
  g_assert_cmpfloat (fabs (o.worst_ratio), <=, LOOSEST);
  g_assert_cmpfloat (fabs (g.worst_ratio), <=, LOOSEST);
  g_assert_cmpint (o.ragged_lines, <=, g.ragged_lines);
  /* No word alone on a cell's first line, where the next fits beside it. */
  g_autofree char *dump = bf_layout_dump (optimal);
  g_assert_null (strstr (dump, "\"Negated\""));
  g_assert_null (strstr (dump, "\"Word\""));
  bf_layout_free (optimal);
  bf_layout_free (greedy);
}

typedef struct {
  double y, left, right;
  gboolean rtl;        /* holds Persian */
} DumpLine;

/* The text lines of a dump's first page (its glyph runs in the body
 * colour, grouped by baseline), with their extent. */
static GArray *
dump_lines (const char *dump)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (DumpLine));
  g_auto (GStrv) rows = g_strsplit (dump, "\n", -1);
  for (char **row = rows + 1; *row && !g_str_has_prefix (*row, "page "); row++)
    {
      double x, y, w;
      if (sscanf (*row, "  glyphs x=%lf y=%lf w=%lf", &x, &y, &w) != 3 || !strstr (*row, "#1a1a1a"))
        continue;
      DumpLine *last = lines->len ? &g_array_index (lines, DumpLine, lines->len - 1) : NULL;
      if (!last || fabs (last->y - y) > 0.05)
        {
          DumpLine line = { y, x, x + w, FALSE };
          g_array_append_val (lines, line);
          last = &g_array_index (lines, DumpLine, lines->len - 1);
        }
      last->left = MIN (last->left, x);
      last->right = MAX (last->right, x + w);
      last->rtl |= strstr (*row, "Naskh") != NULL;
    }
  return lines;
}

static void
test_ragged_lines_keep_their_side (void)
{
  /* Two justified paragraphs on a page 60 mm wide, too narrow to justify
   * every line: each ragged line starts where its paragraph's lines start
   * — the left edge in English, the right edge in Persian — and leaves the
   * white at its end; the others fill the measure.  The report counts
   * exactly the ragged lines found on the page. */
  const char *md = "Word character: any letter, digit or underscore, and the negated set "
                   "matches any character that is not a, b or c.\n\n"
                   "<p dir=\"rtl\">پیوند نامه‌ای که برای رهبر گروه نوشتم، و پاسخ‌های "
                   "خوانندگان که بیشترشان از همان روز اول آمدند.</p>\n";
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (md, strlen (md), "narrow.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfLayout *layout = lay_out (doc, "60x120mm", BF_LINE_BREAKING_OPTIMAL);
  BfLayoutStats st;
  bf_layout_get_stats (layout, &st);
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  double left = ps->margin_left, right = ps->width - ps->margin_right;
  g_autofree char *dump = bf_layout_dump (layout);
  GArray *lines = dump_lines (dump);
  int ragged[2] = { 0, 0 };
  for (guint i = 0; i < lines->len; i++)
    {
      const DumpLine *l = &g_array_index (lines, DumpLine, i);
      gboolean last = i + 1 == lines->len || g_array_index (lines, DumpLine, i + 1).rtl != l->rtl;
      if (last)
        continue;
      double start = l->rtl ? right - l->right : l->left - left;
      double end = l->rtl ? l->left - left : right - l->right;
      g_assert_cmpfloat (fabs (start), <, 0.1);
      if (end > 1)
        ragged[l->rtl]++;
      else
        g_assert_cmpfloat (fabs (end), <, 0.1);
    }
  g_test_message ("%u lines, ragged: %d left to right, %d right to left", lines->len, ragged[0],
                  ragged[1]);
  g_assert_cmpint (ragged[0], >, 0);
  g_assert_cmpint (ragged[1], >, 0);
  g_assert_cmpint (st.ragged_lines, ==, ragged[0] + ragged[1]);
  g_assert_cmpfloat (fabs (st.worst_ratio), <=, LOOSEST);
  g_array_unref (lines);
  bf_layout_free (layout);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fonts = bf_fonts_new (NULL, NULL);
  g_assert_nonnull (fonts);
  g_test_add_func ("/line-quality/narrow-by-hand", test_narrow_by_hand);
  g_test_add_func ("/line-quality/word-alone", test_word_alone);
  g_test_add_func ("/line-quality/never-worse-than-greedy", test_never_worse_than_greedy);
  g_test_add_func ("/line-quality/not-justified-is-never-ragged", test_not_justified_is_never_ragged);
  g_test_add_func ("/line-quality/narrow-cell", test_narrow_cell);
  g_test_add_func ("/line-quality/ragged-lines-keep-their-side", test_ragged_lines_keep_their_side);
  int result = g_test_run ();
  bf_fonts_unref (fonts);
  return result;
}
