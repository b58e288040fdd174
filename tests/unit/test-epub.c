/* test-epub.c — chapters split at the top-level headings, links rewritten
 * across chapters, xml:lang beside lang, the package and the navigation;
 * the sanitizer on trees built as written (an XML parser repairs nothing),
 * against results worked out by hand from the HTML5 content models. */
#include <string.h>
#include <time.h>

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
  GPtrArray *chapters = bf_epub_make_chapters (doc, 0, NULL, nav, pages, langs, NULL, NULL);
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
  GPtrArray *chapters = bf_epub_make_chapters (doc, 2, NULL, nav, pages, langs, NULL, NULL);
  g_assert_cmpuint (chapters->len, ==, 4);
  g_ptr_array_unref (chapters);
  g_array_unref (nav);
  g_array_unref (pages);
  g_hash_table_unref (langs);
}

/* @body (XML, parsed as written) after the sanitizer, serialized. */
static char *
sanitized (BfSanitizer *sanitizer, const char *body)
{
  xmlDocPtr doc = xmlReadMemory (body, (int) strlen (body), "t.md", NULL, 0);
  g_assert_nonnull (doc);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  bf_sanitizer_clean (sanitizer, root);
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlNodeDump (buf, doc, root, 0, 0);
  char *out = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  xmlFreeDoc (doc);
  return out;
}

static void
assert_sanitized (const char *body, const char *expected)
{
  g_autoptr (BfSanitizer) sanitizer = bf_sanitizer_new ("t.md");
  g_autofree char *out = sanitized (sanitizer, body);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_sanitize_nesting (void)
{
  /* A block closes the paragraph and the inline elements around it;
   * they resume after it. */
  assert_sanitized ("<body><p><em>a<div>b</div>c</em></p></body>",
                    "<body><p><em>a</em></p><div>b</div><p><em>c</em></p></body>");
  /* A list directly in a list goes into the item before it... */
  assert_sanitized ("<body><ul><li>x</li><ul><li>y</li></ul></ul></body>",
                    "<body><ul><li>x<ul><li>y</li></ul></li></ul></body>");
  /* ...or into a new one. */
  assert_sanitized ("<body><ol><ul><li>y</li></ul></ol></body>",
                    "<body><ol><li><ul><li>y</li></ul></li></ol></body>");
  /* Items outside a list get one. */
  assert_sanitized ("<body><li>a</li><li>b</li><p>c</p></body>",
                    "<body><ul><li>a</li><li>b</li></ul><p>c</p></body>");
  /* Text in a table goes before it; text in a row into a new cell. */
  assert_sanitized ("<body><table>x<tr>z<td>1</td></tr></table></body>",
                    "<body>x<table><tr><td>z</td><td>1</td></tr></table></body>");
  /* A cell outside a table gets a row and a table. */
  assert_sanitized ("<body><td>c</td></body>", "<body><table><tr><td>c</td></tr></table></body>");
  /* A link inside a link is its text. */
  assert_sanitized ("<body><p><a href=\"#x\">one <a href=\"#y\">two</a></a></p></body>",
                    "<body><p><a href=\"#x\">one two</a></p></body>");
}

static void
test_sanitize_elements_and_attributes (void)
{
  g_autoptr (BfSanitizer) sanitizer = bf_sanitizer_new ("t.md");
  g_autofree char *out = sanitized (sanitizer,
    "<body>\n<foo>keep <b>me</b></foo><script>x()</script>\n"
    "<table><tr><td align=\"right\" valign=\"top\" width=\"100px;\" onclick=\"f()\" data-x=\"1\""
    " data-Bad=\"2\">c</td></tr></table><img src=\"a.png\" width=\"50%\" height=\"20\"/>"
    "<tt>t</tt><details open=\"\"><summary>s</summary>d</details></body>");
  g_assert_cmpstr (out, ==,
    "<body>\nkeep <b>me</b>\n"
    "<table><tr><td data-x=\"1\" style=\"text-align: right; vertical-align: top; width: 100px\">c</td>"
    "</tr></table><img src=\"a.png\" height=\"20\" style=\"width: 50%\"/>"
    "<code>t</code><details open=\"\"><summary>s</summary>d</details></body>");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  bf_sanitizer_take_warnings (sanitizer, warnings);
  g_assert_cmpuint (warnings->len, ==, 4);
  g_assert_cmpstr (warnings->pdata[0], ==, "t.md:2: warning: <foo> is not EPUB 3 content; its text kept without it");
  g_assert_cmpstr (warnings->pdata[1], ==, "t.md:2: warning: <script> dropped from the EPUB");
  g_assert_cmpstr (warnings->pdata[2], ==, "t.md:3: warning: event handler onclick dropped from the EPUB");
  g_assert_cmpstr (warnings->pdata[3], ==, "t.md:3: warning: attribute data-Bad on <td> dropped from the EPUB");
}

static void
test_sanitize_ids (void)
{
  g_autoptr (BfSanitizer) sanitizer = bf_sanitizer_new ("t.md");
  g_autofree char *one = sanitized (sanitizer, "<body><p id=\"a b\">1</p><p id=\"x\">2</p></body>");
  g_autofree char *two = sanitized (sanitizer, "<body><p id=\"x\">3</p><p id=\"9\">4</p></body>");
  /* XML names, unique across chapters; a link to a name follows its
   * first holder. */
  g_assert_cmpstr (one, ==, "<body><p id=\"a-b\">1</p><p id=\"x\">2</p></body>");
  g_assert_cmpstr (two, ==, "<body><p id=\"x-2\">3</p><p id=\"id-9\">4</p></body>");
  g_assert_cmpstr (bf_sanitizer_lookup_id (sanitizer, "x"), ==, "x");
  g_assert_cmpstr (bf_sanitizer_lookup_id (sanitizer, "a b"), ==, "a-b");
  g_assert_cmpstr (bf_sanitizer_lookup_id (sanitizer, "9"), ==, "id-9");
  g_assert_null (bf_sanitizer_lookup_id (sanitizer, "y"));
  g_assert_false (bf_sanitizer_claim_id (sanitizer, "x-2"));
  g_assert_true (bf_sanitizer_claim_id (sanitizer, "sec-1"));
  g_assert_false (bf_sanitizer_claim_id (sanitizer, "sec-1"));
}

static void
test_sanitize_svg (void)
{
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"f()\">&gt;"
                            "<script>x()</script><text>kept</text>"
                            "<image href=\"photo.png\"/><use href=\"other.svg#a\"/>"
                            "<image href=\"data:image/png;base64,AA==\"/><use href=\"#a\"/></svg>";
  g_autoptr (GBytes) in = g_bytes_new_static (svg, strlen (svg));
  guint dropped = 99;
  g_autoptr (GBytes) out = bf_sanitize_svg (in, &dropped);
  g_assert_nonnull (out);
  g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (text, "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>kept</text>"
                                  "<image href=\"data:image/png;base64,AA==\"/><use href=\"#a\"/></svg>"));
  g_assert_cmpuint (dropped, ==, 2); /* photo.png and other.svg: files the book does not hold */
  g_autoptr (GBytes) broken = g_bytes_new_static ("<svg><g></svg>", 14);
  g_assert_null (bf_sanitize_svg (broken, &dropped));
}

