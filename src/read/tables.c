/* tables.c — content a table cannot hold is moved out in front of it, as
 * an HTML5 parser "foster-parents" it: text or paragraphs straight inside
 * <table>, <tbody> or <tr> (a raw <table> in Markdown with Markdown inside
 * but no cells, or hand-written HTML) would otherwise be walked past by the
 * layout, which sets rows and cells only.  Nothing is lost this way. */
#include "read/read.h"

/* TRUE when @child may stand inside @parent (a table or one of its parts). */
static gboolean
belongs_in (xmlNodePtr parent, xmlNodePtr child)
{
  if (child->type == XML_COMMENT_NODE || (child->type == XML_TEXT_NODE && xmlIsBlankNode (child)))
    return TRUE;
  if (child->type != XML_ELEMENT_NODE)
    return FALSE;
  if (bf_element_is (child, "script") || bf_element_is (child, "template") || bf_element_is (child, "style"))
    return TRUE;
  if (bf_element_is (parent, "tr"))
    return bf_element_is (child, "td") || bf_element_is (child, "th");
  if (bf_element_is (parent, "table")
      && (bf_element_is (child, "caption") || bf_element_is (child, "colgroup") || bf_element_is (child, "col")
          || bf_element_is (child, "thead") || bf_element_is (child, "tbody") || bf_element_is (child, "tfoot")))
    return TRUE;
  return bf_element_is (child, "tr");
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
      else if (bf_element_is (c, "thead") || bf_element_is (c, "tbody") || bf_element_is (c, "tfoot")
               || bf_element_is (c, "tr"))
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
    if (bf_element_is (n, "table"))
      g_ptr_array_add (tables, n);
  for (guint i = 0; i < tables->len; i++)
    foster (tables->pdata[i], tables->pdata[i]);
}
