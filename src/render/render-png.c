/* render-png.c — previews: one laid-out page drawn on a Cairo image surface
 * at a chosen resolution and encoded as PNG.  It draws the same display
 * lists as the PDF writer (bf_render_page_items): nothing is laid out
 * again, and a page looks as it does in the PDF, less links.  Booklet
 * previews draw the imposed sides of the sheets (impose.c places the
 * pages). */
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

/* Starts a white picture of @width × @height points at @dpi, its
 * coordinates in points.  Returns NULL with @error set when a side would
 * have no pixel or more than Cairo allows. */
static cairo_t *
png_begin (const BfLayout *layout, double width, double height, double dpi, GError **error)
{
  long pixels_w = lround (width * dpi / 72.0), pixels_h = lround (height * dpi / 72.0);
  if (!(dpi > 0) || pixels_w < 1 || pixels_h < 1 || pixels_w > PNG_MAX_SIDE
      || pixels_h > PNG_MAX_SIDE)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%g dpi makes pictures of %ld × %ld pixels; a side must be 1 to %d", dpi,
                   pixels_w, pixels_h, PNG_MAX_SIDE);
      return NULL;
    }
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) pixels_w,
                                                         (int) pixels_h);
  cairo_t *cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  /* As in the PDF: an SVG picture's text comes from the document's fonts. */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (layout->fonts->font_map));
  return cr;
}

/* Finishes the picture @cr holds and encodes it.  Returns new PNG bytes, or
 * NULL with @error set. */
static GBytes *
png_end (cairo_t *cr, const char *what, GError **error)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_status_t status = cairo_status (cr);
  GByteArray *png = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (cairo_get_target (cr), append_to_bytes, png);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "%s: cannot draw the PNG: %s", what,
                   cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
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
  cairo_t *cr = png_begin (layout, layout->setup.width, layout->setup.height, dpi, error);
  if (!cr)
    return NULL;
  bf_render_page_items (cr, layout->pages->pdata[page - 1], NULL);
  g_autofree char *what = g_strdup_printf ("page %d", page);
  return png_end (cr, what, error);
}

gboolean
bf_layout_write_png (const BfLayout *layout, int page, double dpi, const char *path,
                     GError **error)
{
  g_return_val_if_fail (layout && path, FALSE);
  g_autoptr (GBytes) png = bf_layout_write_png_to_bytes (layout, page, dpi, error);
  return png && bf_atomic_file_write_bytes (path, png, error);
}

GBytes *
bf_layout_write_booklet_png_to_bytes (const BfLayout *layout, const BfBookletOptions *options,
                                      int side, double dpi, GError **error)
{
  g_return_val_if_fail (layout && options, NULL);
  int n_sides = bf_layout_get_booklet_side_count (layout, options);
  if (side < 1 || side > n_sides)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
                   "there is no side %d of a sheet (the booklet has %d)", side, n_sides);
      return NULL;
    }
  double sheet_w, sheet_h;
  if (!bf_booklet_draw_side (NULL, layout, options, side - 1, &sheet_w, &sheet_h, error))
    return NULL;
  cairo_t *cr = png_begin (layout, sheet_w, sheet_h, dpi, error);
  if (!cr)
    return NULL;
  bf_booklet_draw_side (cr, layout, options, side - 1, &sheet_w, &sheet_h, NULL);
  g_autofree char *what = g_strdup_printf ("side %d", side);
  return png_end (cr, what, error);
}

gboolean
bf_layout_write_booklet_png (const BfLayout *layout, const BfBookletOptions *options, int side,
                             double dpi, const char *path, GError **error)
{
  g_return_val_if_fail (layout && options && path, FALSE);
  g_autoptr (GBytes) png = bf_layout_write_booklet_png_to_bytes (layout, options, side, dpi, error);
  return png && bf_atomic_file_write_bytes (path, png, error);
}
