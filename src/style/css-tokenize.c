/* css-tokenize.c — the CSS tokenizer of CSS Syntax Level 3, §4
 * (https://www.w3.org/TR/css-syntax-3/#tokenization), over code points
 * after the spec's preprocessing (§3.3), keeping each token's line and
 * column for messages. */
#include "style/css.h"

#include <string.h>

typedef struct {
  gunichar *cp;      /* preprocessed code points, then a 0 sentinel (EOF) */
  int *line, *col;
  int n, pos;
} Input;

static gunichar
at (const Input *in, int offset)
{
  int i = in->pos + offset;
  return i < in->n ? in->cp[i] : 0;
}

static gboolean
is_name_start (gunichar c)
{
  return g_ascii_isalpha (c) || c == '_' || c >= 0x80;
}

static gboolean
is_name (gunichar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '-';
}

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

static gboolean
valid_escape (gunichar a, gunichar b)
{
  return a == '\\' && b != '\n';
}

static gboolean
starts_ident (gunichar a, gunichar b, gunichar c)
{
  if (a == '-')
    return is_name_start (b) || b == '-' || valid_escape (b, c);
  if (is_name_start (a))
    return TRUE;
  return valid_escape (a, b);
}

static gboolean
starts_number (gunichar a, gunichar b, gunichar c)
{
  if (a == '+' || a == '-')
    return g_ascii_isdigit (b) || (b == '.' && g_ascii_isdigit (c));
  if (a == '.')
    return g_ascii_isdigit (b);
  return g_ascii_isdigit (a);
}

static gboolean
at_end (const Input *in)
{
  return in->pos >= in->n;
}

/* Consumes an escape (the backslash already consumed), §4.3.7. */
static gunichar
consume_escape (Input *in)
{
  if (at_end (in))
    return 0xFFFD;
  gunichar c = in->cp[in->pos++];
  if (!g_ascii_isxdigit (c))
    return c;
  guint32 value = g_ascii_xdigit_value (c);
  for (int i = 1; i < 6 && g_ascii_isxdigit (at (in, 0)); i++)
    value = value * 16 + g_ascii_xdigit_value (in->cp[in->pos++]);
  if (is_space (at (in, 0)))
    in->pos++;
  if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
    return 0xFFFD;
  return value;
}

static char *
consume_name (Input *in)
{
  GString *s = g_string_new (NULL);
  while (!at_end (in))
    {
      gunichar c = at (in, 0);
      if (is_name (c))
        {
          g_string_append_unichar (s, c);
          in->pos++;
        }
      else if (valid_escape (c, at (in, 1)))
        {
          in->pos++;
          g_string_append_unichar (s, consume_escape (in));
        }
      else
        break;
    }
  return g_string_free (s, FALSE);
}

static void
consume_number (Input *in, BfCssToken *t)
{
  GString *s = g_string_new (NULL);
  t->is_integer = TRUE;
  t->has_sign = at (in, 0) == '+' || at (in, 0) == '-';
  if (t->has_sign)
    g_string_append_c (s, (char) in->cp[in->pos++]);
  while (g_ascii_isdigit (at (in, 0)))
    g_string_append_c (s, (char) in->cp[in->pos++]);
  if (at (in, 0) == '.' && g_ascii_isdigit (at (in, 1)))
    {
      t->is_integer = FALSE;
      g_string_append_c (s, (char) in->cp[in->pos++]);
      while (g_ascii_isdigit (at (in, 0)))
        g_string_append_c (s, (char) in->cp[in->pos++]);
    }
  gunichar e = at (in, 0), e1 = at (in, 1), e2 = at (in, 2);
  if ((e == 'e' || e == 'E')
      && (g_ascii_isdigit (e1) || ((e1 == '+' || e1 == '-') && g_ascii_isdigit (e2))))
    {
      t->is_integer = FALSE;
      g_string_append_c (s, (char) in->cp[in->pos++]);
      g_string_append_c (s, (char) in->cp[in->pos++]);
      while (g_ascii_isdigit (at (in, 0)))
        g_string_append_c (s, (char) in->cp[in->pos++]);
    }
  t->number = g_ascii_strtod (s->str, NULL);
  g_string_free (s, TRUE);
}

