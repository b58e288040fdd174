/* style-origins.c — where the text of each <style> element of an HTML
 * document begins in its file (line and column), so that what the CSS
 * parser says of it names the document's own FILE:LINE:COL.  libxml2
 * keeps an element's line (the line of its start tag's '>') but no
 * column, so the start tags are found again in the file: a scan that
 * steps over comments and the text of <script> and <style>, as the HTML
 * parser does.  The
 * tags found are matched to the elements in order, each on its line; from
 * the first that does not match on, the elements keep no origin, and their
 * warnings name the <style> element's line as before.  Matching comes
 * before the reader's later passes; the origins of the elements they take
 * out (an inline SVG's <style>) are forgotten after them. */
#include "read/read.h"

#include <string.h>

typedef struct {
  long line;     /* of the text's first character (the start tag's '>') */
  int column;    /* 1-based, in characters */
} StyleOrigin;

/* Scans HTML source for tags, counting lines and columns as it goes (a
 * minified page is one long line). */
typedef struct {
  const char *data;
  gsize length, at;
  long line;
  int column;   /* of s->at, in characters */
} Scan;

static void
advance_to (Scan *s, gsize to)
{
  to = MIN (to, s->length);
  for (; s->at < to; s->at++)
    {
      guchar c = (guchar) s->data[s->at];
      if (c == '\n')
        {
          s->line++;
          s->column = 1;
        }
      else if ((c & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
        s->column++;
    }
}

/* Moves past the next @needle (ASCII, any case), or to the end. */
static void
advance_past (Scan *s, const char *needle)
{
  gsize n = strlen (needle);
  for (gsize i = s->at; i + n <= s->length; i++)
    if (!g_ascii_strncasecmp (s->data + i, needle, n))
      {
        advance_to (s, i + n);
        return;
      }
  advance_to (s, s->length);
}

/* The name of the start tag at s->at ('<' followed by a letter), lower
 * case, or NULL. */
static char *
start_tag_name (const Scan *s)
{
  gsize i = s->at + 1;
  while (i < s->length && (g_ascii_isalnum (s->data[i]) || s->data[i] == '-'))
    i++;
  if (i == s->at + 1 || !g_ascii_isalpha (s->data[s->at + 1]))
    return NULL;
  return g_ascii_strdown (s->data + s->at + 1, (gssize) (i - s->at - 1));
}

/* Moves past the '>' that ends the tag at s->at, outside quoted values. */
static void
advance_past_tag (Scan *s)
{
  char quote = 0;
  gsize i = s->at;
  for (; i < s->length; i++)
    {
      char c = s->data[i];
      if (quote)
        quote = c == quote ? 0 : quote;
      else if ((c == '"' || c == '\'') && i > 0
               && (s->data[i - 1] == '=' || g_ascii_isspace (s->data[i - 1])))
        quote = c;
      else if (c == '>')
        break;
    }
  advance_to (s, i + 1);
}

/* The origins of the <style> start tags in @data, in order. */
static GArray *
find_style_tags (const char *data, gsize length)
{
  /* The elements whose text libxml2's HTML parser reads as text, not
   * markup (it reads <title> and <textarea> as markup). */
  static const char *const raw_text[] = { "script", "style" };
  GArray *found = g_array_new (FALSE, FALSE, sizeof (StyleOrigin));
  Scan s = { data, length, 0, 1, 1 };
  while (s.at < s.length)
    {
      if (data[s.at] != '<')
        {
          advance_to (&s, s.at + 1);
          continue;
        }
      if (s.at + 4 <= length && !strncmp (data + s.at, "<!--", 4))
        {
          advance_past (&s, "-->");
          continue;
        }
      g_autofree char *name = start_tag_name (&s);
      if (!name)
        {
          advance_to (&s, s.at + 1);
          continue;
        }
      advance_past_tag (&s);
      for (gsize i = 0; i < G_N_ELEMENTS (raw_text); i++)
        if (!strcmp (name, raw_text[i]))
          {
            if (!strcmp (name, "style"))
              {
                StyleOrigin origin = { s.line, s.column };
                g_array_append_val (found, origin);
              }
            g_autofree char *end = g_strconcat ("</", name, NULL);
            advance_past (&s, end);
            break;
          }
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
bf_style_origins_find (BfDocument *doc, const char *data, gsize length)
{
  g_autoptr (GArray) tags = find_style_tags (data, length);
  if (!tags->len)
    return;
  if (!doc->style_origins)
    doc->style_origins = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  xmlNodePtr root = xmlDocGetRootElement (doc->tree);
  guint next = 0;
  for (xmlNodePtr n = style_element_from (root, root); n;
       n = style_element_from (bf_node_next_in_walk (n, root, FALSE), root))
    {
      const StyleOrigin *tag = next < tags->len ? &g_array_index (tags, StyleOrigin, next) : NULL;
      if (!tag || tag->line != xmlGetLineNo (n))
        return;
      g_hash_table_insert (doc->style_origins, n, g_memdup2 (tag, sizeof *tag));
      next++;
    }
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
