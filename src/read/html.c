/* html.c — HTML input through libxml2's HTML parser, with the network and
 * entity loading off; fragments of raw HTML in Markdown are parsed here too,
 * each on its own.  libxml2 stops at 256 levels of nesting unless told
 * XML_PARSE_HUGE, dropping the rest of the document; we lift that limit and
 * flatten what is too deep ourselves (bf_document_flatten_deep), loudly.
 * libxml2 2.9 does not know every element HTML says is void (wbr, embed,
 * source, track, keygen): it nests what follows one inside it, which the
 * EPUB's XHTML may not hold, so their children are moved out after them.
 * Nor does it know HTML's newer named character references: entities.c
 * writes them as numbers first. */
#include "read/read.h"

#include <string.h>

#define PARSE_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | XML_PARSE_HUGE)

static xmlNodePtr
find_child (xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) n->name, name) == 0)
      return n;
  return NULL;
}

static void
set_if_missing (GHashTable *metadata, const char *key, xmlChar *value)
{
  if (value && *value && !g_hash_table_contains (metadata, key))
    g_hash_table_insert (metadata, g_strdup (key), g_strstrip (g_strdup ((const char *) value)));
  xmlFree (value);
}

static void
read_head_metadata (xmlNodePtr html, GHashTable *metadata)
{
  set_if_missing (metadata, "lang", xmlGetProp (html, BAD_CAST "lang"));
  set_if_missing (metadata, "dir", xmlGetProp (html, BAD_CAST "dir"));
  xmlNodePtr head = find_child (html, "head");
  for (xmlNodePtr n = head ? head->children : NULL; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) n->name, "title") == 0)
        set_if_missing (metadata, "title", xmlNodeGetContent (n));
      else if (g_ascii_strcasecmp ((const char *) n->name, "meta") == 0)
        {
          g_autofree xmlChar *meta_name = xmlGetProp (n, BAD_CAST "name");
          if (!meta_name)
            continue;
          g_autofree char *key = g_ascii_strdown ((const char *) meta_name, -1);
          if (g_str_equal (key, "author") || g_str_equal (key, "description")
              || g_str_equal (key, "date") || g_str_equal (key, "subtitle"))
            set_if_missing (metadata, key, xmlGetProp (n, BAD_CAST "content"));
        }
    }
}

/* Whether @name is a void element in HTML (§13.1.2), one that never has
 * content; the obsolete ones are HTML's too. */
static gboolean
is_void_element (const xmlChar *name)
{
  static const char *const void_elements[] = {
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (void_elements); i++)
    if (g_ascii_strcasecmp ((const char *) name, void_elements[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Moves the children of every void element under @root out after it, in
 * their order, so that they follow it as its siblings, as a browser's
 * parser has them. */
static void
lift_void_element_children (xmlNodePtr root)
{
  xmlNodePtr n = root ? root->children : NULL;
  while (n)
    {
      if (n->type == XML_ELEMENT_NODE && n->children && is_void_element (n->name))
        while (n->last)
          {
            xmlNodePtr child = n->last;
            xmlUnlinkNode (child);
            xmlAddNextSibling (n, child);
          }
      n = bf_node_next_in_walk (n, root, TRUE);
    }
}

/* Makes sure <html> holds <head> then <body>. */
static void
ensure_skeleton (xmlDocPtr doc)
{
  xmlNodePtr html = xmlDocGetRootElement (doc);
  if (!html)
    {
      html = xmlNewDocNode (doc, NULL, BAD_CAST "html", NULL);
      xmlDocSetRootElement (doc, html);
    }
  xmlNodePtr head = find_child (html, "head");
  if (!head)
    {
      head = xmlNewDocNode (doc, NULL, BAD_CAST "head", NULL);
      if (html->children)
        xmlAddPrevSibling (html->children, head);
      else
        xmlAddChild (html, head);
    }
  if (!find_child (html, "body"))
    xmlNewChild (html, NULL, BAD_CAST "body", NULL);
}

xmlDocPtr
bf_html_parse (const char *data, gsize length, const char *name,
               GHashTable *metadata, GError **error)
{
  g_autoptr (GString) numbered = bf_html_number_references (data, length);
  if (numbered)
    {
      data = numbered->str;
      length = numbered->len;
    }
  if (length > G_MAXINT)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT, "%s: input larger than 2 GB", name);
      return NULL;
    }
  htmlDocPtr doc = NULL;
  if (length > 0)
    doc = htmlReadMemory (data, (int) length, NULL, "UTF-8", PARSE_OPTIONS);
  if (!doc)
    doc = htmlNewDocNoDtD (NULL, NULL);
  lift_void_element_children ((xmlNodePtr) doc);
  ensure_skeleton (doc);
  read_head_metadata (xmlDocGetRootElement (doc), metadata);
  return doc;
}

xmlDocPtr
bf_html_new_skeleton (void)
{
  htmlDocPtr doc = htmlNewDocNoDtD (NULL, NULL);
  ensure_skeleton (doc);
  return doc;
}

xmlNodePtr
bf_html_get_body (xmlDocPtr doc)
{
  return find_child (xmlDocGetRootElement (doc), "body");
}

/* Adds @delta to the line of every element under @node. */
static void
shift_lines (xmlNodePtr node, int delta)
{
  xmlNodePtr n = node;
  while (n)
    {
      if (n->type == XML_ELEMENT_NODE)
        n->line = (unsigned short) CLAMP ((int) n->line + delta, 0, 65535);
      if (n->children && n->type == XML_ELEMENT_NODE)
        {
          n = n->children;
          continue;
        }
      while (n && n != node && !n->next)
        n = n->parent;
      if (!n || n == node)
        break;
      n = n->next;
    }
}

xmlNodePtr
bf_html_parse_fragment (xmlDocPtr doc, const char *data, gsize length, int first_line)
{
  static const char prefix[] = "<html><body>";
  g_autoptr (GString) numbered = bf_html_number_references (data, length);
  if (numbered)
    {
      data = numbered->str;
      length = numbered->len;
    }
  if (length > G_MAXINT - sizeof prefix)
    return NULL;
  GString *text = g_string_sized_new (length + sizeof prefix);
  g_string_append (text, prefix);
  g_string_append_len (text, data, length);
  htmlDocPtr parsed = htmlReadMemory (text->str, (int) text->len, NULL, "UTF-8", PARSE_OPTIONS);
  g_string_free (text, TRUE);
  if (!parsed)
    return NULL;
  lift_void_element_children ((xmlNodePtr) parsed);
  xmlNodePtr html = xmlDocGetRootElement (parsed);
  xmlNodePtr first = NULL, last = NULL;
  for (xmlNodePtr part = html ? html->children : NULL; part; part = part->next)
    for (xmlNodePtr n = part->type == XML_ELEMENT_NODE ? part->children : NULL; n; n = n->next)
      {
        xmlNodePtr copy = xmlDocCopyNode (n, doc, 1);
        if (!copy)
          continue;
        shift_lines (copy, first_line - 1);
        if (last)
          {
            last->next = copy;
            copy->prev = last;
          }
        else
          first = copy;
        last = copy;
      }
  xmlFreeDoc (parsed);
  return first;
}
