/* css-select.c — selectors: parsing a rule's prelude into selectors, their
 * specificity, and matching them against elements of the document tree
 * (Selectors Level 3, https://www.w3.org/TR/selectors-3/, with Level 4's
 * :is(), :where() and :not() of a selector list, and :link, :empty,
 * :checked, :disabled, :enabled; :hover, :visited and the other states of
 * a screen never match on paper).  Matching goes
 * from the rightmost compound leftward, as browsers do.  The structural
 * pseudo-classes (:nth-child() and its kin, §6.6.5) read their argument with
 * the An+B microsyntax of CSS Syntax Level 3, §6
 * (https://www.w3.org/TR/css-syntax-3/#anb-microsyntax), and learn an
 * element's place among its siblings from one walk over them, remembered. */
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
  SIMPLE_LANG,
  SIMPLE_NTH,           /* :nth-child() and its kin, :first-of-type… */
  SIMPLE_ONLY_CHILD,
  SIMPLE_ONLY_OF_TYPE,
  SIMPLE_LINK,          /* :link, :any-link: a and area with an href */
  SIMPLE_NEVER,         /* :hover, :visited…: states a printed page never has */
  SIMPLE_EMPTY,
  SIMPLE_CHECKED,       /* checked inputs, selected options */
  SIMPLE_DISABLED,
  SIMPLE_ENABLED,
  SIMPLE_NOT,           /* :not(list): none of selectors matches */
  SIMPLE_IS,            /* :is(list), :matches(), :where(): one of them does */
} SimpleKind;

/* Which count an :nth-…() pseudo-class takes: the element's position among
 * its parent's element children, from the first or from the last, among
 * all of them or among those of its own type. */
typedef enum {
  NTH_CHILD,
  NTH_LAST_CHILD,
  NTH_OF_TYPE,
  NTH_LAST_OF_TYPE
} NthCount;

typedef struct {
  SimpleKind kind;
  char op;
  char *name;           /* lower case for types and attributes */
  char *value;
  NthCount count;       /* SIMPLE_NTH: matches when the position is a·n + b */
  gint64 a, b;          /*   for some n ≥ 0; both within ±NTH_LIMIT */
  GPtrArray *selectors; /* SIMPLE_NOT, SIMPLE_IS: BfCssSelector*, owned */
  guint32 specificity;  /*   what they count for (:where() nothing) */
} Simple;

/* :not(), :is() and :where() inside one another, at most. */
#define MAX_NESTING 8

/* Larger coefficients are clamped, so a·n + b never overflows. */
#define NTH_LIMIT G_GINT64_CONSTANT (1000000000)

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
  gboolean has_lists;   /* a :not(), :is() or :where() somewhere in it */
};

static void
simple_clear (Simple *s)
{
  g_free (s->name);
  g_free (s->value);
  if (s->selectors)
    g_ptr_array_unref (s->selectors);
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
  int nesting;          /* inside how many :not(), :is(), :where() */
  gboolean has_lists;   /* one of them was read */
} Reader;

static GPtrArray *parse_list (GArray *tokens, guint from, guint to, int nesting, gboolean forgiving,
                              guint *error_at, const char **error);

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

/* ---- An+B (CSS Syntax 3, §6.2): the argument of :nth-child() and kin */

static gint64
clamp_coefficient (double value)
{
  return (gint64) CLAMP (value, (double) -NTH_LIMIT, (double) NTH_LIMIT);
}

/* @text, when it is one or more ASCII digits, as a number. */
static gboolean
read_digits (const char *text, gint64 *value)
{
  if (!*text)
    return FALSE;
  *value = 0;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      *value = MIN (*value * 10 + (*p - '0'), NTH_LIMIT);
    }
  return TRUE;
}

static gboolean
is_integer (const BfCssToken *t)
{
  return t->type == BF_CSS_NUMBER && t->is_integer;
}

/* A signless integer, its value times @sign. */
static gboolean
read_b_signless (Reader *r, gint64 sign, gint64 *b)
{
  skip_space (r);
  const BfCssToken *t = peek (r);
  if (!is_integer (t) || t->has_sign)
    return FALSE;
  *b = sign * clamp_coefficient (t->number);
  r->pos++;
  return TRUE;
}

