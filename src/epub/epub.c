/* epub.c — writes the EPUB container with libzip: `mimetype` first and
 * stored, then META-INF/container.xml, the package, navigation, stylesheet
 * and chapters, each with the same fixed timestamp so that the same input
 * and SOURCE_DATE_EPOCH give the same bytes.  The archive is built in memory
 * and written through a temporary file like every output. */
#include "epub/epub.h"
#include "image/image.h"
#include "style/cascade.h"

#include <stdarg.h>
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

BfEpubItem *
bf_epub_item_new (char *path, GBytes *data, const char *media_type)
{
  BfEpubItem *item = g_new0 (BfEpubItem, 1);
  item->path = path;
  item->data = data;
  item->media_type = media_type;
  /* An id from the path: letters, digits and hyphens. */
  item->id = g_strdup_printf ("i-%s", path);
  for (char *p = item->id; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = '-';
  return item;
}

void
bf_epub_item_free (BfEpubItem *item)
{
  if (!item)
    return;
  g_free (item->path);
  g_free (item->id);
  g_bytes_unref (item->data);
  g_free (item);
}

static const char *
image_media_type (GBytes *data)
{
  gsize size;
  const guchar *d = g_bytes_get_data (data, &size);
  if (size >= 8 && !memcmp (d, "\x89PNG\r\n\x1a\n", 8))
    return "image/png";
  if (size >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    return "image/jpeg";
  return NULL;
}

/* The cover picture: given, or the front matter's cover-image, read from
 * where the document's resources may come from. */
static GBytes *
cover_image (const BfDocument *doc, const BfEpubSettings *settings, GError **error)
{
  if (settings->cover_image)
    return g_bytes_ref (settings->cover_image);
  const char *name = bf_document_get_metadata (doc, "cover-image");
  if (!name)
    return NULL;
  const char *why = NULL;
  g_autofree char *path = bf_document_resolve_resource (doc, name, &why);
  if (!path)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cover-image %s: %s", doc->name, name, why);
      return NULL;
    }
  char *data;
  gsize size;
  if (!g_file_get_contents (path, &data, &size, NULL))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the cover image", path);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

static const char *
any_image_media_type (GBytes *data, const char *name)
{
  const char *type = image_media_type (data);
  if (type)
    return type;
  gsize size;
  const char *d = g_bytes_get_data (data, &size);
  if (size >= 6 && (!memcmp (d, "GIF87a", 6) || !memcmp (d, "GIF89a", 6)))
    return "image/gif";
  if (size >= 12 && !memcmp (d, "RIFF", 4) && !memcmp (d + 8, "WEBP", 4))
    return "image/webp";
  if (g_str_has_suffix (name, ".svg") && g_strstr_len (d, MIN (size, 4096), "<svg"))
    return "image/svg+xml";
  return NULL;
}

/* Resolves @src as the read stage allows resources (the document's folder,
 * the current folder's tree, --resource-path); NULL with @why set. */
static char *
resolve_inside (const BfDocument *doc, const char *src, const char **why)
{
  return bf_document_resolve_resource (doc, src, why);
}

/* The pictures a book keeps, for its accessibility metadata. */
typedef struct {
  guint kept;
  guint without_alt; /* of those kept, with no alt text or a blank one */
} PictureCount;

static gboolean
is_blank (const xmlChar *text)
{
  for (const xmlChar *p = text; p && *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The bytes and media type of the picture a data: URI holds, checked as
 * the PDF's pictures are; NULL with @why set when it holds none. */
static GBytes *
data_uri_picture (const char *src, const char **type, const char **why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BfImage) image = bf_image_load (src, NULL, &error);
  if (!image)
    {
      *why = error->code == BF_ERROR_LIMIT ? "is too large a picture" : "is not a picture bifolio reads";
      return NULL;
    }
  static const struct {
    BfImageKind kind;
    const char *type;
  } types[] = { { BF_IMAGE_PNG, "image/png" }, { BF_IMAGE_JPEG, "image/jpeg" }, { BF_IMAGE_GIF, "image/gif" },
                { BF_IMAGE_WEBP, "image/webp" }, { BF_IMAGE_SVG, "image/svg+xml" } };
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (bf_image_get_kind (image) == types[i].kind)
      *type = types[i].type;
  if (!*type)
    {
      *why = "not an image EPUB readers take (PNG, JPEG, GIF, WebP, SVG)";
      return NULL;
    }
  return g_bytes_ref (bf_image_get_bytes (image));
}

/* The bytes and media type of the file at @path when it is a picture EPUB
 * readers take; NULL with @why set otherwise. */
static GBytes *
file_picture (const char *path, const char **type, const char **why)
{
  char *data;
  gsize size;
  if (!g_file_get_contents (path, &data, &size, NULL))
    {
      *why = "cannot be read";
      return NULL;
    }
  GBytes *bytes = g_bytes_new_take (data, size);
  *type = any_image_media_type (bytes, path);
  if (!*type)
    {
      *why = "not an image EPUB readers take (PNG, JPEG, GIF, WebP, SVG)";
      g_bytes_unref (bytes);
      return NULL;
    }
  return bytes;
}

/* Copies a picture into the book as images/N-BASE (BASE made safe for a
 * file name in the package); returns that name, which @copied owns under
 * @key.  SVG is cleaned of what EPUB forbids first (*@dropped counts the
 * files it drew that the book does not hold); NULL with @why set when it
 * is not well-formed. */
static const char *
copy_picture (GBytes *bytes, const char *type, const char *base, const char *key, GPtrArray *items,
              GHashTable *copied, const char **why, guint *dropped)
{
  g_autoptr (GBytes) kept = NULL;
  if (!strcmp (type, "image/svg+xml"))
    {
      kept = bf_sanitize_svg (bytes, dropped);
      if (!kept)
        {
          *why = "is not well-formed SVG";
          return NULL;
        }
    }
  else
    kept = g_bytes_ref (bytes);
  char *inside = g_strdup_printf ("images/%u-%s", g_hash_table_size (copied) + 1, base);
  for (char *p = inside + 7; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      *p = '_';
  g_ptr_array_add (items, bf_epub_item_new (inside, g_steal_pointer (&kept), type));
  g_hash_table_insert (copied, g_strdup (key), inside);
  return inside;
}

/* The name of the copy of the picture @src names, copied in on first use
 * (@copied maps a file's path, or "data:" and a data: URI's SHA-256, to
 * it; *@dropped as copy_picture says); NULL with @why set when it cannot
 * be kept. */
static const char *
picture_in_book (const BfDocument *doc, const char *src, GPtrArray *items, GHashTable *copied,
                 const char **why, guint *dropped)
{
  g_autofree char *key = NULL;
  g_autofree char *base = NULL;
  gboolean is_data = !g_ascii_strncasecmp (src, "data:", 5);
  if (is_data)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, src, -1);
      key = g_strconcat ("data:", hash, NULL);
    }
  else
    {
      key = resolve_inside (doc, src, why);
      if (!key)
        return NULL;
    }
  const char *name = g_hash_table_lookup (copied, key);
  if (name)
    return name;
  const char *type = NULL;
  g_autoptr (GBytes) bytes = NULL;
  if (is_data)
    {
      bytes = data_uri_picture (src, &type, why);
      if (bytes)
        base = g_strconcat ("picture.", strchr (type, '/') + 1, NULL);
    }
  else
    {
      bytes = file_picture (key, &type, why);
      base = g_path_get_basename (key);
    }
  if (!bytes)
    return NULL;
  if (!strcmp (type, "image/svg+xml") && !g_str_has_suffix (base, ".svg"))
    {
      g_free (base);
      base = g_strdup ("picture.svg");
    }
  return copy_picture (bytes, type, base, key, items, copied, why, dropped);
}

/* Images of the chapters: files inside the document's folder and data:
 * URIs are copied in with their media types and the src rewritten (and
 * counted in @count); anything else is dropped (its alt text kept) with a
 * warning naming it. */
static void
collect_images (const BfDocument *doc, xmlNodePtr node, GPtrArray *items, GHashTable *copied,
                BfSanitizer *reports, PictureCount *count)
{
  for (xmlNodePtr n = node->children, next; n; n = next)
    {
      next = n->next;
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (xmlStrcasecmp (n->name, BAD_CAST "img") != 0)
        {
          collect_images (doc, n, items, copied, reports, count);
          continue;
        }
      g_autofree xmlChar *src = xmlGetProp (n, BAD_CAST "src");
      const char *why = NULL;
      guint dropped = 0;
      const char *name = src ? picture_in_book (doc, (const char *) src, items, copied, &why, &dropped) : NULL;
      if (dropped)
        {
          /* An inline <svg> is a data: URI by now: the line names it. */
          gboolean data = !g_ascii_strncasecmp ((const char *) src, "data:", 5);
          bf_sanitizer_report (reports, n, NULL, "SVG picture%s%s: %u picture%s it draws from other files left out",
                               data ? "" : " ", data ? "" : (const char *) src, dropped,
                               dropped == 1 ? "" : "s");
        }
      if (name)
        {
          xmlSetProp (n, BAD_CAST "src", BAD_CAST name);
          g_autofree xmlChar *alt = xmlGetProp (n, BAD_CAST "alt");
          if (!alt)
            xmlSetProp (n, BAD_CAST "alt", BAD_CAST "");
          count->kept++;
          count->without_alt += is_blank (alt);
          continue;
        }
      /* Each picture named, but those on the network (a README's badges
       * and avatars, by the hundred) in one warning with their count. */
      gboolean remote = src && strstr ((const char *) src, "://");
      if (!src || !*src)
        bf_sanitizer_report (reports, n, NULL, "an image with no src");
      else
        {
          g_autofree char *quoted = bf_image_reference_name ((const char *) src);
          bf_sanitizer_report (reports, n, remote ? "picture on the network" : NULL, "image %s %s%s",
                               quoted, why, remote ? ", nor any on the network" : "");
        }
      g_autofree xmlChar *alt = xmlGetProp (n, BAD_CAST "alt");
      if (alt && *alt)
        {
          xmlNodePtr span = xmlNewDocNode (n->doc, NULL, BAD_CAST "span", NULL);
          xmlNodeAddContent (span, alt);
          xmlAddPrevSibling (n, span);
        }
      xmlUnlinkNode (n);
      xmlFreeNode (n);
    }
}

/* TRUE when @link has a name a screen reader can say: text, a picture's
 * alt text or an aria-label. */
static gboolean
link_has_name (xmlNodePtr link)
{
  g_autofree xmlChar *label = xmlGetProp (link, BAD_CAST "aria-label");
  if (!is_blank (label))
    return TRUE;
  for (xmlNodePtr n = link->children; n; n = bf_node_next_in_walk (n, link, TRUE))
    {
      if (n->type == XML_TEXT_NODE && !is_blank (n->content))
        return TRUE;
      if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "img"))
        {
          g_autofree xmlChar *alt = xmlGetProp (n, BAD_CAST "alt");
          if (!is_blank (alt))
            return TRUE;
        }
    }
  return FALSE;
}

