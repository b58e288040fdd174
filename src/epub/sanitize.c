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
 * of its first occurrence, with the number of times it happened. */
#include "epub/epub.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A kind of change, reported once: where it first happened and how often. */
typedef struct {
  char *kind;
  char *message;            /* the first occurrence's */
  long line;
  guint count;
} Report;

struct _BfSanitizer {
  char *doc_name;
  GHashTable *reports;       /* message → Report*, owned */
  GPtrArray *report_order;   /* Report*, in order of first occurrence */
  GHashTable *ids;           /* every id in the book (char*), owned */
  GHashTable *first_ids;     /* id as written → id of its first holder, owned */
  GHashTable *slugs;         /* heading anchor → how many headings had it (guint*) */
  GHashTable *id_suffixes;   /* id → the next "-N" to try for it (guint*) */
};

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

static const char *const global_attributes[] = {
  "id", "class", "title", "lang", "dir", "style", "hidden", "role", "tabindex", "accesskey",
  "translate", "aria-label", "aria-hidden", NULL
};

/* Attributes whose loss is no loss to a reader: addresses of sources,
 * hints to browsers.  They go without a warning. */
static const char *const quiet_attributes[] = {
  "name", "target", "cite", "rel", "hreflang", "type", "headers", "abbr", "referrerpolicy",
  "crossorigin", "srcset", "sizes", "loading", "decoding", "nonce", "integrity", NULL
};

/* WAI-ARIA 1.1 roles and the DPUB-ARIA roles EPUB uses. */
static const char *const roles[] = {
  "alert", "alertdialog", "application", "article", "banner", "button", "cell", "checkbox",
  "columnheader", "combobox", "complementary", "contentinfo", "definition", "dialog",
  "directory", "document", "feed", "figure", "form", "grid", "gridcell", "group", "heading",
  "img", "link", "list", "listbox", "listitem", "log", "main", "marquee", "math", "menu",
  "menubar", "menuitem", "menuitemcheckbox", "menuitemradio", "navigation", "none", "note",
  "option", "presentation", "progressbar", "radio", "radiogroup", "region", "row", "rowgroup",
  "rowheader", "scrollbar", "search", "searchbox", "separator", "slider", "spinbutton",
  "status", "switch", "tab", "table", "tablist", "tabpanel", "term", "textbox", "timer",
  "toolbar", "tooltip", "tree", "treegrid", "treeitem",
  "doc-abstract", "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink",
  "doc-bibliography", "doc-biblioref", "doc-chapter", "doc-colophon", "doc-conclusion",
  "doc-cover", "doc-credit", "doc-credits", "doc-dedication", "doc-endnotes", "doc-epigraph",
  "doc-epilogue", "doc-errata", "doc-example", "doc-footnote", "doc-foreword", "doc-glossary",
  "doc-glossref", "doc-index", "doc-introduction", "doc-noteref", "doc-notice",
  "doc-pagebreak", "doc-pagelist", "doc-part", "doc-preface", "doc-prologue",
  "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip", "doc-toc", NULL
};

/* Attributes allowed on one element (element, then its attributes). */
static const char *const *const element_attributes[] = {
  (const char *const[]) { "a", "href", NULL },
  (const char *const[]) { "img", "src", "alt", "width", "height", "loading", "decoding", NULL },
  (const char *const[]) { "ol", "start", "reversed", "type", NULL },
  (const char *const[]) { "li", "value", NULL },
  (const char *const[]) { "td", "colspan", "rowspan", NULL },
  (const char *const[]) { "th", "colspan", "rowspan", "scope", NULL },
  (const char *const[]) { "col", "span", NULL },
  (const char *const[]) { "colgroup", "span", NULL },
  (const char *const[]) { "del", "datetime", NULL },
  (const char *const[]) { "ins", "datetime", NULL },
  (const char *const[]) { "time", "datetime", NULL },
  (const char *const[]) { "data", "value", NULL },
  (const char *const[]) { "details", "open", NULL },
  NULL
};

