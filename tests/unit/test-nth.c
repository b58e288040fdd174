/* test-nth.c — the structural pseudo-classes (:nth-child() and its kin,
 * :first-of-type, :last-of-type, :only-child, :only-of-type) and their An+B
 * argument, against the examples of Selectors Level 3, §6.6.5, and the
 * An+B grammar of CSS Syntax Level 3, §6: what parses, what each matches in
 * a list of twenty children (positions worked out by hand from the spec's
 * words), the same answers with the tree's match cache as without, and the
 * argument's + sign kept when the sheet is written back for the EPUB. */
#include <string.h>

#include <libxml/HTMLparser.h>

#include "style/css.h"

static GPtrArray *
selectors (const char *text)
{
  GArray *tokens = bf_css_tokenize (text, -1);
  g_array_set_size (tokens, tokens->len - 1); /* drop EOF */
  GPtrArray *list = bf_css_selectors_parse (tokens, "t.css", NULL);
  bf_css_tokens_free (tokens);
  return list;
}

static htmlDocPtr
parse_html (const char *html)
{
  return htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

/* The element children of @parent, in order. */
static GPtrArray *
children_of (xmlNodePtr parent)
{
  GPtrArray *out = g_ptr_array_new ();
  for (xmlNodePtr c = parent->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      g_ptr_array_add (out, c);
  return out;
}

static xmlNodePtr
body_of (htmlDocPtr doc)
{
  for (xmlNodePtr n = xmlDocGetRootElement (doc)->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && !xmlStrcmp (n->name, BAD_CAST "body"))
      return n;
  g_assert_not_reached ();
}

/* The 1-based positions among @elements that @selector matches, as
 * "1 3 5"; the same with a fresh match cache (asked in document order, as
 * the cascade asks) as without one, or the test fails. */
static char *
matched_positions (const char *selector, GPtrArray *elements)
{
  GPtrArray *list = selectors (selector);
  if (!list)
    g_error ("«%s» did not parse", selector);
  BfCssMatchCache *cache = bf_css_match_cache_new ();
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < elements->len; i++)
    {
      gboolean plain = bf_css_selector_matches (list->pdata[0], elements->pdata[i]);
      gboolean cached = bf_css_selector_matches_cached (list->pdata[0], elements->pdata[i], cache);
      if (plain != cached)
        g_error ("«%s» at %u: %d without the cache, %d with it", selector, i + 1, plain, cached);
      if (plain)
        g_string_append_printf (out, "%s%u", out->len ? " " : "", i + 1);
    }
  bf_css_match_cache_free (cache);
  g_ptr_array_unref (list);
  return g_string_free (out, FALSE);
}

/* A body of twenty <li>-free children: twenty <p>s. */
static htmlDocPtr
twenty_paragraphs (void)
{
  GString *html = g_string_new ("<html><body>");
  for (int i = 1; i <= 20; i++)
    g_string_append_printf (html, "<p>%d</p>\n", i);
  g_string_append (html, "</body></html>");
  htmlDocPtr doc = parse_html (html->str);
  g_string_free (html, TRUE);
  return doc;
}

static void
expect_positions (GPtrArray *elements, const char *selector, const char *expected)
{
  g_autofree char *got = matched_positions (selector, elements);
  if (strcmp (got, expected))
    g_error ("«%s» matched «%s», expected «%s»", selector, got, expected);
}

/* Selectors Level 3, §6.6.5.2: the examples and what the text says they
 * represent, among twenty children. */
static void
test_nth_child_examples (void)
{
  htmlDocPtr doc = twenty_paragraphs ();
  g_autoptr (GPtrArray) ps = children_of (body_of (doc));
  g_assert_cmpuint (ps->len, ==, 20);
  const char *odd = "1 3 5 7 9 11 13 15 17 19", *even = "2 4 6 8 10 12 14 16 18 20";
  const char *all = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20";
  /* "every odd row of an HTML table" and "same". */
  expect_positions (ps, "p:nth-child(2n+1)", odd);
  expect_positions (ps, "p:nth-child(odd)", odd);
  /* "every even row" and "same". */
  expect_positions (ps, "p:nth-child(2n+0)", even);
  expect_positions (ps, "p:nth-child(even)", even);
  expect_positions (ps, "p:nth-child(2n)", even);
  /* "the 9th, 19th, 29th, etc, element" and "Same". */
  expect_positions (ps, ":nth-child(10n-1)", "9 19");
  expect_positions (ps, ":nth-child(10n+9)", "9 19");
  /* "an element foo that is the 5th child of its parent element", "same". */
  expect_positions (ps, "p:nth-child(0n+5)", "5");
  expect_positions (ps, "p:nth-child(5)", "5");
  /* "all bar elements", three ways. */
  expect_positions (ps, "p:nth-child(1n+0)", all);
  expect_positions (ps, "p:nth-child(n+0)", all);
  expect_positions (ps, "p:nth-child(n)", all);
  /* "the 6 first rows". */
  expect_positions (ps, "p:nth-child(-n+6)", "1 2 3 4 5 6");
  /* The white space examples of §6.6.5.2, all valid. */
  expect_positions (ps, ":nth-child( 3n + 1 )", "1 4 7 10 13 16 19");
  expect_positions (ps, ":nth-child( +3n - 2 )", "1 4 7 10 13 16 19");
  expect_positions (ps, ":nth-child( -n+ 6)", "1 2 3 4 5 6");
  expect_positions (ps, ":nth-child( +6 )", "6");
  /* §6.6.5.3: "the two last rows", "all odd foo elements … counting from
   * the last one". */
  expect_positions (ps, "p:nth-last-child(-n+2)", "19 20");
  expect_positions (ps, "p:nth-last-child(odd)", even);
  /* CSS Syntax 3, §6: "-n+3" is the first three, "+5" the fifth; a and b
   * may be zero or negative, and no position is zero or below. */
  expect_positions (ps, "p:nth-child(-n+3)", "1 2 3");
  expect_positions (ps, "p:nth-child(+5)", "5");
  expect_positions (ps, "p:nth-child(2n-1)", odd);
  expect_positions (ps, "p:nth-child(-2n+5)", "1 3 5");
  expect_positions (ps, "p:nth-child(0)", "");
  expect_positions (ps, "p:nth-child(-n-1)", "");
  expect_positions (ps, "p:nth-child(n+18)", "18 19 20");
  expect_positions (ps, "p:nth-child(n-3)", all);
  expect_positions (ps, "p:nth-child(21)", "");
  /* Names and keywords are ASCII case-insensitive. */
  expect_positions (ps, "p:NTH-CHILD(EVEN)", even);
  expect_positions (ps, "p:nth-child(2N+1)", odd);
  expect_positions (ps, "p:nth-child(-N+2)", "1 2");
  /* The forms where the number is in the name: n-1 is one identifier,
   * 2n-1 one dimension. */
  expect_positions (ps, "p:nth-child(n-1)", all);
  expect_positions (ps, "p:nth-child(-n-0)", "");
  expect_positions (ps, "p:nth-child(3n-2)", "1 4 7 10 13 16 19");
  expect_positions (ps, "p:nth-child(-n- 0)", "");
  expect_positions (ps, "p:nth-child(n- 17)", all);
  expect_positions (ps, "p:nth-child(+n+19)", "19 20");
  expect_positions (ps, "p:nth-child(4n -2)", "2 6 10 14 18");
  expect_positions (ps, "p:nth-child(4n- 2)", "2 6 10 14 18");
  /* Huge coefficients are clamped, not overflowed. */
  expect_positions (ps, "p:nth-child(99999999999999999999n+1)", "1");
  expect_positions (ps, "p:nth-child(-99999999999999999999n+99999999999999999999)", "");
  xmlFreeDoc (doc);
}

/* Selectors Level 3, §6.6.5.2 and CSS Syntax 3, §6: these are no An+B, and
 * the rule that holds one is skipped with a warning. */
static void
test_invalid_arguments (void)
{
  static const char *const invalid[] = {
    ":nth-child(10n+-1)", /* "Syntactically invalid" (§6.6.5.2) */
    ":nth-child(3 n)", ":nth-child(+ 2n)", ":nth-child(+ 2)", /* the same section */
    ":nth-child()", ":nth-child( )", ":nth-child(n n)", ":nth-child(2.5n)", ":nth-child(1.5)",
    ":nth-child(odd 1)", ":nth-child(n+)", ":nth-child(n-)", ":nth-child(2n +-1)",
    ":nth-child(- n)", ":nth-child(+-n)", ":nth-child(--n)", ":nth-child(2n 1)",
    ":nth-child(n 1)", ":nth-child(n+ +1)", ":nth-child(n-1x)", ":nth-child(2m+1)",
    ":nth-child(odd(1))", ":nth-child(50%)", ":nth-child(\"2n\")", ":nth-child(n - -1)",
    ":nth-of-type(nope)", ":nth-last-of-type(2n+1", ":first-of-type(1)", ":only-child()",
    ":nth-child", ":nth-last-child(1e1)",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      GPtrArray *list = selectors (invalid[i]);
      if (list)
        g_error ("«%s» should not parse", invalid[i]);
    }
  /* The warning names the place. */
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  GArray *tokens = bf_css_tokenize ("tr:nth-child(3 n)", -1);
  g_array_set_size (tokens, tokens->len - 1);
  g_assert_null (bf_css_selectors_parse (tokens, "t.css", warnings));
  bf_css_tokens_free (tokens);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (warnings->pdata[0], "t.css:1:"));
  g_assert_nonnull (strstr (warnings->pdata[0], "An+B"));
  g_ptr_array_unref (warnings);
}

