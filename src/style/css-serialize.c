/* css-serialize.c — a parsed stylesheet written back as CSS, less what a
 * given consumer must not see: the EPUB's copy of a sheet drops @page,
 * @font-face (the EPUB declares its own) and the @media rules no screen
 * matches (those for print), the
 * direction and unicode-bidi properties, which EPUB style sheets may not
 * use (direction comes from dir attributes there), and bifolio's own -bf-
 * properties, which reading systems do not know (the EPUB's text carries
 * what they do, as -bf-digits' converted digits), and empty custom
 * properties, which epubcheck does not read, its selectors written in
 * Selectors Level 3 (level3.c); and its font-family
 * lists (a font shorthand's too) name the fallback faces the EPUB
 * carries, before their generic family. */
#include "style/cascade.h"

#include <math.h>
#include <string.h>

void
bf_css_append_name (GString *out, const char *name)
{
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_ascii_isalnum (c) || c == '-' || c == '_' || c >= 0x80)
        g_string_append_unichar (out, c);
      else
        g_string_append_printf (out, "\\%x ", c);
    }
}

void
bf_css_append_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\a ");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A number whose + sign must be written back: "n+1" in An+B is the ident
 * "n" and the signed integer "+1", while "n 1" is no An+B at all. */
static gboolean
written_with_plus (const BfCssToken *t)
{
  return (t->type == BF_CSS_NUMBER || t->type == BF_CSS_PERCENTAGE || t->type == BF_CSS_DIMENSION)
         && t->has_sign && !signbit (t->number);
}

void
bf_css_tokens_append (GString *out, GArray *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      switch (t->type)
        {
        case BF_CSS_IDENT:
          bf_css_append_name (out, t->text);
          break;
        case BF_CSS_FUNCTION:
          bf_css_append_name (out, t->text);
          g_string_append_c (out, '(');
          break;
        case BF_CSS_AT_KEYWORD:
          g_string_append_c (out, '@');
          bf_css_append_name (out, t->text);
          break;
        case BF_CSS_HASH:
          g_string_append_c (out, '#');
          bf_css_append_name (out, t->text);
          break;
        case BF_CSS_STRING:
          bf_css_append_string (out, t->text);
          break;
        case BF_CSS_URL:
          g_string_append (out, "url(");
          bf_css_append_string (out, t->text);
          g_string_append_c (out, ')');
          break;
        case BF_CSS_DELIM:
          g_string_append (out, t->text);
          break;
        case BF_CSS_NUMBER:
        case BF_CSS_PERCENTAGE:
        case BF_CSS_DIMENSION:
          if (written_with_plus (t))
            g_string_append_c (out, '+');
          g_string_append (out, g_ascii_formatd (number, sizeof number, "%.6g", t->number));
          if (t->type == BF_CSS_PERCENTAGE)
            g_string_append_c (out, '%');
          else if (t->type == BF_CSS_DIMENSION)
            {
              /* A unit like "e3" would read back as an exponent. */
              if ((t->text[0] == 'e' || t->text[0] == 'E')
                  && (g_ascii_isdigit (t->text[1]) || t->text[1] == '-' || t->text[1] == '+'))
                g_string_append_c (out, '\\');
              bf_css_append_name (out, t->text);
            }
          break;
        case BF_CSS_WHITESPACE:
          g_string_append_c (out, ' ');
          break;
        case BF_CSS_COLON:
          g_string_append_c (out, ':');
          break;
        case BF_CSS_SEMICOLON:
          g_string_append_c (out, ';');
          break;
        case BF_CSS_COMMA:
          g_string_append_c (out, ',');
          break;
        case BF_CSS_OPEN_SQUARE:
          g_string_append_c (out, '[');
          break;
        case BF_CSS_CLOSE_SQUARE:
          g_string_append_c (out, ']');
          break;
        case BF_CSS_OPEN_PAREN:
          g_string_append_c (out, '(');
          break;
        case BF_CSS_CLOSE_PAREN:
          g_string_append_c (out, ')');
          break;
        case BF_CSS_OPEN_CURLY:
          g_string_append_c (out, '{');
          break;
        case BF_CSS_CLOSE_CURLY:
          g_string_append_c (out, '}');
          break;
        default:
          break; /* bad strings and urls, CDO, CDC, EOF: nothing */
        }
      /* Keep tokens that would merge apart (an ident after a number); a
       * number written with its + cannot merge ("2n+1"). */
      if (i + 1 < tokens->len && t->type != BF_CSS_WHITESPACE)
        {
          const BfCssToken *next = &g_array_index (tokens, BfCssToken, i + 1);
          BfCssTokenType n = next->type;
          if ((t->type == BF_CSS_NUMBER || t->type == BF_CSS_IDENT || t->type == BF_CSS_DIMENSION)
              && (n == BF_CSS_IDENT || n == BF_CSS_NUMBER || n == BF_CSS_DIMENSION
                  || n == BF_CSS_FUNCTION)
              && !written_with_plus (next))
            g_string_append_c (out, ' ');
        }
    }
}

