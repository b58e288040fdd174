/* main.c — the bifolio command: `bifolio INPUT [-o OUTPUT] [options]`, over
 * the public API only.  Options are read by GLib's GOptionContext in three
 * groups (general, --help-epub, --help-booklet); their meaning is checked
 * here before anything is read or written.  Exit 0 on success, 1 on a
 * document or I/O error, 2 on bad usage.  man/bifolio.1 documents every
 * option; tests/cli/test-options.sh and test-man.sh hold the two together. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bifolio.h"
#include "cli/watch.h"

enum { EXIT_DOCUMENT = 1, EXIT_USAGE = 2 };

/* "-" as the input or the output: standard input or output. */
#define STANDARD_STREAM "-"

typedef struct {
  char *output, *format, *from, *paper, *line_break, *lang;
  char *sheet, *binding, *duplex, *signature, *creep;
  char *split_level, *cover;
  char *pages, *dpi;
  char **styles;         /* --style files in order, or NULL */
  char **resource_paths; /* --resource-path folders in order, or NULL */
  char **inputs;         /* what is left after the options */
  gboolean trace, stats, version, watch;
  gboolean booklet, marks, keep_back_cover;
  gboolean page_list, no_cover, no_embed_fonts;
} Options;

static void
options_clear (Options *opt)
{
  char **strings[] = { &opt->output, &opt->format, &opt->from, &opt->paper, &opt->line_break,
                       &opt->lang, &opt->sheet, &opt->binding, &opt->duplex, &opt->signature,
                       &opt->creep, &opt->split_level, &opt->cover, &opt->pages, &opt->dpi };
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  g_clear_pointer (&opt->styles, g_strfreev);
  g_clear_pointer (&opt->resource_paths, g_strfreev);
  g_clear_pointer (&opt->inputs, g_strfreev);
}

static int report (GError *error);
static void print_warnings (const char *const *warnings);

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

/* ------------------------------------------------------------ The options */

/* Every value is read as G_OPTION_ARG_FILENAME: the bytes as given, with no
 * conversion from the locale's character set (which is ASCII in the C
 * locale and would refuse a Persian file name). */
#define VALUE(long_name, short_name, field, help, placeholder)                                    \
  { long_name, short_name, 0, G_OPTION_ARG_FILENAME, &opt->field, help, placeholder }
#define FLAG(long_name, field, help) { long_name, 0, 0, G_OPTION_ARG_NONE, &opt->field, help, NULL }

