/* bifolio.h — the public API of bifolio, a typesetter for mixed-direction text.
 *
 * The life of a document:
 *
 *   1. Read it.  bf_document_load() (or bf_document_parse() from memory) turns
 *      Markdown, plain text or HTML into one document tree plus metadata
 *      (title, author, language…).  Nothing after this step knows which input
 *      kind it came from.
 *
 *   2. Export an e-book straight from the tree: bf_document_write_epub().
 *
 *   3. Or lay it out.  bf_fonts_new() makes a private font configuration from
 *      the bundled fonts/ folder (one is enough for every thread);
 *      bf_layout_new() styles the tree, shapes and breaks every paragraph
 *      once, and stacks the lines into pages held as plain display lists.
 *
 *   4. Render the pages: bf_layout_write_pdf().  Rendering never lays out
 *      again.  A layout wanted for nothing else is best written with
 *      bf_layout_draw_pdf_consume() and bf_pdf_draft_finish(), which free
 *      the pages as they are drawn; a PDF of every page, lightest of all,
 *      with bf_layout_new_drawing_pdf(), which draws each page as soon as
 *      it is laid out, so that a long book is never held whole.
 *
 * Every output is written to a temporary file beside the target and renamed
 * into place when complete, so a failed run never leaves a partial file and
 * never replaces a good one.  A PDF being drawn waits, until it is
 * finished, in a file of g_get_tmp_dir () (TMPDIR), removed as soon as it
 * is made; where none can be made, in memory.
 *
 * Errors come back as GError in the BF_ERROR domain; their messages start
 * with "FILE:LINE:COL: " where a position is known.  Problems in the content
 * that do not stop the work (a character no bundled font has, say) are
 * collected as warnings that the caller may print.  The library never prints
 * and never exits.
 *
 * Threads: a BfDocument, a BfLayout and the writers belong to one thread at
 * a time; several threads may each typeset their own documents at once.  A
 * BfFonts is never changed after bf_fonts_new(), so one may be shared by
 * the layouts of any number of threads at once (bf_fonts_ref() and
 * bf_fonts_unref() are atomic); only bf_document_render_cover() draws with
 * the BfFonts itself, so calls to it with one BfFonts must not overlap.
 */
#ifndef BIFOLIO_H
#define BIFOLIO_H

#include <glib.h>

G_BEGIN_DECLS

/* Marks the functions of this header: the only symbols the shared library
 * exports (it is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#define BF_API __attribute__ ((visibility ("default")))
#else
#define BF_API
#endif

/* ------------------------------------------------------------------ Errors */

#define BF_ERROR (bf_error_quark ())

/* Error classes.  The CLI maps BF_ERROR_USAGE to exit 2, the rest to 1. */
typedef enum {
  BF_ERROR_IO,          /* a file could not be read or written */
  BF_ERROR_FORMAT,      /* the input is malformed (bad UTF-8, bad front matter) */
  BF_ERROR_UNSUPPORTED, /* valid, but not something bifolio does */
  BF_ERROR_LIMIT,       /* a size or depth limit was reached */
  BF_ERROR_LIBRARY,     /* a library below us failed (Cairo, libzip…) */
  BF_ERROR_USAGE        /* the caller asked for something meaningless */
} BfError;

/* The quark of the BF_ERROR domain.  Thread-safe. */
BF_API GQuark bf_error_quark (void);

/* ---------------------------------------------------------------- Document */

typedef enum {
  BF_INPUT_AUTO,      /* from the file name's extension: .md .txt .html */
  BF_INPUT_MARKDOWN,  /* CommonMark + GFM footnotes, tables, strikethrough,
                         autolinks; optional YAML front matter */
  BF_INPUT_TEXT,      /* paragraphs separated by blank lines */
  BF_INPUT_HTML
} BfInputFormat;

typedef struct _BfDocument BfDocument;

/* Reads the file at @path.  Returns a new document (free with
 * bf_document_free()), or NULL with @error set: BF_ERROR_IO when the file
 * cannot be read, BF_ERROR_FORMAT for invalid UTF-8 or front matter (the
 * message names the line). */