/* @n or its nearest ancestor that knows its source line (inline elements
 * may not). */
static xmlNodePtr
with_line (xmlNodePtr n)
{
  while (n->parent && n->parent->type == XML_ELEMENT_NODE && xmlGetLineNo (n) <= 0)
    n = n->parent;
  return n;
}

/* Links left with nothing to say (a picture without alt text, or one left
 * out) are named by their address (aria-label), with a warning. */
static void
name_empty_links (xmlNodePtr root, BfSanitizer *reports)
{
  for (xmlNodePtr n = root; n;)
    {
      gboolean link = n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "a");
      if (link)
        {
          g_autofree xmlChar *href = xmlGetProp (n, BAD_CAST "href");
          if (href && *href && !link_has_name (n))
            {
              xmlSetProp (n, BAD_CAST "aria-label", href);
              bf_sanitizer_report (reports, with_line (n), "link with no text",
                                   "link to %s has no text (nor a picture's alt text); screen "
                                   "readers will say its address", (const char *) href);
            }
        }
      n = bf_node_next_in_walk (n, root, !link);
    }
}

static gboolean
add_bytes (zip_t *zip, const char *name, GBytes *bytes, time_t mtime, GError **error)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  return add_entry (zip, name, g_memdup2 (data, size), size, FALSE, mtime, error);
}

