/* mathml.c — MathML as linear text.  bifolio draws no two-dimensional
 * mathematics, and an EPUB's XHTML carries MathML to few reading systems;
 * read as plain text, <math><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn>
 * </mfrac></math> says "x=12".  So each <math> becomes the linear form a
 * writer would type, in HTML both outputs draw: a fraction as
 * numerator/denominator (each in parentheses when it is more than one
 * token), scripts as <sub> and <sup>, limits under and over as scripts
 * too, a root as √(…) with its index raised before it, identifiers in
 * italics, relations and binary operators with spaces around them, a
 * table's cells apart by commas and its rows by semicolons, in brackets.
 * <semantics> shows its first child alone: its annotations (the TeX source,
 * say) are another encoding of the same formula, which browsers do not
 * show either.  A formula is set left to right, unless its dir says
 * otherwise; display="block" makes it a centred paragraph of its own. */
#include "read/read.h"

#include <string.h>

typedef struct {
  xmlDocPtr doc;
  GString *text;       /* text not yet added to the output */
  xmlNodePtr out;      /* the element being filled */
  int script_level;    /* inside how many scripts: no spaces there */
} Linear;

static void
flush_text (Linear *l)
{
  if (!l->text->len)
    return;
  xmlAddChild (l->out, xmlNewDocText (l->doc, BAD_CAST l->text->str));
  g_string_truncate (l->text, 0);
}

/* The text of token element @n (mi, mn, mo, mtext, ms), its white space
 * collapsed and trimmed, as MathML reads a token (newly allocated). */
static char *
token_text (xmlNodePtr n)
{
  g_autofree xmlChar *content = xmlNodeGetContent (n);
  return bf_text_collapse_spaces ((const char *) content);
}

/* The element children of @n. */
static GPtrArray *
element_children (xmlNodePtr n)
{
  GPtrArray *children = g_ptr_array_new ();
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      g_ptr_array_add (children, c);
  return children;
}

/* Whether @n stands as one token, needing no parentheses around it in a
 * fraction or under a root. */
static gboolean
is_single_token (xmlNodePtr n)
{
  static const char *const tokens[] = { "mi", "mn", "mtext", "ms" };
  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (bf_element_is (n, tokens[i]))
      return TRUE;
  if (bf_element_is (n, "mrow") || bf_element_is (n, "mstyle"))
    {
      g_autoptr (GPtrArray) children = element_children (n);
      return children->len == 1 && is_single_token (children->pdata[0]);
    }
  /* Scripts bind tighter than a fraction's bar: x² over 2 needs none. */
  return bf_element_is (n, "msup") || bf_element_is (n, "msub") || bf_element_is (n, "msubsup")
         || bf_element_is (n, "msqrt");
}

/* Operators set with a space on each side when they stand between two
 * operands. */
static gboolean
is_spaced_operator (const char *op)
{
  static const char *const spaced[] = {
    "=", "+", "-", "\u2212", "<", ">", "\u2264", "\u2265", "\u2260", "\u00D7", "\u00F7",
    "\u00B1", "\u2248", "\u2261", "\u221D", "\u2208", "\u2209", "\u2282", "\u2286", "\u222A",
    "\u2229", "\u2192", "\u21D2", "\u21D4", "\u2194", ":=", "\u2254"
  };
  for (gsize i = 0; i < G_N_ELEMENTS (spaced); i++)
    if (!strcmp (op, spaced[i]))
      return TRUE;
  return FALSE;
}

static void add_node (Linear *l, xmlNodePtr n);

/* Adds the children of @n. */
static void
add_children (Linear *l, xmlNodePtr n)
{
  for (xmlNodePtr c = n->children; c; c = c->next)
    add_node (l, c);
}

/* Adds @n, in parentheses unless it is a single token. */
static void
add_grouped (Linear *l, xmlNodePtr n)
{
  gboolean bare = is_single_token (n);
  if (!bare)
    g_string_append_c (l->text, '(');
  add_node (l, n);
  if (!bare)
    g_string_append_c (l->text, ')');
}

/* Adds @n inside a new element @name (sub, sup, i). */
static void
add_inside (Linear *l, const char *name, xmlNodePtr n)
{
  flush_text (l);
  xmlNodePtr element = xmlNewDocNode (l->doc, NULL, BAD_CAST name, NULL);
  xmlAddChild (l->out, element);
  xmlNodePtr outer = l->out;
  l->out = element;
  gboolean script = !strcmp (name, "sub") || !strcmp (name, "sup");
  l->script_level += script;
  add_node (l, n);
  flush_text (l);
  l->script_level -= script;
  l->out = outer;
}

