/* test-epub.c — chapters split at the top-level headings, links rewritten
 * across chapters, xml:lang beside lang, the package and the navigation. */
#include <string.h>

#include "epub/epub.h"

static const char book[] =
  "---\ntitle: Book\nauthor: Me\nlang: fa\ndate: 2020-05-06\n---\n\n"
  "# One\n\nSee [two](#two) and a note.[^n]\n\n"
  "<div lang=\"en\" dir=\"ltr\">\n\nEnglish.\n\n</div>\n\n"
  "## Inside one\n\nText.\n\n"
  "<h1 id=\"two\">Two</h1>\n\nBack to [one](#sec-2).\n\n[^n]: The note.\n";

static void
nav_entry_clear (BfNavEntry *e)
{
  g_free (e->title);
  g_free (e->href);
}

static void
test_chapters (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (book, strlen (book), "b.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  GArray *nav = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (nav, (GDestroyNotify) nav_entry_clear);
  GHashTable *langs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  GPtrArray *chapters = bf_epub_make_chapters (doc, 0, NULL, nav, pages, langs, NULL);
  GPtrArray *items = g_ptr_array_new ();
  BfPublication pub = { chapters, items, NULL, nav, pages, langs, TRUE, bf_epub_identifier (doc) };

  /* Title block, One, Two. */
  g_assert_cmpuint (chapters->len, ==, 3);
  BfChapter *one = chapters->pdata[1], *two = chapters->pdata[2];
  g_assert_cmpstr (one->title, ==, "One");
  g_assert_cmpstr (two->title, ==, "Two");

  gsize len;
  g_autofree char *x1 = bf_epub_serialize_xhtml (one->xhtml, &len);
  g_autofree char *x2 = bf_epub_serialize_xhtml (two->xhtml, &len);
  /* The link to a heading in the next chapter names its file. */
  g_assert_nonnull (strstr (x1, "href=\"chapter-003.xhtml#two\""));
  g_assert_nonnull (strstr (x2, "href=\"chapter-002.xhtml#sec-2\""));
  /* The note is an EPUB 3 footnote in the chapter of its reference. */
  g_assert_nonnull (strstr (x1, "href=\"#fn-n\""));
  g_assert_nonnull (strstr (x1, "epub:type=\"noteref\""));
  g_assert_nonnull (strstr (x1, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-n\""));
  g_assert_null (strstr (x2, "fn-n"));
  /* lang is mirrored as xml:lang, on the root and inside. */
  g_assert_nonnull (strstr (x1, "lang=\"fa\" xml:lang=\"fa\""));
  g_assert_nonnull (strstr (x1, "xml:lang=\"en\""));
  g_assert_nonnull (strstr (x1, "dir=\"ltr\""));
  g_assert_true (g_str_has_prefix (x1, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"));
  g_assert_true (g_hash_table_contains (langs, "en"));
  g_assert_true (g_hash_table_contains (langs, "fa"));

  /* Headings in order, nested by level. */
  g_assert_cmpuint (nav->len, ==, 4);
  g_assert_cmpstr (g_array_index (nav, BfNavEntry, 2).title, ==, "Inside one");
  g_assert_cmpint (g_array_index (nav, BfNavEntry, 2).level, ==, 2);
  g_autofree char *nav_doc = bf_epub_nav_document (doc, &pub);
  g_assert_nonnull (strstr (nav_doc, "<nav epub:type=\"toc\""));
  g_assert_nonnull (strstr (nav_doc, "One</a><ol>\n<li><a href=\"chapter-002.xhtml#sec-3\">Inside one</a></li></ol></li>"));

  g_autofree char *opf = bf_epub_package_document (doc, &pub);
  g_assert_nonnull (strstr (opf, "<dc:title>Book</dc:title>"));
  g_assert_nonnull (strstr (opf, "<dc:creator>Me</dc:creator>"));
  g_assert_nonnull (strstr (opf, "<dc:language>fa</dc:language>\n    <dc:language>en</dc:language>"));
  g_assert_nonnull (strstr (opf, "<dc:date>2020-05-06</dc:date>"));
  g_assert_nonnull (strstr (opf, "page-progression-direction=\"rtl\""));
  g_assert_nonnull (strstr (opf, "urn:uuid:"));

  g_assert_nonnull (strstr (opf, "<spine toc=\"ncx\""));
  g_autofree char *ncx = bf_epub_ncx_document (doc, &pub);
  g_assert_nonnull (strstr (ncx, "<navPoint id=\"n2\" playOrder=\"2\"><navLabel><text>One</text>"));
  g_assert_nonnull (strstr (nav_doc, "epub:type=\"landmarks\""));
  g_assert_nonnull (strstr (nav_doc, "epub:type=\"bodymatter\" href=\"chapter-002.xhtml\""));

  g_free (pub.identifier);
  g_ptr_array_unref (items);
  g_array_unref (pages);
  g_ptr_array_unref (chapters);
  g_array_unref (nav);
  g_hash_table_unref (langs);
}

static void
test_identifier_is_stable (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) a = bf_document_parse (book, strlen (book), "a.md", BF_INPUT_AUTO, &error);
  g_autoptr (BfDocument) b = bf_document_parse (book, strlen (book), "b.md", BF_INPUT_AUTO, &error);
  g_autofree char *id_a = bf_epub_identifier (a);
  g_autofree char *id_b = bf_epub_identifier (b);
  g_assert_true (g_str_has_prefix (id_a, "urn:uuid:"));
  g_assert_cmpstr (id_a, ==, id_b);
}

static void
test_split_level (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (book, strlen (book), "b.md", BF_INPUT_AUTO, &error);
  GArray *nav = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (nav, (GDestroyNotify) nav_entry_clear);
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  GHashTable *langs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Level 2 also splits at "Inside one". */
  GPtrArray *chapters = bf_epub_make_chapters (doc, 2, NULL, nav, pages, langs, NULL);
  g_assert_cmpuint (chapters->len, ==, 4);
  g_ptr_array_unref (chapters);
  g_array_unref (nav);
  g_array_unref (pages);
  g_hash_table_unref (langs);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/epub/chapters", test_chapters);
  g_test_add_func ("/epub/identifier-is-stable", test_identifier_is_stable);
  g_test_add_func ("/epub/split-level", test_split_level);
  return g_test_run ();
}