/* An @media rule whose queries no e-reader matches (print only). */
static gboolean
is_never_on_screen (const BfCssRule *rule)
{
  return !strcmp (rule->at_name, "media")
         && bf_media_query_list_match (rule->prelude, &bf_medium_screen) == BF_MEDIA_FALSE;
}

/* Whether @t is a generic font family, which ends a font-family list. */
/* An @layer rule that names its layers as CSS does not (warned of by the
 * cascade, which skips it too). */
static gboolean
is_bad_layer (const BfCssRule *rule)
{
  if (strcmp (rule->at_name, "layer"))
    return FALSE;
  g_autoptr (GPtrArray) names = bf_layer_rule_names (rule, NULL);
  return !names;
}

static gboolean
is_generic_family (const BfCssToken *t)
{
  static const char *const generic[] = { "serif", "sans-serif", "monospace", "cursive",
                                         "fantasy", "system-ui", "math", "emoji", "fangsong",
                                         "ui-serif", "ui-sans-serif", "ui-monospace",
                                         "ui-rounded" };
  if (t->type != BF_CSS_IDENT)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (generic); i++)
    if (!g_ascii_strcasecmp (t->text, generic[i]))
      return TRUE;
  return FALSE;
}

/* A font-family value with @families (quoted) before its generic family,
 * or after its last name when it has none; as it is when it is a keyword
 * (inherit, initial…) or holds var(). */
static void
append_family_list (GString *out, GArray *value, const char *const *families)
{
  static const char *const keywords[] = { "inherit", "initial", "unset", "revert",
                                           "revert-layer", NULL };
  const BfCssToken *first = value->len ? &g_array_index (value, BfCssToken, 0) : NULL;
  gboolean keyword = FALSE;
  for (int i = 0; first && value->len == 1 && first->type == BF_CSS_IDENT && keywords[i]; i++)
    keyword |= !g_ascii_strcasecmp (first->text, keywords[i]);
  if (!first || keyword || bf_css_tokens_have_var (value))
    {
      bf_css_tokens_append (out, value);
      return;
    }
  /* Where the last name starts: after the last comma. */
  guint last = 0;
  for (guint i = 0; i < value->len; i++)
    if (g_array_index (value, BfCssToken, i).type == BF_CSS_COMMA)
      last = i + 1;
  while (last < value->len && g_array_index (value, BfCssToken, last).type == BF_CSS_WHITESPACE)
    last++;
  gboolean generic = last + 1 == value->len
                     && is_generic_family (&g_array_index (value, BfCssToken, last));
  GString *added = g_string_new (NULL);
  for (int i = 0; families[i]; i++)
    {
      if (i > 0 || !generic)
        g_string_append (added, ", ");
      bf_css_append_string (added, families[i]);
      if (generic && !families[i + 1])
        g_string_append (added, ", ");
    }
  if (!generic)
    {
      bf_css_tokens_append (out, value);
      g_string_append (out, added->str);
    }
  else
    {
      g_autoptr (GArray) head = g_array_sized_new (FALSE, FALSE, sizeof (BfCssToken), last);
      g_array_append_vals (head, value->data, last);
      g_autoptr (GArray) tail = g_array_sized_new (FALSE, FALSE, sizeof (BfCssToken), 1);
      g_array_append_vals (tail, &g_array_index (value, BfCssToken, last), 1);
      bf_css_tokens_append (out, head);
      g_string_append (out, added->str);
      bf_css_tokens_append (out, tail);
    }
  g_string_free (added, TRUE);
}

