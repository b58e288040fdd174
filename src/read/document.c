/* document.c — BfDocument: loading a file, choosing the reader by format,
 * and what every input gets afterwards (language and direction on <html>,
 * a title block from the front matter). */
#include "read/read.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

xmlNodePtr
bf_document_get_body (const BfDocument *doc)
{
  xmlNodePtr html = xmlDocGetRootElement (doc->tree);
  for (xmlNodePtr n = html ? html->children : NULL; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp (n->name, BAD_CAST "body") == 0)
      return n;
  return NULL;
}

xmlNodePtr
bf_node_next_in_walk (xmlNodePtr n, xmlNodePtr root, gboolean descend)
{
  if (descend && n->type == XML_ELEMENT_NODE && n->children)
    return n->children;
  while (n && n != root && !n->next)
    n = n->parent;
  return n && n != root ? n->next : NULL;
}

char *
bf_text_collapse_spaces (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text ? text : "", " \t\r\n\f", -1);
  GString *collapsed = g_string_new (NULL);
  for (char **w = words; *w; w++)
    if (**w)
      g_string_append_printf (collapsed, "%s%s", collapsed->len ? " " : "", *w);
  return g_string_free (collapsed, FALSE);
}

gboolean
bf_element_is (xmlNodePtr n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && !xmlStrcasecmp (n->name, BAD_CAST name);
}

gboolean
bf_element_has_class (xmlNodePtr element, const char *name)
{
  g_autofree xmlChar *classes = xmlGetProp (element, BAD_CAST "class");
  if (!classes)
    return FALSE;
  g_auto (GStrv) words = g_strsplit_set ((const char *) classes, " \t\n", -1);
  return g_strv_contains ((const char *const *) words, name);
}

int
bf_element_heading_level (xmlNodePtr node)
{
  if (node->type != XML_ELEMENT_NODE)
    return 0;
  const char *name = (const char *) node->name;
  if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2])
    return name[1] - '0';
  return 0;
}

char *
bf_heading_slug_new (xmlNodePtr heading)
{
  g_autofree xmlChar *content = xmlNodeGetContent (heading);
  g_autofree char *text = g_strstrip (g_strdup (content ? (const char *) content : ""));
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *out = g_string_new (NULL);
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == ' ')
        g_string_append_c (out, '-');
      else if (g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '-' || c == '_')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Adds the id of every element under @root to the string set @ids. */
static void
add_ids (GHashTable *ids, xmlNodePtr root)
{
  for (xmlNodePtr n = root; n; n = bf_node_next_in_walk (n, root, TRUE))
    {
      xmlChar *id = n->type == XML_ELEMENT_NODE ? xmlGetProp (n, BAD_CAST "id") : NULL;
      if (id)
        g_hash_table_add (ids, g_strdup ((const char *) id));
      xmlFree (id);
    }
}

GHashTable *
bf_document_heading_anchors_new (const BfDocument *doc)
{
  GHashTable *anchors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xmlNodePtr body = bf_document_get_body (doc);
  /* Ids written in the document win over any heading's text. */
  add_ids (taken, body);
  for (xmlNodePtr n = body; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (!bf_element_heading_level (n))
        continue;
      char *slug = bf_heading_slug_new (n);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (repeats, slug));
      char *anchor = seen ? g_strdup_printf ("%s-%u", slug, seen) : g_strdup (slug);
      g_hash_table_insert (repeats, slug, GUINT_TO_POINTER (seen + 1));
      if (*anchor && g_hash_table_add (taken, g_strdup (anchor)))
        g_hash_table_insert (anchors, n, anchor);
      else
        g_free (anchor);
    }
  return anchors;
}

GHashTable *
bf_document_fragment_targets_new (const BfDocument *doc, GHashTable *heading_anchors)
{
  GHashTable *targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_ids (targets, bf_document_get_body (doc));
  GHashTableIter iter;
  gpointer anchor;
  g_hash_table_iter_init (&iter, heading_anchors);
  while (g_hash_table_iter_next (&iter, NULL, &anchor))
    g_hash_table_add (targets, g_strdup (anchor));
  return targets;
}

gboolean
bf_element_is_footnotes (xmlNodePtr node)
{
  return node->type == XML_ELEMENT_NODE
         && (bf_element_has_class (node, "footnotes") || xmlHasProp (node, BAD_CAST "data-footnotes"));
}

void
bf_document_add_warning (BfDocument *doc, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_insert (doc->warnings, doc->warnings->len - 1, text);
}

/* Replaces @el's element children by their content, in place, until it
 * holds only text and empty elements; a space stands where a child ended. */
static void
flatten_into (xmlDocPtr tree, xmlNodePtr el)
{
  xmlNodePtr c = el->children;
  while (c)
    {
      if (c->type != XML_ELEMENT_NODE || !c->children)
        {
          c = c->next;
          continue;
        }
      /* Splice c's children in its place, then a space, by hand: libxml2's
       * own insertion merges text nodes, which costs quadratic time here. */
      xmlNodePtr first = c->children, last = c->last;
      for (xmlNodePtr k = first; k; k = k->next)
        k->parent = el;
      xmlNodePtr space = xmlNewDocText (tree, BAD_CAST " ");
      space->parent = el;
      first->prev = c->prev;
      if (c->prev)
        c->prev->next = first;
      else
        el->children = first;
      last->next = space;
      space->prev = last;
      space->next = c->next;
      if (c->next)
        c->next->prev = space;
      else
        el->last = space;
      c->children = c->last = NULL;
      c->next = c->prev = NULL;
      c->parent = NULL;
      xmlFreeNode (c);
      c = first;
    }
}