static GOptionContext *
option_context_new (Options *opt)
{
  const GOptionEntry general[] = {
    VALUE ("output", 'o', output, "Where to write (default: INPUT with .pdf; - for standard output)",
           "FILE"),
    VALUE ("format", 'f', format, "pdf, epub or png (default: from the output's extension)",
           "FORMAT"),
    VALUE ("from", 0, from, "The input's kind: md, html or txt (default: from its extension; "
           "md for standard input)", "KIND"),
    { "style", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt->styles,
      "A CSS stylesheet over the defaults (repeatable)", "FILE" },
    VALUE ("lang", 0, lang, "The document's language (e.g. fa, ar, he, ur, en), over its own "
           "or the one read from its text", "LANG"),
    { "resource-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt->resource_paths,
      "Pictures, sheets and fonts may come from DIR too (repeatable)", "DIR" },
    VALUE ("paper", 'p', paper, "A3-A6 B4 B5 letter legal ledger, or WxH with mm, cm, in or pt, "
           "e.g. 148x210mm (default: A5)", "PAPER"),
    VALUE ("line-break", 0, line_break, "optimal (default: whole paragraphs at once, "
           "Knuth-Plass) or greedy (each line as full as it goes)", "HOW"),
    VALUE ("pages", 0, pages, "Only these pages of a PDF or PNG previews, e.g. 1-3,7 or 5-",
           "PAGES"),
    VALUE ("dpi", 0, dpi, "The resolution of PNG previews (default: 144)", "N"),
    FLAG ("stats", stats, "Print a report on the quality of the paragraphs"),
    FLAG ("trace", trace, "Print the laid-out pages as text instead of writing"),
    FLAG ("watch", watch, "Typeset, then again whenever the input or a file beside it or its "
          "style sheets changes, until Ctrl-C"),
    { "version", 'V', 0, G_OPTION_ARG_NONE, &opt->version, "Show the version", NULL },
    { NULL },
  };
  const GOptionEntry epub[] = {
    VALUE ("epub-split-level", 0, split_level, "A new chapter at each heading of level N or "
           "above (default: the document's top heading level)", "N"),
    FLAG ("page-list", page_list, "Mark where each page of the PDF edition begins"),
    VALUE ("cover", 0, cover, "The cover picture, PNG or JPEG (default: the front matter's "
           "cover-image, else one drawn from the title)", "FILE"),
    FLAG ("no-cover", no_cover, "No cover page"),
    FLAG ("no-embed-fonts", no_embed_fonts, "Leave the fonts out"),
    { NULL },
  };
  const GOptionEntry booklet[] = {
    FLAG ("booklet", booklet, "Impose the pages for folding and stapling (saddle stitch)"),
    VALUE ("sheet", 0, sheet, "The sheet to print on, used landscape (default: A4)", "PAPER"),
    VALUE ("binding", 0, binding, "left or right (default: right for a right-to-left document)",
           "SIDE"),
    VALUE ("duplex", 0, duplex, "short-edge (default) or long-edge: how the printer turns "
           "sheets", "EDGE"),
    VALUE ("signature", 0, signature, "Pages per signature, a multiple of 4 (default: one "
           "signature)", "N"),
    VALUE ("creep", 0, creep, "Shift inner sheets' pages toward the fold, per sheet "
           "(e.g. 0.1mm)", "LENGTH"),
    FLAG ("marks", marks, "Fold and crop marks outside the pages"),
    FLAG ("booklet-keep-back-cover", keep_back_cover, "Put the blank pages before the last page"),
    { NULL },
  };

  GOptionContext *context = g_option_context_new ("INPUT");
  g_option_context_set_summary (
    context, "Typesets Markdown (.md), plain text (.txt) or HTML (.html) into a PDF, an EPUB or\n"
             "PNG previews of its pages (-o page-{p}.png).  INPUT - reads standard input.");
  g_option_context_set_description (
    context, "Exit status: 0 on success, 1 for a document or I/O error, 2 for bad usage.\n"
             "Environment: SOURCE_DATE_EPOCH (reproducible dates), BIFOLIO_DATA_DIR (the folder\n"
             "holding fonts/ and styles/).  See bifolio(1).");
  /* Unknown options stay in argv, to be named in our own message. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_add_main_entries (context, general, NULL);

  GOptionGroup *group = g_option_group_new ("epub", "E-books (EPUB only):",
                                            "Show the EPUB options", NULL, NULL);
  g_option_group_add_entries (group, epub);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("booklet", "Booklets (PDF only):", "Show the booklet options",
                              NULL, NULL);
  g_option_group_add_entries (group, booklet);
  g_option_context_add_group (context, group);
  return context;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "bifolio: %s; see 'bifolio --help'\n", message);
  return EXIT_USAGE;
}

static int
usage_error_from (GError *error)
{
  int code = usage_error (error->message);
  g_error_free (error);
  return code;
}

/* Parses the command line into @opt.  Returns -1 to go on, or an exit
 * code. */
static int
parse_arguments (int argc, char **argv, Options *opt)
{
  g_autoptr (GOptionContext) context = option_context_new (opt);
  g_auto (GStrv) args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  GError *error = NULL;
  /* --help and its group variants print and exit(0) inside. */
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      /* GOption's messages are in English (LC_MESSAGES stays "C"); "Missing
       * argument for -o" is said as before. */
      const char *missing = "Missing argument for ";
      if (g_str_has_prefix (error->message, missing))
        {
          g_autofree char *m = g_strdup_printf ("option '%s' needs a value",
                                                error->message + strlen (missing));
          g_error_free (error);
          return usage_error (m);
        }
      error->message[0] = g_ascii_tolower (error->message[0]);
      return usage_error_from (error);
    }
  if (opt->version)
    {
      printf ("bifolio %s\n", bf_version ());
      return 0;
    }
  /* What is left: the program's name, then unknown options and inputs in
   * order; a "--" that ended the options has been removed already, and a
   * "-" alone is standard input. */
  GPtrArray *inputs = g_ptr_array_new ();
  for (int i = 1; args[i]; i++)
    {
      if (args[i][0] == '-' && args[i][1])
        {
          g_autofree char *name = g_strndup (args[i], strcspn (args[i], "="));
          g_autofree char *m = g_strdup_printf ("unknown option '%s'", name);
          g_ptr_array_free (inputs, TRUE);
          return usage_error (m);
        }
      g_ptr_array_add (inputs, g_strdup (args[i]));
    }
  g_ptr_array_add (inputs, NULL);
  opt->inputs = (char **) g_ptr_array_free (inputs, FALSE);
  if (!opt->inputs[0])
    return usage_error ("no input file");
  if (opt->inputs[1])
    return usage_error ("more than one input file");
  return -1;
}

