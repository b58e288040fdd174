/* tree-helpers.h — what the unit tests share for looking into a document
 * tree: the first element of a tag, and an element's computed style. */
#ifndef BF_TREE_HELPERS_H
#define BF_TREE_HELPERS_H

#include "style/cascade.h"

/* The first element named @tag below @node, depth first, or NULL. */
static inline xmlNodePtr
find_element (xmlNodePtr node, const char *tag)
{
  for (xmlNodePtr n = node->children; n; n = n->next)
    {
      if (n->type == XML_ELEMENT_NODE && !xmlStrcmp (n->name, BAD_CAST tag))
        return n;
      xmlNodePtr found = find_element (n, tag);
      if (found)
        return found;
    }
  return NULL;
}

/* @target's style, computed from the root down (@styler may be NULL for
 * the built-in defaults). */
static inline void
style_down_to (const BfStyler *styler, xmlNodePtr target, BfComputedStyle *out)
{
  GPtrArray *chain = g_ptr_array_new ();
  for (xmlNodePtr n = target; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    g_ptr_array_insert (chain, 0, n);
  BfComputedStyle parent, child;
  bf_style_init_root (&parent);
  for (guint i = 0; i < chain->len; i++)
    {
      bf_styler_compute (styler, &parent, chain->pdata[i], &child);
      parent = child;
    }
  *out = child;
  g_ptr_array_unref (chain);
}

#endif
