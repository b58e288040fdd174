/* test-pdf-objects.c — the PDF reader and writer the tag pass edits
 * Cairo's files with (src/render/pdf-objects.c): values as PDF 1.7 §7.3
 * writes them (references beside plain numbers, strings holding
 * delimiters and keywords, escaped names), a small file made here by
 * hand read, edited and written again, the result checked by qpdf (the
 * command-line tool, another implementation); a file of a thousand
 * objects written with its object streams deflated on a thread and
 * without, the same bytes; and the files it must refuse rather than guess
 * at. */
#define _GNU_SOURCE /* memmem */
#include <glib/gstdio.h>
#include <string.h>

#include "qpdf-run.h"
#include "render/pdf-objects.h"

static char *
written (const BfPdfValue *value)
{
  GString *out = g_string_new (NULL);
  bf_pdf_value_write (value, out);
  return g_string_free (out, FALSE);
}

static void
test_values (void)
{
  g_autoptr (GError) error = NULL;
  BfPdfValue *v = bf_pdf_value_parse ("<< /A (a \\) b (nested) endobj stream) /B [1 12 0 R 3.5 -2 "
                                      "/N#20x <4142> 7 0] /C << /D true /E null >> >>");
  g_assert_nonnull (v);
  g_assert_cmpint (v->kind, ==, BF_PDF_DICT);
  BfPdfValue *a = bf_pdf_dict_get (v, "/A");
  g_assert_cmpstr (a->token, ==, "(a \\) b (nested) endobj stream)");
  BfPdfValue *b = bf_pdf_dict_get (v, "/B");
  g_assert_cmpint (b->len, ==, 8);
  long n;
  g_assert_true (bf_pdf_value_is_int (b->items[0], &n) && n == 1);
  g_assert_cmpint (((BfPdfValue *) b->items[1])->kind, ==, BF_PDF_REF);
  g_assert_cmpint (((BfPdfValue *) b->items[1])->ref, ==, 12);
  g_assert_false (bf_pdf_value_is_int (b->items[2], NULL)); /* 3.5 */
  g_assert_true (bf_pdf_value_is_int (b->items[3], &n) && n == -2);
  g_assert_true (bf_pdf_value_is_name (b->items[4], "/N#20x"));
  g_assert_cmpstr (((BfPdfValue *) b->items[5])->token, ==, "<4142>");
  /* "7 0" at an array's end is two numbers, not half a reference. */
  g_assert_true (bf_pdf_value_is_int (b->items[6], &n) && n == 7);
  g_assert_true (bf_pdf_value_is_int (b->items[7], &n) && n == 0);
  BfPdfValue *c = bf_pdf_dict_get (v, "/C");
  g_assert_cmpstr (bf_pdf_dict_get (c, "/D")->token, ==, "true");
  g_assert_cmpint (bf_pdf_dict_get (c, "/E")->kind, ==, BF_PDF_NULL);

  /* Written and read again: the same. */
  g_autofree char *once = written (v);
  BfPdfValue *again = bf_pdf_value_parse (once);
  g_autofree char *twice = written (again);
  g_assert_cmpstr (once, ==, twice);
  g_assert_cmpstr (once, ==, "<</A (a \\) b (nested) endobj stream)/B [1 12 0 R 3.5 -2 /N#20x "
                             "<4142> 7 0]/C <</D true/E null>>>>");

  bf_pdf_dict_set (v, "/A", bf_pdf_value_new_int (5));
  g_assert_true (bf_pdf_value_is_int (bf_pdf_dict_get (v, "/A"), &n) && n == 5);
  bf_pdf_value_free (again);
  bf_pdf_value_free (v);

  /* A tag tree's keys, names and numbers (kept once, shared) and others
   * (copies) read, copied, edited and written alike; leading zeros and
   * numbers past the shared ones stay as written. */
  BfPdfValue *e = bf_pdf_value_parse ("<< /Type /StructElem /S /P /K [0 7 4095 4096 007 -3] "
                                      "/Pg 5 0 R /Own /Name /P 9 0 R >>");
  g_assert_nonnull (e);
  BfPdfValue *copy = bf_pdf_value_copy (e);
  bf_pdf_dict_set (copy, "/S", bf_pdf_value_new_name ("/Span"));
  bf_pdf_dict_set (copy, "/Lang", bf_pdf_value_new_int (4095));
  bf_pdf_dict_set (copy, "/Other", bf_pdf_value_new_name ("/Mine"));
  /* An array read holds just its items; one more makes room. */
  BfPdfValue *kids = bf_pdf_dict_get (copy, "/K");
  for (int i = 0; i < 3; i++)
    bf_pdf_array_append (kids, i ? bf_pdf_value_new_int (i) : bf_pdf_value_new_ref (12));
  g_assert_cmpint (kids->len, ==, 9);
  g_autofree char *original = written (e);
  g_autofree char *edited = written (copy);
  g_assert_cmpstr (original, ==, "<</Type /StructElem/S /P/K [0 7 4095 4096 007 -3]/Pg 5 0 R"
                                 "/Own /Name/P 9 0 R>>");
  g_assert_cmpstr (edited, ==, "<</Type /StructElem/S /Span/K [0 7 4095 4096 007 -3 12 0 R 1 2]"
                               "/Pg 5 0 R/Own /Name/P 9 0 R/Lang 4095/Other /Mine>>");
  bf_pdf_value_free (e);
  bf_pdf_value_free (copy);

  /* Strings made here: escapes, and UTF-16BE for anything not ASCII. */
  BfPdfValue *s = bf_pdf_value_new_string ("a(b)\\\n", 6);
  g_assert_cmpstr (s->token, ==, "(a\\(b\\)\\\\\\012)");
  bf_pdf_value_free (s);
  BfPdfValue *t = bf_pdf_value_new_text_string ("fa \xd8\xa8");  /* "fa ب" */
  g_assert_cmpstr (t->token, ==, "<FEFF0066006100200628>");
  bf_pdf_value_free (t);

  g_assert_null (bf_pdf_value_parse ("<< /A"));
  g_assert_null (bf_pdf_value_parse ("(unclosed"));
}