static void
add_operator (Linear *l, xmlNodePtr n)
{
  g_autofree char *op = token_text (n);
  /* Invisible times, function application, separator, plus: nothing to
   * draw. */
  gunichar c = g_utf8_get_char (op);
  if (*op && !op[g_utf8_next_char (op) - op] && c >= 0x2061 && c <= 0x2064)
    return;
  /* Infix: something before it in its row, and after. */
  gboolean infix = FALSE;
  for (xmlNodePtr p = n->prev; p && !infix; p = p->prev)
    infix = p->type == XML_ELEMENT_NODE;
  gboolean after = FALSE;
  for (xmlNodePtr x = n->next; x && !after; x = x->next)
    after = x->type == XML_ELEMENT_NODE;
  if (infix && after && !l->script_level && is_spaced_operator (op))
    g_string_append_printf (l->text, " %s ", op);
  else if (!strcmp (op, ","))
    g_string_append (l->text, after ? ", " : ",");
  else
    g_string_append (l->text, op);
}

/* A table's rows apart by semicolons, its cells by commas, in brackets. */
static void
add_table (Linear *l, xmlNodePtr table)
{
  g_string_append_c (l->text, '[');
  gboolean first_row = TRUE;
  for (xmlNodePtr row = table->children; row; row = row->next)
    {
      if (!bf_element_is (row, "mtr") && !bf_element_is (row, "mlabeledtr"))
        continue;
      if (!first_row)
        g_string_append (l->text, "; ");
      first_row = FALSE;
      gboolean first_cell = TRUE;
      for (xmlNodePtr cell = row->children; cell; cell = cell->next)
        {
          if (!bf_element_is (cell, "mtd"))
            continue;
          if (!first_cell)
            g_string_append (l->text, ", ");
          first_cell = FALSE;
          add_children (l, cell);
        }
    }
  g_string_append_c (l->text, ']');
}

/* mfenced (MathML 2): its open and close around its children, apart by
 * its separators (the last one repeated). */
static void
add_fenced (Linear *l, xmlNodePtr n)
{
  g_autofree xmlChar *open = xmlGetProp (n, BAD_CAST "open");
  g_autofree xmlChar *close = xmlGetProp (n, BAD_CAST "close");
  g_autofree xmlChar *separators_attr = xmlGetProp (n, BAD_CAST "separators");
  g_autofree char *separators = g_strdelimit (g_strdup (separators_attr ? (const char *) separators_attr
                                                                        : ","), " \t\n", '\0');
  g_string_append (l->text, open ? (const char *) open : "(");
  g_autoptr (GPtrArray) children = element_children (n);
  glong count = g_utf8_strlen (separators, -1);
  for (guint i = 0; i < children->len; i++)
    {
      if (i > 0 && count > 0)
        {
          const char *s = g_utf8_offset_to_pointer (separators, MIN ((glong) i - 1, count - 1));
          g_string_append_len (l->text, s, g_utf8_next_char (s) - s);
          g_string_append_c (l->text, ' ');
        }
      add_node (l, children->pdata[i]);
    }
  g_string_append (l->text, close ? (const char *) close : ")");
}

/* msub, msup, msubsup, munder, mover, munderover: the base, then its
 * scripts lowered and raised. */
static void
add_scripts (Linear *l, xmlNodePtr n, gboolean has_sub, gboolean has_sup)
{
  g_autoptr (GPtrArray) children = element_children (n);
  if (children->len == 0)
    return;
  add_node (l, children->pdata[0]);
  guint next = 1;
  if (has_sub && next < children->len)
    add_inside (l, "sub", children->pdata[next++]);
  if (has_sup && next < children->len)
    add_inside (l, "sup", children->pdata[next++]);
}

