/* test-render.c — the two ways of writing a layout's PDF: drawn and
 * finished in one call (bf_layout_write_pdf…), or drawn into a draft that
 * takes the layout over and frees its pages as they are drawn
 * (bf_layout_draw_pdf_consume, bf_layout_draw_booklet_consume,
 * bf_pdf_draft_finish).  Both give the same bytes, for every page, chosen
 * pages (one of them twice) and a booklet; a page is freed after its last
 * drawing and not before; a draft is finished after its document is
 * freed; what a draft keeps is a small part of what the layout held; and
 * a draft's errors are the writers'.  A document laid out and drawn at once
 * (bf_layout_new_drawing_pdf) gives the same bytes, warnings and figures as
 * laid out, then drawn, its draft finished after the layout and document
 * are freed, and whether its blocks are kept from the first walk of the
 * document or made again; its pages are given to be drawn as they are
 * made, unless a margin box shows the page count. */
#include <malloc.h>
#include <string.h>

#include <glib/gstdio.h>

#include "render/render.h"

static BfFonts *fonts;

/* The bundled letter (31 pages, headings, links, notes, tables), @copies
 * times over. */
static BfDocument *
letter_and (int copies, const char *more)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "..", "..", "samples", "letter.md",
                                            NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  GString *all = g_string_new (NULL);
  for (int i = 0; i < copies; i++)
    g_string_append_len (all, text, length);
  if (more)
    g_string_append (all, more);
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (all->str, all->len, "letter.md", BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_string_free (all, TRUE);
  return doc;
}

