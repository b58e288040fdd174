/* epub.c — writes the EPUB container with libzip: `mimetype` first and
 * stored, then META-INF/container.xml, the package, navigation, stylesheet
 * and chapters, each with the same fixed timestamp so that the same input
 * and SOURCE_DATE_EPOCH give the same bytes.  The archive is built in memory
 * and written through a temporary file like every output. */
#include "epub/epub.h"

#include <string.h>
#include <zip.h>

#include "style/style.h"

static const char container_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
  "  <rootfiles>\n"
  "    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
  "  </rootfiles>\n"
  "</container>\n";

static gboolean
add_entry (zip_t *zip, const char *name, char *data, gsize length, gboolean store,
           time_t mtime, GError **error)
{
  /* libzip frees data with free() when done; GLib's allocator is malloc. */
  zip_source_t *src = zip_source_buffer (zip, data, length, 1);
  zip_int64_t index = src ? zip_file_add (zip, name, src, ZIP_FL_ENC_UTF_8) : -1;
  if (index < 0)
    {
      if (src)
        zip_source_free (src);
      else
        g_free (data);
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot add %s to the EPUB: %s", name,
                   zip_strerror (zip));
      return FALSE;
    }
  zip_set_file_compression (zip, index, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9);
  zip_file_set_mtime (zip, index, mtime, 0);
  return TRUE;
}

static void
nav_entry_clear (BfNavEntry *entry)
{
  g_free (entry->title);
  g_free (entry->href);
}

/* The finished archive in @src (kept by the caller) as bytes. */
static GBytes *
source_bytes (zip_source_t *src, GError **error)
{
  zip_stat_t st;
  if (zip_source_open (src) < 0)
    goto fail;
  if (zip_source_stat (src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
    {
      zip_source_close (src);
      goto fail;
    }
  char *data = g_malloc (MAX (st.size, 1));
  zip_int64_t got = zip_source_read (src, data, st.size);
  zip_source_close (src);
  if (got < 0 || (zip_uint64_t) got != st.size)
    {
      g_free (data);
      goto fail;
    }
  return g_bytes_new_take (data, st.size);
fail:
  g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot read back the EPUB archive: %s",
               zip_error_strerror (zip_source_error (src)));
  return NULL;
}

GBytes *
bf_document_write_epub_to_bytes (const BfDocument *doc, GError **error)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_autofree char *css_path = g_build_filename (bf_data_dir (), "styles", "default.css", NULL);
  char *css = NULL;
  gsize css_length = 0;
  if (!g_file_get_contents (css_path, &css, &css_length, NULL))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the stylesheet", css_path);
      return NULL;
    }

  g_autoptr (GArray) nav = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (nav, (GDestroyNotify) nav_entry_clear);
  g_autoptr (GHashTable) languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) chapters = bf_epub_make_chapters (doc, nav, languages);
  const char *dir = bf_document_get_metadata (doc, "dir");
  gboolean rtl = dir ? g_ascii_strcasecmp (dir, "rtl") == 0
                     : bf_lang_is_rtl (bf_document_get_metadata (doc, "lang"));

  /* The archive is built in memory, then written like every other output. */
  zip_error_t ze;
  zip_error_init (&ze);
  zip_source_t *src = zip_source_buffer_create (NULL, 0, 0, &ze);
  zip_t *zip = src ? zip_open_from_source (src, ZIP_TRUNCATE, &ze) : NULL;
  if (!zip)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot start the EPUB archive: %s",
                   zip_error_strerror (&ze));
      zip_error_fini (&ze);
      if (src)
        zip_source_free (src);
      g_free (css);
      return NULL;
    }
  zip_source_keep (src);
  time_t mtime = (time_t) bf_epub_timestamp ();
  gboolean ok = add_entry (zip, "mimetype", g_strdup ("application/epub+zip"), 20, TRUE, mtime, error)
                && add_entry (zip, "META-INF/container.xml", g_strdup (container_xml),
                              strlen (container_xml), FALSE, mtime, error);
  if (ok)
    {
      char *opf = bf_epub_package_document (doc, chapters, languages, rtl);
      ok = add_entry (zip, "OEBPS/content.opf", opf, strlen (opf), FALSE, mtime, error);
    }
  if (ok)
    {
      char *nav_doc = bf_epub_nav_document (doc, nav);
      ok = add_entry (zip, "OEBPS/nav.xhtml", nav_doc, strlen (nav_doc), FALSE, mtime, error);
    }
  if (ok)
    ok = add_entry (zip, "OEBPS/style.css", g_steal_pointer (&css), css_length, FALSE, mtime, error);
  for (guint i = 0; ok && i < chapters->len; i++)
    {
      BfChapter *chapter = chapters->pdata[i];
      gsize length;
      char *xhtml = bf_epub_serialize_xhtml (chapter->xhtml, &length);
      g_autofree char *name = g_strconcat ("OEBPS/", chapter->file_name, NULL);
      ok = add_entry (zip, name, xhtml, length, FALSE, mtime, error);
    }
  g_free (css);
  if (ok && zip_close (zip) < 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot finish the EPUB archive: %s",
                   zip_strerror (zip));
      ok = FALSE;
    }
  if (!ok)
    {
      zip_discard (zip);
      zip_source_free (src);
      return NULL;
    }
  GBytes *bytes = source_bytes (src, error);
  zip_source_free (src);
  return bytes;
}

gboolean
bf_document_write_epub (const BfDocument *doc, const char *path, GError **error)
{
  g_return_val_if_fail (doc && path, FALSE);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: is a folder", path);
      return FALSE;
    }
  g_autoptr (GBytes) bytes = bf_document_write_epub_to_bytes (doc, error);
  return bytes && bf_atomic_file_write_bytes (path, bytes, error);
}