static void
consume_numeric (Input *in, BfCssToken *t)
{
  consume_number (in, t);
  if (starts_ident (at (in, 0), at (in, 1), at (in, 2)))
    {
      t->type = BF_CSS_DIMENSION;
      t->text = consume_name (in);
    }
  else if (at (in, 0) == '%')
    {
      in->pos++;
      t->type = BF_CSS_PERCENTAGE;
    }
  else
    t->type = BF_CSS_NUMBER;
}

/* The rest of a bad url, §4.3.14. */
static void
consume_bad_url (Input *in)
{
  while (!at_end (in))
    {
      gunichar c = in->cp[in->pos++];
      if (c == ')')
        return;
      if (valid_escape (c, at (in, 0)))
        consume_escape (in);
    }
}

static void
consume_url (Input *in, BfCssToken *t)
{
  GString *s = g_string_new (NULL);
  while (is_space (at (in, 0)))
    in->pos++;
  t->type = BF_CSS_URL;
  while (TRUE)
    {
      if (at_end (in))
        break;
      gunichar c = in->cp[in->pos++];
      if (c == ')')
        break;
      if (is_space (c))
        {
          while (is_space (at (in, 0)))
            in->pos++;
          if (at (in, 0) == ')' || at_end (in))
            {
              if (!at_end (in))
                in->pos++;
              break;
            }
          consume_bad_url (in);
          t->type = BF_CSS_BAD_URL;
          break;
        }
      if (c == '"' || c == '\'' || c == '(' || c < 0x20 || c == 0x7F)
        {
          consume_bad_url (in);
          t->type = BF_CSS_BAD_URL;
          break;
        }
      if (c == '\\')
        {
          if (valid_escape (c, at (in, 0)))
            g_string_append_unichar (s, consume_escape (in));
          else
            {
              consume_bad_url (in);
              t->type = BF_CSS_BAD_URL;
              break;
            }
          continue;
        }
      g_string_append_unichar (s, c);
    }
  /* A bad url has no value. */
  t->text = g_string_free (s, t->type == BF_CSS_BAD_URL);
}

static void
consume_ident_like (Input *in, BfCssToken *t)
{
  char *name = consume_name (in);
  if (!g_ascii_strcasecmp (name, "url") && at (in, 0) == '(')
    {
      in->pos++;
      while (is_space (at (in, 0)) && is_space (at (in, 1)))
        in->pos++;
      gunichar next = is_space (at (in, 0)) ? at (in, 1) : at (in, 0);
      if (next == '"' || next == '\'')
        {
          t->type = BF_CSS_FUNCTION;
          t->text = name;
          return;
        }
      g_free (name);
      consume_url (in, t);
      return;
    }
  t->text = name;
  if (at (in, 0) == '(')
    {
      in->pos++;
      t->type = BF_CSS_FUNCTION;
    }
  else
    t->type = BF_CSS_IDENT;
}

static void
consume_string (Input *in, BfCssToken *t, gunichar quote)
{
  GString *s = g_string_new (NULL);
  t->type = BF_CSS_STRING;
  while (!at_end (in))
    {
      gunichar c = in->cp[in->pos];
      if (c == quote)
        {
          in->pos++;
          break;
        }
      if (c == '\n')
        {
          t->type = BF_CSS_BAD_STRING; /* the newline is not consumed */
          break;
        }
      in->pos++;
      if (c == '\\')
        {
          if (at_end (in))
            continue;
          if (at (in, 0) == '\n')
            in->pos++;
          else
            g_string_append_unichar (s, consume_escape (in));
          continue;
        }
      g_string_append_unichar (s, c);
    }
  t->text = g_string_free (s, FALSE);
}

