/* image.c — loading pictures: from a reference (path, file: URI, data: URI,
 * RFC 2397) to bytes, the kind from the bytes' signature, the intrinsic size
 * from the header (image-header.c, image-svg.c), and the cache that loads
 * each picture once per document.  Drawing is in image-draw.c. */
#include "image/image-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Cairo's largest image surface side; and a bound on decoded memory. */
#define MAX_SIDE 32767
#define MAX_PIXELS 100000000.0
/* The resolutions a picture's file may give its size by (pixels an inch):
 * from a screen's 72 with room below, to a fine scanner's. */
#define MIN_DPI 36.0
#define MAX_DPI 9600.0
/* The largest picture file read (a 48-megapixel JPEG is under 40 MB). */
#define MAX_FILE_SIZE (256 * 1024 * 1024)
/* How much of a data: URI a message quotes. */
#define NAME_LENGTH 40

const char *
bf_image_kind_to_string (BfImageKind kind)
{
  static const char *const names[] = { "png", "jpeg", "gif", "webp", "svg" };
  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

/* ------------------------------------------------------------ references */

char *
bf_image_reference_name (const char *reference)
{
  if (!g_ascii_strncasecmp (reference, "data:", 5) && g_utf8_strlen (reference, -1) > NAME_LENGTH)
    {
      g_autofree char *start = g_utf8_substring (reference, 0, NAME_LENGTH);
      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (reference);
}

/* The bytes of a data: URI: "data:[type][;base64],payload", the payload
 * percent-decoded and then, for base64, decoded (whitespace ignored). */
static GBytes *
decode_data_uri (const char *uri, const char *name, char **media_type, GError **error)
{
  const char *comma = strchr (uri, ',');
  if (!comma)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a data: address without a comma",
                   name);
      return NULL;
    }
  g_autofree char *header = g_strndup (uri + 5, comma - uri - 5);
  gboolean base64 = g_str_has_suffix (header, ";base64");
  char *semicolon = strchr (header, ';');
  if (semicolon)
    *semicolon = '\0';
  *media_type = g_ascii_strdown (g_strstrip (header), -1);
  g_autoptr (GBytes) payload = g_uri_unescape_bytes (comma + 1, -1, NULL, NULL);
  if (!payload)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a data: address with a bad %%-escape",
                   name);
      return NULL;
    }
  if (!base64)
    return g_steal_pointer (&payload);
  gsize size;
  const char *text = g_bytes_get_data (payload, &size);
  GString *clean = g_string_sized_new (size);
  for (gsize i = 0; i < size; i++)
    {
      char c = text[i];
      if (g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=')
        g_string_append_c (clean, c);
      else if (!g_ascii_isspace (c))
        {
          g_string_free (clean, TRUE);
          g_set_error (error, BF_ERROR, BF_ERROR_FORMAT,
                       "%s: a data: address with a character base64 does not use", name);
          return NULL;
        }
    }
  gsize length = 0;
  guchar *decoded = clean->len ? g_base64_decode (clean->str, &length) : g_malloc0 (1);
  g_string_free (clean, TRUE);
  return g_bytes_new_take (decoded, length);
}

/* The bytes of the file at @path.  Read, not mapped: a file cut short
 * while mapped would kill the process. */
static GBytes *
read_file (const char *path, const char *name, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the picture: %s", name,
                   g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the picture: not a file",
                   name);
      return NULL;
    }
  if (st.st_size > MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%s: a picture file of %lld MB is larger than bifolio reads", name,
                   (long long) st.st_size >> 20);
      return NULL;
    }
  GByteArray *data = g_byte_array_sized_new (st.st_size);
  guint8 buffer[65536];
  ssize_t n;
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || data->len + (gsize) n > MAX_FILE_SIZE)
        {
          int saved = n < 0 ? errno : EFBIG;
          close (fd);
          g_byte_array_unref (data);
          g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the picture: %s", name,
                       g_strerror (saved));
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (data);
}