/* Selectors Level 3, §6.6.5.4–§6.6.5.11 on one mixed set of siblings:
 *   1 h2  2 p  3 h2  4 img  5 p  6 img  7 h2  8 p  9 img  10 div
 * worked out by hand: h2s are at 1 3 7, ps at 2 5 8, imgs at 4 6 9, one
 * div at 10. */
static void
test_of_type (void)
{
  htmlDocPtr doc = parse_html ("<html><body><h2>a</h2><p>b</p><h2>c</h2><img src=x><p>d</p>"
                               "<img src=y><h2>e</h2><p>f</p><img src=z><div>g</div>"
                               "</body></html>");
  g_autoptr (GPtrArray) kids = children_of (body_of (doc));
  g_assert_cmpuint (kids->len, ==, 10);
  /* "alternating the position of floated images": odd ones right. */
  expect_positions (kids, "img:nth-of-type(2n+1)", "4 9");
  expect_positions (kids, "img:nth-of-type(2n)", "6");
  /* "all h2 children of an XHTML body except the first and last". */
  expect_positions (kids, "body > h2:nth-of-type(n+2):nth-last-of-type(n+2)", "3");
  expect_positions (kids, ":nth-of-type(2)", "3 5 6");
  expect_positions (kids, ":nth-last-of-type(1)", "7 8 9 10");
  expect_positions (kids, "p:nth-last-of-type(-n+2)", "5 8");
  expect_positions (kids, ":first-of-type", "1 2 4 10");
  expect_positions (kids, ":last-of-type", "7 8 9 10");
  expect_positions (kids, "h2:first-of-type", "1");
  expect_positions (kids, "p:last-of-type", "8");
  expect_positions (kids, ":only-of-type", "10");
  expect_positions (kids, ":only-child", "");
  expect_positions (kids, ":nth-child(even):nth-of-type(odd)", "2 4 8 10");
  /* Type names compare without case, as type selectors do. */
  expect_positions (kids, "IMG:NTH-OF-TYPE(3)", "9");
  xmlFreeDoc (doc);
}

