/* generated.c — the values of generated content (CSS Generated Content for
 * Paged Media, CSS Lists 3): `content` lists of strings, counter(),
 * string(), content(), attr() and the quotes; `quotes`; `string-set`;
 * `counter-reset` and `counter-increment`; and the names of counter
 * styles.  Parsing only:
 * what the values become is decided where the counters and strings live
 * (box-tree.c for elements, paginate.c for pages). */
#include "style/style.h"
#include "style/css.h"

#include <math.h>
#include <string.h>

static const struct {
  const char *name;
  BfListStyle style;
} list_styles[] = {
  { "disc", BF_LIST_DISC }, { "circle", BF_LIST_DISC }, { "square", BF_LIST_DISC },
  { "decimal", BF_LIST_DECIMAL }, { "persian", BF_LIST_PERSIAN },
  { "arabic-indic", BF_LIST_ARABIC_INDIC }, { "lower-alpha", BF_LIST_LOWER_ALPHA },
  { "lower-latin", BF_LIST_LOWER_ALPHA }, { "upper-alpha", BF_LIST_UPPER_ALPHA },
  { "upper-latin", BF_LIST_UPPER_ALPHA }, { "lower-roman", BF_LIST_LOWER_ROMAN },
  { "upper-roman", BF_LIST_UPPER_ROMAN }, { "none", BF_LIST_NONE },
};

gboolean
bf_list_style_from_name (const char *name, BfListStyle *out)
{
  for (gsize i = 0; name && i < G_N_ELEMENTS (list_styles); i++)
    if (!g_ascii_strcasecmp (name, list_styles[i].name))
      return *out = list_styles[i].style, TRUE;
  return FALSE;
}

/* Whether @tokens are the one keyword @word. */
static gboolean
is_only_word (GArray *tokens, const char *word)
{
  const BfCssToken *first = &g_array_index (tokens, BfCssToken, 0);
  return tokens->len == 1 && first->type == BF_CSS_IDENT && !g_ascii_strcasecmp (first->text, word);
}

static void
content_part_clear (BfContentPart *part)
{
  g_free (part->text);
}

static GArray *
content_parts_new (void)
{
  GArray *parts = g_array_new (FALSE, FALSE, sizeof (BfContentPart));
  g_array_set_clear_func (parts, (GDestroyNotify) content_part_clear);
  return parts;
}

/* The tokens of one function's arguments, from @i (just after the
 * function token) to its closing parenthesis: identifiers and strings,
 * commas skipped.  Returns the index after the parenthesis, or 0 when the
 * arguments are something else. */
static guint
function_arguments (GArray *tokens, guint i, const BfCssToken **args, int max, int *n_args)
{
  *n_args = 0;
  gboolean want_comma = FALSE;
  for (; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (t->type == BF_CSS_CLOSE_PAREN)
        return i + 1;
      if (t->type == BF_CSS_COMMA && want_comma)
        {
          want_comma = FALSE;
          continue;
        }
      if ((t->type != BF_CSS_IDENT && t->type != BF_CSS_STRING && t->type != BF_CSS_NUMBER)
          || want_comma || *n_args == max)
        return 0;
      args[(*n_args)++] = t;
      want_comma = TRUE;
    }
  return 0;
}

/* One content item at @i: a string or a function.  Returns the index after
 * it, or 0 when it is not one bifolio knows. */
static guint
content_part_parse (GArray *tokens, guint i, BfContentPart *part)
{
  const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
  memset (part, 0, sizeof *part);
  part->list_style = BF_LIST_DECIMAL;
  if (t->type == BF_CSS_STRING)
    {
      part->kind = BF_CONTENT_STRING;
      part->text = g_strdup (t->text);
      return i + 1;
    }
  static const struct {
    const char *name;
    BfContentKind kind;
  } quote_words[] = {
    { "open-quote", BF_CONTENT_OPEN_QUOTE }, { "close-quote", BF_CONTENT_CLOSE_QUOTE },
    { "no-open-quote", BF_CONTENT_NO_OPEN_QUOTE }, { "no-close-quote", BF_CONTENT_NO_CLOSE_QUOTE },
  };
  for (gsize k = 0; t->type == BF_CSS_IDENT && k < G_N_ELEMENTS (quote_words); k++)
    if (!g_ascii_strcasecmp (t->text, quote_words[k].name))
      {
        part->kind = quote_words[k].kind;
        return i + 1;
      }
  if (t->type != BF_CSS_FUNCTION)
    return 0;
  const BfCssToken *args[2];
  int n;
  guint after = function_arguments (tokens, i + 1, args, 2, &n);
  if (!after)
    return 0;
  const char *fn = t->text;
  if (!g_ascii_strcasecmp (fn, "counter") && n >= 1 && args[0]->type == BF_CSS_IDENT)
    {
      if (n == 2 && (args[1]->type != BF_CSS_IDENT
                     || !bf_list_style_from_name (args[1]->text, &part->list_style)))
        return 0;
      part->kind = BF_CONTENT_COUNTER;
    }
  else if (!g_ascii_strcasecmp (fn, "string") && n >= 1 && args[0]->type == BF_CSS_IDENT)
    {
      static const char *const policies[] = { "first", "start", "last", "first-except" };
      part->kind = BF_CONTENT_STRING_REF;
      part->policy = BF_STRING_FIRST;
      if (n == 2)
        {
          int found = -1;
          for (int k = 0; k < (int) G_N_ELEMENTS (policies); k++)
            if (args[1]->type == BF_CSS_IDENT && !g_ascii_strcasecmp (args[1]->text, policies[k]))
              found = k;
          if (found < 0)
            return 0;
          part->policy = found;
        }
    }
  else if (!g_ascii_strcasecmp (fn, "content") && (n == 0 || args[0]->type == BF_CSS_IDENT))
    {
      part->kind = BF_CONTENT_ELEMENT_TEXT;
      return after;
    }
  else if (!g_ascii_strcasecmp (fn, "attr") && n == 1 && args[0]->type == BF_CSS_IDENT)
    part->kind = BF_CONTENT_ATTR;
  else
    return 0;
  part->text = g_ascii_strdown (args[0]->text, -1);
  return after;
}