/* ------------------------------------------------------ Checking meanings */

/* The formats bifolio writes, by output name. */
static const char *
format_from_output (const char *output)
{
  const char *slash = strrchr (output, '/');
  const char *dot = strrchr (output, '.');
  if (!dot || (slash && dot < slash) || dot == output || dot[-1] == '/')
    return "pdf"; /* no extension: a PDF, as always */
  if (!g_ascii_strcasecmp (dot, ".pdf"))
    return "pdf";
  if (!g_ascii_strcasecmp (dot, ".epub"))
    return "epub";
  if (!g_ascii_strcasecmp (dot, ".png"))
    return "png";
  return NULL;
}

/* Decides the output format into @format.  Returns -1 to go on, or an exit
 * code. */
static int
choose_format (const Options *opt, const char **format)
{
  if (opt->format)
    {
      if (strcmp (opt->format, "pdf") && strcmp (opt->format, "epub") && strcmp (opt->format, "png"))
        return usage_error ("--format must be pdf, epub or png");
      *format = opt->format;
      return -1;
    }
  if (!opt->output || !strcmp (opt->output, STANDARD_STREAM) || opt->trace)
    {
      *format = "pdf";
      return -1;
    }
  *format = format_from_output (opt->output);
  if (*format)
    return -1;
  g_autofree char *m = g_strdup_printf ("cannot tell what to write to '%s': bifolio writes "
                                        ".pdf, .epub and .png (or name one with --format)",
                                        opt->output);
  return usage_error (m);
}

static int
choose_input_format (const Options *opt, BfInputFormat *format)
{
  static const struct {
    const char *name;
    BfInputFormat format;
  } kinds[] = {
    { "md", BF_INPUT_MARKDOWN },   { "markdown", BF_INPUT_MARKDOWN }, { "html", BF_INPUT_HTML },
    { "txt", BF_INPUT_TEXT },      { "text", BF_INPUT_TEXT },
  };
  gboolean from_stdin = !strcmp (opt->inputs[0], STANDARD_STREAM);
  *format = from_stdin ? BF_INPUT_MARKDOWN : BF_INPUT_AUTO;
  if (!opt->from)
    return -1;
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (!strcmp (opt->from, kinds[i].name))
      {
        *format = kinds[i].format;
        return -1;
      }
  return usage_error ("--from must be md, html or txt");
}

/* Reads the booklet options into @booklet and checks them against the page
 * size, before anything is read or written.  Returns -1 to go on, or an exit
 * code. */