static gboolean
add_string (zip_t *zip, const char *name, char *text, time_t mtime, GError **error)
{
  return add_entry (zip, name, text, strlen (text), FALSE, mtime, error);
}

static gboolean
add_chapter (zip_t *zip, BfChapter *chapter, time_t mtime, GError **error)
{
  gsize length;
  char *xhtml = bf_epub_serialize_xhtml (chapter->xhtml, &length);
  g_autofree char *name = g_strconcat ("OEBPS/", chapter->file_name, NULL);
  return add_entry (zip, name, xhtml, length, FALSE, mtime, error);
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

static GBytes *
zip_publication (const BfDocument *doc, BfPublication *pub, GError **error)
{
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
      return NULL;
    }
  zip_source_keep (src);
  time_t mtime = (time_t) bf_epub_timestamp ();
  gboolean ok = add_entry (zip, "mimetype", g_strdup ("application/epub+zip"), 20, TRUE, mtime, error)
                && add_entry (zip, "META-INF/container.xml", g_strdup (container_xml),
                              strlen (container_xml), FALSE, mtime, error)
                && add_string (zip, "OEBPS/content.opf", bf_epub_package_document (doc, pub), mtime, error)
                && add_string (zip, "OEBPS/nav.xhtml", bf_epub_nav_document (doc, pub), mtime, error)
                && add_string (zip, "OEBPS/toc.ncx", bf_epub_ncx_document (doc, pub), mtime, error);
  for (guint i = 0; ok && i < pub->items->len; i++)
    {
      BfEpubItem *item = pub->items->pdata[i];
      g_autofree char *name = g_strconcat ("OEBPS/", item->path, NULL);
      ok = add_bytes (zip, name, item->data, mtime, error);
    }
  if (ok && pub->cover)
    ok = add_chapter (zip, pub->cover, mtime, error);
  for (guint i = 0; ok && i < pub->chapters->len; i++)
    ok = add_chapter (zip, pub->chapters->pdata[i], mtime, error);
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

/* TRUE when @value names a file (url(), src()): a document's sheet may
 * not make the book refer to what it does not hold. */
static gboolean
names_a_file (GArray *value)
{
  for (guint i = 0; i < value->len; i++)
    {
      const BfCssToken *t = &g_array_index (value, BfCssToken, i);
      if (t->type == BF_CSS_URL || t->type == BF_CSS_BAD_URL
          || (t->type == BF_CSS_FUNCTION
              && (!g_ascii_strcasecmp (t->text, "url") || !g_ascii_strcasecmp (t->text, "src"))))
        return TRUE;
    }
  return FALSE;
}

/* Drops from @rules (and the rules nested in them) the declarations that
 * name files, each with a warning at its place in sheet @name (@what says
 * which sheet). */
static void
drop_file_references (GPtrArray *rules, const char *name, const char *what, GPtrArray *warnings)
{
  for (guint i = 0; i < rules->len; i++)
    {
      BfCssRule *rule = rules->pdata[i];
      /* Left out whole: bifolio declares the faces it embeds itself. */
      if (rule->type == BF_CSS_RULE_AT && !strcmp (rule->at_name, "font-face"))
        continue;
      for (guint k = rule->declarations->len; k > 0; k--)
        {
          const BfCssDeclaration *d = rule->declarations->pdata[k - 1];
          if (!names_a_file (d->value))
            continue;
          if (warnings)
            g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: %s: '%s' names a file; "
                                                        "left out of the EPUB's style sheet",
                                                        name, d->line, d->column, what, d->name));
          g_ptr_array_remove_index (rule->declarations, k - 1);
        }
      drop_file_references (rule->rules, name, what, warnings);
    }
}

