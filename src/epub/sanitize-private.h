/* sanitize-private.h — what the files of the EPUB sanitizer share: the
 * sanitizer's state, element types, tree edits that keep text nodes apart
 * (so that a walker's pointers stay valid), and each file's entry point.
 * sanitize.c walks the tree, attributes.c cleans an element's attributes,
 * nesting.c repairs where an element stands, tree-edit.c edits. */
#ifndef BF_SANITIZE_PRIVATE_H
#define BF_SANITIZE_PRIVATE_H

#include "epub/epub.h"

/* Invariants: every id in the chapters cleaned so far is in ids;
 * first_ids maps each id as written (and each heading's GitHub anchor) to
 * the id its first holder has now. */
struct _BfSanitizer {
  char *doc_name;
  GHashTable *reports;       /* kind → Report*, owned by report_order */
  GPtrArray *report_order;   /* Report*, in order of first occurrence */
  GHashTable *ids;           /* every id in the book (char*), owned */
  GHashTable *first_ids;     /* id as written → id of its first holder, owned */
  GHashTable *slugs;         /* heading anchor → how many headings had it (guint*) */
  GHashTable *id_suffixes;   /* id → the next "-N" to try for it (guint*) */
};

/* What sanitize.c's lists say of an element type. */
enum {
  ELEMENT_KEPT = 1 << 0,
  ELEMENT_DROPPED = 1 << 1,
  ELEMENT_FLATTENED = 1 << 2,
  ELEMENT_RENAMED = 1 << 3,
  ELEMENT_BLOCK = 1 << 4,
  ELEMENT_PHRASING_PARENT = 1 << 5,
  ELEMENT_TRANSPARENT = 1 << 6,
};

/* The ELEMENT_ flags of @n's type; 0 for an unknown element or a node
 * that is no element. */
guint bf_sanitize_element_flags (xmlNodePtr n);

/* Names and nodes. */

static inline gboolean
name_in (const xmlChar *name, const char *const *names)
{
  for (; *names; names++)
    if (xmlStrEqual (name, BAD_CAST *names))
      return TRUE;
  return FALSE;
}

static inline gboolean
is_element (xmlNodePtr n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST name);
}

static inline gboolean
is_element_in (xmlNodePtr n, const char *const *names)
{
  return n && n->type == XML_ELEMENT_NODE && name_in (n->name, names);
}

static inline gboolean
is_blank_text (xmlNodePtr n)
{
  return n->type == XML_TEXT_NODE && xmlIsBlankNode (n);
}


/* tree-edit.c: links and unlinks without merging adjacent text nodes. */
void bf_node_append_child (xmlNodePtr parent, xmlNodePtr n);
void bf_node_insert_before (xmlNodePtr ref, xmlNodePtr n);
void bf_node_insert_after (xmlNodePtr ref, xmlNodePtr n);
/* Each returns the node to visit next in @n's place. */
xmlNodePtr bf_node_replace_by_children (xmlNodePtr n);
xmlNodePtr bf_node_replace_by_text (xmlNodePtr n);
xmlNodePtr bf_node_drop (xmlNodePtr n);
xmlNodePtr bf_element_new_before (xmlNodePtr ref, const char *name);
void bf_element_add_style (xmlNodePtr n, const char *property, const char *value);

/* attributes.c: @n's attributes from the allow-list, presentational ones
 * as CSS, values a schema refuses dropped. */
void bf_sanitize_attributes (BfSanitizer *s, xmlNodePtr n);

/* nesting.c: repairs @n's place (an item outside its list, a block inside
 * a paragraph); returns the node to visit in its stead, or @n, with
 * *@moved set when @n went up out of its parent.  Then, once @n's place
 * is right, bf_sanitize_adopt_strays puts the children it may not hold
 * where they belong. */
xmlNodePtr bf_sanitize_repair_place (BfSanitizer *s, xmlNodePtr n, gboolean *moved);
void bf_sanitize_adopt_strays (xmlNodePtr n);

#endif
