/* cascade.c — the CSS cascade: the built-in sheet (styles/default.css),
 * the presentational hints of lang and dir attributes, author stylesheets
 * (the user's --style sheets, the document's <style> elements) and style=""
 * attributes, sorted by origin, importance, cascade layer (layers.c),
 * specificity and source order (CSS Cascading Level 5, §6); inheritance
 * as in computed.c; ::before and ::after; @media print and screen;
 * @supports (supports.c).  Style rules
 * are indexed by id, class and type, so matching an element costs what may
 * apply to it.  What each property does is in properties.c. */
#include "style/cascade.h"
#include "style/custom-properties.h"

#include <string.h>

typedef struct {
  BfCssSelector *selector;     /* owned */
  GPtrArray *declarations;     /* borrowed from the rule, valid ones only */
  guint32 specificity;
  guint order;
  guint layer;                 /* its cascade layer, or BF_LAYER_NONE */
  guint layer_rank;            /* that layer's rank, once the sheets are read */
} StyleRule;

/* The style rules of one origin, indexed by what their rightmost compound
 * needs (an id, a class or a type), so an element is matched against the
 * few rules that can apply to it rather than all of them. */
typedef struct {
  GArray *rules;               /* StyleRule, in source order */
  GHashTable *by_id, *by_class, *by_type;  /* name → GArray of guint rule indices */
  GArray *unkeyed;             /* guint: rules that need none of those */
  gboolean has_pseudo;         /* a rule for ::before or ::after */
  gboolean has_marker;         /* a rule for ::marker */
  gboolean converts_digits;    /* a -bf-digits other than as-typed */
} RuleSet;

static void
style_rule_clear (StyleRule *rule)
{
  bf_css_selector_free (rule->selector);
  g_ptr_array_unref (rule->declarations);
}