BF_API BfDocument *bf_document_load (const char     *path,
                                     BfInputFormat   format,
                                     GError        **error);

/* Same as bf_document_load() from memory; @name is used in messages and, with
 * BF_INPUT_AUTO, for the extension.  @data need not be NUL-terminated. */
BF_API BfDocument *bf_document_parse (const char     *data,
                                      gsize           length,
                                      const char     *name,
                                      BfInputFormat   format,
                                      GError        **error);

/* Frees @doc and everything it owns (its strings and warnings); NULL is a
 * no-op.  Layouts made from it must be freed first. */
BF_API void bf_document_free (BfDocument *doc);

/* Adds a user stylesheet (CSS) that cascades after bifolio's defaults and
 * before the document's own <style> elements, in the order added; its
 * url()s (@font-face) are relative to its folder.  Fails with BF_ERROR_IO
 * naming the file when it cannot be read.  A malformed sheet is never an
 * error: bytes that are not UTF-8 are read as U+FFFD (a warning of the
 * document), and what cannot be used is reported as a warning of the
 * layout. */
BF_API gboolean bf_document_add_stylesheet (BfDocument  *doc,
                                            const char  *path,
                                            GError     **error);

/* Lets the document's pictures, sheets and fonts come from @dir too (as
 * pandoc's --resource-path); by default they may come from the document's
 * folder and, when the document lies inside the current folder, from the
 * current folder's tree.  Fails with BF_ERROR_IO when @dir is not a folder. */
BF_API gboolean bf_document_add_resource_path (BfDocument  *doc,
                                               const char  *dir,
                                               GError     **error);

/* The files the document's pictures are read from (<img src>), resolved as
 * layout resolves them: absolute paths, each once, in document order;
 * pictures that cannot be read are left out.  For a watcher.  A new
 * NULL-terminated array; free with g_strfreev(). */
BF_API char **bf_document_list_picture_files (const BfDocument *doc);

/* Sets the document's language (a BCP 47 tag such as "fa" or "en-GB"),
 * overriding the front matter's, the page's or the one inferred from the
 * text; the document's direction follows the language unless it gives
 * one. */
BF_API void bf_document_set_language (BfDocument *doc,
                                      const char *lang);

/* The title: the metadata's, else the file's name without folder and
 * extension.  Owned by @doc. */
BF_API const char *bf_document_get_title (const BfDocument *doc);

/* Metadata by key: "title", "subtitle", "author", "date", "lang", "dir",
 * "identifier"…  Returns a string owned by @doc, or NULL when not set. */
BF_API const char *bf_document_get_metadata (const BfDocument *doc,
                                             const char       *key);

/* Warnings found while reading, as "FILE:LINE:COL: warning: …" lines.
 * Returns a NULL-terminated array owned by @doc (never NULL). */
BF_API const char *const *bf_document_get_warnings (const BfDocument *doc);

/* ------------------------------------------------------------------- Fonts */

typedef struct _BfFonts BfFonts;

/* Makes a private font configuration from the fonts in @font_dir, or from the
 * bundled fonts/ folder when @font_dir is NULL.  Returns a new reference.
 * Nothing changes it afterwards: what a document brings in (its @font-face
 * faces, the system's fonts for characters no bundled font has) stays in
 * that document's layout, so the same document comes out the same whatever
 * was typeset before it with the same BfFonts, in this thread or another. */
BF_API BfFonts *bf_fonts_new (const char *font_dir, GError **error);
/* Adds a reference to @fonts and returns it.  Atomic: any thread may call
 * it. */
BF_API BfFonts *bf_fonts_ref (BfFonts *fonts);

/* Drops a reference; the last one frees the fonts.  NULL is a no-op.
 * Atomic, like bf_fonts_ref(). */
BF_API void     bf_fonts_unref (BfFonts *fonts);

/* ------------------------------------------------------------------ Layout */

typedef enum {
  BF_LINE_BREAKING_OPTIMAL,  /* total fit over the whole paragraph (Knuth–Plass) */
  BF_LINE_BREAKING_GREEDY    /* each line as full as it goes */
} BfLineBreaking;