/* Where the sheets of the book go, and what they are written with. */
typedef struct {
  GString *css;
  const BfDocument *doc;
  const char *const *families;   /* the fallback faces, for font-family lists */
  GPtrArray *warnings;           /* the writer's own, owned; NULL: none wanted */
  GHashTable *said;              /* those and the styler's, borrowed */
  GPtrArray *importing;          /* the files of the sheets being written */
} SheetWriter;

static void
add_warning (SheetWriter *w, char *warning)
{
  /* The styler has said so already of what applies to every screen. */
  if (w->warnings && g_hash_table_add (w->said, warning))
    g_ptr_array_add (w->warnings, warning);
  else
    g_free (warning);
}

/* Opens an @layer block for @layer (a dotted name), or an anonymous one
 * (NULL): where an @import puts its sheet into a layer. */
static void
append_layer_open (GString *css, const char *layer)
{
  g_string_append (css, "@layer");
  g_auto (GStrv) parts = g_strsplit (layer ? layer : "", ".", -1);
  for (int i = 0; layer && parts[i]; i++)
    {
      g_string_append_c (css, i ? '.' : ' ');
      bf_css_append_name (css, parts[i]);
    }
  g_string_append (css, " {\n");
}

/* Where a sheet's text begins in the file warnings name. */
typedef struct {
  long line;
  int column;
} SheetOrigin;

