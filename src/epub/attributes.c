/* attributes.c — an element's attributes as EPUB 3 takes them: global
 * and per-element allow-lists, values checked where the schema checks them
 * (language tags, ARIA roles, dates, counts, inline CSS), and HTML's
 * presentational attributes (align, valign, width…) turned into CSS.
 * https://html.spec.whatwg.org/multipage/dom.html#global-attributes */
#include "epub/sanitize-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
        bf_element_add_style (n, "float", lower);
      else if (name_in (BAD_CAST lower, valigns) || !strcmp (lower, "center"))
        bf_element_add_style (n, "vertical-align", !strcmp (lower, "center") ? "middle" : lower);
      else
        return FALSE;
      return TRUE;
    }
  if (!strcmp (name, "align"))
    {
      if (!name_in (BAD_CAST lower, aligns))
        return FALSE;
      bf_element_add_style (n, "text-align", lower);
      return TRUE;
    }
  if (!strcmp (name, "valign"))
    {
      if (!name_in (BAD_CAST lower, valigns))
        return FALSE;
      bf_element_add_style (n, "vertical-align", lower);
      return TRUE;
    }
  if (!strcmp (name, "width") || !strcmp (name, "height"))
    {
      g_autofree char *length = css_length (lower);
      if (!length)
        return FALSE;
      bf_element_add_style (n, name, length);
      return TRUE;
    }
  if (!strcmp (name, "nowrap"))
    {
      bf_element_add_style (n, "white-space", "nowrap");
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

void
bf_sanitize_attributes (BfSanitizer *s, xmlNodePtr n)
{
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