/* What may follow "n" (written as "n", "-n", "+n" or "2n"): nothing, a
 * signed integer, or + or - and a signless integer, white space between. */
static gboolean
read_b_after_n (Reader *r, gint64 *b)
{
  skip_space (r);
  const BfCssToken *t = peek (r);
  if (t->type == BF_CSS_CLOSE_PAREN)
    {
      *b = 0;
      return TRUE;
    }
  if (is_integer (t) && t->has_sign)
    {
      *b = clamp_coefficient (t->number);
      r->pos++;
      return TRUE;
    }
  if (!is_delim (t, "+") && !is_delim (t, "-"))
    return FALSE;
  gint64 sign = is_delim (t, "-") ? -1 : 1;
  r->pos++;
  skip_space (r);
  return read_b_signless (r, sign, b);
}

/* What follows the coefficient when "n" starts a name: @rest is what is
 * left of the name after its n ("", "-" or "-DIGITS"). */
static gboolean
read_b_after_name (Reader *r, const char *rest, gint64 *b)
{
  gint64 digits;
  if (!*rest)
    return read_b_after_n (r, b);
  if (!strcmp (rest, "-"))
    return read_b_signless (r, -1, b);
  if (rest[0] == '-' && read_digits (rest + 1, &digits))
    {
      *b = -digits;
      return TRUE;
    }
  return FALSE;
}

/* Reads An+B up to (not past) the closing parenthesis; FALSE when the
 * tokens are not one.  Spec examples: "odd", "2n+1", "-n+3", "+5",
 * " +3n - 2 "; "3 n", "+ 2n" and "10n+-1" are none. */
static gboolean
read_an_plus_b (Reader *r, gint64 *a, gint64 *b)
{
  skip_space (r);
  const BfCssToken *t = peek (r);
  gboolean ok = FALSE;
  if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "odd"))
    {
      *a = 2, *b = 1;
      r->pos++;
      ok = TRUE;
    }
  else if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "even"))
    {
      *a = 2, *b = 0;
      r->pos++;
      ok = TRUE;
    }
  else if (is_integer (t))
    {
      *a = 0, *b = clamp_coefficient (t->number);
      r->pos++;
      ok = TRUE;
    }
  else if (t->type == BF_CSS_DIMENSION && t->is_integer && (t->text[0] == 'n' || t->text[0] == 'N'))
    {
      /* "2n", "2n-", "2n-1" (one token), then what follows. */
      g_autofree char *unit = g_ascii_strdown (t->text, -1);
      *a = clamp_coefficient (t->number);
      r->pos++;
      ok = read_b_after_name (r, unit + 1, b);
    }
  else
    {
      /* "n…", "-n…", or "+n…" with nothing between + and n. */
      gboolean plus = is_delim (t, "+");
      if (plus)
        {
          r->pos++;
          t = peek (r);
        }
      if (t->type == BF_CSS_IDENT)
        {
          g_autofree char *name = g_ascii_strdown (t->text, -1);
          const char *rest = NULL;
          if (name[0] == 'n')
            *a = 1, rest = name + 1;
          else if (!plus && name[0] == '-' && name[1] == 'n')
            *a = -1, rest = name + 2;
          r->pos++;
          ok = rest && read_b_after_name (r, rest, b);
        }
    }
  skip_space (r);
  return ok && peek (r)->type == BF_CSS_CLOSE_PAREN;
}

