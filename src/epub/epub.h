/* epub.h — the EPUB stage: the document tree as XHTML chapters with a
 * package document, navigation, stylesheet, fonts and cover, zipped with
 * libzip. */
#ifndef BF_EPUB_H
#define BF_EPUB_H

#include "read/read.h"
#include "style/style.h"

typedef struct {
  char *file_name;        /* "chapter-001.xhtml" */
  char *title;
  xmlDocPtr xhtml;        /* the chapter as an XHTML tree */
} BfChapter;

typedef struct {
  int level;              /* heading level */
  char *title;
  char *href;             /* "chapter-002.xhtml#sec-4" */
} BfNavEntry;

/* Where a printed page begins: before @node (an element of the document
 * tree), for the page list. */
typedef struct {
  int page;               /* 1-based */
  xmlNodePtr node;
} BfPageStart;

/* A file of the publication besides the chapters and the navigation. */
typedef struct {
  char *path;             /* inside OEBPS/ */
  GBytes *data;
  const char *media_type;
  char *id;
  const char *properties; /* "cover-image", or NULL */
} BfEpubItem;

BfEpubItem *bf_epub_item_new (char *path, GBytes *data, const char *media_type);
void bf_epub_item_free (BfEpubItem *item);

typedef struct {
  int split_level;
  gboolean embed_fonts;
  gboolean cover;
  GBytes *cover_image;    /* borrowed; NULL: the front matter's cover-image */
  GArray *page_starts;    /* BfPageStart, or NULL for no page list */
  GPtrArray *warnings;    /* where warnings go (char*), or NULL */
} BfEpubSettings;

/* The whole EPUB in memory. */
GBytes *bf_epub_build (const BfDocument *doc, const BfEpubSettings *settings, GError **error);

/* xhtml.c: splits @doc at headings of @split_level and above (0: its top
 * level) into chapters (BfChapter*), fills @nav with its headings
 * (BfNavEntry) and marks the page starts, filling @pages (BfNavEntry,
 * level = page number).  @digits (or NULL) gives text nodes of @doc new
 * text (-bf-digits, bf_styler_convert_digits()). */
GPtrArray *bf_epub_make_chapters (const BfDocument *doc, int split_level, GArray *page_starts,
                                  GArray *nav, GArray *pages, GHashTable *languages,
                                  GHashTable *digits, GPtrArray *warnings);
char *bf_epub_serialize_xhtml (xmlDocPtr xhtml, gsize *length);
void bf_chapter_free (BfChapter *chapter);
BfChapter *bf_epub_cover_page (const BfDocument *doc, const char *image_path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfChapter, bf_chapter_free)

/* sanitize.c: makes chapters valid EPUB 3 content.  One sanitizer serves
 * a whole book, so that ids are unique across its chapters. */
typedef struct _BfSanitizer BfSanitizer;
BfSanitizer *bf_sanitizer_new (const char *doc_name);
void bf_sanitizer_free (BfSanitizer *sanitizer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfSanitizer, bf_sanitizer_free)
/* Cleans @body's subtree in place: allowed elements and attributes only,
 * nesting repaired, ids valid and unique in the book. */
void bf_sanitizer_clean (BfSanitizer *sanitizer, xmlNodePtr body);
/* The id now held by the first element whose id was written @written, or
 * NULL (lent). */
const char *bf_sanitizer_lookup_id (const BfSanitizer *sanitizer, const char *written);
/* Lets links reach @heading (whose id is @id) by the anchor GitHub and
 * other Markdown sites derive from its text. */
void bf_sanitizer_add_heading_anchor (BfSanitizer *sanitizer, xmlNodePtr heading, const char *id);
/* Reserves @id for a generated element; FALSE when it is taken. */
gboolean bf_sanitizer_claim_id (BfSanitizer *sanitizer, const char *id);
/* Notes a change at @where (for its line): one warning per @kind (NULL:
 * per distinct message), worded as the first, with the count. */
void bf_sanitizer_report (BfSanitizer *sanitizer, xmlNodePtr where, const char *kind,
                          const char *format, ...) G_GNUC_PRINTF (4, 5);
/* TRUE for a language tag as EPUB takes it (BCP 47 in outline), or "". */
gboolean bf_is_language_tag (const char *tag);
/* Appends "NAME:LINE: warning: …" for each kind of change to @warnings. */
void bf_sanitizer_take_warnings (BfSanitizer *sanitizer, GPtrArray *warnings);

/* An SVG picture less what an SVG content document may not hold (scripts,
 * stray text) and the elements that draw files from outside it, counted in
 * *@dropped; NULL when it is not well-formed SVG.  Returns new bytes. */
GBytes *bf_sanitize_svg (GBytes *data, guint *dropped);

/* fonts.c: the fonts the text uses (by the styles of @styler, the
 * document's cascade) and those of the sheets' @font-face rules, subset,
 * as items; their @font-face rules are appended to @css, and the families
 * of the fallback faces among them (char*) to @fallback_families, for the
 * sheets' font-family lists to name. */
typedef struct _BfStyler BfStyler;
GPtrArray *bf_epub_embed_fonts (const BfDocument *doc, const BfStyler *styler, GHashTable *digits,
                                GString *css, GPtrArray *fallback_families);

/* package.c: the package document, the navigation document, the NCX. */
typedef struct {
  GPtrArray *chapters;    /* BfChapter*, in reading order */
  GPtrArray *items;       /* BfEpubItem*: stylesheet, fonts, cover image */
  BfChapter *cover;       /* or NULL */
  GArray *nav;            /* BfNavEntry */
  GArray *pages;          /* BfNavEntry: the page list, may be empty */
  GHashTable *languages;
  gboolean rtl;
  char *identifier;
  guint n_pictures;             /* pictures in the book, its cover included */
  guint n_pictures_without_alt; /* of those, the ones with no or blank alt text */
} BfPublication;

char *bf_epub_package_document (const BfDocument *doc, const BfPublication *pub);
char *bf_epub_nav_document (const BfDocument *doc, const BfPublication *pub);
char *bf_epub_ncx_document (const BfDocument *doc, const BfPublication *pub);
char *bf_epub_identifier (const BfDocument *doc);
/* The document's language when it is a language tag, else NULL (lent). */
const char *bf_epub_get_language (const BfDocument *doc);
/* The book's language: the document's, else "en", as dc:language says (lent). */
const char *bf_epub_get_book_language (const BfDocument *doc);

/* accessibility.c: appends the EPUB Accessibility 1.1 metadata to @o, an
 * OPF <metadata> element being written. */
void bf_epub_append_accessibility (GString *o, const BfDocument *doc, const BfPublication *pub);
/* With a page list, appends dc:source naming the print edition (the front
 * matter's source, else the book's identifier) as the pagination's source. */
void bf_epub_append_page_source (GString *o, const BfDocument *doc, const BfPublication *pub);
/* "rtl" or "ltr" as the document's dir says, else "rtl" when its language
 * is written right to left, else NULL. */
const char *bf_epub_get_direction (const BfDocument *doc);

/* The value of SOURCE_DATE_EPOCH, else now. */
gint64 bf_epub_timestamp (void);

#endif
