/* sanitize.c — a chapter's content made valid EPUB 3 XHTML, whatever the
 * input held (https://www.w3.org/TR/epub-33/#sec-xhtml).
 *
 * Elements and attributes come from an allow-list of HTML5 body content:
 * scripts, styles, forms' controls and the like are dropped, any other
 * element that is not on the list is unwrapped (its children stay, so no
 * text is lost), obsolete presentational attributes become CSS, anything
 * else is dropped.  Nesting is repaired the way an HTML5 parser would: a
 * block inside a paragraph closes the paragraph, stray list items, table
 * rows and cells get their missing containers, and a list, table or row's
 * foreign children go into the nearest item or cell.  Ids are made XML
 * names, unique across the book; links to them follow the first holder.
 * Links to what is not in the book become plain text.
 *
 * Every change that loses something is reported once per kind, at the line
 * of its first occurrence, with the number of times it happened.
 *
 * This file owns the element lists, the walk, ids and reports, and SVG
 * pictures; attributes.c the attributes, nesting.c the repairs of nesting,
 * tree-edit.c the edits they share. */
#include "epub/sanitize-private.h"

#include <stdarg.h>
#include <string.h>

/* A kind of change, reported once: where it first happened and how often. */
typedef struct {
  char *kind;
  char *message;            /* the first occurrence's */
  long line;
  guint count;
} Report;

/* ------------------------------------------------------------------ */
/* Allow-lists                                                          */

/* Elements kept as they are (HTML5 body content, less scripting and
 * forms). */
static const char *const kept_elements[] = {
  "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption",
  "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt",
  "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
  "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt",
  "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
  "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", NULL
};

/* Elements dropped: code, metadata, controls with no text of their own,
 * and embedded content the book cannot carry.  Those that HTML makes empty
 * keep what a parser that did not know them put inside them (the content
 * that followed them). */
static const char *const dropped_elements[] = {
  "script", "style", "link", "meta", "base", "template", "input", "embed", "param", "frameset",
  "source", "track", "area", "datalist", "keygen", NULL
};
static const char *const empty_elements[] = {
  "link", "meta", "base", "input", "embed", "param", "source", "track", "area", "keygen", NULL
};

/* Elements whose markup the book cannot carry but whose text is content:
 * they become that text. */
static const char *const flattened_elements[] = {
  "svg", "math", "iframe", "frame", "applet", "title", "textarea", "select", NULL
};

/* Obsolete elements with a valid equivalent. */
static const char *const renamed_elements[][2] = {
  { "tt", "code" }, { "strike", "s" }, { "acronym", "abbr" }, { "center", "div" },
  { "dir", "ul" }, { "menu", "ul" }, { "listing", "pre" }, { "xmp", "pre" },
  { "plaintext", "pre" }, { "big", "span" }, { "font", "span" },
  /* A book of chapters has no one main part; HTML allows one per page. */
  { "main", "div" },
};

/* Elements whose content may only be phrasing content (text and inline
 * elements). */
static const char *const phrasing_parents[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "em", "strong", "b", "i", "u", "s",
  "small", "mark", "code", "kbd", "samp", "var", "sub", "sup", "q", "cite", "dfn", "abbr",
  "time", "data", "bdi", "bdo", "ruby", "rt", "rp", "summary", NULL
};

/* Elements that are flow content but not phrasing content: they cannot
 * sit inside a phrasing parent. */
static const char *const block_elements[] = {
  "address", "article", "aside", "blockquote", "details", "div", "dl", "figure", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "nav", "ol", "p", "pre",
  "section", "table", "ul", NULL
};

/* Elements whose content model is their parent's. */
static const char *const transparent_elements[] = { "a", "ins", "del", NULL };

static void
add_flags (GHashTable *table, const char *const *names, guint flag)
{
  for (; *names; names++)
    g_hash_table_insert (table, (gpointer) *names,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, *names)) | flag));
}

