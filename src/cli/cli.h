/* cli.h — what the files of the bifolio command share: the options as read
 * from the command line (options.c) and the checks of what they mean. */
#ifndef BF_CLI_H
#define BF_CLI_H

#include "bifolio.h"

/* Exit status: 0 on success, 1 for a document or I/O error, 2 for bad
 * usage. */
enum { EXIT_DOCUMENT = 1, EXIT_USAGE = 2 };

/* "-" as the input or the output: standard input or output. */
#define STANDARD_STREAM "-"

/* The command line.  Every string is owned (cli_options_clear() frees
 * them); NULL when the option was not given. */
typedef struct {
  char *output, *format, *from, *paper, *line_break, *lang;
  char *sheet, *binding, *duplex, *signature, *creep;
  char *split_level, *cover;
  char *pages, *dpi, *jobs;
  char **styles;         /* --style files in order, or NULL */
  char **resource_paths; /* --resource-path folders in order, or NULL */
  char **inputs;         /* what is left after the options: one input */
  gboolean trace, stats, version, watch;
  gboolean booklet, marks, keep_back_cover;
  gboolean page_list, no_cover, no_embed_fonts;
} Options;

/* A range of --pages: first to last, from 1; last 0 for "to the end". */
typedef struct {
  int first, last;
} PageRange;

/* Parses the command line into @opt (--help and --version print and return
 * 0).  Returns -1 to go on, or an exit code. */
int cli_options_parse (int argc, char **argv, Options *opt);
void cli_options_clear (Options *opt);

/* Prints "bifolio: MESSAGE; see 'bifolio --help'" and returns EXIT_USAGE;
 * _from() takes the message of @error and frees it. */
int cli_usage_error (const char *message);
int cli_usage_error_from (GError *error);

/* The output format, "pdf", "epub" or "png", into @format: --format, else
 * from the output's extension (none, or "-": pdf).  Returns -1 to go on, or
 * an exit code for an extension bifolio does not write. */
int cli_choose_format (const Options *opt, const char **format);

/* The input's kind: --from, else from its extension (Markdown for standard
 * input).  Returns -1 to go on, or an exit code. */
int cli_choose_input_format (const Options *opt, BfInputFormat *format);

/* Fills @booklet from the booklet options and checks it against @setup;
 * fills @options from the EPUB options.  Each refuses its options when the
 * output is not theirs.  Return -1 to go on, or an exit code. */
int cli_read_booklet_options (const Options *opt, gboolean epub, const BfPageSetup *setup,
                              BfBookletOptions *booklet);
int cli_read_epub_options (const Options *opt, gboolean epub, BfEpubOptions *options);

/* Parses --pages ("1-3,7,10-") into @ranges (PageRange).  Returns FALSE
 * when it is not that. */
gboolean cli_parse_page_ranges (const char *text, GArray *ranges);

#endif