static void
rule_set_init (RuleSet *set)
{
  set->rules = g_array_new (FALSE, FALSE, sizeof (StyleRule));
  g_array_set_clear_func (set->rules, (GDestroyNotify) style_rule_clear);
  set->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  set->by_class = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  set->by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  set->unkeyed = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
rule_set_clear (RuleSet *set)
{
  g_array_unref (set->rules);
  g_hash_table_unref (set->by_id);
  g_hash_table_unref (set->by_class);
  g_hash_table_unref (set->by_type);
  g_array_unref (set->unkeyed);
}

static void
rule_set_add (RuleSet *set, BfCssSelector *selector, GPtrArray *declarations, guint layer)
{
  StyleRule r = { selector, g_ptr_array_ref (declarations),
                  bf_css_selector_get_specificity (selector), set->rules->len, layer, 0 };
  guint index = set->rules->len;
  g_array_append_val (set->rules, r);
  BfCssPseudo pseudo = bf_css_selector_get_pseudo (selector);
  set->has_pseudo |= pseudo == BF_CSS_PSEUDO_BEFORE || pseudo == BF_CSS_PSEUDO_AFTER;
  set->has_marker |= pseudo == BF_CSS_PSEUDO_MARKER;
  BfCssKeyKind kind;
  const char *name;
  GArray *bucket = set->unkeyed;
  if (bf_css_selector_get_key (selector, &kind, &name))
    {
      GHashTable *table = kind == BF_CSS_KEY_ID ? set->by_id
                          : kind == BF_CSS_KEY_CLASS ? set->by_class : set->by_type;
      bucket = g_hash_table_lookup (table, name);
      if (!bucket)
        {
          bucket = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (table, g_strdup (name), bucket);
        }
    }
  g_array_append_val (bucket, index);
}

typedef struct {
  const BfCssDeclaration *declaration;
  gboolean important;
  gboolean attached;           /* style="": above every rule of its importance */
  guint layer_rank;
  guint32 specificity;
  guint order;
} Match;

static void
match_bucket (const RuleSet *set, GArray *bucket, xmlNodePtr element, BfCssPseudo pseudo,
              BfCssMatchCache *cache, GArray *matches)
{
  for (guint i = 0; bucket && i < bucket->len; i++)
    {
      const StyleRule *rule = &g_array_index (set->rules, StyleRule, g_array_index (bucket, guint, i));
      if (!rule->declarations->len || bf_css_selector_get_pseudo (rule->selector) != pseudo
          || !bf_css_selector_matches_cached (rule->selector, element, cache))
        continue;
      for (guint k = 0; k < rule->declarations->len; k++)
        {
          const BfCssDeclaration *d = rule->declarations->pdata[k];
          Match m = { d, d->important, FALSE, rule->layer_rank, rule->specificity,
                      rule->order * 1024 + MIN (k, 1023) };
          g_array_append_val (matches, m);
        }
    }
}

/* What an element offers the rule index: read once per element, whatever
 * the number of rule sets it is matched against. */
typedef struct {
  xmlNodePtr element;
  char *type;        /* lower case */
  xmlChar *id;       /* or NULL */
  GStrv classes;     /* each once, or NULL */
} ElementKeys;

static void
element_keys_init (ElementKeys *keys, xmlNodePtr element)
{
  keys->element = element;
  keys->type = g_ascii_strdown ((const char *) element->name, -1);
  keys->id = xmlGetProp (element, BAD_CAST "id");
  keys->classes = NULL;
  g_autofree xmlChar *classes = xmlGetProp (element, BAD_CAST "class");
  if (!classes)
    return;
  g_auto (GStrv) names = g_strsplit_set ((const char *) classes, " \t\n\r\f", -1);
  /* A set finds repeats, so a class attribute of n names costs n, not n². */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *distinct = g_ptr_array_new ();
  for (int i = 0; names[i]; i++)
    if (*names[i] && g_hash_table_add (seen, names[i]))
      g_ptr_array_add (distinct, g_strdup (names[i]));
  g_ptr_array_add (distinct, NULL);
  keys->classes = (GStrv) g_ptr_array_free (distinct, FALSE);
}

static void
element_keys_clear (ElementKeys *keys)
{
  g_free (keys->type);
  xmlFree (keys->id);
  g_strfreev (keys->classes);
}

/* The declarations of the rules of @set that match the element. */
static void
rule_set_match (const RuleSet *set, const ElementKeys *keys, BfCssPseudo pseudo,
                BfCssMatchCache *cache, GArray *matches)
{
  xmlNodePtr element = keys->element;
  match_bucket (set, set->unkeyed, element, pseudo, cache, matches);
  match_bucket (set, g_hash_table_lookup (set->by_type, keys->type), element, pseudo, cache,
                matches);
  if (keys->id)
    match_bucket (set, g_hash_table_lookup (set->by_id, keys->id), element, pseudo, cache,
                  matches);
  for (int i = 0; keys->classes && keys->classes[i] && g_hash_table_size (set->by_class); i++)
    match_bucket (set, g_hash_table_lookup (set->by_class, keys->classes[i]), element, pseudo,
                  cache, matches);
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const Match *x = a, *y = b;
  if (x->important != y->important)
    return x->important ? 1 : -1;
  if (x->attached != y->attached)
    return x->attached ? 1 : -1;
  /* A later layer wins; among !important declarations an earlier one. */
  if (x->layer_rank != y->layer_rank)
    return (x->layer_rank < y->layer_rank) != x->important ? -1 : 1;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

void
bf_declarations_apply (GPtrArray *declarations, const BfComputedStyle *parent,
                       BfComputedStyle *out)
{
  /* Font size and direction first: ems and the physical sides of the
   * others depend on them.  The font shorthand sets the size with them,
   * and comes again in its place among the others, for its style, weight,
   * line height and family; the size stays as the first pass left it. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < declarations->len; i++)
      {
        const BfCssDeclaration *d = declarations->pdata[i];
        gboolean font = !strcmp (d->name, "font");
        gboolean early = font || !strcmp (d->name, "font-size") || !strcmp (d->name, "direction");
        if ((pass == 0) != early && !font)
          continue;
        double size = out->font_size;
        bf_declaration_apply (d, parent, out);
        if (pass == 1)
          out->font_size = size;
      }
}

/* Applies @matches in cascade order: first the custom properties they
 * declare (with @vars, when there is a styler), then the rest, each with
 * its var() replaced. */
static void
apply_matches (BfVarStore *vars, GArray *matches, const BfComputedStyle *parent,
               BfComputedStyle *out)
{
  if (matches->len == 0)
    return;
  g_array_sort (matches, compare_matches);
  GPtrArray *declarations = g_ptr_array_sized_new (matches->len);
  gboolean custom = FALSE;
  for (guint i = 0; i < matches->len; i++)
    {
      const BfCssDeclaration *d = g_array_index (matches, Match, i).declaration;
      custom |= bf_css_declaration_is_custom (d);
      g_ptr_array_add (declarations, (gpointer) d);
    }
  if (custom && vars)
    out->custom_properties = bf_var_store_cascade (vars, out->custom_properties, declarations);
  /* Keeps the declarations that apply: not custom properties, and var()
   * replaced (or, when it stands for nothing, left out). */
  guint kept = 0;
  for (guint i = 0; i < declarations->len; i++)
    {
      const BfCssDeclaration *d = declarations->pdata[i];
      if (bf_css_declaration_is_custom (d))
        continue;
      if (d->has_var)
        d = vars ? bf_var_store_substitute (vars, d, out->custom_properties) : NULL;
      if (d)
        declarations->pdata[kept++] = (gpointer) d;
    }
  g_ptr_array_set_size (declarations, kept);
  bf_declarations_apply (declarations, parent, out);
  g_ptr_array_unref (declarations);
}

/* ----------------------------------------------------------------- styler */

struct _BfStyler {
  GPtrArray *sheets;           /* BfCssStylesheet*, owned */
  RuleSet author;              /* the user's sheets and the document's <style> */
  GPtrArray *warnings;         /* char*, owned */
  GHashTable *inline_styles;   /* element → GPtrArray of the declarations of its
                                  style="", parsed once; kept while the styler
                                  lives, as computed styles point into them */
  BfCssMatchCache *match_cache;  /* what matching learnt about the document's tree */
  BfVarStore *vars;            /* custom properties and declarations with var() */
  BfPageRules *pages;          /* @page rules of every sheet */
  GPtrArray *font_faces;       /* @font-face rules: BfFontFace* */
  BfLayers *layers;            /* the cascade layers the author's sheets name */
  gint64 microseconds;         /* spent reading sheets and computing styles */
  BfMedium medium;             /* what the sheets' media queries are asked of */
};

/* The built-in sheet, styles/default.css, read once per process. */
typedef struct {
  BfCssStylesheet *sheet;
  RuleSet rules;
  GPtrArray *warnings;
} DefaultSheet;

/* Where a sheet's rules go, and where its url()s are found. */
typedef struct {
  const char *name;
  gboolean author;             /* not the built-in sheet */
  const char *base_dir;
  const BfDocument *doc;       /* a document's own sheet: files only where its resources may be */
  RuleSet *set;
  BfPageRules *pages;
  GPtrArray *font_faces;       /* NULL: @font-face not allowed */
  GPtrArray *warnings;
  const BfMedium *medium;      /* what @media rules are asked of */
  GPtrArray *sheets;           /* owns the sheets @import brings; NULL: none allowed */
  GPtrArray *importing;        /* the files of the sheets importing this one */
  BfLayers *layers;            /* the origin's cascade layers; NULL: none ranked */
  guint layer;                 /* the layer the rules go into */
} SheetTarget;

static void add_rules (GPtrArray *rules, const SheetTarget *to, gboolean top);

/* The sheet @rule (an @import of @to's sheet) names, its rules added in
 * its place when it applies; a warning when its file is not read, when
 * it imports itself, or when sheets import each other too deep. */
static void
add_imported_rules (const BfCssRule *rule, const SheetTarget *to)
{
  g_autofree char *warning = NULL;
  BfCssImport *import = bf_css_import_read (rule, to->name, to->base_dir, to->doc, to->medium,
                                            &warning);
  if (warning)
    g_ptr_array_add (to->warnings, g_steal_pointer (&warning));
  if (!import || import->match != BF_MEDIA_TRUE)
    {
      bf_css_import_free (import);
      return;
    }
  const char *why = bf_css_import_refused (import, to->importing);
  if (why)
    g_ptr_array_add (to->warnings, g_strdup_printf ("%s:%d:%d: warning: @import %s not read: %s",
                                                    to->name, rule->line, rule->column,
                                                    import->path, why));
  else
    {
      BfCssStylesheet *sheet = bf_css_stylesheet_parse (import->text, -1, import->path);
      g_ptr_array_add (to->sheets, sheet);
      for (guint i = 0; i < sheet->warnings->len; i++)
        g_ptr_array_add (to->warnings, g_strdup (sheet->warnings->pdata[i]));
      g_autofree char *dir = g_path_get_dirname (import->path);
      SheetTarget inner = *to;
      inner.name = sheet->name;
      inner.base_dir = dir;
      if (import->layered && to->layers)
        inner.layer = import->layer ? bf_layers_name (to->layers, to->layer, import->layer)
                                    : bf_layers_new_anonymous (to->layers, to->layer);
      g_ptr_array_add (to->importing, import->path);
      add_rules (sheet->rules, &inner, TRUE);
      g_ptr_array_remove_index (to->importing, to->importing->len - 1);
    }
  bf_css_import_free (import);
}

/* TRUE when @declarations set -bf-digits to anything but as-typed. */
static gboolean
declares_digits (GPtrArray *declarations)
{
  for (guint i = 0; i < declarations->len; i++)
    {
      const BfCssDeclaration *d = declarations->pdata[i];
      if (strcmp (d->name, "-bf-digits"))
        continue;
      const BfCssToken *t = d->value->len ? &g_array_index (d->value, BfCssToken, 0) : NULL;
      if (!t || t->type != BF_CSS_IDENT || (g_ascii_strcasecmp (t->text, "as-typed")
                                            && g_ascii_strcasecmp (t->text, "initial")))
        return TRUE;
    }
  return FALSE;
}

/* An @layer rule: "@layer a, b.c;" names layers in order; "@layer a { }"
 * and "@layer { }" put their rules into a layer. */
static void
add_layer_rule (const BfCssRule *rule, const SheetTarget *to)
{
  const char *why = NULL;
  g_autoptr (GPtrArray) names = bf_layer_rule_names (rule, &why);
  if (!names)
    {
      g_ptr_array_add (to->warnings, g_strdup_printf ("%s:%d:%d: warning: @layer %s; rule skipped",
                                                      to->name, rule->line, rule->column, why));
      return;
    }
  if (!to->layers)
    {
      /* The built-in sheet: its own rules only, unranked. */
      add_rules (rule->rules, to, FALSE);
      return;
    }
  if (!rule->has_block)
    {
      for (guint i = 0; i < names->len; i++)
        bf_layers_name (to->layers, to->layer, names->pdata[i]);
      return;
    }
  SheetTarget inner = *to;
  inner.layer = names->len ? bf_layers_name (to->layers, to->layer, names->pdata[0])
                           : bf_layers_new_anonymous (to->layers, to->layer);
  add_rules (rule->rules, &inner, FALSE);
}

/* The rules of a sheet (@top) or of a rule in it. */
static void
add_rules (GPtrArray *rules, const SheetTarget *to, gboolean top)
{
  const char *sheet_name = to->name;
  GPtrArray *warnings = to->warnings;
  /* @import comes before every other rule but @charset and @layer. */
  gboolean imports_open = top;
  for (guint i = 0; i < rules->len; i++)
    {
      BfCssRule *rule = rules->pdata[i];
      gboolean is_import = rule->type == BF_CSS_RULE_AT && !strcmp (rule->at_name, "import");
      if (!is_import && (rule->type != BF_CSS_RULE_AT || (strcmp (rule->at_name, "charset")
                                                          && strcmp (rule->at_name, "layer"))))
        imports_open = FALSE;
      if (is_import && to->sheets)
        {
          if (imports_open)
            add_imported_rules (rule, to);
          else
            g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: @import after other "
                                                        "rules; rule skipped", sheet_name,
                                                        rule->line, rule->column));
          continue;
        }
      if (rule->type == BF_CSS_RULE_AT)
        {
          if (!strcmp (rule->at_name, "media"))
            {
              if (bf_media_query_list_match (rule->prelude, to->medium) == BF_MEDIA_TRUE)
                add_rules (rule->rules, to, FALSE);
            }
          else if (!strcmp (rule->at_name, "supports"))
            {
              if (bf_supports_condition_holds (rule->prelude))
                add_rules (rule->rules, to, FALSE);
            }
          else if (!strcmp (rule->at_name, "layer"))
            add_layer_rule (rule, to);
          else if (!strcmp (rule->at_name, "page"))
            bf_page_rules_add (to->pages, rule, sheet_name, to->author, warnings);
          else if (!strcmp (rule->at_name, "font-face") && to->font_faces)
            {
              BfFontFace *face = bf_font_face_parse (rule, sheet_name, to->base_dir, to->doc,
                                                     warnings);
              if (face)
                g_ptr_array_add (to->font_faces, face);
            }
          else if (strcmp (rule->at_name, "charset") && strcmp (rule->at_name, "namespace"))
            g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: @%s is not supported; rule skipped",
                                                        sheet_name, rule->line, rule->column,
                                                        rule->at_name));
          continue;
        }
      GPtrArray *selectors = bf_css_selectors_parse (rule->prelude, sheet_name, warnings);
      if (!selectors)
        continue;
      GPtrArray *usable = bf_declarations_usable (rule->declarations, sheet_name, warnings, NULL);
      to->set->converts_digits |= declares_digits (usable);
      /* Taken all at once: stealing them one by one from the front would
       * move the rest each time (n² for a list of n selectors). */
      gsize count = 0;
      gpointer *owned = g_ptr_array_steal (selectors, &count);
      for (gsize k = 0; k < count; k++)
        rule_set_add (to->set, owned[k], usable, to->layer);
      g_free (owned);
      g_ptr_array_unref (usable);
      g_ptr_array_unref (selectors);
    }
}

