/* media.c — media queries (Media Queries Level 4): whether an @media
 * rule, or the media attribute of a <style> or <link>, applies to what is
 * being made.
 *
 * The PDF is print: its width and height are those of the page box (the
 * paper given with --paper, or A5), whatever an @page rule's size says, as
 * Gecko, Prince and PDFreactor evaluate print media queries (the sheets'
 * own size cannot decide which sheets apply); its resolution is 300 dpi,
 * in colour (8 bits), with no pointer, no hover, no scripting, paged, light
 * and with no preference for motion, contrast or transparency.  The EPUB is
 * a screen whose features only the reading system knows: every feature
 * there is unknown, and the rules that ask for one are kept for the
 * reader to decide.
 *
 * Results are three-valued as the specification says: a feature bifolio
 * does not know, or a value of the wrong type, is unknown, "not unknown"
 * is unknown, and a query that ends unknown does not apply; a query that
 * does not parse is "not all" (false), the others of its list still
 * count. */
#include "style/condition.h"

#include <math.h>
#include <string.h>

/* The print medium's resolution, in dots per CSS px (300 dpi). */
#define PRINT_DPPX (300.0 / 96.0)

/* What relative lengths in a query are of: the initial font size
 * (medium, 16 px), in points. */
#define INITIAL_EM 12.0

const BfMedium bf_medium_print_a5 = { FALSE, 148 * 72 / 25.4, 210 * 72 / 25.4 };
const BfMedium bf_medium_screen = { TRUE, 0, 0 };

/* A query being read: its condition's tokens, and the medium. */
typedef BfCondition Query;

static const BfMedium *
medium_of (const Query *q)
{
  return q->data;
}

static const BfCssToken *
token_at (const Query *q, guint i)
{
  return bf_condition_token (q, i);
}

static BfMediaMatch
match_of (gboolean holds)
{
  return holds ? BF_MEDIA_TRUE : BF_MEDIA_FALSE;
}

/* ------------------------------------------------------------- features */

typedef enum {
  FEATURE_LENGTH,             /* range: a length, in points */
  FEATURE_RATIO,              /* range: width / height */
  FEATURE_RESOLUTION,         /* range: dots per px */
  FEATURE_INTEGER,            /* range: an integer (grid is one, discrete) */
  FEATURE_KEYWORD             /* discrete: one of some words */
} FeatureType;

/* A media feature and the value print gives it. */
typedef struct {
  const char *name;
  FeatureType type;
  gboolean range;             /* takes min- and max- and comparisons */
  const char *keyword;        /* FEATURE_KEYWORD: print's value */
  const char *false_keyword;  /* the value that is false in a boolean context, if any */
  const char *values[5];      /* FEATURE_KEYWORD: the words it may take (others
                                 are invalid values: unknown, not false) */
} Feature;

