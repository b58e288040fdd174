/* test-threads.c — several documents typeset at once from several threads,
 * all with one shared BfFonts, give the same bytes as one thread alone with
 * fonts of its own.  Two of the documents bring faces in (an @font-face and
 * a character the main faces lack) while the others are set. */
#include "bifolio.h"

#include <glib/gstdio.h>

typedef struct {
  const char *path;
  BfFonts *fonts;
  GBytes *pdf, *epub;
} Job;

static gpointer
typeset (gpointer data)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_load (job->path, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = bf_layout_new (job->fonts, doc, &setup, &error);
  g_assert_no_error (error);
  job->pdf = bf_layout_write_pdf_to_bytes (layout, &error);
  g_assert_no_error (error);
  job->epub = bf_document_write_epub_to_bytes (doc, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

/* An HTML document in @dir with a sheet face (the bundled Amiri under a
 * name of its own) and an Armenian letter, which none of the main bundled
 * faces has (the fallback faces and the system's join). */
static char *
write_document_with_faces (const char *dir)
{
  g_autofree char *amiri = g_build_filename (TEST_DATA_DIR, "..", "..", "fonts", "amiri",
                                             "Amiri-Regular.ttf", NULL);
  g_autofree char *face = NULL;
  gsize size = 0;
  GError *error = NULL;
  g_file_get_contents (amiri, &face, &size, &error);
  g_assert_no_error (error);
  g_autofree char *face_path = g_build_filename (dir, "face.ttf", NULL);
  g_file_set_contents (face_path, face, (gssize) size, &error);
  g_assert_no_error (error);
  char *path = g_build_filename (dir, "faces.html", NULL);
  g_file_set_contents (path,
                       "<!DOCTYPE html><html lang=\"en\"><head><title>Faces</title><style>"
                       "@font-face { font-family: \"Thread Face\"; src: url(face.ttf) }"
                       "h1 { font-family: \"Thread Face\" }</style></head><body>"
                       "<h1>A heading in the sheet's face</h1>"
                       "<p>Armenian \u0532 and the rest in the bundled serif.</p>"
                       "</body></html>\n",
                       -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_four_threads_one_fonts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bifolio-threads-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_autofree char *letter = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter.md", NULL);
  g_autofree char *persian = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter-fa.md", NULL);
  g_autofree char *faces = write_document_with_faces (dir);
  const char *paths[3] = { letter, persian, faces };

  /* Each document alone, with fonts of its own. */
  Job alone[3];
  for (int k = 0; k < 3; k++)
    {
      GError *error = NULL;
      alone[k] = (Job) { paths[k], bf_fonts_new (NULL, &error) };
      g_assert_no_error (error);
      typeset (&alone[k]);
      bf_fonts_unref (alone[k].fonts);
    }

  /* Four at once, all with one BfFonts: the documents with faces in two of
   * them, so two layouts grow their own fonts while the others read. */
  GError *error = NULL;
  g_autoptr (BfFonts) shared = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  const int kinds[4] = { 0, 2, 1, 2 };
  Job jobs[4];
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    {
      jobs[i] = (Job) { paths[kinds[i]], shared };
      threads[i] = g_thread_new ("typeset", typeset, &jobs[i]);
    }
  for (int i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  /* And once more after them, in this thread, with the same BfFonts. */
  Job after = { letter, shared };
  typeset (&after);

  for (int i = 0; i < 4; i++)
    {
      g_assert_true (g_bytes_equal (jobs[i].pdf, alone[kinds[i]].pdf));
      g_assert_true (g_bytes_equal (jobs[i].epub, alone[kinds[i]].epub));
      g_bytes_unref (jobs[i].pdf);
      g_bytes_unref (jobs[i].epub);
    }
  g_assert_true (g_bytes_equal (after.pdf, alone[0].pdf));
  g_bytes_unref (after.pdf);
  g_bytes_unref (after.epub);
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpuint (g_bytes_get_size (alone[k].pdf), >, 10000);
      g_bytes_unref (alone[k].pdf);
      g_bytes_unref (alone[k].epub);
    }
  g_autofree char *face_path = g_build_filename (dir, "face.ttf", NULL);
  g_unlink (faces);
  g_unlink (face_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/threads/four-at-once-one-fonts", test_four_threads_one_fonts);
  return g_test_run ();
}
