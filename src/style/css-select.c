/* css-select.c — selectors: parsing a rule's prelude into selectors, their
 * specificity, and matching them against elements of the document tree
 * (Selectors Level 3, https://www.w3.org/TR/selectors-3/).  Matching goes
 * from the rightmost compound leftward, as browsers do. */
#include "style/css.h"

#include <libxml/tree.h>
#include <string.h>

typedef enum {
  SIMPLE_TYPE,
  SIMPLE_UNIVERSAL,
  SIMPLE_ID,
  SIMPLE_CLASS,
  SIMPLE_ATTR,          /* op: 0 exists, '=' '~' '|' '^' '$' '*' */
  SIMPLE_FIRST_CHILD,
  SIMPLE_LAST_CHILD,
  SIMPLE_ROOT,
  SIMPLE_LANG
} SimpleKind;

typedef struct {
  SimpleKind kind;
  char op;
  char *name;           /* lower case for types and attributes */
  char *value;
} Simple;

typedef struct {
  GArray *simples;      /* Simple */
  char combinator;      /* how it relates to the compound on its left:
                           ' ', '>', '+', '~'; 0 for the leftmost */
} Compound;

/* Invariant: compounds holds at least one compound, leftmost first. */
enum { MAX_COMPOUNDS = 32 };

struct _BfCssSelector {
  GArray *compounds;    /* Compound */
  guint32 specificity;
  BfCssPseudo pseudo;   /* ::before or ::after at the end, or none */
};

static void
simple_clear (Simple *s)
{
  g_free (s->name);
  g_free (s->value);
}

static void
compound_clear (Compound *c)
{
  g_array_unref (c->simples);
}

void
bf_css_selector_free (BfCssSelector *selector)
{
  if (!selector)
    return;
  g_array_unref (selector->compounds);
  g_free (selector);
}

guint32
bf_css_selector_get_specificity (const BfCssSelector *selector)
{
  return selector->specificity;
}

BfCssPseudo
bf_css_selector_get_pseudo (const BfCssSelector *selector)
{
  return selector->pseudo;
}

gboolean
bf_css_selector_get_key (const BfCssSelector *selector, BfCssKeyKind *kind, const char **name)
{
  const Compound *last = &g_array_index (selector->compounds, Compound, selector->compounds->len - 1);
  /* An id says most, then a class, then the type. */
  static const SimpleKind order[] = { SIMPLE_ID, SIMPLE_CLASS, SIMPLE_TYPE };
  static const BfCssKeyKind kinds[] = { BF_CSS_KEY_ID, BF_CSS_KEY_CLASS, BF_CSS_KEY_TYPE };
  for (gsize k = 0; k < G_N_ELEMENTS (order); k++)
    for (guint i = 0; i < last->simples->len; i++)
      {
        const Simple *s = &g_array_index (last->simples, Simple, i);
        if (s->kind == order[k])
          {
            *kind = kinds[k];
            *name = s->kind == SIMPLE_TYPE ? s->name : s->value;
            return TRUE;
          }
      }
  return FALSE;
}

/* ------------------------------------------------------------------ parsing */

typedef struct {
  GArray *tokens;
  guint pos, end;       /* [pos, end) of the selector being read */
  const char *error;
  BfCssPseudo pseudo;   /* the pseudo-element read, if any */
} Reader;

static const BfCssToken *
peek (Reader *r)
{
  static const BfCssToken eof = { BF_CSS_EOF };
  return r->pos < r->end ? &g_array_index (r->tokens, BfCssToken, r->pos) : &eof;
}

static gboolean
is_delim (const BfCssToken *t, const char *c)
{
  return t->type == BF_CSS_DELIM && !strcmp (t->text, c);
}

static void
skip_space (Reader *r)
{
  while (peek (r)->type == BF_CSS_WHITESPACE)
    r->pos++;
}

static gboolean
read_attribute (Reader *r, Simple *s)
{
  skip_space (r);
  if (peek (r)->type != BF_CSS_IDENT)
    return FALSE;
  s->kind = SIMPLE_ATTR;
  s->name = g_ascii_strdown (peek (r)->text, -1);
  r->pos++;
  skip_space (r);
  const BfCssToken *t = peek (r);
  if (t->type == BF_CSS_CLOSE_SQUARE)
    {
      r->pos++;
      return TRUE;
    }
  if (is_delim (t, "="))
    s->op = '=';
  else if (t->type == BF_CSS_DELIM && strchr ("~|^$*", t->text[0]) && t->text[0])
    {
      s->op = t->text[0];
      r->pos++;
      if (!is_delim (peek (r), "="))
        return FALSE;
    }
  else
    return FALSE;
  r->pos++;
  skip_space (r);
  t = peek (r);
  if (t->type != BF_CSS_IDENT && t->type != BF_CSS_STRING)
    return FALSE;
  s->value = g_strdup (t->text);
  r->pos++;
  skip_space (r);
  /* An "i" flag would ask for case-insensitive matching: not supported. */
  if (peek (r)->type != BF_CSS_CLOSE_SQUARE)
    return FALSE;
  r->pos++;
  return TRUE;
}