/* Attributes whose integer value must not be negative. */
static const char *const counting_attributes[] = {
  "width", "height", "colspan", "rowspan", "span", "tabindex", NULL
};

/* What the lists above say of an element, looked up once per node. */
enum {
  ELEMENT_KEPT = 1 << 0,
  ELEMENT_DROPPED = 1 << 1,
  ELEMENT_FLATTENED = 1 << 2,
  ELEMENT_RENAMED = 1 << 3,
  ELEMENT_BLOCK = 1 << 4,
  ELEMENT_PHRASING_PARENT = 1 << 5,
  ELEMENT_TRANSPARENT = 1 << 6,
};

static void
add_flags (GHashTable *table, const char *const *names, guint flag)
{
  for (; *names; names++)
    g_hash_table_insert (table, (gpointer) *names,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, *names)) | flag));
}

/* The flags of @n's element type; 0 for an unknown element or a node
 * that is no element. */
static guint
element_flags (xmlNodePtr n)
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

static gboolean
name_in (const xmlChar *name, const char *const *names)
{
  for (; *names; names++)
    if (xmlStrEqual (name, BAD_CAST *names))
      return TRUE;
  return FALSE;
}

static gboolean
is_element (xmlNodePtr n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST name);
}

static gboolean
is_element_in (xmlNodePtr n, const char *const *names)
{
  return n && n->type == XML_ELEMENT_NODE && name_in (n->name, names);
}

