/* main.c — the bifolio command: `bifolio INPUT [-o OUTPUT] [options]`, over
 * the public API only.  Exit 0 on success, 1 on a document or I/O error,
 * 2 on bad usage. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bifolio.h"

enum { EXIT_DOCUMENT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
  "Usage: bifolio INPUT [-o OUTPUT] [options]\n"
  "Typesets Markdown (.md), plain text (.txt) or HTML (.html) into a PDF or an EPUB.\n"
  "\n"
  "  -o, --output FILE      where to write (default: INPUT with .pdf)\n"
  "  -f, --format FORMAT    pdf or epub (default: from the output's extension)\n"
  "  -p, --paper PAPER      A3 A4 A5 A6 B5 letter legal, or WIDTHxHEIGHT with mm,\n"
  "                         cm, in or pt, e.g. 148x210mm (default: A5)\n"
  "      --trace            print the laid-out pages as text instead of writing\n"
  "  -h, --help             show this help\n"
  "  -V, --version          show the version\n";

typedef struct {
  const char *input, *output, *format, *paper;
  gboolean trace;
} Options;

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
      const char **target = NULL;
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
      if (!strcmp (arg, "--trace"))
        {
          opt->trace = TRUE;
          continue;
        }
      if (!strcmp (arg, "-o") || !strcmp (arg, "--output"))
        target = &opt->output;
      else if (!strcmp (arg, "-f") || !strcmp (arg, "--format"))
        target = &opt->format;
      else if (!strcmp (arg, "-p") || !strcmp (arg, "--paper"))
        target = &opt->paper;
      else if (g_str_has_prefix (arg, "--output="))
        opt->output = arg + 9;
      else if (g_str_has_prefix (arg, "--format="))
        opt->format = arg + 9;
      else if (g_str_has_prefix (arg, "--paper="))
        opt->paper = arg + 8;
      else if (arg[0] == '-' && arg[1])
        {
          g_autofree char *m = g_strdup_printf ("unknown option '%s'", arg);
          return usage_error (m);
        }
      else if (!opt->input)
        opt->input = arg;
      else
        return usage_error ("more than one input file");
      if (target)
        {
          if (++i >= argc)
            {
              g_autofree char *m = g_strdup_printf ("option '%s' needs a value", arg);
              return usage_error (m);
            }
          *target = argv[i];
        }
    }
  if (!opt->input)
    return usage_error ("no input file");
  return -1;
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

  g_autoptr (BfDocument) doc = bf_document_load (opt.input, BF_INPUT_AUTO, &error);
  if (!doc)
    return report (error);
  print_warnings (bf_document_get_warnings (doc));

  if (!strcmp (format, "epub") && !opt.trace)
    return bf_document_write_epub (doc, output, &error) ? 0 : report (error);

  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  if (!fonts)
    return report (error);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  if (!layout)
    return report (error);
  print_warnings (bf_layout_get_warnings (layout));
  if (opt.trace)
    {
      g_autofree char *dump = bf_layout_dump (layout);
      fputs (dump, stdout);
      return 0;
    }
  return bf_layout_write_pdf (layout, output, &error) ? 0 : report (error);
}