/* A sheet, @text, named @name in warnings (its text beginning at @origin
 * there, or at the start when NULL), @what it is named in those about
 * url()s (NULL: a user's sheet, which may name files), in folder
 * @base_dir (where it finds what it imports, as bf_css_resolve_file()
 * says, under @resolving), appended to the book's sheet under @heading,
 * inside @media when it is not NULL: first the sheets it imports, each in
 * its place, then its own rules, less what EPUB style sheets may not hold
 * and what names files. */
static void
append_sheet (SheetWriter *w, const char *heading, const char *text, const char *name,
              const SheetOrigin *origin, const char *what, const char *base_dir,
              const BfDocument *resolving, const char *media)
{
  g_autoptr (BfCssStylesheet) parsed
      = bf_css_stylesheet_parse_at (text, -1, name, origin ? (int) origin->line : 1,
                                    origin ? origin->column : 1);
  if (what)
    {
      g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      drop_file_references (parsed->rules, name, what, found);
      for (guint i = 0; i < found->len; i++)
        add_warning (w, g_strdup (found->pdata[i]));
    }
  g_string_append_printf (w->css, "\n/* %s */\n", heading);
  if (media)
    g_string_append_printf (w->css, "@media %s {\n", media);
  for (guint i = 0; i < parsed->rules->len; i++)
    {
      const BfCssRule *rule = parsed->rules->pdata[i];
      if (rule->type != BF_CSS_RULE_AT || (strcmp (rule->at_name, "import")
                                           && strcmp (rule->at_name, "charset")
                                           && strcmp (rule->at_name, "layer")))
        break; /* @import comes first, or not at all */
      if (!strcmp (rule->at_name, "layer") && !rule->has_block)
        {
          /* Before the sheets imported into layers, which it may order
           * (one CSS cannot read is left out, as the styler said). */
          g_autoptr (GPtrArray) names = bf_layer_rule_names (rule, NULL);
          if (names)
            {
              g_string_append (w->css, "@layer ");
              bf_css_tokens_append (w->css, rule->prelude);
              g_string_append (w->css, ";\n");
            }
          g_ptr_array_remove_index (parsed->rules, i--);
          continue;
        }
      if (strcmp (rule->at_name, "import"))
        continue;
      g_autofree char *warning = NULL;
      g_autoptr (BfCssImport) import = bf_css_import_read (rule, name, base_dir, resolving,
                                                           &bf_medium_screen, &warning);
      if (warning)
        add_warning (w, g_steal_pointer (&warning));
      const char *why = import ? bf_css_import_refused (import, w->importing) : NULL;
      if (why)
        add_warning (w, g_strdup_printf ("%s:%d:%d: warning: @import %s not read: %s", name,
                                         rule->line, rule->column, import->path, why));
      if (!import || why)
        continue;
      g_autofree char *base = g_path_get_basename (import->path);
      g_autofree char *imported_heading = g_strdup_printf ("%s, imported", base);
      g_autofree char *dir = g_path_get_dirname (import->path);
      g_ptr_array_add (w->importing, import->path);
      if (import->layered)
        append_layer_open (w->css, import->layer);
      append_sheet (w, imported_heading, import->text, import->path, NULL,
                    what ? "stylesheet" : NULL, dir, resolving,
                    import->match == BF_MEDIA_UNKNOWN ? import->media : NULL);
      if (import->layered)
        g_string_append (w->css, "}\n");
      g_ptr_array_remove_index (w->importing, w->importing->len - 1);
    }
  guint dropped = 0;
  g_autofree char *serialized = bf_css_stylesheet_serialize_for_epub (parsed, w->families,
                                                                      &dropped);
  if (dropped)
    add_warning (w, g_strdup_printf ("%s: warning: %u selector%s left out of the EPUB's style "
                                     "sheet: :has(), and :is(), :where() or :not() holding "
                                     "combinators, are Selectors Level 4, which epubcheck "
                                     "does not read", name, dropped, dropped == 1 ? "" : "s"));
  g_string_append (w->css, strchr (serialized, '\n') + 1);
  if (media)
    g_string_append (w->css, "}\n");
}

/* append_sheet() for one sheet of the book, first of its chain of
 * imports. */
