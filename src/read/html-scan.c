/* html-scan.c — HTML source cut into the pieces libxml2's HTML parser
 * reads differently: text, tags, comments, and the raw text of <script>
 * and <style>, which it reads as text up to the element's end tag, with no
 * markup and no references in it (it reads <title> and <textarea> as
 * markup).  A tag runs to its '>', not one inside a quoted value, so that
 * "<p title='<style>'>" opens no style sheet.  The pieces follow one
 * another with no gap, so a reader of them can count lines as it goes.
 *
 * Three passes before parsing read the source so: the numbering of the
 * references libxml2 does not know (entities.c), which leaves comments
 * and raw text alone; the search for where each <style>'s text begins
 * (style-origins.c); and the reading of a raw HTML block of Markdown for
 * the elements it leaves open and what it leaves unclosed (markdown.c).
 * Declarations ("<!DOCTYPE html>") and processing instructions are pieces
 * of their own.  Each piece is found from where the last ended, and
 * a tag or comment that is never closed runs to the end, so a scan is
 * linear in the source's length.  Written here because libxml2 reports no
 * offsets for what it parses. */
#include "read/read.h"

#include <string.h>

/* The elements whose text the HTML parser reads as raw text. */
static const char *const raw_text_elements[] = { "script", "style" };

/* Where the first @needle (ASCII, any case) at or after @from begins, or
 * @length. */
static gsize
find (const char *data, gsize length, gsize from, const char *needle)
{
  gsize n = strlen (needle);
  for (gsize i = from; i + n <= length; i++)
    if (!g_ascii_strncasecmp (data + i, needle, n))
      return i;
  return length;
}

/* Where the tag at @from ends: past its '>', outside quoted values, or
 * at @length, and then *@unclosed.  A quote opens a value only after an
 * '=' (white space between them or not), as libxml2 reads it: "<p don't>"
 * ends at its '>'. */
static gsize
past_tag (const char *data, gsize length, gsize from, gboolean *unclosed)
{
  char quote = 0;
  gboolean after_equals = FALSE;
  for (gsize i = from; i < length; i++)
    {
      char c = data[i];
      if (quote)
        quote = c == quote ? 0 : quote;
      else if ((c == '"' || c == '\'') && after_equals)
        quote = c;
      else if (c == '>')
        return i + 1;
      if (!g_ascii_isspace (c))
        after_equals = c == '=';
    }
  *unclosed = TRUE;
  return length;
}

/* The raw-text element (in raw_text_elements) whose start tag's name
 * begins at @from, or NULL. */
static const char *
raw_text_element_at (const char *data, gsize length, gsize from)
{
  gsize end = from;
  while (end < length && (g_ascii_isalnum (data[end]) || data[end] == '-'))
    end++;
  for (gsize k = 0; k < G_N_ELEMENTS (raw_text_elements); k++)
    {
      const char *name = raw_text_elements[k];
      if (end - from == strlen (name) && !g_ascii_strncasecmp (data + from, name, end - from))
        return name;
    }
  return NULL;
}

/* Whether a tag begins at @at: '<' and a letter (a start tag), or "</"
 * and a letter (an end tag). */
static gboolean
tag_at (const char *data, gsize length, gsize at)
{
  gsize name = at + 1 < length && data[at + 1] == '/' ? at + 2 : at + 1;
  return data[at] == '<' && name < length && g_ascii_isalpha (data[name]);
}

static gboolean
comment_at (const char *data, gsize length, gsize at)
{
  return length - at >= 4 && !memcmp (data + at, "<!--", 4);
}

/* Whether a declaration ("<!DOCTYPE html>") or a processing instruction
 * ("<?xml …?>") begins at @at. */
static gboolean
declaration_at (const char *data, gsize length, gsize at)
{
  return data[at] == '<' && at + 1 < length && (data[at + 1] == '!' || data[at + 1] == '?');
}

void
bf_html_scanner_init (BfHtmlScanner *scanner, const char *data, gsize length)
{
  *scanner = (BfHtmlScanner) { data, length, 0, NULL };
}

gboolean
bf_html_scanner_next (BfHtmlScanner *scanner, BfHtmlPiece *piece)
{
  const char *data = scanner->data;
  gsize length = scanner->length, at = scanner->at;
  if (at >= length && !scanner->raw_text_of)
    return FALSE;
  *piece = (BfHtmlPiece) { BF_HTML_PIECE_TEXT, at, at, NULL, FALSE };
  if (scanner->raw_text_of)
    {
      /* Up to its end tag, "</style" in any case. */
      g_autofree char *end_tag = g_strconcat ("</", scanner->raw_text_of, NULL);
      piece->kind = BF_HTML_PIECE_RAW_TEXT;
      piece->element = scanner->raw_text_of;
      scanner->raw_text_of = NULL;
      piece->end = find (data, length, at, end_tag);
      piece->unclosed = piece->end == length;
    }
  else if (comment_at (data, length, at))
    {
      piece->kind = BF_HTML_PIECE_COMMENT;
      gsize close = find (data, length, at + 4, "-->");
      piece->unclosed = close == length;
      piece->end = piece->unclosed ? length : close + 3;
    }
  else if (declaration_at (data, length, at))
    {
      piece->kind = BF_HTML_PIECE_DECLARATION;
      gsize close = find (data, length, at, ">");
      piece->unclosed = close == length;
      piece->end = piece->unclosed ? length : close + 1;
    }
  else if (tag_at (data, length, at))
    {
      piece->kind = BF_HTML_PIECE_TAG;
      piece->end = past_tag (data, length, at, &piece->unclosed);
      if (data[at + 1] != '/')
        {
          piece->element = raw_text_element_at (data, length, at + 1);
          scanner->raw_text_of = piece->element;
        }
    }
  else
    {
      /* Text, up to the next tag, comment or declaration (a comment is
       * one of the last). */
      gsize end = at + 1;
      for (;;)
        {
          const char *lt = memchr (data + end, '<', length - end);
          end = lt ? (gsize) (lt - data) : length;
          if (!lt || tag_at (data, length, end) || declaration_at (data, length, end))
            break;
          end++;
        }
      piece->end = end;
    }
  scanner->at = piece->end;
  return TRUE;
}