/* :first-child and the other pseudo-classes without an argument. */
static gboolean
read_pseudo_name (const char *name, Simple *s)
{
  static const struct {
    const char *name;
    SimpleKind kind;
    NthCount count;
  } names[] = {
    { "first-child", SIMPLE_FIRST_CHILD, 0 },
    { "last-child", SIMPLE_LAST_CHILD, 0 },
    { "root", SIMPLE_ROOT, 0 },
    { "only-child", SIMPLE_ONLY_CHILD, 0 },
    { "only-of-type", SIMPLE_ONLY_OF_TYPE, 0 },
    /* :first-of-type is :nth-of-type(1), :last-of-type :nth-last-of-type(1). */
    { "first-of-type", SIMPLE_NTH, NTH_OF_TYPE },
    { "last-of-type", SIMPLE_NTH, NTH_LAST_OF_TYPE },
    { "link", SIMPLE_LINK, 0 },
    { "any-link", SIMPLE_LINK, 0 },
    { "empty", SIMPLE_EMPTY, 0 },
    { "checked", SIMPLE_CHECKED, 0 },
    { "disabled", SIMPLE_DISABLED, 0 },
    { "enabled", SIMPLE_ENABLED, 0 },
    /* What a reader does to a screen, never on paper. */
    { "visited", SIMPLE_NEVER, 0 },
    { "hover", SIMPLE_NEVER, 0 },
    { "active", SIMPLE_NEVER, 0 },
    { "focus", SIMPLE_NEVER, 0 },
    { "focus-visible", SIMPLE_NEVER, 0 },
    { "focus-within", SIMPLE_NEVER, 0 },
    { "target", SIMPLE_NEVER, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (name, names[i].name))
      {
        s->kind = names[i].kind;
        s->count = names[i].count;
        s->a = 0, s->b = 1;
        return TRUE;
      }
  return FALSE;
}

/* The name of an :nth-…() function as the count it takes. */
static gboolean
nth_function (const char *name, NthCount *count)
{
  static const char *const names[] = {
    [NTH_CHILD] = "nth-child",
    [NTH_LAST_CHILD] = "nth-last-child",
    [NTH_OF_TYPE] = "nth-of-type",
    [NTH_LAST_OF_TYPE] = "nth-last-of-type",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (name, names[i]))
      {
        *count = (NthCount) i;
        return TRUE;
      }
  return FALSE;
}

/* :not(), :is(), :matches() or :where() and its selector list (Selectors
 * Level 4, §4): :not() is false for an element one of them matches, the
 * others true; :is() and :where() drop a selector they cannot read (a
 * forgiving list), :not() is invalid with it.  They count as their most
 * specific selector, :where() as nothing. */
static gboolean
read_selector_argument (Reader *r, Simple *s)
{
  const BfCssToken *t = peek (r);
  gboolean negation = !g_ascii_strcasecmp (t->text, "not");
  gboolean weightless = !g_ascii_strcasecmp (t->text, "where");
  if (r->nesting >= MAX_NESTING)
    {
      r->error = ":not(), :is() and :where() nested too deep";
      return FALSE;
    }
  guint open = r->pos + 1;
  guint close = bf_css_tokens_closing_paren (r->tokens, open, r->end);
  if (close >= r->end)
    return FALSE;
  guint error_at = 0;
  const char *error = NULL;
  s->selectors = parse_list (r->tokens, open, close, r->nesting + 1, !negation, &error_at,
                             &error);
  if (!s->selectors)
    {
      r->pos = error_at;
      r->error = error;
      return FALSE;
    }
  for (guint i = 0; i < s->selectors->len; i++)
    {
      const BfCssSelector *inner = s->selectors->pdata[i];
      if (inner->pseudo != BF_CSS_PSEUDO_NONE)
        {
          r->error = "a pseudo-element inside :not(), :is() or :where()";
          return FALSE;
        }
      if (!weightless)
        s->specificity = MAX (s->specificity, inner->specificity);
    }
  s->kind = negation ? SIMPLE_NOT : SIMPLE_IS;
  r->has_lists = TRUE;
  r->pos = close + 1;
  return TRUE;
}

static gboolean
read_pseudo (Reader *r, Simple *s)
{
  const BfCssToken *t = peek (r);
  if (t->type == BF_CSS_IDENT)
    {
      r->pos++;
      if (read_pseudo_name (t->text, s))
        ;
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
  if (t->type == BF_CSS_FUNCTION
      && (!g_ascii_strcasecmp (t->text, "not") || !g_ascii_strcasecmp (t->text, "is")
          || !g_ascii_strcasecmp (t->text, "matches") || !g_ascii_strcasecmp (t->text, "where")))
    return read_selector_argument (r, s);
  if (t->type == BF_CSS_FUNCTION && nth_function (t->text, &s->count))
    {
      r->pos++;
      s->kind = SIMPLE_NTH;
      if (!read_an_plus_b (r, &s->a, &s->b))
        {
          r->error = "an argument that is not An+B";
          return FALSE;
        }
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
          else if (element && name->type == BF_CSS_IDENT && !g_ascii_strcasecmp (name->text, "marker"))
            pseudo = BF_CSS_PSEUDO_MARKER;
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
          case SIMPLE_NOT:
          case SIMPLE_IS:
            {
              guint32 inner = g_array_index (simples, Simple, j).specificity;
              ids += inner >> 20;
              classes += (inner >> 10) & 1023;
              types += inner & 1023;
            }
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
          sel->has_lists = r->has_lists;
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

/* The selectors between @from and @to of @tokens, split at the commas
 * outside parentheses; NULL when one cannot be read (its place and why in
 * @error_at and @error), unless @forgiving, which leaves it out. */
static GPtrArray *
parse_list (GArray *tokens, guint from, guint to, int nesting, gboolean forgiving,
            guint *error_at, const char **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_selector_free);
  guint start = from;
  int depth = 0;
  for (guint i = from; i <= to; i++)
    {
      BfCssTokenType type = i < to ? g_array_index (tokens, BfCssToken, i).type : BF_CSS_COMMA;
      if (type == BF_CSS_FUNCTION || type == BF_CSS_OPEN_PAREN)
        depth++;
      else if (type == BF_CSS_CLOSE_PAREN && depth > 0)
        depth--;
      if (type != BF_CSS_COMMA || (depth > 0 && i < to))
        continue;
      Reader r = { tokens, start, i, NULL, BF_CSS_PSEUDO_NONE, nesting, FALSE };
      BfCssSelector *sel = start < i ? read_selector (&r) : NULL;
      if (sel)
        g_ptr_array_add (list, sel);
      else if (!forgiving)
        {
          *error_at = r.pos;
          *error = r.error;
          g_ptr_array_unref (list);
          return NULL;
        }
      start = i + 1;
    }
  return list;
}

GPtrArray *
bf_css_selectors_parse (GArray *prelude, const char *name, GPtrArray *warnings)
{
  if (prelude->len == 0)
    return NULL;
  guint error_at = 0;
  const char *error = NULL;
  GPtrArray *list = parse_list (prelude, 0, prelude->len, 0, FALSE, &error_at, &error);
  if (!list && warnings)
    {
      const BfCssToken *at = &g_array_index (prelude, BfCssToken, MIN (error_at, prelude->len - 1));
      g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: %s in the selector; rule skipped",
                                                  name, at->line, at->column,
                                                  error ? error : "a syntax error"));
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

/* An element's place among its parent's element children, 1-based: from
 * the first (index) and in all (count), and the same among the children of
 * its own type.  Invariant: index ≤ count, type_index ≤ type_count. */
typedef struct {
  guint32 index, count;
  guint32 type_index, type_count;
} SiblingPosition;

static gboolean position_of (xmlNodePtr n, BfCssMatchCache *cache, SiblingPosition *position);

/* Is @position a·n + b for some n ≥ 0 (Selectors 3, §6.6.5.2)? */
static gboolean
nth_matches (const Simple *s, const SiblingPosition *p)
{
  gint64 position;
  switch (s->count)
    {
    case NTH_CHILD:
      position = p->index;
      break;
    case NTH_LAST_CHILD:
      position = (gint64) p->count - p->index + 1;
      break;
    case NTH_OF_TYPE:
      position = p->type_index;
      break;
    default:
      position = (gint64) p->type_count - p->type_index + 1;
      break;
    }
  if (s->a == 0)
    return position == s->b;
  gint64 steps = position - s->b;
  return steps % s->a == 0 && steps / s->a >= 0;
}

static gboolean
structural_matches (const Simple *s, xmlNodePtr n, BfCssMatchCache *cache)
{
  SiblingPosition p = { 0 };
  if (!position_of (n, cache, &p))
    return FALSE;
  if (s->kind == SIMPLE_ONLY_CHILD)
    return p.count == 1;
  if (s->kind == SIMPLE_ONLY_OF_TYPE)
    return p.type_count == 1;
  return nth_matches (s, &p);
}

static gboolean nested_matches (const BfCssSelector *selector, xmlNodePtr n,
                                BfCssMatchCache *cache);

static gboolean
simple_matches (const Simple *s, xmlNodePtr n, BfCssMatchCache *cache)
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
    case SIMPLE_NTH:
    case SIMPLE_ONLY_CHILD:
    case SIMPLE_ONLY_OF_TYPE:
      return structural_matches (s, n, cache);
    case SIMPLE_LINK:
      return (!g_ascii_strcasecmp ((const char *) n->name, "a")
              || !g_ascii_strcasecmp ((const char *) n->name, "area"))
             && xmlHasProp (n, BAD_CAST "href");
    case SIMPLE_NEVER:
      return FALSE;
    case SIMPLE_EMPTY:
      /* No child but comments (Selectors 3, §6.6.5.10: text, even white
       * space, is one, as browsers have it). */
      for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE)
          return FALSE;
      return TRUE;
    case SIMPLE_CHECKED:
      return (!g_ascii_strcasecmp ((const char *) n->name, "input")
              && xmlHasProp (n, BAD_CAST "checked"))
             || (!g_ascii_strcasecmp ((const char *) n->name, "option")
                 && xmlHasProp (n, BAD_CAST "selected"));
    case SIMPLE_DISABLED:
    case SIMPLE_ENABLED:
      {
        static const char *const controls[] = { "button", "input", "select", "textarea",
                                                "option", "optgroup", "fieldset" };
        gboolean control = FALSE;
        for (gsize i = 0; i < G_N_ELEMENTS (controls); i++)
          control |= !g_ascii_strcasecmp ((const char *) n->name, controls[i]);
        gboolean disabled = xmlHasProp (n, BAD_CAST "disabled") != NULL;
        return control && (s->kind == SIMPLE_DISABLED ? disabled : !disabled);
      }
    case SIMPLE_NOT:
    case SIMPLE_IS:
      for (guint i = 0; i < s->selectors->len; i++)
        if (nested_matches (s->selectors->pdata[i], n, cache))
          return s->kind == SIMPLE_IS;
      return s->kind == SIMPLE_NOT;
    }
  return FALSE;
}