void
bf_document_flatten_deep (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  if (!body)
    return;
  int depth = 0;
  gboolean warned = FALSE;
  xmlNodePtr n = body->children;
  while (n)
    {
      if (n->type == XML_ELEMENT_NODE && n->children)
        {
          if (depth + 1 < BF_READ_MAX_DEPTH)
            {
              depth++;
              n = n->children;
              continue;
            }
          if (!warned)
            bf_document_add_warning (doc, "%s:%ld: warning: elements nested deeper than %d levels are "
                                          "set flat; their text is kept", doc->name,
                                     xmlGetLineNo (n), BF_READ_MAX_DEPTH);
          warned = TRUE;
          flatten_into (doc->tree, n);
        }
      while (n && !n->next && n != body)
        {
          n = n->parent;
          depth--;
        }
      if (!n || n == body)
        break;
      n = n->next;
    }
}

/* <a name="x">, the anchor HTML 4 wrote, is an id, as HTML's fragment
 * lookup reads it, so that every later stage knows only ids. */
static void
name_anchors_by_id (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  for (xmlNodePtr n = body; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE || g_ascii_strcasecmp ((const char *) n->name, "a") != 0
          || xmlHasProp (n, BAD_CAST "id"))
        continue;
      g_autofree xmlChar *name = xmlGetProp (n, BAD_CAST "name");
      if (name && *name)
        xmlSetProp (n, BAD_CAST "id", name);
    }
}

static BfInputFormat
format_from_name (const char *name)
{
  const char *dot = strrchr (name, '.');
  if (!dot)
    return BF_INPUT_TEXT;
  if (!g_ascii_strcasecmp (dot, ".md") || !g_ascii_strcasecmp (dot, ".markdown"))
    return BF_INPUT_MARKDOWN;
  if (!g_ascii_strcasecmp (dot, ".html") || !g_ascii_strcasecmp (dot, ".htm")
      || !g_ascii_strcasecmp (dot, ".xhtml"))
    return BF_INPUT_HTML;
  return BF_INPUT_TEXT;
}

/* A header with the title, subtitle, author and date, as pandoc makes one:
 * the same node serves the PDF's first page and the EPUB's title page. */
