/* test-image.c — the image stage against the pictures in tests/data/images
 * (their sizes and colours are the ones make-images.py and the SVGs chose;
 * see the README there), drawn into real PDFs that poppler's pdfimages,
 * pdftoppm and pdftotext then read: each kind's intrinsic size, a JPEG's
 * bytes embedded verbatim and once, SVG kept as vectors, EXIF orientation,
 * a GIF's first frame, data: URIs, the cache, errors, and BF_ITEM_IMAGE
 * through the trace, the PDF writer and the booklet imposer. */
#define _GNU_SOURCE /* memmem */
#include "render/render.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

static char *
data_path (const char *name)
{
  return g_build_filename (TEST_DATA_DIR, "images", name, NULL);
}

static BfImage *
load (const char *name)
{
  g_autofree char *path = data_path (name);
  GError *error = NULL;
  BfImage *image = bf_image_load (path, NULL, &error);
  g_assert_no_error (error);
  return image;
}

static GBytes *
read_bytes (const char *path)
{
  char *data;
  gsize size;
  GError *error = NULL;
  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

/* The standard output of @argv, which must succeed. */
static char *
run (const char *const *argv)
{
  char *out = NULL;
  int status;
  GError *error = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* ------------------------------------------------------- PDFs to look at */

typedef struct {
  char *dir;
  char *pdf;
} Scratch;

static void
scratch_init (Scratch *s)
{
  GError *error = NULL;
  s->dir = g_dir_make_tmp ("test-image-XXXXXX", &error);
  g_assert_no_error (error);
  s->pdf = g_build_filename (s->dir, "out.pdf", NULL);
}

static void
scratch_clear (Scratch *s)
{
  g_autoptr (GDir) dir = g_dir_open (s->dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (s->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->pdf);
}

/* A one-page 200 × 200 pt PDF at s->pdf. */
static cairo_t *
pdf_begin (Scratch *s)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (s->pdf, 200, 200);
  cairo_t *cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  return cr;
}

static void
pdf_end (cairo_t *cr)
{
  cairo_surface_t *surface = cairo_get_target (cr);
  cairo_show_page (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

/* pdfimages -list: one row (its columns) per image drawn. */
static GPtrArray *
list_images (const char *pdf)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = run (argv);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  /* Two header lines: the column names and a rule. */
  for (int i = 2; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      g_ptr_array_add (rows, g_regex_split_simple ("\\s+", lines[i], 0, 0));
  return rows;
}

/* Columns of pdfimages -list. */
enum { COL_PAGE, COL_NUM, COL_TYPE, COL_WIDTH, COL_HEIGHT, COL_COLOR, COL_COMP, COL_BPC,
       COL_ENC, COL_INTERP, COL_OBJECT, COL_ID };

static const char *
cell (GPtrArray *rows, guint row, int column)
{
  return ((char **) rows->pdata[row])[column];
}

/* Page 1 of @pdf at 72 dpi (one pixel a point), as binary PPM. */
typedef struct {
  int width, height;
  guint8 *rgb;
} Raster;

static void
render (Scratch *s, Raster *r)
{
  g_autofree char *prefix = g_build_filename (s->dir, "page", NULL);
  const char *argv[] = { "pdftoppm", "-r", "72", "-singlefile", "-f", "1", "-l", "1", s->pdf,
                         prefix, NULL };
  g_free (run (argv));
  g_autofree char *ppm = g_strconcat (prefix, ".ppm", NULL);
  g_autoptr (GBytes) bytes = read_bytes (ppm);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  int maxval, consumed = 0;
  g_assert_cmpint (sscanf (data, "P6 %d %d %d%n", &r->width, &r->height, &maxval, &consumed), ==, 3);
  consumed++; /* the single whitespace after maxval */
  g_assert_cmpuint (size, ==, (gsize) consumed + (gsize) r->width * r->height * 3);
  r->rgb = g_memdup2 (data + consumed, (gsize) r->width * r->height * 3);
}

/* The colour at (@x, @y) is within 40 of each of @red, @green, @blue. */
static void
assert_pixel (const Raster *r, int x, int y, int red, int green, int blue)
{
  const guint8 *p = r->rgb + ((gsize) y * r->width + x) * 3;
  if (ABS (p[0] - red) > 40 || ABS (p[1] - green) > 40 || ABS (p[2] - blue) > 40)
    g_error ("pixel (%d, %d) is #%02x%02x%02x, expected #%02x%02x%02x", x, y, p[0], p[1], p[2],
             red, green, blue);
}

/* How often @needle occurs in @haystack. */
static int
count_occurrences (GBytes *haystack, GBytes *needle)
{
  gsize hsize, nsize;
  const guint8 *h = g_bytes_get_data (haystack, &hsize);
  const guint8 *n = g_bytes_get_data (needle, &nsize);
  int count = 0;
  for (const guint8 *p = h; (p = memmem (p, hsize - (p - h), n, nsize)); p++)
    count++;
  return count;
}

/* ------------------------------------------------------------------ sizes */

static void
test_kinds_and_sizes (void)
{
  /* Expected: the pixel counts and resolutions make-images.py wrote, and
   * for SVG the width and height attributes (2in = 192 px) or viewBox. */
  static const struct {
    const char *file;
    BfImageKind kind;
    double width, height;
    int pixel_width, pixel_height, orientation;
  } cases[] = {
    { "alpha.png", BF_IMAGE_PNG, 40, 30, 40, 30, 1 },
    { "hidpi.png", BF_IMAGE_PNG, 20, 15, 40, 30, 1 },
    { "lowdpi.png", BF_IMAGE_PNG, 16, 16, 16, 16, 1 },
    { "photo.jpg", BF_IMAGE_JPEG, 32, 24, 64, 48, 1 },
    { "rotated.jpg", BF_IMAGE_JPEG, 48, 64, 64, 48, 6 },
    { "frames.gif", BF_IMAGE_GIF, 16, 8, 16, 8, 1 },
    { "tiny.webp", BF_IMAGE_WEBP, 20, 10, 20, 10, 1 },
    { "drawing.svg", BF_IMAGE_SVG, 192, 96, 0, 0, 1 },
    { "viewbox.svg", BF_IMAGE_SVG, 50, 25, 0, 0, 1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].file);
      g_autoptr (BfImage) image = load (cases[i].file);
      g_assert_cmpint (bf_image_get_kind (image), ==, cases[i].kind);
      double w, h;
      bf_image_get_size (image, &w, &h);
      g_assert_cmpfloat_with_epsilon (w, cases[i].width, 0.01);
      g_assert_cmpfloat_with_epsilon (h, cases[i].height, 0.01);
      int pw, ph;
      bf_image_get_pixel_size (image, &pw, &ph);
      g_assert_cmpint (pw, ==, cases[i].pixel_width);
      g_assert_cmpint (ph, ==, cases[i].pixel_height);
      g_assert_cmpint (bf_image_get_orientation (image), ==, cases[i].orientation);
    }
  g_assert_cmpstr (bf_image_kind_to_string (BF_IMAGE_JPEG), ==, "jpeg");
}

/* ----------------------------------------------------------------- errors */

static void
assert_load_fails (const char *reference, int code, const char *part1, const char *part2)
{
  GError *error = NULL;
  BfImage *image = bf_image_load (reference, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, BF_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, part1));
  g_assert_nonnull (strstr (error->message, part2));
  g_error_free (error);
}

static void
test_errors (void)
{
  g_autofree char *missing = data_path ("missing.png");
  assert_load_fails (missing, BF_ERROR_IO, "missing.png: cannot read the picture",
                     "No such file");
  g_autofree char *text = data_path ("not-a-picture.txt");
  assert_load_fails (text, BF_ERROR_UNSUPPORTED, "not-a-picture.txt: not a picture bifolio reads",
                     "");
  g_autofree char *folder = data_path ("");
  assert_load_fails (folder, BF_ERROR_IO, "cannot read the picture", "not a file");
  assert_load_fails ("https://example.com/a.png", BF_ERROR_UNSUPPORTED,
                     "https://example.com/a.png", "network addresses are not fetched");
  assert_load_fails ("mailto:someone@example.com", BF_ERROR_UNSUPPORTED,
                     "mailto:someone@example.com: not a picture bifolio reads", "not a file");
  assert_load_fails ("data:image/png;base64,!!!", BF_ERROR_FORMAT, "data:image/png", "base64");

  /* A JPEG cut off inside its first segment; a PNG with no IHDR. */
  GError *error = NULL;
  g_autoptr (GBytes) cut = g_bytes_new_static ("\xff\xd8\xff\xe0\x00\x10JF", 10);
  g_assert_null (bf_image_load_bytes (cut, "cut.jpg", &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "cut.jpg: a damaged JPEG picture"));
  g_clear_error (&error);
  g_autoptr (GBytes) headless = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\0\0\0IEND", 16);
  g_assert_null (bf_image_load_bytes (headless, "headless.png", &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_FORMAT);
  g_clear_error (&error);
  /* A PNG header claiming 100000 × 100000 pixels. */
  guint8 huge[33] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x06";
  g_autoptr (GBytes) huge_bytes = g_bytes_new_static (huge, sizeof huge);
  g_assert_null (bf_image_load_bytes (huge_bytes, "huge.png", &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_LIMIT);
  g_clear_error (&error);
}

/* -------------------------------------------------------------- data: URIs */

static void
test_data_uri (void)
{
  g_autofree char *path = data_path ("alpha.png");
  g_autoptr (GBytes) png = read_bytes (path);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  /* Whitespace inside the payload, as in a wrapped HTML attribute. */
  g_autofree char *head = g_strndup (base64, 20);
  g_autofree char *uri = g_strdup_printf ("data:image/png;base64,%s \n %s", head, base64 + 20);
  GError *error = NULL;
  g_autoptr (BfImage) image = bf_image_load (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bf_image_get_kind (image), ==, BF_IMAGE_PNG);
  double w, h;
  bf_image_get_size (image, &w, &h);
  g_assert_cmpfloat (w, ==, 40);
  g_assert_cmpfloat (h, ==, 30);
  g_assert_true (g_bytes_equal (bf_image_get_bytes (image), png));

  const char *svg = "data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22"
                    "%20width=%2210%22%20height=%2220%22/%3E";
  g_autoptr (BfImage) vector = bf_image_load (svg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bf_image_get_kind (vector), ==, BF_IMAGE_SVG);
  bf_image_get_size (vector, &w, &h);
  g_assert_cmpfloat (w, ==, 10);
  g_assert_cmpfloat (h, ==, 20);
}

/* ------------------------------------------------------------------ cache */

static void
test_cache (void)
{
  g_autoptr (BfImageCache) cache = bf_image_cache_new ();
  g_autofree char *folder = g_build_filename (TEST_DATA_DIR, "images", NULL);
  GError *error = NULL;
  g_autoptr (BfImage) a = bf_image_cache_load (cache, "photo.jpg", folder, &error);
  g_assert_no_error (error);
  /* The same file spelled another way, and through a file: URI. */
  g_autoptr (BfImage) b = bf_image_cache_load (cache, "../images/./photo.jpg", folder, &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (folder, "photo.jpg", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (BfImage) c = bf_image_cache_load (cache, uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (a == b && b == c);
  g_autoptr (BfImage) d = bf_image_cache_load (cache, "alpha.png", folder, &error);
  g_assert_no_error (error);
  g_assert_true (d != a);
  const char *uri1 = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>";
  g_autoptr (BfImage) e = bf_image_cache_load (cache, uri1, NULL, &error);
  g_autoptr (BfImage) f = bf_image_cache_load (cache, uri1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (e == f);
  g_assert_cmpuint (bf_image_cache_get_size (cache), ==, 3);
  /* A failure is reported, and not kept. */
  g_assert_null (bf_image_cache_load (cache, "missing.png", folder, &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (bf_image_cache_get_size (cache), ==, 3);
}

/* A document's addresses are URLs: "%20" in one names a space in the file. */
static void
test_escaped_path (void)
{
  Scratch s;
  scratch_init (&s);
  g_autofree char *from = data_path ("hidpi.png");
  g_autoptr (GBytes) png = read_bytes (from);
  g_autofree char *to = g_build_filename (s.dir, "a picture.png", NULL);
  GError *error = NULL;
  g_file_set_contents (to, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  g_autoptr (BfImage) image = bf_image_load ("a%20picture.png", s.dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bf_image_get_kind (image), ==, BF_IMAGE_PNG);
  g_autoptr (BfImage) plain = bf_image_load ("a picture.png", s.dir, &error);
  g_assert_no_error (error);
  scratch_clear (&s);
}

/* EXIF in little-endian TIFF order, with the orientation after another
 * tag: the JPEG of photo.jpg with such a block spliced in after its JFIF
 * segment (SOI and a 16-byte APP0: the first 20 bytes). */
static void
test_exif_little_endian (void)
{
  g_autofree char *path = data_path ("photo.jpg");
  g_autoptr (GBytes) jpeg = read_bytes (path);
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  static const guint8 exif[] = {
    0xff, 0xe1, 0x00, 0x2e, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, /* TIFF header, IFD0 at 8 */
    0x02, 0x00,                                   /* two entries */
    0x0f, 0x01, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* Make */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, /* Orientation 8 */
    0x00, 0x00, 0x00, 0x00,
  };
  GByteArray *spliced = g_byte_array_new ();
  g_byte_array_append (spliced, data, 20);
  g_byte_array_append (spliced, exif, sizeof exif);
  g_byte_array_append (spliced, data + 20, size - 20);
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (spliced);
  GError *error = NULL;
  g_autoptr (BfImage) image = bf_image_load_bytes (bytes, "spliced.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bf_image_get_orientation (image), ==, 8);
  double w, h;
  bf_image_get_size (image, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 24, 0.01); /* 48 px at 192 dpi, turned */
  g_assert_cmpfloat_with_epsilon (h, 32, 0.01);

  /* Turned a quarter left to stand upright: red (stored on top) on the left. */
  Scratch s;
  scratch_init (&s);
  cairo_t *cr = pdf_begin (&s);
  bf_image_draw (cr, image, 10, 10, 48, 64);
  pdf_end (cr);
  Raster r;
  render (&s, &r);
  assert_pixel (&r, 20, 42, 255, 0, 0);
  assert_pixel (&r, 48, 42, 0, 0, 255);
  g_free (r.rgb);
  scratch_clear (&s);
}

/* ---------------------------------------------------------------- drawing */

static void
test_jpeg_embedded_once (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImage) image = load ("photo.jpg");
  cairo_t *cr = pdf_begin (&s);
  bf_image_draw (cr, image, 10, 10, 64, 48);
  bf_image_draw (cr, image, 100, 100, 32, 24);
  pdf_end (cr);

  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (cell (rows, i, COL_TYPE), ==, "image");
      g_assert_cmpstr (cell (rows, i, COL_ENC), ==, "jpeg");
      g_assert_cmpstr (cell (rows, i, COL_WIDTH), ==, "64");
      g_assert_cmpstr (cell (rows, i, COL_HEIGHT), ==, "48");
      g_assert_cmpstr (cell (rows, i, COL_OBJECT), ==, cell (rows, 0, COL_OBJECT));
    }
  g_autoptr (GBytes) pdf = read_bytes (s.pdf);
  g_assert_cmpint (count_occurrences (pdf, bf_image_get_bytes (image)), ==, 1);

  /* Upright: red above, blue below, in each place drawn. */
  Raster r;
  render (&s, &r);
  assert_pixel (&r, 42, 20, 255, 0, 0);
  assert_pixel (&r, 42, 50, 0, 0, 255);
  assert_pixel (&r, 116, 105, 255, 0, 0);
  assert_pixel (&r, 116, 119, 0, 0, 255);
  assert_pixel (&r, 5, 5, 255, 255, 255);
  g_free (r.rgb);
  scratch_clear (&s);
}

static void
test_jpeg_once_on_many_pages (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImage) image = load ("photo.jpg");
  cairo_t *cr = pdf_begin (&s);
  for (int page = 0; page < 40; page++)
    {
      bf_image_draw (cr, image, 10, 10, 64, 48);
      cairo_show_page (cr);
    }
  pdf_end (cr);
  g_autoptr (GBytes) pdf = read_bytes (s.pdf);
  g_assert_cmpint (count_occurrences (pdf, bf_image_get_bytes (image)), ==, 1);
  scratch_clear (&s);
}

static void
test_png_alpha_embedded_once (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImageCache) cache = bf_image_cache_new ();
  g_autofree char *folder = g_build_filename (TEST_DATA_DIR, "images", NULL);
  g_autoptr (BfImage) a = bf_image_cache_load (cache, "alpha.png", folder, NULL);
  g_autoptr (BfImage) b = bf_image_cache_load (cache, "./alpha.png", folder, NULL);
  cairo_t *cr = pdf_begin (&s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bf_image_draw (cr, a, 10, 10, 80, 60);
  bf_image_draw (cr, b, 100, 100, 40, 30);
  pdf_end (cr);

  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  /* Each drawing: the image and its soft mask, listed by pdfimages under
   * the image's object number, which is the same both times. */
  g_assert_cmpuint (rows->len, ==, 4);
  g_autoptr (GHashTable) objects = g_hash_table_new (g_str_hash, g_str_equal);
  int masks = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (cell (rows, i, COL_WIDTH), ==, "40");
      masks += strcmp (cell (rows, i, COL_TYPE), "smask") == 0;
      g_hash_table_add (objects, (gpointer) cell (rows, i, COL_OBJECT));
    }
  g_assert_cmpint (masks, ==, 2);
  g_assert_cmpuint (g_hash_table_size (objects), ==, 1);

  Raster r;
  render (&s, &r);
  assert_pixel (&r, 20, 40, 255, 0, 0);     /* the opaque left half */
  assert_pixel (&r, 80, 40, 255, 255, 255); /* the clear right half */
  assert_pixel (&r, 105, 115, 255, 0, 0);
  g_free (r.rgb);
  scratch_clear (&s);
}

static void
test_svg_as_vectors (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImage) image = load ("drawing.svg");
  cairo_t *cr = pdf_begin (&s);
  bf_image_draw (cr, image, 20, 20, 120, 60);
  pdf_end (cr);

  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  g_assert_cmpuint (rows->len, ==, 0);
  const char *argv[] = { "pdftotext", s.pdf, "-", NULL };
  g_autofree char *text = run (argv);
  g_assert_nonnull (strstr (text, "Vector"));

  Raster r;
  render (&s, &r);
  assert_pixel (&r, 24, 24, 0, 160, 0);
  assert_pixel (&r, 136, 76, 0, 160, 0);
  assert_pixel (&r, 15, 15, 255, 255, 255);
  assert_pixel (&r, 145, 85, 255, 255, 255);
  g_free (r.rgb);
  scratch_clear (&s);
  /* Drawn outside the PDF writer, the SVG's text came from the thread's
   * default font map of system fonts: let it go, as the writer does. */
  pango_cairo_font_map_set_default (NULL);
}

static void
test_exif_orientation (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImage) image = load ("rotated.jpg");
  cairo_t *cr = pdf_begin (&s);
  bf_image_draw (cr, image, 10, 10, 48, 64);
  pdf_end (cr);

  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (cell (rows, 0, COL_ENC), ==, "jpeg");
  g_autoptr (GBytes) pdf = read_bytes (s.pdf);
  g_assert_cmpint (count_occurrences (pdf, bf_image_get_bytes (image)), ==, 1);

  /* Stored red above blue, turned a quarter right: blue left, red right. */
  Raster r;
  render (&s, &r);
  assert_pixel (&r, 20, 42, 0, 0, 255);
  assert_pixel (&r, 48, 42, 255, 0, 0);
  assert_pixel (&r, 48, 14, 255, 0, 0);
  assert_pixel (&r, 48, 70, 255, 0, 0);
  g_free (r.rgb);
  scratch_clear (&s);
}

static void
test_gif_first_frame_and_webp (void)
{
  Scratch s;
  scratch_init (&s);
  g_autoptr (BfImage) gif = load ("frames.gif");
  g_autoptr (BfImage) webp = load ("tiny.webp");
  cairo_t *cr = pdf_begin (&s);
  bf_image_draw (cr, gif, 10, 10, 64, 32);
  bf_image_draw (cr, webp, 100, 100, 40, 20);
  pdf_end (cr);
  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  g_assert_cmpuint (rows->len, >=, 2);
  Raster r;
  render (&s, &r);
  assert_pixel (&r, 42, 26, 0, 160, 0);
  assert_pixel (&r, 120, 110, 0, 160, 0);
  g_free (r.rgb);
  scratch_clear (&s);
}

/* --------------------------------------------------------- display items */

static void
test_display_item (void)
{
  GError *error = NULL;
  const char *md = "# Pictures\n\nA page with a picture added to it.\n";
  g_autoptr (BfDocument) doc = bf_document_parse (md, strlen (md), "pictures.md",
                                                  BF_INPUT_MARKDOWN, &error);
  g_assert_no_error (error);
  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->pages->len, ==, 1);

  /* As layout will: an item in a line, moved onto the page; the line's
   * array is then freed without dropping what moved. */
  g_autoptr (BfImage) image = load ("photo.jpg");
  GArray *line = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (line, (GDestroyNotify) bf_display_item_clear);
  BfDisplayItem item = { .kind = BF_ITEM_IMAGE, .x = 10, .y = 20, .width = 96, .height = 72,
                         .image = bf_image_ref (image), .alt = g_strdup ("a red and blue flag") };
  g_array_append_val (line, item);
  /* An SVG with Persian text, drawn through the PDF writer: set in the
   * document's own fonts (Amiri, Noto Naskh Arabic), not the system's
   * (DejaVu Sans, which has Arabic letters, on a Debian machine). */
  const char *persian_svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
                            "width='200' height='50'><text x='10' y='40' font-size='30' "
                            "font-family='sans-serif'>سلام دنیا</text></svg>";
  BfDisplayItem svg_item = { .kind = BF_ITEM_IMAGE, .x = 10, .y = 120, .width = 200, .height = 50,
                             .image = bf_image_load (persian_svg, NULL, &error) };
  g_assert_no_error (error);
  g_array_append_val (line, svg_item);
  BfPage *page = layout->pages->pdata[0];
  bf_display_items_move (line, page->items, 100, 300);
  g_array_unref (line);
  g_clear_pointer (&image, bf_image_unref);

  g_autofree char *trace = bf_layout_dump (layout);
  g_assert_nonnull (strstr (trace, "\n  image x=110.0 y=320.0 w=96.0 h=72.0 jpeg\n"));

  Scratch s;
  scratch_init (&s);
  g_assert_true (bf_layout_write_pdf (layout, s.pdf, &error));
  g_assert_no_error (error);
  g_autoptr (GPtrArray) rows = list_images (s.pdf);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (cell (rows, 0, COL_ENC), ==, "jpeg");
  const char *pdffonts[] = { "pdffonts", s.pdf, NULL };
  g_autofree char *fonts_used = run (pdffonts);
  g_test_message ("%s", fonts_used);
  g_assert_true (strstr (fonts_used, "Amiri") || strstr (fonts_used, "NotoNaskhArabic"));
  g_assert_null (strstr (fonts_used, "DejaVu"));
  Raster r;
  render (&s, &r);
  assert_pixel (&r, 158, 330, 255, 0, 0);
  assert_pixel (&r, 158, 385, 0, 0, 255);
  g_free (r.rgb);

  /* Imposed on a booklet sheet, the picture comes along. */
  BfBookletOptions options;
  bf_booklet_options_init (&options);
  g_assert_true (bf_layout_write_booklet (layout, &options, s.pdf, &error));
  g_assert_no_error (error);
  g_autoptr (GPtrArray) sheet_rows = list_images (s.pdf);
  g_assert_cmpuint (sheet_rows->len, ==, 1);
  g_assert_cmpstr (cell (sheet_rows, 0, COL_ENC), ==, "jpeg");
  scratch_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image/kinds-and-sizes", test_kinds_and_sizes);
  g_test_add_func ("/image/errors", test_errors);
  g_test_add_func ("/image/data-uri", test_data_uri);
  g_test_add_func ("/image/cache", test_cache);
  g_test_add_func ("/image/escaped-path", test_escaped_path);
  g_test_add_func ("/image/exif-little-endian", test_exif_little_endian);
  g_test_add_func ("/image/jpeg-embedded-once", test_jpeg_embedded_once);
  g_test_add_func ("/image/jpeg-once-on-many-pages", test_jpeg_once_on_many_pages);
  g_test_add_func ("/image/png-alpha-embedded-once", test_png_alpha_embedded_once);
  g_test_add_func ("/image/svg-as-vectors", test_svg_as_vectors);
  g_test_add_func ("/image/exif-orientation", test_exif_orientation);
  g_test_add_func ("/image/gif-first-frame-and-webp", test_gif_first_frame_and_webp);
  g_test_add_func ("/image/display-item", test_display_item);
  return g_test_run ();
}
