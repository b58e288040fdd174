/* shaped-text.h — what the line-breaker tests share: a paragraph of ASCII
 * text "shaped" with every character one unit wide (so each line's width is
 * its length), and the text of the lines chosen over it. */
#ifndef BF_SHAPED_TEXT_H
#define BF_SHAPED_TEXT_H

#include <string.h>

#include "layout/paragraph-private.h"

#define UNIT 1000

/* A shaped paragraph of ASCII text: '\n' is a mandatory break, '~' a soft
 * hyphen (zero width), '|' a hyphenation point (removed from the text). */
static inline BfShaped *
shaped_new (const char *pattern)
{
  BfShaped *s = g_new0 (BfShaped, 1);
  GString *text = g_string_new (NULL);
  GArray *points = g_array_new (FALSE, TRUE, sizeof (guint8));
  for (const char *p = pattern; *p; p++)
    {
      if (*p == '|')
        {
          g_array_index (points, guint8, points->len - 1) = 1;
          continue;
        }
      guint8 zero = 0;
      g_array_append_val (points, zero);
      if (*p == '~')
        g_string_append (text, "\xC2\xAD");
      else
        g_string_append_c (text, *p);
    }
  s->text = g_string_free (text, FALSE);
  s->length = strlen (s->text);
  s->n_chars = g_utf8_strlen (s->text, -1);
  s->char_offsets = g_new (int, s->n_chars + 1);
  s->log_attrs = g_new0 (PangoLogAttr, s->n_chars + 1);
  s->widths = g_new0 (int, s->n_chars + 1);
  s->hyphen_after = (guint8 *) g_array_free (points, FALSE);
  s->hyphen_width = UNIT;
  int c = 0;
  for (const char *p = s->text; *p; p = g_utf8_next_char (p), c++)
    {
      gunichar ch = g_utf8_get_char (p);
      s->char_offsets[c] = p - s->text;
      s->widths[c] = ch == 0xAD ? 0 : UNIT;
      s->log_attrs[c].is_cursor_position = TRUE;
      s->log_attrs[c].is_white = ch == ' ' || ch == '\n';
      s->log_attrs[c].is_expandable_space = ch == ' ';
      if (c > 0)
        {
          gunichar prev = g_utf8_get_char (g_utf8_prev_char (p));
          s->log_attrs[c].is_mandatory_break = prev == '\n';
          s->log_attrs[c].is_line_break = (prev == ' ' && ch != ' ') || prev == '\n' || prev == 0xAD;
        }
    }
  s->char_offsets[s->n_chars] = s->length;
  s->log_attrs[s->n_chars].is_cursor_position = TRUE;
  return s;
}

static inline void
shaped_free (BfShaped *s)
{
  g_free ((char *) s->text);
  g_free (s->char_offsets);
  g_free (s->log_attrs);
  g_free (s->widths);
  g_free (s->hyphen_after);
  g_free (s);
}

/* The text of each line, joined by " / ". */
static inline char *
describe (const BfShaped *s, GArray *lines)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      const BfLineSpan *l = &g_array_index (lines, BfLineSpan, i);
      if (i)
        g_string_append (out, " / ");
      g_string_append_len (out, s->text + s->char_offsets[l->start],
                           s->char_offsets[l->end] - s->char_offsets[l->start]);
      if (l->hyphen)
        g_string_append_c (out, '-');
    }
  return g_string_free (out, FALSE);
}

#endif
