/* epub.h — the EPUB stage: the document tree as XHTML chapters with a
 * package document, navigation and stylesheet, zipped with libzip. */
#ifndef BF_EPUB_H
#define BF_EPUB_H

#include "read/read.h"

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

/* xhtml.c: splits @doc at its top-level headings into chapters (BfChapter*)
 * and fills @nav with its headings (BfNavEntry). */
GPtrArray *bf_epub_make_chapters (const BfDocument *doc, GArray *nav, GHashTable *languages);
char *bf_epub_serialize_xhtml (xmlDocPtr xhtml, gsize *length);
void bf_chapter_free (BfChapter *chapter);

/* package.c: the package document and the navigation document. */
char *bf_epub_package_document (const BfDocument *doc, GPtrArray *chapters,
                                GHashTable *languages, gboolean rtl);
char *bf_epub_nav_document (const BfDocument *doc, GArray *nav);

/* The value of SOURCE_DATE_EPOCH, else now. */
gint64 bf_epub_timestamp (void);

#endif