static void
append_top_sheet (SheetWriter *w, const char *heading, const char *text, const char *name,
                  const SheetOrigin *origin, const char *what, const char *base_dir,
                  const BfDocument *resolving, const char *media)
{
  g_ptr_array_add (w->importing, (gpointer) name);
  append_sheet (w, heading, text, name, origin, what, base_dir, resolving, media);
  g_ptr_array_set_size (w->importing, 0);
}

/* The sheets of the document's <link rel="stylesheet"> elements and its
 * own <style> elements, in document order, after the user's sheets as
 * they cascade in the PDF: those for screens or all media (e-readers are
 * screens), and those whose media only a reading system can tell, inside
 * an @media rule that asks it.  The chapters cannot keep them (the
 * sanitizer takes <style> and <link> out of content documents), so they
 * travel in style.css. */
static void
append_style_elements (SheetWriter *w)
{
  const BfDocument *doc = w->doc;
  xmlNodePtr root = xmlDocGetRootElement (doc->tree);
  for (xmlNodePtr n = root; n; )
    {
      gboolean is_style = n->type == XML_ELEMENT_NODE && !xmlStrcasecmp (n->name, BAD_CAST "style");
      gboolean is_link = bf_linked_sheet_is_stylesheet (n);
      BfMediaMatch match = is_style || is_link ? bf_element_media_match (n, &bf_medium_screen)
                                               : BF_MEDIA_FALSE;
      g_autofree char *media = NULL;
      if (match == BF_MEDIA_UNKNOWN)
        {
          g_autofree xmlChar *attribute = xmlGetProp (n, BAD_CAST "media");
          media = bf_media_attribute_serialize ((const char *) attribute);
        }
      if (is_style && (match == BF_MEDIA_TRUE || media))
        {
          g_autofree xmlChar *text = xmlNodeGetContent (n);
          g_autofree char *heading = g_strdup_printf ("from the document's <style> at line %ld",
                                                      xmlGetLineNo (n));
          /* Named as the styler names it, so that a warning is given once. */
          g_autofree char *name = NULL;
          SheetOrigin origin;
          bf_style_element_source (doc, n, &name, &origin.line, &origin.column);
          append_top_sheet (w, heading, (const char *) text, name, &origin, "<style>",
                            doc->base_dir, doc, media);
        }
      g_autofree char *path = NULL, *warning = NULL;
      g_autofree char *linked = is_link && (match == BF_MEDIA_TRUE || media)
                                    ? bf_linked_sheet_read (doc, n, &path, &warning) : NULL;
      if (warning)
        add_warning (w, g_steal_pointer (&warning));
      if (linked)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *heading = g_strdup_printf ("from %s, linked at line %ld", base,
                                                      xmlGetLineNo (n));
          g_autofree char *dir = g_path_get_dirname (path);
          append_top_sheet (w, heading, linked, path, NULL, "stylesheet", dir, doc, media);
        }
      n = bf_node_next_in_walk (n, root, !is_style);
    }
}

