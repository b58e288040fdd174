/* pdf-structure.h — the PDF's tag tree (render stage, private): built with
 * Cairo's structure tags while the pages are drawn (pdf-structure.c), then
 * given what Cairo 1.16 cannot write — languages, alt text, table header
 * scopes, artifacts, one element for a paragraph drawn in two parts — by a
 * pass over the finished file (pdf-finish.c). */
#ifndef BF_PDF_STRUCTURE_H
#define BF_PDF_STRUCTURE_H

#include <cairo.h>

#include "layout/layout.h"

/* The structure type page furniture is drawn in.  Cairo 1.16 takes only
 * standard types, and Artifact is not one: pdf-finish.c takes these out of
 * the tree and turns their marked content into /Artifact. */
#define BF_PDF_ARTIFACT "Private"

/* What only a Figure, a Note or a TH has. */
typedef struct {
  char *alt;                 /* a Figure's /Alt, or NULL; owned */
  char *id;                  /* a Note's /ID (PDF/UA asks one of each note): its
                                element's id, or NULL; owned */
  const char *scope;         /* a TH's /Scope: "Column" or "Row", or NULL */
  gboolean has_bbox;
  double bbox[4];            /* a Figure's box on its page, PDF user space:
                                left, bottom, right, top */
} BfPdfElementDetails;

/* One structure element, in the order Cairo's tags began them (which is
 * the order of a depth-first walk of the tree Cairo writes).  Kept for
 * every element until the file is finished, a long book's hundred
 * thousand of them: what few elements have is apart. */
typedef struct {
  const char *type;          /* a PDF 1.7 standard structure type (Link for links,
                                BF_PDF_ARTIFACT for page furniture) */
  const char *lang;          /* its /Lang where it differs from its parent's, or NULL;
                                interned */
  BfPdfElementDetails *details; /* owned, or NULL: none */
  int continues;             /* the element this one goes on with (the same block,
                                begun again after something else was drawn), or -1 */
  int page;                  /* the layout page it was begun on: reading order where
                                the pages are drawn in another (a booklet's sheets) */
} BfPdfElement;

typedef struct _BfPdfStructure BfPdfStructure;

/* Starts the tree of @layout's document on @cr, with its Document element. */
BfPdfStructure *bf_pdf_structure_new (cairo_t *cr, const BfLayout *layout);
void bf_pdf_structure_free (BfPdfStructure *st);

/* Before layout page @index is drawn (in any order: a booklet draws its
 * sheets' pages). */
void bf_pdf_structure_begin_page (BfPdfStructure *st, int index);

/* Before item @index of @items (a page's) is drawn: ends and begins
 * elements so that it is drawn in its own (its block's, a Span in another
 * language, a Figure, or an artifact).  @m maps the page's coordinates to
 * the PDF page's, @page_height tall. */
void bf_pdf_structure_enter_item (BfPdfStructure *st, GArray *items, guint index,
                                  const cairo_matrix_t *m, double page_height);

/* After @item is drawn: ends a picture's Figure, a link's Link. */
void bf_pdf_structure_leave_item (BfPdfStructure *st, const BfDisplayItem *item);

/* Item @index of @items, a link, about to begin its Link tag (Cairo makes
 * it a structure element) in its block.  TRUE when the item after it is
 * its text, which is drawn inside: the caller leaves the tag open, and
 * leaving that item ends it; FALSE: the caller ends the tag at once. */
gboolean bf_pdf_structure_enter_link (BfPdfStructure *st, GArray *items, guint index);

/* After a link's tag was ended at once (@holds_text FALSE): ends what
 * bf_pdf_structure_enter_link began around it. */
void bf_pdf_structure_leave_link (BfPdfStructure *st, gboolean holds_text);

/* At a page's end: ends the elements that never go over a page (spans,
 * figures, artifacts); blocks stay open and go on on the next page. */
void bf_pdf_structure_end_page (BfPdfStructure *st);

/* Ends every element, the Document last. */
void bf_pdf_structure_end (BfPdfStructure *st);

/* The document's language: its lang, or English, as the EPUB's dc:language. */
const char *bf_pdf_document_lang (const BfDocument *doc);

/* The elements begun, in order (BfPdfElement); the Document first. */
const GArray *bf_pdf_structure_get_elements (const BfPdfStructure *st);

/* pdf-finish.c: XMP metadata (ISO 16684-1) with what @doc's information
 * says, for bf_pdf_finish().  Returns a new string. */
char *bf_pdf_xmp_packet (const BfDocument *doc);

/* pdf-finish.c: @length bytes of a page's content (or any stream) with
 * the marked content Cairo began for page furniture begun as /Artifact,
 * deflated.  Returns new bytes, or NULL when zlib fails. */
GBytes *bf_pdf_content_finish (const guint8 *content, gsize length);

/* pdf-finish.c: @pdf, as Cairo wrote it with @elements, made a tagged PDF
 * a reader can use: the elements' languages, alt text, scopes and boxes,
 * artifacts out of the tree, continued elements joined; the catalog's
 * /Lang (@lang, the document's), /MarkInfo, /ViewerPreferences and
 * metadata (@xmp, from bf_pdf_xmp_packet()); /Tabs /S on every page.
 * With @jobs above 1 a second thread rewrites the pages' content
 * meanwhile; the bytes are the same.  The streams @finished names (object
 * numbers; may be NULL) are left as they are: deflated, their artifacts
 * marked, as they were spooled (pdf-spool.c).  Takes @pdf over (it is let
 * go once the new file is made).  Writes the new file to @stream, or into new
 * bytes in *@bytes when @stream is NULL.  Returns TRUE, or FALSE with
 * @error set. */
gboolean bf_pdf_finish (GBytes *pdf, GHashTable *finished, const GArray *elements,
                        const char *lang, const char *xmp, int jobs, FILE *stream,
                        GBytes **bytes, GError **error);

#endif