static const Feature features[] = {
  { "width", FEATURE_LENGTH, TRUE },
  { "height", FEATURE_LENGTH, TRUE },
  { "device-width", FEATURE_LENGTH, TRUE },
  { "device-height", FEATURE_LENGTH, TRUE },
  { "aspect-ratio", FEATURE_RATIO, TRUE },
  { "device-aspect-ratio", FEATURE_RATIO, TRUE },
  { "resolution", FEATURE_RESOLUTION, TRUE },
  { "color", FEATURE_INTEGER, TRUE },
  { "color-index", FEATURE_INTEGER, TRUE },
  { "monochrome", FEATURE_INTEGER, TRUE },
  { "grid", FEATURE_INTEGER, FALSE },
  /* orientation: from the page */
  { "orientation", FEATURE_KEYWORD, FALSE, NULL, NULL, { "portrait", "landscape" } },
  /* scan: not a television, so no value matches */
  { "scan", FEATURE_KEYWORD, FALSE, "", NULL, { "interlace", "progressive" } },
  { "update", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "slow", "fast" } },
  { "overflow-block", FEATURE_KEYWORD, FALSE, "paged", "none", { "none", "scroll", "paged" } },
  { "overflow-inline", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "scroll" } },
  { "hover", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "hover" } },
  { "any-hover", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "hover" } },
  { "pointer", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "coarse", "fine" } },
  { "any-pointer", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "coarse", "fine" } },
  { "color-gamut", FEATURE_KEYWORD, FALSE, "srgb", NULL, { "srgb", "p3", "rec2020" } },
  { "dynamic-range", FEATURE_KEYWORD, FALSE, "standard", NULL, { "standard", "high" } },
  { "video-dynamic-range", FEATURE_KEYWORD, FALSE, "standard", NULL, { "standard", "high" } },
  { "prefers-color-scheme", FEATURE_KEYWORD, FALSE, "light", NULL, { "light", "dark" } },
  { "prefers-reduced-motion", FEATURE_KEYWORD, FALSE, "no-preference", "no-preference",
    { "no-preference", "reduce" } },
  { "prefers-reduced-transparency", FEATURE_KEYWORD, FALSE, "no-preference", "no-preference",
    { "no-preference", "reduce" } },
  { "prefers-reduced-data", FEATURE_KEYWORD, FALSE, "no-preference", "no-preference",
    { "no-preference", "reduce" } },
  { "prefers-contrast", FEATURE_KEYWORD, FALSE, "no-preference", "no-preference",
    { "no-preference", "less", "more", "custom" } },
  { "forced-colors", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "active" } },
  { "inverted-colors", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "inverted" } },
  { "scripting", FEATURE_KEYWORD, FALSE, "none", "none", { "none", "initial-only", "enabled" } },
};

static const Feature *
find_feature (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (features); i++)
    if (!g_ascii_strcasecmp (name, features[i].name))
      return &features[i];
  return NULL;
}

static gboolean
is_keyword_value (const Feature *f, const char *word)
{
  for (gsize k = 0; k < G_N_ELEMENTS (f->values) && f->values[k]; k++)
    if (!g_ascii_strcasecmp (word, f->values[k]))
      return TRUE;
  return FALSE;
}

/* The print medium's number for a range feature (lengths in points). */
static double
print_number (const Feature *f, const BfMedium *m)
{
  const char *n = f->name;
  if (g_str_has_suffix (n, "width"))
    return m->width;
  if (g_str_has_suffix (n, "height"))
    return m->height;
  if (f->type == FEATURE_RATIO)
    return m->height > 0 ? m->width / m->height : 0;
  if (f->type == FEATURE_RESOLUTION)
    return PRINT_DPPX;
  if (!strcmp (n, "color"))
    return 8;
  return 0; /* color-index, monochrome, grid */
}

/* A value of @f's type from the tokens @from to @to (white space aside);
 * FALSE when they are not one. */
static gboolean
read_value (const Query *q, const Feature *f, guint from, guint to, double *out)
{
  while (from < to && token_at (q, from)->type == BF_CSS_WHITESPACE)
    from++;
  while (to > from && token_at (q, to - 1)->type == BF_CSS_WHITESPACE)
    to--;
  if (from >= to)
    return FALSE;
  const BfCssToken *t = token_at (q, from);
  switch (f->type)
    {
    case FEATURE_LENGTH:
      if (to - from != 1)
        return FALSE;
      if (t->type == BF_CSS_DIMENSION && !g_ascii_strcasecmp (t->text, "rem"))
        return *out = t->number * INITIAL_EM, TRUE;
      if (t->type == BF_CSS_DIMENSION && !g_ascii_strcasecmp (t->text, "ch"))
        return *out = t->number * INITIAL_EM / 2, TRUE;
      if (t->type == BF_CSS_DIMENSION && !g_ascii_strcasecmp (t->text, "vw"))
        return *out = t->number * medium_of (q)->width / 100, TRUE;
      if (t->type == BF_CSS_DIMENSION && !g_ascii_strcasecmp (t->text, "vh"))
        return *out = t->number * medium_of (q)->height / 100, TRUE;
      return bf_css_length (t, INITIAL_EM, -1, out);
    case FEATURE_RATIO:
      {
        /* <number> or <number> / <number> */
        if (t->type != BF_CSS_NUMBER || t->number < 0)
          return FALSE;
        double a = t->number, b = 1;
        guint i = from + 1;
        while (i < to && token_at (q, i)->type == BF_CSS_WHITESPACE)
          i++;
        if (i < to)
          {
            const BfCssToken *slash = token_at (q, i++);
            if (slash->type != BF_CSS_DELIM || strcmp (slash->text, "/"))
              return FALSE;
            while (i < to && token_at (q, i)->type == BF_CSS_WHITESPACE)
              i++;
            if (i + 1 != to || token_at (q, i)->type != BF_CSS_NUMBER || token_at (q, i)->number < 0)
              return FALSE;
            b = token_at (q, i)->number;
          }
        /* A ratio with a zero is degenerate: it is infinite, or 0/0 is
         * nothing anything equals. */
        if (b == 0)
          return a == 0 ? FALSE : (*out = INFINITY, TRUE);
        return *out = a / b, TRUE;
      }
    case FEATURE_RESOLUTION:
      if (to - from != 1 || t->type != BF_CSS_DIMENSION || t->number < 0)
        return FALSE;
      if (!g_ascii_strcasecmp (t->text, "dppx") || !g_ascii_strcasecmp (t->text, "x"))
        return *out = t->number, TRUE;
      if (!g_ascii_strcasecmp (t->text, "dpi"))
        return *out = t->number / 96, TRUE;
      if (!g_ascii_strcasecmp (t->text, "dpcm"))
        return *out = t->number * 2.54 / 96, TRUE;
      return FALSE;
    case FEATURE_INTEGER:
      if (to - from != 1 || t->type != BF_CSS_NUMBER || !t->is_integer || t->number < 0)
        return FALSE;
      return *out = t->number, TRUE;
    case FEATURE_KEYWORD:
      return FALSE;
    }
  return FALSE;
}