static gboolean
is_blank_text (xmlNodePtr n)
{
  return n->type == XML_TEXT_NODE && xmlIsBlankNode (n);
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
/* Tree surgery                                                         */

/* Moves @n to the end of @parent, merging nothing: text nodes stay
 * separate so that the caller's pointers stay valid. */
static void
append_child (xmlNodePtr parent, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  if (parent->last)
    {
      /* Link by hand: xmlAddChild would merge two text nodes. */
      n->parent = parent;
      n->prev = parent->last;
      parent->last->next = n;
      parent->last = n;
      n->next = NULL;
    }
  else
    {
      n->parent = parent;
      parent->children = parent->last = n;
      n->prev = n->next = NULL;
    }
}

/* Links @n before @ref without merging text nodes. */
static void
insert_before (xmlNodePtr ref, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  n->parent = ref->parent;
  n->next = ref;
  n->prev = ref->prev;
  if (ref->prev)
    ref->prev->next = n;
  else
    ref->parent->children = n;
  ref->prev = n;
}

/* Links @n after @ref without merging text nodes. */
static void
insert_after (xmlNodePtr ref, xmlNodePtr n)
{
  xmlUnlinkNode (n);
  n->parent = ref->parent;
  n->prev = ref;
  n->next = ref->next;
  if (ref->next)
    ref->next->prev = n;
  else
    ref->parent->last = n;
  ref->next = n;
}

/* Replaces @n by its children; returns the first of them, or what
 * followed @n. */
static xmlNodePtr
replace_by_children (xmlNodePtr n)
{
  xmlNodePtr first = n->children, next = n->next;
  while (n->children)
    insert_before (n, n->children);
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return first ? first : next;
}

/* Replaces @n by the text it holds, spaces collapsed; returns that text
 * node, or what followed @n when it held none. */
static xmlNodePtr
replace_by_text (xmlNodePtr n)
{
  g_autofree xmlChar *content = xmlNodeGetContent (n);
  g_auto (GStrv) words = g_strsplit_set (content ? (const char *) content : "", " \t\n\r", -1);
  g_autofree char *joined = g_strjoinv (" ", words);
  g_autofree char *text = g_strstrip (g_strdup (joined));
  GString *collapsed = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (*p != ' ' || (collapsed->len && collapsed->str[collapsed->len - 1] != ' '))
      g_string_append_c (collapsed, *p);
  xmlNodePtr next = n->next;
  if (collapsed->len)
    {
      next = xmlNewDocText (n->doc, BAD_CAST collapsed->str);
      insert_before (n, next);
    }
  g_string_free (collapsed, TRUE);
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return next;
}

/* Removes @n and its subtree; returns what followed it. */
static xmlNodePtr
drop (xmlNodePtr n)
{
  xmlNodePtr next = n->next;
  xmlUnlinkNode (n);
  xmlFreeNode (n);
  return next;
}

/* A new element named @name placed before @ref. */
static xmlNodePtr
new_element_before (xmlNodePtr ref, const char *name)
{
  xmlNodePtr e = xmlNewDocNode (ref->doc, ref->parent->ns, BAD_CAST name, NULL);
  e->line = ref->line;
  insert_before (ref, e);
  return e;
}

/* Appends "@property: @value" to @n's style attribute. */
static void
add_style (xmlNodePtr n, const char *property, const char *value)
{
  g_autofree xmlChar *style = xmlGetProp (n, BAD_CAST "style");
  g_autofree char *joined = g_strdup_printf ("%s%s%s: %s", style ? (const char *) style : "",
                                             style && *style ? "; " : "", property, value);
  xmlSetProp (n, BAD_CAST "style", BAD_CAST joined);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                           */

static gboolean
is_count (const char *value)
{
  if (!*value)
    return FALSE;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* A CSS length from an HTML dimension ("120" → "120px", "50%" kept). */
static char *
css_length (const char *value)
{
  char *end = NULL;
  double number = g_ascii_strtod (value, &end);
  if (end == value || number < 0 || !isfinite (number))
    return NULL;
  /* "100px;" as some pages write it. */
  g_autofree char *unit = g_strstrip (g_strdup (end));
  gsize n = strlen (unit);
  if (n && unit[n - 1] == ';')
    unit[--n] = '\0';
  g_strstrip (unit);
  if (!strcmp (unit, "%"))
    return g_strdup_printf ("%g%%", number);
  if (!*unit || !g_ascii_strcasecmp (unit, "px"))
    return g_strdup_printf ("%gpx", number);
  return NULL;
}

/* An attribute name that XML takes (data-* and aria-* are open-ended). */
static gboolean
is_plain_name (const char *name)
{
  if (!*name)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
bf_is_language_tag (const char *tag)
{
  /* BCP 47 in outline (RFC 3066's grammar, which epubcheck holds to):
   * subtags of 1 to 8 letters or digits, the first letters only. */
  if (!*tag)
    return TRUE;
  const char *p = tag;
  for (int subtag = 0;; subtag++)
    {
      int length = 0;
      for (; g_ascii_isalnum (*p); p++, length++)
        if (subtag == 0 && !g_ascii_isalpha (*p))
          return FALSE;
      if (length < 1 || length > 8)
        return FALSE;
      if (!*p)
        return TRUE;
      if (*p++ != '-')
        return FALSE;
    }
}

/* A date (YYYY-MM-DD, YYYY-MM) or a date and time with an optional zone,
 * as HTML's datetime attributes take them. */
static gboolean
is_datetime (const char *value)
{
  static GRegex *re;
  static gsize initialized;
  if (g_once_init_enter (&initialized))
    {
      re = g_regex_new ("^[0-9]{4}-[0-9]{2}(-[0-9]{2}"
                        "([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)?$",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }
  return g_regex_match (re, value, 0, NULL);
}

static gboolean
attribute_allowed (xmlNodePtr n, const char *name)
{
  if (name_in (BAD_CAST name, global_attributes))
    return TRUE;
  if (g_str_has_prefix (name, "data-") && name[5] && is_plain_name (name + 5))
    return TRUE;
  for (const char *const *const *list = element_attributes; *list; list++)
    if (xmlStrEqual (n->name, BAD_CAST (*list)[0]))
      return name_in (BAD_CAST name, *list + 1);
  return FALSE;
}

/* An obsolete presentational attribute as CSS; TRUE when it was one. */
static gboolean
attribute_to_css (xmlNodePtr n, const char *name, const char *value)
{
  static const char *const aligns[] = { "left", "right", "center", "justify", NULL };
  static const char *const valigns[] = { "top", "middle", "bottom", "baseline", NULL };
  g_autofree char *lower = g_ascii_strdown (value, -1);
  if (!strcmp (name, "align") && is_element (n, "img"))
    {
      if (!strcmp (lower, "left") || !strcmp (lower, "right"))
        add_style (n, "float", lower);
      else if (name_in (BAD_CAST lower, valigns) || !strcmp (lower, "center"))
        add_style (n, "vertical-align", !strcmp (lower, "center") ? "middle" : lower);
      else
        return FALSE;
      return TRUE;
    }
  if (!strcmp (name, "align"))
    {
      if (!name_in (BAD_CAST lower, aligns))
        return FALSE;
      add_style (n, "text-align", lower);
      return TRUE;
    }
  if (!strcmp (name, "valign"))
    {
      if (!name_in (BAD_CAST lower, valigns))
        return FALSE;
      add_style (n, "vertical-align", lower);
      return TRUE;
    }
  if (!strcmp (name, "width") || !strcmp (name, "height"))
    {
      g_autofree char *length = css_length (lower);
      if (!length)
        return FALSE;
      add_style (n, name, length);
      return TRUE;
    }
  if (!strcmp (name, "nowrap"))
    {
      add_style (n, "white-space", "nowrap");
      return TRUE;
    }
  return FALSE;
}

/* A value the attribute may not take makes it fall, or become CSS. */
static gboolean
value_allowed (xmlNodePtr n, const char *name, const char *value)
{
  if (!strcmp (name, "dir"))
    return !strcmp (value, "ltr") || !strcmp (value, "rtl") || !strcmp (value, "auto");
  if (name_in (BAD_CAST name, counting_attributes))
    return is_count (value) && (strcmp (name, "colspan") != 0 || atoi (value) > 0);
  if (!strcmp (name, "start") || !strcmp (name, "value"))
    return *value && (g_ascii_isdigit (*value) || *value == '-')
           && is_count (value + (*value == '-'));
  if (!strcmp (name, "type") && is_element (n, "ol"))
    return strlen (value) == 1 && strchr ("1aAiI", *value);
  if (!strcmp (name, "lang"))
    return bf_is_language_tag (value);
  if (!strcmp (name, "aria-hidden"))
    return !strcmp (value, "true") || !strcmp (value, "false");
  if (!strcmp (name, "role"))
    {
      g_auto (GStrv) tokens = g_strsplit_set (value, " \t\n", -1);
      gboolean any = FALSE;
      for (char **t = tokens; *t; t++)
        if (**t && !(any = name_in (BAD_CAST *t, roles)))
          return FALSE;
      return any;
    }
  if (!strcmp (name, "datetime"))
    return is_datetime (value);
  if (!strcmp (name, "loading"))
    return !strcmp (value, "lazy") || !strcmp (value, "eager");
  if (!strcmp (name, "decoding"))
    return !strcmp (value, "sync") || !strcmp (value, "async") || !strcmp (value, "auto");
  if (!strcmp (name, "scope"))
    return name_in (BAD_CAST value, (const char *const[]) { "row", "col", "rowgroup", "colgroup", NULL });
  return TRUE;
}

/* A declaration "name: value" that a CSS parser takes and that names no
 * file (url() would point outside the book). */
static gboolean
is_plain_declaration (const char *name, const char *value)
{
  if (!*name || !*value)
    return FALSE;
  for (const char *p = name + (*name == '-'); *p; p++)
    if (!g_ascii_isalpha (*p) && *p != '-')
      return FALSE;
  int parens = 0, quotes = 0, apostrophes = 0;
  for (const char *p = value; *p; p++)
    {
      if (strchr ("{}<>\\", *p))
        return FALSE;
      parens += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      quotes += *p == '"';
      apostrophes += *p == '\'';
      if (parens < 0)
        return FALSE;
    }
  g_autofree char *lower = g_ascii_strdown (value, -1);
  return parens == 0 && quotes % 2 == 0 && apostrophes % 2 == 0 && !strstr (lower, "url(")
         && !strstr (lower, "expression(");
}

/* The declarations of @style that pass is_plain_declaration, or NULL;
 * *@dropped tells whether any did not. */
static char *
clean_style (const char *style, gboolean *dropped)
{
  *dropped = FALSE;
  g_auto (GStrv) parts = g_strsplit (style, ";", -1);
  GString *out = g_string_new (NULL);
  for (char **part = parts; *part; part++)
    {
      char *colon = strchr (*part, ':');
      if (!colon)
        {
          *dropped |= !!*g_strstrip (*part);
          continue;
        }
      *colon = '\0';
      g_autofree char *name = g_ascii_strdown (g_strstrip (*part), -1);
      const char *value = g_strstrip (colon + 1);
      if (is_plain_declaration (name, value))
        g_string_append_printf (out, "%s%s: %s", out->len ? "; " : "", name, value);
      else
        *dropped = TRUE;
    }
  return g_string_free (out, out->len == 0);
}

static void
clean_style_attribute (BfSanitizer *s, xmlNodePtr n)
{
  g_autofree xmlChar *style = xmlGetProp (n, BAD_CAST "style");
  if (!style)
    return;
  gboolean dropped;
  g_autofree char *clean = clean_style ((const char *) style, &dropped);
  if (clean && !strcmp (clean, (const char *) style))
    return;
  g_autofree char *original = g_strdup ((const char *) style);
  g_strstrip (original);
  if (dropped)
    bf_sanitizer_report (s, n, "style", "style \"%s\": declarations a reading system cannot parse, "
                         "or that name files, dropped", original);
  if (clean)
    xmlSetProp (n, BAD_CAST "style", BAD_CAST clean);
  else
    xmlUnsetProp (n, BAD_CAST "style");
}

static void
clean_attributes (BfSanitizer *s, xmlNodePtr n)
{
  /* <a name="x">: the anchor HTML4 wrote as a name is an id. */
  if (is_element (n, "a") && !xmlHasProp (n, BAD_CAST "id"))
    {
      g_autofree xmlChar *name = xmlGetProp (n, BAD_CAST "name");
      if (name && *name)
        xmlSetProp (n, BAD_CAST "id", name);
    }
  for (xmlAttrPtr a = n->properties, next; a; a = next)
    {
      next = a->next;
      /* xml:lang and epub:type, which this stage sets, are namespaced. */
      if (a->ns)
        continue;
      const char *name = (const char *) a->name;
      /* A prefixed name the HTML parser kept as it was written. */
      if (strchr (name, ':'))
        {
          if (!strcmp (name, "xml:lang") && !xmlHasProp (n, BAD_CAST "lang"))
            {
              g_autofree xmlChar *lang = xmlNodeGetContent ((xmlNodePtr) a);
              xmlSetProp (n, BAD_CAST "lang", lang);
            }
          else if (strcmp (name, "xml:lang") != 0)
            bf_sanitizer_report (s, n, NULL, "attribute %s on <%s> dropped from the EPUB", name,
                                 (const char *) n->name);
          xmlRemoveProp (a);
          continue;
        }
      g_autofree xmlChar *value = xmlNodeGetContent ((xmlNodePtr) a);
      const char *v = value ? (const char *) value : "";
      if (attribute_allowed (n, name) && value_allowed (n, name, v))
        continue;
      if (attribute_to_css (n, name, v))
        ;
      else if (g_str_has_prefix (name, "on"))
        bf_sanitizer_report (s, n, "on", "event handler %s dropped from the EPUB", name);
      else if (!name_in (BAD_CAST name, quiet_attributes))
        bf_sanitizer_report (s, n, NULL, "attribute %s on <%s> dropped from the EPUB", name,
                             (const char *) n->name);
      xmlRemoveProp (a);
    }
  clean_style_attribute (s, n);
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

/* The anchor GitHub gives a heading: its text in lower case, less
 * punctuation, spaces as hyphens; "-1", "-2"… after a repeat. */
static char *
heading_slug (xmlNodePtr heading)
{
  g_autofree xmlChar *content = xmlNodeGetContent (heading);
  g_autofree char *text = g_strstrip (g_strdup (content ? (const char *) content : ""));
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *out = g_string_new (NULL);
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == ' ')
        g_string_append_c (out, '-');
      else if (g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '-' || c == '_')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

void
bf_sanitizer_add_heading_anchor (BfSanitizer *s, xmlNodePtr heading, const char *id)
{
  g_autofree char *slug = heading_slug (heading);
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
/* Nesting                                                              */

/* TRUE when @n may hold flow content (blocks). */
static gboolean
takes_blocks (xmlNodePtr n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      guint flags = element_flags (n);
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
      if ((element_flags (c) & ELEMENT_BLOCK) || (!run && is_blank_text (c)))
        {
          insert_after (after, c);
          after = c;
          run = NULL;
          continue;
        }
      if (!run)
        {
          run = xmlDocCopyNode (x, x->doc, 2);
          xmlUnsetProp (run, BAD_CAST "id");
          insert_after (after, run);
          after = run;
        }
      append_child (run, c);
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
        home = new_element_before (c, item);
      append_child (home, c);
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
        home = new_element_before (c, "dt");
      append_child (home, c);
    }
  xmlNodePtr first = dl->children;
  while (first && first->type != XML_ELEMENT_NODE)
    first = first->next;
  if (is_element (first, "dd"))
    new_element_before (first, "dt");
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
  static const char *const allowed[] = { "caption", "colgroup", "thead", "tbody", "tfoot", "tr", NULL };
  for (xmlNodePtr c = table->children, next; c; c = next)
    {
      next = c->next;
      if (is_blank_text (c) || is_element_in (c, allowed) || c->type == XML_COMMENT_NODE)
        continue;
      insert_before (table, c);
    }
}

/* Wraps @n and the siblings after it that @names take into a new
 * @container; returns the container. */
static xmlNodePtr
wrap_run (xmlNodePtr n, const char *container, const char *const *names)
{
  xmlNodePtr wrapper = new_element_before (n, container);
  for (xmlNodePtr c = n, next; c; c = next)
    {
      next = c->next;
      if (!is_element_in (c, names) && !is_blank_text (c))
        break;
      append_child (wrapper, c);
    }
  return wrapper;
}

/* Repairs @n's place (an item outside its list, a block inside a
 * paragraph); returns the node to visit in its stead, or @n. */
static xmlNodePtr
repair_context (BfSanitizer *s, xmlNodePtr n, gboolean *moved)
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
      return replace_by_children (n);
    }
  if (is_element (n, "col") && !is_element (parent, "colgroup") && !is_element (parent, "table"))
    return drop (n);
  if (is_element (n, "summary") && !is_element (parent, "details"))
    return replace_by_children (n);
  if (is_element (n, "figcaption") && !is_element (parent, "figure"))
    xmlNodeSetName (n, BAD_CAST "div");
  if (is_element_in (n, (const char *const[]) { "rt", "rp", NULL }) && !is_element (parent, "ruby"))
    return replace_by_children (n);
  /* Nothing interactive inside a link. */
  if (is_element_in (n, (const char *const[]) { "a", "details", NULL })
      && has_ancestor (n, (const char *const[]) { "a", NULL }))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> inside a link; its text kept without it",
                           (const char *) n->name);
      return replace_by_children (n);
    }
  if (is_element_in (n, (const char *const[]) { "header", "footer", NULL })
      && has_ancestor (n, (const char *const[]) { "header", "footer", NULL }))
    xmlNodeSetName (n, BAD_CAST "div");
  if ((element_flags (n) & ELEMENT_BLOCK) && !takes_blocks (parent))
    {
      hoist (n, block_container (n));
      *moved = TRUE;
    }
  return n;
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
    return drop (n);
  if (n->type == XML_CDATA_SECTION_NODE)
    {
      xmlNodePtr text = xmlNewDocText (n->doc, n->content);
      insert_before (n, text);
      drop (n);
      return text;
    }
  if (n->type != XML_ELEMENT_NODE)
    return n->next;
  if (n->ns && !xmlStrEqual (n->ns->href, BAD_CAST "http://www.w3.org/1999/xhtml"))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> dropped from the EPUB", (const char *) n->name);
      return drop (n);
    }
  guint flags = element_flags (n);
  const char *rename = flags & ELEMENT_RENAMED ? renamed (n->name) : NULL;
  if (rename)
    {
      if (xmlStrEqual (n->name, BAD_CAST "center"))
        add_style (n, "text-align", "center");
      xmlNodeSetName (n, BAD_CAST rename);
    }
  else if (flags & ELEMENT_DROPPED)
    {
      /* Metadata without text goes quietly. */
      if (!name_in (n->name, (const char *const[]) { "meta", "link", "base", NULL }))
        bf_sanitizer_report (s, n, NULL, "<%s> dropped from the EPUB", (const char *) n->name);
      return name_in (n->name, empty_elements) ? replace_by_children (n) : drop (n);
    }
  else if (flags & ELEMENT_FLATTENED)
    {
      bf_sanitizer_report (s, n, NULL, "<%s> cannot be kept in the EPUB; its text kept",
                           (const char *) n->name);
      return replace_by_text (n);
    }
  else if (!(flags & ELEMENT_KEPT))
    {
      bf_sanitizer_report (s, n, NULL, "<%s> is not EPUB 3 content; its text kept without it",
                           (const char *) n->name);
      return replace_by_children (n);
    }
  gboolean moved;
  xmlNodePtr instead = repair_context (s, n, &moved);
  if (instead != n)
    return instead;
  /* A block taken out of a paragraph is visited where it now is. */
  if (moved)
    return NULL;
  clean_attributes (s, n);
  /* <bdo> means nothing without its direction. */
  if (is_element (n, "bdo") && !xmlHasProp (n, BAD_CAST "dir"))
    xmlNodeSetName (n, BAD_CAST "span");
  clean_id (s, n);
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

static void clean_svg_element (xmlNodePtr n);

/* Removes from an SVG subtree what an SVG content document may not hold:
 * scripts, foreign objects, event handlers, and text outside text
 * elements (a stray "&gt;" after a tag). */
static void
clean_svg_children (xmlNodePtr parent)
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
          drop (n);
          continue;
        }
      if (n->type == XML_ELEMENT_NODE)
        clean_svg_element (n);
    }
}

static void
clean_svg_element (xmlNodePtr n)
{
  for (xmlAttrPtr a = n->properties, after; a; a = after)
    {
      after = a->next;
      if (!a->ns && g_str_has_prefix ((const char *) a->name, "on"))
        xmlRemoveProp (a);
    }
  clean_svg_children (n);
}

GBytes *
bf_sanitize_svg (GBytes *data)
{
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
  clean_svg_element (root);
  xmlChar *out = NULL;
  int length = 0;
  xmlDocDumpMemoryEnc (svg, &out, &length, "UTF-8");
  xmlFreeDoc (svg);
  GBytes *cleaned = g_bytes_new (out, length);
  xmlFree (out);
  return cleaned;
}