guint
bf_sanitize_element_flags (xmlNodePtr n)
{
  static gsize initialized;
  static GHashTable *table;
  if (g_once_init_enter (&initialized))
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      add_flags (table, kept_elements, ELEMENT_KEPT);
      add_flags (table, dropped_elements, ELEMENT_DROPPED);
      add_flags (table, flattened_elements, ELEMENT_FLATTENED);
      for (gsize i = 0; i < G_N_ELEMENTS (renamed_elements); i++)
        add_flags (table, (const char *const[]) { renamed_elements[i][0], NULL }, ELEMENT_RENAMED);
      add_flags (table, block_elements, ELEMENT_BLOCK);
      add_flags (table, phrasing_parents, ELEMENT_PHRASING_PARENT);
      add_flags (table, transparent_elements, ELEMENT_TRANSPARENT);
      g_once_init_leave (&initialized, 1);
    }
  if (!n || n->type != XML_ELEMENT_NODE)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, n->name));
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */

BfSanitizer *
bf_sanitizer_new (const char *doc_name)
{
  BfSanitizer *s = g_new0 (BfSanitizer, 1);
  s->doc_name = g_strdup (doc_name);
  s->reports = g_hash_table_new (g_str_hash, g_str_equal);
  s->report_order = g_ptr_array_new ();
  s->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->first_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->id_suffixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return s;
}

void
bf_sanitizer_free (BfSanitizer *s)
{
  if (!s)
    return;
  for (guint i = 0; i < s->report_order->len; i++)
    {
      Report *r = s->report_order->pdata[i];
      g_free (r->message);
      g_free (r->kind);
      g_free (r);
    }
  g_ptr_array_unref (s->report_order);
  g_hash_table_unref (s->reports);
  g_hash_table_unref (s->ids);
  g_hash_table_unref (s->first_ids);
  g_hash_table_unref (s->slugs);
  g_hash_table_unref (s->id_suffixes);
  g_free (s->doc_name);
  g_free (s);
}

void
bf_sanitizer_report (BfSanitizer *s, xmlNodePtr where, const char *kind, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  Report *r = g_hash_table_lookup (s->reports, kind ? kind : message);
  if (r)
    {
      r->count++;
      g_free (message);
      return;
    }
  r = g_new0 (Report, 1);
  r->message = message;
  r->kind = g_strdup (kind ? kind : message);
  r->line = where ? xmlGetLineNo (where) : -1;
  r->count = 1;
  g_hash_table_insert (s->reports, r->kind, r);
  g_ptr_array_add (s->report_order, r);
}

void
bf_sanitizer_take_warnings (BfSanitizer *s, GPtrArray *warnings)
{
  for (guint i = 0; warnings && i < s->report_order->len; i++)
    {
      const Report *r = s->report_order->pdata[i];
      g_autofree char *where = r->line > 0 ? g_strdup_printf ("%s:%ld", s->doc_name, r->line)
                                           : g_strdup (s->doc_name);
      g_autofree char *times = r->count > 1 ? g_strdup_printf (" (%u times in all)", r->count) : g_strdup ("");
      g_ptr_array_add (warnings, g_strdup_printf ("%s: warning: %s%s", where, r->message, times));
    }
}

/* ------------------------------------------------------------------ */
/* Ids                                                                  */

/* @id as an XML name without colons: other characters become '-', and a
 * name that cannot start as it does gets a prefix. */
static char *
valid_id (const char *id)
{
  if (xmlValidateNCName (BAD_CAST id, 0) == 0)
    return g_strdup (id);
  GString *out = g_string_new (NULL);
  for (const char *p = id; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '-' || c == '_' || c == '.')
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '-');
    }
  if (out->len == 0 || xmlValidateNCName (BAD_CAST out->str, 0) != 0)
    g_string_prepend (out, "id-");
  if (xmlValidateNCName (BAD_CAST out->str, 0) != 0)
    g_string_assign (out, "id");
  return g_string_free (out, FALSE);
}

static void
clean_id (BfSanitizer *s, xmlNodePtr n)
{
  g_autofree xmlChar *id = xmlGetProp (n, BAD_CAST "id");
  if (!id)
    return;
  g_autofree char *valid = valid_id ((const char *) id);
  /* The next free "-N" for this name, remembered so that many holders of
   * one id cost one step each. */
  char *unique = g_strdup (valid);
  guint *suffix = g_hash_table_lookup (s->id_suffixes, valid);
  if (!suffix)
    {
      suffix = g_new (guint, 1);
      *suffix = 2;
      g_hash_table_insert (s->id_suffixes, g_strdup (valid), suffix);
    }
  while (g_hash_table_contains (s->ids, unique))
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", valid, (*suffix)++);
    }
  if (!g_hash_table_contains (s->first_ids, id))
    g_hash_table_insert (s->first_ids, g_strdup ((const char *) id), g_strdup (unique));
  else
    bf_sanitizer_report (s, n, "duplicate-id", "id \"%s\" used twice; renamed \"%s\"", (const char *) id, unique);
  if (strcmp (unique, (const char *) id) != 0)
    xmlSetProp (n, BAD_CAST "id", BAD_CAST unique);
  g_hash_table_add (s->ids, unique);
}