static gboolean
is_network_scheme (const char *scheme)
{
  static const char *const network[] = { "http", "https", "ftp", "ftps", "sftp", "ws", "wss" };
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    if (g_ascii_strcasecmp (scheme, network[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The file path @reference names, or NULL (with @error set) when it names
 * something that is not a file.  Sets *is_data for a data: URI (and returns
 * NULL without error). */
static char *
resolve_path (const char *reference, const char *base_dir, const char *name,
              gboolean *is_data, GError **error)
{
  *is_data = FALSE;
  g_autofree char *scheme = g_uri_parse_scheme (reference);
  /* One letter is a Windows drive, not a scheme. */
  if (scheme && strlen (scheme) > 1)
    {
      if (g_ascii_strcasecmp (scheme, "data") == 0)
        {
          *is_data = TRUE;
          return NULL;
        }
      if (g_ascii_strcasecmp (scheme, "file") == 0)
        {
          char *path = g_filename_from_uri (reference, NULL, NULL);
          if (!path)
            g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a file: address without a path",
                         name);
          return path;
        }
      g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED,
                   is_network_scheme (scheme)
                       ? "%s: not a picture bifolio reads (network addresses are not fetched)"
                       : "%s: not a picture bifolio reads (not a file)",
                   name);
      return NULL;
    }
  if (!*reference)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "an empty picture address");
      return NULL;
    }
  char *path = g_path_is_absolute (reference)
                   ? g_strdup (reference)
                   : g_build_filename (base_dir ? base_dir : ".", reference, NULL);
  /* A document's addresses are URLs: "my%20picture.png" names "my picture.png". */
  if (strchr (reference, '%') && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *unescaped = g_uri_unescape_string (path, "/");
      if (unescaped && g_file_test (unescaped, G_FILE_TEST_EXISTS))
        {
          g_free (path);
          path = g_steal_pointer (&unescaped);
        }
    }
  return path;
}

/* ---------------------------------------------------------------- kinds */

static gboolean
looks_like_svg (const guint8 *data, gsize size)
{
  /* An XML document whose root is <svg>: look for the tag near the start,
   * past an XML declaration, comments and a DOCTYPE. */
  gsize n = MIN (size, 4096);
  gsize i = 0;
  if (n >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < n && g_ascii_isspace (data[i]))
    i++;
  if (i >= n || data[i] != '<')
    return FALSE;
  for (; i + 4 <= n; i++)
    if (memcmp (data + i, "<svg", 4) == 0 || memcmp (data + i, ":svg", 4) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
sniff_kind (GBytes *bytes, const char *name, const char *media_type, BfImageKind *kind)
{
  gsize size;
  const guint8 *d = g_bytes_get_data (bytes, &size);
  if (size >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    *kind = BF_IMAGE_PNG;
  else if (size >= 3 && memcmp (d, "\xff\xd8\xff", 3) == 0)
    *kind = BF_IMAGE_JPEG;
  else if (size >= 6 && (memcmp (d, "GIF87a", 6) == 0 || memcmp (d, "GIF89a", 6) == 0))
    *kind = BF_IMAGE_GIF;
  else if (size >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    *kind = BF_IMAGE_WEBP;
  else if (looks_like_svg (d, size))
    *kind = BF_IMAGE_SVG;
  else if (size >= 2 && d[0] == 0x1f && d[1] == 0x8b
           && (g_str_has_suffix (name, ".svgz")
               || (media_type && strcmp (media_type, "image/svg+xml") == 0)))
    *kind = BF_IMAGE_SVG; /* gzipped SVG: librsvg inflates it */
  else
    return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- images */

static void
image_free (BfImage *image)
{
  g_free (image->name);
  g_bytes_unref (image->bytes);
  if (image->svg)
    g_object_unref (image->svg);
  if (image->pixels)
    cairo_surface_destroy (image->pixels);
  if (image->jpeg)
    cairo_surface_destroy (image->jpeg);
  g_free (image);
}

BfImage *
bf_image_ref (BfImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_atomic_int_inc (&image->ref_count);
  return image;
}

void
bf_image_unref (BfImage *image)
{
  if (image && g_atomic_int_dec_and_test (&image->ref_count))
    image_free (image);
}

/* Fills the raster sizes from the header and checks them. */
static gboolean
read_raster_header (BfImage *image, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (image->bytes, &size);
  BfImageHeader h;
  gboolean ok;
  switch (image->kind)
    {
    case BF_IMAGE_PNG:
      ok = bf_image_read_png_header (data, size, image->name, &h, error);
      break;
    case BF_IMAGE_JPEG:
      ok = bf_image_read_jpeg_header (data, size, image->name, &h, error);
      break;
    case BF_IMAGE_GIF:
      ok = bf_image_read_gif_header (data, size, image->name, &h, error);
      break;
    default:
      ok = bf_image_read_pixbuf_header (image->bytes, "webp", image->name, &h, error);
      break;
    }
  if (!ok)
    return FALSE;
  if (h.width <= 0 || h.height <= 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s: a %s picture of no size", image->name,
                   bf_image_kind_to_string (image->kind));
      return FALSE;
    }
  if (h.width > MAX_SIDE || h.height > MAX_SIDE || (double) h.width * h.height > MAX_PIXELS)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%s: a picture of %d × %d pixels is larger than bifolio draws", image->name,
                   h.width, h.height);
      return FALSE;
    }
  image->pixel_width = h.width;
  image->pixel_height = h.height;
  image->orientation = h.orientation;
  image->jpeg_embeddable = h.embeddable;
  /* A resolution outside what scanners and screens use is a mistake in
   * the file (a flag icon of 111 pixels a metre, 2.8 dpi, would be drawn
   * six inches wide): such a picture is sized as one with none. */
  gboolean resolution = h.dpi_x >= MIN_DPI && h.dpi_x <= MAX_DPI && h.dpi_y >= MIN_DPI
                        && h.dpi_y <= MAX_DPI;
  double w = resolution ? h.width * 96.0 / h.dpi_x : h.width;
  double ht = resolution ? h.height * 96.0 / h.dpi_y : h.height;
  gboolean quarter_turn = h.orientation >= 5;
  image->width = quarter_turn ? ht : w;
  image->height = quarter_turn ? w : ht;
  return TRUE;
}

static BfImage *
load_bytes (GBytes *bytes, const char *name, const char *media_type, const char *base_file,
            GError **error)
{
  BfImageKind kind;
  if (!sniff_kind (bytes, name, media_type, &kind))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED, "%s: not a picture bifolio reads",
                   name);
      return NULL;
    }
  BfImage *image = g_new0 (BfImage, 1);
  image->ref_count = 1;
  image->kind = kind;
  image->name = g_strdup (name);
  image->bytes = g_bytes_ref (bytes);
  image->orientation = 1;
  gboolean ok = kind == BF_IMAGE_SVG ? bf_image_svg_load (image, base_file, error)
                                     : read_raster_header (image, error);
  if (!ok)
    {
      bf_image_unref (image);
      return NULL;
    }
  return image;
}

