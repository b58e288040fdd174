/* image-svg.c — SVG pictures through librsvg: parsed once at load, sized
 * from their width and height (CSS px at 96 per inch) or viewBox, and drawn
 * as vectors onto whatever Cairo surface draws them, so a PDF keeps them as
 * paths and text (https://www.w3.org/TR/SVG2/coords.html#SizingSVGInCSS). */
#include "image/image-private.h"

#include <gio/gio.h>

/* A replaced element's size when nothing else gives one (CSS 2 §10.3.2). */
#define DEFAULT_WIDTH 300.0
#define DEFAULT_HEIGHT 150.0

static void
set_size (BfImage *image)
{
  double w = 0, h = 0;
  if (rsvg_handle_get_intrinsic_size_in_pixels (image->svg, &w, &h) && w > 0 && h > 0)
    {
      image->width = w;
      image->height = h;
      return;
    }
  gboolean has_w, has_h, has_viewbox;
  RsvgLength lw, lh;
  RsvgRectangle viewbox;
  rsvg_handle_get_intrinsic_dimensions (image->svg, &has_w, &lw, &has_h, &lh, &has_viewbox,
                                        &viewbox);
  if (has_viewbox && viewbox.width > 0 && viewbox.height > 0)
    {
      image->width = viewbox.width;
      image->height = viewbox.height;
    }
  else
    {
      image->width = DEFAULT_WIDTH;
      image->height = DEFAULT_HEIGHT;
    }
}

gboolean
bf_image_svg_load (BfImage *image, const char *base_file, GError **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (image->bytes);
  g_autoptr (GFile) base = base_file ? g_file_new_for_path (base_file) : NULL;
  g_autoptr (GError) local = NULL;
  /* KEEP_IMAGE_DATA: JPEGs inside the SVG reach the PDF as they are. */
  image->svg = rsvg_handle_new_from_stream_sync (stream, base, RSVG_HANDLE_FLAG_KEEP_IMAGE_DATA,
                                                 NULL, &local);
  if (!image->svg)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a damaged SVG picture: %s",
                   image->name, local ? local->message : "librsvg cannot read it");
      return FALSE;
    }
  rsvg_handle_set_dpi (image->svg, 96);
  set_size (image);
  return TRUE;
}

void
bf_image_svg_draw (BfImage *image, cairo_t *cr, double x, double y, double width, double height)
{
  RsvgRectangle viewport = { x, y, width, height };
  cairo_save (cr);
  /* Inside its box, as a browser clips a picture (and an inline <svg>):
   * what the drawing puts outside its viewport does not cover the text
   * around it. */
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  /* librsvg fits the viewBox into the viewport as preserveAspectRatio says;
   * a failure (a loop of <use>, say) leaves the rectangle as drawn so far. */
  rsvg_handle_render_document (image->svg, cr, &viewport, NULL);
  cairo_restore (cr);
}
