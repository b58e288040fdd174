/* package.c — the EPUB 3 package document (content.opf), the navigation
 * document (nav.xhtml: contents, landmarks, page list) and the legacy NCX.
 * See https://www.w3.org/TR/epub-33/#sec-package-doc and #sec-nav. */
#include "epub/epub.h"

#include <stdlib.h>
#include <string.h>

gint64
bf_epub_timestamp (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  if (epoch && *epoch)
    return g_ascii_strtoll (epoch, NULL, 10);
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
append_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

/* A urn:uuid: made from a hash of the content, so the same book keeps the
 * same identifier. */
static char *
content_identifier (const BfDocument *doc)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlNodeDump (buf, doc->tree, bf_document_get_body (doc), 0, 0);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA1, xmlBufferContent (buf),
                                                      xmlBufferLength (buf));
  xmlBufferFree (buf);
  /* Version 5 layout: 8-4-4-4-12 hex digits, version and variant bits set. */
  char v = "89ab"[g_ascii_xdigit_value (sha[16]) & 3];
  return g_strdup_printf ("urn:uuid:%.8s-%.4s-5%.3s-%c%.3s-%.12s", sha, sha + 8, sha + 13, v,
                          sha + 17, sha + 20);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A W3C date (YYYY, YYYY-MM or YYYY-MM-DD at the start), else NULL. */
static char *
w3c_date (const char *date)
{
  if (!date)
    return NULL;
  GRegex *re = g_regex_new ("^\\d{4}(-\\d{2}(-\\d{2})?)?", 0, 0, NULL);
  GMatchInfo *match = NULL;
  char *out = NULL;
  if (g_regex_match (re, date, 0, &match))
    out = g_match_info_fetch (match, 0);
  g_match_info_free (match);
  g_regex_unref (re);
  return out;
}

char *
bf_epub_identifier (const BfDocument *doc)
{
  const char *given = bf_document_get_metadata (doc, "identifier");
  return given ? g_strdup (given) : content_identifier (doc);
}

const char *
bf_epub_get_language (const BfDocument *doc)
{
  const char *lang = bf_document_get_metadata (doc, "lang");
  return lang && *lang && bf_is_language_tag (lang) ? lang : NULL;
}

const char *
bf_epub_get_direction (const BfDocument *doc)
{
  const char *dir = bf_document_get_metadata (doc, "dir");
  if (dir && !g_ascii_strcasecmp (dir, "rtl"))
    return "rtl";
  if (dir && !g_ascii_strcasecmp (dir, "ltr"))
    return "ltr";
  return bf_lang_is_rtl (bf_epub_get_language (doc)) ? "rtl" : NULL;
}

const char *
bf_epub_get_book_language (const BfDocument *doc)
{
  const char *lang = bf_epub_get_language (doc);
  return lang ? lang : "en";
}

