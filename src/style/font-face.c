/* font-face.c — @font-face rules (CSS Fonts 4, §4): a family name, the
 * first src url() that names a readable local file (resolved against the
 * sheet's folder; a document's own <style> may not reach outside the
 * document's folder), and the weight and style it is used for.  Loading
 * the files is the fonts stage's work; shipping them, the EPUB's. */
#include "style/cascade.h"

#include <stdio.h>
#include <string.h>

void
bf_font_face_free (BfFontFace *face)
{
  if (!face)
    return;
  g_free (face->family);
  g_free (face->path);
  g_free (face->url);
  g_free (face);
}

static const BfCssToken *
only_token (const BfCssDeclaration *d)
{
  for (guint i = 0; i < d->value->len; i++)
    if (g_array_index (d->value, BfCssToken, i).type != BF_CSS_WHITESPACE)
      return &g_array_index (d->value, BfCssToken, i);
  return NULL;
}

static char *
family_name (const BfCssDeclaration *d)
{
  GString *name = g_string_new (NULL);
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_STRING || t->type == BF_CSS_IDENT)
        g_string_append_printf (name, "%s%s", name->len ? " " : "", t->text);
      else if (t->type != BF_CSS_WHITESPACE)
        {
          g_string_free (name, TRUE);
          return NULL;
        }
    }
  return g_string_free (name, name->len == 0);
}

/* The addresses in a src value: url(x) and url("x"), in order. */
static GPtrArray *
src_urls (const BfCssDeclaration *d)
{
  GPtrArray *urls = g_ptr_array_new ();
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_URL)
        g_ptr_array_add (urls, t->text);
      else if (t->type == BF_CSS_FUNCTION && !g_ascii_strcasecmp (t->text, "url")
               && i + 1 < d->value->len
               && g_array_index (d->value, BfCssToken, i + 1).type == BF_CSS_STRING)
        g_ptr_array_add (urls, g_array_index (d->value, BfCssToken, i + 1).text);
    }
  return urls;
}

/* Whether the file starts as a font does (sfnt version or signature): no
 * other file is loaded, or copied into an EPUB. */
static gboolean
looks_like_font (const char *path)
{
  static const char *const signatures[] = { "\x00\x01\x00\x00", "true", "OTTO", "ttcf", "wOFF",
                                            "wOF2" };
  char head[4];
  FILE *f = fopen (path, "rb");
  if (!f)
    return FALSE;
  gboolean ok = fread (head, 1, 4, f) == 4;
  fclose (f);
  for (gsize i = 0; ok && i < G_N_ELEMENTS (signatures); i++)
    if (!memcmp (head, signatures[i], 4))
      return TRUE;
  return FALSE;
}

char *
bf_css_resolve_file (const char *url, const char *base_dir, const BfDocument *doc,
                     const char **why)
{
  if (doc)
    {
      g_autofree char *beside = NULL;
      if (base_dir && g_strcmp0 (base_dir, doc->base_dir) && !strchr (url, ':')
          && !g_path_is_absolute (url))
        beside = g_build_filename (base_dir, url, NULL);
      return bf_document_resolve_resource (doc, beside ? beside : url, why);
    }
  if (strchr (url, ':') || g_path_is_absolute (url))
    {
      *why = "only files beside the stylesheet are read, never addresses or absolute paths";
      return NULL;
    }
  g_autofree char *path = g_build_filename (base_dir, url, NULL);
  char *canonical = g_canonicalize_filename (path, NULL);
  if (!g_file_test (canonical, G_FILE_TEST_IS_REGULAR))
    {
      *why = "no such file";
      g_free (canonical);
      return NULL;
    }
  return canonical;
}

/* @url as a font file (bf_css_resolve_file()); NULL with @why set when it
 * is not one bifolio will read. */
static char *
resolve_font (const char *url, const char *base_dir, const BfDocument *doc, const char **why)
{
  char *canonical = bf_css_resolve_file (url, base_dir, doc, why);
  if (canonical && !looks_like_font (canonical))
    {
      *why = "not a TrueType, OpenType or WOFF font";
      g_clear_pointer (&canonical, g_free);
    }
  return canonical;
}

BfFontFace *
bf_font_face_parse (const BfCssRule *rule, const char *sheet, const char *base_dir,
                    const BfDocument *doc, GPtrArray *warnings)
{
  BfFontFace *face = g_new0 (BfFontFace, 1);
  face->weight = 400;
  const char *why = NULL;
  for (guint i = 0; i < rule->declarations->len; i++)
    {
      const BfCssDeclaration *d = rule->declarations->pdata[i];
      const BfCssToken *t = only_token (d);
      if (!strcmp (d->name, "font-family"))
        {
          g_free (face->family);
          face->family = family_name (d);
        }
      else if (!strcmp (d->name, "src"))
        {
          g_autoptr (GPtrArray) urls = src_urls (d);
          for (guint k = 0; k < urls->len && !face->path; k++)
            {
              face->path = resolve_font (urls->pdata[k], base_dir, doc, &why);
              g_free (face->url);
              face->url = g_strdup (urls->pdata[k]);
            }
          if (!urls->len)
            why = "its src names no url()";
        }
      else if (!strcmp (d->name, "font-weight") && t)
        {
          if (t->type == BF_CSS_NUMBER && t->number >= 1 && t->number <= 1000)
            face->weight = (int) t->number;
          else if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "bold"))
            face->weight = 700;
        }
      else if (!strcmp (d->name, "font-style") && t && t->type == BF_CSS_IDENT)
        face->italic = !g_ascii_strcasecmp (t->text, "italic")
                       || !g_ascii_strcasecmp (t->text, "oblique");
    }
  if (!face->family || !face->path)
    {
      g_ptr_array_add (warnings,
                       g_strdup_printf ("%s:%d:%d: warning: @font-face %s%s%s%s; rule skipped", sheet,
                                        rule->line, rule->column,
                                        !face->family ? "without a font-family" : "font not loaded: ",
                                        face->family && face->url ? face->url : "",
                                        face->family && face->url ? " " : "",
                                        !face->family ? "" : why ? why : "no src"));
      bf_font_face_free (face);
      return NULL;
    }
  return face;
}
