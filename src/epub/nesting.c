/* nesting.c — elements put where HTML5's content models allow them, the
 * way an HTML5 parser repairs a page
 * (https://html.spec.whatwg.org/multipage/parsing.html#tree-construction):
 * a block inside a paragraph or an inline element closes it and the rest
 * resumes after the block; items, terms, rows and cells outside their
 * container get one; a list's, table's or row's foreign children go into
 * the item or cell before them, or before the table.  Nothing is dropped
 * but a stray <col>. */
#include "epub/sanitize-private.h"

/* TRUE when @n may hold flow content (blocks). */
static gboolean
takes_blocks (xmlNodePtr n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      guint flags = bf_sanitize_element_flags (n);
      if (flags & ELEMENT_PHRASING_PARENT)
        return FALSE;
      if (!(flags & ELEMENT_TRANSPARENT))
        return TRUE;
    }
  return TRUE;
}

/* Moves @from and the children of @x after it to follow @x: blocks as
 * they are, each run of other content in a copy of @x (less its id). */
static void
split_at_blocks (xmlNodePtr x, xmlNodePtr from)
{
  xmlNodePtr after = x, run = NULL;
  for (xmlNodePtr c = from, next; c; c = next)
    {
      next = c->next;
      if ((bf_sanitize_element_flags (c) & ELEMENT_BLOCK) || (!run && is_blank_text (c)))
        {
          bf_node_insert_after (after, c);
          after = c;
          run = NULL;
          continue;
        }
      if (!run)
        {
          run = xmlDocCopyNode (x, x->doc, 2);
          xmlUnsetProp (run, BAD_CAST "id");
          bf_node_insert_after (after, run);
          after = run;
        }
      bf_node_append_child (run, c);
    }
}

/* Moves @block out of its phrasing ancestors into @container, splitting
 * each ancestor around it as an HTML5 parser closes a paragraph at a
 * block.  The blocks after it at each level go out at the same time, so
 * that a long run of blocks inside one span costs one pass. */
static void
hoist (xmlNodePtr block, xmlNodePtr container)
{
  xmlNodePtr from = block;
  for (xmlNodePtr x = block->parent; x != container;)
    {
      xmlNodePtr up = x->parent;
      split_at_blocks (x, from);
      from = x->next;
      x = up;
    }
}

/* The nearest ancestor of @n that takes blocks. */
static xmlNodePtr
block_container (xmlNodePtr n)
{
  xmlNodePtr p = n->parent;
  while (p->parent && p->parent->type == XML_ELEMENT_NODE && !takes_blocks (p))
    p = p->parent;
  return p;
}

/* The last element before @n if it is named @name. */
static xmlNodePtr
previous_element (xmlNodePtr n, const char *const *names)
{
  xmlNodePtr p = n->prev;
  while (p && p->type != XML_ELEMENT_NODE)
    p = p->prev;
  return is_element_in (p, names) ? p : NULL;
}

/* Children a container may not hold go into the item before them (or a
 * new one): a list's into an li, a row's into a cell, a table section's
 * into a row. */
static void
adopt_strays (xmlNodePtr container, const char *const *allowed, const char *item)
{
  for (xmlNodePtr c = container->children, next; c; c = next)
    {
      next = c->next;
      if (is_blank_text (c) || is_element_in (c, allowed) || c->type == XML_COMMENT_NODE)
        continue;
      xmlNodePtr home = previous_element (c, (const char *const[]) { item, NULL });
      if (!home)
        home = bf_element_new_before (c, item);
      bf_node_append_child (home, c);
    }
}

/* A definition list's stray children go into the description or term
 * before them, or a new term; a list that starts with a description gets
 * an empty term first. */
static void
adopt_definition_strays (xmlNodePtr dl)
{
  static const char *const allowed[] = { "dt", "dd", "div", NULL };
  for (xmlNodePtr c = dl->children, next; c; c = next)
    {
      next = c->next;
      if (is_blank_text (c) || is_element_in (c, allowed) || c->type == XML_COMMENT_NODE)
        continue;
      xmlNodePtr home = previous_element (c, (const char *const[]) { "dd", "dt", NULL });
      if (!home)
        home = bf_element_new_before (c, "dt");
      bf_node_append_child (home, c);
    }
  xmlNodePtr first = dl->children;
  while (first && first->type != XML_ELEMENT_NODE)
    first = first->next;
  if (is_element (first, "dd"))
    bf_element_new_before (first, "dt");
}

/* TRUE when an ancestor of @n is one of @names. */
static gboolean
has_ancestor (xmlNodePtr n, const char *const *names)
{
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (is_element_in (p, names))
      return TRUE;
  return FALSE;
}

/* A table's stray content goes before the table, as an HTML5 parser
 * "foster-parents" it. */