/* A file as Cairo lays one out: objects one after another, a classic
 * cross-reference table, a stream whose /Length is an object of its own. */
static GBytes *
make_file (const char *trailer_extra)
{
  static const char *const objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    "<< /Length 5 0 R >>\nstream\n0 0 m 100 100 l S\nendstream",
    "17",
    "<< /Note (this string says endobj and 9 0 obj) >>",
  };
  GString *f = g_string_new ("%PDF-1.5\n%\xbf\xf7\xa2\xfe\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = f->len;
      g_string_append_printf (f, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  gsize xref = f->len;
  g_string_append_printf (f, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (f, "%010u 00000 n \n", (guint) offsets[i]);
  g_string_append_printf (f, "trailer\n<< /Size %u /Root 1 0 R %s>>\nstartxref\n%u\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, trailer_extra, (guint) xref);
  gsize length = f->len;
  return g_bytes_new_take (g_string_free (f, FALSE), length);
}

static void
test_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = make_file ("");
  BfPdfFile *file = bf_pdf_file_new (pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  BfPdfValue *root = bf_pdf_file_resolve (file, bf_pdf_dict_get (bf_pdf_file_get_trailer (file), "/Root"));
  g_assert_true (bf_pdf_value_is_name (bf_pdf_dict_get (root, "/Type"), "/Catalog"));
  gsize length = 0;
  const guint8 *content = bf_pdf_file_get_stream (file, 4, &length);
  g_assert_nonnull (content);
  g_assert_cmpmem (content, length, "0 0 m 100 100 l S", 17);
  BfPdfValue *note = bf_pdf_file_get_object (file, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bf_pdf_dict_get (note, "/Note")->token, ==, "(this string says endobj and 9 0 obj)");
  g_assert_null (bf_pdf_file_get_object (file, 9, NULL));

  /* Edited: a key on the page, new content, an object gone, one added. */
  bf_pdf_dict_set (bf_pdf_file_get_object (file, 3, NULL), "/Tabs", bf_pdf_value_new_name ("/S"));
  bf_pdf_file_touch (file, 3);
  g_autoptr (GBytes) drawn = g_bytes_new_static ("0 0 m 50 50 l S", 15);
  bf_pdf_file_set_stream (file, 4, drawn);
  bf_pdf_file_remove (file, 6);
  int added = bf_pdf_file_add (file, bf_pdf_value_new_text_string ("added"), NULL);
  g_assert_cmpint (added, ==, 7);
  bf_pdf_dict_set (root, "/Added", bf_pdf_value_new_ref (added));
  bf_pdf_file_touch (file, 1);
  g_autoptr (GBytes) out = bf_pdf_file_write (file, &error);
  g_assert_no_error (error);
  bf_pdf_file_free (file);

  assert_qpdf_sound (out);
  int status;
  g_autofree char *page = qpdf (out, "--show-object=3", &status);
  g_assert_nonnull (strstr (page, "/Tabs /S"));
  g_autofree char *stream = qpdf (out, "--show-object=4 --filtered-stream-data", &status);
  g_assert_cmpstr (stream, ==, "0 0 m 50 50 l S");
  g_autofree char *added_text = qpdf (out, "--show-object=7", &status);
  g_assert_nonnull (strstr (added_text, "(added)"));
  g_autofree char *gone = qpdf (out, "--show-object=6", &status);
  g_test_message ("object 6: %s", gone);
  g_assert_cmpstr (gone, ==, "null\n");
  /* The same edits, the same bytes. */
  g_autoptr (GBytes) pdf2 = make_file ("");
  file = bf_pdf_file_new (pdf2, NULL);
  bf_pdf_dict_set (bf_pdf_file_get_object (file, 3, NULL), "/Tabs", bf_pdf_value_new_name ("/S"));
  bf_pdf_file_touch (file, 3);
  bf_pdf_file_set_stream (file, 4, drawn);
  bf_pdf_file_remove (file, 6);
  bf_pdf_dict_set (bf_pdf_file_get_object (file, 1, NULL), "/Added",
                   bf_pdf_value_new_ref (bf_pdf_file_add (file, bf_pdf_value_new_text_string ("added"), NULL)));
  bf_pdf_file_touch (file, 1);
  g_autoptr (GBytes) out2 = bf_pdf_file_write (file, NULL);
  bf_pdf_file_free (file);
  g_assert_true (g_bytes_equal (out, out2));
}

/* A file of many objects, as Cairo writes one (a stream between them
 * now and then, its length an object of its own), written with its object
 * streams deflated on a thread and without: the same bytes, sound to qpdf,
 * every object where it was asked for. */
static void
test_object_streams_on_a_thread (void)
{
  enum { N_NOTES = 1000 };
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (objects, g_strdup ("<< /Type /Catalog /Pages 2 0 R >>"));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"));
  for (int i = 0; i < N_NOTES; i++)
    {
      int number = objects->len + 1;
      if (i % 150 == 0)
        {
          g_autofree char *content = g_strdup_printf ("0 0 m %d %d l S", i, i);
          g_ptr_array_add (objects, g_strdup_printf ("<< /Length %d 0 R >>\nstream\n%s\nendstream",
                                                     number + 1, content));
          g_ptr_array_add (objects, g_strdup_printf ("%zu", strlen (content)));
          continue;
        }
      g_ptr_array_add (objects, g_strdup_printf ("<< /Note (object %d) >>", number));
    }
  GString *f = g_string_new ("%PDF-1.5\n%\xbf\xf7\xa2\xfe\n");
  g_autofree gsize *offsets = g_new (gsize, objects->len);
  for (guint i = 0; i < objects->len; i++)
    {
      offsets[i] = f->len;
      g_string_append_printf (f, "%u 0 obj\n%s\nendobj\n", i + 1, (char *) objects->pdata[i]);
    }
  gsize xref = f->len;
  g_string_append_printf (f, "xref\n0 %u\n0000000000 65535 f \n", objects->len + 1);
  for (guint i = 0; i < objects->len; i++)
    g_string_append_printf (f, "%010u 00000 n \n", (guint) offsets[i]);
  g_string_append_printf (f, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%u\n%%%%EOF\n",
                          objects->len + 1, (guint) xref);
  gsize length = f->len;
  g_autoptr (GBytes) pdf = g_bytes_new_take (g_string_free (f, FALSE), length);

  GBytes *out[2];
  for (int jobs = 1; jobs <= 2; jobs++)
    {
      g_autoptr (GError) error = NULL;
      BfPdfFile *file = bf_pdf_file_new (pdf, &error);
      g_assert_no_error (error);
      bf_pdf_file_set_jobs (file, jobs);
      out[jobs - 1] = bf_pdf_file_write (file, &error);
      g_assert_no_error (error);
      bf_pdf_file_free (file);
    }
  g_assert_true (g_bytes_equal (out[0], out[1]));
  assert_qpdf_sound (out[1]);
  int status, object_streams = 0;
  gsize size;
  const char *data = g_bytes_get_data (out[1], &size), *end = data + size;
  for (const char *p = data; (p = memmem (p, end - p, "/Type /ObjStm", 13)); p++)
    object_streams++;
  g_assert_cmpint (object_streams, >=, N_NOTES / 100);
  for (guint number = 4; number <= objects->len; number += 97)
    {
      g_autofree char *arg = g_strdup_printf ("--show-object=%u", number);
      g_autofree char *shown = qpdf (out[1], arg, &status);
      const char *written = objects->pdata[number - 1];
      if (g_str_has_prefix (written, "<< /Note"))
        {
          g_autofree char *note = g_strdup_printf ("(object %u)", number);
          g_assert_nonnull (strstr (shown, note));
        }
    }
  g_bytes_unref (out[0]);
  g_bytes_unref (out[1]);
  g_ptr_array_unref (objects);
}

static void
test_refused (void)
{
  /* An incremental update, an encrypted file, something that is no PDF:
   * not what Cairo writes, so refused with a reason. */
  const char *extras[] = { "/Prev 9 ", "/Encrypt 6 0 R " };
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) pdf = make_file (extras[i]);
      g_assert_null (bf_pdf_file_new (pdf, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "cannot finish the PDF's tags"));
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) junk = g_bytes_new_static ("%PDF-1.5\nstartxref\n0\n%%EOF\n", 27);
  g_assert_null (bf_pdf_file_new (junk, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf-objects/values", test_values);
  g_test_add_func ("/pdf-objects/file", test_file);
  g_test_add_func ("/pdf-objects/object-streams-on-a-thread", test_object_streams_on_a_thread);
  g_test_add_func ("/pdf-objects/refused", test_refused);
  return g_test_run ();
}
