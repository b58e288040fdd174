/* image-private.h — what the files of the image stage share: the BfImage
 * structure, the header readers (image-header.c) and the SVG half
 * (image-svg.c). */
#ifndef BF_IMAGE_PRIVATE_H
#define BF_IMAGE_PRIVATE_H

#include "image/image.h"

#include <librsvg/rsvg.h>

/* Invariants: everything above the surfaces is set by loading and never
 * changes; pixel_width/height are the stored raster's (0 for SVG); width and
 * height are CSS px as shown (swapped for orientations 5–8); svg is set
 * exactly when kind is BF_IMAGE_SVG.  The surfaces are made on first use
 * and then kept: pixels holds the decoded raster; jpeg is one pixel that
 * carries the JPEG's bytes as mime data and stands for the whole picture,
 * for targets that embed JPEG as is. */
struct _BfImage {
  gint ref_count;
  BfImageKind kind;
  char *name;                   /* for messages: the reference, shortened */
  GBytes *bytes;
  int pixel_width, pixel_height;
  double width, height;
  int orientation;              /* EXIF 1–8 */
  gboolean jpeg_embeddable;     /* 8-bit grey or YCbCr DCT that a PDF takes as is */
  RsvgHandle *svg;

  cairo_surface_t *pixels;
  cairo_surface_t *jpeg;
  gboolean decode_failed;
};

/* What a raster header says. */
typedef struct {
  int width, height;            /* stored pixels */
  double dpi_x, dpi_y;          /* the file's own resolution, 0 when it has none */
  int orientation;              /* EXIF 1–8 (1 when absent) */
  gboolean embeddable;          /* JPEG: fit to embed as is */
} BfImageHeader;

/* image-header.c: each reads the header of a file of its kind, or fails with
 * BF_ERROR_FORMAT naming @name. */
gboolean bf_image_read_png_header (const guint8 *data, gsize size, const char *name,
                                   BfImageHeader *header, GError **error);
gboolean bf_image_read_jpeg_header (const guint8 *data, gsize size, const char *name,
                                    BfImageHeader *header, GError **error);
gboolean bf_image_read_gif_header (const guint8 *data, gsize size, const char *name,
                                   BfImageHeader *header, GError **error);
/* Any kind a gdk-pixbuf loader reads (WebP): decodes to learn the size. */
gboolean bf_image_read_pixbuf_header (GBytes *bytes, const char *loader, const char *name,
                                      BfImageHeader *header, GError **error);

/* image-svg.c: parses @image->bytes into image->svg and sets its size.
 * @base_file (may be NULL) is where relative references inside it are
 * resolved. */
gboolean bf_image_svg_load (BfImage *image, const char *base_file, GError **error);
/* Draws the SVG fitted into the rectangle. */
void bf_image_svg_draw (BfImage *image, cairo_t *cr, double x, double y, double width,
                        double height);

#endif