GBytes *
bf_epub_build (const BfDocument *doc, const BfEpubSettings *settings, GError **error)
{
  g_return_val_if_fail (doc && settings, NULL);
  g_autofree char *css_path = g_build_filename (bf_data_dir (), "styles", "default.css", NULL);
  char *css_text = NULL;
  if (!g_file_get_contents (css_path, &css_text, NULL, NULL))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the stylesheet", css_path);
      return NULL;
    }
  GString *css = g_string_new (NULL);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_epub_item_free);
  /* The sheets' warnings, unless the print edition laid out for the page
   * list has given them already. */
  BfStyler *styler = bf_styler_new_for_medium (doc, &bf_medium_screen);
  GPtrArray *style_warnings = bf_styler_get_warnings (styler);
  for (guint i = 0; settings->warnings && !settings->page_starts && i < style_warnings->len; i++)
    g_ptr_array_add (settings->warnings, g_strdup (style_warnings->pdata[i]));
  /* Reading systems know no -bf-digits: the text carries its digits. */
  g_autoptr (GHashTable) digits = bf_styler_convert_digits (styler, xmlDocGetRootElement (doc->tree));
  g_autoptr (GPtrArray) fallback_families = g_ptr_array_new_with_free_func (g_free);
  if (settings->embed_fonts)
    {
      g_autoptr (GPtrArray) fonts = bf_epub_embed_fonts (doc, styler, digits, css,
                                                         fallback_families);
      g_ptr_array_extend_and_steal (items, g_steal_pointer (&fonts));
    }
  bf_styler_free (styler);
  g_ptr_array_add (fallback_families, NULL);
  const char *const *families = (const char *const *) fallback_families->pdata;
  {
    /* The built-in sheet, less what e-readers must not see (@page, print
     * rules, direction). */
    g_autoptr (BfCssStylesheet) parsed = bf_css_stylesheet_parse (css_text, -1, "default.css");
    g_autofree char *text = bf_css_stylesheet_serialize_for_epub (parsed, families, NULL);
    g_string_append (css, text);
    g_free (css_text);
  }
  /* The user's sheets follow, as they cascade in the PDF, less what EPUB
   * style sheets may not hold. */
  g_autoptr (GPtrArray) importing = g_ptr_array_new ();
  g_autoptr (GPtrArray) writer_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) said = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; settings->warnings && i < settings->warnings->len; i++)
    if (settings->warnings->pdata[i])
      g_hash_table_add (said, settings->warnings->pdata[i]);
  SheetWriter writer = { css, doc, families, settings->warnings ? writer_warnings : NULL, said,
                         importing };
  for (guint i = 0; i < doc->stylesheets->len; i++)
    {
      const char *const *sheet = doc->stylesheets->pdata[i];
      g_autofree char *base = g_path_get_basename (sheet[0]);
      g_autofree char *heading = g_strdup_printf ("from %s", base);
      g_autofree char *dir = g_path_get_dirname (sheet[0]);
      append_top_sheet (&writer, heading, sheet[1], sheet[0], NULL, NULL, dir, NULL, NULL);
    }
  append_style_elements (&writer);
  g_clear_pointer (&said, g_hash_table_unref); /* it borrows from writer_warnings */
  bf_style_warnings_limit (writer_warnings);
  for (guint i = 0; settings->warnings && i < writer_warnings->len; i++)
    g_ptr_array_add (settings->warnings, g_strdup (writer_warnings->pdata[i]));
  g_ptr_array_insert (items, 0, bf_epub_item_new (g_strdup ("style.css"),
                                                  g_string_free_to_bytes (css), "text/css"));

  g_autoptr (BfChapter) cover = NULL;
  if (settings->cover)
    {
      GError *local = NULL;
      GBytes *image = cover_image (doc, settings, &local);
      if (local)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      const char *type = image ? image_media_type (image) : NULL;
      if (image && !type)
        {
          g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED,
                       "%s: the cover image is neither PNG nor JPEG", doc->name);
          g_bytes_unref (image);
          return NULL;
        }
      if (image)
        {
          const char *name = g_str_equal (type, "image/png") ? "cover.png" : "cover.jpg";
          BfEpubItem *item = bf_epub_item_new (g_strdup (name), image, type);
          item->properties = "cover-image";
          g_ptr_array_add (items, item);
          cover = bf_epub_cover_page (doc, name);
        }
    }

  g_autoptr (GArray) nav = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (nav, (GDestroyNotify) nav_entry_clear);
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (BfNavEntry));
  g_array_set_clear_func (pages, (GDestroyNotify) nav_entry_clear);
  g_autoptr (GHashTable) languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) chapters = bf_epub_make_chapters (doc, settings->split_level,
                                                          settings->page_starts, nav, pages,
                                                          languages, digits, settings->warnings);
  g_autoptr (GHashTable) copied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Refused pictures and links left without a name: one warning for each
   * reason. */
  g_autoptr (BfSanitizer) image_reports = bf_sanitizer_new (doc->name);
  PictureCount pictures = { cover ? 1 : 0, 0 };
  for (guint i = 0; i < chapters->len; i++)
    collect_images (doc, xmlDocGetRootElement (((BfChapter *) chapters->pdata[i])->xhtml),
                    items, copied, image_reports, &pictures);
  for (guint i = 0; i < chapters->len; i++)
    name_empty_links (xmlDocGetRootElement (((BfChapter *) chapters->pdata[i])->xhtml),
                      image_reports);
  bf_sanitizer_take_warnings (image_reports, settings->warnings);
  g_autofree char *identifier = bf_epub_identifier (doc);
  BfPublication pub = {
    chapters, items, cover, nav, pages, languages,
    g_strcmp0 (bf_epub_get_direction (doc), "rtl") == 0,
    identifier, pictures.kept, pictures.without_alt,
  };
  return zip_publication (doc, &pub, error);
}
