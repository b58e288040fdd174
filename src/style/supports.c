/* supports.c — whether an @supports rule's condition holds for bifolio
 * (CSS Conditional Rules Level 3, §6): a declaration in parentheses holds
 * when bifolio would use it, selector() when bifolio can match the
 * selector, with not, and, or and nested parentheses; anything else in
 * parentheses or a function (general-enclosed) is false, and a condition
 * that does not parse makes the whole rule false, as the specification
 * says.  So a sheet's fallbacks for what bifolio lacks apply to it. */
#include "style/cascade.h"

#include <string.h>

/* The deepest parentheses read, one inside another. */
#define BF_SUPPORTS_MAX_DEPTH 32

typedef struct {
  GArray *tokens;
  guint i, end;               /* the tokens still to read */
  int depth;
  gboolean valid;             /* FALSE once the condition fails to parse */
} Condition;

static const BfCssToken *
token_at (const Condition *c, guint i)
{
  return &g_array_index (c->tokens, BfCssToken, i);
}

static void
skip_whitespace (Condition *c)
{
  while (c->i < c->end && token_at (c, c->i)->type == BF_CSS_WHITESPACE)
    c->i++;
}

static gboolean
is_word (const Condition *c, const char *word)
{
  const BfCssToken *t = c->i < c->end ? token_at (c, c->i) : NULL;
  return t && t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, word);
}

/* The tokens @from to @to of @c, copied. */
static GArray *
tokens_between (const Condition *c, guint from, guint to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  for (guint i = from; i < to; i++)
    {
      BfCssToken copy = bf_css_token_copy (token_at (c, i));
      g_array_append_val (out, copy);
    }
  return out;
}

/* Whether "name: value" between @from and @to is a declaration bifolio
 * uses. */
static gboolean
declaration_holds (const Condition *c, guint from, guint to)
{
  const BfCssToken *name = token_at (c, from);
  guint i = from + 1;
  while (i < to && token_at (c, i)->type == BF_CSS_WHITESPACE)
    i++;
  i++; /* the colon */
  while (i < to && token_at (c, i)->type == BF_CSS_WHITESPACE)
    i++;
  guint last = to;
  while (last > i && token_at (c, last - 1)->type == BF_CSS_WHITESPACE)
    last--;
  if (i >= last)
    return FALSE;
  BfCssDeclaration d = { 0 };
  d.name = g_str_has_prefix (name->text, "--") ? g_strdup (name->text)
                                                : g_ascii_strdown (name->text, -1);
  d.value = tokens_between (c, i, last);
  d.has_var = bf_css_tokens_have_var (d.value);
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, &d);
  g_autoptr (GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) usable = bf_declarations_usable (one, "@supports", ignored, NULL);
  gboolean holds = usable->len == 1;
  if (d.parsed && d.parsed_free)
    d.parsed_free (d.parsed);
  bf_css_tokens_free (d.value);
  g_free (d.name);
  return holds;
}

/* Whether the selector list between @from and @to is one bifolio can
 * match. */
static gboolean
selector_holds (const Condition *c, guint from, guint to)
{
  GArray *prelude = tokens_between (c, from, to);
  g_autoptr (GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *selectors = bf_css_selectors_parse (prelude, "@supports", ignored);
  bf_css_tokens_free (prelude);
  if (!selectors)
    return FALSE;
  g_ptr_array_unref (selectors);
  return TRUE;
}

static gboolean read_condition (Condition *c);

/* <supports-in-parens>: a condition, a declaration or selector() in
 * parentheses, or anything else enclosed (false). */
static gboolean
read_in_parens (Condition *c)
{
  skip_whitespace (c);
  if (c->i >= c->end)
    {
      c->valid = FALSE;
      return FALSE;
    }
  const BfCssToken *t = token_at (c, c->i);
  if (t->type != BF_CSS_OPEN_PAREN && t->type != BF_CSS_FUNCTION)
    {
      c->valid = FALSE;
      return FALSE;
    }
  guint open = c->i + 1;
  guint close = bf_css_tokens_closing_paren (c->tokens, open, c->end);
  if (close >= c->end)
    {
      c->valid = FALSE;
      return FALSE;
    }
  c->i = close + 1;
  if (t->type == BF_CSS_FUNCTION)
    return !g_ascii_strcasecmp (t->text, "selector") && selector_holds (c, open, close);
  /* A declaration: a name, then a colon. */
  guint k = open;
  while (k < close && token_at (c, k)->type == BF_CSS_WHITESPACE)
    k++;
  guint colon = k + 1;
  while (colon < close && token_at (c, colon)->type == BF_CSS_WHITESPACE)
    colon++;
  if (k < close && token_at (c, k)->type == BF_CSS_IDENT && colon < close
      && token_at (c, colon)->type == BF_CSS_COLON)
    return declaration_holds (c, k, close);
  /* A condition, or else anything enclosed, which is false. */
  if (c->depth >= BF_SUPPORTS_MAX_DEPTH)
    return FALSE;
  Condition inner = { c->tokens, open, close, c->depth + 1, TRUE };
  gboolean holds = read_condition (&inner);
  skip_whitespace (&inner);
  return inner.valid && inner.i == inner.end && holds;
}

/* <supports-condition>: not X, or X joined by all "and" or all "or". */
static gboolean
read_condition (Condition *c)
{
  skip_whitespace (c);
  if (is_word (c, "not"))
    {
      c->i++;
      return !read_in_parens (c);
    }
  gboolean holds = read_in_parens (c);
  const char *joiner = NULL;
  for (;;)
    {
      skip_whitespace (c);
      const char *word = is_word (c, "and") ? "and" : is_word (c, "or") ? "or" : NULL;
      if (!word)
        return holds;
      if (joiner && strcmp (joiner, word))
        {
          c->valid = FALSE; /* "a and b or c" needs parentheses */
          return FALSE;
        }
      joiner = word;
      c->i++;
      gboolean next = read_in_parens (c);
      holds = !strcmp (word, "and") ? holds && next : holds || next;
    }
}

gboolean
bf_supports_condition_holds (GArray *prelude)
{
  Condition c = { prelude, 0, prelude->len, 0, TRUE };
  gboolean holds = read_condition (&c);
  skip_whitespace (&c);
  return c.valid && c.i == c.end && holds;
}