static gboolean
read_pseudo (Reader *r, Simple *s)
{
  const BfCssToken *t = peek (r);
  if (t->type == BF_CSS_IDENT)
    {
      r->pos++;
      if (!g_ascii_strcasecmp (t->text, "first-child"))
        s->kind = SIMPLE_FIRST_CHILD;
      else if (!g_ascii_strcasecmp (t->text, "last-child"))
        s->kind = SIMPLE_LAST_CHILD;
      else if (!g_ascii_strcasecmp (t->text, "root"))
        s->kind = SIMPLE_ROOT;
      else
        {
          r->error = "an unsupported pseudo-class";
          return FALSE;
        }
      return TRUE;
    }
  if (t->type == BF_CSS_FUNCTION && !g_ascii_strcasecmp (t->text, "lang"))
    {
      r->pos++;
      skip_space (r);
      if (peek (r)->type != BF_CSS_IDENT && peek (r)->type != BF_CSS_STRING)
        return FALSE;
      s->kind = SIMPLE_LANG;
      s->value = g_ascii_strdown (peek (r)->text, -1);
      r->pos++;
      skip_space (r);
      if (peek (r)->type != BF_CSS_CLOSE_PAREN)
        return FALSE;
      r->pos++;
      return TRUE;
    }
  r->error = "an unsupported pseudo-class";
  return FALSE;
}

/* One compound selector; FALSE when it is not one. */
static gboolean
read_compound (Reader *r, Compound *c)
{
  c->simples = g_array_new (FALSE, TRUE, sizeof (Simple));
  g_array_set_clear_func (c->simples, (GDestroyNotify) simple_clear);
  while (TRUE)
    {
      const BfCssToken *t = peek (r);
      Simple s = { 0 };
      if (t->type == BF_CSS_IDENT && c->simples->len == 0)
        {
          s.kind = SIMPLE_TYPE;
          s.name = g_ascii_strdown (t->text, -1);
          r->pos++;
        }
      else if (is_delim (t, "*") && c->simples->len == 0)
        {
          s.kind = SIMPLE_UNIVERSAL;
          r->pos++;
        }
      else if (t->type == BF_CSS_HASH && t->is_id)
        {
          s.kind = SIMPLE_ID;
          s.value = g_strdup (t->text);
          r->pos++;
        }
      else if (is_delim (t, "."))
        {
          r->pos++;
          if (peek (r)->type != BF_CSS_IDENT)
            return FALSE;
          s.kind = SIMPLE_CLASS;
          s.value = g_strdup (peek (r)->text);
          r->pos++;
        }
      else if (t->type == BF_CSS_OPEN_SQUARE)
        {
          r->pos++;
          if (!read_attribute (r, &s))
            {
              simple_clear (&s);
              return FALSE;
            }
        }
      else if (t->type == BF_CSS_COLON)
        {
          r->pos++;
          gboolean element = peek (r)->type == BF_CSS_COLON;
          if (element)
            r->pos++;
          const BfCssToken *name = peek (r);
          BfCssPseudo pseudo = BF_CSS_PSEUDO_NONE;
          if (name->type == BF_CSS_IDENT && !g_ascii_strcasecmp (name->text, "before"))
            pseudo = BF_CSS_PSEUDO_BEFORE;
          else if (name->type == BF_CSS_IDENT && !g_ascii_strcasecmp (name->text, "after"))
            pseudo = BF_CSS_PSEUDO_AFTER;
          if (pseudo != BF_CSS_PSEUDO_NONE)
            {
              /* A pseudo-element ends the selector. */
              r->pos++;
              r->pseudo = pseudo;
              return TRUE;
            }
          if (element)
            {
              r->error = "an unsupported pseudo-element";
              return FALSE;
            }
          if (!read_pseudo (r, &s))
            {
              simple_clear (&s);
              return FALSE;
            }
        }
      else
        break;
      g_array_append_val (c->simples, s);
    }
  return c->simples->len > 0;
}