static gboolean
compound_matches (const Compound *c, xmlNodePtr n, BfCssMatchCache *cache)
{
  for (guint i = 0; i < c->simples->len; i++)
    if (!simple_matches (&g_array_index (c->simples, Simple, i), n, cache))
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

/* Every element whose position was asked for, and its siblings: element →
 * SiblingPosition, in blocks of one parent's children each. */
struct _BfCssMatchCache {
  GHashTable *siblings;  /* SiblingKey* (owned) → GHashTable of element → 1 or 2 */
  GHashTable *nested;    /* NestedKey* (owned) → 1 or 2: whether a selector in a
                            :not(), :is() or :where() matched an element */
  GHashTable *positions; /* element → SiblingPosition* (in a block) */
  GPtrArray *position_blocks;  /* SiblingPosition arrays, owned */
};

/* A selector inside :not(), :is() or :where(), and an element.  Its answer
 * depends on the tree only, so it is worked out once: asked again for
 * each ancestor a combinator tries, nested lists would otherwise cost the
 * depth of the tree to the power of their nesting. */
typedef struct {
  const BfCssSelector *selector;
  xmlNodePtr element;
} NestedKey;

static guint
nested_key_hash (gconstpointer p)
{
  const NestedKey *k = p;
  return g_direct_hash (k->selector) * 31 + g_direct_hash (k->element);
}

static gboolean
nested_key_equal (gconstpointer a, gconstpointer b)
{
  const NestedKey *x = a, *y = b;
  return x->selector == y->selector && x->element == y->element;
}

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
  cache->nested = g_hash_table_new_full (nested_key_hash, nested_key_equal, g_free, NULL);
  cache->positions = g_hash_table_new (g_direct_hash, g_direct_equal);
  cache->position_blocks = g_ptr_array_new_with_free_func (g_free);
  return cache;
}

