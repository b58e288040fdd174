/* controls.c — form controls as the text a reader sees in them.  The
 * <input>s documents bring are mostly a task list's check boxes (GitHub
 * writes them in its HTML, and Markdown's "- [x]" makes them); neither a
 * printed page nor an EPUB's XHTML can hold a live control, so each
 * becomes a span of what it shows: ☐ or ☑ for a check box, ○ or ◉ for a
 * radio button, the value of a text field or a button (a password's as
 * dots), a picture button's alt text; a <select>, its chosen option (the
 * first when none is chosen), or a list box (multiple, or a size over 1)
 * its options one after another, set apart by a space from the words
 * and controls beside it.  The PDF and the EPUB then show the same, and
 * nothing a control held is lost.  A hidden input, or one that
 * shows no text (an empty field, a file or colour picker, a slider),
 * goes. */
#include "read/read.h"

#include <string.h>

/* What a reader sees in the <input> @el, newly allocated, or NULL. */
static char *
shown_text (xmlNodePtr el)
{
  g_autofree xmlChar *type_attr = xmlGetProp (el, BAD_CAST "type");
  g_autofree char *type = g_ascii_strdown (type_attr ? (const char *) type_attr : "text", -1);
  gboolean checked = xmlHasProp (el, BAD_CAST "checked") != NULL;
  if (g_str_equal (type, "checkbox"))
    return g_strdup (checked ? "\u2611" : "\u2610"); /* ☑ ☐ */
  if (g_str_equal (type, "radio"))
    return g_strdup (checked ? "\u25C9" : "\u25CB"); /* ◉ ○ */
  static const char *const silent[] = { "hidden", "file", "color", "range" };
  for (gsize i = 0; i < G_N_ELEMENTS (silent); i++)
    if (g_str_equal (type, silent[i]))
      return NULL;
  /* A picture button shows its picture, which stands for its alt text. */
  const char *shown_attribute = g_str_equal (type, "image") ? "alt" : "value";
  g_autofree xmlChar *value = xmlGetProp (el, BAD_CAST shown_attribute);
  if (!value || !*value)
    return NULL;
  if (!g_str_equal (type, "password"))
    return g_strdup ((const char *) value);
  GString *dots = g_string_new (NULL);
  for (glong i = g_utf8_strlen ((const char *) value, -1); i > 0; i--)
    g_string_append (dots, "\u2022"); /* • */
  return g_string_free (dots, FALSE);
}

/* The text of <option> @option: its label, else its words, white space
 * collapsed (newly allocated). */
static char *
option_text (xmlNodePtr option)
{
  g_autofree xmlChar *label = xmlGetProp (option, BAD_CAST "label");
  g_autofree xmlChar *words = label ? NULL : xmlNodeGetContent (option);
  return bf_text_collapse_spaces ((const char *) (label ? label : words));
}

/* What a reader sees in the <select> @el, newly allocated, or NULL. */
static char *
shown_choice (xmlNodePtr el)
{
  g_autofree xmlChar *size = xmlGetProp (el, BAD_CAST "size");
  gboolean list_box = xmlHasProp (el, BAD_CAST "multiple")
                      || (size && g_ascii_strtoll ((const char *) size, NULL, 10) > 1);
  GString *all = g_string_new (NULL);
  char *first = NULL, *chosen = NULL;
  for (xmlNodePtr n = el->children; n; n = bf_node_next_in_walk (n, el, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp (n->name, BAD_CAST "option"))
        continue;
      char *text = option_text (n);
      g_string_append_printf (all, "%s%s", all->len && *text ? ", " : "", text);
      if (xmlHasProp (n, BAD_CAST "selected"))
        {
          g_free (chosen); /* the last one chosen wins, as in a browser */
          chosen = g_strdup (text);
        }
      if (!first)
        first = g_strdup (text);
      g_free (text);
    }
  char *shown = list_box ? g_strdup (all->str) : g_strdup (chosen ? chosen : first);
  g_string_free (all, TRUE);
  g_free (first);
  g_free (chosen);
  if (shown && !*shown)
    g_clear_pointer (&shown, g_free);
  return shown;
}

/* The span that takes the place of the control @el: its text, and the id,
 * class, style, lang and dir @el had. */
static xmlNodePtr
span_for (xmlNodePtr el, const char *text)
{
  xmlNodePtr span = xmlNewDocNode (el->doc, NULL, BAD_CAST "span", NULL);
  span->line = el->line;
  static const char *const kept[] = { "id", "class", "style", "lang", "dir", "title" };
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree xmlChar *value = xmlGetProp (el, BAD_CAST kept[i]);
      if (value)
        xmlSetProp (span, BAD_CAST kept[i], value);
    }
  xmlNodeAddContent (span, BAD_CAST text);
  return span;
}

/* Whether @n, beside a control (before it when @at_end), touches it with
 * no white space between: its text, or its last (first) descendant's,
 * ends (starts) with a letter; an element with no text, a picture say,
 * touches too. */
static gboolean
touches (xmlNodePtr n, gboolean at_end)
{
  while (n && n->type == XML_ELEMENT_NODE && (at_end ? n->last : n->children))
    n = at_end ? n->last : n->children;
  if (!n)
    return FALSE;
  if (n->type != XML_TEXT_NODE)
    return n->type == XML_ELEMENT_NODE;
  const char *text = (const char *) n->content;
  if (!text || !*text)
    return FALSE;
  return !g_ascii_isspace (at_end ? text[strlen (text) - 1] : text[0]);
}

/* The node beside @control (before it, or after), or beside the label or
 * span it begins or ends. */
static xmlNodePtr
beside (xmlNodePtr control, gboolean before)
{
  static const char *const wrappers[] = { "label", "span", "a", "b", "i", "em", "strong", "small" };
  xmlNodePtr n = before ? control->prev : control->next;
  xmlNodePtr parent = control->parent;
  for (gsize i = 0; !n && i < G_N_ELEMENTS (wrappers); i++)
    if (bf_element_is (parent, wrappers[i]))
      return before ? parent->prev : parent->next;
  return n;
}

/* A control shows its text in a box of its own: with no box here, a space
 * keeps its text from running into the words or the control beside it
 * ("Name" then a field's "Ada" then a button's "Send", not "NameAdaSend").
 * Not in preformatted text, where spaces show. */
static void
set_apart (xmlNodePtr control)
{
  for (xmlNodePtr a = control->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
    if (bf_element_is (a, "pre"))
      return;
  if (touches (beside (control, TRUE), TRUE))
    xmlAddPrevSibling (control, xmlNewDocText (control->doc, BAD_CAST " "));
  if (touches (beside (control, FALSE), FALSE))
    xmlAddNextSibling (control, xmlNewDocText (control->doc, BAD_CAST " "));
}

void
bf_document_normalize_controls (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  xmlNodePtr n = body ? body->children : NULL;
  while (n)
    {
      gboolean is_input = bf_element_is (n, "input");
      gboolean is_select = bf_element_is (n, "select");
      if (bf_element_is (n, "textarea") || bf_element_is (n, "button"))
        set_apart (n);
      if (!is_input && !is_select)
        {
          n = bf_node_next_in_walk (n, body, TRUE);
          continue;
        }
      xmlNodePtr input = n;
      g_autofree char *text = is_input ? shown_text (input) : shown_choice (input);
      xmlNodePtr span = text ? span_for (input, text) : NULL;
      if (span)
        xmlAddPrevSibling (input, span);
      n = bf_node_next_in_walk (input, body, FALSE);
      xmlUnlinkNode (input);
      xmlFreeNode (input);
      if (span)
        set_apart (span);
    }
}
