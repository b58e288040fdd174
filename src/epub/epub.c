/* epub.c — writes the EPUB container with libzip: `mimetype` first and
 * stored, then META-INF/container.xml, the package, navigation, stylesheet
 * and chapters, each with the same fixed timestamp so that the same input
 * and SOURCE_DATE_EPOCH give the same bytes.  libzip writes to a temporary
 * file and renames it into place on zip_close(); a failed run discards it. */
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

gboolean
bf_document_write_epub (const BfDocument *doc, const char *path, GError **error)
{
  g_return_val_if_fail (doc && path, FALSE);
  g_autofree char *css_path = g_build_filename (bf_data_dir (), "styles", "default.css", NULL);
  char *css = NULL;
  gsize css_length = 0;
  if (!g_file_get_contents (css_path, &css, &css_length, NULL))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the stylesheet", css_path);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_free (css);
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: is a folder", path);
      return FALSE;
    }

  g_autoptr (GArray) nav = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (nav, (GDestroyNotify) nav_entry_clear);
  g_autoptr (GHashTable) languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) chapters = bf_epub_make_chapters (doc, nav, languages);
  const char *dir = bf_document_get_metadata (doc, "dir");
  gboolean rtl = dir ? g_ascii_strcasecmp (dir, "rtl") == 0
                     : bf_lang_is_rtl (bf_document_get_metadata (doc, "lang"));

  int zip_err = 0;
  zip_t *zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zip_err);
  if (!zip)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, zip_err);
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot write: %s", path,
                   zip_error_strerror (&ze));
      zip_error_fini (&ze);
      g_free (css);
      return FALSE;
    }
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
  if (!ok)
    {
      zip_discard (zip);
      return FALSE;
    }
  if (zip_close (zip) < 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot write: %s", path, zip_strerror (zip));
      zip_discard (zip);
      return FALSE;
    }
  return TRUE;
}