static guint32
specificity_of (GArray *compounds)
{
  guint32 ids = 0, classes = 0, types = 0;
  for (guint i = 0; i < compounds->len; i++)
    {
      GArray *simples = g_array_index (compounds, Compound, i).simples;
      for (guint j = 0; j < simples->len; j++)
        switch (g_array_index (simples, Simple, j).kind)
          {
          case SIMPLE_ID:
            ids++;
            break;
          case SIMPLE_TYPE:
            types++;
            break;
          case SIMPLE_UNIVERSAL:
            break;
          default:
            classes++;
          }
    }
  return MIN (ids, 1023u) << 20 | MIN (classes, 1023u) << 10 | MIN (types, 1023u);
}

static BfCssSelector *
read_selector (Reader *r)
{
  BfCssSelector *sel = g_new0 (BfCssSelector, 1);
  sel->compounds = g_array_new (FALSE, TRUE, sizeof (Compound));
  g_array_set_clear_func (sel->compounds, (GDestroyNotify) compound_clear);
  skip_space (r);
  char combinator = 0;
  while (TRUE)
    {
      Compound c = { NULL, combinator };
      gboolean ok = read_compound (r, &c);
      g_array_append_val (sel->compounds, c);
      if (!ok)
        break;
      if (r->pseudo != BF_CSS_PSEUDO_NONE && peek (r)->type != BF_CSS_EOF)
        {
          r->error = "something after a pseudo-element";
          break;
        }
      /* Matching backtracks over combinators: keep selectors short. */
      if (sel->compounds->len > MAX_COMPOUNDS)
        {
          r->error = "too long a chain of combinators";
          break;
        }
      /* A combinator, or the end. */
      gboolean space = peek (r)->type == BF_CSS_WHITESPACE;
      skip_space (r);
      const BfCssToken *t = peek (r);
      if (t->type == BF_CSS_EOF)
        {
          sel->pseudo = r->pseudo;
          sel->specificity = specificity_of (sel->compounds) + (r->pseudo != BF_CSS_PSEUDO_NONE);
          return sel;
        }
      if (is_delim (t, ">") || is_delim (t, "+") || is_delim (t, "~"))
        {
          combinator = t->text[0];
          r->pos++;
          skip_space (r);
        }
      else if (space)
        combinator = ' ';
      else
        break;
    }
  bf_css_selector_free (sel);
  return NULL;
}

GPtrArray *
bf_css_selectors_parse (GArray *prelude, const char *name, GPtrArray *warnings)
{
  if (prelude->len == 0)
    return NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_selector_free);
  guint start = 0;
  for (guint i = 0; i <= prelude->len; i++)
    {
      if (i < prelude->len && g_array_index (prelude, BfCssToken, i).type != BF_CSS_COMMA)
        continue;
      Reader r = { prelude, start, i, NULL, BF_CSS_PSEUDO_NONE };
      BfCssSelector *sel = start < i ? read_selector (&r) : NULL;
      if (!sel)
        {
          const BfCssToken *at = &g_array_index (prelude, BfCssToken, MIN (r.pos, prelude->len - 1));
          if (warnings)
            g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: %s in the selector; rule skipped",
                                                        name, at->line, at->column,
                                                        r.error ? r.error : "a syntax error"));
          g_ptr_array_unref (list);
          return NULL;
        }
      g_ptr_array_add (list, sel);
      start = i + 1;
    }
  return list;
}

/* ----------------------------------------------------------------- matching */

