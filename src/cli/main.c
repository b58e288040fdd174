/* main.c — the bifolio command: `bifolio INPUT [-o OUTPUT] [options]`, over
 * the public API only.  Exit 0 on success, 1 on a document or I/O error,
 * 2 on bad usage. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bifolio.h"

enum { EXIT_DOCUMENT = 1, EXIT_USAGE = 2 };

static int report (GError *error);
static void print_warnings (const char *const *warnings);

static const char usage_text[] =
  "Usage: bifolio INPUT [-o OUTPUT] [options]\n"
  "Typesets Markdown (.md), plain text (.txt) or HTML (.html) into a PDF or an EPUB.\n"
  "\n"
  "  -o, --output FILE      where to write (default: INPUT with .pdf)\n"
  "  -f, --format FORMAT    pdf or epub (default: from the output's extension)\n"
  "  -s, --style FILE       a CSS stylesheet over the defaults (repeatable)\n"
  "      --lang LANG        the document's language (e.g. fa, ar, he, ur, en), over\n"
  "                         its own or the one read from its text\n"
  "      --resource-path DIR  pictures, sheets and fonts may come from DIR too\n"
  "                         (repeatable; default: the document's folder, and the\n"
  "                         current folder's tree when the document is inside it)\n"
  "  -p, --paper PAPER      A3-A6 B4 B5 letter legal ledger, or WxH with mm,\n"
  "                         cm, in or pt, e.g. 148x210mm (default: A5)\n"
  "      --line-break HOW   optimal (default: whole paragraphs at once, Knuth-Plass)\n"
  "                         or greedy (each line as full as it goes)\n"
  "      --stats            print a report on the quality of the paragraphs\n"
  "      --trace            print the laid-out pages as text instead of writing\n"
  "\n"
  "E-books (EPUB only):\n"
  "      --epub-split-level N  a new chapter at each heading of level N or above\n"
  "                         (default: the document's top heading level)\n"
  "      --page-list        mark where each page of the PDF edition begins\n"
  "      --cover FILE       the cover picture (PNG or JPEG; default: the front\n"
  "                         matter's cover-image, else one drawn from the title)\n"
  "      --no-cover         no cover page\n"
  "      --no-embed-fonts   leave the fonts out\n"
  "\n"
  "Booklets (PDF only):\n"
  "      --booklet          impose the pages for folding and stapling (saddle stitch)\n"
  "      --sheet PAPER      the sheet to print on, used landscape (default: A4)\n"
  "      --binding SIDE     left or right (default: right for a right-to-left document)\n"
  "      --duplex EDGE      short-edge (default) or long-edge: how the printer turns sheets\n"
  "      --signature N      pages per signature, a multiple of 4 (default: one signature)\n"
  "      --creep LENGTH     shift inner sheets' pages toward the fold, per sheet (e.g. 0.1mm)\n"
  "      --marks            fold and crop marks outside the pages\n"
  "      --booklet-keep-back-cover  put the blank pages before the last page\n"
  "  -h, --help             show this help\n"
  "  -V, --version          show the version\n";

typedef struct {
  const char *input, *output, *format, *paper;
  const char *sheet, *binding, *duplex, *signature, *creep, *line_break;
  const char *split_level, *cover;
  gboolean trace, stats, booklet, marks, keep_back_cover, page_list, no_cover, no_embed_fonts;
  const char *lang;
  GPtrArray *styles;   /* const char*: --style files in order */
  GPtrArray *resource_paths; /* const char*: --resource-path folders in order */
} Options;

