/* image-draw.c — drawing pictures with Cairo.  Each picture becomes one
 * cairo_surface_t on first use, kept for every later drawing and tagged
 * with CAIRO_MIME_TYPE_UNIQUE_ID (a hash of its bytes), so a PDF embeds it
 * once.  A JPEG bound for a surface that embeds JPEG as is (PDF, PostScript,
 * SVG) is a one-pixel raster carrying its bytes as CAIRO_MIME_TYPE_JPEG: no
 * decoding, no recompression, no memory for pixels.  Other rasters are decoded by gdk-pixbuf.
 * EXIF orientation is a transform at drawing time (EXIF 2.32 §4.6.4,
 * table of Orientation values). */
#include "image/image-private.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

static void
set_unique_id (BfImage *image, cairo_surface_t *surface, const char *variant)
{
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image->bytes);
  char *id = g_strdup_printf ("bifolio-image-%s-%s", variant, hash);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_UNIQUE_ID, (const guchar *) id,
                               strlen (id), g_free, id);
}

/* The pixbuf's pixels as a Cairo image surface: premultiplied ARGB32 when it
 * has alpha, RGB24 otherwise (Cairo's native-endian 32-bit words). */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || channels < 3)
    return NULL;
  cairo_surface_t *surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32
                                                               : CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *dst = cairo_image_surface_get_data (surface);
  int dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * src_stride;
      guint32 *d = (guint32 *) (dst + (gsize) y * dst_stride);
      for (int x = 0; x < w; x++, s += channels)
        {
          guint a = alpha ? s[3] : 255;
          guint r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;
          d[x] = a << 24 | r << 16 | g << 8 | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Decodes the picture's pixels (a GIF's first frame). */
static cairo_surface_t *
decode (BfImage *image)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean ok = gdk_pixbuf_loader_write_bytes (loader, image->bytes, NULL);
  ok = gdk_pixbuf_loader_close (loader, NULL) && ok;
  GdkPixbuf *pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || !pixbuf || gdk_pixbuf_get_width (pixbuf) != image->pixel_width
      || gdk_pixbuf_get_height (pixbuf) != image->pixel_height)
    return NULL;
  return surface_from_pixbuf (pixbuf);
}

/* A one-pixel raster carrying the JPEG's bytes: what a PDF surface embeds
 * as a DCT image, at the JPEG's own size, mapped onto the unit square the
 * raster covers.  Its pixel is never read there, and Cairo's snapshot of
 * it costs four bytes rather than four a pixel of the picture. */
static cairo_surface_t *
jpeg_surface (BfImage *image)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  gsize size;
  const guchar *data = g_bytes_get_data (image->bytes, &size);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, data, size,
                               (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (image->bytes));
  return surface;
}

/* The surface to paint on @target, made on first use, or NULL when the pixels cannot be decoded. */
static cairo_surface_t *
get_surface (BfImage *image, cairo_surface_t *target)
{
  if (image->kind == BF_IMAGE_JPEG && image->jpeg_embeddable
      && cairo_surface_supports_mime_type (target, CAIRO_MIME_TYPE_JPEG))
    {
      if (!image->jpeg && (image->jpeg = jpeg_surface (image)))
        set_unique_id (image, image->jpeg, "jpeg");
      return image->jpeg;
    }
  if (!image->pixels && !image->decode_failed)
    {
      image->pixels = decode (image);
      if (image->pixels)
        set_unique_id (image, image->pixels, "pixels");
      else
        image->decode_failed = TRUE;
    }
  return image->pixels;
}

/* The matrix that takes stored pixel (u, v) to the upright picture's
 * pixels, for EXIF orientation @o of a @pw × @ph raster. */
static void
orientation_matrix (int o, double pw, double ph, cairo_matrix_t *m)
{
  /*                              xx  yx  xy  yy  x0  y0 */
  switch (o)
    {
    case 2: cairo_matrix_init (m, -1, 0, 0, 1, pw, 0); break;   /* mirrored */
    case 3: cairo_matrix_init (m, -1, 0, 0, -1, pw, ph); break; /* half turn */
    case 4: cairo_matrix_init (m, 1, 0, 0, -1, 0, ph); break;   /* flipped */
    case 5: cairo_matrix_init (m, 0, 1, 1, 0, 0, 0); break;     /* transposed */
    case 6: cairo_matrix_init (m, 0, 1, -1, 0, ph, 0); break;   /* stored a quarter turn left */
    case 7: cairo_matrix_init (m, 0, -1, -1, 0, ph, pw); break; /* transversed */
    case 8: cairo_matrix_init (m, 0, -1, 1, 0, 0, pw); break;   /* stored a quarter turn right */
    default: cairo_matrix_init_identity (m); break;
    }
}

static void
draw_raster (BfImage *image, cairo_surface_t *surface, cairo_t *cr, double x, double y,
             double width, double height)
{
  double pw = image->pixel_width, ph = image->pixel_height;
  gboolean quarter_turn = image->orientation >= 5;
  double shown_w = quarter_turn ? ph : pw, shown_h = quarter_turn ? pw : ph;
  cairo_matrix_t m;
  orientation_matrix (image->orientation, pw, ph, &m);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width / shown_w, height / shown_h);
  cairo_transform (cr, &m);
  /* The JPEG carrier is one pixel standing for all of them. */
  if (surface == image->jpeg)
    cairo_scale (cr, pw, ph);
  /* EXTEND_NONE, the default: Cairo's PDF writer pads other extends into a
   * new raster, which would decode and recompress a JPEG. */
  cairo_set_source_surface (cr, surface, 0, 0);
  /* A filled rectangle, not cairo_paint: Cairo 1.16's tagged PDF fails
   * ("invalid nesting") when a paint is the first thing drawn. */
  if (surface == image->jpeg)
    cairo_rectangle (cr, 0, 0, 1, 1);
  else
    cairo_rectangle (cr, 0, 0, pw, ph);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
bf_image_draw (cairo_t *cr, BfImage *image, double x, double y, double width, double height)
{
  g_return_if_fail (cr && image);
  if (!(width > 0 && height > 0))
    return;
  if (image->kind == BF_IMAGE_SVG)
    bf_image_svg_draw (image, cr, x, y, width, height);
  else
    {
      cairo_surface_t *surface = get_surface (image, cairo_get_target (cr));
      if (surface)
        draw_raster (image, surface, cr, x, y, width, height);
    }
}
