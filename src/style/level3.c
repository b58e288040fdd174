/* level3.c — a style rule's selector list as Selectors Level 3 writes it,
 * for the EPUB's sheet: epubcheck's CSS parser reads Level 3 only, and
 * refuses the whole book over one :is(), :where(), :has() or a :not()
 * holding more than a simple selector.  So :is(A, B) (and :matches(),
 * :where(), :-webkit-any(), :-moz-any()) over compound selectors becomes
 * one selector for each of them, and :not() over compounds or a list
 * becomes its disjunctive form (":not(.a.b)" is ":not(.a), :not(.b)"; a
 * list's :not()s are ANDed); what cannot be written so (:has(), a
 * combinator inside, more than BF_LEVEL3_MAX selectors) is left out and
 * counted.  Specificity may change (:where() weighs nothing, its
 * expansion does); what matches does not.  Working on tokens, not parsed
 * selectors: the sheet is written back as the author wrote it. */
#include "style/cascade.h"

#include <string.h>

/* The most selectors one selector is written out as. */
#define BF_LEVEL3_MAX 32

typedef GArray Tokens; /* BfCssToken, their texts borrowed from the rule */

/* A simple selector among tokens. */
typedef struct {
  guint start, length;
} Part;

static const BfCssToken *
at (const Tokens *t, guint i)
{
  return &g_array_index (t, BfCssToken, i);
}

static Tokens *
slice (const Tokens *t, guint from, guint to)
{
  Tokens *out = g_array_sized_new (FALSE, FALSE, sizeof (BfCssToken), to > from ? to - from : 0);
  if (to > from)
    g_array_append_vals (out, at (t, from), to - from);
  return out;
}

static void
trim (Tokens *t)
{
  while (t->len && at (t, t->len - 1)->type == BF_CSS_WHITESPACE)
    g_array_set_size (t, t->len - 1);
  guint lead = 0;
  while (lead < t->len && at (t, lead)->type == BF_CSS_WHITESPACE)
    lead++;
  g_array_remove_range (t, 0, lead);
}

static gboolean
is_delim (const BfCssToken *t, const char *c)
{
  return t->type == BF_CSS_DELIM && !strcmp (t->text, c);
}

/* Where the parenthesis or bracket opened at @i closes (its index), or
 * @t->len. */
static guint
closing (const Tokens *t, guint i)
{
  if (at (t, i)->type == BF_CSS_OPEN_SQUARE)
    {
      int depth = 0;
      for (guint k = i; k < t->len; k++)
        {
          depth += at (t, k)->type == BF_CSS_OPEN_SQUARE;
          depth -= at (t, k)->type == BF_CSS_CLOSE_SQUARE;
          if (depth == 0)
            return k;
        }
      return t->len;
    }
  return bf_css_tokens_closing_paren (t, i + 1, t->len);
}

/* The tokens of the simple selector at @i (a type, *, #id, .class,
 * [attribute], :pseudo-class or :function(…)), or 0. */
static guint
simple_length (const Tokens *t, guint i)
{
  if (i >= t->len)
    return 0;
  const BfCssToken *s = at (t, i);
  if (s->type == BF_CSS_IDENT || s->type == BF_CSS_HASH || is_delim (s, "*"))
    return 1;
  if (is_delim (s, ".") && i + 1 < t->len && at (t, i + 1)->type == BF_CSS_IDENT)
    return 2;
  if (s->type == BF_CSS_OPEN_SQUARE)
    {
      guint end = closing (t, i);
      return end < t->len ? end - i + 1 : 0;
    }
  if (s->type == BF_CSS_COLON && i + 1 < t->len)
    {
      const BfCssToken *n = at (t, i + 1);
      if (n->type == BF_CSS_IDENT)
        return 2;
      if (n->type == BF_CSS_FUNCTION)
        {
          guint end = closing (t, i + 1);
          return end < t->len ? end - i + 1 : 0;
        }
    }
  return 0;
}

/* The simple selectors of compound @t, in @parts (Part); FALSE when @t is
 * not one compound selector. */
static gboolean
compound_parts (const Tokens *t, GArray *parts)
{
  for (guint i = 0; i < t->len;)
    {
      guint n = simple_length (t, i);
      if (!n)
        return FALSE;
      Part part = { i, n };
      g_array_append_val (parts, part);
      i += n;
    }
  return t->len > 0;
}

/* The arguments of the function at @f (its comma-separated selectors,
 * trimmed). */
