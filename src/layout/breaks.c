/* breaks.c — BfBreakFinder: where a paragraph's lines may break and where
 * its clusters begin, as the PangoLogAttr flags the line breaker reads
 * (is_line_break, is_mandatory_break, is_cursor_position, is_white,
 * is_expandable_space), found through ICU.
 *
 * Pango's pango_get_log_attrs computes every flag it has, word and
 * sentence boundaries among them, and cost a tenth of the whole run's
 * instructions on a long book; ICU's line-break iterator (UAX #14, the one
 * Chromium breaks lines with) finds the opportunities, with the rest
 * below, in under a third of that.  Cluster boundaries (UAX #29) are read
 * from ICU's Grapheme_Cluster_Break property where every character is of
 * the classes whose rules are a pair's (Other, Control, CR, LF, Extend:
 * rules GB3 to GB5 and GB9), and from ICU's character iterator otherwise
 * (emoji sequences, Hangul, regional indicators, spacing marks).  White
 * space is Pango's: the separators, and tab, newline, carriage return and
 * form feed.
 *
 * Where the two libraries differ, ICU follows two rules UAX #14 allows or
 * has since added: no break between a number's separator and its digits
 * without a number before (LB25 as its regular expression: "a,2", " .5"),
 * and no break after a hyphen that begins a word (LB20a: "-m").  A
 * paragraph with a character of a script Pango tailors (Indic, Thai and the
 * other Southeast Asian scripts, CJK, Hangul), or any outside the ranges
 * below, goes to Pango as before. */
#include "layout/paragraph-private.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

struct _BfBreakFinder {
  UBreakIterator *lines;
  UBreakIterator *clusters;
  UText text;
};

BfBreakFinder *
bf_break_finder_new (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator *lines = ubrk_open (UBRK_LINE, "", NULL, 0, &status);
  UBreakIterator *clusters = ubrk_open (UBRK_CHARACTER, "", NULL, 0, &status);
  if (U_FAILURE (status))
    {
      /* ICU without its data: Pango finds every paragraph's breaks. */
      if (lines)
        ubrk_close (lines);
      if (clusters)
        ubrk_close (clusters);
      return NULL;
    }
  BfBreakFinder *finder = g_new0 (BfBreakFinder, 1);
  finder->lines = lines;
  finder->clusters = clusters;
  finder->text = (UText) UTEXT_INITIALIZER;
  return finder;
}

void
bf_break_finder_free (BfBreakFinder *finder)
{
  if (!finder)
    return;
  ubrk_close (finder->lines);
  ubrk_close (finder->clusters);
  utext_close (&finder->text);
  g_free (finder);
}

/* Whether ICU's breaks are taken for @c: the alphabets from Latin to
 * Arabic Extended, punctuation and symbols, presentation forms, variation
 * selectors and emoji.  Not the scripts Pango tailors or breaks with a
 * dictionary, nor CJK, whose classes ICU and Pango tailor differently. */
static gboolean
icu_breaks (gunichar c)
{
  return c < 0x0900 || (c >= 0x1E00 && c < 0x2C00) || (c >= 0xFB00 && c < 0xFE10)
         || (c >= 0xFE20 && c < 0xFE30) || (c >= 0xFE70 && c < 0xFF00)
         || (c >= 0x1F000 && c < 0x1FB00);
}