/* The paper in PostScript points (1/72 in) and how paragraphs are broken
 * into lines.  Margins, and the size unless paper_given, come from the
 * stylesheets' @page rules. */
typedef struct {
  double width, height;
  gboolean paper_given;      /* the size overrides the sheets' @page size */
  BfLineBreaking line_breaking;
} BfPageSetup;

/* Fills @setup with the default: A5 (unless a sheet says otherwise),
 * optimal line breaking. */
BF_API void bf_page_setup_init (BfPageSetup *setup);

/* Parses a paper name (A3 A4 A5 A6 B5 letter legal, any case) or
 * WIDTHxHEIGHT with a unit (mm cm in pt), for example "148x210mm" or
 * "6inx9in".  Sets the size in points and paper_given. */
BF_API gboolean bf_page_setup_set_paper (BfPageSetup  *setup,
                                         const char   *spec,
                                         GError      **error);

/* Parses a length with a unit (mm cm in pt), for example "0.1mm", into
 * points.  Returns FALSE when @text is not one. */
BF_API gboolean bf_length_parse (const char *text, double *points);

typedef struct _BfLayout BfLayout;

/* Styles, shapes, breaks and paginates @doc.  @doc must outlive the layout;
 * @fonts is only read (the layout draws with fonts of its own made from
 * them, and need not outlive it).  Returns a new layout or NULL with
 * @error set. */
BF_API BfLayout *bf_layout_new (BfFonts           *fonts,
                                const BfDocument  *doc,
                                const BfPageSetup *setup,
                                GError           **error);
/* Frees @layout, its pages and the fonts it made; NULL is a no-op.  Its
 * document and BfFonts are left as they are. */
BF_API void bf_layout_free (BfLayout *layout);

/* The number of pages laid out. */
BF_API int bf_layout_get_page_count (const BfLayout *layout);

/* How many threads writing @layout's PDF may use: 1 keeps to the calling
 * thread.  The bytes written are the same whatever the number.  The
 * default is one per processor.  Not thread-safe on one layout. */
BF_API void bf_layout_set_jobs (BfLayout *layout, int jobs);

/* Puts @picture (PNG, JPEG, GIF, WebP or SVG bytes; borrowed) on a page of
 * its own before the first: as large as the page allows, its proportions
 * kept, centred, with no running head or page number.  The pages after it
 * keep the numbers they show; the page count and the outline's pages count
 * it.  Returns TRUE, or FALSE with @error set (BF_ERROR_FORMAT or
 * BF_ERROR_IO) when the picture cannot be read.  Not thread-safe on one
 * layout. */
BF_API gboolean bf_layout_add_cover (BfLayout *layout, GBytes *picture, GError **error);

/* Warnings from layout (characters that needed a system font…), owned by
 * @layout, NULL-terminated. */
BF_API const char *const *bf_layout_get_warnings (const BfLayout *layout);

/* The quality of the paragraphs, over every justified line (stretched or
 * shrunk to the measure; last lines do not count). */
typedef struct {
  int lines;                 /* all lines, those in table cells included */
  int justified_lines;
  double mean_ratio;         /* mean adjustment ratio of the justified lines */
  double worst_ratio;        /* the one farthest from 0 */
  double sum_squared_ratios;
  int loose_lines;           /* ratio above 1 */
  int tight_lines;           /* ratio below -0.5 */
  int ragged_lines;          /* in justified paragraphs but too loose to justify
                                (adjustment ratio above 3): set ragged, their
                                spaces at natural width; not justified lines */
  int hyphenated_lines;
  int consecutive_hyphens;   /* hyphenated lines right after a hyphenated line */
  int overfull_lines;        /* each also reported as a warning with its page */
  /* Where the time went (wall clock, seconds): */
  double style_seconds;      /* reading the sheets and computing every style */
  double layout_seconds;     /* the whole of bf_layout_new(), styles included */
} BfLayoutStats;

/* Fills @stats, owned by the caller, from @layout.  Never fails. */
BF_API void bf_layout_get_stats (const BfLayout *layout, BfLayoutStats *stats);