static BfPageRules *default_pages;

static gpointer
load_default_sheet (gpointer data)
{
  DefaultSheet *def = g_new0 (DefaultSheet, 1);
  g_autofree char *path = g_build_filename (bf_data_dir (), "styles", "default.css", NULL);
  g_autofree char *text = NULL;
  def->warnings = g_ptr_array_new_with_free_func (g_free);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_ptr_array_add (def->warnings, g_strdup_printf ("%s: warning: cannot read bifolio's default stylesheet; "
                                                     "using plain styles", path));
  def->sheet = bf_css_stylesheet_parse (text ? text : "", -1, path);
  for (guint i = 0; i < def->sheet->warnings->len; i++)
    g_ptr_array_add (def->warnings, g_strdup (def->sheet->warnings->pdata[i]));
  rule_set_init (&def->rules);
  default_pages = bf_page_rules_new ();
  /* Its @media rules are for print or for screens, whatever the page. */
  SheetTarget to = { path, FALSE, NULL, NULL, &def->rules, default_pages, NULL, def->warnings,
                     &bf_medium_print_a5, NULL, NULL, NULL, BF_LAYER_NONE };
  add_rules (def->sheet->rules, &to, TRUE);
  return def;
}

static const DefaultSheet *
default_sheet (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, load_default_sheet, NULL);
}