/* §6.6.5.7's example, "dl dt:first-of-type": "gigogne" and "fusée", not
 * "table"; and an only child (§6.6.5.10) and an only one of its type
 * (§6.6.5.11) in nested lists. */
static void
test_nested_examples (void)
{
  htmlDocPtr doc = parse_html ("<html><body><dl><dt id=gigogne>gigogne</dt><dd><dl>"
                               "<dt id=fusee>fusée</dt><dd>multistage rocket</dd>"
                               "<dt id=table>table</dt><dd>nest of tables</dd>"
                               "</dl></dd></dl>"
                               "<ul><li id=alone>x</li></ul>"
                               "<ol><li id=one>y</li><li id=two>z</li><p id=para>w</p></ol>"
                               "</body></html>");
  GPtrArray *all = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();
  g_ptr_array_add (stack, body_of (doc));
  /* The elements with an id, in document order. */
  while (stack->len)
    {
      xmlNodePtr n = g_ptr_array_steal_index (stack, stack->len - 1);
      if (xmlHasProp (n, BAD_CAST "id"))
        g_ptr_array_add (all, n);
      g_autoptr (GPtrArray) kids = children_of (n);
      for (guint i = kids->len; i > 0; i--)
        g_ptr_array_add (stack, kids->pdata[i - 1]);
    }
  g_assert_cmpuint (all->len, ==, 7); /* gigogne fusee table alone one two para */
  expect_positions (all, "dl dt:first-of-type", "1 2");
  expect_positions (all, "li:only-child", "4");
  expect_positions (all, ":only-child", "4");
  expect_positions (all, "p:only-of-type", "7");
  expect_positions (all, "li:only-of-type", "4");
  expect_positions (all, "dt:last-of-type", "1 3");
  g_ptr_array_unref (stack);
  g_ptr_array_unref (all);
  xmlFreeDoc (doc);
}

