/* utf8.c — UTF-8 validation that reports where the input goes wrong. */
#include "common/common.h"

void
bf_text_position (const char *data, gsize offset, int *line, int *col)
{
  int l = 1;
  gsize line_start = 0;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }
  *line = l;
  *col = (int) (offset - line_start) + 1;
}

gboolean
bf_utf8_check (const char *data, gsize length, const char *name, GError **error)
{
  const char *end = NULL;
  if (g_utf8_validate_len (data, length, &end))
    return TRUE;
  gsize offset = end - data;
  int line, col;
  bf_text_position (data, offset, &line, &col);
  if (offset < length && data[offset] == '\0')
    g_set_error (error, BF_ERROR, BF_ERROR_FORMAT,
                 "%s:%d:%d: NUL byte in text", name, line, col);
  else
    g_set_error (error, BF_ERROR, BF_ERROR_FORMAT,
                 "%s:%d:%d: invalid UTF-8 (byte 0x%02X)", name, line, col,
                 (guint) (guchar) data[offset]);
  return FALSE;
}
