/* package.c — the EPUB 3 package document (content.opf) and navigation
 * document (nav.xhtml).  See https://www.w3.org/TR/epub-33/#sec-package-doc
 * and #sec-nav. */
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
bf_epub_package_document (const BfDocument *doc, GPtrArray *chapters, GHashTable *languages,
                          gboolean rtl)
{
  GString *o = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  const char *lang = bf_document_get_metadata (doc, "lang");
  const char *title = bf_document_get_metadata (doc, "title");
  const char *identifier = bf_document_get_metadata (doc, "identifier");
  g_string_append_printf (o, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                             "unique-identifier=\"book-id\" xml:lang=\"%s\"%s>\n",
                          lang ? lang : "en", rtl ? " dir=\"rtl\"" : "");
  g_string_append (o, "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  g_autofree char *made_id = identifier ? NULL : content_identifier (doc);
  g_string_append (o, "    <dc:identifier id=\"book-id\">");
  append_escaped (o, identifier ? identifier : made_id);
  g_string_append (o, "</dc:identifier>\n    <dc:title>");
  append_escaped (o, title ? title : doc->name);
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
  g_string_append_printf (o, "    <dc:language>%s</dc:language>\n", lang ? lang : "en");
  guint n_langs = 0;
  g_autofree gpointer *langs = g_hash_table_get_keys_as_array (languages, &n_langs);
  qsort (langs, n_langs, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_langs; i++)
    if (g_strcmp0 (langs[i], lang ? lang : "en") != 0)
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
  g_string_append (o, "  </metadata>\n  <manifest>\n"
                      "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                      "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
  for (guint i = 0; i < chapters->len; i++)
    g_string_append_printf (o, "    <item id=\"c%u\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
                            i + 1, ((BfChapter *) chapters->pdata[i])->file_name);
  g_string_append_printf (o, "  </manifest>\n  <spine%s>\n",
                          rtl ? " page-progression-direction=\"rtl\"" : "");
  for (guint i = 0; i < chapters->len; i++)
    g_string_append_printf (o, "    <itemref idref=\"c%u\"/>\n", i + 1);
  g_string_append (o, "  </spine>\n</package>\n");
  return g_string_free (o, FALSE);
}

char *
bf_epub_nav_document (const BfDocument *doc, GArray *nav)
{
  const char *lang = bf_document_get_metadata (doc, "lang");
  const char *dir = bf_document_get_metadata (doc, "dir");
  if (!lang)
    lang = "en";
  GString *o = g_string_new (NULL);
  g_string_append_printf (o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                             "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                             "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"%s\" xml:lang=\"%s\"%s%s%s>\n"
                             "<head><meta charset=\"utf-8\"></meta><title>Contents</title>"
                             "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"></link></head>\n"
                             "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n",
                          lang, lang, dir ? " dir=\"" : "", dir ? dir : "", dir ? "\"" : "");
  /* Nest by heading level: a deeper heading opens a list inside the open
   * entry; a shallower one closes lists back to its level. */
  int depth = 0, levels[8] = { 0 };
  if (nav->len == 0)
    g_string_append (o, "<ol><li><a href=\"chapter-001.xhtml\">Start</a></li></ol>\n");
  for (guint i = 0; i < nav->len; i++)
    {
      const BfNavEntry *e = &g_array_index (nav, BfNavEntry, i);
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
  g_string_append (o, "\n</nav>\n</body>\n</html>\n");
  return g_string_free (o, FALSE);
}
