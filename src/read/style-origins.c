/* style-origins.c — where the text of each <style> element of an HTML
 * document begins in its file (line and column), so that what the CSS
 * parser says of it names the document's own FILE:LINE:COL.  libxml2
 * keeps an element's line (the line of its start tag's '>') but no
 * column, so the start tags are found again in the file, read as the
 * HTML parser reads it (html-scan.c: past comments and the text of
 * <script> and <style>, each tag to its '>').  The tags found are matched
 * to the elements in order, each on its line; from the first that does
 * not match on, the elements keep no origin, and their warnings name the
 * <style> element's line as before.  A raw HTML block of Markdown is
 * read so too, its lines and columns moved to where it stands in the
 * file.  Matching comes
 * before the reader's later passes; the origins of the elements they take
 * out (an inline SVG's <style>) are forgotten after them. */
#include "read/read.h"

#include <string.h>

typedef struct {
  long line;     /* of the text's first character (just past the start tag's '>') */
  int column;    /* 1-based, in characters */
} StyleOrigin;

/* Counts lines and columns through HTML source (a minified page is one
 * long line). */
typedef struct {
  const char *data;
  gsize at;
  long line;
  int column;   /* of at, in characters */
} Position;

static void
advance_to (Position *p, gsize to)
{
  for (; p->at < to; p->at++)
    {
      guchar c = (guchar) p->data[p->at];
      if (c == '\n')
        {
          p->line++;
          p->column = 1;
        }
      else if ((c & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
        p->column++;
    }
}

/* The origins of the <style> elements' texts in @data, in order, its
 * lines counted from @first_line and its columns moved right by
 * @column_offset. */
static GArray *
find_style_tags (const char *data, gsize length, long first_line, int column_offset)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (StyleOrigin));
  Position position = { data, 0, first_line, 1 };
  BfHtmlScanner scanner;
  bf_html_scanner_init (&scanner, data, length);
  for (BfHtmlPiece piece; bf_html_scanner_next (&scanner, &piece);)
    if (piece.kind == BF_HTML_PIECE_RAW_TEXT && !strcmp (piece.element, "style"))
      {
        advance_to (&position, piece.start);
        StyleOrigin origin = { position.line, position.column + column_offset };
        g_array_append_val (found, origin);
      }
  return found;
}

/* The first <style> element at or after @n in a walk of @root's tree in
 * document order (not inside another), or NULL.  Without recursion: the
 * tree is as deep as the page made it, before the reader flattens it. */
static xmlNodePtr
style_element_from (xmlNodePtr n, xmlNodePtr root)
{
  while (n && !bf_element_is (n, "style"))
    n = bf_node_next_in_walk (n, root, TRUE);
  return n;
}

void
bf_style_origins_find_in (BfDocument *doc, xmlNodePtr first, const char *data, gsize length,
                          long first_line, int column_offset)
{
  g_autoptr (GArray) tags = find_style_tags (data, length, first_line, column_offset);
  if (!tags->len)
    return;
  if (!doc->style_origins)
    doc->style_origins = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  guint next = 0;
  for (xmlNodePtr top = first; top; top = top->next)
    for (xmlNodePtr n = style_element_from (top, top); n;
         n = style_element_from (bf_node_next_in_walk (n, top, FALSE), top))
      {
        const StyleOrigin *tag = next < tags->len ? &g_array_index (tags, StyleOrigin, next) : NULL;
        if (!tag || tag->line != xmlGetLineNo (n))
          return;
        g_hash_table_insert (doc->style_origins, n, g_memdup2 (tag, sizeof *tag));
        next++;
      }
}

void
bf_style_origins_find (BfDocument *doc, const char *data, gsize length)
{
  bf_style_origins_find_in (doc, xmlDocGetRootElement (doc->tree), data, length, 1, 0);
}

static gboolean
is_gone (gpointer element, gpointer origin, gpointer live)
{
  return !g_hash_table_contains (live, element);
}

void
bf_style_origins_forget_gone (BfDocument *doc)
{
  if (!doc->style_origins)
    return;
  g_autoptr (GHashTable) live = g_hash_table_new (g_direct_hash, g_direct_equal);
  xmlNodePtr root = xmlDocGetRootElement (doc->tree);
  for (xmlNodePtr n = style_element_from (root, root); n;
       n = style_element_from (bf_node_next_in_walk (n, root, FALSE), root))
    g_hash_table_add (live, n);
  g_hash_table_foreach_remove (doc->style_origins, is_gone, live);
}

gboolean
bf_document_style_origin (const BfDocument *doc, xmlNodePtr style, long *line, int *column)
{
  const StyleOrigin *origin = doc->style_origins ? g_hash_table_lookup (doc->style_origins, style)
                                                 : NULL;
  if (!origin)
    return FALSE;
  *line = origin->line;
  *column = origin->column;
  return TRUE;
}
