/* test-pdf-spool.c — the spool of Cairo's bytes (pdf-spool.c): a file
 * written the way Cairo 1.16 writes one (cairo-pdf-surface.c: open_stream,
 * close_stream, write_xref), fed in pieces of every size, comes out with
 * its unfiltered streams deflated (their artifacts marked) and everything
 * else as it was, its cross-reference table moved to match: qpdf finds the
 * file sound and reads each stream back as written.  A stream whose bytes
 * hold what looks like its end, a stream with a filter or entries of its
 * own, and a file cut short are left as they were or refused. */
#include <string.h>
#include <zlib.h>

#include <glib/gstdio.h>

#include "qpdf-run.h"
#include "render/pdf-spool.h"

/* The content of the page stream: furniture to mark, and, inside it, what
 * looks like the stream's end with the wrong length. */
static const char page_content[] =
  "1 0 0 -1 0 842 cm\n"
  "/P << /MCID 0 >> BDC\nBT (Hello) Tj ET\nEMC\n"
  "/Private << /MCID 1 >> BDC\nBT (1) Tj ET\nEMC\n"
  "BT (\nendstream\nendobj\n5 0 obj\n   12\nendobj\n) Tj ET\n";
static const char cmap_content[] = "/CIDInit /ProcSet findresource begin\nend\n";
static const char font_bytes[] = "x\x9c\x03\x00\x00\x00\x00\x01"; /* deflated nothing */

/* Appends stream object @number as Cairo writes one: its dictionary's
 * entries after the length (@entries, each line indented), @length bytes
 * of @data, then its length as object @length_number. */
static void
append_stream (GString *f, gsize *offsets, int number, int length_number, const char *entries,
               const char *data, gsize length)
{
  offsets[number] = f->len;
  g_string_append_printf (f, "%d 0 obj\n<< /Length %d 0 R\n%s>>\nstream\n", number,
                          length_number, entries);
  g_string_append_len (f, data, length);
  g_string_append (f, "\nendstream\nendobj\n");
  offsets[length_number] = f->len;
  g_string_append_printf (f, "%d 0 obj\n   %zu\nendobj\n", length_number, length);
}

/* A PDF as Cairo writes one, with its objects' offsets; *@xref_at (when
 * not NULL) gets its table's. */
static GString *
cairo_like_file (gsize *xref_at)
{
  GString *f = g_string_new ("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
  gsize offsets[10] = { 0 };
  /* 4: the page's content, unfiltered. */
  append_stream (f, offsets, 4, 5, "", page_content, strlen (page_content));
  offsets[3] = f->len;
  g_string_append (f, "3 0 obj\n<< /Type /Page /Parent 1 0 R /MediaBox [ 0 0 595 842 ] "
                      "/Contents 4 0 R >>\nendobj\n");
  /* 6: a stream Cairo deflated: left as it is. */
  append_stream (f, offsets, 6, 7, "   /Filter /FlateDecode\n   /Length1 0\n", font_bytes,
                 sizeof font_bytes - 1);
  /* 8: a ToUnicode map, unfiltered. */
  append_stream (f, offsets, 8, 2, "", cmap_content, strlen (cmap_content));
  offsets[1] = f->len;
  g_string_append (f, "1 0 obj\n<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>\nendobj\n");
  offsets[9] = f->len;
  g_string_append (f, "9 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n");
  gsize xref = f->len;
  if (xref_at)
    *xref_at = xref;
  g_string_append (f, "xref\n0 10\n0000000000 65535 f \n");
  for (int i = 1; i <= 9; i++)
    g_string_append_printf (f, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (f, "trailer\n<< /Size 10\n   /Root 9 0 R\n>>\nstartxref\n%zu\n%%%%EOF\n",
                          xref);
  return f;
}

static GBytes *
spooled (const GString *file, gsize piece, int jobs, GHashTable **deflated)
{
  BfPdfSpool *spool = bf_pdf_spool_new (jobs);
  for (gsize at = 0; at < file->len; at += piece)
    bf_pdf_spool_write (spool, (const guint8 *) file->str + at, MIN (piece, file->len - at));
  return bf_pdf_spool_finish (spool, deflated, NULL);
}

static void
test_spooled (void)
{
  g_autoptr (GString) file = cairo_like_file (NULL);
  GHashTable *deflated = NULL;
  g_autoptr (GBytes) whole = spooled (file, file->len, 1, &deflated);
  g_assert_nonnull (whole);
  /* Only the two unfiltered streams, not the deflated font. */
  g_assert_cmpuint (g_hash_table_size (deflated), ==, 2);
  g_assert_true (g_hash_table_contains (deflated, GINT_TO_POINTER (4)));
  g_assert_true (g_hash_table_contains (deflated, GINT_TO_POINTER (8)));
  g_hash_table_unref (deflated);

  assert_qpdf_sound (whole);
  int status;
  g_autofree char *page = qpdf (whole, "--show-object=4 --filtered-stream-data", &status);
  g_assert_cmpint (status, ==, 0);
  /* The furniture begun as an artifact; the rest as written. */
  g_autoptr (GString) marked = g_string_new (page_content);
  g_string_replace (marked, "/Private << /MCID 1 >> BDC", "/Artifact BMC", 0);
  g_assert_cmpstr (page, ==, marked->str);
  g_autofree char *dict = qpdf (whole, "--show-object=4", &status);
  g_assert_nonnull (strstr (dict, "/Filter /FlateDecode"));
  g_autofree char *cmap = qpdf (whole, "--show-object=8 --filtered-stream-data", &status);
  g_assert_cmpstr (cmap, ==, cmap_content);
  g_autofree char *font = qpdf (whole, "--show-object=6 --raw-stream-data", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpmem (font, sizeof font_bytes - 1, font_bytes, sizeof font_bytes - 1);

  /* The same bytes however Cairo's writes are cut, on one thread or two. */
  static const gsize pieces[] = { 1, 2, 7, 19, 64, 4096 };
  for (gsize i = 0; i < G_N_ELEMENTS (pieces); i++)
    for (int jobs = 1; jobs <= 2; jobs++)
      {
        g_autoptr (GBytes) again = spooled (file, pieces[i], jobs, NULL);
        g_assert_nonnull (again);
        g_assert_true (g_bytes_equal (whole, again));
      }
}

/* A file whose last stream never ends as Cairo ends one is kept as it is;
 * one with no cross-reference table is refused. */
static void
test_not_as_cairo_writes (void)
{
  GString *unended = g_string_new ("%PDF-1.5\n1 0 obj\n<< /Length 2 0 R\n>>\nstream\nq Q\n");
  gsize xref = unended->len;
  g_string_append_printf (unended, "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
                                   "trailer\n<< /Size 2 >>\nstartxref\n%zu\n%%%%EOF\n", xref);
  g_autoptr (GBytes) kept = spooled (unended, 5, 1, NULL);
  g_assert_nonnull (kept);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), unended->str,
                   unended->len);
  g_string_free (unended, TRUE);

  gsize table;
  g_autoptr (GString) file = cairo_like_file (&table);
  g_string_truncate (file, table);
  g_assert_null (spooled (file, 3, 2, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf-spool/spooled", test_spooled);
  g_test_add_func ("/pdf-spool/not-as-cairo-writes", test_not_as_cairo_writes);
  return g_test_run ();
}
