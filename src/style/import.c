/* import.c — @import rules (CSS Cascading 4, §2): the sheet one names,
 * read from a file as a linked sheet is (beside the sheet, where the
 * document's resources may come from; never an address), and whether it
 * applies: its supports() condition, then its media query list against
 * the medium, and the cascade layer it puts the sheet's rules in.  The
 * cascade adds the rules where the @import stands; the EPUB writes the
 * sheet out there, inside an @layer block when it names a layer. */
#include "style/cascade.h"

#include <string.h>

void
bf_css_import_free (BfCssImport *import)
{
  if (!import)
    return;
  g_free (import->path);
  g_free (import->text);
  g_free (import->media);
  g_free (import->layer);
  g_free (import);
}

static const BfCssToken *
token_at (const GArray *tokens, guint i)
{
  return &g_array_index (tokens, BfCssToken, i);
}

static guint
skip_whitespace (const GArray *tokens, guint i)
{
  while (i < tokens->len && token_at (tokens, i)->type == BF_CSS_WHITESPACE)
    i++;
  return i;
}

/* The address an @import names: url(…), url("…") or "…"; *@next set to
 * the token after it.  NULL when there is none. */
static const char *
import_address (const GArray *prelude, guint *next)
{
  guint i = skip_whitespace (prelude, 0);
  if (i >= prelude->len)
    return NULL;
  const BfCssToken *t = token_at (prelude, i);
  if (t->type == BF_CSS_URL || t->type == BF_CSS_STRING)
    {
      *next = i + 1;
      return t->text;
    }
  if (t->type != BF_CSS_FUNCTION || g_ascii_strcasecmp (t->text, "url"))
    return NULL;
  guint s = skip_whitespace (prelude, i + 1);
  guint close = skip_whitespace (prelude, s + 1);
  if (s >= prelude->len || token_at (prelude, s)->type != BF_CSS_STRING || close >= prelude->len
      || token_at (prelude, close)->type != BF_CSS_CLOSE_PAREN)
    return NULL;
  *next = close + 1;
  return token_at (prelude, s)->text;
}

/* Whether supports(…) opened at @open (its contents up to @close) holds:
 * a condition, or a declaration alone. */
static gboolean
supports_holds (const GArray *prelude, guint open, guint close)
{
  GArray *condition = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  BfCssToken paren = { .type = BF_CSS_OPEN_PAREN };
  g_array_append_val (condition, paren);
  g_array_append_vals (condition, token_at (prelude, open + 1), close - open - 1);
  paren.type = BF_CSS_CLOSE_PAREN;
  g_array_append_val (condition, paren);
  gboolean holds = bf_supports_condition_holds (condition);
  g_array_free (condition, TRUE); /* the tokens' texts stay the prelude's */
  return holds;
}

BfCssImport *
bf_css_import_read (const BfCssRule *rule, const char *sheet_name, const char *base_dir,
                    const BfDocument *doc, const BfMedium *medium, char **warning)
{
  *warning = NULL;
  const GArray *prelude = rule->prelude;
  guint i = 0;
  const char *address = import_address (prelude, &i);
  if (!address)
    {
      *warning = g_strdup_printf ("%s:%d:%d: warning: @import names no sheet; rule skipped",
                                  sheet_name, rule->line, rule->column);
      return NULL;
    }
  i = skip_whitespace (prelude, i);
  /* layer, or layer(NAME): the layer the sheet's rules go into. */
  gboolean layered = FALSE;
  g_autofree char *layer = NULL;
  if (i < prelude->len && token_at (prelude, i)->type == BF_CSS_IDENT
      && !g_ascii_strcasecmp (token_at (prelude, i)->text, "layer"))
    {
      layered = TRUE;
      i = skip_whitespace (prelude, i + 1);
    }
  else if (i < prelude->len && token_at (prelude, i)->type == BF_CSS_FUNCTION
           && !g_ascii_strcasecmp (token_at (prelude, i)->text, "layer"))
    {
      guint close = bf_css_tokens_closing_paren (prelude, i + 1, prelude->len);
      g_autoptr (GPtrArray) names = close < prelude->len
                                        ? bf_layer_names_parse (prelude, i + 1, close) : NULL;
      if (!names || names->len != 1)
        {
          *warning = g_strdup_printf ("%s:%d:%d: warning: @import with a layer() that does not "
                                      "name one layer; rule skipped", sheet_name, rule->line,
                                      rule->column);
          return NULL;
        }
      layered = TRUE;
      layer = g_strdup (names->pdata[0]);
      i = skip_whitespace (prelude, close + 1);
    }
  if (i < prelude->len && token_at (prelude, i)->type == BF_CSS_FUNCTION
      && !g_ascii_strcasecmp (token_at (prelude, i)->text, "supports"))
    {
      guint close = bf_css_tokens_closing_paren (prelude, i + 1, prelude->len);
      if (close >= prelude->len || !supports_holds (prelude, i, close))
        return NULL;
      i = skip_whitespace (prelude, close + 1);
    }
  GArray *media = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  if (i < prelude->len)
    g_array_append_vals (media, token_at (prelude, i), prelude->len - i);
  BfMediaMatch match = bf_media_query_list_match (media, medium);
  char *media_text = NULL;
  if (media->len)
    {
      GString *written = g_string_new (NULL);
      bf_css_tokens_append (written, media);
      media_text = g_string_free (written, FALSE);
    }
  g_array_free (media, TRUE); /* the tokens' texts stay the prelude's */
  if (match == BF_MEDIA_FALSE)
    {
      g_free (media_text);
      return NULL;
    }
  const char *why = NULL;
  g_autofree char *path = bf_css_resolve_file (address, base_dir, doc, &why);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  if (path && !g_file_get_contents (path, &text, NULL, &error))
    why = error->message;
  if (!text)
    {
      *warning = g_strdup_printf ("%s:%d:%d: warning: @import %s not read: %s", sheet_name,
                                  rule->line, rule->column, address, why);
      g_free (media_text);
      return NULL;
    }
  BfCssImport *import = g_new0 (BfCssImport, 1);
  import->path = g_steal_pointer (&path);
  import->text = g_steal_pointer (&text);
  import->match = match;
  import->media = media_text;
  import->layered = layered;
  import->layer = g_steal_pointer (&layer);
  return import;
}

const char *
bf_css_import_refused (const BfCssImport *import, const GPtrArray *importing)
{
  for (guint i = 0; i < importing->len; i++)
    if (!g_strcmp0 (importing->pdata[i], import->path))
      return "it imports itself";
  if (importing->len >= BF_CSS_MAX_IMPORT_DEPTH)
    return "sheets import one another too deep";
  return NULL;
}
