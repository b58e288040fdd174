/* text.c — plain text: paragraphs are separated by blank lines; the lines of
 * a paragraph are joined by spaces. */
#include "read/read.h"

#include <string.h>

xmlDocPtr
bf_text_parse (const char *data, gsize length)
{
  htmlDocPtr doc = htmlNewDocNoDtD (NULL, NULL);
  xmlNodePtr html = xmlNewDocNode (doc, NULL, BAD_CAST "html", NULL);
  xmlDocSetRootElement (doc, html);
  xmlNewChild (html, NULL, BAD_CAST "head", NULL);
  xmlNodePtr body = xmlNewChild (html, NULL, BAD_CAST "body", NULL);

  GString *para = g_string_new (NULL);
  gsize pos = 0;
  while (pos <= length)
    {
      const char *nl = pos < length ? memchr (data + pos, '\n', length - pos) : NULL;
      gsize end = nl ? (gsize) (nl - data) : length;
      g_autofree char *line = g_strstrip (g_strndup (data + pos, end - pos));
      if (*line)
        {
          if (para->len)
            g_string_append_c (para, ' ');
          g_string_append (para, line);
        }
      if ((!*line || end == length) && para->len)
        {
          xmlNodePtr p = xmlNewChild (body, NULL, BAD_CAST "p", NULL);
          xmlNodeAddContent (p, BAD_CAST para->str);
          g_string_truncate (para, 0);
        }
      pos = end + 1;
    }
  g_string_free (para, TRUE);
  return doc;
}