static xmlNodePtr
previous_element (xmlNodePtr n)
{
  for (n = n->prev; n; n = n->prev)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

static xmlNodePtr
next_element (xmlNodePtr n)
{
  for (n = n->next; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

static xmlNodePtr
parent_element (xmlNodePtr n)
{
  return n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
}

static gboolean
attribute_matches (const Simple *s, const char *value)
{
  if (!value)
    return FALSE;
  gsize vl = strlen (s->value ? s->value : ""), al = strlen (value);
  switch (s->op)
    {
    case 0:
      return TRUE;
    case '=':
      return !strcmp (value, s->value);
    case '~':
      {
        g_auto (GStrv) words = g_strsplit_set (value, " \t\n\f\r", -1);
        return vl && g_strv_contains ((const char *const *) words, s->value);
      }
    case '|':
      return !strcmp (value, s->value) || (!strncmp (value, s->value, vl) && value[vl] == '-');
    case '^':
      return vl && !strncmp (value, s->value, vl);
    case '$':
      return vl && al >= vl && !strcmp (value + al - vl, s->value);
    case '*':
      return vl && strstr (value, s->value) != NULL;
    default:
      return FALSE;
    }
}

/* The element's language: its nearest lang (or xml:lang), lower case. */
static char *
language_of (xmlNodePtr n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      xmlChar *lang = xmlGetProp (n, BAD_CAST "lang");
      if (!lang)
        lang = xmlGetNsProp (n, BAD_CAST "lang", XML_XML_NAMESPACE);
      if (lang)
        {
          char *lower = g_ascii_strdown ((const char *) lang, -1);
          xmlFree (lang);
          return lower;
        }
    }
  return NULL;
}

static gboolean
simple_matches (const Simple *s, xmlNodePtr n)
{
  switch (s->kind)
    {
    case SIMPLE_TYPE:
      return !g_ascii_strcasecmp ((const char *) n->name, s->name);
    case SIMPLE_UNIVERSAL:
      return TRUE;
    case SIMPLE_ID:
      {
        g_autofree xmlChar *id = xmlGetProp (n, BAD_CAST "id");
        return id && !strcmp ((const char *) id, s->value);
      }
    case SIMPLE_CLASS:
      {
        g_autofree xmlChar *classes = xmlGetProp (n, BAD_CAST "class");
        if (!classes)
          return FALSE;
        g_auto (GStrv) words = g_strsplit_set ((const char *) classes, " \t\n\f\r", -1);
        return g_strv_contains ((const char *const *) words, s->value);
      }
    case SIMPLE_ATTR:
      {
        g_autofree xmlChar *value = xmlGetProp (n, BAD_CAST s->name);
        return attribute_matches (s, (const char *) value);
      }
    case SIMPLE_FIRST_CHILD:
      return parent_element (n) && !previous_element (n);
    case SIMPLE_LAST_CHILD:
      return parent_element (n) && !next_element (n);
    case SIMPLE_ROOT:
      return !parent_element (n);
    case SIMPLE_LANG:
      {
        g_autofree char *lang = language_of (n);
        gsize l = strlen (s->value);
        return lang && !strncmp (lang, s->value, l) && (lang[l] == '\0' || lang[l] == '-');
      }
    }
  return FALSE;
}

static gboolean
compound_matches (const Compound *c, xmlNodePtr n)
{
  for (guint i = 0; i < c->simples->len; i++)
    if (!simple_matches (&g_array_index (c->simples, Simple, i), n))
      return FALSE;
  return TRUE;
}

/* Pairs (compound, element) already found not to match, so that a
 * descendant or sibling combinator never tries the same ancestor twice:
 * without it, `div div div … span` against deep nesting backtracks
 * exponentially.  Made on the first failure that is not the compound's own. */
typedef struct {
  GHashTable **failed;  /* per compound: the elements it failed at, or NULL */
  int compounds;
  BfCssMatchCache *cache;  /* across elements, or NULL */
} Memo;

/* For a `~` before compound i of a selector: element → whether some earlier
 * sibling matches compound i - 1 and what is left of it (TRUE or FALSE,
 * stored as 2 or 1).  That answer depends on the element's place only, so
 * it holds for every later match in the same tree. */
typedef struct {
  const BfCssSelector *selector;
  int compound;
} SiblingKey;

struct _BfCssMatchCache {
  GHashTable *siblings;  /* SiblingKey* (owned) → GHashTable of element → 1 or 2 */
};

static guint
sibling_key_hash (gconstpointer p)
{
  const SiblingKey *k = p;
  return g_direct_hash (k->selector) * 33 + (guint) k->compound;
}

static gboolean
sibling_key_equal (gconstpointer a, gconstpointer b)
{
  const SiblingKey *x = a, *y = b;
  return x->selector == y->selector && x->compound == y->compound;
}

BfCssMatchCache *
bf_css_match_cache_new (void)
{
  BfCssMatchCache *cache = g_new0 (BfCssMatchCache, 1);
  cache->siblings = g_hash_table_new_full (sibling_key_hash, sibling_key_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  return cache;
}

void
bf_css_match_cache_free (BfCssMatchCache *cache)
{
  if (!cache)
    return;
  g_hash_table_unref (cache->siblings);
  g_free (cache);
}

static GHashTable *
sibling_answers (BfCssMatchCache *cache, const BfCssSelector *sel, int i)
{
  SiblingKey key = { sel, i };
  GHashTable *answers = g_hash_table_lookup (cache->siblings, &key);
  if (!answers)
    {
      answers = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_hash_table_insert (cache->siblings, g_memdup2 (&key, sizeof key), answers);
    }
  return answers;
}

static gboolean
memo_failed (const Memo *memo, int i, xmlNodePtr n)
{
  return memo->failed && memo->failed[i] && g_hash_table_contains (memo->failed[i], n);
}

static void
memo_add_failure (Memo *memo, int i, xmlNodePtr n)
{
  if (!memo->failed)
    memo->failed = g_new0 (GHashTable *, memo->compounds);
  if (!memo->failed[i])
    memo->failed[i] = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_add (memo->failed[i], n);
}

static void
memo_clear (Memo *memo)
{
  for (int i = 0; memo->failed && i < memo->compounds; i++)
    if (memo->failed[i])
      g_hash_table_unref (memo->failed[i]);
  g_free (memo->failed);
}

static gboolean matches_from (const BfCssSelector *sel, int i, xmlNodePtr n, Memo *memo);
static gboolean earlier_sibling_matches (const BfCssSelector *sel, int i, xmlNodePtr n,
                                         Memo *memo);

/* Does what is left of compound @i match, given that @i matched @n? */
static gboolean
left_part_matches (const BfCssSelector *sel, int i, xmlNodePtr n, Memo *memo)
{
  const Compound *c = &g_array_index (sel->compounds, Compound, i);
  switch (c->combinator)
    {
    case '>':
      {
        xmlNodePtr p = parent_element (n);
        return p && matches_from (sel, i - 1, p, memo);
      }
    case '+':
      {
        xmlNodePtr p = previous_element (n);
        return p && matches_from (sel, i - 1, p, memo);
      }
    case '~':
      return earlier_sibling_matches (sel, i, n, memo);
    default:
      for (xmlNodePtr p = parent_element (n); p; p = parent_element (p))
        if (matches_from (sel, i - 1, p, memo))
          return TRUE;
      return FALSE;
    }
}

/* Does an element before @n among its siblings match compound i - 1 and
 * what is left of it?  With a cache, the walk back stops at the first
 * sibling already answered, and every sibling walked over is answered. */
static gboolean
earlier_sibling_matches (const BfCssSelector *sel, int i, xmlNodePtr n, Memo *memo)
{
  if (!memo->cache)
    {
      for (xmlNodePtr p = previous_element (n); p; p = previous_element (p))
        if (matches_from (sel, i - 1, p, memo))
          return TRUE;
      return FALSE;
    }
  GHashTable *answers = sibling_answers (memo->cache, sel, i);
  g_autoptr (GPtrArray) walked = g_ptr_array_new ();
  gboolean found = FALSE;
  for (xmlNodePtr y = n;; )
    {
      guint known = GPOINTER_TO_UINT (g_hash_table_lookup (answers, y));
      if (known)
        {
          found = known == 2;
          break;
        }
      g_ptr_array_add (walked, y);
      xmlNodePtr p = previous_element (y);
      if (!p)
        break;
      if (matches_from (sel, i - 1, p, memo))
        {
          found = TRUE;
          break;
        }
      y = p;
    }
  for (guint k = 0; k < walked->len; k++)
    g_hash_table_insert (answers, walked->pdata[k], GUINT_TO_POINTER (found ? 2 : 1));
  return found;
}

/* Does compound @i (and everything left of it) match @n? */
static gboolean
matches_from (const BfCssSelector *sel, int i, xmlNodePtr n, Memo *memo)
{
  const Compound *c = &g_array_index (sel->compounds, Compound, i);
  if (!compound_matches (c, n))
    return FALSE;
  if (i == 0)
    return TRUE;
  if (memo_failed (memo, i, n))
    return FALSE;
  if (left_part_matches (sel, i, n, memo))
    return TRUE;
  memo_add_failure (memo, i, n);
  return FALSE;
}

gboolean
bf_css_selector_matches (const BfCssSelector *selector, BfCssElement element)
{
  return bf_css_selector_matches_cached (selector, element, NULL);
}

gboolean
bf_css_selector_matches_cached (const BfCssSelector *selector, BfCssElement element,
                                BfCssMatchCache *cache)
{
  xmlNodePtr n = element;
  if (!n || n->type != XML_ELEMENT_NODE)
    return FALSE;
  Memo memo = { NULL, (int) selector->compounds->len, cache };
  gboolean matched = matches_from (selector, memo.compounds - 1, n, &memo);
  memo_clear (&memo);
  return matched;
}
