/* main.c — the bifolio command: `bifolio INPUT [-o OUTPUT] [options]`, over
 * the public API only: reads the document (a file or standard input), lays
 * it out and writes a PDF, a booklet, an EPUB or PNG previews (a file or
 * standard output), once or, with --watch, after every change (watch.c).
 * options.c reads the command line.  Exit 0 on success, 1 on a document or
 * I/O error, 2 on bad usage. */
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#ifdef BIFOLIO_MIMALLOC
#include <mimalloc.h>
#endif
#include <glib/gstdio.h>

#include "cli/cli.h"
#include "cli/watch.h"

static int report (GError *error);
static void print_warnings (const char *const *warnings);
static void print_stats (const BfLayout *layout);

/* The warnings printed so far, and the files written (full paths): what
 * watch mode reports, and ignores when it changes. */
static int warning_count;
static GHashTable *written_paths;

static void
note_written (const char *path)
{
  if (written_paths)
    g_hash_table_add (written_paths, g_canonicalize_filename (path, NULL));
}

/* ------------------------------------------------------ Reading, writing */

/* As for files (bf_document_load): larger inputs are refused. */
#define STANDARD_INPUT_MAX_BYTES (256 * 1024 * 1024)

/* Reads all of standard input.  Returns NULL with @error set when it cannot
 * be read or is too large. */
static GBytes *
read_standard_input (GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];
  size_t n;
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      if (data->len + n > STANDARD_INPUT_MAX_BYTES)
        {
          g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                       "standard input: more than bifolio reads (%d MB)",
                       STANDARD_INPUT_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  if (ferror (stdin))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "standard input: cannot read");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static BfDocument *
load_input (const Options *opt, BfInputFormat format, GError **error)
{
  if (strcmp (opt->inputs[0], STANDARD_STREAM))
    return bf_document_load (opt->inputs[0], format, error);
  g_autoptr (GBytes) data = read_standard_input (error);
  if (!data)
    return NULL;
  gsize length;
  const char *bytes = g_bytes_get_data (data, &length);
  /* Named "stdin" in messages; its pictures are found from the current
   * folder. */
  return bf_document_parse (bytes, length, "stdin", format, error);
}

/* Writes @bytes (a whole PDF or EPUB, made in memory) to standard output.
 * Returns an exit code. */
static int
write_standard_output (GBytes *bytes, GError *error)
{
  if (!bytes)
    return report (error);
  gsize length;
  const void *data = g_bytes_get_data (bytes, &length);
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      fprintf (stderr, "bifolio: standard output: cannot write\n");
      return EXIT_DOCUMENT;
    }
  return 0;
}

