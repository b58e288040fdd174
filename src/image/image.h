/* image.h — the image stage: pictures loaded, sized, cached and drawn.
 *
 * A picture is named the way a document names it: a file path (relative to
 * the document's folder), a file: URI, or a data: URI (base64 or
 * percent-encoded).  Network addresses are refused, never fetched.
 *
 * Loading reads the file's bytes and its header only: its kind, its size in
 * pixels, its own resolution when it declares one (PNG pHYs, JPEG JFIF
 * density) and a JPEG's EXIF orientation.  Pixels are decoded when the
 * picture is first drawn, once, into one cairo_surface_t that every later
 * drawing reuses, so a PDF embeds each picture once however often it is
 * drawn:
 *
 *   - JPEG goes into a PDF as its own bytes (DCT, no recompression), turned
 *     upright by the drawing transform when EXIF says it is stored turned;
 *   - PNG, GIF (its first frame) and WebP (when a gdk-pixbuf loader for it
 *     is installed) are decoded, alpha kept;
 *   - SVG is drawn as vectors by librsvg, never rasterised.
 *
 * Threads: like every bifolio object, images and caches belong to the
 * thread that typesets their document (one cache per document).  Drawing
 * the same BfImage from two threads at once is not safe, and a lock here
 * would not make it so: each PDF surface attaches snapshots to the one
 * shared source surface, and Cairo does not promise that is safe across
 * threads.  The reference count is atomic all the same, so a reference may
 * be dropped on any thread.
 */
#ifndef BF_IMAGE_H
#define BF_IMAGE_H

#include <cairo.h>

#include "common/common.h"

typedef enum {
  BF_IMAGE_PNG,
  BF_IMAGE_JPEG,
  BF_IMAGE_GIF,
  BF_IMAGE_WEBP,
  BF_IMAGE_SVG
} BfImageKind;

typedef struct _BfImage BfImage;

/* Loads the picture @reference names: a path (relative ones are taken from
 * @base_dir, or from the working folder when @base_dir is NULL), a file:
 * URI or a data: URI.  Returns a new reference, or NULL with @error set:
 * BF_ERROR_IO "FILE: cannot read the picture: …" for a missing or unreadable
 * file; BF_ERROR_UNSUPPORTED "FILE: not a picture bifolio reads" for any
 * other content, and for network addresses; BF_ERROR_FORMAT for a picture
 * whose header is damaged or a malformed data: URI; BF_ERROR_LIMIT for one
 * larger than 32767 pixels a side or 10⁸ pixels in all, or a file over
 * 256 MB. */
BfImage *bf_image_load (const char *reference, const char *base_dir, GError **error);

/* @reference as messages name it (newly allocated): a data: URI cut
 * short after 40 characters, anything else as it is. */
char *bf_image_reference_name (const char *reference);

/* The same from bytes already in memory; @name is used in messages. */
BfImage *bf_image_load_bytes (GBytes *bytes, const char *name, GError **error);

BfImage *bf_image_ref (BfImage *image);
/* Drops a reference; NULL is a no-op. */
void bf_image_unref (BfImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfImage, bf_image_unref)

BfImageKind bf_image_get_kind (const BfImage *image);

/* "png", "jpeg", "gif", "webp", "svg". */
const char *bf_image_kind_to_string (BfImageKind kind);

/* The picture's intrinsic size in CSS px (1/96 in) as it is shown: pixels
 * at 96 per inch, or at the file's own resolution when it declares one; an
 * SVG's width and height (its viewBox when it has neither, 300 × 150 px
 * when it has no viewBox either).  Width and height are swapped for a JPEG
 * stored a quarter turn from upright (EXIF orientation 5 to 8). */
void bf_image_get_size (const BfImage *image, double *width, double *height);

/* The size of the stored raster in pixels (before any EXIF turn); 0 × 0
 * for SVG. */
void bf_image_get_pixel_size (const BfImage *image, int *width, int *height);

/* A JPEG's EXIF orientation, 1 (upright) to 8; 1 for every other kind. */
int bf_image_get_orientation (const BfImage *image);

/* The bytes the picture was loaded from (borrowed). */
GBytes *bf_image_get_bytes (const BfImage *image);

/* Draws @image upright into the rectangle at (@x, @y) (top-left) of
 * @width × @height user units on @cr, stretched to fill it.  Drawing is
 * silent: a picture whose pixels fail to decode leaves its rectangle empty
 * and puts @cr in no error state. */
void bf_image_draw (cairo_t *cr, BfImage *image, double x, double y, double width,
                    double height);

/* ---------------------------------------------------------------- cache */

typedef struct _BfImageCache BfImageCache;

BfImageCache *bf_image_cache_new (void);
void bf_image_cache_free (BfImageCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfImageCache, bf_image_cache_free)

/* As bf_image_load(), but each picture is loaded once: files are keyed by
 * their canonical path (symbolic links resolved), data: URIs by a hash of
 * their text.  Returns a new reference to the cached image.  Failures are
 * not cached. */
BfImage *bf_image_cache_load (BfImageCache *cache, const char *reference, const char *base_dir,
                              GError **error);

/* How many distinct pictures the cache holds. */
guint bf_image_cache_get_size (BfImageCache *cache);

#endif
