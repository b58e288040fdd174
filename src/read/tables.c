/* tables.c — content a table cannot hold is moved out in front of it, as
 * an HTML5 parser "foster-parents" it: text or paragraphs straight inside
 * <table>, <tbody> or <tr> (a raw <table> in Markdown with Markdown inside
 * but no cells, or hand-written HTML) would otherwise be walked past by the
 * layout, which sets rows and cells only.  Nothing is lost this way. */
#include "read/read.h"

static gboolean
is_named (xmlNodePtr n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && xmlStrcasecmp (n->name, BAD_CAST name) == 0;
}

/* TRUE when @child may stand inside @parent (a table or one of its parts). */
static gboolean
belongs_in (xmlNodePtr parent, xmlNodePtr child)
{
  if (child->type == XML_COMMENT_NODE || (child->type == XML_TEXT_NODE && xmlIsBlankNode (child)))
    return TRUE;
  if (child->type != XML_ELEMENT_NODE)
    return FALSE;
  if (is_named (child, "script") || is_named (child, "template") || is_named (child, "style"))
    return TRUE;
  if (is_named (parent, "tr"))
    return is_named (child, "td") || is_named (child, "th");
  if (is_named (parent, "table")
      && (is_named (child, "caption") || is_named (child, "colgroup") || is_named (child, "col")
          || is_named (child, "thead") || is_named (child, "tbody") || is_named (child, "tfoot")))
    return TRUE;
  return is_named (child, "tr");
}

/* Moves what @part (the table or a part of it) cannot hold in front of
 * @table, in order; then does the same for its parts. */
static void
foster (xmlNodePtr table, xmlNodePtr part)
{
  for (xmlNodePtr c = part->children, next; c; c = next)
    {
      next = c->next;
      if (!belongs_in (part, c))
        {
          xmlUnlinkNode (c);
          xmlAddPrevSibling (table, c);
        }
      else if (is_named (c, "thead") || is_named (c, "tbody") || is_named (c, "tfoot")
               || is_named (c, "tr"))
        foster (table, c);
    }
}

void
bf_document_foster_table_content (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  if (!body)
    return;
  /* The tables first, then the moves, so the walk never meets a node that
   * has just been moved. */
  g_autoptr (GPtrArray) tables = g_ptr_array_new ();
  for (xmlNodePtr n = body->children; n; n = bf_node_next_in_walk (n, body, TRUE))
    if (is_named (n, "table"))
      g_ptr_array_add (tables, n);
  for (guint i = 0; i < tables->len; i++)
    foster (tables->pdata[i], tables->pdata[i]);
}