/* The comparison @op (one of < <= > >= =) of @f's value @a with @b.
 * Lengths are compared to a hundredth of a point (a paper size written in
 * millimetres is not a whole number of points), other values exactly but
 * for rounding. */
static gboolean
compare (const Feature *f, const char *op, double a, double b)
{
  double eps = f->type == FEATURE_LENGTH ? 0.005 : 1e-9 * MAX (fabs (a), 1);
  if (!strcmp (op, "="))
    return fabs (a - b) <= eps;
  if (!strcmp (op, "<"))
    return a < b - eps;
  if (!strcmp (op, "<="))
    return a <= b + eps;
  if (!strcmp (op, ">"))
    return a > b + eps;
  return a >= b - eps; /* ">=" */
}

/* A comparison operator at token @i (one of < <= > >= =); its length in
 * tokens, or 0. */
static guint
read_operator (const Query *q, guint i, guint end, char op[3])
{
  if (i >= end)
    return 0;
  const BfCssToken *t = token_at (q, i);
  if (t->type != BF_CSS_DELIM || (strcmp (t->text, "<") && strcmp (t->text, ">")
                                  && strcmp (t->text, "=")))
    return 0;
  op[0] = t->text[0];
  op[1] = op[2] = 0;
  if (op[0] != '=' && i + 1 < end && token_at (q, i + 1)->type == BF_CSS_DELIM
      && !strcmp (token_at (q, i + 1)->text, "="))
    {
      op[1] = '=';
      return 2;
    }
  return 1;
}

/* "(name)": a feature in a boolean context. */
static BfMediaMatch
feature_boolean (const Query *q, const Feature *f)
{
  if (medium_of (q)->screen)
    return BF_MEDIA_UNKNOWN;
  if (f->type != FEATURE_KEYWORD)
    return match_of (print_number (f, medium_of (q)) != 0);
  if (!strcmp (f->name, "orientation"))
    return BF_MEDIA_TRUE;
  if (!*f->keyword)
    return BF_MEDIA_FALSE; /* scan: no value at all */
  return match_of (!f->false_keyword || strcmp (f->keyword, f->false_keyword));
}