/* The bytes of the cover picture @path, or NULL with a message. */
static GBytes *
read_cover (const char *path)
{
  char *data;
  gsize size;
  if (!g_file_get_contents (path, &data, &size, NULL))
    {
      fprintf (stderr, "bifolio: %s: cannot read the cover image\n", path);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

static int
write_epub (const Options *opt, BfDocument *doc, const BfPageSetup *setup, const char *output)
{
  BfEpubOptions options;
  bf_epub_options_init (&options);
  int code = cli_read_epub_options (opt, TRUE, &options);
  if (code >= 0)
    return code;
  GError *error = NULL;
  g_autoptr (GBytes) cover = NULL;
  if (opt->cover)
    {
      if (!(cover = read_cover (opt->cover)))
        return EXIT_DOCUMENT;
      options.cover_image = cover;
    }
  /* The page list needs the print edition laid out. */
  g_autoptr (BfFonts) fonts = NULL;
  g_autoptr (BfLayout) layout = NULL;
  if (opt->page_list)
    {
      fonts = bf_fonts_new (NULL, &error);
      if (!fonts || !(layout = bf_layout_new (fonts, doc, setup, &error)))
        return report (error);
      print_warnings (bf_layout_get_warnings (layout));
      options.page_list = layout;
    }
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  options.warnings = warnings;
  if (!strcmp (output, STANDARD_STREAM))
    {
      g_autoptr (GBytes) bytes = bf_document_write_epub_to_bytes (doc, &options, &error);
      g_ptr_array_add (warnings, NULL);
      print_warnings ((const char *const *) warnings->pdata);
      return write_standard_output (bytes, error);
    }
  note_written (output);
  gboolean written = bf_document_write_epub_full (doc, &options, output, &error);
  g_ptr_array_add (warnings, NULL);
  print_warnings ((const char *const *) warnings->pdata);
  return written ? 0 : report (error);
}

/* Finishes @draft into @output, the file or standard output.  Returns an
 * exit code. */
static int
finish_pdf (BfPdfDraft *draft, const char *output)
{
  GError *error = NULL;
  if (!strcmp (output, STANDARD_STREAM))
    {
      g_autoptr (GBytes) bytes = bf_pdf_draft_finish_to_bytes (draft, &error);
      return write_standard_output (bytes, error);
    }
  note_written (output);
  return bf_pdf_draft_finish (draft, output, &error) ? 0 : report (error);
}

/* Writes the PDF of every page of @doc, taking it over, each page drawn as
 * soon as it is laid out (bf_layout_new_drawing_pdf), and the document and
 * layout freed before the file is finished.  Returns an exit code. */
static int
write_pdf_as_laid_out (BfFonts *fonts, BfDocument *doc, const BfPageSetup *setup, int jobs,
                       const Options *opt, const char *output)
{
  GError *error = NULL;
  g_autoptr (BfPdfDraft) draft = NULL;
  BfLayout *layout = bf_layout_new_drawing_pdf (fonts, doc, setup, jobs, &draft, &error);
  if (layout)
    {
      print_warnings (bf_layout_get_warnings (layout));
      if (opt->stats)
        print_stats (layout);
      bf_layout_free (layout);
    }
  bf_document_free (doc);
  if (!draft)
    return report (error);
  return finish_pdf (draft, output);
}

/* Writes the PDF, or the booklet, of @pages (NULL: every page), taking
 * @layout and its @doc over: the layout is freed as the pages are drawn,
 * the document once they are, before the file is finished (the pass that
 * needs the most memory).  Returns an exit code. */
static int
write_pdf (BfLayout *layout, BfDocument *doc, const Options *opt,
           const BfBookletOptions *booklet, const GArray *pages, const char *output)
{
  GError *error = NULL;
  const int *chosen = pages ? (const int *) pages->data : NULL;
  int n_chosen = pages ? (int) pages->len : 0;
  g_autoptr (BfPdfDraft) draft
    = opt->booklet ? bf_layout_draw_booklet_consume (layout, booklet, &error)
                   : bf_layout_draw_pdf_consume (layout, chosen, n_chosen, &error);
  bf_document_free (doc);
  if (!draft)
    return report (error);
  return finish_pdf (draft, output);
}

/* ----------------------------------------------------------- PNG previews */

/* The name of page @page's preview: @output with "{p}" replaced by the page
 * number ("{0p}": padded with zeros to the width of @n_pages), else
 * NAME-PAGE.png for an @output of NAME.png. */
static char *
png_name (const char *output, int page, int n_pages)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  g_autofree char *padded = g_strdup_printf ("%0*d", snprintf (NULL, 0, "%d", n_pages), page);
  if (strstr (output, "{p}") || strstr (output, "{0p}"))
    {
      g_auto (GStrv) pieces = g_strsplit (output, "{0p}", -1);
      g_autofree char *once = g_strjoinv (padded, pieces);
      g_auto (GStrv) more = g_strsplit (once, "{p}", -1);
      return g_strjoinv (number, more);
    }
  gsize stem = strlen (output);
  if (stem > 4 && !g_ascii_strcasecmp (output + stem - 4, ".png"))
    stem -= 4;
  return g_strdup_printf ("%.*s-%d.png", (int) stem, output, page);
}

/* The pages @ranges choose, numbered from 1, into @pages (all when @ranges
 * is empty).  Returns -1 to go on, or an exit code. */
static int
choose_pages (const BfLayout *layout, const GArray *ranges, GArray *pages)
{
  int n_pages = bf_layout_get_page_count (layout);
  for (guint i = 0; i < ranges->len; i++)
    {
      const PageRange *range = &g_array_index (ranges, PageRange, i);
      if (range->first > n_pages || range->last > n_pages)
        {
          g_autofree char *m = g_strdup_printf ("--pages %d: the document has %d page%s",
                                                MAX (range->first, range->last), n_pages,
                                                n_pages == 1 ? "" : "s");
          return cli_usage_error (m);
        }
      for (int page = range->first; page <= (range->last ? range->last : n_pages); page++)
        g_array_append_val (pages, page);
    }
  for (int page = 1; ranges->len == 0 && page <= n_pages; page++)
    g_array_append_val (pages, page);
  return -1;
}

/* Writes a preview of each side of the booklet's sheets.  Returns an exit
 * code. */
static int
write_booklet_png (const BfLayout *layout, const BfBookletOptions *booklet, double dpi,
                   const char *output)
{
  int n_sides = bf_layout_get_booklet_side_count (layout, booklet);
  GError *error = NULL;
  for (int side = 1; side <= n_sides; side++)
    {
      g_autofree char *path = png_name (output, side, n_sides);
      note_written (path);
      if (!bf_layout_write_booklet_png (layout, booklet, side, dpi, path, &error))
        return report (error);
    }
  return 0;
}

/* Writes the previews of @pages.  Returns an exit code. */
static int
write_png (const BfLayout *layout, const GArray *pages, double dpi, const char *output)
{
  int n_pages = bf_layout_get_page_count (layout);
  GError *error = NULL;
  for (guint i = 0; i < pages->len; i++)
    {
      int page = g_array_index (pages, int, i);
      g_autofree char *path = png_name (output, page, n_pages);
      note_written (path);
      if (!bf_layout_write_png (layout, page, dpi, path, &error))
        return report (error);
    }
  return 0;
}

static char *
default_output (const char *input, const char *extension)
{
  const char *slash = strrchr (input, '/');
  const char *dot = strrchr (input, '.');
  gsize stem = dot && (!slash || dot > slash) ? (gsize) (dot - input) : strlen (input);
  return g_strdup_printf ("%.*s.%s", (int) stem, input, extension);
}

static void
print_warnings (const char *const *warnings)
{
  for (; *warnings; warnings++, warning_count++)
    fprintf (stderr, "bifolio: %s\n", *warnings);
}

static void
print_stats (const BfLayout *layout)
{
  BfLayoutStats st;
  bf_layout_get_stats (layout, &st);
  printf ("pages: %d\n"
          "lines: %d (%d justified)\n"
          "adjustment ratio: mean %.3f, worst %.3f, sum of squares %.2f\n"
          "lines looser than 1.0: %d\n"
          "lines tighter than -0.5: %d\n"
          "lines set ragged (looser than 3.0): %d\n"
          "hyphenated lines: %d (%d right after another)\n"
          "overfull lines: %d\n"
          "time: %.3f s computing styles of %.3f s laying out\n",
          bf_layout_get_page_count (layout), st.lines, st.justified_lines, st.mean_ratio,
          st.worst_ratio, st.sum_squared_ratios, st.loose_lines, st.tight_lines,
          st.ragged_lines, st.hyphenated_lines, st.consecutive_hyphens, st.overfull_lines, st.style_seconds,
          st.layout_seconds);
}

static int
report (GError *error)
{
  fprintf (stderr, "bifolio: %s\n", error->message);
  int code = error->domain == BF_ERROR && error->code == BF_ERROR_USAGE ? EXIT_USAGE : EXIT_DOCUMENT;
  g_error_free (error);
  return code;
}

static gboolean
same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

/* The font configuration, made on a thread of its own while the input is
 * read: reading the bundled faces' files (about 20 ms) then takes none of a
 * run's wall time.  Reading touches no font. */
typedef struct {
  GThread *thread;
  BfFonts *fonts;
  GError *error;
} FontsAhead;

static gpointer
make_fonts (gpointer data)
{
  FontsAhead *ahead = data;
  ahead->fonts = bf_fonts_new (NULL, &ahead->error);
  return NULL;
}

static FontsAhead *
fonts_ahead_new (void)
{
  FontsAhead *ahead = g_new0 (FontsAhead, 1);
  ahead->thread = g_thread_new ("bifolio-fonts", make_fonts, ahead);
  return ahead;
}

/* Waits for the configuration and returns it, or NULL with @error set. */
static BfFonts *
fonts_ahead_take (FontsAhead *ahead, GError **error)
{
  g_thread_join (g_steal_pointer (&ahead->thread));
  if (!ahead->fonts)
    g_propagate_error (error, g_steal_pointer (&ahead->error));
  return g_steal_pointer (&ahead->fonts);
}

static void
fonts_ahead_free (FontsAhead *ahead)
{
  if (ahead->thread)
    g_thread_join (ahead->thread);
  g_clear_pointer (&ahead->fonts, bf_fonts_unref);
  g_clear_error (&ahead->error);
  g_free (ahead);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FontsAhead, fonts_ahead_free)

/* Checks the options' meaning, reads, lays out and writes.  Returns an exit
 * code. */
static int
run (const Options *opt)
{
  const char *input = opt->inputs[0];
  gboolean from_stdin = !strcmp (input, STANDARD_STREAM);
  const char *format = NULL;
  BfInputFormat input_format;
  int code = cli_choose_format (opt, &format);
  if (code < 0)
    code = cli_choose_input_format (opt, &input_format);
  if (code >= 0)
    return code;
  if (from_stdin && !opt->output && !opt->trace)
    return cli_usage_error ("standard input needs -o (- for standard output)");
  g_autofree char *output = opt->output ? g_strdup (opt->output) : default_output (input, format);
  gboolean to_stdout = !strcmp (output, STANDARD_STREAM);
  if (to_stdout && opt->stats)
    return cli_usage_error ("--stats prints to standard output; it cannot go with -o -");
  gboolean png = !strcmp (format, "png"), epub = !strcmp (format, "epub");
  if (png && to_stdout && !opt->trace)
    return cli_usage_error ("PNG previews are one file a page; -o - cannot hold them");
  if (!png && opt->dpi)
    return cli_usage_error ("--dpi is for PNG previews (-o NAME.png)");
  if (opt->pages && (epub || opt->booklet))
    return cli_usage_error ("--pages chooses pages of a PDF or of PNG previews; not of an EPUB "
                        "or a booklet");
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (PageRange));
  if (opt->pages && !cli_parse_page_ranges (opt->pages, ranges))
    return cli_usage_error ("--pages needs pages from 1, e.g. 1-3,7 or 5-");
  double dpi = 144;
  if (opt->dpi)
    {
      char *end;
      dpi = g_ascii_strtod (opt->dpi, &end);
      if (end == opt->dpi || *end || !(dpi >= 1 && dpi <= 2400))
        return cli_usage_error ("--dpi needs a resolution from 1 to 2400");
    }
  int jobs = 0;
  if (opt->jobs)
    {
      char *end;
      gint64 n = g_ascii_strtoll (opt->jobs, &end, 10);
      if (end == opt->jobs || *end || n < 1 || n > 64)
        return cli_usage_error ("--jobs needs a number of threads from 1 to 64");
      jobs = (int) n;
    }
  if (!from_stdin && !to_stdout && same_file (input, output))
    return cli_usage_error ("the output would overwrite the input");

  BfPageSetup setup;
  bf_page_setup_init (&setup);
  GError *error = NULL;
  if (opt->paper && !bf_page_setup_set_paper (&setup, opt->paper, &error))
    return cli_usage_error_from (error);

  if (opt->line_break && !strcmp (opt->line_break, "greedy"))
    setup.line_breaking = BF_LINE_BREAKING_GREEDY;
  else if (opt->line_break && strcmp (opt->line_break, "optimal"))
    return cli_usage_error ("--line-break must be optimal or greedy");

  BfEpubOptions epub_options;
  bf_epub_options_init (&epub_options);
  code = cli_read_epub_options (opt, epub, &epub_options);
  if (code >= 0)
    return code;

  BfBookletOptions booklet;
  bf_booklet_options_init (&booklet);
  code = cli_read_booklet_options (opt, epub, &setup, &booklet);
  if (code >= 0)
    return code;

  g_autoptr (FontsAhead) fonts_ahead = epub && !opt->trace ? NULL : fonts_ahead_new ();
  g_autoptr (BfDocument) doc = load_input (opt, input_format, &error);
  if (!doc)
    return report (error);
  for (char **style = opt->styles; style && *style; style++)
    if (!bf_document_add_stylesheet (doc, *style, &error))
      return report (error);
  for (char **dir = opt->resource_paths; dir && *dir; dir++)
    if (!bf_document_add_resource_path (doc, *dir, &error))
      return report (error);
  if (opt->lang)
    bf_document_set_language (doc, opt->lang);
  print_warnings (bf_document_get_warnings (doc));

  if (epub && !opt->trace)
    return write_epub (opt, doc, &setup, output);

  g_autoptr (BfFonts) fonts = fonts_ahead_take (fonts_ahead, &error);
  if (!fonts)
    return report (error);
  if (!png && !opt->booklet && !opt->pages && !opt->cover && !opt->trace)
    return write_pdf_as_laid_out (fonts, g_steal_pointer (&doc), &setup, jobs, opt, output);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  if (!layout)
    return report (error);
  print_warnings (bf_layout_get_warnings (layout));
  if (jobs)
    bf_layout_set_jobs (layout, jobs);
  if (opt->stats)
    print_stats (layout);
  if (opt->cover)
    {
      g_autoptr (GBytes) cover = read_cover (opt->cover);
      if (!cover)
        return EXIT_DOCUMENT;
      if (!bf_layout_add_cover (layout, cover, &error))
        return report (error);
    }
  if (opt->trace)
    {
      g_autofree char *dump = bf_layout_dump (layout);
      fputs (dump, stdout);
      return 0;
    }
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (int));
  code = choose_pages (layout, ranges, pages);
  if (code >= 0)
    return code;
  if (png && opt->booklet)
    return write_booklet_png (layout, &booklet, dpi, output);
  if (png)
    return write_png (layout, pages, dpi, output);
  return write_pdf (g_steal_pointer (&layout), g_steal_pointer (&doc), opt, &booklet,
                    opt->pages ? pages : NULL, output);
}