static void
add_element (Linear *l, xmlNodePtr n)
{
  const char *name = (const char *) n->name;
  if (!strcmp (name, "mi"))
    {
      g_autofree char *text = token_text (n);
      g_autofree xmlChar *variant = xmlGetProp (n, BAD_CAST "mathvariant");
      /* One letter is an italic variable; a name (sin, log) is upright. */
      if (g_utf8_strlen (text, -1) == 1 && (!variant || !xmlStrcmp (variant, BAD_CAST "italic"))
          && g_unichar_isalpha (g_utf8_get_char (text)))
        {
          flush_text (l);
          xmlNodePtr i = xmlNewDocNode (l->doc, NULL, BAD_CAST "i", NULL);
          xmlAddChild (i, xmlNewDocText (l->doc, BAD_CAST text));
          xmlAddChild (l->out, i);
        }
      else
        g_string_append (l->text, text);
    }
  else if (!strcmp (name, "mn") || !strcmp (name, "mtext"))
    {
      g_autofree char *text = token_text (n);
      g_string_append (l->text, text);
    }
  else if (!strcmp (name, "ms"))
    {
      g_autofree char *text = token_text (n);
      g_string_append_printf (l->text, "\"%s\"", text);
    }
  else if (!strcmp (name, "mo"))
    add_operator (l, n);
  else if (!strcmp (name, "mspace"))
    g_string_append_c (l->text, ' ');
  else if (!strcmp (name, "mfrac"))
    {
      g_autoptr (GPtrArray) children = element_children (n);
      if (children->len != 2)
        add_children (l, n);
      else
        {
          add_grouped (l, children->pdata[0]);
          g_string_append_c (l->text, '/');
          add_grouped (l, children->pdata[1]);
        }
    }
  else if (!strcmp (name, "msqrt"))
    {
      g_autoptr (GPtrArray) children = element_children (n);
      gboolean bare = children->len == 1 && is_single_token (children->pdata[0]);
      g_string_append (l->text, bare ? "\u221A" : "\u221A(");
      add_children (l, n);
      if (!bare)
        g_string_append_c (l->text, ')');
    }
  else if (!strcmp (name, "mroot"))
    {
      g_autoptr (GPtrArray) children = element_children (n);
      if (children->len != 2)
        add_children (l, n);
      else
        {
          add_inside (l, "sup", children->pdata[1]);
          g_string_append (l->text, "\u221A");
          add_grouped (l, children->pdata[0]);
        }
    }
  else if (!strcmp (name, "msub") || !strcmp (name, "munder"))
    add_scripts (l, n, TRUE, FALSE);
  else if (!strcmp (name, "msup") || !strcmp (name, "mover"))
    add_scripts (l, n, FALSE, TRUE);
  else if (!strcmp (name, "msubsup") || !strcmp (name, "munderover"))
    add_scripts (l, n, TRUE, TRUE);
  else if (!strcmp (name, "mtable"))
    add_table (l, n);
  else if (!strcmp (name, "mfenced"))
    add_fenced (l, n);
  else if (!strcmp (name, "semantics"))
    {
      g_autoptr (GPtrArray) children = element_children (n);
      if (children->len)
        add_node (l, children->pdata[0]);
    }
  else if (!strcmp (name, "annotation") || !strcmp (name, "annotation-xml")
           || !strcmp (name, "mphantom") || !strcmp (name, "none")
           || !strcmp (name, "mprescripts"))
    ;
  else /* mrow, mstyle, mpadded, menclose, merror, and what MathML adds */
    add_children (l, n);
}

static void
add_node (Linear *l, xmlNodePtr n)
{
  if (n->type == XML_ELEMENT_NODE)
    add_element (l, n);
  else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
    {
      /* Outside tokens MathML has only white space; what else a page
       * puts there is kept, as a browser shows it. */
      g_autofree char *text = token_text (n);
      g_string_append (l->text, text);
    }
}

/* The linear form of <math> @math, a new span (or div) in its place. */
static xmlNodePtr
linear_form (xmlNodePtr math)
{
  g_autofree xmlChar *display = xmlGetProp (math, BAD_CAST "display");
  gboolean block = display && !xmlStrcmp (display, BAD_CAST "block");
  xmlNodePtr out = xmlNewDocNode (math->doc, NULL, BAD_CAST (block ? "div" : "span"), NULL);
  out->line = math->line;
  g_autofree xmlChar *dir = xmlGetProp (math, BAD_CAST "dir");
  xmlSetProp (out, BAD_CAST "dir", dir && !xmlStrcmp (dir, BAD_CAST "rtl") ? BAD_CAST "rtl"
                                                                           : BAD_CAST "ltr");
  xmlSetProp (out, BAD_CAST "class", BAD_CAST "math");
  if (block)
    xmlSetProp (out, BAD_CAST "style", BAD_CAST "text-align: center");
  static const char *const kept[] = { "id", "lang" };
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree xmlChar *value = xmlGetProp (math, BAD_CAST kept[i]);
      if (value)
        xmlSetProp (out, BAD_CAST kept[i], value);
    }
  Linear l = { math->doc, g_string_new (NULL), out, 0 };
  add_children (&l, math);
  flush_text (&l);
  g_string_free (l.text, TRUE);
  return out;
}

void
bf_document_linearize_math (BfDocument *doc)
{
  xmlNodePtr root = xmlDocGetRootElement (doc->tree);
  xmlNodePtr n = root;
  while (n)
    {
      if (!bf_element_is (n, "math"))
        {
          n = bf_node_next_in_walk (n, root, TRUE);
          continue;
        }
      xmlNodePtr math = n;
      xmlNodePtr linear = linear_form (math);
      xmlAddPrevSibling (math, linear);
      n = bf_node_next_in_walk (math, root, FALSE);
      xmlUnlinkNode (math);
      xmlFreeNode (math);
    }
}