/* "(name: value)", with min- and max- for range features. */
static BfMediaMatch
feature_plain (const Query *q, const char *name, guint from, guint to)
{
  const char *op = "=";
  if (!g_ascii_strncasecmp (name, "min-", 4))
    op = ">=", name += 4;
  else if (!g_ascii_strncasecmp (name, "max-", 4))
    op = "<=", name += 4;
  const Feature *f = find_feature (name);
  if (!f || (strcmp (op, "=") && !f->range))
    return BF_MEDIA_UNKNOWN;
  if (f->type == FEATURE_KEYWORD)
    {
      while (from < to && token_at (q, from)->type == BF_CSS_WHITESPACE)
        from++;
      while (to > from && token_at (q, to - 1)->type == BF_CSS_WHITESPACE)
        to--;
      const BfCssToken *t = from + 1 == to ? token_at (q, from) : NULL;
      if (!t || t->type != BF_CSS_IDENT || !is_keyword_value (f, t->text))
        return BF_MEDIA_UNKNOWN;
      if (medium_of (q)->screen)
        return BF_MEDIA_UNKNOWN;
      const char *value = f->keyword;
      if (!strcmp (f->name, "orientation"))
        value = medium_of (q)->height >= medium_of (q)->width ? "portrait" : "landscape";
      return match_of (!g_ascii_strcasecmp (t->text, value));
    }
  double v;
  if (!read_value (q, f, from, to, &v))
    return BF_MEDIA_UNKNOWN;
  if (medium_of (q)->screen)
    return BF_MEDIA_UNKNOWN;
  return match_of (compare (f, op, print_number (f, medium_of (q)), v));
}

/* The reverse of comparison @op, for "value op name". */
static const char *
flipped (const char *op)
{
  return !strcmp (op, "<")    ? ">"
         : !strcmp (op, "<=") ? ">="
         : !strcmp (op, ">")  ? "<"
         : !strcmp (op, ">=") ? "<="
                              : "=";
}

/* "(name op value)", "(value op name)" or "(value op name op value)",
 * between @from and @to (inside the parentheses). */
static BfMediaMatch
feature_range (const Query *q, guint from, guint to)
{
  /* The operators and the feature's name, at the top level. */
  guint ops[2], op_len[2], n_ops = 0;
  char op_text[2][3];
  for (guint i = from; i < to; i++)
    {
      char op[3];
      guint len = read_operator (q, i, to, op);
      if (!len)
        continue;
      if (n_ops == 2)
        return BF_MEDIA_UNKNOWN;
      ops[n_ops] = i;
      op_len[n_ops] = len;
      memcpy (op_text[n_ops], op, 3);
      n_ops++;
      i += len - 1;
    }
  if (!n_ops)
    return BF_MEDIA_UNKNOWN;
  /* Which side holds the name: the one that is one identifier. */
  guint name_from = from, name_to = ops[0];
  if (n_ops == 2)
    name_from = ops[0] + op_len[0], name_to = ops[1];
  guint a = name_from, b = name_to;
  while (a < b && token_at (q, a)->type == BF_CSS_WHITESPACE)
    a++;
  while (b > a && token_at (q, b - 1)->type == BF_CSS_WHITESPACE)
    b--;
  gboolean name_first = n_ops == 1 && b == a + 1 && token_at (q, a)->type == BF_CSS_IDENT
                        && find_feature (token_at (q, a)->text);
  if (n_ops == 1 && !name_first)
    {
      /* "value op name" */
      a = ops[0] + op_len[0], b = to;
      while (a < b && token_at (q, a)->type == BF_CSS_WHITESPACE)
        a++;
      while (b > a && token_at (q, b - 1)->type == BF_CSS_WHITESPACE)
        b--;
    }
  if (b != a + 1 || token_at (q, a)->type != BF_CSS_IDENT)
    return BF_MEDIA_UNKNOWN;
  const Feature *f = find_feature (token_at (q, a)->text);
  if (!f || !f->range)
    return BF_MEDIA_UNKNOWN;
  BfMediaMatch result = BF_MEDIA_TRUE;
  double actual = print_number (f, medium_of (q));
  if (n_ops == 1 && name_first)
    {
      double v;
      if (!read_value (q, f, ops[0] + op_len[0], to, &v))
        return BF_MEDIA_UNKNOWN;
      result = match_of (compare (f, op_text[0], actual, v));
    }
  else if (n_ops == 1)
    {
      double v;
      if (!read_value (q, f, from, ops[0], &v))
        return BF_MEDIA_UNKNOWN;
      result = match_of (compare (f, flipped (op_text[0]), actual, v));
    }
  else
    {
      /* Both operators point the same way: "a < name <= b". */
      gboolean less = op_text[0][0] == '<' && op_text[1][0] == '<';
      gboolean more = op_text[0][0] == '>' && op_text[1][0] == '>';
      double lo, hi;
      if ((!less && !more) || !read_value (q, f, from, ops[0], &lo)
          || !read_value (q, f, ops[1] + op_len[1], to, &hi))
        return BF_MEDIA_UNKNOWN;
      result = bf_match_and (match_of (compare (f, flipped (op_text[0]), actual, lo)),
                          match_of (compare (f, op_text[1], actual, hi)));
    }
  return medium_of (q)->screen ? BF_MEDIA_UNKNOWN : result;
}

