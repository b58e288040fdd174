/* options.c — the command line of bifolio: the options as GOptionContext
 * reads them, in three groups (general, --help-epub, --help-booklet), and
 * what they mean, checked before anything is read or written.  Every
 * mistake is one line on standard error and exit status 2.  man/bifolio.1
 * documents every option; tests/cli/test-man.sh holds the two together. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cli_options_clear (Options *opt)
{
  char **strings[] = { &opt->output, &opt->format, &opt->from, &opt->paper, &opt->line_break,
                       &opt->lang, &opt->sheet, &opt->binding, &opt->duplex, &opt->signature,
                       &opt->creep, &opt->split_level, &opt->cover, &opt->pages, &opt->dpi,
                       &opt->jobs };
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  g_clear_pointer (&opt->styles, g_strfreev);
  g_clear_pointer (&opt->resource_paths, g_strfreev);
  g_clear_pointer (&opt->inputs, g_strfreev);
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
    VALUE ("jobs", 'j', jobs, "Threads to use, 1 to 64 (default: one per processor); the output "
           "is the same", "N"),
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
           "cover-image, else one drawn from the title); with a PDF, put on a first page of its "
           "own", "FILE"),
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

  GOptionGroup *group = g_option_group_new ("epub", "E-books (EPUB only, but --cover):",
                                            "Show the EPUB options", NULL, NULL);
  g_option_group_add_entries (group, epub);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("booklet", "Booklets (PDF only):", "Show the booklet options",
                              NULL, NULL);
  g_option_group_add_entries (group, booklet);
  g_option_context_add_group (context, group);
  return context;
}

int
cli_usage_error (const char *message)
{
  fprintf (stderr, "bifolio: %s; see 'bifolio --help'\n", message);
  return EXIT_USAGE;
}

int
cli_usage_error_from (GError *error)
{
  int code = cli_usage_error (error->message);
  g_error_free (error);
  return code;
}

/* The short options above that take a value. */
static const char short_with_value[] = "ofspj";

/* @argv with a value written against its short option ("-j2", "-ofile",
 * as getopt reads them) split from it: GOption would read "-j2" as -j and
 * an option -2.  A value given apart is left as it is, even one that
 * begins with a dash; so is everything after "--". */
static GStrv
split_attached_values (int argc, char **argv)
{
  GPtrArray *args = g_ptr_array_new ();
  gboolean options = TRUE;
  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];
      gboolean short_value = options && arg[0] == '-' && arg[1] && arg[1] != '-'
                             && strchr (short_with_value, arg[1]);
      if (short_value && arg[2])
        {
          g_ptr_array_add (args, g_strndup (arg, 2));
          g_ptr_array_add (args, g_strdup (arg + 2));
          continue;
        }
      g_ptr_array_add (args, g_strdup (arg));
      if (options && !strcmp (arg, "--"))
        options = FALSE;
      else if (short_value && i + 1 < argc)
        g_ptr_array_add (args, g_strdup (argv[++i])); /* its value, as it is */
    }
  g_ptr_array_add (args, NULL);
  return (GStrv) g_ptr_array_free (args, FALSE);
}

/* Parses the command line into @opt.  Returns -1 to go on, or an exit
 * code. */
int
cli_options_parse (int argc, char **argv, Options *opt)
{
  g_autoptr (GOptionContext) context = option_context_new (opt);
  g_auto (GStrv) args = split_attached_values (argc, argv);
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
          return cli_usage_error (m);
        }
      error->message[0] = g_ascii_tolower (error->message[0]);
      return cli_usage_error_from (error);
    }
  if (opt->version)
    {
      printf ("bifolio %s\n", bf_version ());
      return 0;
    }
  /* What is left: the program's name, then unknown options and inputs in
   * order; a "--" that ended the options has been removed already, and a
   * "-" alone is standard input. */
  GPtrArray *inputs = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; args[i]; i++)
    {
      if (args[i][0] == '-' && args[i][1])
        {
          g_autofree char *name = g_strndup (args[i], strcspn (args[i], "="));
          g_autofree char *m = g_strdup_printf ("unknown option '%s'", name);
          g_ptr_array_free (inputs, TRUE);
          return cli_usage_error (m);
        }
      g_ptr_array_add (inputs, g_strdup (args[i]));
    }
  g_ptr_array_add (inputs, NULL);
  opt->inputs = (char **) g_ptr_array_free (inputs, FALSE);
  if (!opt->inputs[0])
    return cli_usage_error ("no input file");
  if (opt->inputs[1])
    return cli_usage_error ("more than one input file");
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
int
cli_choose_format (const Options *opt, const char **format)
{
  if (opt->format)
    {
      if (strcmp (opt->format, "pdf") && strcmp (opt->format, "epub") && strcmp (opt->format, "png"))
        return cli_usage_error ("--format must be pdf, epub or png");
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
  return cli_usage_error (m);
}

int
cli_choose_input_format (const Options *opt, BfInputFormat *format)
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
  return cli_usage_error ("--from must be md, html or txt");
}