GPtrArray *
bf_style_get_default_warnings (void)
{
  return default_sheet ()->warnings;
}

static void
add_sheet (BfStyler *styler, BfCssStylesheet *sheet, const char *base_dir, const BfDocument *doc)
{
  g_ptr_array_add (styler->sheets, sheet);
  for (guint i = 0; i < sheet->warnings->len; i++)
    g_ptr_array_add (styler->warnings, g_strdup (sheet->warnings->pdata[i]));
  g_autoptr (GPtrArray) importing = g_ptr_array_new ();
  g_ptr_array_add (importing, (gpointer) sheet->name);
  SheetTarget to = { sheet->name, TRUE, base_dir, doc, &styler->author, styler->pages,
                     styler->font_faces, styler->warnings, &styler->medium, styler->sheets,
                     importing, styler->layers, BF_LAYER_NONE };
  add_rules (sheet->rules, &to, TRUE);
}

/* Whether @list (words apart by @separators) names @word, whatever its
 * case. */
static gboolean
lists_word (const char *list, const char *separators, const char *word)
{
  g_auto (GStrv) words = g_strsplit_set (list, separators, -1);
  for (int i = 0; words[i]; i++)
    if (!g_ascii_strcasecmp (g_strstrip (words[i]), word))
      return TRUE;
  return FALSE;
}

