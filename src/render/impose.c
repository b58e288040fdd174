/* impose.c — booklets: the laid-out pages imposed two to a side of each
 * sheet, in saddle-stitch order, straight from the display lists (no second
 * layout, no intermediate PDF).
 *
 * Within a signature of m pages (book positions 1…m), sheet k from the
 * outside holds, bound on the left: front m−2k | 1+2k, back 2+2k | m−1−2k;
 * bound on the right (a right-to-left book) every side is mirrored: front
 * 1+2k | m−2k, back m−1−2k | 2+2k.  Blank pages fill the book to a multiple
 * of 4 at its end, or just before the last page when the back cover is
 * kept.  Inner sheets' pages move toward the fold by the creep. */
#include "render/render.h"

#include <string.h>

#define A4_LONG (297 * 72.0 / 25.4)
#define A4_SHORT (210 * 72.0 / 25.4)

void
bf_booklet_options_init (BfBookletOptions *options)
{
  memset (options, 0, sizeof *options);
  options->sheet_width = A4_LONG;
  options->sheet_height = A4_SHORT;
  options->binding = BF_BINDING_AUTO;
  options->duplex = BF_DUPLEX_SHORT_EDGE;
}

/* The sheet as used: landscape. */
static void
sheet_size (const BfBookletOptions *o, double *w, double *h)
{
  *w = MAX (o->sheet_width, o->sheet_height);
  *h = MIN (o->sheet_width, o->sheet_height);
}

gboolean
bf_booklet_options_check (const BfBookletOptions *o, const BfPageSetup *setup, GError **error)
{
  double w, h;
  sheet_size (o, &w, &h);
  if (o->signature < 0 || o->signature % 4 != 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
                   "a signature must be a multiple of 4 pages, not %d", o->signature);
      return FALSE;
    }
  if (2 * setup->width > w + 0.5 || setup->height > h + 0.5)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
                   "two %.0f×%.0f mm pages do not fit side by side on a %.0f×%.0f mm sheet",
                   setup->width * 25.4 / 72, setup->height * 25.4 / 72, w * 25.4 / 72,
                   h * 25.4 / 72);
      return FALSE;
    }
  if (o->creep < 0 || o->creep > 10)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE, "creep must be between 0 and 10 pt per sheet");
      return FALSE;
    }
  return TRUE;
}

/* The layout page at book position @pos (1-based) of @padded, or -1. */
static int
page_at (int pos, int n_pages, int padded, gboolean keep_back_cover)
{
  if (keep_back_cover && n_pages > 1)
    {
      if (pos == padded)
        return n_pages - 1;
      return pos < n_pages ? pos - 1 : -1;
    }
  return pos <= n_pages ? pos - 1 : -1;
}

GArray *
bf_booklet_page_order (int n_pages, int signature, gboolean right_binding, gboolean keep_back_cover)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (int));
  int padded = (MAX (n_pages, 1) + 3) / 4 * 4;
  int size = signature > 0 ? signature : padded;
  for (int first = 0; first < padded; first += size)
    {
      int m = MIN (size, padded - first);
      for (int k = 0; k < m / 4; k++)
        {
          int outer_low = 1 + 2 * k, outer_high = m - 2 * k;
          int inner_low = 2 + 2 * k, inner_high = m - 1 - 2 * k;
          int side[4];
          if (right_binding)
            {
              side[0] = outer_low, side[1] = outer_high;
              side[2] = inner_high, side[3] = inner_low;
            }
          else
            {
              side[0] = outer_high, side[1] = outer_low;
              side[2] = inner_low, side[3] = inner_high;
            }
          for (int i = 0; i < 4; i++)
            {
              int page = page_at (first + side[i], n_pages, padded, keep_back_cover);
              g_array_append_val (order, page);
            }
        }
    }
  return order;
}

static void
line (cairo_t *cr, double x0, double y0, double x1, double y1)
{
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
}

/* Fold marks at the middle of the top and bottom edges, crop marks off the
 * outer corners of the spread: only outside the pages, where there is room. */