/* A font shorthand's value with @families in its family list, which
 * starts at token @family_at. */
static void
append_font_shorthand (GString *out, GArray *value, guint family_at, const char *const *families)
{
  g_autoptr (GArray) head = g_array_sized_new (FALSE, FALSE, sizeof (BfCssToken), family_at);
  g_array_append_vals (head, value->data, family_at);
  g_autoptr (GArray) list = g_array_sized_new (FALSE, FALSE, sizeof (BfCssToken),
                                               value->len - family_at);
  g_array_append_vals (list, &g_array_index (value, BfCssToken, family_at), value->len - family_at);
  bf_css_tokens_append (out, head);
  append_family_list (out, list, families);
}

static void
append_rules (GString *out, GPtrArray *rules, gboolean for_epub, const char *const *families,
              guint *dropped)
{
  for (guint i = 0; i < rules->len; i++)
    {
      const BfCssRule *rule = rules->pdata[i];
      if (rule->type == BF_CSS_RULE_AT)
        {
          if (for_epub && (!strcmp (rule->at_name, "page") || !strcmp (rule->at_name, "import")
                           || !strcmp (rule->at_name, "font-face") || is_never_on_screen (rule)
                           || is_bad_layer (rule)))
            continue;
          g_string_append_c (out, '@');
          bf_css_append_name (out, rule->at_name);
          g_string_append_c (out, ' ');
        }
      if (for_epub && rule->type == BF_CSS_RULE_STYLE)
        {
          g_autofree char *selectors = bf_css_selectors_level3 (rule->prelude, dropped);
          if (!selectors)
            continue;
          g_string_append (out, selectors);
        }
      else
        bf_css_tokens_append (out, rule->prelude);
      if (rule->type == BF_CSS_RULE_AT && !rule->declarations->len && !rule->rules->len)
        {
          g_string_append (out, ";\n");
          continue;
        }
      g_string_append (out, " {\n");
      for (guint k = 0; k < rule->declarations->len; k++)
        {
          const BfCssDeclaration *d = rule->declarations->pdata[k];
          /* An empty custom property ("--x: ;") is valid CSS, but not to
           * epubcheck: left out, so a var() of it takes its fallback where
           * it would have stood for nothing (without one, its declaration
           * is invalid either way). */
          if (for_epub && (!strcmp (d->name, "direction") || !strcmp (d->name, "unicode-bidi")
                           || g_str_has_prefix (d->name, "-bf-") || !d->value->len))
            continue;
          g_string_append (out, "  ");
          bf_css_append_name (out, d->name);
          g_string_append (out, ": ");
          int family_at = families && families[0] && !strcmp (d->name, "font")
                              && !bf_css_tokens_have_var (d->value)
                              ? bf_css_font_shorthand_family (d->value) : -1;
          if (families && families[0] && !strcmp (d->name, "font-family"))
            append_family_list (out, d->value, families);
          else if (family_at > 0)
            append_font_shorthand (out, d->value, (guint) family_at, families);
          else
            bf_css_tokens_append (out, d->value);
          g_string_append (out, d->important ? " !important;\n" : ";\n");
        }
      append_rules (out, rule->rules, for_epub, families, dropped);
      g_string_append (out, "}\n");
    }
}

char *
bf_css_stylesheet_serialize (const BfCssStylesheet *sheet, gboolean for_epub)
{
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "/* %s */\n", sheet->name);
  guint dropped = 0;
  append_rules (out, sheet->rules, for_epub, NULL, &dropped);
  return g_string_free (out, FALSE);
}

char *
bf_css_stylesheet_serialize_for_epub (const BfCssStylesheet *sheet,
                                      const char *const *fallback_families, guint *dropped)
{
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "/* %s */\n", sheet->name);
  guint none = 0;
  append_rules (out, sheet->rules, TRUE, fallback_families, dropped ? dropped : &none);
  return g_string_free (out, FALSE);
}