/* A readable dump of every page's display list, one item a line: the
 * golden-test format.  Returns a newly allocated string. */
BF_API char *bf_layout_dump (const BfLayout *layout);

/* --------------------------------------------------------------- Rendering */

/* Writes the laid-out pages as a PDF: fonts subset and embedded, text
 * extractable, document information, outline from the headings, links.
 * Returns TRUE, or FALSE with @error set: BF_ERROR_IO naming @path when it
 * cannot be written (an earlier file at @path is left as it was),
 * BF_ERROR_LIBRARY when Cairo fails. */
BF_API gboolean bf_layout_write_pdf (const BfLayout *layout,
                                     const char     *path,
                                     GError        **error);

/* The same PDF in memory.  Returns new bytes, or NULL with @error set. */
BF_API GBytes *bf_layout_write_pdf_to_bytes (const BfLayout *layout,
                                             GError        **error);

/* The PDF of some pages only: @pages (numbered from 1, @n_pages of them) in
 * the order given, one to a PDF page.  Links lead only to places on those
 * pages, the outline names only headings on them.  Fails as
 * bf_layout_write_pdf() does, and with BF_ERROR_USAGE for a page the layout
 * does not have. */
BF_API gboolean bf_layout_write_pdf_pages (const BfLayout  *layout,
                                           const int       *pages,
                                           int              n_pages,
                                           const char      *path,
                                           GError         **error);

/* The same in memory.  Returns new bytes, or NULL with @error set. */
BF_API GBytes *bf_layout_write_pdf_pages_to_bytes (const BfLayout  *layout,
                                                   const int       *pages,
                                                   int              n_pages,
                                                   GError         **error);

/* A PDF drawn but not finished: the file as it stands once every page is
 * drawn, before the last pass over it (the tag tree completed, the file
 * compressed and written).  It needs neither the layout nor the document:
 * both may be freed before it is finished. */
typedef struct _BfPdfDraft BfPdfDraft;

/* Draws the PDF of bf_layout_write_pdf_pages() — @pages (numbered from 1,
 * @n_pages of them), or every page when @pages is NULL — into a draft,
 * taking @layout over and freeing it as it goes: each page's display list
 * once the page is drawn, the rest when the drawing ends.  The pages are
 * then not held while the draft is finished, which is where writing a
 * long PDF needs the most memory; this is the lighter way to write a
 * layout that is not needed afterwards.  Returns a new draft, or NULL
 * with @error set (BF_ERROR_USAGE
 * for a page the layout does not have, BF_ERROR_LIBRARY when Cairo fails);
 * @layout is freed in either case. */
BF_API BfPdfDraft *bf_layout_draw_pdf_consume (BfLayout   *layout,
                                               const int  *pages,
                                               int         n_pages,
                                               GError    **error);

/* Lays @doc out as bf_layout_new() does and draws each page into a PDF
 * draft as soon as it is final, letting its display list go: a page is
 * final once the lines after it are known, so only a page or two is held
 * at a time, not the whole book.  (When a margin box shows the page count,
 * counter(pages), no page is final before the last: then every page is
 * laid out first, as bf_layout_draw_pdf_consume() would draw them.)  The
 * draft, set in *@draft, gives the bytes bf_layout_draw_pdf_consume()
 * gives for the layout bf_layout_new() makes; @jobs is as for
 * bf_layout_set_jobs() (0: the default): with two or more, each page is
 * drawn on a thread of its own while the next ones are laid out (@fonts
 * and @doc are only read there).  The draft needs neither the
 * layout nor @doc: free both before finishing it, the step that needs the
 * most memory.  Returns the layout, its pages drawn and empty but its
 * warnings, statistics and page count kept, or NULL with @error set as
 * bf_layout_new() sets it. */
BF_API BfLayout *bf_layout_new_drawing_pdf (BfFonts             *fonts,
                                            const BfDocument    *doc,
                                            const BfPageSetup   *setup,
                                            int                  jobs,
                                            BfPdfDraft         **draft,
                                            GError             **error);