static void
insert_title_block (BfDocument *doc)
{
  const char *title = g_hash_table_lookup (doc->metadata, "title");
  if (!title)
    return;
  xmlNodePtr body = bf_document_get_body (doc);
  xmlNodePtr header = xmlNewDocNode (doc->tree, NULL, BAD_CAST "header", NULL);
  xmlNewProp (header, BAD_CAST "class", BAD_CAST "title-block");
  static const char *const fields[][2] = {
    { "title", "h1" }, { "subtitle", "p" }, { "author", "p" }, { "date", "p" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = g_hash_table_lookup (doc->metadata, fields[i][0]);
      if (!value)
        continue;
      xmlNodePtr node = xmlNewChild (header, NULL, BAD_CAST fields[i][1], NULL);
      xmlNodeAddContent (node, BAD_CAST value);
      xmlNewProp (node, BAD_CAST "class", BAD_CAST fields[i][0]);
    }
  if (body->children)
    xmlAddPrevSibling (body->children, header);
  else
    xmlAddChild (body, header);
}

static void
apply_root_language (BfDocument *doc)
{
  xmlNodePtr html = xmlDocGetRootElement (doc->tree);
  const char *lang = g_hash_table_lookup (doc->metadata, "lang");
  const char *dir = g_hash_table_lookup (doc->metadata, "dir");
  if (lang)
    xmlSetProp (html, BAD_CAST "lang", BAD_CAST lang);
  if (dir)
    xmlSetProp (html, BAD_CAST "dir", BAD_CAST dir);
}

static BfDocument *
document_new (const char *name)
{
  BfDocument *doc = g_new0 (BfDocument, 1);
  doc->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  doc->name = g_strdup (name);
  doc->base_dir = g_path_get_dirname (name);
  g_autofree char *base = g_path_get_basename (name);
  char *dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = '\0';
  doc->default_title = g_strdup (base);
  doc->resource_dirs = g_ptr_array_new_with_free_func (g_free);
  doc->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (doc->warnings, NULL);
  doc->stylesheets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return doc;
}

BfDocument *
bf_document_parse (const char *data, gsize length, const char *name,
                   BfInputFormat format, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  static gsize parser_ready = 0;
  if (g_once_init_enter (&parser_ready))
    {
      xmlInitParser (); /* once, before threads parse at the same time */
      g_once_init_leave (&parser_ready, 1);
    }
  if (!name)
    name = "<input>";
  if (format == BF_INPUT_AUTO)
    format = format_from_name (name);
  g_autofree char *converted = NULL;
  gsize converted_length = 0;
  if (!bf_input_to_utf8 (data, length, name, format == BF_INPUT_HTML, &converted,
                         &converted_length, error))
    return NULL;
  if (converted)
    {
      data = converted;
      length = converted_length;
    }
  if (!bf_utf8_check (data, length, name, error))
    return NULL;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  g_autoptr (BfDocument) doc = document_new (name);
  switch (format)
    {
    case BF_INPUT_MARKDOWN:
      {
        gsize body_offset = 0;
        if (!bf_front_matter_parse (data, length, name, doc->metadata, &body_offset, error))
          return NULL;
        int line_offset = 0;
        for (gsize i = 0; i < body_offset; i++)
          line_offset += data[i] == '\n';
        doc->tree = bf_markdown_parse (doc, data + body_offset, length - body_offset, line_offset);
        insert_title_block (doc);
        break;
      }
    case BF_INPUT_HTML:
      doc->tree = bf_html_parse (data, length, name, doc->metadata, error);
      if (doc->tree)
        bf_style_origins_find (doc, data, length);
      break;
    case BF_INPUT_TEXT:
    default:
      doc->tree = bf_text_parse (data, length);
      break;
    }
  if (!doc->tree)
    return NULL;
  bf_document_flatten_deep (doc);
  name_anchors_by_id (doc);
  bf_document_foster_table_content (doc);
  bf_document_normalize_notes (doc);
  bf_document_inline_svg_to_pictures (doc);
  bf_document_normalize_pictures (doc);
  bf_document_normalize_controls (doc);
  bf_document_infer_language (doc);
  apply_root_language (doc);
  bf_document_title_alerts (doc);
  bf_document_linearize_math (doc);
  bf_style_origins_forget_gone (doc);
  return g_steal_pointer (&doc);
}

/* Inputs larger than this are refused before they are read. */
#define BF_INPUT_MAX_BYTES (256 * 1024 * 1024)

BfDocument *
bf_document_load (const char *path, BfInputFormat format, GError **error)
{
  GStatBuf st;
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > BF_INPUT_MAX_BYTES)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT, "%s: %lld MB is more than bifolio reads (%d MB)",
                   path, (long long) st.st_size / (1024 * 1024), BF_INPUT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  g_autofree char *data = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (!g_file_get_contents (path, &data, &length, &local))
    {
      const char *reason = local->message;
      if (local->code == G_FILE_ERROR_NOENT)
        reason = "no such file";
      else if (local->code == G_FILE_ERROR_ACCES)
        reason = "permission denied";
      else if (local->code == G_FILE_ERROR_ISDIR || g_file_test (path, G_FILE_TEST_IS_DIR))
        reason = "is a folder";
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read: %s", path, reason);
      g_error_free (local);
      return NULL;
    }
  return bf_document_parse (data, length, path, format, error);
}

void
bf_document_free (BfDocument *doc)
{
  if (!doc)
    return;
  if (doc->tree)
    xmlFreeDoc (doc->tree);
  g_hash_table_unref (doc->metadata);
  g_ptr_array_unref (doc->warnings);
  g_ptr_array_unref (doc->stylesheets);
  g_free (doc->name);
  g_free (doc->base_dir);
  g_free (doc->default_title);
  g_ptr_array_unref (doc->resource_dirs);
  if (doc->style_origins)
    g_hash_table_unref (doc->style_origins);
  g_free (doc);
}

const char *
bf_document_get_metadata (const BfDocument *doc, const char *key)
{
  g_return_val_if_fail (doc != NULL && key != NULL, NULL);
  return g_hash_table_lookup (doc->metadata, key);
}

const char *
bf_document_get_title (const BfDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  const char *title = g_hash_table_lookup (doc->metadata, "title");
  return title ? title : doc->default_title;
}

const char *const *
bf_document_get_warnings (const BfDocument *doc)
{
  return (const char *const *) doc->warnings->pdata;
}

gboolean
bf_document_add_stylesheet (BfDocument *doc, const char *path, GError **error)
{
  g_return_val_if_fail (doc && path, FALSE);
  char *text = NULL;
  gsize length = 0;
  if (!g_file_get_contents (path, &text, &length, NULL))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot read the stylesheet", path);
      return FALSE;
    }
  /* A malformed sheet is never an error: bytes that are not UTF-8 become
   * U+FFFD, as CSS decodes them, with a warning at the first. */
  const char *bad = NULL;
  if (!g_utf8_validate_len (text, length, &bad))
    {
      int line, column;
      bf_text_position (text, bad - text, &line, &column);
      bf_document_add_warning (doc, "%s:%d:%d: warning: %s; read as U+FFFD", path, line, column,
                               *bad ? "invalid UTF-8" : "a NUL byte");
      char *valid = g_utf8_make_valid (text, length);
      g_free (text);
      text = valid;
    }
  char **sheet = g_new0 (char *, 3);
  sheet[0] = g_strdup (path);
  sheet[1] = text;
  g_ptr_array_add (doc->stylesheets, sheet);
  return TRUE;
}