/* Content items from @i up to a comma or the end; @end gets where it
 * stopped.  NULL when an item is not one bifolio knows. */
static GArray *
content_list_parse (GArray *tokens, guint i, guint *end)
{
  GArray *parts = content_parts_new ();
  while (i < tokens->len)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        {
          i++;
          continue;
        }
      if (t->type == BF_CSS_COMMA)
        break;
      BfContentPart part;
      guint next = content_part_parse (tokens, i, &part);
      if (!next)
        {
          g_array_unref (parts);
          return NULL;
        }
      g_array_append_val (parts, part);
      i = next;
    }
  *end = i;
  return parts;
}

GArray *
bf_content_parse (GArray *tokens)
{
  if (is_only_word (tokens, "none") || is_only_word (tokens, "normal"))
    return content_parts_new ();
  guint end;
  GArray *parts = content_list_parse (tokens, 0, &end);
  if (parts && (end != tokens->len || parts->len == 0))
    g_clear_pointer (&parts, g_array_unref);
  return parts;
}

GPtrArray *
bf_quotes_parse (GArray *tokens)
{
  GPtrArray *marks = g_ptr_array_new_with_free_func (g_free);
  if (is_only_word (tokens, "none"))
    return marks;
  for (guint i = 0; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_STRING)
        g_ptr_array_add (marks, g_strdup (t->text));
      else if (t->type != BF_CSS_WHITESPACE)
        {
          g_ptr_array_unref (marks);
          return NULL;
        }
    }
  if (marks->len == 0 || marks->len % 2)
    g_clear_pointer (&marks, g_ptr_array_unref);
  return marks;
}

static void
string_set_free (BfStringSet *set)
{
  g_free (set->name);
  g_array_unref (set->parts);
  g_free (set);
}

GPtrArray *
bf_string_set_parse (GArray *tokens)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func ((GDestroyNotify) string_set_free);
  if (is_only_word (tokens, "none"))
    return sets;
  guint i = 0;
  while (i < tokens->len)
    {
      const BfCssToken *name = &g_array_index (tokens, BfCssToken, i);
      if (name->type != BF_CSS_IDENT)
        break;
      guint end;
      GArray *parts = content_list_parse (tokens, i + 1, &end);
      if (!parts || parts->len == 0)
        {
          if (parts)
            g_array_unref (parts);
          break;
        }
      BfStringSet *set = g_new0 (BfStringSet, 1);
      set->name = g_ascii_strdown (name->text, -1);
      set->parts = parts;
      g_ptr_array_add (sets, set);
      i = end;
      if (i == tokens->len)
        return sets;
      i++; /* the comma */
      while (i < tokens->len && g_array_index (tokens, BfCssToken, i).type == BF_CSS_WHITESPACE)
        i++;
    }
  g_ptr_array_unref (sets);
  return NULL;
}

static void
counter_change_clear (BfCounterChange *change)
{
  g_free (change->name);
}

GArray *
bf_counter_changes_parse (GArray *tokens, int default_value)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (BfCounterChange));
  g_array_set_clear_func (changes, (GDestroyNotify) counter_change_clear);
  if (is_only_word (tokens, "none"))
    return changes;
  for (guint i = 0; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (t->type == BF_CSS_IDENT && g_ascii_strcasecmp (t->text, "none"))
        {
          BfCounterChange change = { g_ascii_strdown (t->text, -1), default_value };
          g_array_append_val (changes, change);
        }
      else if (t->type == BF_CSS_NUMBER && t->is_integer && changes->len
               && fabs (t->number) < 1e9)
        g_array_index (changes, BfCounterChange, changes->len - 1).value = (int) t->number;
      else
        {
          g_array_unref (changes);
          return NULL;
        }
    }
  return changes;
}

char *
bf_content_evaluate (const GArray *parts, BfContentResolver resolve, gpointer data)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; parts && i < parts->len; i++)
    {
      const BfContentPart *part = &g_array_index (parts, BfContentPart, i);
      if (part->kind == BF_CONTENT_STRING)
        g_string_append (out, part->text);
      else if (resolve)
        {
          g_autofree char *value = resolve (part, data);
          if (value)
            g_string_append (out, value);
        }
    }
  return g_string_free (out, FALSE);
}