/* Finishes @draft into the file at @path: the bytes bf_layout_write_pdf()
 * (or _pages, or _booklet) would have written from the layout.  A draft
 * is finished once; free it after.  Returns TRUE, or FALSE with @error
 * set as bf_layout_write_pdf() sets it. */
BF_API gboolean bf_pdf_draft_finish (BfPdfDraft  *draft,
                                     const char  *path,
                                     GError     **error);

/* Finishes @draft in memory.  Returns new bytes, or NULL with @error
 * set. */
BF_API GBytes *bf_pdf_draft_finish_to_bytes (BfPdfDraft  *draft,
                                             GError     **error);

/* Frees @draft, finished or not; NULL is a no-op. */
BF_API void bf_pdf_draft_free (BfPdfDraft *draft);

/* Previews: page @page (from 1) of the layout drawn at @dpi pixels per inch
 * (144 makes an A5 page 839 × 1191 pixels, each side rounded to the nearest
 * pixel) on white, from the same display lists as the PDF, and encoded as
 * PNG.  Returns new bytes, or NULL with @error set: BF_ERROR_USAGE when
 * there is no such page, BF_ERROR_LIMIT when a side would exceed 32767
 * pixels. */
BF_API GBytes *bf_layout_write_png_to_bytes (const BfLayout  *layout,
                                             int              page,
                                             double           dpi,
                                             GError         **error);

/* The same preview written to @path (through a temporary renamed into
 * place); fails as bf_layout_write_png_to_bytes() does, or with
 * BF_ERROR_IO naming @path. */
BF_API gboolean bf_layout_write_png (const BfLayout  *layout,
                                     int              page,
                                     double           dpi,
                                     const char      *path,
                                     GError         **error);

/* Booklets: the pages imposed two to a side of each sheet for printing
 * duplex, folding in half and stapling the fold (saddle stitch). */

typedef enum {
  BF_BINDING_AUTO,   /* from the document: right for a right-to-left language */
  BF_BINDING_LEFT,
  BF_BINDING_RIGHT
} BfBinding;

typedef enum {
  BF_DUPLEX_SHORT_EDGE,  /* the printer turns the sheet on its short edge */
  BF_DUPLEX_LONG_EDGE    /* …on its long edge: every back side is rotated 180° */
} BfDuplex;

typedef struct {
  double sheet_width, sheet_height;  /* points; the sheet is used landscape */
  BfBinding binding;
  BfDuplex duplex;
  int signature;                     /* pages per signature, a multiple of 4; 0: one */
  double creep;                      /* points per sheet, inner pages toward the fold */
  gboolean marks;                    /* fold and crop marks outside the pages */
  gboolean keep_back_cover;          /* blanks go before the last page, not after */
} BfBookletOptions;

/* Fills @options with the defaults: A4 sheets, binding from the document,
 * short-edge duplex, one signature, no creep, no marks. */
BF_API void bf_booklet_options_init (BfBookletOptions *options);

/* Checks @options against pages of @setup: the sheet must hold two pages
 * side by side and the signature be a multiple of 4.  BF_ERROR_USAGE. */
BF_API gboolean bf_booklet_options_check (const BfBookletOptions *options,
                                          const BfPageSetup      *setup,
                                          GError                **error);

/* Writes the laid-out pages imposed as a booklet: for n pages (padded with
 * blanks to a multiple of 4), the outer sheet's front holds n and 1, its
 * back 2 and n−1, and so on inward; mirrored for right binding.  Links and
 * the outline point into the imposed sheets.  Fails as
 * bf_layout_write_pdf() does, and with BF_ERROR_USAGE when
 * bf_booklet_options_check() would. */
BF_API gboolean bf_layout_write_booklet (const BfLayout          *layout,
                                         const BfBookletOptions  *options,
                                         const char              *path,
                                         GError                 **error);

/* The same booklet in memory.  Returns new bytes, or NULL with @error set
 * (BF_ERROR_USAGE when @options do not fit the pages). */
BF_API GBytes *bf_layout_write_booklet_to_bytes (const BfLayout          *layout,
                                                 const BfBookletOptions  *options,
                                                 GError                 **error);

