/* tree-edit.c — the sanitizer's edits of a libxml2 tree.  Unlike
 * xmlAddChild and xmlAddPrevSibling these never merge adjacent text nodes,
 * so a walker holding a text node keeps a valid pointer. */
#include "epub/sanitize-private.h"

#include <string.h>

/* Moves @n to the end of @parent, merging nothing: text nodes stay
 * separate so that the caller's pointers stay valid. */
void
bf_node_append_child (xmlNodePtr parent, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  if (parent->last)
    {
      /* Link by hand: xmlAddChild would merge two text nodes. */
      n->parent = parent;
      n->prev = parent->last;
      parent->last->next = n;
      parent->last = n;
      n->next = NULL;
    }
  else
    {
      n->parent = parent;
      parent->children = parent->last = n;
      n->prev = n->next = NULL;
    }
}

/* Links @n before @ref without merging text nodes. */
void
bf_node_insert_before (xmlNodePtr ref, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  n->parent = ref->parent;
  n->next = ref;
  n->prev = ref->prev;
  if (ref->prev)
    ref->prev->next = n;
  else
    ref->parent->children = n;
  ref->prev = n;
}

/* Links @n after @ref without merging text nodes. */
void
bf_node_insert_after (xmlNodePtr ref, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  n->parent = ref->parent;
  n->prev = ref;
  n->next = ref->next;
  if (ref->next)
    ref->next->prev = n;
  else
    ref->parent->last = n;
  ref->next = n;
}

/* Replaces @n by its children; returns the first of them, or what
 * followed @n. */
xmlNodePtr
bf_node_replace_by_children (xmlNodePtr n)
{
  xmlNodePtr first = n->children, next = n->next;
  while (n->children)
    bf_node_insert_before (n, n->children);
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return first ? first : next;
}

/* Replaces @n by the text it holds, spaces collapsed; returns that text
 * node, or what followed @n when it held none. */
xmlNodePtr
bf_node_replace_by_text (xmlNodePtr n)
{
  g_autofree xmlChar *content = xmlNodeGetContent (n);
  g_auto (GStrv) words = g_strsplit_set (content ? (const char *) content : "", " \t\n\r", -1);
  g_autofree char *joined = g_strjoinv (" ", words);
  g_autofree char *text = g_strstrip (g_strdup (joined));
  GString *collapsed = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (*p != ' ' || (collapsed->len && collapsed->str[collapsed->len - 1] != ' '))
      g_string_append_c (collapsed, *p);
  xmlNodePtr next = n->next;
  if (collapsed->len)
    {
      next = xmlNewDocText (n->doc, BAD_CAST collapsed->str);
      bf_node_insert_before (n, next);
    }
  g_string_free (collapsed, TRUE);
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return next;
}

/* Removes @n and its subtree; returns what followed it. */
xmlNodePtr
bf_node_drop (xmlNodePtr n)
{
  xmlNodePtr next = n->next;
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return next;
}

/* A new element named @name placed before @ref. */
xmlNodePtr
bf_element_new_before (xmlNodePtr ref, const char *name)
{
  xmlNodePtr e = xmlNewDocNode (ref->doc, ref->parent->ns, BAD_CAST name, NULL);
  e->line = ref->line;
  bf_node_insert_before (ref, e);
  return e;
}

/* Appends "@property: @value" to @n's style attribute. */
void
bf_element_add_style (xmlNodePtr n, const char *property, const char *value)
{
  g_autofree xmlChar *style = xmlGetProp (n, BAD_CAST "style");
  g_autofree char *joined = g_strdup_printf ("%s%s%s: %s", style ? (const char *) style : "",
                                             style && *style ? "; " : "", property, value);
  xmlSetProp (n, BAD_CAST "style", BAD_CAST joined);
}