/* Processor seconds to sanitize a body of @n blocks inside one span, @n lists
 * directly in a list and @n holders of one id. */
static double
sanitize_seconds (int n)
{
  GString *body = g_string_new ("<body><p><span>");
  for (int i = 0; i < n; i++)
    g_string_append_printf (body, "<div>d%d</div>x%d ", i, i);
  g_string_append (body, "</span></p><ul>");
  for (int i = 0; i < n; i++)
    g_string_append_printf (body, "<ul><li id=\"same\">z%d</li></ul>", i);
  g_string_append (body, "</ul></body>");
  g_autoptr (BfSanitizer) sanitizer = bf_sanitizer_new ("t.md");
  xmlDocPtr doc = xmlReadMemory (body->str, (int) body->len, "t.md", NULL, XML_PARSE_HUGE);
  /* Processor time: other work on the machine does not count. */
  clock_t start = clock ();
  bf_sanitizer_clean (sanitizer, xmlDocGetRootElement (doc));
  double seconds = (double) (clock () - start) / CLOCKS_PER_SEC;
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlNodeDump (buf, doc, xmlDocGetRootElement (doc), 0, 0);
  g_autofree char *out = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  xmlFreeDoc (doc);
  /* Every block left the span; every holder of the id is unique. */
  g_autofree char *last_block = g_strdup_printf ("<div>d%d</div><p><span>x%d </span></p>", n - 1, n - 1);
  g_autofree char *last_id = g_strdup_printf ("id=\"same-%d\"", n);
  g_assert_nonnull (strstr (out, last_block));
  g_assert_nonnull (strstr (out, last_id));
  g_string_free (body, TRUE);
  return seconds;
}

/* Linear in the input: 8 times the input may not take more than 20 times
 * as long (quadratic work would take 64).  The best of three runs of each,
 * as a busy machine only ever adds time. */
static void
test_sanitize_is_linear (void)
{
  double small = G_MAXDOUBLE, large = G_MAXDOUBLE;
  for (int i = 0; i < 3; i++)
    {
      small = MIN (small, sanitize_seconds (5000));
      large = MIN (large, sanitize_seconds (40000));
    }
  g_test_message ("n = 5000: %.3f s, 8n: %.3f s", small, large);
  g_assert_cmpfloat (large, <, 20 * MAX (small, 0.001));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/epub/chapters", test_chapters);
  g_test_add_func ("/epub/identifier-is-stable", test_identifier_is_stable);
  g_test_add_func ("/epub/split-level", test_split_level);
  g_test_add_func ("/epub/sanitize/nesting", test_sanitize_nesting);
  g_test_add_func ("/epub/sanitize/elements-and-attributes", test_sanitize_elements_and_attributes);
  g_test_add_func ("/epub/sanitize/ids", test_sanitize_ids);
  g_test_add_func ("/epub/sanitize/svg", test_sanitize_svg);
  g_test_add_func ("/epub/sanitize/is-linear", test_sanitize_is_linear);
  return g_test_run ();
}