static void
draw_marks (cairo_t *cr, double sheet_w, double sheet_h, double spread_x, double spread_y,
            double spread_w, double spread_h)
{
  const double gap = 2, longest = 12;
  double room_y = spread_y, room_x = spread_x;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.25);
  if (room_y >= gap + 3)
    {
      double len = MIN (longest, room_y - gap);
      line (cr, sheet_w / 2, spread_y - gap - len, sheet_w / 2, spread_y - gap);
      line (cr, sheet_w / 2, spread_y + spread_h + gap, sheet_w / 2, spread_y + spread_h + gap + len);
      double xs[2] = { spread_x, spread_x + spread_w }, ys[2] = { spread_y, spread_y + spread_h };
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          {
            double dy = j ? 1 : -1;
            line (cr, xs[i], ys[j] + dy * gap, xs[i], ys[j] + dy * (gap + len));
          }
    }
  if (room_x >= gap + 3)
    {
      double len = MIN (longest, room_x - gap);
      double xs[2] = { spread_x, spread_x + spread_w }, ys[2] = { spread_y, spread_y + spread_h };
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          {
            double dx = i ? 1 : -1;
            line (cr, xs[i] + dx * gap, ys[j], xs[i] + dx * (gap + len), ys[j]);
          }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  (void) sheet_h;
}

/* Where the pages go on the sides of the sheets.  Invariant: order holds
 * two layout page indices (-1: blank) per side, sides = order->len / 2. */
typedef struct {
  double sheet_w, sheet_h, page_w, page_h, spread_x, spread_y;
  int signature;
  guint sides;
  GArray *order;
} Imposition;

static gboolean
imposition_init (Imposition *im, const BfLayout *layout, const BfBookletOptions *o,
                 GError **error)
{
  const BfPageSetup *setup = &layout->setup;
  if (!bf_booklet_options_check (o, setup, error))
    return FALSE;
  sheet_size (o, &im->sheet_w, &im->sheet_h);
  gboolean right = o->binding == BF_BINDING_RIGHT || (o->binding == BF_BINDING_AUTO && layout->rtl);
  im->order = bf_booklet_page_order (layout->pages->len, o->signature, right, o->keep_back_cover);
  im->signature = o->signature > 0 ? o->signature : (int) im->order->len;
  im->page_w = setup->width;
  im->page_h = setup->height;
  im->spread_x = im->sheet_w / 2 - im->page_w;
  im->spread_y = (im->sheet_h - im->page_h) / 2;
  im->sides = im->order->len / 2;
  return TRUE;
}

static void
imposition_clear (Imposition *im)
{
  g_clear_pointer (&im->order, g_array_unref);
}

/* One page's place on side @side (from 0): the layout page (-1: blank),
 * where its top left corner goes and the half of the sheet it is clipped
 * to, in the coordinates of @base, the side's matrix (a 180° turn for the
 * backs of long-edge duplex). */
static int
imposition_place (const Imposition *im, const BfBookletOptions *o, guint side, int half,
                  cairo_matrix_t *base, double *x, cairo_rectangle_t *clip)
{
  gboolean back = side % 2 == 1;
  /* The sheet's place in its signature, from the outside. */
  int sheet_in_signature = (int) (side / 2) % MAX (im->signature / 4, 1);
  double shift = sheet_in_signature * o->creep;
  cairo_matrix_init_identity (base);
  if (back && o->duplex == BF_DUPLEX_LONG_EDGE)
    {
      cairo_matrix_translate (base, im->sheet_w, im->sheet_h);
      cairo_matrix_rotate (base, G_PI);
    }
  *clip = (cairo_rectangle_t) { half ? im->sheet_w / 2 : 0, 0, im->sheet_w / 2, im->sheet_h };
  *x = half ? im->sheet_w / 2 - shift : im->spread_x + shift;
  return g_array_index (im->order, int, side * 2 + half);
}

static void
imposition_draw_marks (const Imposition *im, const BfBookletOptions *o, guint side, cairo_t *cr)
{
  cairo_matrix_t base;
  cairo_rectangle_t clip;
  double x;
  imposition_place (im, o, side, 0, &base, &x, &clip);
  cairo_save (cr);
  cairo_transform (cr, &base);
  draw_marks (cr, im->sheet_w, im->sheet_h, im->spread_x, im->spread_y, 2 * im->page_w,
              im->page_h);
  cairo_restore (cr);
}