/* Flags without a value. */
static gboolean
parse_flag (const char *arg, Options *opt)
{
  static const struct {
    const char *name;
    gsize offset;
  } flags[] = {
    { "--trace", G_STRUCT_OFFSET (Options, trace) },
    { "--stats", G_STRUCT_OFFSET (Options, stats) },
    { "--page-list", G_STRUCT_OFFSET (Options, page_list) },
    { "--no-cover", G_STRUCT_OFFSET (Options, no_cover) },
    { "--no-embed-fonts", G_STRUCT_OFFSET (Options, no_embed_fonts) },
    { "--booklet", G_STRUCT_OFFSET (Options, booklet) },
    { "--marks", G_STRUCT_OFFSET (Options, marks) },
    { "--booklet-keep-back-cover", G_STRUCT_OFFSET (Options, keep_back_cover) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    if (!strcmp (arg, flags[i].name))
      {
        G_STRUCT_MEMBER (gboolean, opt, flags[i].offset) = TRUE;
        return TRUE;
      }
  return FALSE;
}

/* Options with a value: "--name VALUE" or "--name=VALUE" (or -x VALUE). */
static const char **
option_target (const char *name, Options *opt)
{
  static const struct {
    const char *long_name, *short_name;
    gsize offset;
  } options[] = {
    { "--output", "-o", G_STRUCT_OFFSET (Options, output) },
    { "--format", "-f", G_STRUCT_OFFSET (Options, format) },
    { "--paper", "-p", G_STRUCT_OFFSET (Options, paper) },
    { "--sheet", NULL, G_STRUCT_OFFSET (Options, sheet) },
    { "--binding", NULL, G_STRUCT_OFFSET (Options, binding) },
    { "--duplex", NULL, G_STRUCT_OFFSET (Options, duplex) },
    { "--signature", NULL, G_STRUCT_OFFSET (Options, signature) },
    { "--creep", NULL, G_STRUCT_OFFSET (Options, creep) },
    { "--line-break", NULL, G_STRUCT_OFFSET (Options, line_break) },
    { "--epub-split-level", NULL, G_STRUCT_OFFSET (Options, split_level) },
    { "--cover", NULL, G_STRUCT_OFFSET (Options, cover) },
    { "--lang", NULL, G_STRUCT_OFFSET (Options, lang) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    if (!strcmp (name, options[i].long_name)
        || (options[i].short_name && !strcmp (name, options[i].short_name)))
      return &G_STRUCT_MEMBER (const char *, opt, options[i].offset);
  return NULL;
}

/* Options that may be given more than once: the list their values go to. */
static GPtrArray *
repeatable_option (const char *arg, Options *opt)
{
  const char *eq = strchr (arg, '=');
  gsize n = eq ? (gsize) (eq - arg) : strlen (arg);
  if ((n == 2 && !strncmp (arg, "-s", 2)) || (n == 7 && !strncmp (arg, "--style", 7)))
    return eq && n == 2 ? NULL : opt->styles;
  if (n == 15 && !strncmp (arg, "--resource-path", 15))
    return opt->resource_paths;
  return NULL;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "bifolio: %s\nTry 'bifolio --help'.\n", message);
  return EXIT_USAGE;
}

/* Returns -1 to go on, or an exit code. */
static int
parse_arguments (int argc, char **argv, Options *opt)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      if (!strcmp (arg, "-h") || !strcmp (arg, "--help"))
        {
          fputs (usage_text, stdout);
          return 0;
        }
      if (!strcmp (arg, "-V") || !strcmp (arg, "--version"))
        {
          printf ("bifolio %s\n", bf_version ());
          return 0;
        }
      if (parse_flag (arg, opt))
        continue;
      GPtrArray *list = repeatable_option (arg, opt);
      if (list)
        {
          const char *value = arg[1] != '-' ? NULL : strchr (arg, '=') ? strchr (arg, '=') + 1 : NULL;
          if (!value && ++i >= argc)
            {
              g_autofree char *m = g_strdup_printf ("option '%s' needs a value", arg);
              return usage_error (m);
            }
          g_ptr_array_add (list, (gpointer) (value ? value : argv[i]));
          continue;
        }
      const char *eq = g_str_has_prefix (arg, "--") ? strchr (arg, '=') : NULL;
      g_autofree char *name = eq ? g_strndup (arg, eq - arg) : g_strdup (arg);
      const char **target = option_target (name, opt);
      if (target)
        {
          if (!eq && i + 1 >= argc)
            {
              g_autofree char *m = g_strdup_printf ("option '%s' needs a value", arg);
              return usage_error (m);
            }
          *target = eq ? eq + 1 : argv[++i];
        }
      else if (arg[0] == '-' && arg[1])
        {
          g_autofree char *m = g_strdup_printf ("unknown option '%s'", arg);
          return usage_error (m);
        }
      else if (!opt->input)
        opt->input = arg;
      else
        return usage_error ("more than one input file");
    }
  if (!opt->input)
    return usage_error ("no input file");
  return -1;
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
    return usage_error ("--booklet makes a PDF; it cannot be used with EPUB output");
  GError *error = NULL;
  if (opt->sheet)
    {
      BfPageSetup sheet;
      bf_page_setup_init (&sheet);
      if (!bf_page_setup_set_paper (&sheet, opt->sheet, &error))
        {
          int code = usage_error (error->message);
          g_error_free (error);
          return code;
        }
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
    {
      int code = usage_error (error->message);
      g_error_free (error);
      return code;
    }
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
  gboolean written = bf_document_write_epub_full (doc, &options, output, &error);
  g_ptr_array_add (warnings, NULL);
  print_warnings ((const char *const *) warnings->pdata);
  return written ? 0 : report (error);
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
  for (; *warnings; warnings++)
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

int
main (int argc, char **argv)
{
  /* A file size limit makes a write fail with an error we report, rather
   * than killing the process before it can clean up. */
  signal (SIGXFSZ, SIG_IGN);
  Options opt = { 0 };
  g_autoptr (GPtrArray) styles = g_ptr_array_new ();
  opt.styles = styles;
  g_autoptr (GPtrArray) resource_paths = g_ptr_array_new ();
  opt.resource_paths = resource_paths;
  int code = parse_arguments (argc, argv, &opt);
  if (code >= 0)
    return code;

  const char *format = opt.format;
  if (!format && opt.output)
    format = g_str_has_suffix (opt.output, ".epub") ? "epub" : "pdf";
  if (!format)
    format = "pdf";
  if (strcmp (format, "pdf") && strcmp (format, "epub"))
    return usage_error ("--format must be pdf or epub");
  g_autofree char *output = opt.output ? g_strdup (opt.output) : default_output (opt.input, format);
  if (same_file (opt.input, output))
    return usage_error ("the output would overwrite the input");

  BfPageSetup setup;
  bf_page_setup_init (&setup);
  GError *error = NULL;
  if (opt.paper && !bf_page_setup_set_paper (&setup, opt.paper, &error))
    {
      code = usage_error (error->message);
      g_error_free (error);
      return code;
    }

  if (opt.line_break && !strcmp (opt.line_break, "greedy"))
    setup.line_breaking = BF_LINE_BREAKING_GREEDY;
  else if (opt.line_break && strcmp (opt.line_break, "optimal"))
    return usage_error ("--line-break must be optimal or greedy");

  BfEpubOptions epub_options;
  bf_epub_options_init (&epub_options);
  code = parse_epub_options (&opt, !strcmp (format, "epub"), &epub_options);
  if (code >= 0)
    return code;

  BfBookletOptions booklet;
  bf_booklet_options_init (&booklet);
  code = parse_booklet_options (&opt, !strcmp (format, "epub"), &setup, &booklet);
  if (code >= 0)
    return code;

  g_autoptr (BfDocument) doc = bf_document_load (opt.input, BF_INPUT_AUTO, &error);
  if (!doc)
    return report (error);
  for (guint i = 0; i < styles->len; i++)
    if (!bf_document_add_stylesheet (doc, styles->pdata[i], &error))
      return report (error);
  for (guint i = 0; i < opt.resource_paths->len; i++)
    if (!bf_document_add_resource_path (doc, opt.resource_paths->pdata[i], &error))
      return report (error);
  if (opt.lang)
    bf_document_set_language (doc, opt.lang);
  print_warnings (bf_document_get_warnings (doc));

  if (!strcmp (format, "epub") && !opt.trace)
    return write_epub (&opt, doc, &setup, output);

  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  if (!fonts)
    return report (error);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  if (!layout)
    return report (error);
  print_warnings (bf_layout_get_warnings (layout));
  if (opt.stats)
    print_stats (layout);
  if (opt.trace)
    {
      g_autofree char *dump = bf_layout_dump (layout);
      fputs (dump, stdout);
      return 0;
    }
  gboolean written = opt.booklet ? bf_layout_write_booklet (layout, &booklet, output, &error)
                                 : bf_layout_write_pdf (layout, output, &error);
  return written ? 0 : report (error);
}