BfMediaMatch
bf_element_media_match (xmlNodePtr element, const BfMedium *medium)
{
  g_autofree xmlChar *media = xmlGetProp (element, BAD_CAST "media");
  return bf_media_attribute_match ((const char *) media, medium);
}

gboolean
bf_linked_sheet_is_stylesheet (xmlNodePtr element)
{
  if (element->type != XML_ELEMENT_NODE || xmlStrcasecmp (element->name, BAD_CAST "link"))
    return FALSE;
  g_autofree xmlChar *rel = xmlGetProp (element, BAD_CAST "rel");
  return rel && xmlHasProp (element, BAD_CAST "href")
         && lists_word ((const char *) rel, " \t\n\f\r", "stylesheet")
         && !lists_word ((const char *) rel, " \t\n\f\r", "alternate");
}

char *
bf_linked_sheet_read (const BfDocument *doc, xmlNodePtr element, char **path, char **warning)
{
  *path = NULL;
  *warning = NULL;
  if (!bf_linked_sheet_is_stylesheet (element))
    return NULL;
  g_autofree xmlChar *href = xmlGetProp (element, BAD_CAST "href");
  const char *why = NULL;
  g_autofree char *file = bf_document_resolve_resource (doc, (const char *) href, &why);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  if (file && !g_file_get_contents (file, &text, NULL, &error))
    why = error->message;
  if (!file || !text)
    {
      *warning = g_strdup_printf ("%s:%ld: warning: stylesheet %s not read: %s", doc->name,
                                  xmlGetLineNo (element), (const char *) href, why);
      return NULL;
    }
  *path = g_steal_pointer (&file);
  return g_steal_pointer (&text);
}

void
bf_style_element_source (const BfDocument *doc, xmlNodePtr style, char **name, long *line,
                         int *column)
{
  if (bf_document_style_origin (doc, style, line, column))
    {
      *name = g_strdup (doc->name);
      return;
    }
  *name = g_strdup_printf ("%s <style> at line %ld", doc->name, xmlGetLineNo (style));
  *line = 1;
  *column = 1;
}