void
bf_css_match_cache_free (BfCssMatchCache *cache)
{
  if (!cache)
    return;
  g_hash_table_unref (cache->siblings);
  g_hash_table_unref (cache->nested);
  g_hash_table_unref (cache->positions);
  g_ptr_array_unref (cache->position_blocks);
  g_free (cache);
}

/* Element names compare without case, as type selectors do. */
static guint
name_hash (gconstpointer p)
{
  guint h = 5381;
  for (const char *c = p; *c; c++)
    h = h * 33 + (guchar) g_ascii_tolower (*c);
  return h;
}

static gboolean
name_equal (gconstpointer a, gconstpointer b)
{
  return !g_ascii_strcasecmp (a, b);
}

/* The positions of all element children of @parent, in order, in one walk
 * and a second over the same children (@count of them). */
static SiblingPosition *
measure_children (xmlNodePtr parent, guint32 *count)
{
  guint32 elements = 0;
  for (xmlNodePtr c = parent->children; c; c = c->next)
    elements += c->type == XML_ELEMENT_NODE;
  SiblingPosition *positions = g_new0 (SiblingPosition, MAX (elements, 1));
  g_autoptr (GHashTable) per_type = g_hash_table_new (name_hash, name_equal); /* name → how many */
  guint32 i = 0;
  for (xmlNodePtr c = parent->children; c; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      guint32 seen = GPOINTER_TO_UINT (g_hash_table_lookup (per_type, c->name)) + 1;
      g_hash_table_insert (per_type, (gpointer) c->name, GUINT_TO_POINTER (seen));
      positions[i].index = i + 1;
      positions[i].count = elements;
      positions[i].type_index = seen;
      i++;
    }
  i = 0;
  for (xmlNodePtr c = parent->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      positions[i++].type_count = GPOINTER_TO_UINT (g_hash_table_lookup (per_type, c->name));
  *count = elements;
  return positions;
}

/* @n's place among its siblings; FALSE for an element without a parent
 * element (Selectors 3 counts children of a parent only).  With @cache, the
 * siblings are walked once for all of them, so n siblings cost n; without,
 * each question walks them. */
static gboolean
position_of (xmlNodePtr n, BfCssMatchCache *cache, SiblingPosition *position)
{
  xmlNodePtr parent = parent_element (n);
  if (!parent)
    return FALSE;
  const SiblingPosition *known = cache ? g_hash_table_lookup (cache->positions, n) : NULL;
  if (known)
    {
      *position = *known;
      return TRUE;
    }
  guint32 count;
  SiblingPosition *all = measure_children (parent, &count);
  guint32 i = 0;
  for (xmlNodePtr c = parent->children; c; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (c == n)
        *position = all[i];
      if (cache)
        g_hash_table_insert (cache->positions, c, &all[i]);
      i++;
    }
  if (cache)
    g_ptr_array_add (cache->position_blocks, all);
  else
    g_free (all);
  return TRUE;
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
  if (!compound_matches (c, n, memo->cache))
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

/* Whether @selector, inside a :not(), :is() or :where(), matches @n; asked
 * once per element (@cache is never NULL here). */
static gboolean
nested_matches (const BfCssSelector *selector, xmlNodePtr n, BfCssMatchCache *cache)
{
  NestedKey key = { selector, n };
  guint known = GPOINTER_TO_UINT (g_hash_table_lookup (cache->nested, &key));
  if (known)
    return known == 2;
  gboolean matched = bf_css_selector_matches_cached (selector, n, cache);
  g_hash_table_insert (cache->nested, g_memdup2 (&key, sizeof key),
                       GUINT_TO_POINTER (matched ? 2 : 1));
  return matched;
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
  /* Nested lists remember their answers: in a cache for this one question
   * when the caller keeps none. */
  BfCssMatchCache *own = !cache && selector->has_lists ? bf_css_match_cache_new () : NULL;
  Memo memo = { NULL, (int) selector->compounds->len, cache ? cache : own };
  gboolean matched = matches_from (selector, memo.compounds - 1, n, &memo);
  memo_clear (&memo);
  bf_css_match_cache_free (own);
  return matched;
}
