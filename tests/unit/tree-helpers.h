/* tree-helpers.h — what the unit tests share for looking into a document
 * tree: the first element of a tag, an element's computed style, and a
 * user stylesheet added from text. */
#ifndef BF_TREE_HELPERS_H
#define BF_TREE_HELPERS_H

#include <glib/gstdio.h>
#include <unistd.h>

#include "style/cascade.h"

/* Adds @css to @doc as a user stylesheet, through a file as --style does. */
static inline void
add_sheet_text (BfDocument *doc, const char *css)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("bifolio-XXXXXX.css", &path, NULL);
  g_assert_true (fd >= 0 && g_file_set_contents (path, css, -1, NULL));
  close (fd);
  g_assert_true (bf_document_add_stylesheet (doc, path, NULL));
  g_unlink (path);
}

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
