/* fuzz-css.c — the CSS tokenizer, parser and selector parser, from bytes:
 * as a stylesheet (with each rule's selectors) and as a style attribute. */
#include "fuzz.h"
#include "style/css.h"

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
  g_free (text);
  return 0;
}
