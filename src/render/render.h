/* render.h — the render stage: draws a layout's pages with Cairo into a PDF,
 * one page to a PDF page or imposed onto booklet sheets, or into PNG
 * previews (render-png.c).  Nothing here lays out; it only reads the display
 * lists. */
#ifndef BF_RENDER_H
#define BF_RENDER_H

#include <cairo.h>

#include "layout/layout.h"
#include "render/pdf-spool.h"

/* A PDF being written.  Invariants: output_page is the 1-based number of the
 * PDF page being drawn; placed[i], for i < n_placed, says where layout page
 * i was drawn (its output page, 0 when not drawn yet, and the matrix from
 * its coordinates to that page's).  When the writer has taken its layout
 * over (owned_layout), draws_left[i] counts the drawings of page i still
 * to come; at 0 its display list is freed, and the layout itself once the
 * drawing ends.  A writer drawing each page as it is laid out (streaming)
 * frees each page's display list once it is drawn. */
typedef struct _BfPdfStructure BfPdfStructure;

typedef struct {
  const BfLayout *layout;
  BfLayout *owned_layout;   /* the same layout when the writer took it over, else NULL */
  int *draws_left;          /* per layout page, when owned_layout is set */
  BfLayout *streamed_layout; /* the layout being laid out as it is drawn, or NULL */
  int pages_released;       /* display lists freed so far */
  BfAtomicFile *file;       /* the output file, or NULL when writing to bytes */
  BfPdfSpool *spool;        /* what Cairo writes */
  double page_height;
  BfPdfStructure *structure; /* the tag tree being drawn */
  cairo_surface_t *surface;
  cairo_t *cr;
  GHashTable *dests;        /* every destination name in the layout (its anchors,
                               referenced: known before the first page is drawn) */
  GHashTable *emitted;      /* those already written (owned copies) */
  GHashTable *pictures;     /* BfImage* drawn on the current output page */
  int output_page;
  struct {
    int output_page;
    cairo_matrix_t matrix;
  } *placed;
  guint n_placed;
} BfPdfWriter;

/* A PDF drawn but not finished: the file as Cairo wrote it, spooled, and
 * the tag tree drawn into it, which bf_pdf_finish() completes.  It holds
 * nothing of the layout or of the document. */
struct _BfPdfDraft {
  cairo_surface_t *surface; /* Cairo's, every page drawn but the file not yet
                               finished, or NULL once it is */
  BfPdfSpool *spool;        /* where the surface writes, until it is finished */
  BfFonts *fonts;           /* what it drew with, kept until it is finished */
  GBytes *cairo_pdf;        /* Cairo's file, once finished */
  GHashTable *finished;     /* streams the spool deflated (object numbers) */
  BfPdfStructure *structure;
  char *lang;               /* the document's language, for the catalog */
  char *xmp;                /* its metadata (bf_pdf_xmp_packet) */
  char *path;               /* where it goes, for messages */
  int jobs;                 /* threads the finishing pass may use */
};

/* Starts a PDF of @width × @height point pages at a temporary beside @path,
 * or in memory when @path is NULL. */
BfPdfWriter *bf_pdf_writer_new (const BfLayout *layout, const char *path, double width,
                                double height, GError **error);

/* Starts a PDF in memory, as bf_pdf_writer_new(), that takes @layout over:
 * each page's display list is freed after its last drawing (one each,
 * unless bf_pdf_writer_set_draws() says otherwise), the rest of the layout
 * by bf_pdf_writer_end_draft() or bf_pdf_writer_free(). */
BfPdfWriter *bf_pdf_writer_new_consume (BfLayout *layout, double width, double height);

/* Says that layout page @index will be drawn @draws times in all (0: not at
 * all), for a writer that took its layout over. */
void bf_pdf_writer_set_draws (BfPdfWriter *writer, int index, int draws);

/* Draws layout page @index onto the current PDF page through @matrix (layout
 * page coordinates to PDF page coordinates), clipped to @clip (PDF page
 * coordinates, before the rotation of @base) when not NULL.  @base is the
 * matrix of the whole PDF page side (a 180° turn for long-edge backs). */
void bf_pdf_writer_draw_page (BfPdfWriter *writer, int index, const cairo_matrix_t *base,
                              double x, double y, const cairo_rectangle_t *clip);

/* Ends the current PDF page and starts the next. */
void bf_pdf_writer_next_page (BfPdfWriter *writer);

/* Ends the drawing: the outline added, Cairo's file finished, a layout the
 * writer took over freed.  Returns the draft (the writer is left with
 * nothing to do but be freed), or NULL with @error set. */
BfPdfDraft *bf_pdf_writer_end_draft (BfPdfWriter *writer, GError **error);

/* bf_pdf_writer_end_draft (), but Cairo's file is finished only with the
 * draft (bf_pdf_draft_finish ()): the layout and its document may be let
 * go first, as Cairo needs only the fonts, which the draft keeps. */
BfPdfDraft *bf_pdf_writer_end_drawing (BfPdfWriter *writer);

/* Adds the outline, finishes the PDF and renames it into place. */
gboolean bf_pdf_writer_close (BfPdfWriter *writer, GError **error);

/* For a writer in memory: finishes it and returns the PDF's bytes. */
GBytes *bf_pdf_writer_close_to_bytes (BfPdfWriter *writer, GError **error);

/* Discards an unfinished PDF (no file is left behind). */
void bf_pdf_writer_free (BfPdfWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfPdfWriter, bf_pdf_writer_free)

/* Draws @item on @cr (nothing for links and destinations). */
void bf_render_item (cairo_t *cr, const BfDisplayItem *item, GHashTable *pictures);

/* glyph-text.c: draws the shaped run @shaped of @text (a GRefString,
 * as display items hold) with its baseline origin at (@x, @y), its glyphs
 * and their text left to right, so that text extractors read it back in
 * logical order with its spaces. */
void bf_render_glyph_run (cairo_t *cr, const char *text, const BfGlyphRun *shaped, double x,
                          double y);

/* Whether bf_render_glyph_run() has Pango draw @shaped (no glyphs, no
 * Cairo font, or a missing glyph's hex box), which calls into Pango's
 * font map. */
gboolean bf_glyph_run_drawn_by_pango (const BfGlyphRun *shaped);

/* Draws the items of @page on @cr (no links or destinations).  @pictures,
 * when not NULL, holds the pictures already drawn on the output page (and
 * gets those drawn now). */
void bf_render_page_items (cairo_t *cr, const BfPage *page, GHashTable *pictures);

/* impose.c: the saddle-stitch order.  Returns four layout page indices per
 * sheet — front left, front right, back left, back right — with -1 for a
 * blank, for @n_pages pages in signatures of @signature pages (0: one
 * signature), bound on the right when @right_binding. */
GArray *bf_booklet_page_order (int n_pages, int signature, gboolean right_binding,
                               gboolean keep_back_cover);

/* impose.c: draws side @side (from 0) of the booklet's sheets on @cr, in
 * points with the sheet's top left corner at the origin, and gives the
 * sheet's size; with @cr NULL, only the size.  Placing the pages takes time
 * in proportion to the page count.  FALSE with @error set (BF_ERROR_USAGE)
 * when the options do not fit. */
gboolean bf_booklet_draw_side (cairo_t *cr, const BfLayout *layout,
                               const BfBookletOptions *options, int side, double *sheet_w,
                               double *sheet_h, GError **error);

#endif