static void
foster_strays (xmlNodePtr table)
{
  static const char *const allowed[] = { "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr",
                                         NULL };
  for (xmlNodePtr c = table->children, next; c; c = next)
    {
      next = c->next;
      if (is_blank_text (c) || is_element_in (c, allowed) || c->type == XML_COMMENT_NODE)
        continue;
      bf_node_insert_before (table, c);
    }
}

/* Wraps @n and the siblings after it that @names take into a new
 * @container; returns the container. */
static xmlNodePtr
wrap_run (xmlNodePtr n, const char *container, const char *const *names)
{
  xmlNodePtr wrapper = bf_element_new_before (n, container);
  for (xmlNodePtr c = n, next; c; c = next)
    {
      next = c->next;
      if (!is_element_in (c, names) && !is_blank_text (c))
        break;
      bf_node_append_child (wrapper, c);
    }
  return wrapper;
}

/* Repairs @n's place (an item outside its list, a block inside a
 * paragraph); returns the node to visit in its stead, or @n. */
xmlNodePtr
bf_sanitize_repair_place (BfSanitizer *s, xmlNodePtr n, gboolean *moved)
{
  static const char *const lists[] = { "ul", "ol", NULL };
  static const char *const items[] = { "li", NULL };
  static const char *const terms[] = { "dt", "dd", NULL };
  static const char *const sections[] = { "table", "thead", "tbody", "tfoot", NULL };
  static const char *const rows[] = { "tr", NULL };
  static const char *const cells[] = { "td", "th", NULL };
  xmlNodePtr parent = n->parent;
  *moved = FALSE;
  if (is_element (n, "li") && !is_element_in (parent, lists))
    {
      bf_sanitizer_report (s, n, NULL, "<li> outside a list; put in one");
      return wrap_run (n, "ul", items);
    }
  if (is_element_in (n, terms) && !is_element (parent, "dl")
      && !(is_element (parent, "div") && is_element (parent->parent, "dl")))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> outside a definition list; put in one", (const char *) n->name);
      return wrap_run (n, "dl", terms);
    }
  if (is_element_in (n, cells) && !is_element (parent, "tr"))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> outside a table row; put in one", (const char *) n->name);
      return wrap_run (n, "tr", cells);
    }
  if (is_element (n, "tr") && !is_element_in (parent, sections))
    {
      bf_sanitizer_report (s, n, NULL, "<tr> outside a table; put in one");
      return wrap_run (n, "table", rows);
    }
  if (is_element_in (n, (const char *const[]) { "caption", "thead", "tbody", "tfoot", "colgroup", NULL })
      && !is_element (parent, "table"))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> outside a table; its content kept", (const char *) n->name);
      return bf_node_replace_by_children (n);
    }
  if (is_element (n, "col") && !is_element (parent, "colgroup") && !is_element (parent, "table"))
    return bf_node_drop (n);
  /* XHTML has a table's columns in a colgroup, which HTML parsers imply. */
  if (is_element (n, "col") && is_element (parent, "table"))
    return wrap_run (n, "colgroup", (const char *const[]) { "col", NULL });
  if (is_element (n, "summary") && !is_element (parent, "details"))
    return bf_node_replace_by_children (n);
  if (is_element (n, "figcaption") && !is_element (parent, "figure"))
    xmlNodeSetName (n, BAD_CAST "div");
  if (is_element_in (n, (const char *const[]) { "rt", "rp", NULL }) && !is_element (parent, "ruby"))
    return bf_node_replace_by_children (n);
  /* Nothing interactive inside a link. */
  if (is_element_in (n, (const char *const[]) { "a", "details", NULL })
      && has_ancestor (n, (const char *const[]) { "a", NULL }))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> inside a link; its text kept without it",
                           (const char *) n->name);
      return bf_node_replace_by_children (n);
    }
  if (is_element_in (n, (const char *const[]) { "header", "footer", NULL })
      && has_ancestor (n, (const char *const[]) { "header", "footer", NULL }))
    xmlNodeSetName (n, BAD_CAST "div");
  if ((bf_sanitize_element_flags (n) & ELEMENT_BLOCK) && !takes_blocks (parent))
    {
      hoist (n, block_container (n));
      *moved = TRUE;
    }
  return n;
}

void
bf_sanitize_adopt_strays (xmlNodePtr n)
{
  if (is_element_in (n, (const char *const[]) { "ul", "ol", NULL }))
    adopt_strays (n, (const char *const[]) { "li", NULL }, "li");
  else if (is_element (n, "dl"))
    adopt_definition_strays (n);
  else if (is_element (n, "table"))
    foster_strays (n);
  else if (is_element_in (n, (const char *const[]) { "thead", "tbody", "tfoot", NULL }))
    adopt_strays (n, (const char *const[]) { "tr", NULL }, "tr");
  else if (is_element (n, "tr"))
    adopt_strays (n, (const char *const[]) { "td", "th", NULL }, "td");
  else if (is_element (n, "colgroup"))
    adopt_strays (n, (const char *const[]) { "col", NULL }, "col");
}