char *
bf_epub_package_document (const BfDocument *doc, const BfPublication *pub)
{
  GString *o = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  const char *lang = bf_epub_get_book_language (doc);
  const char *title = bf_document_get_metadata (doc, "title");
  g_string_append_printf (o, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                             "unique-identifier=\"book-id\" xml:lang=\"%s\"%s>\n",
                          lang, pub->rtl ? " dir=\"rtl\"" : "");
  g_string_append (o, "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                      "    <dc:identifier id=\"book-id\">");
  append_escaped (o, pub->identifier);
  g_string_append (o, "</dc:identifier>\n    <dc:title>");
  append_escaped (o, title ? title : bf_document_get_title (doc));
  g_string_append (o, "</dc:title>\n");
  static const char *const optional[][2] = {
    { "author", "creator" }, { "publisher", "publisher" }, { "rights", "rights" },
    { "description", "description" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      const char *value = bf_document_get_metadata (doc, optional[i][0]);
      if (!value)
        continue;
      g_string_append_printf (o, "    <dc:%s>", optional[i][1]);
      append_escaped (o, value);
      g_string_append_printf (o, "</dc:%s>\n", optional[i][1]);
    }
  /* The main language first, then the others in a stable order. */
  g_string_append (o, "    <dc:language>");
  append_escaped (o, lang);
  g_string_append (o, "</dc:language>\n");
  guint n_langs = 0;
  g_autofree gpointer *langs = g_hash_table_get_keys_as_array (pub->languages, &n_langs);
  qsort (langs, n_langs, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_langs; i++)
    if (g_strcmp0 (langs[i], lang) != 0)
      {
        g_string_append (o, "    <dc:language>");
        append_escaped (o, langs[i]);
        g_string_append (o, "</dc:language>\n");
      }
  g_autofree char *date = w3c_date (bf_document_get_metadata (doc, "date"));
  if (date)
    g_string_append_printf (o, "    <dc:date>%s</dc:date>\n", date);
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (bf_epub_timestamp ());
  g_autofree char *modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf (o, "    <meta property=\"dcterms:modified\">%s</meta>\n", modified);
  bf_epub_append_page_source (o, doc, pub);
  bf_epub_append_accessibility (o, doc, pub);
  g_string_append (o, "  </metadata>\n  <manifest>\n"
                      "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                      "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n");
  for (guint i = 0; i < pub->items->len; i++)
    {
      const BfEpubItem *item = pub->items->pdata[i];
      g_string_append_printf (o, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\"%s%s%s/>\n",
                              item->id, item->path, item->media_type,
                              item->properties ? " properties=\"" : "",
                              item->properties ? item->properties : "",
                              item->properties ? "\"" : "");
    }
  if (pub->cover)
    g_string_append (o, "    <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
  for (guint i = 0; i < pub->chapters->len; i++)
    g_string_append_printf (o, "    <item id=\"c%u\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
                            i + 1, ((BfChapter *) pub->chapters->pdata[i])->file_name);
  g_string_append_printf (o, "  </manifest>\n  <spine toc=\"ncx\"%s>\n",
                          pub->rtl ? " page-progression-direction=\"rtl\"" : "");
  if (pub->cover)
    g_string_append (o, "    <itemref idref=\"cover\"/>\n");
  for (guint i = 0; i < pub->chapters->len; i++)
    g_string_append_printf (o, "    <itemref idref=\"c%u\"/>\n", i + 1);
  /* The contents page, outside the reading order: the landmarks point to it. */
  g_string_append (o, "    <itemref idref=\"nav\" linear=\"no\"/>\n");
  g_string_append (o, "  </spine>\n</package>\n");
  return g_string_free (o, FALSE);
}

/* Nested lists of @entries: a deeper entry opens a list inside the open
 * item; a shallower one closes lists back to its level. */
static void
append_nested_list (GString *o, GArray *entries)
{
  int depth = 0, levels[8] = { 0 };
  for (guint i = 0; i < entries->len; i++)
    {
      const BfNavEntry *e = &g_array_index (entries, BfNavEntry, i);
      if (depth == 0 || (e->level > levels[depth] && depth < 6))
        {
          g_string_append (o, "<ol>");
          levels[++depth] = e->level;
        }
      else
        {
          while (depth > 1 && e->level < levels[depth])
            {
              g_string_append (o, "</li></ol>");
              depth--;
            }
          g_string_append (o, "</li>");
          levels[depth] = MIN (levels[depth], e->level);
        }
      g_string_append_printf (o, "\n<li><a href=\"%s\">", e->href);
      append_escaped (o, e->title);
      g_string_append (o, "</a>");
    }
  while (depth-- > 0)
    g_string_append (o, "</li></ol>");
}

/* Where the text proper starts: the first chapter after a title page. */
static const char *
start_of_text (const BfPublication *pub)
{
  if (pub->chapters->len > 1)
    {
      BfChapter *first = pub->chapters->pdata[0];
      xmlNodePtr body = xmlDocGetRootElement (first->xhtml)->last;
      for (xmlNodePtr n = body->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
          {
            g_autofree xmlChar *cls = xmlGetProp (n, BAD_CAST "class");
            if (cls && strstr ((const char *) cls, "title-block"))
              return ((BfChapter *) pub->chapters->pdata[1])->file_name;
            break;
          }
    }
  return ((BfChapter *) pub->chapters->pdata[0])->file_name;
}

/* The navigation document, its lists labelled for assistive technology
 * (DPUB-ARIA roles, https://www.w3.org/TR/dpub-aria-1.1/, and each nav
 * named by its heading through aria-labelledby, so that its landmarks tell
 * apart).  Its own words are English; in a book of another language they
 * say so. */
char *
bf_epub_nav_document (const BfDocument *doc, const BfPublication *pub)
{
  const char *lang = bf_epub_get_book_language (doc);
  const char *dir = bf_epub_get_direction (doc);
  gboolean in_english = g_str_equal (lang, "en") || g_str_has_prefix (lang, "en-");
  const char *english = in_english ? "" : " lang=\"en\" xml:lang=\"en\"";
  GString *o = g_string_new (NULL);
  g_string_append_printf (o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                             "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                             "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"%s\" xml:lang=\"%s\"%s%s%s>\n"
                             "<head><meta charset=\"utf-8\"></meta><title%s>Contents</title>"
                             "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"></link></head>\n"
                             "<body>\n<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n"
                             "<h1 id=\"toc-title\"%s>Contents</h1>\n",
                          lang, lang, dir ? " dir=\"" : "", dir ? dir : "", dir ? "\"" : "",
                          english, english);
  if (pub->nav->len == 0)
    g_string_append_printf (o, "<ol><li><a href=\"%s\"%s>Start</a></li></ol>",
                            ((BfChapter *) pub->chapters->pdata[0])->file_name, english);
  append_nested_list (o, pub->nav);
  g_string_append_printf (o, "\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" "
                             "aria-labelledby=\"landmarks-title\" hidden=\"\">\n"
                             "<h2 id=\"landmarks-title\"%s>Landmarks</h2>\n<ol%s>\n",
                          english, english);
  if (pub->cover)
    g_string_append (o, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
  g_string_append (o, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
  g_string_append_printf (o, "<li><a epub:type=\"bodymatter\" href=\"%s\">Start of text</a></li>\n"
                             "</ol>\n</nav>\n", start_of_text (pub));
  if (pub->pages->len)
    {
      g_string_append_printf (o, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" "
                                 "aria-labelledby=\"page-list-title\" hidden=\"\">\n"
                                 "<h2 id=\"page-list-title\"%s>Pages</h2>\n", english);
      append_nested_list (o, pub->pages);
      g_string_append (o, "\n</nav>\n");
    }
  g_string_append (o, "</body>\n</html>\n");
  return g_string_free (o, FALSE);
}

/* The EPUB 2 table of contents, for older reading systems. */
char *
bf_epub_ncx_document (const BfDocument *doc, const BfPublication *pub)
{
  const char *title = bf_document_get_metadata (doc, "title");
  GString *o = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
                             "<head>\n<meta name=\"dtb:uid\" content=\"");
  append_escaped (o, pub->identifier);
  g_string_append (o, "\"/>\n<meta name=\"dtb:depth\" content=\"1\"/>\n"
                      "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                      "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>");
  append_escaped (o, title ? title : bf_document_get_title (doc));
  g_string_append (o, "</text></docTitle>\n<navMap>\n");
  if (pub->nav->len == 0)
    g_string_append_printf (o, "<navPoint id=\"n1\" playOrder=\"1\"><navLabel><text>Start</text>"
                               "</navLabel><content src=\"%s\"/></navPoint>\n",
                            ((BfChapter *) pub->chapters->pdata[0])->file_name);
  for (guint i = 0; i < pub->nav->len; i++)
    {
      const BfNavEntry *e = &g_array_index (pub->nav, BfNavEntry, i);
      g_string_append_printf (o, "<navPoint id=\"n%u\" playOrder=\"%u\"><navLabel><text>", i + 1, i + 1);
      append_escaped (o, e->title);
      g_string_append_printf (o, "</text></navLabel><content src=\"%s\"/></navPoint>\n", e->href);
    }
  g_string_append (o, "</navMap>\n</ncx>\n");
  return g_string_free (o, FALSE);
}
