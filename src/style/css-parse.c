/* css-parse.c — stylesheets, rules and declarations from tokens, with the
 * error recovery of CSS Syntax Level 3, §5
 * (https://www.w3.org/TR/css-syntax-3/#parsing): what cannot be parsed is
 * skipped to the end of its declaration or rule, with a warning that names
 * the file, line and column, and the rest of the sheet still applies. */
#include "style/css.h"

#include <stdarg.h>
#include <string.h>

/* At-rules in at-rules deeper than this are skipped with a warning: parsing
 * them, indexing them and freeing them recurse. */
enum { MAX_AT_RULE_DEPTH = 32 };

typedef struct {
  GArray *tokens;
  guint pos;
  const char *name;
  GPtrArray *warnings;
  int depth;            /* at-rule blocks open around the current token */
} Parser;

static const BfCssToken *
peek (Parser *p)
{
  return &g_array_index (p->tokens, BfCssToken, MIN (p->pos, p->tokens->len - 1));
}

static const BfCssToken *
next (Parser *p)
{
  const BfCssToken *t = peek (p);
  if (t->type != BF_CSS_EOF)
    p->pos++;
  return t;
}

static void
warn (Parser *p, const BfCssToken *at, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
warn (Parser *p, const BfCssToken *at, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  if (p->warnings)
    g_ptr_array_add (p->warnings, g_strdup_printf ("%s:%d:%d: warning: %s", p->name, at->line,
                                                   at->column, message));
}

BfCssToken
bf_css_token_copy (const BfCssToken *t)
{
  BfCssToken copy = *t;
  copy.text = g_strdup (t->text);
  return copy;
}

guint
bf_css_tokens_closing_paren (const GArray *tokens, guint from, guint end)
{
  int depth = 1;
  for (guint i = from; i < end; i++)
    {
      BfCssTokenType type = g_array_index (tokens, BfCssToken, i).type;
      if (type == BF_CSS_FUNCTION || type == BF_CSS_OPEN_PAREN)
        depth++;
      else if (type == BF_CSS_CLOSE_PAREN && --depth == 0)
        return i;
    }
  return end;
}

gboolean
bf_css_tokens_have_var (const GArray *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_FUNCTION && !g_ascii_strcasecmp (t->text, "var"))
        return TRUE;
    }
  return FALSE;
}

static GArray *
token_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (BfCssToken));
}

static void
token_array_free (GArray *a)
{
  bf_css_tokens_free (a);
}

static BfCssTokenType
closing_of (BfCssTokenType open)
{
  switch (open)
    {
    case BF_CSS_OPEN_CURLY:
      return BF_CSS_CLOSE_CURLY;
    case BF_CSS_OPEN_SQUARE:
      return BF_CSS_CLOSE_SQUARE;
    default:
      return BF_CSS_CLOSE_PAREN; /* ( and functions */
    }
}

static gboolean
opens (BfCssTokenType type)
{
  return type == BF_CSS_OPEN_CURLY || type == BF_CSS_OPEN_SQUARE || type == BF_CSS_OPEN_PAREN
         || type == BF_CSS_FUNCTION;
}

/* Consumes one component value (a block or function with all it holds),
 * appending its tokens to @out when not NULL.  Nesting is bounded by an
 * explicit stack, not recursion. */
static void
consume_component (Parser *p, GArray *out)
{
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (BfCssTokenType));
  do
    {
      const BfCssToken *t = next (p);
      if (t->type == BF_CSS_EOF)
        break;
      if (out)
        {
          BfCssToken copy = bf_css_token_copy (t);
          g_array_append_val (out, copy);
        }
      if (opens (t->type))
        {
          BfCssTokenType close = closing_of (t->type);
          g_array_append_val (stack, close);
        }
      else if (stack->len && t->type == g_array_index (stack, BfCssTokenType, stack->len - 1))
        g_array_set_size (stack, stack->len - 1);
    }
  while (stack->len > 0);
  g_array_unref (stack);
}

void
bf_css_declaration_free (BfCssDeclaration *d)
{
  if (!d)
    return;
  g_free (d->name);
  token_array_free (d->value);
  if (d->parsed && d->parsed_free)
    d->parsed_free (d->parsed);
  g_free (d);
}

void
bf_css_rule_free (BfCssRule *rule)
{
  if (!rule)
    return;
  g_free (rule->at_name);
  token_array_free (rule->prelude);
  g_ptr_array_unref (rule->declarations);
  g_ptr_array_unref (rule->rules);
  g_free (rule);
}

static BfCssRule *
rule_new (BfCssRuleType type, const BfCssToken *at)
{
  BfCssRule *rule = g_new0 (BfCssRule, 1);
  rule->type = type;
  rule->prelude = token_array_new ();
  rule->declarations = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_declaration_free);
  rule->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_rule_free);
  rule->line = at->line;
  rule->column = at->column;
  return rule;
}

