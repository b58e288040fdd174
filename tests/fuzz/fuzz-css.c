/* fuzz-css.c — the CSS tokenizer, parser and selector parser, from bytes:
 * as a stylesheet (with each rule's selectors) and as a style attribute;
 * then the whole cascade with the bytes as an author sheet over a small
 * document: every element's style and its ::before and ::after, and the
 * styles of first, left and right pages (@page, margin boxes, content). */
#include "fuzz.h"
#include "read/read.h"
#include "style/cascade.h"

static const char document[] =
  "<html lang='en'><head><title>t</title></head><body>"
  "<header class='title-block'><h1 class='title' id='top'>Title</h1></header>"
  "<h2 class='a b'>One</h2><p>Text <em>em</em> <code>c</code> <a href='#top'>x</a></p>"
  "<div lang='fa' dir='rtl'><p style='margin: 1em 5%; color: red'>سلام <span dir='ltr'>x</span></p>"
  "<ol start='3'><li>a</li><li>b</li></ol></div>"
  "<blockquote><p>q</p></blockquote><pre><code>x</code></pre>"
  "<table><tr><th>h</th></tr><tr><td>d</td></tr></table></body></html>";

static void
compute_tree (const BfStyler *styler, xmlNodePtr node, const BfComputedStyle *parent)
{
  for (xmlNodePtr n = node; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      BfComputedStyle style, pseudo;
      bf_styler_compute (styler, parent, n, &style);
      bf_styler_compute_pseudo (styler, &style, n, BF_CSS_PSEUDO_BEFORE, &pseudo);
      bf_styler_compute_pseudo (styler, &style, n, BF_CSS_PSEUDO_AFTER, &pseudo);
      compute_tree (styler, n->children, &style);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BfCssStylesheet *sheet = bf_css_stylesheet_parse ((const char *) data, size, "fuzz.css");
  for (guint i = 0; i < sheet->rules->len; i++)
    {
      BfCssRule *rule = sheet->rules->pdata[i];
      GPtrArray *selectors = bf_css_selectors_parse (rule->prelude, "fuzz.css", sheet->warnings);
      if (selectors)
        g_ptr_array_unref (selectors);
    }
  bf_css_stylesheet_free (sheet);
  char *text = g_strndup ((const char *) data, size);
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *declarations = bf_css_declarations_parse (text, "fuzz", warnings);
  g_ptr_array_unref (declarations);
  g_ptr_array_unref (warnings);

  BfDocument *doc = bf_document_parse (document, sizeof document - 1, "fuzz.html",
                                       BF_INPUT_HTML, NULL);
  char **entry = g_new0 (char *, 3);
  entry[0] = g_strdup ("fuzz.css");
  entry[1] = text;
  g_ptr_array_add (doc->stylesheets, entry);
  BfStyler *styler = bf_styler_new (doc);
  BfComputedStyle initial, root;
  bf_style_init_root (&initial);
  xmlNodePtr html = xmlDocGetRootElement (doc->tree);
  bf_styler_compute (styler, &initial, html, &root);
  compute_tree (styler, html->children, &root);
  for (guint flags = 0; flags < 16; flags++)
    {
      BfPageStyle page;
      bf_page_rules_compute (bf_styler_get_page_rules (styler), &root, flags, 420, 595, FALSE,
                             &page);
    }
  bf_styler_free (styler);
  bf_document_free (doc);
  return 0;
}