/* Reads the booklet options into @booklet and checks them against the page
 * size, before anything is read or written.  Returns -1 to go on, or an exit
 * code. */
int
cli_read_booklet_options (const Options *opt, gboolean epub, const BfPageSetup *setup,
                          BfBookletOptions *booklet)
{
  gboolean any = opt->sheet || opt->binding || opt->duplex || opt->signature || opt->creep
                 || opt->marks || opt->keep_back_cover;
  if (!opt->booklet)
    return any ? cli_usage_error ("booklet options need --booklet") : -1;
  if (epub)
    return cli_usage_error ("--booklet makes a PDF (or PNG previews of its sheets); it cannot be "
                        "used with EPUB output");
  GError *error = NULL;
  if (opt->sheet)
    {
      BfPageSetup sheet;
      bf_page_setup_init (&sheet);
      if (!bf_page_setup_set_paper (&sheet, opt->sheet, &error))
        return cli_usage_error_from (error);
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
        return cli_usage_error ("--binding must be left or right");
    }
  if (opt->duplex)
    {
      if (!strcmp (opt->duplex, "short-edge"))
        booklet->duplex = BF_DUPLEX_SHORT_EDGE;
      else if (!strcmp (opt->duplex, "long-edge"))
        booklet->duplex = BF_DUPLEX_LONG_EDGE;
      else
        return cli_usage_error ("--duplex must be short-edge or long-edge");
    }
  if (opt->signature)
    {
      char *end = NULL;
      long n = strtol (opt->signature, &end, 10);
      if (end == opt->signature || *end || n <= 0 || n > 10000)
        return cli_usage_error ("--signature needs a number of pages");
      booklet->signature = (int) n;
    }
  if (opt->creep && !bf_length_parse (opt->creep, &booklet->creep))
    return cli_usage_error ("--creep needs a length with a unit, e.g. 0.1mm");
  booklet->marks = opt->marks;
  booklet->keep_back_cover = opt->keep_back_cover;
  if (!bf_booklet_options_check (booklet, setup, &error))
    return cli_usage_error_from (error);
  return -1;
}

/* Reads the EPUB options; returns -1 to go on, or an exit code. */
int
cli_read_epub_options (const Options *opt, gboolean epub, BfEpubOptions *options)
{
  /* --cover goes with a PDF too: a first page of its own. */
  gboolean any = opt->split_level || opt->page_list || opt->no_cover || opt->no_embed_fonts;
  if (!epub)
    return any ? cli_usage_error ("EPUB options need EPUB output") : -1;
  if (opt->split_level)
    {
      char *end = NULL;
      long n = strtol (opt->split_level, &end, 10);
      if (end == opt->split_level || *end || n < 1 || n > 6)
        return cli_usage_error ("--epub-split-level must be 1 to 6");
      options->split_level = (int) n;
    }
  if (opt->cover && opt->no_cover)
    return cli_usage_error ("--cover and --no-cover cannot go together");
  options->cover = !opt->no_cover;
  options->embed_fonts = !opt->no_embed_fonts;
  return -1;
}

/* ---------------------------------------------------------------- --pages */

/* Parses "1-3,7,10-" into @ranges.  Returns FALSE when it is not that. */
gboolean
cli_parse_page_ranges (const char *text, GArray *ranges)
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