void
bf_sanitizer_add_heading_anchor (BfSanitizer *s, xmlNodePtr heading, const char *id)
{
  g_autofree char *slug = bf_heading_slug_new (heading);
  guint *seen = g_hash_table_lookup (s->slugs, slug);
  char *anchor = seen ? g_strdup_printf ("%s-%u", slug, *seen) : g_strdup (slug);
  if (!seen)
    g_hash_table_insert (s->slugs, g_strdup (slug), g_new0 (guint, 1));
  else
    (*seen)++;
  if (*anchor && !g_hash_table_contains (s->first_ids, anchor))
    g_hash_table_insert (s->first_ids, anchor, g_strdup (id));
  else
    g_free (anchor);
}

const char *
bf_sanitizer_lookup_id (const BfSanitizer *s, const char *written)
{
  return g_hash_table_lookup (s->first_ids, written);
}

gboolean
bf_sanitizer_claim_id (BfSanitizer *s, const char *id)
{
  if (g_hash_table_contains (s->ids, id))
    return FALSE;
  g_hash_table_add (s->ids, g_strdup (id));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The walk                                                             */

static const char *
renamed (const xmlChar *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (renamed_elements); i++)
    if (xmlStrEqual (name, BAD_CAST renamed_elements[i][0]))
      return renamed_elements[i][1];
  return NULL;
}

static void clean_children (BfSanitizer *s, xmlNodePtr parent);

/* Cleans @n and its subtree; returns the next node to visit among
 * @parent's children, or NULL when @n left @parent (the rest of its
 * siblings went with it). */
static xmlNodePtr
clean_node (BfSanitizer *s, xmlNodePtr parent, xmlNodePtr n)
{
  if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || n->type == XML_DTD_NODE)
    return bf_node_drop (n);
  if (n->type == XML_CDATA_SECTION_NODE)
    {
      xmlNodePtr text = xmlNewDocText (n->doc, n->content);
      bf_node_insert_before (n, text);
      bf_node_drop (n);
      return text;
    }
  if (n->type != XML_ELEMENT_NODE)
    return n->next;
  if (n->ns && !xmlStrEqual (n->ns->href, BAD_CAST "http://www.w3.org/1999/xhtml"))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> dropped from the EPUB", (const char *) n->name);
      return bf_node_drop (n);
    }
  guint flags = bf_sanitize_element_flags (n);
  const char *rename = flags & ELEMENT_RENAMED ? renamed (n->name) : NULL;
  if (rename)
    {
      if (xmlStrEqual (n->name, BAD_CAST "center"))
        bf_element_add_style (n, "text-align", "center");
      xmlNodeSetName (n, BAD_CAST rename);
    }
  else if (flags & ELEMENT_DROPPED)
    {
      /* Metadata without text goes quietly. */
      if (!name_in (n->name, (const char *const[]) { "meta", "link", "base", NULL }))
        bf_sanitizer_report (s, n, NULL, "<%s> dropped from the EPUB", (const char *) n->name);
      return name_in (n->name, empty_elements) ? bf_node_replace_by_children (n) : bf_node_drop (n);
    }
  else if (flags & ELEMENT_FLATTENED)
    {
      bf_sanitizer_report (s, n, NULL, "<%s> cannot be kept in the EPUB; its text kept",
                           (const char *) n->name);
      return bf_node_replace_by_text (n);
    }
  else if (!(flags & ELEMENT_KEPT))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> is not EPUB 3 content; its text kept without it",
                           (const char *) n->name);
      return bf_node_replace_by_children (n);
    }
  gboolean moved;
  xmlNodePtr instead = bf_sanitize_repair_place (s, n, &moved);
  if (instead != n)
    return instead;
  /* A block taken out of a paragraph is visited where it now is. */
  if (moved)
    return NULL;
  bf_sanitize_attributes (s, n);
  /* <bdo> means nothing without its direction. */
  if (is_element (n, "bdo") && !xmlHasProp (n, BAD_CAST "dir"))
    xmlNodeSetName (n, BAD_CAST "span");
  clean_id (s, n);
  bf_sanitize_adopt_strays (n);
  clean_children (s, n);
  return n->parent == parent ? n->next : NULL;
}

