/* test-render.c — the two ways of writing a layout's PDF: drawn and
 * finished in one call (bf_layout_write_pdf…), or drawn into a draft that
 * takes the layout over and frees its pages as they are drawn
 * (bf_layout_draw_pdf_consume, bf_layout_draw_booklet_consume,
 * bf_pdf_draft_finish).  Both give the same bytes, for every page, chosen
 * pages (one of them twice) and a booklet; a page is freed after its last
 * drawing and not before; a draft is finished after its document is
 * freed; what a draft keeps is a small part of what the layout held; and
 * a draft's errors are the writers'. */
#include <malloc.h>
#include <string.h>

#include <glib/gstdio.h>

#include "render/render.h"

static BfFonts *fonts;

/* The bundled letter (31 pages, headings, links, notes, tables), @copies
 * times over. */
static BfDocument *
letter (int copies)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter.md",
                                            NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  GString *all = g_string_new (NULL);
  for (int i = 0; i < copies; i++)
    g_string_append_len (all, text, length);
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (all->str, all->len, "letter.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_string_free (all, TRUE);
  return doc;
}

static BfLayout *
lay_out (const BfDocument *doc)
{
  GError *error = NULL;
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  BfLayout *layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  return layout;
}

static void
assert_same_bytes (GBytes *a, GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
  g_assert_true (g_bytes_equal (a, b));
}

