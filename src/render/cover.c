/* cover.c — a cover picture for e-books without one: title, subtitle and
 * author on a plain ground, drawn with Cairo into a PNG with the bundled
 * fonts.  Each line takes its direction from its own text (a Persian title
 * is set right to left) and is centred.  Not a hot path: PangoLayout is
 * used as it is. */
#include "render/render.h"

#include <string.h>

enum { COVER_WIDTH = 1200, COVER_HEIGHT = 1800 };

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @text centred at @y in a box @width wide; returns the height used. */
static double
draw_centred (cairo_t *cr, PangoContext *context, const char *text, const char *family,
              double size, int weight, gboolean italic, double y, double width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_new ();
  pango_font_description_set_family (desc, family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_style (desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  int height;
  pango_layout_get_size (layout, NULL, &height);
  cairo_move_to (cr, (COVER_WIDTH - width) / 2, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return (double) height / PANGO_SCALE;
}

static gboolean
has_arabic_script (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

GBytes *
bf_document_render_cover (const BfDocument *doc, BfFonts *fonts, GError **error)
{
  g_return_val_if_fail (doc && fonts, NULL);
  const char *title = bf_document_get_title (doc);
  const char *subtitle = bf_document_get_metadata (doc, "subtitle");
  const char *author = bf_document_get_metadata (doc, "author");

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, COVER_WIDTH, COVER_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.96, 0.94, 0.89);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.45, 0.16, 0.12);
  cairo_rectangle (cr, 80, 80, COVER_WIDTH - 160, 6);
  cairo_rectangle (cr, 80, COVER_HEIGHT - 86, COVER_WIDTH - 160, 6);
  cairo_fill (cr);

  PangoContext *context = pango_font_map_create_context (fonts->font_map);
  pango_cairo_update_context (cr, context);
  cairo_set_source_rgb (cr, 0.12, 0.1, 0.1);
  double width = COVER_WIDTH - 240, y = 420;
  const char *latin = BF_LATIN_FACES, *arabic = BF_ARABIC_FACES;
  y += draw_centred (cr, context, title, has_arabic_script (title) ? arabic : latin, 96, 700,
                     FALSE, y, width) + 60;
  if (subtitle)
    y += draw_centred (cr, context, subtitle, has_arabic_script (subtitle) ? arabic : latin, 56,
                       400, TRUE, y, width) + 60;
  if (author)
    draw_centred (cr, context, author, has_arabic_script (author) ? arabic : latin, 60, 400,
                  FALSE, COVER_HEIGHT - 420, width);
  g_object_unref (context);
  cairo_destroy (cr);

  GByteArray *png = g_byte_array_new ();
  cairo_status_t status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (png);
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot draw the cover: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}