/* The document's <style> elements and the sheets its <link> elements
 * name, in document order. */
static void
collect_style_elements (BfStyler *styler, xmlNodePtr node, const BfDocument *doc)
{
  for (xmlNodePtr n = node; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      gboolean is_style = !xmlStrcasecmp (n->name, BAD_CAST "style");
      if ((is_style || bf_linked_sheet_is_stylesheet (n))
          && bf_element_media_match (n, &styler->medium) != BF_MEDIA_TRUE)
        continue;
      if (is_style)
        {
          g_autofree xmlChar *text = xmlNodeGetContent (n);
          g_autofree char *name = NULL;
          long line;
          int column;
          bf_style_element_source (doc, n, &name, &line, &column);
          add_sheet (styler, bf_css_stylesheet_parse_at ((const char *) text, -1, name, (int) line,
                                                         column),
                     doc->base_dir, doc);
          continue;
        }
      if (!xmlStrcasecmp (n->name, BAD_CAST "link"))
        {
          g_autofree char *path = NULL, *warning = NULL;
          g_autofree char *text = bf_linked_sheet_read (doc, n, &path, &warning);
          if (warning)
            g_ptr_array_add (styler->warnings, g_steal_pointer (&warning));
          if (text)
            {
              g_autofree char *dir = g_path_get_dirname (path);
              add_sheet (styler, bf_css_stylesheet_parse (text, -1, path), dir, doc);
            }
          continue;
        }
      collect_style_elements (styler, n->children, doc);
    }
}

/* Past this many, a sheet's warnings are counted, not listed. */
#define BF_STYLE_WARNINGS_PER_SHEET 20

/* The sheet a warning is about: its text before the first ":LINE" or
 * ": warning". */
static char *
warning_sheet (const char *warning)
{
  const char *end = strstr (warning, ": warning: ");
  if (!end)
    return NULL;
  while (end > warning)
    {
      const char *colon = end - 1;
      while (colon > warning && g_ascii_isdigit (*colon))
        colon--;
      if (*colon != ':' || colon == end - 1)
        break;
      end = colon;
    }
  return g_strndup (warning, end - warning);
}

/* The property a warning about an unused property names, or NULL. */
static char *
unused_property (const char *warning)
{
  if (!g_str_has_suffix (warning, BF_STYLE_UNUSED_PROPERTY))
    return NULL;
  const char *start = strstr (warning, ": warning: ");
  if (!start)
    return NULL;
  start += strlen (": warning: ");
  return g_strndup (start, strlen (start) - strlen (BF_STYLE_UNUSED_PROPERTY));
}

/* What one sheet's warnings about unused properties say. */
typedef struct {
  char *first;        /* the first of them, owned */
  guint count;
  GPtrArray *names;   /* each property once, in the order met */
} UnusedProperties;

static void
unused_properties_free (UnusedProperties *u)
{
  g_free (u->first);
  g_ptr_array_unref (u->names);
  g_free (u);
}

/* The one warning that stands for @u's. */
static char *
unused_properties_summary (const UnusedProperties *u)
{
  if (u->count == 1)
    return g_strdup (u->first);
  /* Where the first was: its place, with its line and column. */
  g_autofree char *place = g_strndup (u->first, strstr (u->first, ": warning: ") - u->first);
  GString *names = g_string_new (NULL);
  guint listed = MIN (u->names->len, 8);
  for (guint i = 0; i < listed; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", (const char *) u->names->pdata[i]);
  if (listed < u->names->len)
    g_string_append_printf (names, " and %u more", u->names->len - listed);
  g_autofree char *list = g_string_free (names, FALSE);
  return g_strdup_printf ("%s: warning: %u declarations of CSS properties bifolio does not use "
                          "skipped (the first here): %s", place, u->count, list);
}

/* Puts in the place of each sheet's warnings about unused properties one
 * that counts them. */
static void
summarize_unused_properties (GPtrArray *warnings)
{
  g_autoptr (GHashTable) by_sheet = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) unused_properties_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < warnings->len; i++)
    {
      char *name = unused_property (warnings->pdata[i]);
      if (!name)
        continue;
      char *sheet = warning_sheet (warnings->pdata[i]);
      UnusedProperties *u = g_hash_table_lookup (by_sheet, sheet);
      if (!u)
        {
          u = g_new0 (UnusedProperties, 1);
          u->first = g_strdup (warnings->pdata[i]);
          u->names = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (by_sheet, g_strdup (sheet), u);
        }
      u->count++;
      g_autofree char *key = g_strconcat (sheet, "\n", name, NULL);
      if (g_hash_table_add (seen, g_steal_pointer (&key)))
        g_ptr_array_add (u->names, g_steal_pointer (&name));
      g_free (name);
      g_free (sheet);
    }
  if (!g_hash_table_size (by_sheet))
    return;
  /* Each sheet's summary where its first was; the others go. */
  gsize n_all = 0;
  gpointer *all = g_ptr_array_steal (warnings, &n_all);
  for (gsize i = 0; i < n_all; i++)
    {
      g_autofree char *warning = all[i];
      g_autofree char *name = unused_property (warning);
      g_autofree char *sheet = name ? warning_sheet (warning) : NULL;
      UnusedProperties *u = sheet ? g_hash_table_lookup (by_sheet, sheet) : NULL;
      if (!name)
        g_ptr_array_add (warnings, g_steal_pointer (&warning));
      else if (u && u->count && !strcmp (u->first, warning))
        {
          g_ptr_array_add (warnings, unused_properties_summary (u));
          u->count = 0; /* said */
        }
    }
  g_free (all);
}