static void
test_same_bytes (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = letter (1);
  g_autoptr (BfLayout) kept = lay_out (doc);
  g_assert_cmpint (bf_layout_get_page_count (kept), >=, 5);

  g_autoptr (GBytes) whole = bf_layout_write_pdf_to_bytes (kept, &error);
  g_assert_no_error (error);
  g_autoptr (BfPdfDraft) draft = bf_layout_draw_pdf_consume (lay_out (doc), NULL, 0, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) drafted = bf_pdf_draft_finish_to_bytes (draft, &error);
  g_assert_no_error (error);
  assert_same_bytes (whole, drafted);
  g_assert_cmpmem (g_bytes_get_data (whole, NULL), 5, "%PDF-", 5);

  /* To a file: the same bytes again. */
  g_autofree char *dir = g_dir_make_tmp ("bifolio-render-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  g_autoptr (BfPdfDraft) to_file = bf_layout_draw_pdf_consume (lay_out (doc), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (bf_pdf_draft_finish (to_file, path, &error));
  g_assert_no_error (error);
  g_autofree char *written = NULL;
  gsize written_length;
  g_assert_true (g_file_get_contents (path, &written, &written_length, NULL));
  g_autoptr (GBytes) from_file = g_bytes_new (written, written_length);
  assert_same_bytes (whole, from_file);
  g_unlink (path);
  g_rmdir (dir);

  /* Chosen pages, the third twice: it is freed only after its second
   * drawing. */
  static const int pages[] = { 3, 1, 3, 5 };
  g_autoptr (GBytes) some = bf_layout_write_pdf_pages_to_bytes (kept, pages, 4, &error);
  g_assert_no_error (error);
  g_autoptr (BfPdfDraft) some_draft = bf_layout_draw_pdf_consume (lay_out (doc), pages, 4, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) some_drafted = bf_pdf_draft_finish_to_bytes (some_draft, &error);
  g_assert_no_error (error);
  assert_same_bytes (some, some_drafted);

  BfBookletOptions booklet;
  bf_booklet_options_init (&booklet);
  g_autoptr (GBytes) sheets = bf_layout_write_booklet_to_bytes (kept, &booklet, &error);
  g_assert_no_error (error);
  g_autoptr (BfPdfDraft) sheets_draft = bf_layout_draw_booklet_consume (lay_out (doc), &booklet,
                                                                        &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) sheets_drafted = bf_pdf_draft_finish_to_bytes (sheets_draft, &error);
  g_assert_no_error (error);
  assert_same_bytes (sheets, sheets_drafted);
}

/* A draft holds nothing of the document: it is finished after the
 * document is freed (the command line frees it before the tag pass), into
 * the same bytes, title and language included. */
static void
test_finished_without_document (void)
{
  GError *error = NULL;
  g_autoptr (BfDocument) kept_doc = letter (1);
  bf_document_set_language (kept_doc, "fa");
  g_autoptr (BfLayout) kept = lay_out (kept_doc);
  g_autoptr (GBytes) whole = bf_layout_write_pdf_to_bytes (kept, &error);
  g_assert_no_error (error);

  BfDocument *doc = letter (1);
  bf_document_set_language (doc, "fa");
  g_autoptr (BfPdfDraft) draft = bf_layout_draw_pdf_consume (lay_out (doc), NULL, 0, &error);
  g_assert_no_error (error);
  bf_document_free (doc);
  g_autoptr (GBytes) drafted = bf_pdf_draft_finish_to_bytes (draft, &error);
  g_assert_no_error (error);
  assert_same_bytes (whole, drafted);
}

static guint
items_on (const BfLayout *layout, int page)
{
  return ((const BfPage *) layout->pages->pdata[page])->items->len;
}

static void
test_pages_freed_when_drawn (void)
{
  g_autoptr (BfDocument) doc = letter (1);
  BfLayout *layout = lay_out (doc);
  g_assert_cmpuint (items_on (layout, 0), >, 0);
  g_assert_cmpuint (items_on (layout, 1), >, 0);
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new_consume (layout, layout->setup.width,
                                                         layout->setup.height);
  bf_pdf_writer_set_draws (w, 0, 2);
  bf_pdf_writer_draw_page (w, 1, NULL, 0, 0, NULL);
  g_assert_cmpuint (items_on (layout, 1), ==, 0);
  g_assert_cmpuint (items_on (layout, 0), >, 0);
  g_assert_cmpuint (items_on (layout, 2), >, 0);
  bf_pdf_writer_next_page (w);
  bf_pdf_writer_draw_page (w, 0, NULL, 0, 0, NULL);
  g_assert_cmpuint (items_on (layout, 0), >, 0); /* one more drawing to come */
  bf_pdf_writer_next_page (w);
  bf_pdf_writer_draw_page (w, 0, NULL, 0, 0, NULL);
  g_assert_cmpuint (items_on (layout, 0), ==, 0);
  GError *error = NULL;
  g_autoptr (BfPdfDraft) draft = bf_pdf_writer_end_draft (w, &error);
  g_assert_no_error (error);
  g_assert_null (w->owned_layout); /* freed with the drawing's end */
  g_autoptr (GBytes) pdf = bf_pdf_draft_finish_to_bytes (draft, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 m = mallinfo2 ();
  return m.uordblks + m.hblkhd;
}

/* What a draft keeps (Cairo's file and the tag tree's elements) is a
 * small part of what the layout held: the layout of the letter ten times
 * over (about 300 pages) takes some megabytes more than the document, the
 * draft drawn from it less than half as much. */
static void
test_draft_smaller_than_layout (void)
{
  if (g_getenv ("BIFOLIO_SANITIZED"))
    {
      g_test_skip ("the sanitizers' allocator is not glibc's: mallinfo2 cannot see it");
      return;
    }
  g_autoptr (BfDocument) doc = letter (10);
  gsize before = heap_in_use ();
  BfLayout *layout = lay_out (doc);
  gsize with_layout = heap_in_use ();
  g_assert_cmpuint (with_layout, >, before + 4 * 1024 * 1024);
  GError *error = NULL;
  g_autoptr (BfPdfDraft) draft = bf_layout_draw_pdf_consume (layout, NULL, 0, &error);
  g_assert_no_error (error);
  gsize with_draft = heap_in_use ();
  g_test_message ("layout %.1f MB, draft %.1f MB", (with_layout - before) / 1048576.0,
                  (with_draft - before) / 1048576.0);
  g_assert_cmpuint (with_draft - before, <, (with_layout - before) / 2);
}

static void
test_errors (void)
{
  g_autoptr (BfDocument) doc = letter (1);
  GError *error = NULL;
  static const int pages[] = { 1, 999 };
  BfPdfDraft *none = bf_layout_draw_pdf_consume (lay_out (doc), pages, 2, &error);
  g_assert_null (none);
  g_assert_error (error, BF_ERROR, BF_ERROR_USAGE);
  g_clear_error (&error);

  g_autoptr (BfPdfDraft) draft = bf_layout_draw_pdf_consume (lay_out (doc), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_false (bf_pdf_draft_finish (draft, "/nonexistent/folder/out.pdf", &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/folder/out.pdf: "));
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE); /* the same date in every PDF */
  GError *error = NULL;
  fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/render/draft/same-bytes", test_same_bytes);
  g_test_add_func ("/render/draft/finished-without-document", test_finished_without_document);
  g_test_add_func ("/render/draft/pages-freed-when-drawn", test_pages_freed_when_drawn);
  g_test_add_func ("/render/draft/smaller-than-layout", test_draft_smaller_than_layout);
  g_test_add_func ("/render/draft/errors", test_errors);
  int status = g_test_run ();
  bf_fonts_unref (fonts);
  return status;
}