/* The same booklet drawn into a draft (finished by bf_pdf_draft_finish()),
 * taking @layout over and freeing it as bf_layout_draw_pdf_consume() does.
 * Returns a new draft, or NULL with @error set (BF_ERROR_USAGE when
 * @options do not fit the pages); @layout is freed in either case. */
BF_API BfPdfDraft *bf_layout_draw_booklet_consume (BfLayout                *layout,
                                                   const BfBookletOptions  *options,
                                                   GError                 **error);

/* The number of sides of sheets (two a sheet) the booklet of @layout under
 * @options takes; 0 when the options do not fit the pages. */
BF_API int bf_layout_get_booklet_side_count (const BfLayout          *layout,
                                             const BfBookletOptions  *options);

/* Previews of a booklet: side @side (from 1; side 2k−1 is the front of
 * sheet k, side 2k its back) of the imposed sheets, as the booklet PDF
 * draws it, at @dpi on white, encoded as PNG (an A4 sheet at 144 dpi is
 * 1684 × 1191 pixels).  Returns new bytes, or NULL with @error set:
 * BF_ERROR_USAGE when @options do not fit the pages or there is no such
 * side, BF_ERROR_LIMIT as bf_layout_write_png_to_bytes(). */
BF_API GBytes *bf_layout_write_booklet_png_to_bytes (const BfLayout          *layout,
                                                     const BfBookletOptions  *options,
                                                     int                      side,
                                                     double                   dpi,
                                                     GError                 **error);

/* The same preview written to @path; fails also with BF_ERROR_IO. */
BF_API gboolean bf_layout_write_booklet_png (const BfLayout          *layout,
                                             const BfBookletOptions  *options,
                                             int                      side,
                                             double                   dpi,
                                             const char              *path,
                                             GError                 **error);

/* ------------------------------------------------------------------ Export */

typedef struct {
  int split_level;            /* a new chapter at each heading of this level or
                                 above; 0: the document's top heading level */
  gboolean embed_fonts;       /* the fonts the book uses, subset to its text */
  gboolean cover;             /* a cover page */
  GBytes *cover_image;        /* its picture (PNG or JPEG), or NULL for the
                                 front matter's cover-image; borrowed */
  const BfLayout *page_list;  /* when not NULL, mark where each page of this
                                 print layout begins and list the pages */
  GPtrArray *warnings;        /* when not NULL, warnings (char*, "FILE: warning: …")
                                 are appended to it; the caller owns it */
} BfEpubOptions;

/* Fills @options with the defaults: split at the top heading level, fonts
 * embedded, a cover, no page list. */
BF_API void bf_epub_options_init (BfEpubOptions *options);

/* Writes @doc as an EPUB 3 with the default options. */
BF_API gboolean bf_document_write_epub (const BfDocument *doc,
                                        const char       *path,
                                        GError          **error);

/* Writes @doc as an EPUB 3 with @options (NULL: the defaults).  A missing
 * cover-image file is BF_ERROR_IO, naming it. */
BF_API gboolean bf_document_write_epub_full (const BfDocument      *doc,
                                             const BfEpubOptions   *options,
                                             const char            *path,
                                             GError               **error);

/* The EPUB in memory (@options may be NULL).  Returns new bytes, or NULL
 * with @error set. */
BF_API GBytes *bf_document_write_epub_to_bytes (const BfDocument    *doc,
                                                const BfEpubOptions *options,
                                                GError             **error);

/* A cover picture drawn from the metadata (title, subtitle, author), set
 * with @fonts by the same direction rules as the text.  Returns new PNG
 * bytes. */
BF_API GBytes *bf_document_render_cover (const BfDocument *doc,
                                         BfFonts          *fonts,
                                         GError          **error);

/* ----------------------------------------------------------------- Version */

/* The library's version, "MAJOR.MINOR.PATCH", a static string.  The
 * shared library's soname changes with MAJOR (libbifolio.so.0). */
BF_API const char *bf_version (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfDocument, bf_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfFonts, bf_fonts_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfLayout, bf_layout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfPdfDraft, bf_pdf_draft_free)

G_END_DECLS

#endif /* BIFOLIO_H */