static void
consume_token (Input *in, BfCssToken *t)
{
  /* Comments first, §4.3.2. */
  while (at (in, 0) == '/' && at (in, 1) == '*')
    {
      in->pos += 2;
      while (!at_end (in) && !(at (in, 0) == '*' && at (in, 1) == '/'))
        in->pos++;
      in->pos = MIN (in->pos + 2, in->n);
    }
  memset (t, 0, sizeof *t);
  int start = MIN (in->pos, in->n);
  t->line = in->line[start];
  t->column = in->col[start];
  if (at_end (in))
    {
      t->type = BF_CSS_EOF;
      return;
    }
  gunichar c = in->cp[in->pos];
  if (is_space (c))
    {
      while (is_space (at (in, 0)))
        in->pos++;
      t->type = BF_CSS_WHITESPACE;
      return;
    }
  if (c == '"' || c == '\'')
    {
      in->pos++;
      consume_string (in, t, c);
      return;
    }
  if (c == '#' && (is_name (at (in, 1)) || valid_escape (at (in, 1), at (in, 2))))
    {
      in->pos++;
      t->type = BF_CSS_HASH;
      t->is_id = starts_ident (at (in, 0), at (in, 1), at (in, 2));
      t->text = consume_name (in);
      return;
    }
  if ((c == '+' || c == '.' || c == '-') && starts_number (c, at (in, 1), at (in, 2)))
    {
      consume_numeric (in, t);
      return;
    }
  if (g_ascii_isdigit (c))
    {
      consume_numeric (in, t);
      return;
    }
  if (c == '-' && at (in, 1) == '-' && at (in, 2) == '>')
    {
      in->pos += 3;
      t->type = BF_CSS_CDC;
      return;
    }
  if (starts_ident (c, at (in, 1), at (in, 2)))
    {
      consume_ident_like (in, t);
      return;
    }
  if (c == '<' && at (in, 1) == '!' && at (in, 2) == '-' && at (in, 3) == '-')
    {
      in->pos += 4;
      t->type = BF_CSS_CDO;
      return;
    }
  if (c == '@' && starts_ident (at (in, 1), at (in, 2), at (in, 3)))
    {
      in->pos++;
      t->type = BF_CSS_AT_KEYWORD;
      t->text = consume_name (in);
      return;
    }
  static const struct {
    gunichar c;
    BfCssTokenType type;
  } punctuation[] = {
    { '(', BF_CSS_OPEN_PAREN }, { ')', BF_CSS_CLOSE_PAREN }, { '[', BF_CSS_OPEN_SQUARE },
    { ']', BF_CSS_CLOSE_SQUARE }, { '{', BF_CSS_OPEN_CURLY }, { '}', BF_CSS_CLOSE_CURLY },
    { ',', BF_CSS_COMMA }, { ':', BF_CSS_COLON }, { ';', BF_CSS_SEMICOLON },
  };
  in->pos++;
  for (gsize i = 0; i < G_N_ELEMENTS (punctuation); i++)
    if (c == punctuation[i].c)
      {
        t->type = punctuation[i].type;
        return;
      }
  t->type = BF_CSS_DELIM;
  t->text = g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
}

/* §3.3: CR LF, CR and FF become LF; NUL and surrogates become U+FFFD. */
static void
preprocess (const char *text, gssize length, int first_line, int first_column, Input *in)
{
  glong n = 0;
  const char *end = text + (length < 0 ? (gssize) strlen (text) : length);
  in->cp = g_new (gunichar, (end - text) + 1);
  in->line = g_new (int, (end - text) + 1);
  in->col = g_new (int, (end - text) + 1);
  int line = first_line, col = first_column;
  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;
          p++;
        }
      else
        p = g_utf8_next_char (p);
      if (c == '\r')
        {
          if (p < end && *p == '\n')
            p++;
          c = '\n';
        }
      else if (c == '\f')
        c = '\n';
      else if (c == 0)
        c = 0xFFFD;
      in->cp[n] = c;
      in->line[n] = line;
      in->col[n] = col;
      n++;
      if (c == '\n')
        line++, col = 1;
      else
        col++;
    }
  in->cp[n] = 0;
  in->line[n] = line;
  in->col[n] = col;
  in->n = n;
  in->pos = 0;
}

GArray *
bf_css_tokenize (const char *text, gssize length)
{
  return bf_css_tokenize_at (text, length, 1, 1);
}

GArray *
bf_css_tokenize_at (const char *text, gssize length, int first_line, int first_column)
{
  Input in;
  preprocess (text ? text : "", text ? length : 0, first_line, first_column, &in);
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  BfCssToken t;
  do
    {
      consume_token (&in, &t);
      g_array_append_val (tokens, t);
    }
  while (t.type != BF_CSS_EOF);
  g_free (in.cp);
  g_free (in.line);
  g_free (in.col);
  return tokens;
}

void
bf_css_tokens_free (GArray *tokens)
{
  if (!tokens)
    return;
  for (guint i = 0; i < tokens->len; i++)
    g_free (g_array_index (tokens, BfCssToken, i).text);
  g_array_unref (tokens);
}