void
bf_style_warnings_limit (GPtrArray *warnings)
{
  summarize_unused_properties (warnings);
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (g_free); /* past the limit */
  gsize n_all = 0;
  gpointer *all = g_ptr_array_steal (warnings, &n_all);
  for (gsize i = 0; i < n_all; i++)
    {
      char *sheet = warning_sheet (all[i]);
      guint n = sheet ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, sheet)) + 1 : 0;
      if (sheet)
        {
          if (n == BF_STYLE_WARNINGS_PER_SHEET + 1)
            g_ptr_array_add (order, g_strdup (sheet));
          g_hash_table_insert (counts, sheet, GUINT_TO_POINTER (n));
        }
      if (n > BF_STYLE_WARNINGS_PER_SHEET)
        g_free (all[i]);
      else
        g_ptr_array_add (warnings, all[i]);
    }
  g_free (all);
  for (guint i = 0; i < order->len; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, order->pdata[i]));
      g_ptr_array_add (warnings, g_strdup_printf ("%s: warning: %u more warnings about this sheet "
                                                  "not listed (the first %d are)",
                                                  (const char *) order->pdata[i],
                                                  n - BF_STYLE_WARNINGS_PER_SHEET,
                                                  BF_STYLE_WARNINGS_PER_SHEET));
    }
}

/* Gives each rule of @set its layer's rank, now that every layer is
 * named. */
static void
rank_layers (RuleSet *set, const BfLayers *layers)
{
  g_autofree guint *ranks = bf_layers_ranks (layers);
  for (guint i = 0; i < set->rules->len; i++)
    {
      StyleRule *rule = &g_array_index (set->rules, StyleRule, i);
      rule->layer_rank = ranks[rule->layer];
    }
}

BfStyler *
bf_styler_new (const BfDocument *doc)
{
  return bf_styler_new_for_medium (doc, &bf_medium_print_a5);
}

BfStyler *
bf_styler_new_for_medium (const BfDocument *doc, const BfMedium *medium)
{
  gint64 start = g_get_monotonic_time ();
  const DefaultSheet *def = default_sheet ();
  BfStyler *styler = g_new0 (BfStyler, 1);
  styler->medium = *medium;
  styler->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_stylesheet_free);
  rule_set_init (&styler->author);
  styler->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < def->warnings->len; i++)
    g_ptr_array_add (styler->warnings, g_strdup (def->warnings->pdata[i]));
  styler->inline_styles = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                 (GDestroyNotify) g_ptr_array_unref);
  styler->match_cache = bf_css_match_cache_new ();
  styler->vars = bf_var_store_new ();
  styler->pages = bf_page_rules_copy (default_pages);
  styler->font_faces = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_font_face_free);
  styler->layers = bf_layers_new ();
  for (guint i = 0; doc && doc->stylesheets && i < doc->stylesheets->len; i++)
    {
      const char *const *sheet = doc->stylesheets->pdata[i]; /* { name, text } */
      g_autofree char *dir = g_path_get_dirname (sheet[0]);
      add_sheet (styler, bf_css_stylesheet_parse (sheet[1], -1, sheet[0]), dir, NULL);
    }
  if (doc)
    collect_style_elements (styler, xmlDocGetRootElement (doc->tree), doc);
  rank_layers (&styler->author, styler->layers);
  bf_style_warnings_limit (styler->warnings);
  styler->microseconds = g_get_monotonic_time () - start;
  return styler;
}

