/* image-header.c — the size, resolution and orientation of a raster picture
 * from its header, without decoding its pixels: PNG's IHDR and pHYs chunks
 * (PNG 3rd edition §11.2.2, §11.3.5.3), JPEG's frame header, JFIF density
 * and EXIF orientation (ITU T.81 §B.2.2, JFIF 1.02, EXIF 2.32 §4.6.4 tag
 * 0x0112), GIF's logical screen (GIF89a §18).  Every read is bounds-checked
 * against the data; the walk through a JPEG's markers stops at its first
 * scan, so it is linear in the header's length. */
#include "image/image-private.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[1] << 8 | p[0]);
}

static gboolean
damaged (const char *name, const char *kind, const char *what, GError **error)
{
  g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a damaged %s picture: %s", name, kind,
               what);
  return FALSE;
}

static void
header_init (BfImageHeader *header)
{
  memset (header, 0, sizeof *header);
  header->orientation = 1;
}

/* ------------------------------------------------------------------- PNG */

gboolean
bf_image_read_png_header (const guint8 *data, gsize size, const char *name,
                          BfImageHeader *header, GError **error)
{
  header_init (header);
  /* Signature (8), then IHDR: length, type, width, height… */
  if (size < 8 + 8 + 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return damaged (name, "PNG", "no IHDR chunk", error);
  header->width = (int) MIN (be32 (data + 16), (guint32) G_MAXINT);
  header->height = (int) MIN (be32 (data + 20), (guint32) G_MAXINT);
  gsize pos = 8;
  while (pos + 12 <= size)
    {
      guint32 length = be32 (data + pos);
      const guint8 *type = data + pos + 4;
      if (memcmp (type, "IDAT", 4) == 0 || memcmp (type, "IEND", 4) == 0)
        break;
      if (length > size - pos - 12)
        break;
      /* pHYs: pixels per unit x, y, and the unit (1: metre). */
      if (memcmp (type, "pHYs", 4) == 0 && length == 9 && data[pos + 16] == 1)
        {
          guint32 x = be32 (data + pos + 8), y = be32 (data + pos + 12);
          if (x > 0 && y > 0)
            {
              header->dpi_x = x * 0.0254;
              header->dpi_y = y * 0.0254;
            }
        }
      pos += 12 + (gsize) length;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ JPEG */

/* The orientation (tag 0x0112) in IFD0 of an EXIF block (after "Exif\0\0"),
 * or 1. */
static int
exif_orientation (const guint8 *tiff, gsize size)
{
  if (size < 8)
    return 1;
  gboolean little = memcmp (tiff, "II*\0", 4) == 0;
  if (!little && memcmp (tiff, "MM\0*", 4) != 0)
    return 1;
#define U16(p) (little ? le16 (p) : be16 (p))
#define U32(p) (little ? (guint32) (le16 (p) | (guint32) le16 ((p) + 2) << 16) : be32 (p))
  guint32 ifd = U32 (tiff + 4);
  if (ifd > size - 2)
    return 1;
  guint count = U16 (tiff + ifd);
  for (guint i = 0; i < count; i++)
    {
      gsize entry = ifd + 2 + (gsize) i * 12;
      if (entry + 12 > size)
        break;
      /* Tag 0x0112, type SHORT (3), count 1: the value in the first two
       * bytes of the value field. */
      if (U16 (tiff + entry) == 0x0112 && U16 (tiff + entry + 2) == 3)
        {
          guint value = U16 (tiff + entry + 8);
          return value >= 1 && value <= 8 ? (int) value : 1;
        }
    }
  return 1;
#undef U16
#undef U32
}

static gboolean
is_frame_marker (guint8 marker)
{
  /* SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

gboolean
bf_image_read_jpeg_header (const guint8 *data, gsize size, const char *name,
                           BfImageHeader *header, GError **error)
{
  header_init (header);
  gboolean have_frame = FALSE;
  gsize pos = 2; /* after SOI */
  while (pos + 4 <= size)
    {
      if (data[pos] != 0xff)
        return damaged (name, "JPEG", "a marker is missing", error);
      guint8 marker = data[pos + 1];
      if (marker == 0xff)
        {
          pos++; /* fill byte */
          continue;
        }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          pos += 2;
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        break;
      gsize length = be16 (data + pos + 2);
      if (length < 2 || length > size - pos - 2)
        return damaged (name, "JPEG", "a segment runs past the end", error);
      const guint8 *seg = data + pos + 4;
      gsize seg_size = length - 2;
      if (marker == 0xe0 && seg_size >= 12 && memcmp (seg, "JFIF\0", 5) == 0)
        {
          /* version (2), units, x density, y density: units 1 dpi, 2 dpcm. */
          guint units = seg[7], x = be16 (seg + 8), y = be16 (seg + 10);
          if ((units == 1 || units == 2) && x > 0 && y > 0)
            {
              double scale = units == 1 ? 1 : 2.54;
              header->dpi_x = x * scale;
              header->dpi_y = y * scale;
            }
        }
      else if (marker == 0xe1 && seg_size >= 6 && memcmp (seg, "Exif\0\0", 6) == 0)
        header->orientation = exif_orientation (seg + 6, seg_size - 6);
      else if (is_frame_marker (marker) && !have_frame)
        {
          if (seg_size < 6)
            return damaged (name, "JPEG", "a short frame header", error);
          guint precision = seg[0], components = seg[5];
          header->height = be16 (seg + 1);
          header->width = be16 (seg + 3);
          /* Baseline, extended and progressive Huffman DCT, 8 bits, grey or
           * YCbCr: what every PDF reader's DCTDecode takes as is.  CMYK
           * (Adobe's inverted convention), arithmetic coding and lossless
           * are decoded instead. */
          header->embeddable = marker <= 0xc2 && precision == 8
                               && (components == 1 || components == 3);
          have_frame = TRUE;
        }
      pos += 2 + length;
    }
  if (!have_frame)
    return damaged (name, "JPEG", "no frame header before the image data", error);
  return TRUE;
}

/* ------------------------------------------------------------------- GIF */

gboolean
bf_image_read_gif_header (const guint8 *data, gsize size, const char *name,
                          BfImageHeader *header, GError **error)
{
  header_init (header);
  if (size < 10)
    return damaged (name, "GIF", "no logical screen", error);
  header->width = le16 (data + 6);
  header->height = le16 (data + 8);
  return TRUE;
}

/* ---------------------------------------------------------- through a loader */

static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer data)
{
  BfImageHeader *header = data;
  header->width = width;
  header->height = height;
}

gboolean
bf_image_read_pixbuf_header (GBytes *bytes, const char *loader_type, const char *name,
                             BfImageHeader *header, GError **error)
{
  header_init (header);
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type (loader_type, NULL);
  if (!loader)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED,
                   "%s: not a picture bifolio reads (no %s reader is installed)", name,
                   loader_type);
      return FALSE;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), header);
  g_autoptr (GError) local = NULL;
  gboolean ok = gdk_pixbuf_loader_write_bytes (loader, bytes, &local);
  ok = gdk_pixbuf_loader_close (loader, ok ? &local : NULL) && ok;
  if (header->width <= 0 || header->height <= 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a damaged %s picture: %s", name,
                   loader_type, local ? local->message : "no size");
      return FALSE;
    }
  return TRUE;
}