/* Draws the sheets of @im into @w. */
static void
draw_sheets (BfPdfWriter *w, const Imposition *im, const BfBookletOptions *o)
{
  for (guint side = 0; side < im->sides; side++)
    {
      if (side > 0)
        bf_pdf_writer_next_page (w);
      for (int half = 0; half < 2; half++)
        {
          cairo_matrix_t base;
          cairo_rectangle_t clip;
          double x;
          int page = imposition_place (im, o, side, half, &base, &x, &clip);
          if (page >= 0)
            bf_pdf_writer_draw_page (w, page, &base, x, im->spread_y, &clip);
        }
      if (o->marks)
        {
          cairo_save (w->cr);
          cairo_identity_matrix (w->cr);
          imposition_draw_marks (im, o, side, w->cr);
          cairo_restore (w->cr);
        }
    }
}

/* Draws the imposed sheets into a new writer for @path (NULL: in memory).
 * Returns the writer, not yet closed, or NULL with @error set. */
static BfPdfWriter *
booklet_writer_new (const BfLayout *layout, const BfBookletOptions *o, const char *path,
                    GError **error)
{
  Imposition im;
  if (!imposition_init (&im, layout, o, error))
    return NULL;
  BfPdfWriter *w = bf_pdf_writer_new (layout, path, im.sheet_w, im.sheet_h, error);
  if (w)
    draw_sheets (w, &im, o);
  imposition_clear (&im);
  return w;
}

int
bf_layout_get_booklet_side_count (const BfLayout *layout, const BfBookletOptions *o)
{
  Imposition im;
  if (!imposition_init (&im, layout, o, NULL))
    return 0;
  int sides = (int) im.sides;
  imposition_clear (&im);
  return sides;
}

gboolean
bf_booklet_draw_side (cairo_t *cr, const BfLayout *layout, const BfBookletOptions *o, int side,
                      double *sheet_w, double *sheet_h, GError **error)
{
  Imposition im;
  if (!imposition_init (&im, layout, o, error))
    return FALSE;
  *sheet_w = im.sheet_w;
  *sheet_h = im.sheet_h;
  if (cr)
    {
      for (int half = 0; half < 2; half++)
        {
          cairo_matrix_t base;
          cairo_rectangle_t clip;
          double x;
          int page = imposition_place (&im, o, (guint) side, half, &base, &x, &clip);
          if (page < 0)
            continue;
          cairo_save (cr);
          cairo_transform (cr, &base);
          cairo_rectangle (cr, clip.x, clip.y, clip.width, clip.height);
          cairo_clip (cr);
          cairo_translate (cr, x, im.spread_y);
          bf_render_page_items (cr, layout->pages->pdata[page], NULL);
          cairo_restore (cr);
        }
      if (o->marks)
        imposition_draw_marks (&im, o, (guint) side, cr);
    }
  imposition_clear (&im);
  return TRUE;
}

gboolean
bf_layout_write_booklet (const BfLayout *layout, const BfBookletOptions *o, const char *path,
                         GError **error)
{
  g_return_val_if_fail (layout && o && path, FALSE);
  g_autoptr (BfPdfWriter) w = booklet_writer_new (layout, o, path, error);
  return w && bf_pdf_writer_close (w, error);
}

GBytes *
bf_layout_write_booklet_to_bytes (const BfLayout *layout, const BfBookletOptions *o,
                                  GError **error)
{
  g_return_val_if_fail (layout && o, NULL);
  g_autoptr (BfPdfWriter) w = booklet_writer_new (layout, o, NULL, error);
  return w ? bf_pdf_writer_close_to_bytes (w, error) : NULL;
}

BfPdfDraft *
bf_layout_draw_booklet_consume (BfLayout *layout, const BfBookletOptions *o, GError **error)
{
  g_return_val_if_fail (layout && o, NULL);
  Imposition im;
  if (!imposition_init (&im, layout, o, error))
    {
      bf_layout_free (layout);
      return NULL;
    }
  /* Each page is on one side of one sheet: freed once drawn there. */
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new_consume (layout, im.sheet_w, im.sheet_h);
  draw_sheets (w, &im, o);
  imposition_clear (&im);
  return bf_pdf_writer_end_draft (w, error);
}
