/* resource.c — where a document's pictures, sheets and fonts may come from:
 * its own folder, the current folder's tree when the document lies inside
 * it (a translated README reaching ../img/), and each folder added with
 * bf_document_add_resource_path (--resource-path).  Anything else — an
 * absolute path outside those roots, `..` leaving them, a symbolic link
 * pointing out of them, a network address — is refused, and the reason is
 * given for the caller's warning.  Also the list of the picture files a
 * document reads, for a watcher. */
#include "read/read.h"

#include <string.h>

/* TRUE when canonical @path is @root or lies below it. */
static gboolean
is_under (const char *path, const char *root)
{
  gsize n = strlen (root);
  if (strcmp (root, "/") == 0)
    return TRUE;
  return strncmp (path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* @path with every symbolic link resolved (realpath), or NULL when it does
 * not exist. */
static char *
real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  if (!resolved)
    return NULL;
  char *copy = g_strdup (resolved);
  free (resolved);
  return copy;
}

/* The folders resources may come from: with links resolved when @real,
 * else only made canonical (as written, `..` and `.` taken out). */
static GPtrArray *
resource_roots (const BfDocument *doc, gboolean real)
{
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cwd_name = g_get_current_dir ();
  char *base = real ? real_path (doc->base_dir) : g_canonicalize_filename (doc->base_dir, NULL);
  char *cwd = real ? real_path (cwd_name) : g_canonicalize_filename (cwd_name, NULL);
  if (base && cwd && is_under (base, cwd) && strcmp (cwd, "/") != 0)
    g_ptr_array_add (roots, cwd);
  else
    g_free (cwd);
  if (base)
    g_ptr_array_add (roots, base);
  for (guint i = 0; i < doc->resource_dirs->len; i++)
    g_ptr_array_add (roots, g_strdup (doc->resource_dirs->pdata[i]));
  return roots;
}

static gboolean
is_under_a_root (const char *path, GPtrArray *roots)
{
  for (guint i = 0; i < roots->len; i++)
    if (is_under (path, roots->pdata[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_network_address (const char *url)
{
  return strstr (url, "://") != NULL || g_str_has_prefix (url, "//")
         || g_ascii_strncasecmp (url, "mailto:", 7) == 0;
}

/* @url without its query and fragment, percent-decoded. */
static char *
url_to_relative_path (const char *url)
{
  gsize n = strcspn (url, "?#");
  g_autofree char *bare = g_strndup (url, n);
  char *path = g_uri_unescape_string (bare, NULL);
  return path ? path : g_strdup (bare);
}

char *
bf_document_resolve_resource (const BfDocument *doc, const char *url, const char **why)
{
  g_return_val_if_fail (doc != NULL && url != NULL && why != NULL, NULL);
  if (g_str_has_prefix (url, "data:"))
    {
      *why = "a data: address is not a file";
      return NULL;
    }
  if (is_network_address (url))
    {
      *why = "not fetched (bifolio reads no network)";
      return NULL;
    }
  g_autofree char *relative = url_to_relative_path (url);
  if (!*relative)
    {
      *why = "an empty address";
      return NULL;
    }
  g_autofree char *joined = g_path_is_absolute (relative)
                              ? g_strdup (relative)
                              : g_build_filename (doc->base_dir, relative, NULL);
  static const char outside[] = "refused: outside the document's folder, the current folder and "
                                "--resource-path";
  /* Where it is said to be first (so nothing is told of files elsewhere),
   * then where its links lead. */
  g_autofree char *lexical = g_canonicalize_filename (joined, NULL);
  g_autoptr (GPtrArray) lexical_roots = resource_roots (doc, FALSE);
  if (!is_under_a_root (lexical, lexical_roots))
    {
      *why = outside;
      return NULL;
    }
  char *path = real_path (joined);
  if (!path || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *why = path ? "cannot be read (not a file)" : "cannot be read (no such file)";
      g_free (path);
      return NULL;
    }
  g_autoptr (GPtrArray) roots = resource_roots (doc, TRUE);
  if (!is_under_a_root (path, roots))
    {
      g_free (path);
      *why = outside;
      return NULL;
    }
  return path;
}

gboolean
bf_document_add_resource_path (BfDocument *doc, const char *dir, GError **error)
{
  g_return_val_if_fail (doc != NULL && dir != NULL, FALSE);
  char *path = real_path (dir);
  if (!path || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: not a folder", dir);
      g_free (path);
      return FALSE;
    }
  g_ptr_array_add (doc->resource_dirs, path);
  return TRUE;
}

char **
bf_document_list_picture_files (const BfDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  GPtrArray *files = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  xmlNodePtr body = bf_document_get_body (doc);
  for (xmlNodePtr n = body ? body->children : NULL; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp (n->name, BAD_CAST "img"))
        continue;
      g_autofree xmlChar *src = xmlGetProp (n, BAD_CAST "src");
      const char *why;
      char *path = src ? bf_document_resolve_resource (doc, (const char *) src, &why) : NULL;
      if (path && g_hash_table_add (seen, path))
        g_ptr_array_add (files, path);
      else
        g_free (path);
    }
  g_ptr_array_add (files, NULL);
  return (char **) g_ptr_array_free (files, FALSE);
}