void
bf_styler_free (BfStyler *styler)
{
  if (!styler)
    return;
  rule_set_clear (&styler->author);
  g_hash_table_unref (styler->inline_styles);
  bf_css_match_cache_free (styler->match_cache);
  bf_var_store_free (styler->vars);
  bf_page_rules_free (styler->pages);
  g_ptr_array_unref (styler->font_faces);
  bf_layers_free (styler->layers);
  g_ptr_array_unref (styler->sheets);
  g_ptr_array_unref (styler->warnings);
  g_free (styler);
}

gboolean
bf_styler_converts_digits (const BfStyler *styler)
{
  return styler->author.converts_digits;
}

GPtrArray *
bf_styler_get_warnings (const BfStyler *styler)
{
  return styler->warnings;
}

const BfPageRules *
bf_styler_get_page_rules (const BfStyler *styler)
{
  default_sheet ();
  return styler ? styler->pages : default_pages;
}

GPtrArray *
bf_styler_get_font_faces (const BfStyler *styler)
{
  return styler->font_faces;
}

/* The declarations of @element's style="", or NULL: parsed on the first
 * computation of the element, kept for the next ones. */
static GPtrArray *
inline_declarations (BfStyler *styler, xmlNodePtr element)
{
  GPtrArray *declarations = g_hash_table_lookup (styler->inline_styles, element);
  if (declarations)
    return declarations;
  g_autofree xmlChar *text = xmlGetProp (element, BAD_CAST "style");
  if (!text)
    return NULL;
  declarations = bf_css_declarations_parse ((const char *) text, "style", NULL);
  g_hash_table_insert (styler->inline_styles, element, declarations);
  return declarations;
}

static void
compute (const BfStyler *styler, const BfComputedStyle *parent, xmlNodePtr element,
         BfCssPseudo pseudo, BfComputedStyle *out)
{
  gint64 start = g_get_monotonic_time ();
  const DefaultSheet *def = default_sheet ();
  bf_style_inherit (parent, out);
  /* The built-in sheet, then what the lang and dir attributes say, then
   * the author's sheets and style="" (CSS Cascading 4, §6.1). */
  ElementKeys keys;
  element_keys_init (&keys, element);
  /* The cache is the one thing computing changes in a styler. */
  BfCssMatchCache *cache = styler ? styler->match_cache : NULL;
  BfVarStore *vars = styler ? styler->vars : NULL;
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (Match));
  rule_set_match (&def->rules, &keys, pseudo, cache, matches);
  apply_matches (vars, matches, parent, out);
  if (pseudo == BF_CSS_PSEUDO_NONE)
    bf_style_apply_attributes (parent, element, out);
  g_array_set_size (matches, 0);
  if (styler)
    rule_set_match (&styler->author, &keys, pseudo, cache, matches);
  element_keys_clear (&keys);
  GPtrArray *declarations = pseudo == BF_CSS_PSEUDO_NONE && styler
                                ? inline_declarations ((BfStyler *) styler, element) : NULL;
  /* style="" wins over every rule of its importance (compare_matches
   * looks at 'attached' before layers and specificity); among its own
   * declarations the later wins. */
  for (guint k = 0; declarations && k < declarations->len; k++)
    {
      const BfCssDeclaration *d = declarations->pdata[k];
      Match m = { d, d->important, TRUE, 0, 0, k };
      g_array_append_val (matches, m);
    }
  apply_matches (vars, matches, parent, out);
  g_array_unref (matches);
  if (styler)
    ((BfStyler *) styler)->microseconds += g_get_monotonic_time () - start;
}

double
bf_styler_get_seconds (const BfStyler *styler)
{
  return styler->microseconds / 1e6;
}

void
bf_styler_compute (const BfStyler *styler, const BfComputedStyle *parent, xmlNodePtr element,
                   BfComputedStyle *out)
{
  compute (styler, parent, element, BF_CSS_PSEUDO_NONE, out);
}

gboolean
bf_styler_compute_marker (const BfStyler *styler, const BfComputedStyle *element_style,
                          xmlNodePtr element, BfComputedStyle *out)
{
  if (!default_sheet ()->rules.has_marker && !(styler && styler->author.has_marker))
    return FALSE;
  compute (styler, element_style, element, BF_CSS_PSEUDO_MARKER, out);
  out->display = BF_DISPLAY_INLINE;
  return TRUE;
}

gboolean
bf_styler_compute_pseudo (const BfStyler *styler, const BfComputedStyle *element_style,
                          xmlNodePtr element, BfCssPseudo pseudo, BfComputedStyle *out)
{
  if (!default_sheet ()->rules.has_pseudo && !(styler && styler->author.has_pseudo))
    return FALSE; /* no sheet has a ::before or ::after rule */
  compute (styler, element_style, element, pseudo, out);
  out->display = BF_DISPLAY_INLINE;
  return out->content != NULL;
}