static int
parse_booklet_options (const Options *opt, gboolean epub, const BfPageSetup *setup,
                       BfBookletOptions *booklet)
{
  gboolean any = opt->sheet || opt->binding || opt->duplex || opt->signature || opt->creep
                 || opt->marks || opt->keep_back_cover;
  if (!opt->booklet)
    return any ? usage_error ("booklet options need --booklet") : -1;
  if (epub)
    return usage_error ("--booklet makes a PDF (or PNG previews of its sheets); it cannot be "
                        "used with EPUB output");
  GError *error = NULL;
  if (opt->sheet)
    {
      BfPageSetup sheet;
      bf_page_setup_init (&sheet);
      if (!bf_page_setup_set_paper (&sheet, opt->sheet, &error))
        return usage_error_from (error);
      booklet->sheet_width = sheet.width;
      booklet->sheet_height = sheet.height;
    }
  if (opt->binding)
    {
      if (!strcmp (opt->binding, "left"))
        booklet->binding = BF_BINDING_LEFT;
      else if (!strcmp (opt->binding, "right"))
        booklet->binding = BF_BINDING_RIGHT;
      else
        return usage_error ("--binding must be left or right");
    }
  if (opt->duplex)
    {
      if (!strcmp (opt->duplex, "short-edge"))
        booklet->duplex = BF_DUPLEX_SHORT_EDGE;
      else if (!strcmp (opt->duplex, "long-edge"))
        booklet->duplex = BF_DUPLEX_LONG_EDGE;
      else
        return usage_error ("--duplex must be short-edge or long-edge");
    }
  if (opt->signature)
    {
      char *end = NULL;
      long n = strtol (opt->signature, &end, 10);
      if (end == opt->signature || *end || n <= 0 || n > 10000)
        return usage_error ("--signature needs a number of pages");
      booklet->signature = (int) n;
    }
  if (opt->creep && !bf_length_parse (opt->creep, &booklet->creep))
    return usage_error ("--creep needs a length with a unit, e.g. 0.1mm");
  booklet->marks = opt->marks;
  booklet->keep_back_cover = opt->keep_back_cover;
  if (!bf_booklet_options_check (booklet, setup, &error))
    return usage_error_from (error);
  return -1;
}

/* Reads the EPUB options; returns -1 to go on, or an exit code. */
static int
parse_epub_options (const Options *opt, gboolean epub, BfEpubOptions *options)
{
  gboolean any = opt->split_level || opt->cover || opt->page_list || opt->no_cover
                 || opt->no_embed_fonts;
  if (!epub)
    return any ? usage_error ("EPUB options need EPUB output") : -1;
  if (opt->split_level)
    {
      char *end = NULL;
      long n = strtol (opt->split_level, &end, 10);
      if (end == opt->split_level || *end || n < 1 || n > 6)
        return usage_error ("--epub-split-level must be 1 to 6");
      options->split_level = (int) n;
    }
  if (opt->cover && opt->no_cover)
    return usage_error ("--cover and --no-cover cannot go together");
  options->cover = !opt->no_cover;
  options->embed_fonts = !opt->no_embed_fonts;
  return -1;
}

/* ------------------------------------------------------ Reading, writing */

/* Reads all of standard input.  Returns NULL with @error set when it cannot
 * be read. */
static GBytes *
read_standard_input (GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];
  size_t n;
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_byte_array_append (data, buffer, (guint) n);
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

