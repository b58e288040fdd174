/* html.c — HTML input through libxml2's HTML parser, with the network and
 * entity loading off.  Also the common ground of every input: Markdown is
 * rendered to HTML and parsed here. */
#include "read/read.h"

#include <string.h>

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
  int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  if (length > G_MAXINT)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT, "%s: input larger than 2 GB", name);
      return NULL;
    }
  htmlDocPtr doc = NULL;
  if (length > 0)
    doc = htmlReadMemory (data, (int) length, NULL, "UTF-8", options);
  if (!doc)
    doc = htmlNewDocNoDtD (NULL, NULL);
  ensure_skeleton (doc);
  read_head_metadata (xmlDocGetRootElement (doc), metadata);
  return doc;
}
