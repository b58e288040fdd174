/* supports.c — whether an @supports rule's condition holds for bifolio
 * (CSS Conditional Rules Level 3, §6): a declaration in parentheses holds
 * when bifolio would use it, selector() when bifolio can match the
 * selector, with not, and, or and nested parentheses; anything else in
 * parentheses or a function (general-enclosed) is false, and a condition
 * that does not parse makes the whole rule false, as the specification
 * says.  So a sheet's fallbacks for what bifolio lacks apply to it. */
#include "style/condition.h"

#include <string.h>

static BfMediaMatch
match_of (gboolean holds)
{
  return holds ? BF_MEDIA_TRUE : BF_MEDIA_FALSE;
}

/* The tokens @from to @to of @c, copied. */
static GArray *
tokens_between (const BfCondition *c, guint from, guint to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  for (guint i = from; i < to; i++)
    {
      BfCssToken copy = bf_css_token_copy (bf_condition_token (c, i));
      g_array_append_val (out, copy);
    }
  return out;
}

/* Whether @d is a display bifolio only stands in for: flex and grid
 * containers' items are laid out as blocks, one under another, so a
 * sheet's fallback for a browser without them is nearer what it draws. */
static gboolean
is_approximated_display (const BfCssDeclaration *d)
{
  static const char *const approximated[] = { "flex", "grid", "inline-flex", "inline-grid" };
  if (strcmp (d->name, "display") || d->value->len != 1
      || g_array_index (d->value, BfCssToken, 0).type != BF_CSS_IDENT)
    return FALSE;
  const char *value = g_array_index (d->value, BfCssToken, 0).text;
  for (gsize i = 0; i < G_N_ELEMENTS (approximated); i++)
    if (!g_ascii_strcasecmp (value, approximated[i]))
      return TRUE;
  return FALSE;
}

/* Whether "name: value" between @from and @to is a declaration bifolio
 * uses. */
static gboolean
declaration_holds (const BfCondition *c, guint from, guint to)
{
  const BfCssToken *name = bf_condition_token (c, from);
  guint i = from + 1;
  while (i < to && bf_condition_token (c, i)->type == BF_CSS_WHITESPACE)
    i++;
  i++; /* the colon */
  while (i < to && bf_condition_token (c, i)->type == BF_CSS_WHITESPACE)
    i++;
  guint last = to;
  while (last > i && bf_condition_token (c, last - 1)->type == BF_CSS_WHITESPACE)
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
  gboolean holds = usable->len == 1 && !is_approximated_display (&d);
  if (d.parsed && d.parsed_free)
    d.parsed_free (d.parsed);
  bf_css_tokens_free (d.value);
  g_free (d.name);
  return holds;
}

/* Whether the selector list between @from and @to is one bifolio can
 * match. */
static gboolean
selector_holds (const BfCondition *c, guint from, guint to)
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

/* <supports-in-parens>: a condition, a declaration or selector() in
 * parentheses, or anything else enclosed (false). */
static BfMediaMatch
supports_in_parens (BfCondition *c, const BfCssToken *opener, guint open, guint close)
{
  if (opener->type == BF_CSS_FUNCTION)
    return match_of (!g_ascii_strcasecmp (opener->text, "selector")
                     && selector_holds (c, open, close));
  /* A declaration: a name, then a colon. */
  guint k = open;
  while (k < close && bf_condition_token (c, k)->type == BF_CSS_WHITESPACE)
    k++;
  guint colon = k + 1;
  while (colon < close && bf_condition_token (c, colon)->type == BF_CSS_WHITESPACE)
    colon++;
  if (k < close && bf_condition_token (c, k)->type == BF_CSS_IDENT && colon < close
      && bf_condition_token (c, colon)->type == BF_CSS_COLON)
    return match_of (declaration_holds (c, k, close));
  /* A condition, or else anything enclosed, which is false. */
  gboolean valid;
  BfMediaMatch holds = bf_condition_read_nested (c, open, close, &valid);
  return valid ? holds : BF_MEDIA_FALSE;
}

gboolean
bf_supports_condition_holds (GArray *prelude)
{
  BfCondition c;
  bf_condition_init (&c, prelude, 0, prelude->len, supports_in_parens, NULL);
  BfMediaMatch holds = bf_condition_read (&c, TRUE);
  bf_condition_skip_whitespace (&c);
  return c.valid && c.i == c.end && holds == BF_MEDIA_TRUE;
}
