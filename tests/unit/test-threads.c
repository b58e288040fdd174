/* test-threads.c — several documents typeset at once from several threads,
 * each with its own handles, give the same bytes as one thread alone. */
#include "bifolio.h"

typedef struct {
  const char *path;
  GBytes *pdf, *epub;
} Job;

static gpointer
typeset (gpointer data)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_load (job->path, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  job->pdf = bf_layout_write_pdf_to_bytes (layout, &error);
  g_assert_no_error (error);
  job->epub = bf_document_write_epub_to_bytes (doc, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_four_threads (void)
{
  g_autofree char *letter = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter.md", NULL);
  g_autofree char *persian = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter-fa.md", NULL);
  Job alone[2] = { { letter }, { persian } };
  typeset (&alone[0]);
  typeset (&alone[1]);

  Job jobs[4] = { { letter }, { persian }, { letter }, { persian } };
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new ("typeset", typeset, &jobs[i]);
  for (int i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  for (int i = 0; i < 4; i++)
    {
      g_assert_true (g_bytes_equal (jobs[i].pdf, alone[i % 2].pdf));
      g_assert_true (g_bytes_equal (jobs[i].epub, alone[i % 2].epub));
      g_bytes_unref (jobs[i].pdf);
      g_bytes_unref (jobs[i].epub);
    }
  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpuint (g_bytes_get_size (alone[i].pdf), >, 10000);
      g_bytes_unref (alone[i].pdf);
      g_bytes_unref (alone[i].epub);
    }
}

int
main (int argc, char **argv)
{
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/threads/four-at-once", test_four_threads);
  return g_test_run ();
}