/* ------------------------------------------------------------- Watch mode */

static int
watch_job (gpointer data, int *warnings)
{
  warning_count = 0;
  int code = run (data);
  *warnings = warning_count;
  return code;
}

/* The folders of the pictures the document reads now (img/ beside it…);
 * a document that cannot be read adds none (its run will say why). */
static void
add_picture_folders (const Options *opt, GPtrArray *folders)
{
  g_autoptr (BfDocument) doc = bf_document_load (opt->inputs[0], BF_INPUT_AUTO, NULL);
  if (!doc)
    return;
  for (char **dir = opt->resource_paths; dir && *dir; dir++)
    bf_document_add_resource_path (doc, *dir, NULL);
  g_auto (GStrv) files = bf_document_list_picture_files (doc);
  for (char **file = files; *file; file++)
    g_ptr_array_add (folders, g_path_get_dirname (*file));
}

/* Typesets, then again after every change to the files the document draws
 * on.  Returns an exit code. */
static int
watch (const Options *opt)
{
  const char *input = opt->inputs[0];
  if (!strcmp (input, STANDARD_STREAM) || (opt->output && !strcmp (opt->output, STANDARD_STREAM)))
    return cli_usage_error ("--watch needs files: it cannot read standard input or write standard "
                        "output");
  if (opt->trace || opt->stats)
    return cli_usage_error ("--watch writes files; it cannot go with --trace or --stats");
  const char *format = NULL;
  int code = cli_choose_format (opt, &format);
  if (code >= 0)
    return code;
  g_autofree char *output = opt->output ? g_strdup (opt->output) : default_output (input, format);
  /* The folders the document draws on: its own (its pictures, fonts and
   * sheets beside it), its pictures', its style sheets', and the resource
   * paths. */
  g_autoptr (GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (folders, g_path_get_dirname (input));
  add_picture_folders (opt, folders);
  for (char **style = opt->styles; style && *style; style++)
    g_ptr_array_add (folders, g_path_get_dirname (*style));
  for (char **dir = opt->resource_paths; dir && *dir; dir++)
    g_ptr_array_add (folders, g_strdup (*dir));
  written_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  code = watch_run (folders, written_paths, output, watch_job, (gpointer) opt);
  g_clear_pointer (&written_paths, g_hash_table_unref);
  return code;
}

/* A long document's large blocks (Cairo's arrays, the tag tree's
 * elements, the finishing pass's tables, a megabyte or more as they grow)
 * are mapped on their own and given back when freed.  glibc would
 * otherwise raise its threshold for that as such blocks are freed, and
 * put the next ones in the heap, where each left a hole the size of the
 * last: the book ten times over peaked at 205 MB, 189 MB with this.  A
 * heap's free top is given back past 4 MB (bifolio also trims when it
 * lets a stage go): trimming at glibc's 128 kB after every large free
 * cost 5% of the run in system time, and past 64 MB the drawing thread's
 * heap (a glibc arena of its own, whose top malloc_trim leaves alone)
 * never gave back what its pages had used: the book ten times over
 * peaked anywhere from 163 to 180 MB, and at 155 MB with 4 MB.
 * (The command is normally linked with mimalloc, which takes malloc over
 * and ignores this; it serves builds without it.) */
static void
keep_large_blocks_apart (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
}

/* Under mimalloc, the heap is taken from the system in transparent huge
 * pages where the kernel gives them (madvise): each 4 kB page touched
 * first costs a fault, and on the 40-chapter book its 10,500 faults were
 * a tenth of the CPU time of its first 0.2 s, when one core works alone
 * (4,000 with huge pages: 0.92 s to 0.86 s, for 3 MB more at the peak).
 * The heap that matters is the one libstdc++'s initialiser (loaded for
 * ICU, libxml2's) makes before main, so the option is set earlier
 * still, before any library's initialiser: from .preinit_array, which
 * only an executable has, and where the environment is only the third
 * argument (getenv cannot see it yet).  MIMALLOC_LARGE_OS_PAGES in the
 * environment still decides.  The cost is at the peak: 3 MB on the
 * 40-chapter book, 40 MB (187 to 227 MB) on the book ten times over. */
#if defined(BIFOLIO_MIMALLOC) && defined(__ELF__)
static void
take_heap_in_huge_pages (int argc, char **argv, char **envp)
{
  static const char name[] = "MIMALLOC_LARGE_OS_PAGES=";
  for (char **e = envp; e && *e; e++)
    if (strncmp (*e, name, sizeof name - 1) == 0)
      return;
  mi_option_enable (mi_option_large_os_pages);
}
__attribute__ ((section (".preinit_array"), used)) static void (*const take_heap_early) (
    int, char **, char **) = take_heap_in_huge_pages;
#endif

int
main (int argc, char **argv)
{
  /* A file size limit makes a write fail with an error we report, rather
   * than killing the process before it can clean up. */
  signal (SIGXFSZ, SIG_IGN);
  /* The terminal's character set for --help; numbers keep the C locale. */
  setlocale (LC_CTYPE, "");
  g_set_prgname ("bifolio");
  /* Cairo 1.16 deflates each page's content as it draws it, on this one
   * thread, and the PDF's finishing pass would inflate it again to mark
   * the page's artifacts and deflate it once more.  Under CAIRO_DEBUG_PDF,
   * which Cairo reads as each PDF surface is made, it leaves page content
   * unfiltered, and bifolio deflates it once, artifacts marked, on the
   * second core as soon as Cairo ends the page (render/pdf-spool.c).
   * Later Cairos also print debugging output under it, so only 1.16 is
   * asked; the library's output is sound either way. */
  if (cairo_version () < CAIRO_VERSION_ENCODE (1, 17, 0))
    g_setenv ("CAIRO_DEBUG_PDF", "1", FALSE);
  keep_large_blocks_apart ();
  Options opt = { 0 };
  int code = cli_options_parse (argc, argv, &opt);
  if (code < 0)
    code = opt.watch ? watch (&opt) : run (&opt);
  cli_options_clear (&opt);
  return code;
}