static GPtrArray *
arguments (const Tokens *t, guint f, guint close)
{
  GPtrArray *args = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint from = f + 1;
  int depth = 0;
  for (guint k = f + 1; k <= close; k++)
    {
      BfCssTokenType type = at (t, k)->type;
      if (k == close || (type == BF_CSS_COMMA && depth == 0))
        {
          Tokens *arg = slice (t, from, k);
          trim (arg);
          g_ptr_array_add (args, arg);
          from = k + 1;
          continue;
        }
      depth += type == BF_CSS_FUNCTION || type == BF_CSS_OPEN_PAREN || type == BF_CSS_OPEN_SQUARE;
      depth -= type == BF_CSS_CLOSE_PAREN || type == BF_CSS_CLOSE_SQUARE;
    }
  return args;
}

typedef enum { LEVEL3, EXPAND_IS, EXPAND_NOT, IMPOSSIBLE } Need;

static gboolean
names (const BfCssToken *f, const char *const *list)
{
  for (int i = 0; list[i]; i++)
    if (!g_ascii_strcasecmp (f->text, list[i]))
      return TRUE;
  return FALSE;
}

static const char *const is_names[] = { "is", "matches", "where", "-webkit-any", "-moz-any", NULL };

/* What the first pseudo-class of @t that Level 3 does not have needs,
 * and where it is (the colon at *@colon, the function after it). */
static Need
first_need (const Tokens *t, guint *colon)
{
  for (guint i = 0; i + 1 < t->len; i++)
    {
      const BfCssToken *f = at (t, i + 1);
      if (at (t, i)->type != BF_CSS_COLON || f->type != BF_CSS_FUNCTION)
        continue;
      *colon = i;
      if (names (f, is_names))
        return EXPAND_IS;
      if (!g_ascii_strcasecmp (f->text, "has"))
        return IMPOSSIBLE;
      if (!g_ascii_strcasecmp (f->text, "not"))
        {
          guint close = closing (t, i + 1);
          if (close >= t->len)
            return IMPOSSIBLE;
          g_autoptr (GPtrArray) args = arguments (t, i + 1, close);
          const Tokens *arg = args->pdata[0];
          guint colon_in;
          /* Level 3: one simple selector, itself no :not(). */
          if (args->len == 1 && arg->len && simple_length (arg, 0) == arg->len
              && first_need (arg, &colon_in) == LEVEL3
              && !(arg->len > 1 && at (arg, 1)->type == BF_CSS_FUNCTION
                   && !g_ascii_strcasecmp (at (arg, 1)->text, "not")))
            continue;
          return EXPAND_NOT;
        }
    }
  return LEVEL3;
}

/* Where the compound selector holding token @i starts. */
static guint
compound_start (const Tokens *t, guint i)
{
  while (i > 0)
    {
      const BfCssToken *p = at (t, i - 1);
      if (p->type == BF_CSS_WHITESPACE || is_delim (p, ">") || is_delim (p, "+")
          || is_delim (p, "~"))
        break;
      /* Inside brackets or a function's arguments, go to their start. */
      if (p->type == BF_CSS_CLOSE_SQUARE || p->type == BF_CSS_CLOSE_PAREN)
        {
          int depth = 0;
          guint k = i - 1;
          for (;; k--)
            {
              BfCssTokenType type = at (t, k)->type;
              depth += type == BF_CSS_CLOSE_SQUARE || type == BF_CSS_CLOSE_PAREN;
              depth -= type == BF_CSS_OPEN_SQUARE || type == BF_CSS_FUNCTION
                       || type == BF_CSS_OPEN_PAREN;
              if (depth == 0 || k == 0)
                break;
            }
          i = k;
          continue;
        }
      i--;
    }
  return i;
}

/* @t with the tokens from @from to @to (the pseudo-class) replaced by
 * @inner; @inner's type selector, if any, goes to the compound's start,
 * where it must agree with any type there: NULL when it does not. */
static Tokens *
substitute (const Tokens *t, guint from, guint to, const Tokens *inner)
{
  guint start = compound_start (t, from);
  gboolean inner_type = inner->len && (at (inner, 0)->type == BF_CSS_IDENT
                                       || is_delim (at (inner, 0), "*"));
  gboolean outer_type = start < from && (at (t, start)->type == BF_CSS_IDENT
                                         || is_delim (at (t, start), "*"));
  Tokens *out = slice (t, 0, start);
  guint rest = 0;
  if (inner_type)
    {
      const BfCssToken *a = at (inner, 0);
      const BfCssToken *b = outer_type ? at (t, start) : NULL;
      if (b && !is_delim (a, "*") && !is_delim (b, "*") && g_ascii_strcasecmp (a->text, b->text))
        {
          g_array_unref (out);
          return NULL; /* p:is(div): nothing is both */
        }
      if (!b || is_delim (b, "*"))
        {
          g_array_append_vals (out, a, 1);
          start += b != NULL;
        }
      rest = 1;
    }
  g_array_append_vals (out, at (t, start), from - start);
  g_array_append_vals (out, at (inner, rest), inner->len - rest);
  g_array_append_vals (out, at (t, to), t->len - to);
  return out;
}

