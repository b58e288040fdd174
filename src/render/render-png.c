/* render-png.c — previews: one laid-out page drawn on a Cairo image surface
 * at a chosen resolution and encoded as PNG.  It draws the same display
 * lists as the PDF writer (bf_render_page_items): nothing is laid out
 * again, and a page looks as it does in the PDF, less links. */
#include "render/render.h"

#include <math.h>

/* Cairo's image surfaces hold at most 32767 pixels a side. */
#define PNG_MAX_SIDE 32767

static cairo_status_t
append_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The page's size in pixels at @dpi, rounded to the nearest pixel. */
static void
pixel_size (const BfLayout *layout, double dpi, int *width, int *height)
{
  *width = (int) lround (layout->setup.width * dpi / 72.0);
  *height = (int) lround (layout->setup.height * dpi / 72.0);
}

GBytes *
bf_layout_write_png_to_bytes (const BfLayout *layout, int page, double dpi, GError **error)
{
  g_return_val_if_fail (layout != NULL, NULL);
  int n_pages = (int) layout->pages->len;
  if (page < 1 || page > n_pages)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE, "there is no page %d (the document has %d)",
                   page, n_pages);
      return NULL;
    }
  int width, height;
  pixel_size (layout, dpi, &width, &height);
  if (!(dpi > 0) || width < 1 || height < 1 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%g dpi makes pages of %d × %d pixels; a side must be 1 to %d", dpi, width,
                   height, PNG_MAX_SIDE);
      return NULL;
    }
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  /* As in the PDF: an SVG picture's text comes from the document's fonts. */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (layout->fonts->font_map));
  bf_render_page_items (cr, layout->pages->pdata[page - 1], NULL);
  pango_cairo_font_map_set_default (NULL);
  cairo_status_t status = cairo_status (cr);
  cairo_destroy (cr);
  GByteArray *png = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "page %d: cannot draw the PNG: %s", page,
                   cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

gboolean
bf_layout_write_png (const BfLayout *layout, int page, double dpi, const char *path,
                     GError **error)
{
  g_return_val_if_fail (layout && path, FALSE);
  g_autoptr (GBytes) png = bf_layout_write_png_to_bytes (layout, page, dpi, error);
  return png && bf_atomic_file_write_bytes (path, png, error);
}