/* Pango's white space (break.c): the separators, and four controls. */
static gboolean
is_white (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  GUnicodeType type = g_unichar_type (c);
  return type == G_UNICODE_SPACE_SEPARATOR || type == G_UNICODE_LINE_SEPARATOR
         || type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

static int
cluster_class (gunichar c)
{
  if (c < 0x80)
    return c == '\r' ? U_GCB_CR : c == '\n' ? U_GCB_LF : c < 0x20 || c == 0x7F ? U_GCB_CONTROL
                                                                            : U_GCB_OTHER;
  return u_getIntPropertyValue (c, UCHAR_GRAPHEME_CLUSTER_BREAK);
}

/* Fills @attrs from characters alone: white space, and cluster boundaries
 * by GB3–GB5 and GB9.  Returns FALSE when a character is not ICU's to
 * break, and sets *@simple_clusters to whether those rules were all. */
static gboolean
fill_from_characters (const char *text, int n_chars, PangoLogAttr *attrs,
                      gboolean *simple_clusters)
{
  *simple_clusters = TRUE;
  int before = U_GCB_CONTROL; /* GB1: a boundary at the start */
  const char *p = text;
  for (int i = 0; i < n_chars; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!icu_breaks (c))
        return FALSE;
      int class = cluster_class (c);
      PangoLogAttr *attr = &attrs[i];
      attr->is_white = is_white (c);
      attr->is_expandable_space = c == 0x20 || c == 0xA0;
      switch (class)
        {
        case U_GCB_OTHER:
        case U_GCB_CONTROL:
        case U_GCB_CR:
          attr->is_cursor_position = TRUE;
          break;
        case U_GCB_LF: /* GB3: CR × LF */
          attr->is_cursor_position = before != U_GCB_CR;
          break;
        case U_GCB_EXTEND: /* GB9: × Extend, but for GB4: (Control | CR | LF) ÷ */
          attr->is_cursor_position
              = before == U_GCB_CONTROL || before == U_GCB_CR || before == U_GCB_LF;
          break;
        default:
          *simple_clusters = FALSE;
          break;
        }
      before = class;
    }
  return TRUE;
}

/* Marks in @attrs each boundary @iterator finds: a line break (and
 * whether it is mandatory) when @lines, else a cluster's start.  Byte
 * offsets map to characters through @char_offsets. */
static void
mark_boundaries (UBreakIterator *iterator, const int *char_offsets, int n_chars,
                 PangoLogAttr *attrs, gboolean lines)
{
  int i = 0;
  for (int32_t b = ubrk_first (iterator); b != UBRK_DONE; b = ubrk_next (iterator))
    {
      while (i < n_chars && char_offsets[i] < b)
        i++;
      if (char_offsets[i] != b)
        continue; /* inside a character: never, in valid UTF-8 */
      if (!lines)
        attrs[i].is_cursor_position = TRUE;
      else
        {
          attrs[i].is_line_break = TRUE;
          int rule = ubrk_getRuleStatus (iterator);
          attrs[i].is_mandatory_break = rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT;
        }
    }
}

/* Fills @attrs through ICU; FALSE when the text is not ICU's to break or
 * ICU fails. */
static gboolean
find_with_icu (BfBreakFinder *finder, const char *text, int length, int n_chars,
               const int *char_offsets, PangoLogAttr *attrs)
{
  gboolean simple_clusters;
  if (!fill_from_characters (text, n_chars, attrs, &simple_clusters))
    return FALSE;
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8 (&finder->text, text, length, &status);
  ubrk_setUText (finder->lines, &finder->text, &status);
  if (!simple_clusters)
    ubrk_setUText (finder->clusters, &finder->text, &status);
  if (U_FAILURE (status))
    return FALSE;
  mark_boundaries (finder->lines, char_offsets, n_chars, attrs, TRUE);
  if (!simple_clusters)
    {
      for (int i = 0; i < n_chars; i++)
        attrs[i].is_cursor_position = FALSE;
      mark_boundaries (finder->clusters, char_offsets, n_chars, attrs, FALSE);
    }
  /* LB2, LB3, GB1, GB2: no break at the start, one at the end; past the
   * end, as in Pango, a paragraph separator, which is white. */
  attrs[0].is_line_break = attrs[0].is_mandatory_break = FALSE;
  attrs[0].is_cursor_position = TRUE;
  attrs[n_chars].is_line_break = attrs[n_chars].is_mandatory_break = TRUE;
  attrs[n_chars].is_cursor_position = attrs[n_chars].is_white = TRUE;
  return TRUE;
}

void
bf_break_finder_find (BfBreakFinder *finder, const char *text, int length, int n_chars,
                      const int *char_offsets, PangoDirection dir, const char *lang,
                      PangoLogAttr *attrs)
{
  memset (attrs, 0, (n_chars + 1) * sizeof *attrs);
  if (finder && find_with_icu (finder, text, length, n_chars, char_offsets, attrs))
    return;
  memset (attrs, 0, (n_chars + 1) * sizeof *attrs);
  pango_get_log_attrs (text, length, dir == PANGO_DIRECTION_RTL ? 1 : 0,
                       pango_language_from_string (lang), attrs, n_chars + 1);
}
