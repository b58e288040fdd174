/* condition.c — the grammar @supports and @media conditions share: see
 * condition.h. */
#include "style/condition.h"

#include <string.h>

void
bf_condition_init (BfCondition *c, GArray *tokens, guint from, guint end, BfConditionLeaf leaf,
                   gconstpointer data)
{
  *c = (BfCondition) { tokens, from, end, 0, TRUE, leaf, data };
}

const BfCssToken *
bf_condition_token (const BfCondition *c, guint i)
{
  return &g_array_index (c->tokens, BfCssToken, i);
}

void
bf_condition_skip_whitespace (BfCondition *c)
{
  while (c->i < c->end && bf_condition_token (c, c->i)->type == BF_CSS_WHITESPACE)
    c->i++;
}

gboolean
bf_condition_is_word (const BfCondition *c, const char *word)
{
  const BfCssToken *t = c->i < c->end ? bf_condition_token (c, c->i) : NULL;
  return t && t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, word);
}

BfMediaMatch
bf_match_not (BfMediaMatch m)
{
  return m == BF_MEDIA_UNKNOWN ? m : m == BF_MEDIA_TRUE ? BF_MEDIA_FALSE : BF_MEDIA_TRUE;
}

BfMediaMatch
bf_match_and (BfMediaMatch a, BfMediaMatch b)
{
  if (a == BF_MEDIA_FALSE || b == BF_MEDIA_FALSE)
    return BF_MEDIA_FALSE;
  return a == BF_MEDIA_TRUE && b == BF_MEDIA_TRUE ? BF_MEDIA_TRUE : BF_MEDIA_UNKNOWN;
}

BfMediaMatch
bf_match_or (BfMediaMatch a, BfMediaMatch b)
{
  if (a == BF_MEDIA_TRUE || b == BF_MEDIA_TRUE)
    return BF_MEDIA_TRUE;
  return a == BF_MEDIA_FALSE && b == BF_MEDIA_FALSE ? BF_MEDIA_FALSE : BF_MEDIA_UNKNOWN;
}

/* One part: the leaf reader's, between parentheses or a function's. */
static BfMediaMatch
read_in_parens (BfCondition *c)
{
  bf_condition_skip_whitespace (c);
  const BfCssToken *t = c->i < c->end ? bf_condition_token (c, c->i) : NULL;
  if (!t || (t->type != BF_CSS_OPEN_PAREN && t->type != BF_CSS_FUNCTION))
    {
      c->valid = FALSE;
      return BF_MEDIA_FALSE;
    }
  guint open = c->i + 1;
  guint close = bf_css_tokens_closing_paren (c->tokens, open, c->end);
  if (close >= c->end)
    {
      c->valid = FALSE;
      return BF_MEDIA_FALSE;
    }
  c->i = close + 1;
  return c->leaf (c, t, open, close);
}

BfMediaMatch
bf_condition_read (BfCondition *c, gboolean or_allowed)
{
  bf_condition_skip_whitespace (c);
  if (bf_condition_is_word (c, "not"))
    {
      c->i++;
      return bf_match_not (read_in_parens (c));
    }
  BfMediaMatch m = read_in_parens (c);
  const char *joiner = NULL;
  for (;;)
    {
      bf_condition_skip_whitespace (c);
      const char *word = bf_condition_is_word (c, "and") ? "and"
                         : bf_condition_is_word (c, "or") ? "or" : NULL;
      if (!word)
        return m;
      if ((joiner && strcmp (joiner, word)) || (!or_allowed && !strcmp (word, "or")))
        {
          c->valid = FALSE; /* "a and b or c" needs parentheses */
          return BF_MEDIA_FALSE;
        }
      joiner = word;
      c->i++;
      BfMediaMatch next = read_in_parens (c);
      m = !strcmp (word, "and") ? bf_match_and (m, next) : bf_match_or (m, next);
    }
}

BfMediaMatch
bf_condition_read_nested (const BfCondition *c, guint open, guint close, gboolean *valid)
{
  if (c->depth >= BF_CONDITION_MAX_DEPTH)
    {
      *valid = FALSE;
      return BF_MEDIA_FALSE;
    }
  BfCondition inner = { c->tokens, open, close, c->depth + 1, TRUE, c->leaf, c->data };
  BfMediaMatch m = bf_condition_read (&inner, TRUE);
  bf_condition_skip_whitespace (&inner);
  *valid = inner.valid && inner.i == inner.end;
  return m;
}