/* The selectors @t is written as in Level 3, added to @out (at most
 * BF_LEVEL3_MAX of them); FALSE when it cannot be. */
static gboolean
rewrite (const Tokens *t, GPtrArray *out, int depth)
{
  guint colon = 0;
  Need need = first_need (t, &colon);
  if (need == LEVEL3)
    {
      if (out->len >= BF_LEVEL3_MAX)
        return FALSE;
      g_ptr_array_add (out, g_array_ref ((Tokens *) t));
      return TRUE;
    }
  if (need == IMPOSSIBLE || depth > 8)
    return FALSE;
  guint close = closing (t, colon + 1);
  g_autoptr (GPtrArray) args = arguments (t, colon + 1, close);
  gboolean ok = TRUE;
  if (need == EXPAND_IS)
    {
      /* One selector for each compound argument. */
      for (guint a = 0; ok && a < args->len; a++)
        {
          g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
          if (!compound_parts (args->pdata[a], parts))
            return FALSE;
          g_autoptr (GArray) one = substitute (t, colon, close + 1, args->pdata[a]);
          if (one)
            ok = rewrite (one, out, depth + 1);
        }
      return ok;
    }
  /* :not(A, B…), each a compound of simple selectors: not A and not B…,
   * where not A is not a1 or not a2…: one selector for each choice of one
   * simple selector from every argument. */
  g_autoptr (GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint combinations = 1;
  for (guint a = 0; a < args->len; a++)
    {
      GArray *parts = g_array_new (FALSE, FALSE, sizeof (Part));
      g_ptr_array_add (choices, parts);
      if (!compound_parts (args->pdata[a], parts))
        return FALSE;
      combinations *= parts->len;
      if (combinations > BF_LEVEL3_MAX)
        return FALSE;
    }
  for (guint n = 0; ok && n < combinations; n++)
    {
      g_autoptr (GArray) nots = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
      guint k = n;
      for (guint a = 0; a < args->len; a++)
        {
          const GArray *parts = choices->pdata[a];
          const Part *part = &g_array_index (parts, Part, k % parts->len);
          k /= parts->len;
          const Tokens *arg = args->pdata[a];
          /* ":" "not(" the simple selector ")", as the original wrote them. */
          g_array_append_vals (nots, at (t, colon), 2);
          g_array_append_vals (nots, at (arg, part->start), part->length);
          g_array_append_vals (nots, at (t, close), 1);
        }
      g_autoptr (GArray) one = slice (t, 0, colon);
      g_array_append_vals (one, nots->data, nots->len);
      g_array_append_vals (one, at (t, close + 1), t->len - close - 1);
      ok = rewrite (one, out, depth + 1);
    }
  return ok;
}

char *
bf_css_selectors_level3 (GArray *prelude, guint *dropped)
{
  GString *list = g_string_new (NULL);
  guint from = 0;
  int depth = 0;
  for (guint k = 0; k <= prelude->len; k++)
    {
      BfCssTokenType type = k < prelude->len ? at (prelude, k)->type : BF_CSS_EOF;
      if (k < prelude->len && (type != BF_CSS_COMMA || depth > 0))
        {
          depth += type == BF_CSS_FUNCTION || type == BF_CSS_OPEN_PAREN || type == BF_CSS_OPEN_SQUARE;
          depth -= type == BF_CSS_CLOSE_PAREN || type == BF_CSS_CLOSE_SQUARE;
          continue;
        }
      g_autoptr (GArray) selector = slice (prelude, from, k);
      trim (selector);
      from = k + 1;
      g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      if (!rewrite (selector, written, 0))
        {
          (*dropped)++;
          continue;
        }
      for (guint i = 0; i < written->len; i++)
        {
          if (list->len)
            g_string_append (list, ", ");
          bf_css_tokens_append (list, written->pdata[i]);
        }
    }
  if (!list->len)
    {
      g_string_free (list, TRUE);
      return NULL;
    }
  return g_string_free (list, FALSE);
}