/* The inside of "( … )" that is a feature, between @from and @to. */
static BfMediaMatch
feature_in_parens (const Query *q, guint from, guint to)
{
  guint a = from, b = to;
  while (a < b && token_at (q, a)->type == BF_CSS_WHITESPACE)
    a++;
  while (b > a && token_at (q, b - 1)->type == BF_CSS_WHITESPACE)
    b--;
  if (a == b)
    return BF_MEDIA_UNKNOWN;
  const BfCssToken *first = token_at (q, a);
  if (b == a + 1 && first->type == BF_CSS_IDENT)
    {
      const Feature *f = find_feature (first->text);
      return f ? feature_boolean (q, f) : BF_MEDIA_UNKNOWN;
    }
  guint colon = a + 1;
  while (colon < b && token_at (q, colon)->type == BF_CSS_WHITESPACE)
    colon++;
  if (first->type == BF_CSS_IDENT && colon < b && token_at (q, colon)->type == BF_CSS_COLON)
    return feature_plain (q, first->text, colon + 1, b);
  return feature_range (q, a, b);
}

/* <media-in-parens>: a condition or a feature in parentheses, or anything
 * else enclosed (unknown). */
static BfMediaMatch
media_in_parens (BfCondition *q, const BfCssToken *opener, guint open, guint close)
{
  if (opener->type == BF_CSS_FUNCTION)
    return BF_MEDIA_UNKNOWN;
  /* A condition in parentheses starts with "not" or "(". */
  guint k = open;
  while (k < close && token_at (q, k)->type == BF_CSS_WHITESPACE)
    k++;
  const BfCssToken *first = k < close ? token_at (q, k) : NULL;
  gboolean condition = first && (first->type == BF_CSS_OPEN_PAREN || first->type == BF_CSS_FUNCTION
                                 || (first->type == BF_CSS_IDENT
                                     && !g_ascii_strcasecmp (first->text, "not")));
  if (!condition)
    return feature_in_parens (q, open, close);
  gboolean valid;
  BfMediaMatch m = bf_condition_read_nested (q, open, close, &valid);
  return valid ? m : BF_MEDIA_UNKNOWN;
}

/* Whether media type @type is the medium's; FALSE with !*@valid for the
 * words that cannot be types. */