/* The root has no parent element: Selectors 3 gives it no position. */
static void
test_root_has_no_position (void)
{
  htmlDocPtr doc = parse_html ("<html><body><p>x</p></body></html>");
  g_autoptr (GPtrArray) root = g_ptr_array_new ();
  g_ptr_array_add (root, xmlDocGetRootElement (doc));
  expect_positions (root, ":nth-child(1)", "");
  expect_positions (root, ":first-of-type", "");
  expect_positions (root, ":only-child", "");
  expect_positions (root, ":root", "1");
  xmlFreeDoc (doc);
}

/* Selectors Level 3, §9: a pseudo-class counts as a class; the spec's own
 * example gives bar:nth-child(1n+0) specificity (0,1,1). */
static void
test_specificity (void)
{
  static const struct {
    const char *selector;
    guint32 specificity;
  } cases[] = {
    { "bar:nth-child(1n+0)", 1 << 10 | 1 },
    { "bar", 1 },
    { "tr:nth-child(even) td:first-of-type", 2 << 10 | 2 },
    { ":only-child:only-of-type", 2 << 10 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GPtrArray *list = selectors (cases[i].selector);
      g_assert_nonnull (list);
      g_assert_cmphex (bf_css_selector_get_specificity (list->pdata[0]), ==, cases[i].specificity);
      g_ptr_array_unref (list);
    }
}

/* The EPUB carries the sheet written back: "2n+1" must stay "2n+1" (not
 * "2n 1", which is no An+B), and the rule must mean the same when read
 * again. */
static void
test_serialized_argument (void)
{
  static const struct {
    const char *sheet;
    const char *written;
  } cases[] = {
    { "td:nth-of-type(2n+1) { color: red }", "td:nth-of-type(2n+1)" },
    { "li:nth-child(-n+3) { color: red }", "li:nth-child(-n+3)" },
    { "li:nth-child(n+1) { color: red }", "li:nth-child(n+1)" },
    { "li:nth-child(+5) { color: red }", "li:nth-child(+5)" },
    { "li:nth-child(2n-1) { color: red }", "li:nth-child(2n-1)" },
    { "li:nth-last-child(2n + 1) { color: red }", "li:nth-last-child(2n + 1)" },
    { "p { margin: +2px 1px }", "margin: +2px 1px" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BfCssStylesheet *sheet = bf_css_stylesheet_parse (cases[i].sheet, -1, "t.css");
      g_autofree char *text = bf_css_stylesheet_serialize (sheet, TRUE);
      if (!strstr (text, cases[i].written))
        g_error ("«%s» written back as «%s»", cases[i].sheet, text);
      /* Read again, the selector still parses. */
      BfCssStylesheet *again = bf_css_stylesheet_parse (text, -1, "again.css");
      g_assert_cmpuint (again->warnings->len, ==, 0);
      const BfCssRule *rule = again->rules->pdata[0];
      GPtrArray *list = bf_css_selectors_parse (rule->prelude, "again.css", NULL);
      g_assert_nonnull (list);
      g_ptr_array_unref (list);
      bf_css_stylesheet_free (again);
      bf_css_stylesheet_free (sheet);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nth/child-examples", test_nth_child_examples);
  g_test_add_func ("/nth/invalid-arguments", test_invalid_arguments);
  g_test_add_func ("/nth/of-type", test_of_type);
  g_test_add_func ("/nth/nested-examples", test_nested_examples);
  g_test_add_func ("/nth/root", test_root_has_no_position);
  g_test_add_func ("/nth/specificity", test_specificity);
  g_test_add_func ("/nth/serialized-argument", test_serialized_argument);
  return g_test_run ();
}