static BfDocument *
letter (int copies)
{
  return letter_and (copies, NULL);
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

/* The letter with a sheet: running heads from string-set, a table whose
 * header row repeats on every page it goes on to, and, with @count,
 * "page N of M" in the margin. */
static BfDocument *
letter_with_sheet (gboolean count)
{
  GString *table = g_string_new ("\n\n| Row | Persian | English |\n|---|---|---|\n");
  for (int r = 0; r < 120; r++)
    g_string_append_printf (table, "| %d | ردیف %d | row %d |\n", r, r, r);
  BfDocument *doc = letter_and (2, table->str);
  GError *error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bifolio-render-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *css = g_build_filename (dir, "sheet.css", NULL);
  g_autofree char *sheet = g_strdup_printf (
      "h2 { string-set: chapter content(); }\n"
      "@page { @top-center { content: string(chapter); }\n"
      "        @bottom-center { content: counter(page)%s; } }\n",
      count ? " \" / \" counter(pages)" : "");
  g_assert_true (g_file_set_contents (css, sheet, -1, NULL));
  g_assert_true (bf_document_add_stylesheet (doc, css, &error));
  g_assert_no_error (error);
  g_unlink (css);
  g_rmdir (dir);
  g_string_free (table, TRUE);
  return doc;
}

static void
assert_same_layout_figures (const BfLayout *a, const BfLayout *b)
{
  g_assert_cmpint (bf_layout_get_page_count (a), ==, bf_layout_get_page_count (b));
  const char *const *wa = bf_layout_get_warnings (a), *const *wb = bf_layout_get_warnings (b);
  for (; *wa && *wb; wa++, wb++)
    g_assert_cmpstr (*wa, ==, *wb);
  g_assert_null (*wa);
  g_assert_null (*wb);
  BfLayoutStats sa, sb;
  bf_layout_get_stats (a, &sa);
  bf_layout_get_stats (b, &sb);
  g_assert_cmpint (sa.lines, ==, sb.lines);
  g_assert_cmpint (sa.hyphenated_lines, ==, sb.hyphenated_lines);
  g_assert_cmpfloat (sa.sum_squared_ratios, ==, sb.sum_squared_ratios);
}

static void
test_drawn_as_laid_out (void)
{
  for (int doc_kind = 0; doc_kind < 3; doc_kind++)
    {
      GError *error = NULL;
      g_autoptr (BfDocument) doc = doc_kind == 0 ? letter (1) : letter_with_sheet (doc_kind == 2);
      BfPageSetup setup;
      bf_page_setup_init (&setup);
      g_autoptr (BfLayout) kept = lay_out (doc);
      g_autoptr (BfPdfDraft) draft = bf_layout_draw_pdf_consume (lay_out (doc), NULL, 0, &error);
      g_assert_no_error (error);
      g_autoptr (GBytes) then_drawn = bf_pdf_draft_finish_to_bytes (draft, &error);
      g_assert_no_error (error);

      BfPdfDraft *at_once_draft = NULL;
      BfDocument *own_doc = doc_kind == 0 ? letter (1) : letter_with_sheet (doc_kind == 2);
      BfLayout *at_once = bf_layout_new_drawing_pdf (fonts, own_doc, &setup, 0, &at_once_draft,
                                                     &error);
      g_assert_no_error (error);
      g_assert_nonnull (at_once_draft);
      assert_same_layout_figures (kept, at_once);
      /* Its pages are drawn and gone. */
      for (int p = 0; p < bf_layout_get_page_count (at_once); p++)
        g_assert_cmpuint (items_on (at_once, p), ==, 0);
      /* The draft is finished after the layout and document are gone. */
      bf_layout_free (at_once);
      bf_document_free (own_doc);
      g_autoptr (GBytes) drawn = bf_pdf_draft_finish_to_bytes (at_once_draft, &error);
      bf_pdf_draft_free (at_once_draft);
      g_assert_no_error (error);
      assert_same_bytes (then_drawn, drawn);

      /* Its blocks made again as they are laid out, as a long document's
       * are, rather than kept from the first walk: the same. */
      gsize kept_text = bf_layout_kept_text;
      bf_layout_kept_text = 0;
      BfPdfDraft *again_draft = NULL;
      g_autoptr (BfLayout) again = bf_layout_new_drawing_pdf (fonts, doc, &setup, 0, &again_draft,
                                                              &error);
      g_assert_no_error (error);
      assert_same_layout_figures (kept, again);
      g_autoptr (GBytes) drawn_again = bf_pdf_draft_finish_to_bytes (again_draft, &error);
      bf_pdf_draft_free (again_draft);
      g_assert_no_error (error);
      assert_same_bytes (then_drawn, drawn_again);
      bf_layout_kept_text = kept_text;
    }
}

/* When each page is given to be drawn: as soon as the lines after it are
 * known (the first while the layout holds one page), or, when the margin
 * shows the page count, once every page is made. */
typedef struct {
  int calls;
  int pages_at_first;        /* pages made when the first was given */
  int most_held;             /* the most pages holding items at a call */
} SinkLog;

static void
log_and_release (BfLayout *layout, int index, gpointer data)
{
  SinkLog *log = data;
  g_assert_cmpint (index, ==, log->calls); /* in order, each once */
  if (log->calls++ == 0)
    log->pages_at_first = layout->pages->len;
  int held = 0;
  for (guint p = 0; p < layout->pages->len; p++)
    held += items_on (layout, p) > 0;
  log->most_held = MAX (log->most_held, held);
  bf_layout_release_page (layout, index);
}

static void
test_pages_given_when_final (void)
{
  for (int count = 0; count < 2; count++)
    {
      g_autoptr (BfDocument) doc = letter_with_sheet (count);
      BfPageSetup setup;
      bf_page_setup_init (&setup);
      SinkLog log = { 0 };
      GError *error = NULL;
      g_autoptr (BfLayout) layout = bf_layout_new_with_sink (fonts, doc, &setup, log_and_release,
                                                             &log, &error);
      g_assert_no_error (error);
      int pages = bf_layout_get_page_count (layout);
      g_assert_cmpint (pages, >=, 40);
      g_assert_cmpint (log.calls, ==, pages);
      if (count)
        {
          g_assert_cmpint (log.pages_at_first, ==, pages);
          g_assert_cmpint (log.most_held, ==, pages);
        }
      else
        {
          g_assert_cmpint (log.pages_at_first, ==, 1);
          g_assert_cmpint (log.most_held, ==, 1);
        }
    }
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
  g_test_add_func ("/render/drawn-as-laid-out/same-bytes", test_drawn_as_laid_out);
  g_test_add_func ("/render/drawn-as-laid-out/pages-given-when-final",
                   test_pages_given_when_final);
  int status = g_test_run ();
  bf_fonts_unref (fonts);
  return status;
}