BfImage *
bf_image_load_bytes (GBytes *bytes, const char *name, GError **error)
{
  g_return_val_if_fail (bytes && name, NULL);
  return load_bytes (bytes, name, NULL, NULL, error);
}

/* Loads from a path already resolved (for files) or the reference itself
 * (for data: URIs). */
static BfImage *
load_resolved (const char *reference, const char *path, gboolean is_data, const char *name,
               GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *media_type = NULL;
  if (is_data)
    bytes = decode_data_uri (reference, name, &media_type, error);
  else
    bytes = read_file (path, name, error);
  if (!bytes)
    return NULL;
  return load_bytes (bytes, name, media_type, is_data ? NULL : path, error);
}

BfImage *
bf_image_load (const char *reference, const char *base_dir, GError **error)
{
  g_return_val_if_fail (reference != NULL, NULL);
  g_autofree char *name = bf_image_reference_name (reference);
  gboolean is_data;
  g_autoptr (GError) local = NULL;
  g_autofree char *path = resolve_path (reference, base_dir, name, &is_data, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return load_resolved (reference, path, is_data, name, error);
}

BfImageKind
bf_image_get_kind (const BfImage *image)
{
  return image->kind;
}

void
bf_image_get_size (const BfImage *image, double *width, double *height)
{
  if (width)
    *width = image->width;
  if (height)
    *height = image->height;
}

void
bf_image_get_pixel_size (const BfImage *image, int *width, int *height)
{
  if (width)
    *width = image->pixel_width;
  if (height)
    *height = image->pixel_height;
}

int
bf_image_get_orientation (const BfImage *image)
{
  return image->orientation;
}

GBytes *
bf_image_get_bytes (const BfImage *image)
{
  return image->bytes;
}

/* ----------------------------------------------------------------- cache */

/* Invariant: every value is a reference the cache holds, keyed by the
 * canonical path or "data:" and the SHA-256 of the URI. */
struct _BfImageCache {
  GHashTable *images;
};

BfImageCache *
bf_image_cache_new (void)
{
  BfImageCache *cache = g_new0 (BfImageCache, 1);
  cache->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) bf_image_unref);
  return cache;
}

void
bf_image_cache_free (BfImageCache *cache)
{
  if (!cache)
    return;
  g_hash_table_unref (cache->images);
  g_free (cache);
}

guint
bf_image_cache_get_size (BfImageCache *cache)
{
  return g_hash_table_size (cache->images);
}

BfImage *
bf_image_cache_load (BfImageCache *cache, const char *reference, const char *base_dir,
                     GError **error)
{
  g_return_val_if_fail (cache && reference, NULL);
  g_autofree char *name = bf_image_reference_name (reference);
  gboolean is_data;
  g_autoptr (GError) local = NULL;
  g_autofree char *path = resolve_path (reference, base_dir, name, &is_data, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_autofree char *key = NULL;
  if (is_data)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, reference, -1);
      key = g_strconcat ("data:", hash, NULL);
    }
  else
    {
      char *real = realpath (path, NULL);
      if (!real) /* missing: loading says why */
        return load_resolved (reference, path, FALSE, name, error);
      key = g_strdup (real);
      free (real);
    }

  BfImage *image = g_hash_table_lookup (cache->images, key);
  if (image)
    return bf_image_ref (image);
  image = load_resolved (reference, path, is_data, name, error);
  if (image)
    g_hash_table_insert (cache->images, g_steal_pointer (&key), bf_image_ref (image));
  return image;
}