static void
clean_children (BfSanitizer *s, xmlNodePtr parent)
{
  for (xmlNodePtr n = parent->children; n;)
    n = clean_node (s, parent, n);
}

void
bf_sanitizer_clean (BfSanitizer *s, xmlNodePtr body)
{
  clean_children (s, body);
}

/* ------------------------------------------------------------------ */
/* SVG pictures                                                         */

static void clean_svg_element (xmlNodePtr n, guint *dropped);

/* TRUE for an element that draws a resource from outside the picture (an
 * <image> of a file, a <use> of another file's element): a file the EPUB
 * does not hold, which no reader may fetch.  A fragment ("#id") and a
 * data: URI are inside the picture. */
static gboolean
fetches_outside (xmlNodePtr n)
{
  static const char *const fetchers[] = { "image", "use", "feImage", NULL };
  if (!name_in (n->name, fetchers))
    return FALSE;
  for (xmlAttrPtr a = n->properties; a; a = a->next)
    {
      if (!xmlStrEqual (a->name, BAD_CAST "href") || !a->children || !a->children->content)
        continue;
      const char *href = (const char *) a->children->content;
      while (g_ascii_isspace (*href))
        href++;
      if (*href != '#' && g_ascii_strncasecmp (href, "data:", 5))
        return TRUE;
    }
  return FALSE;
}

/* Removes from an SVG subtree what an SVG content document may not hold:
 * scripts, foreign objects, event handlers, text outside text elements (a
 * stray "&gt;" after a tag), and what draws a file from outside it
 * (counted in *@dropped). */
static void
clean_svg_children (xmlNodePtr parent, guint *dropped)
{
  static const char *const text_holders[] = { "text", "tspan", "textPath", "title", "desc",
                                              "style", "metadata", NULL };
  gboolean holds_text = name_in (parent->name, text_holders);
  for (xmlNodePtr n = parent->children, next; n; n = next)
    {
      next = n->next;
      if ((n->type == XML_TEXT_NODE && !holds_text && !xmlIsBlankNode (n))
          || (n->type == XML_ELEMENT_NODE
              && (xmlStrEqual (n->name, BAD_CAST "script")
                  || xmlStrEqual (n->name, BAD_CAST "foreignObject"))))
        {
          bf_node_drop (n);
          continue;
        }
      if (n->type == XML_ELEMENT_NODE && fetches_outside (n))
        {
          (*dropped)++;
          bf_node_drop (n);
          continue;
        }
      if (n->type == XML_ELEMENT_NODE)
        clean_svg_element (n, dropped);
    }
}

static void
clean_svg_element (xmlNodePtr n, guint *dropped)
{
  for (xmlAttrPtr a = n->properties, after; a; a = after)
    {
      after = a->next;
      if (!a->ns && g_str_has_prefix ((const char *) a->name, "on"))
        xmlRemoveProp (a);
    }
  clean_svg_children (n, dropped);
}

GBytes *
bf_sanitize_svg (GBytes *data, guint *dropped)
{
  *dropped = 0;
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);
  xmlDocPtr svg = xmlReadMemory (bytes, (int) MIN (size, G_MAXINT), NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNodePtr root = svg ? xmlDocGetRootElement (svg) : NULL;
  if (!root || !xmlStrEqual (root->name, BAD_CAST "svg"))
    {
      xmlFreeDoc (svg);
      return NULL;
    }
  clean_svg_element (root, dropped);
  xmlChar *out = NULL;
  int length = 0;
  xmlDocDumpMemoryEnc (svg, &out, &length, "UTF-8");
  xmlFreeDoc (svg);
  GBytes *cleaned = g_bytes_new (out, length);
  xmlFree (out);
  return cleaned;
}