static int
write_epub (const Options *opt, BfDocument *doc, const BfPageSetup *setup, const char *output)
{
  BfEpubOptions options;
  bf_epub_options_init (&options);
  int code = parse_epub_options (opt, TRUE, &options);
  if (code >= 0)
    return code;
  GError *error = NULL;
  g_autoptr (GBytes) cover = NULL;
  if (opt->cover)
    {
      char *data;
      gsize size;
      GError *local = NULL;
      if (!g_file_get_contents (opt->cover, &data, &size, &local))
        {
          fprintf (stderr, "bifolio: %s: cannot read the cover image\n", opt->cover);
          g_error_free (local);
          return EXIT_DOCUMENT;
        }
      cover = g_bytes_new_take (data, size);
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

/* Writes the PDF, or the booklet, of @pages (NULL: every page).  Returns an
 * exit code. */
static int
write_pdf (const BfLayout *layout, const Options *opt, const BfBookletOptions *booklet,
           const GArray *pages, const char *output)
{
  GError *error = NULL;
  const int *chosen = pages ? (const int *) pages->data : NULL;
  int n_chosen = pages ? (int) pages->len : 0;
  if (!strcmp (output, STANDARD_STREAM))
    {
      g_autoptr (GBytes) bytes
        = opt->booklet ? bf_layout_write_booklet_to_bytes (layout, booklet, &error)
          : pages      ? bf_layout_write_pdf_pages_to_bytes (layout, chosen, n_chosen, &error)
                       : bf_layout_write_pdf_to_bytes (layout, &error);
      return write_standard_output (bytes, error);
    }
  note_written (output);
  gboolean written = opt->booklet ? bf_layout_write_booklet (layout, booklet, output, &error)
                     : pages ? bf_layout_write_pdf_pages (layout, chosen, n_chosen, output, &error)
                             : bf_layout_write_pdf (layout, output, &error);
  return written ? 0 : report (error);
}

/* ----------------------------------------------------------- PNG previews */

/* A page range of --pages: first to last, from 1; last 0 for "to the end". */
typedef struct {
  int first, last;
} PageRange;

/* Parses "1-3,7,10-" into @ranges.  Returns FALSE when it is not that. */
static gboolean
parse_page_ranges (const char *text, GArray *ranges)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  for (char **part = parts; *part; part++)
    {
      char *end;
      PageRange range;
      long first = strtol (*part, &end, 10);
      if (end == *part || first < 1 || first > G_MAXINT)
        return FALSE;
      range.first = range.last = (int) first;
      if (*end == '-')
        {
          char *last_text = end + 1;
          long last = 0;
          end = last_text;
          if (*last_text)
            last = strtol (last_text, &end, 10);
          if ((*last_text && end == last_text) || last < 0 || last > G_MAXINT
              || (last && last < first))
            return FALSE;
          range.last = (int) last;
        }
      if (*end)
        return FALSE;
      g_array_append_val (ranges, range);
    }
  return ranges->len > 0;
}

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
          return usage_error (m);
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
          "hyphenated lines: %d (%d right after another)\n"
          "overfull lines: %d\n"
          "time: %.3f s computing styles of %.3f s laying out\n",
          bf_layout_get_page_count (layout), st.lines, st.justified_lines, st.mean_ratio,
          st.worst_ratio, st.sum_squared_ratios, st.loose_lines, st.tight_lines,
          st.hyphenated_lines, st.consecutive_hyphens, st.overfull_lines, st.style_seconds,
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

/* Checks the options' meaning, reads, lays out and writes.  Returns an exit
 * code. */
static int
run (const Options *opt)
{
  const char *input = opt->inputs[0];
  gboolean from_stdin = !strcmp (input, STANDARD_STREAM);
  const char *format = NULL;
  BfInputFormat input_format;
  int code = choose_format (opt, &format);
  if (code < 0)
    code = choose_input_format (opt, &input_format);
  if (code >= 0)
    return code;
  if (from_stdin && !opt->output && !opt->trace)
    return usage_error ("standard input needs -o (- for standard output)");
  g_autofree char *output = opt->output ? g_strdup (opt->output) : default_output (input, format);
  gboolean to_stdout = !strcmp (output, STANDARD_STREAM);
  if (to_stdout && opt->stats)
    return usage_error ("--stats prints to standard output; it cannot go with -o -");
  gboolean png = !strcmp (format, "png"), epub = !strcmp (format, "epub");
  if (png && to_stdout && !opt->trace)
    return usage_error ("PNG previews are one file a page; -o - cannot hold them");
  if (!png && opt->dpi)
    return usage_error ("--dpi is for PNG previews (-o NAME.png)");
  if (opt->pages && (epub || opt->booklet))
    return usage_error ("--pages chooses pages of a PDF or of PNG previews; not of an EPUB "
                        "or a booklet");
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (PageRange));
  if (opt->pages && !parse_page_ranges (opt->pages, ranges))
    return usage_error ("--pages needs pages from 1, e.g. 1-3,7 or 5-");
  double dpi = 144;
  if (opt->dpi)
    {
      char *end;
      dpi = g_ascii_strtod (opt->dpi, &end);
      if (end == opt->dpi || *end || !(dpi >= 1 && dpi <= 2400))
        return usage_error ("--dpi needs a resolution from 1 to 2400");
    }
  if (!from_stdin && !to_stdout && same_file (input, output))
    return usage_error ("the output would overwrite the input");

  BfPageSetup setup;
  bf_page_setup_init (&setup);
  GError *error = NULL;
  if (opt->paper && !bf_page_setup_set_paper (&setup, opt->paper, &error))
    return usage_error_from (error);

  if (opt->line_break && !strcmp (opt->line_break, "greedy"))
    setup.line_breaking = BF_LINE_BREAKING_GREEDY;
  else if (opt->line_break && strcmp (opt->line_break, "optimal"))
    return usage_error ("--line-break must be optimal or greedy");

  BfEpubOptions epub_options;
  bf_epub_options_init (&epub_options);
  code = parse_epub_options (opt, epub, &epub_options);
  if (code >= 0)
    return code;

  BfBookletOptions booklet;
  bf_booklet_options_init (&booklet);
  code = parse_booklet_options (opt, epub, &setup, &booklet);
  if (code >= 0)
    return code;

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

  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  if (!fonts)
    return report (error);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  if (!layout)
    return report (error);
  print_warnings (bf_layout_get_warnings (layout));
  if (opt->stats)
    print_stats (layout);
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
  return write_pdf (layout, opt, &booklet, opt->pages ? pages : NULL, output);
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

/* Typesets, then again after every change to the files the document draws
 * on.  Returns an exit code. */
static int
watch (const Options *opt)
{
  const char *input = opt->inputs[0];
  if (!strcmp (input, STANDARD_STREAM) || (opt->output && !strcmp (opt->output, STANDARD_STREAM)))
    return usage_error ("--watch needs files: it cannot read standard input or write standard "
                        "output");
  if (opt->trace || opt->stats)
    return usage_error ("--watch writes files; it cannot go with --trace or --stats");
  const char *format = NULL;
  int code = choose_format (opt, &format);
  if (code >= 0)
    return code;
  g_autofree char *output = opt->output ? g_strdup (opt->output) : default_output (input, format);
  /* The folders the document draws on: its own (its pictures, fonts and
   * sheets beside it), its style sheets', and the resource paths. */
  g_autoptr (GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (folders, g_path_get_dirname (input));
  for (char **style = opt->styles; style && *style; style++)
    g_ptr_array_add (folders, g_path_get_dirname (*style));
  for (char **dir = opt->resource_paths; dir && *dir; dir++)
    g_ptr_array_add (folders, g_strdup (*dir));
  written_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  code = watch_run (folders, written_paths, output, watch_job, (gpointer) opt);
  g_clear_pointer (&written_paths, g_hash_table_unref);
  return code;
}

int
main (int argc, char **argv)
{
  /* A file size limit makes a write fail with an error we report, rather
   * than killing the process before it can clean up. */
  signal (SIGXFSZ, SIG_IGN);
  /* The terminal's character set for --help; numbers keep the C locale. */
  setlocale (LC_CTYPE, "");
  g_set_prgname ("bifolio");
  Options opt = { 0 };
  int code = parse_arguments (argc, argv, &opt);
  if (code < 0)
    code = opt.watch ? watch (&opt) : run (&opt);
  options_clear (&opt);
  return code;
}