/* Trims white space at both ends of @tokens. */
static void
trim (GArray *tokens)
{
  while (tokens->len && g_array_index (tokens, BfCssToken, tokens->len - 1).type == BF_CSS_WHITESPACE)
    {
      g_free (g_array_index (tokens, BfCssToken, tokens->len - 1).text);
      g_array_set_size (tokens, tokens->len - 1);
    }
  /* Removed at once: one at a time from the front would move the rest each
   * time (n² for white space and comments alternating n times). */
  guint leading = 0;
  while (leading < tokens->len
         && g_array_index (tokens, BfCssToken, leading).type == BF_CSS_WHITESPACE)
    g_free (g_array_index (tokens, BfCssToken, leading++).text);
  g_array_remove_range (tokens, 0, leading);
}

/* A declaration from its tokens (§5.4.6); NULL with a warning when it is
 * not one. */
static BfCssDeclaration *
make_declaration (Parser *p, GArray *tokens)
{
  const BfCssToken *name = &g_array_index (tokens, BfCssToken, 0);
  guint i = 1;
  while (i < tokens->len && g_array_index (tokens, BfCssToken, i).type == BF_CSS_WHITESPACE)
    i++;
  if (i >= tokens->len || g_array_index (tokens, BfCssToken, i).type != BF_CSS_COLON)
    {
      warn (p, name, "expected ':' after '%s'; declaration skipped", name->text);
      return NULL;
    }
  BfCssDeclaration *d = g_new0 (BfCssDeclaration, 1);
  gboolean custom = g_str_has_prefix (name->text, "--");
  d->name = custom ? g_strdup (name->text) : g_ascii_strdown (name->text, -1);
  d->line = name->line;
  d->column = name->column;
  d->value = token_array_new ();
  for (i++; i < tokens->len; i++)
    {
      BfCssToken copy = bf_css_token_copy (&g_array_index (tokens, BfCssToken, i));
      g_array_append_val (d->value, copy);
    }
  trim (d->value);
  /* "! important" at the end. */
  guint n = d->value->len;
  if (n >= 2)
    {
      BfCssToken *last = &g_array_index (d->value, BfCssToken, n - 1);
      guint j = n - 2;
      while (j > 0 && g_array_index (d->value, BfCssToken, j).type == BF_CSS_WHITESPACE)
        j--;
      BfCssToken *bang = &g_array_index (d->value, BfCssToken, j);
      if (last->type == BF_CSS_IDENT && !g_ascii_strcasecmp (last->text, "important")
          && bang->type == BF_CSS_DELIM && !strcmp (bang->text, "!"))
        {
          d->important = TRUE;
          for (guint k = j; k < n; k++)
            g_free (g_array_index (d->value, BfCssToken, k).text);
          g_array_set_size (d->value, j);
          trim (d->value);
        }
    }
  d->has_var = bf_css_tokens_have_var (d->value);
  /* A custom property may be empty ("--x: ;"): var() then stands for
   * nothing (CSS Variables 1, §2). */
  if (d->value->len == 0 && !g_str_has_prefix (d->name, "--"))
    {
      warn (p, name, "'%s' has no value; declaration skipped", d->name);
      bf_css_declaration_free (d);
      return NULL;
    }
  return d;
}

/* Whether an at-rule's block holds rules (@media, @keyframes' frames…)
 * rather than declarations (@page, @font-face…). */
static gboolean
holds_rules (const char *at_name)
{
  static const char *const names[] = { "media", "supports", "layer", "container", "scope",
                                       "starting-style", "document", "-moz-document",
                                       "keyframes", "-webkit-keyframes", "-moz-keyframes" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (at_name, names[i]))
      return TRUE;
  return FALSE;
}

static BfCssRule *consume_at_rule (Parser *p, gboolean nested);

/* The contents of a {} block as declarations (and, for @page, nested
 * at-rules such as margin boxes), up to the block's close (§5.4.5). */
static void
consume_declarations (Parser *p, BfCssRule *rule, BfCssTokenType until)
{
  while (TRUE)
    {
      const BfCssToken *t = peek (p);
      if (t->type == BF_CSS_EOF || t->type == until)
        {
          next (p);
          return;
        }
      if (t->type == BF_CSS_WHITESPACE || t->type == BF_CSS_SEMICOLON)
        {
          next (p);
          continue;
        }
      if (t->type == BF_CSS_AT_KEYWORD)
        {
          BfCssRule *nested = consume_at_rule (p, TRUE);
          if (nested)
            g_ptr_array_add (rule->rules, nested);
          continue;
        }
      GArray *tokens = token_array_new ();
      gboolean is_ident = t->type == BF_CSS_IDENT;
      const BfCssToken start = *t;
      while (peek (p)->type != BF_CSS_SEMICOLON && peek (p)->type != BF_CSS_EOF
             && peek (p)->type != until)
        consume_component (p, tokens);
      if (!is_ident)
        warn (p, &start, "expected a property name; skipped to the next ';'");
      else
        {
          BfCssDeclaration *d = make_declaration (p, tokens);
          if (d)
            g_ptr_array_add (rule->declarations, d);
        }
      token_array_free (tokens);
    }
}

