/* pictures.c — pictures in one form for the stages after reading: an <img>
 * with no src but a srcset (HTML's responsive images, which browsers draw)
 * is given the src of its srcset's largest candidate, the one a printer
 * wants, so that the layout, the EPUB and the list of picture files all
 * read src alone.  The srcset is parsed as HTML §4.8.4.3.3 says, in
 * short: candidates separated by commas, each a URL and at most one
 * descriptor, a width ("800w") or a density ("2x", 1x when none). */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

/* The URL of @srcset's candidate of the largest width, or else density
 * (newly allocated), or NULL when it has none. */
static char *
largest_candidate (const char *srcset)
{
  char *best = NULL;
  double best_width = -1, best_density = -1;
  const char *p = srcset;
  while (*p)
    {
      while (g_ascii_isspace (*p) || *p == ',')
        p++;
      const char *url = p;
      while (*p && !g_ascii_isspace (*p))
        p++;
      const char *url_end = p;
      gboolean descriptors = TRUE;
      if (url_end > url && url_end[-1] == ',')
        {
          /* "a.png," : a URL ending in commas has no descriptors. */
          while (url_end > url && url_end[-1] == ',')
            url_end--;
          descriptors = FALSE;
        }
      double width = -1, density = 1;
      if (descriptors)
        {
          while (g_ascii_isspace (*p))
            p++;
          const char *d = p;
          while (*p && *p != ',')
            p++;
          char *end = NULL;
          double value = g_ascii_strtod (d, &end);
          if (end && end > d && value > 0)
            {
              if (*end == 'w')
                width = value;
              else if (*end == 'x')
                density = value;
            }
        }
      if (url_end > url && (width > best_width || (width == best_width && density > best_density)))
        {
          g_free (best);
          best = g_strndup (url, url_end - url);
          best_width = width;
          best_density = density;
        }
    }
  return best;
}

void
bf_document_normalize_pictures (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  for (xmlNodePtr n = body ? body->children : NULL; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp (n->name, BAD_CAST "img"))
        continue;
      g_autofree xmlChar *src = xmlGetProp (n, BAD_CAST "src");
      g_autofree xmlChar *srcset = src && *src ? NULL : xmlGetProp (n, BAD_CAST "srcset");
      g_autofree char *url = srcset ? largest_candidate ((const char *) srcset) : NULL;
      if (url)
        xmlSetProp (n, BAD_CAST "src", BAD_CAST url);
    }
}
