/* markdown.c — Markdown to HTML through cmark-gfm: CommonMark plus the GFM
 * table, strikethrough, autolink extensions and footnotes.  Raw HTML passes
 * through (CMARK_OPT_UNSAFE), so `<div lang="fa" dir="rtl">` blocks work;
 * the HTML parser after us is what keeps the tree sane. */
#include "read/read.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

static const char *const extension_names[] = { "table", "strikethrough", "autolink" };

char *
bf_markdown_to_html (const char *text, gsize length)
{
  static gsize registered = 0;
  if (g_once_init_enter (&registered))
    {
      cmark_gfm_core_extensions_ensure_registered ();
      g_once_init_leave (&registered, 1);
    }

  int options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES;
  cmark_parser *parser = cmark_parser_new (options);
  for (gsize i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);
      if (ext)
        cmark_parser_attach_syntax_extension (parser, ext);
    }
  cmark_parser_feed (parser, text, length);
  cmark_node *root = cmark_parser_finish (parser);
  char *cmark_html = cmark_render_html (root, options, cmark_parser_get_syntax_extensions (parser));
  char *html = g_strdup (cmark_html);
  free (cmark_html);
  cmark_node_free (root);
  cmark_parser_free (parser);
  return html;
}