static void consume_rules (Parser *p, GPtrArray *rules, gboolean top, BfCssTokenType until);

static BfCssRule *
consume_at_rule (Parser *p, gboolean nested)
{
  const BfCssToken *at = next (p);
  BfCssRule *rule = rule_new (BF_CSS_RULE_AT, at);
  rule->at_name = g_ascii_strdown (at->text, -1);
  while (TRUE)
    {
      const BfCssToken *t = peek (p);
      if (t->type == BF_CSS_SEMICOLON)
        {
          next (p);
          break;
        }
      if (t->type == BF_CSS_EOF || (nested && t->type == BF_CSS_CLOSE_CURLY))
        break;
      if (t->type == BF_CSS_OPEN_CURLY && p->depth >= MAX_AT_RULE_DEPTH)
        {
          warn (p, at, "@%s nested more than %d deep; its block skipped", rule->at_name,
                MAX_AT_RULE_DEPTH);
          consume_component (p, NULL); /* the whole block, without recursion */
          break;
        }
      if (t->type == BF_CSS_OPEN_CURLY)
        {
          next (p);
          p->depth++;
          rule->has_block = TRUE;
          /* Blocks of declarations; @media and the like hold rules. */
          if (holds_rules (rule->at_name))
            consume_rules (p, rule->rules, FALSE, BF_CSS_CLOSE_CURLY);
          else
            consume_declarations (p, rule, BF_CSS_CLOSE_CURLY);
          p->depth--;
          break;
        }
      consume_component (p, rule->prelude);
    }
  trim (rule->prelude);
  return rule;
}

static BfCssRule *
consume_qualified_rule (Parser *p, BfCssTokenType until)
{
  const BfCssToken *first = peek (p);
  BfCssRule *rule = rule_new (BF_CSS_RULE_STYLE, first);
  while (TRUE)
    {
      const BfCssToken *t = peek (p);
      if (t->type == BF_CSS_EOF || (until != BF_CSS_EOF && t->type == until))
        {
          warn (p, first, "a rule without a {} block; skipped");
          bf_css_rule_free (rule);
          return NULL;
        }
      if (t->type == BF_CSS_OPEN_CURLY)
        {
          next (p);
          consume_declarations (p, rule, BF_CSS_CLOSE_CURLY);
          break;
        }
      consume_component (p, rule->prelude);
    }
  trim (rule->prelude);
  return rule;
}

static void
consume_rules (Parser *p, GPtrArray *rules, gboolean top, BfCssTokenType until)
{
  while (TRUE)
    {
      const BfCssToken *t = peek (p);
      if (t->type == BF_CSS_EOF)
        return;
      if (t->type == until)
        {
          next (p);
          return;
        }
      if (t->type == BF_CSS_WHITESPACE || (top && (t->type == BF_CSS_CDO || t->type == BF_CSS_CDC)))
        {
          next (p);
          continue;
        }
      BfCssRule *rule = t->type == BF_CSS_AT_KEYWORD ? consume_at_rule (p, FALSE)
                                                     : consume_qualified_rule (p, until);
      if (rule)
        g_ptr_array_add (rules, rule);
    }
}

BfCssStylesheet *
bf_css_stylesheet_parse (const char *text, gssize length, const char *name)
{
  return bf_css_stylesheet_parse_at (text, length, name, 1, 1);
}

BfCssStylesheet *
bf_css_stylesheet_parse_at (const char *text, gssize length, const char *name, int first_line,
                            int first_column)
{
  BfCssStylesheet *sheet = g_new0 (BfCssStylesheet, 1);
  sheet->name = g_strdup (name ? name : "<style>");
  sheet->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_rule_free);
  sheet->warnings = g_ptr_array_new_with_free_func (g_free);
  Parser p = { bf_css_tokenize_at (text, length, first_line, first_column), 0, sheet->name,
               sheet->warnings, 0 };
  consume_rules (&p, sheet->rules, TRUE, BF_CSS_EOF);
  bf_css_tokens_free (p.tokens);
  return sheet;
}

GPtrArray *
bf_css_declarations_parse (const char *text, const char *name, GPtrArray *warnings)
{
  Parser p = { bf_css_tokenize (text, -1), 0, name ? name : "style", warnings, 0 };
  const BfCssToken at = *peek (&p);
  BfCssRule *holder = rule_new (BF_CSS_RULE_STYLE, &at);
  consume_declarations (&p, holder, BF_CSS_EOF);
  GPtrArray *declarations = g_ptr_array_ref (holder->declarations);
  bf_css_rule_free (holder);
  bf_css_tokens_free (p.tokens);
  return declarations;
}

void
bf_css_stylesheet_free (BfCssStylesheet *sheet)
{
  if (!sheet)
    return;
  g_free (sheet->name);
  g_ptr_array_unref (sheet->rules);
  g_ptr_array_unref (sheet->warnings);
  g_free (sheet);
}