static gboolean
type_matches (const char *type, const BfMedium *medium, gboolean *valid)
{
  static const char *const reserved[] = { "only", "not", "and", "or", "layer" };
  for (gsize i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (!g_ascii_strcasecmp (type, reserved[i]))
      return *valid = FALSE;
  /* Every other word is a type: the retired ones (tv, handheld, speech…)
   * and unknown ones match nothing. */
  return !g_ascii_strcasecmp (type, "all")
         || !g_ascii_strcasecmp (type, medium->screen ? "screen" : "print");
}

/* One <media-query>. */
static BfMediaMatch
read_query (Query *q)
{
  bf_condition_skip_whitespace (q);
  const BfCssToken *t = q->i < q->end ? token_at (q, q->i) : NULL;
  if (t && t->type != BF_CSS_IDENT)
    return bf_condition_read (q, TRUE);
  if (t && !g_ascii_strcasecmp (t->text, "not"))
    {
      /* "not (condition)" or "not type …" */
      guint after = q->i + 1;
      while (after < q->end && token_at (q, after)->type == BF_CSS_WHITESPACE)
        after++;
      if (after < q->end && token_at (q, after)->type != BF_CSS_IDENT)
        return bf_condition_read (q, TRUE);
    }
  gboolean negate = FALSE;
  if (bf_condition_is_word (q, "not") || bf_condition_is_word (q, "only"))
    {
      negate = bf_condition_is_word (q, "not");
      q->i++;
      bf_condition_skip_whitespace (q);
    }
  t = q->i < q->end ? token_at (q, q->i) : NULL;
  if (!t || t->type != BF_CSS_IDENT)
    {
      q->valid = FALSE;
      return BF_MEDIA_FALSE;
    }
  BfMediaMatch m = match_of (type_matches (t->text, medium_of (q), &q->valid));
  q->i++;
  bf_condition_skip_whitespace (q);
  if (bf_condition_is_word (q, "and"))
    {
      q->i++;
      m = bf_match_and (m, bf_condition_read (q, FALSE));
    }
  return negate ? bf_match_not (m) : m;
}

BfMediaMatch
bf_media_query_list_match (GArray *tokens, const BfMedium *medium)
{
  g_return_val_if_fail (tokens && medium, BF_MEDIA_FALSE);
  guint end = tokens->len;
  while (end > 0 && g_array_index (tokens, BfCssToken, end - 1).type == BF_CSS_EOF)
    end--;
  BfMediaMatch result = BF_MEDIA_FALSE;
  gboolean any = FALSE;
  guint i = 0;
  while (i <= end)
    {
      /* The query up to the next comma outside parentheses. */
      guint stop = i;
      int depth = 0;
      while (stop < end)
        {
          BfCssTokenType type = g_array_index (tokens, BfCssToken, stop).type;
          if (type == BF_CSS_OPEN_PAREN || type == BF_CSS_FUNCTION || type == BF_CSS_OPEN_SQUARE
              || type == BF_CSS_OPEN_CURLY)
            depth++;
          else if ((type == BF_CSS_CLOSE_PAREN || type == BF_CSS_CLOSE_SQUARE
                    || type == BF_CSS_CLOSE_CURLY) && depth > 0)
            depth--;
          else if (type == BF_CSS_COMMA && depth == 0)
            break;
          stop++;
        }
      Query q;
      bf_condition_init (&q, tokens, i, stop, media_in_parens, medium);
      bf_condition_skip_whitespace (&q);
      gboolean blank = q.i == stop;
      if (!blank || stop < end || any)
        {
          /* An empty query in a list is "not all". */
          BfMediaMatch m = blank ? BF_MEDIA_FALSE : read_query (&q);
          bf_condition_skip_whitespace (&q);
          if (!q.valid || q.i != q.end)
            m = BF_MEDIA_FALSE;
          result = bf_match_or (result, m);
          any = TRUE;
        }
      i = stop + 1;
    }
  /* An empty list matches every medium. */
  return any ? result : BF_MEDIA_TRUE;
}

BfMediaMatch
bf_media_attribute_match (const char *media, const BfMedium *medium)
{
  if (!media)
    return BF_MEDIA_TRUE;
  GArray *tokens = bf_css_tokenize (media, -1);
  BfMediaMatch m = bf_media_query_list_match (tokens, medium);
  bf_css_tokens_free (tokens);
  return m;
}

char *
bf_media_attribute_serialize (const char *media)
{
  GArray *tokens = bf_css_tokenize (media ? media : "", -1);
  GString *out = NULL;
  for (guint i = 0; i < tokens->len; i++)
    switch (g_array_index (tokens, BfCssToken, i).type)
      {
      case BF_CSS_OPEN_CURLY:
      case BF_CSS_CLOSE_CURLY:
      case BF_CSS_SEMICOLON:
      case BF_CSS_BAD_STRING:
      case BF_CSS_BAD_URL:
      case BF_CSS_CDO:
      case BF_CSS_CDC:
        bf_css_tokens_free (tokens);
        return NULL;
      default:
        break;
      }
  g_array_set_size (tokens, tokens->len - 1); /* the EOF */
  out = g_string_new (NULL);
  bf_css_tokens_append (out, tokens);
  bf_css_tokens_free (tokens);
  return g_string_free (out, FALSE);
}
