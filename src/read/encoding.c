/* encoding.c — input that is not UTF-8 made UTF-8 before it is read:
 * text that opens with a UTF-16 byte order mark (what Windows' Notepad
 * saves as "Unicode"), and an HTML file in a legacy encoding its own
 * <meta charset> or XML declaration names (old Arabic, Persian and Hebrew
 * pages in windows-1256, iso-8859-6, windows-1255…), as browsers read
 * them.  A file that is valid UTF-8 is read as UTF-8 whatever it
 * declares: a legacy text with letters outside ASCII is almost never
 * valid UTF-8, and a UTF-8 file whose <meta> was copied from an older
 * page is common.  Anything else stays as it is, for bf_utf8_check() to
 * refuse with its place.  The conversion is iconv's, through GLib. */
#include "read/read.h"

#include <string.h>

/* How far into an HTML file its encoding may be declared (the HTML
 * standard's prescan looks at 1024 bytes). */
#define PRESCAN_BYTES 1024

/* The value after "charset" or "encoding" at @p, in lower case, within
 * @end: "= value", quoted or not; NULL when there is none. */
static char *
attribute_value (const char *p, const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '=')
    return NULL;
  p++;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && (*p == '"' || *p == '\''))
    p++;
  const char *start = p;
  while (p < end && (g_ascii_isalnum (*p) || strchr ("-_.:", *p)))
    p++;
  return p > start ? g_ascii_strdown (start, p - start) : NULL;
}

/* The encoding an HTML file declares in its first bytes, in lower case:
 * its XML declaration's, or the first <meta> with a charset (in a charset
 * attribute, or in http-equiv content "text/html; charset=…"). */
static char *
declared_encoding (const char *data, gsize length)
{
  g_autofree char *head = g_ascii_strdown (data, MIN (length, PRESCAN_BYTES));
  const char *end = head + strlen (head);
  if (g_str_has_prefix (head, "<?xml"))
    {
      const char *close = strstr (head, "?>");
      const char *encoding = strstr (head, "encoding");
      if (close && encoding && encoding < close)
        return attribute_value (encoding + strlen ("encoding"), close);
    }
  for (const char *meta = head; (meta = strstr (meta, "<meta")); meta += strlen ("<meta"))
    {
      const char *close = strchr (meta, '>');
      if (!close)
        close = end;
      const char *charset = g_strstr_len (meta, close - meta, "charset");
      char *value = charset ? attribute_value (charset + strlen ("charset"), close) : NULL;
      if (value)
        return value;
    }
  return NULL;
}

/* The iconv name of the encoding an HTML file declares as @label, or NULL
 * for UTF-8.  The HTML standard reads the labels of Latin-1 and ASCII as
 * windows-1252, and a UTF-16 label in a file without a byte order mark as
 * UTF-8 (its <meta> could not have been read otherwise). */
static const char *
iconv_name (const char *label)
{
  static const char *const utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16",
                                      "utf-16le", "utf-16be", NULL };
  static const char *const latin1[] = { "iso-8859-1", "iso8859-1", "latin1", "l1", "ascii",
                                        "us-ascii", "cp1252", "windows-1252", "cp819",
                                        "iso_8859-1", NULL };
  if (g_strv_contains (utf8, label))
    return NULL;
  if (g_strv_contains (latin1, label))
    return "WINDOWS-1252";
  return label;
}

/* The @length bytes after the first @skip of @file converted from @from
 * to UTF-8, into *@out and *@out_length; the place in @file of a byte
 * that is not @from in an error naming @what. */
static gboolean
convert (const char *file, gsize skip, gsize length, const char *from, const char *what,
         const char *name, char **out, gsize *out_length, GError **error)
{
  const char *data = file + skip;
  GIConv converter = g_iconv_open ("UTF-8", from);
  if (converter == (GIConv) -1)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED,
                   "%s: in %s, which bifolio cannot read", name, what);
      return FALSE;
    }
  gsize read = 0;
  *out = g_convert_with_iconv (data, (gssize) length, converter, &read, out_length, NULL);
  g_iconv_close (converter);
  if (*out && read == length)
    return TRUE;
  g_clear_pointer (out, g_free); /* a character cut short at the end */
  int line, col;
  bf_text_position (file, skip + MIN (read, length), &line, &col);
  g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s:%d:%d: not %s (byte 0x%02X)", name, line,
               col, what, read < length ? (guint) (guchar) data[read] : 0);
  return FALSE;
}

gboolean
bf_input_to_utf8 (const char *data, gsize length, const char *name, gboolean html,
                  char **converted, gsize *converted_length, GError **error)
{
  *converted = NULL;
  *converted_length = 0;
  if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      gboolean little = data[0] == '\xFF';
      return convert (data, 2, length - 2, little ? "UTF-16LE" : "UTF-16BE",
                      little ? "UTF-16 (little-endian), as its byte order mark says"
                             : "UTF-16 (big-endian), as its byte order mark says",
                      name, converted, converted_length, error);
    }
  if (!html)
    return TRUE;
  /* The declaration first (a kilobyte's look): only a page that declares
   * a legacy encoding is validated here, and again by the caller. */
  g_autofree char *label = declared_encoding (data, length);
  const char *from = label ? iconv_name (label) : NULL;
  if (!from || g_utf8_validate_len (data, length, NULL))
    return TRUE;
  g_autofree char *what = g_strdup_printf ("%s, the encoding it declares", label);
  return convert (data, 0, length, from, what, name, converted, converted_length, error);
}
