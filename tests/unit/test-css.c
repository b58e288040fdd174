/* test-css.c — the CSS tokenizer and parser against cases from the CSS
 * Syntax Level 3 specification: token kinds, numbers and units, escapes,
 * strings and urls good and bad, comments; rules, at-rules with nested
 * blocks, !important, and error recovery with positions. */
#include <string.h>

#include <libxml/HTMLparser.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "style/css.h"
#include "tree-helpers.h"

/* The tokens of @css as "TYPE:text" words, white space as "_". */
static char *
describe (const char *css)
{
  static const char *const names[] = {
    "ident", "function", "at", "hash", "string", "bad-string", "url", "bad-url", "delim",
    "number", "percentage", "dimension", "_", "cdo", "cdc", ":", ";", ",", "[", "]", "(", ")",
    "{", "}", "eof",
  };
  GArray *tokens = bf_css_tokenize (css, -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type == BF_CSS_EOF)
        break;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, names[t->type]);
      if (t->type == BF_CSS_NUMBER || t->type == BF_CSS_PERCENTAGE || t->type == BF_CSS_DIMENSION)
        g_string_append_printf (out, "=%g%s", t->number, t->is_integer ? "i" : "");
      if (t->text)
        g_string_append_printf (out, ":%s", t->text);
      if (t->type == BF_CSS_HASH && t->is_id)
        g_string_append (out, "#id");
    }
  bf_css_tokens_free (tokens);
  return g_string_free (out, FALSE);
}

static void
expect_tokens (const char *css, const char *expected)
{
  g_autofree char *got = describe (css);
  if (g_strcmp0 (got, expected))
    g_error ("tokens of «%s»:\n  got      %s\n  expected %s", css, got, expected);
}

static void
test_tokens (void)
{
  expect_tokens ("p.note > a:hover", "ident:p delim:. ident:note _ delim:> _ ident:a : ident:hover");
  expect_tokens ("#main #1a", "hash:main#id _ hash:1a");
  expect_tokens ("12px 50% -.5em +3 1e3 0.5", "dimension=12i:px _ percentage=50i _ dimension=-0.5:em _ "
                                              "number=3i _ number=1000 _ number=0.5");
  expect_tokens ("10e3em", "dimension=10000:em");
  expect_tokens ("@page :first {}", "at:page _ : ident:first _ { }");
  expect_tokens ("url(fonts/a.ttf) url( \"b.ttf\" ) URL(c d)",
                 "url:fonts/a.ttf _ function:url _ string:b.ttf _ ) _ bad-url");
  expect_tokens ("\"a\\\"b\" 'it''s'", "string:a\"b _ string:it string:s");
  expect_tokens ("\"broken\nnext", "bad-string:broken _ ident:next");
  expect_tokens ("\\31 23 \\@x", "ident:123 _ ident:@x");
  expect_tokens ("a/* comment */b /* unclosed", "ident:a ident:b _");
  expect_tokens ("<!-- --> -->x", "cdo _ cdc _ cdc ident:x");
  expect_tokens ("rgb(1, 2)", "function:rgb number=1i , _ number=2i )");
  expect_tokens ("-x --y -1", "ident:-x _ ident:--y _ number=-1i");
  expect_tokens ("a\r\nb\fc", "ident:a _ ident:b _ ident:c");
  expect_tokens ("!important ~=", "delim:! ident:important _ delim:~ delim:=");
}

static void
test_positions (void)
{
  GArray *tokens = bf_css_tokenize ("p {\n  colör: red;\n}", -1);
  /* "colör" starts at line 2, column 3; "red" at column 10 (code points). */
  const BfCssToken *name = &g_array_index (tokens, BfCssToken, 4);
  g_assert_cmpstr (name->text, ==, "colör");
  g_assert_cmpint (name->line, ==, 2);
  g_assert_cmpint (name->column, ==, 3);
  const BfCssToken *value = &g_array_index (tokens, BfCssToken, 7);
  g_assert_cmpstr (value->text, ==, "red");
  g_assert_cmpint (value->column, ==, 10);
  bf_css_tokens_free (tokens);
}

static const BfCssDeclaration *
declaration (const BfCssRule *rule, guint i)
{
  g_assert_cmpuint (i, <, rule->declarations->len);
  return rule->declarations->pdata[i];
}

static void
test_rules (void)
{
  const char *css = "/* a sheet */\n"
                    "h1, h2 { font-weight: bold !important; margin: 0 0 1em }\n"
                    "@import url(x.css);\n"
                    "@page :left { margin: 2cm; @top-center { content: \"A\" counter(page) } }\n"
                    "@media print { p { color: red } }\n"
                    "@font-face { font-family: \"X\"; src: url(x.ttf) }\n";
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css, -1, "a.css");
  g_assert_cmpuint (sheet->warnings->len, ==, 0);
  g_assert_cmpuint (sheet->rules->len, ==, 5);
  BfCssRule *h = sheet->rules->pdata[0];
  g_assert_cmpint (h->type, ==, BF_CSS_RULE_STYLE);
  g_assert_cmpuint (h->prelude->len, ==, 4); /* h1 , _ h2 */
  g_assert_cmpstr (declaration (h, 0)->name, ==, "font-weight");
  g_assert_true (declaration (h, 0)->important);
  g_assert_cmpuint (declaration (h, 0)->value->len, ==, 1);
  g_assert_false (declaration (h, 1)->important);
  g_assert_cmpuint (declaration (h, 1)->value->len, ==, 5); /* 0 _ 0 _ 1em */
  BfCssRule *import = sheet->rules->pdata[1];
  g_assert_cmpstr (import->at_name, ==, "import");
  g_assert_cmpint (g_array_index (import->prelude, BfCssToken, 0).type, ==, BF_CSS_URL);
  BfCssRule *page = sheet->rules->pdata[2];
  g_assert_cmpstr (page->at_name, ==, "page");
  g_assert_cmpstr (declaration (page, 0)->name, ==, "margin");
  g_assert_cmpuint (page->rules->len, ==, 1);
  BfCssRule *box = page->rules->pdata[0];
  g_assert_cmpstr (box->at_name, ==, "top-center");
  g_assert_cmpstr (declaration (box, 0)->name, ==, "content");
  BfCssRule *media = sheet->rules->pdata[3];
  g_assert_cmpuint (media->rules->len, ==, 1);
  BfCssRule *face = sheet->rules->pdata[4];
  g_assert_cmpuint (face->declarations->len, ==, 2);
}

static void
test_error_recovery (void)
{
  /* CSS Syntax §5: a bad declaration is skipped to the next ';', the rest
   * of the block and of the sheet still apply; a block left open at the
   * end of the sheet closes there. */
  const char *css = "p { color: red; ; font-size 12px; 12: x; margin: 0 }\n"
                    "q { padding: ; border: 1px solid }\n"
                    "} stray { a: b }\n"
                    "div { color: blue";
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css, -1, "bad.css");
  BfCssRule *p = sheet->rules->pdata[0];
  g_assert_cmpuint (p->declarations->len, ==, 2);
  g_assert_cmpstr (declaration (p, 0)->name, ==, "color");
  g_assert_cmpstr (declaration (p, 1)->name, ==, "margin");
  BfCssRule *q = sheet->rules->pdata[1];
  g_assert_cmpuint (q->declarations->len, ==, 1);
  g_assert_cmpstr (declaration (q, 0)->name, ==, "border");
  BfCssRule *last = sheet->rules->pdata[sheet->rules->len - 1];
  g_assert_cmpstr (declaration (last, 0)->name, ==, "color");
  /* Each skipped piece is a warning with its place. */
  g_assert_cmpuint (sheet->warnings->len, ==, 3);
  g_assert_cmpstr (sheet->warnings->pdata[0], ==,
                   "bad.css:1:19: warning: expected ':' after 'font-size'; declaration skipped");
  g_assert_true (g_str_has_prefix (sheet->warnings->pdata[1], "bad.css:1:35: warning: expected a property name"));
  g_assert_true (g_str_has_prefix (sheet->warnings->pdata[2], "bad.css:2:5: warning: 'padding' has no value"));
}

static void
test_style_attribute (void)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *d = bf_css_declarations_parse ("color: red; text-align : end ! important;", "x.html", warnings);
  g_assert_cmpuint (d->len, ==, 2);
  BfCssDeclaration *align = d->pdata[1];
  g_assert_cmpstr (align->name, ==, "text-align");
  g_assert_true (align->important);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_ptr_array_unref (d);
  g_ptr_array_unref (warnings);
}

static void
test_deep_nesting (void)
{
  /* 100,000 open brackets: no recursion to overflow. */
  GString *css = g_string_new ("p { a: ");
  for (int i = 0; i < 100000; i++)
    g_string_append (css, "(");
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css->str, css->len, "deep.css");
  g_assert_cmpuint (sheet->rules->len, ==, 1);
  g_string_free (css, TRUE);
}

static void
test_deep_at_rules (void)
{
  /* 100,000 @media blocks, one in the other: the 33rd (column 32 × 14 + 1)
   * is skipped with a warning (no recursion to overflow); what lies outside
   * it is kept. */
  GString *css = g_string_new (NULL);
  for (int i = 0; i < 100000; i++)
    g_string_append (css, "@media print {");
  for (int i = 0; i < 100000; i++)
    g_string_append (css, "}");
  g_string_append (css, " h1 { color: red }");
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css->str, css->len, "deep.css");
  g_assert_cmpuint (sheet->rules->len, ==, 2);
  g_assert_cmpuint (sheet->warnings->len, ==, 1);
  g_assert_cmpstr (sheet->warnings->pdata[0], ==,
                   "deep.css:1:449: warning: @media nested more than 32 deep; its block skipped");
  int depth = 0;
  for (BfCssRule *r = sheet->rules->pdata[0]; r->rules && r->rules->len; r = r->rules->pdata[0])
    depth++;
  g_assert_cmpint (depth, ==, 32);
  g_string_free (css, TRUE);
}

/* ---------------------------------------------------------------- selectors */

static GPtrArray *
selectors (const char *text)
{
  GArray *tokens = bf_css_tokenize (text, -1);
  g_array_set_size (tokens, tokens->len - 1); /* drop EOF */
  GPtrArray *list = bf_css_selectors_parse (tokens, "t.css", NULL);
  bf_css_tokens_free (tokens);
  return list;
}

static void
expect_specificity (const char *text, guint ids, guint classes, guint types)
{
  GPtrArray *list = selectors (text);
  if (!list)
    g_error ("«%s» did not parse", text);
  guint32 s = bf_css_selector_get_specificity (list->pdata[0]);
  if (s != (ids << 20 | classes << 10 | types))
    g_error ("«%s»: specificity (%u,%u,%u), expected (%u,%u,%u)", text, s >> 20, (s >> 10) & 1023,
             s & 1023, ids, classes, types);
  g_ptr_array_unref (list);
}

static void
test_specificity (void)
{
  /* The examples of Selectors Level 3, §9. */
  expect_specificity ("*", 0, 0, 0);
  expect_specificity ("LI", 0, 0, 1);
  expect_specificity ("UL LI", 0, 0, 2);
  expect_specificity ("UL OL+LI", 0, 0, 3);
  expect_specificity ("H1 + *[REL=up]", 0, 1, 1);
  expect_specificity ("UL OL LI.red", 0, 1, 3);
  expect_specificity ("LI.red.level", 0, 2, 1);
  expect_specificity ("#x34y", 1, 0, 0);
  expect_specificity ("p:lang(fa) > a:first-child", 0, 2, 2);
  /* Selectors Level 4, §17: :is() and :not() count as their most specific
   * argument, :where() as nothing. */
  expect_specificity (":is(em, #foo)", 1, 0, 0);
  expect_specificity (".qux:where(em, #foo#bar#baz)", 0, 1, 0);
  expect_specificity (":not(em, strong#foo)", 1, 0, 1);
  expect_specificity (".foo :is(.bar, #baz)", 1, 1, 0);
  expect_specificity ("a:link", 0, 1, 1);
}

static void
test_invalid_selectors (void)
{
  static const char *const invalid[] = { "p::first-line", "a:nonsense", "a >", "> a", "[x=",
                                         ":not(h1, :nonsense)", ":not(p::before)", ":is(a",
                                         "..x", "p, ", "#1a", "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg" };
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      GPtrArray *list = selectors (invalid[i]);
      if (list)
        g_error ("«%s» should not parse", invalid[i]);
    }
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  GArray *tokens = bf_css_tokenize ("p, a:nonsense", -1);
  g_array_set_size (tokens, tokens->len - 1);
  g_assert_null (bf_css_selectors_parse (tokens, "t.css", warnings));
  g_assert_cmpstr (warnings->pdata[0], ==, "t.css:1:6: warning: an unsupported pseudo-class in the selector; rule skipped");
  bf_css_tokens_free (tokens);
  g_ptr_array_unref (warnings);
}

static xmlNodePtr
by_id (xmlNodePtr node, const char *id)
{
  for (xmlNodePtr n = node; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      g_autofree xmlChar *v = xmlGetProp (n, BAD_CAST "id");
      if (v && !strcmp ((char *) v, id))
        return n;
      xmlNodePtr found = by_id (n->children, id);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
match (const char *selector, xmlNodePtr element)
{
  GPtrArray *list = selectors (selector);
  g_assert_nonnull (list);
  gboolean any = FALSE;
  for (guint i = 0; i < list->len; i++)
    any |= bf_css_selector_matches (list->pdata[i], element);
  g_ptr_array_unref (list);
  return any;
}

/* Selectors Level 4's :is(), :where(), :not() of lists, and the
 * pseudo-classes of links, emptiness and form controls; those of a screen
 * (:hover, :visited…) never match a printed page. */
static void
test_level4_and_states (void)
{
  const char *html = "<html><body><a id=l href=x>a</a><a id=n name=y>b</a>"
                     "<p id=e></p><p id=w> </p><p id=c><!-- c --></p>"
                     "<input id=on type=checkbox checked><input id=off disabled>"
                     "<select><option id=o selected>o</option></select>"
                     "<h1 id=h>h</h1><h2 id=k class=k>k</h2><div><h3 id=d>d</h3></div>"
                     "</body></html>";
  htmlDocPtr doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  static const struct {
    const char *selector, *id;
    gboolean expected;
  } cases[] = {
    { "a:link", "l", TRUE }, { "a:link", "n", FALSE }, { ":any-link", "l", TRUE },
    { "a:hover", "l", FALSE }, { "a:visited", "l", FALSE }, { "a:link, a:visited", "l", TRUE },
    { "a:focus", "l", FALSE },
    { "p:empty", "e", TRUE }, { "p:empty", "w", FALSE }, { "p:empty", "c", TRUE },
    { ":checked", "on", TRUE }, { ":checked", "off", FALSE }, { ":checked", "o", TRUE },
    { "input:disabled", "off", TRUE }, { "input:enabled", "on", TRUE },
    { "input:disabled", "on", FALSE }, { "p:enabled", "e", FALSE },
    { ":is(h1, h2)", "h", TRUE }, { ":is(h1, h2)", "k", TRUE }, { ":is(h1, h2)", "d", FALSE },
    { ":matches(h1, h3)", "d", TRUE }, { ":where(h2.k)", "k", TRUE },
    { ":not(h1)", "h", FALSE }, { ":not(h1)", "k", TRUE }, { "h2:not(.k, h1)", "k", FALSE },
    { ":not(:is(h1))", "k", TRUE }, { ":is(div h3)", "d", TRUE }, { ":is(body > h3)", "d", FALSE },
    { "div :not(h1)", "d", TRUE }, { ":is(h1, :nonsense)", "h", TRUE },
    { ":is(:nonsense)", "h", FALSE }, { ":is(h1, h2), p", "e", TRUE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    if (match (cases[i].selector, by_id (root, cases[i].id)) != cases[i].expected)
      g_error ("«%s» on #%s: expected %s", cases[i].selector, cases[i].id,
               cases[i].expected ? "a match" : "none");
  /* Nine inside one another are too many. */
  g_assert_null (selectors (":not(:not(:not(:not(:not(:not(:not(:not(:not(p)))))))))"));
  GPtrArray *eight = selectors (":not(:not(:not(:not(:not(:not(:not(:not(p))))))))");
  g_assert_nonnull (eight);
  g_ptr_array_unref (eight);
  xmlFreeDoc (doc);
}

/* `~` with the cache that carries answers from one element to the next, in
 * document order as the cascade asks: the same answers as without it. */
static void
test_sibling_cache (void)
{
  const char *html = "<html><body><h1 id=e0>a</h1><p id=e1>b</p><h2 id=e2 class=x>c</h2>"
                     "<p id=e3>d</p><div id=e4><p id=e5>e</p></div><p id=e6>f</p></body></html>";
  htmlDocPtr doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  /* For each selector, which of e0…e6 it matches, worked out by hand. */
  static const struct {
    const char *selector;
    const char *expected;
  } cases[] = {
    { "h2 ~ p", "0001001" },
    { "h1 ~ h2 ~ p", "0001001" },
    { ".x ~ *", "0001101" },
    { "div ~ p", "0000001" },
    { "p ~ p", "0001001" },
    { "h3 ~ p", "0000000" },
    { "body > h1 ~ div p", "0000010" },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      /* A cache per selector: a freed selector's address may come back. */
      BfCssMatchCache *cache = bf_css_match_cache_new ();
      GPtrArray *list = selectors (cases[c].selector);
      g_assert_nonnull (list);
      for (int e = 0; e < 7; e++)
        {
          g_autofree char *id = g_strdup_printf ("e%d", e);
          xmlNodePtr n = by_id (root, id);
          gboolean expected = cases[c].expected[e] == '1';
          g_assert_cmpint (bf_css_selector_matches_cached (list->pdata[0], n, cache), ==, expected);
          g_assert_cmpint (bf_css_selector_matches (list->pdata[0], n), ==, expected);
        }
      g_ptr_array_unref (list);
      bf_css_match_cache_free (cache);
    }
  xmlFreeDoc (doc);
}

static void
test_matching (void)
{
  const char *html = "<html lang=en><body><div id=fa lang=fa-IR dir=rtl class='letter main'>"
                     "<p id=p1 class=first>a</p><p id=p2 data-x='one two'>b <a id=a1 href='https://x'>c</a></p>"
                     "</div><p id=p3 lang=en>d</p></body></html>";
  htmlDocPtr doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNodePtr fa = by_id (root, "fa"), p1 = by_id (root, "p1"), p2 = by_id (root, "p2");
  xmlNodePtr a1 = by_id (root, "a1"), p3 = by_id (root, "p3");
  g_assert_true (match ("div.letter", fa));
  g_assert_true (match (".main.letter", fa));
  g_assert_false (match ("div.other", fa));
  g_assert_true (match ("[lang|=fa]", fa));
  g_assert_false (match ("[lang|=fa]", p1));
  g_assert_true (match (":lang(fa)", p1));
  g_assert_true (match (":lang(fa-ir)", a1));
  g_assert_false (match (":lang(fa)", p3));
  g_assert_true (match ("[dir=rtl] p", p2));
  g_assert_true (match ("div > p:first-child", p1));
  g_assert_false (match ("div > p:first-child", p2));
  g_assert_true (match ("p:last-child", p2));
  g_assert_true (match ("body > p", p3));
  g_assert_false (match ("body > p", p1));
  g_assert_true (match ("p + p", p2));
  g_assert_true (match ("div ~ p", p3));
  g_assert_true (match ("[data-x~=two]", p2));
  g_assert_true (match ("a[href^=https]", a1));
  g_assert_true (match ("a[href$=x]", a1));
  g_assert_true (match ("a[href*='://']", a1));
  g_assert_true (match ("html:root", root));
  g_assert_true (match ("#a1, #nothing", a1));
  g_assert_true (match ("* *", a1));
  xmlFreeDoc (doc);
}

/* ------------------------------------------------------------------ cascade */

/* The style of element @id in @html with @css as a user sheet. */
static void
cascaded (const char *html, const char *css, const char *id, BfComputedStyle *out, GPtrArray **warnings)
{
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (html, strlen (html), "t.html", BF_INPUT_HTML, &error);
  g_assert_no_error (error);
  add_sheet_text (doc, css);
  BfStyler *styler = bf_styler_new (doc);
  style_down_to (styler, by_id (xmlDocGetRootElement (doc->tree), id), out);
  if (warnings)
    *warnings = g_ptr_array_ref (bf_styler_get_warnings (styler));
  bf_styler_free (styler);
  bf_document_free (doc);
}

static void
test_cascade (void)
{
  const char *html = "<html><head><style>p { color: #00f }</style></head>"
                     "<body><div id=d lang=fa dir=rtl style='font-size: 20pt'>"
                     "<p id=x class=c>a</p><p id=y class=c style='text-align: center'>b</p></div>"
                     "<p id=z>c</p></body></html>";
  BfComputedStyle s;
  /* Specificity: #x beats .c beats p, whatever the order. */
  cascaded (html, "#x { color: red } .c { color: blue } p { color: black }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0xff0000);
  /* The document's <style> comes after the user sheet: same specificity, it wins. */
  cascaded (html, "p { color: red }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x0000ff);
  /* !important beats specificity. */
  cascaded (html, "p { color: #abc !important } #x { color: red }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0xaabbcc);
  /* style="" beats rules; inheritance carries the size down; em follows it. */
  cascaded (html, "p { text-align: end; margin-top: 1em }", "y", &s, NULL);
  g_assert_cmpint (s.text_align, ==, BF_ALIGN_CENTER);
  g_assert_cmpfloat (ABS (s.font_size - 20), <, 0.01);
  g_assert_cmpfloat (ABS (s.margin_top - 20), <, 0.01);
  /* inherit and initial. */
  cascaded (html, "p { font-size: initial } #x { font-weight: inherit }", "x", &s, NULL);
  g_assert_cmpfloat (ABS (s.font_size - 10.5), <, 0.01);
  g_assert_cmpint (s.font_weight, ==, 400);
  /* Logical and physical margins in a right-to-left block. */
  cascaded (html, "p { margin-inline-start: 2cm; margin-left: 1cm }", "x", &s, NULL);
  g_assert_cmpfloat (ABS (s.margin_start - 72 / 2.54 * 2), <, 0.01);
  g_assert_cmpfloat (ABS (s.margin_end - 72 / 2.54), <, 0.01);
  cascaded (html, "p { margin: 1pt 2pt 3pt 4pt }", "z", &s, NULL);
  g_assert_cmpfloat (s.margin_start, ==, 4);
  g_assert_cmpfloat (s.margin_end, ==, 2);
  /* Units. */
  cascaded (html, "#z { text-indent: 1in; line-height: 18pt; font-size: 12px }", "z", &s, NULL);
  g_assert_cmpfloat (s.text_indent, ==, 72);
  g_assert_cmpfloat (ABS (s.font_size - 9), <, 0.01);
  g_assert_cmpfloat (ABS (s.line_height * s.font_size - 18), <, 0.01);
  /* Page breaks and keeps. */
  cascaded (html, "#z { break-before: page; page-break-inside: avoid; break-after: avoid }", "z", &s, NULL);
  g_assert_true (s.break_before && s.keep_together && s.keep_with_next);
  /* Bad declarations warn with their place and leave the rest. */
  GPtrArray *warnings = NULL;
  cascaded (html, "#z { colour: red; font-size: huge; color: red }", "z", &s, &warnings);
  g_assert_cmphex (s.color, ==, 0xff0000);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_str_has_suffix (warnings->pdata[0], ":1:6: warning: unknown property 'colour'; declaration skipped"));
  g_assert_true (g_str_has_suffix (warnings->pdata[1], ":1:19: warning: a value of 'font-size' bifolio cannot use; declaration skipped"));
  g_ptr_array_unref (warnings);
}

/* Rules are indexed by id, class and type; whatever bucket a rule sits
 * in, the cascade must order it by specificity and source order alone. */
static void
test_rule_index (void)
{
  const char *html = "<html><body><div class='box'><p id='x' class='b a b'>t</p></div></body></html>";
  BfComputedStyle s;
  /* Equal specificity: the later rule wins across buckets. */
  cascaded (html, ".a { color: #000001 } .b { color: #000002 }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x000002);
  cascaded (html, ".b { color: #000002 } .a { color: #000001 }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x000001);
  /* A class repeated in the attribute matches once, and more specific
   * rules in other buckets still win. */
  cascaded (html, "p.a.b { color: #000003 } #x { color: #000004 } * { color: #000005 }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x000004);
  cascaded (html, "[class~=a] { color: #000006 } p { color: #000007 }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x000006);
  /* Keyed on the rightmost compound only. */
  cascaded (html, ".box p { color: #000008 } .box { color: #000009 }", "x", &s, NULL);
  g_assert_cmphex (s.color, ==, 0x000008);
  /* Types match whatever their case. */
  cascaded (html, "P { font-size: 20pt }", "x", &s, NULL);
  g_assert_cmpfloat (s.font_size, ==, 20);
}

static void
test_serialize (void)
{
  const char *css = "@page { margin: 2cm }\n"
                    "h1 , h2>em { direction: rtl; font-size: 2em; content: \"a\\\"b\"; margin: 1e1px 0 }\n"
                    "@media screen { p { color: #800 !important } }\n"
                    "@media print { p { color: #080 } }\n";
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css, -1, "s.css");
  g_autofree char *all = bf_css_stylesheet_serialize (sheet, FALSE);
  g_autofree char *epub = bf_css_stylesheet_serialize (sheet, TRUE);
  g_assert_nonnull (strstr (all, "@page"));
  g_assert_null (strstr (epub, "@page"));
  g_assert_null (strstr (epub, "direction"));
  g_assert_nonnull (strstr (epub, "color: #800 !important;"));
  g_assert_null (strstr (epub, "#080")); /* print-only rules stay out of e-books */
  /* Read back, the same declarations. */
  g_autoptr (BfCssStylesheet) again = bf_css_stylesheet_parse (all, -1, "again.css");
  g_assert_cmpuint (again->warnings->len, ==, 0);
  g_assert_cmpuint (again->rules->len, ==, 4);
  BfCssRule *h = again->rules->pdata[1];
  g_assert_cmpuint (h->declarations->len, ==, 4);
  const BfCssDeclaration *content = h->declarations->pdata[2];
  g_assert_cmpstr (g_array_index (content->value, BfCssToken, 0).text, ==, "a\"b");
  const BfCssDeclaration *margin = h->declarations->pdata[3];
  g_assert_cmpfloat (g_array_index (margin->value, BfCssToken, 0).number, ==, 10);
}

/* The colour of <p id=x> with @css as a user sheet. */
static guint32
supports_color (const char *css)
{
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded ("<p id=x>a</p>", css, "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  return s.color;
}

/* @supports (CSS Conditional Rules 3, §6): what bifolio would use holds. */
static void
test_supports (void)
{
  g_assert_cmphex (supports_color ("@supports (color: red) { p { color: #c00000 } }"), ==, 0xc00000);
  /* Not a property bifolio knows, nor a value it uses (flex and grid it
   * only stands in for, with blocks): the rule is left. */
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (display: grid) { p { color: #c00000 } }"),
                   ==, 0x008000);
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (display: inline-flex) "
                                   "{ p { color: #c00000 } }"), ==, 0x008000);
  g_assert_cmphex (supports_color ("@supports (display: block) { p { color: #c00000 } }"), ==, 0xc00000);
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (colour: red) { p { color: #c00000 } }"),
                   ==, 0x008000);
  /* not, and, or, nested parentheses. */
  g_assert_cmphex (supports_color ("@supports not (display: grid) { p { color: #0000c0 } }"), ==, 0x0000c0);
  g_assert_cmphex (supports_color ("@supports (color: red) and ((display: grid) or (font-size: 2em)) "
                                   "{ p { color: #0000c0 } }"), ==, 0x0000c0);
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (color: red) and (display: grid) "
                                   "{ p { color: #c00000 } }"), ==, 0x008000);
  /* selector(): what bifolio matches. */
  g_assert_cmphex (supports_color ("@supports selector(p > em:first-child) { p { color: #0000c0 } }"),
                   ==, 0x0000c0);
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports selector(p:has(em)) "
                                   "{ p { color: #c00000 } }"), ==, 0x008000);
  /* Custom properties are supported. */
  g_assert_cmphex (supports_color ("@supports (--x: 1) { p { color: #0000c0 } }"), ==, 0x0000c0);
  /* "and" and "or" mixed without parentheses does not parse: the rule is
   * false; anything else enclosed is false too. */
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (color: red) and (color: red) or "
                                   "(color: red) { p { color: #c00000 } }"), ==, 0x008000);
  g_assert_cmphex (supports_color ("p { color: #008000 } @supports (whatever) { p { color: #c00000 } }"),
                   ==, 0x008000);
  g_assert_cmphex (supports_color ("@supports not (whatever) { p { color: #0000c0 } }"), ==, 0x0000c0);
}

/* Media queries (Media Queries Level 4), worked out by hand for A5 paper
 * (148 × 210 mm: 559.4 × 793.7 px) and A4 (210 × 297 mm: 793.7 ×
 * 1122.5 px), printed at 300 dpi in colour, and for an e-reader, whose
 * features only the reading system knows. */
static void
test_media_queries (void)
{
  const BfMedium *a5 = &bf_medium_print_a5;
  const BfMedium a4 = { FALSE, 210 * 72 / 25.4, 297 * 72 / 25.4 };
  const BfMedium landscape = { FALSE, 297 * 72 / 25.4, 210 * 72 / 25.4 };
  const BfMedium *screen = &bf_medium_screen;
  const BfMediaMatch T = BF_MEDIA_TRUE, F = BF_MEDIA_FALSE, U = BF_MEDIA_UNKNOWN;
  static const struct {
    const char *media;
    BfMediaMatch a5, a4, screen;
  } cases[] = {
    /* Media types: an empty list or none matches; retired and unknown
     * types match nothing; "not" negates the whole query. */
    { "", T, T, T },
    { "all", T, T, T },
    { "PRINT", T, T, F },
    { "screen", F, F, T },
    { "screen, print", T, T, T },
    { "not screen", T, T, F },
    { "not print", F, F, T },
    { "only print", T, T, F },
    { "tv", F, F, F },
    { "not tv", T, T, T },
    { "speech, handheld", F, F, F },
    /* The examples of MQ4 §2 and §3. */
    { "screen and (color), projection and (color)", F, F, U },
    { "not screen and (color)", T, T, U },
    { "print and (min-width: 40em)", F, T, F },
    /* Widths: 600 px lies between the two papers, 148 mm is A5's. */
    { "(max-width: 600px)", T, F, U },
    { "(min-width: 601px)", F, T, U },
    { "(width >= 148mm)", T, T, U },
    { "(width > 148mm)", F, T, U },
    { "(width = 148mm)", T, F, U },
    { "(100px < width)", T, T, U },
    { "(400px <= width <= 700px)", T, F, U },
    { "(700px >= width > 400px)", T, F, U },
    { "(width > 100mm) and (width < 200mm)", T, F, U },
    { "(max-height: 800px)", T, F, U },
    { "(min-width: 35rem)", F, T, U },       /* 35 × 16 px = 560 px: A5's 559.4 is less */
    { "(min-width: 34.9rem)", T, T, U },
    /* Orientation and aspect ratio: both papers are portrait. */
    { "(orientation: portrait)", T, T, U },
    { "(orientation: landscape)", F, F, U },
    { "(aspect-ratio: 148/210)", T, F, U },
    { "(min-aspect-ratio: 1/1)", F, F, U },
    { "(max-aspect-ratio: 3 / 4)", T, T, U }, /* 0.705 and 0.707 */
    /* Print's other features. */
    { "(min-resolution: 300dpi)", T, T, U },
    { "(min-resolution: 301dpi)", F, F, U },
    { "(min-resolution: 2dppx)", T, T, U },
    { "(resolution: 118dpcm)", F, F, U },
    { "(color)", T, T, U },
    { "(min-color: 8)", T, T, U },
    { "(min-color: 9)", F, F, U },
    { "(monochrome)", F, F, U },
    { "(grid)", F, F, U },
    { "(grid: 0)", T, T, U },
    { "(hover)", F, F, U },
    { "(hover: none)", T, T, U },
    { "(any-pointer: fine)", F, F, U },
    { "(prefers-color-scheme: dark)", F, F, U },
    { "(prefers-color-scheme: light)", T, T, U },
    { "(prefers-reduced-motion)", F, F, U },
    { "(scan)", F, F, U },
    { "(update: none)", T, T, U },
    { "(overflow-block: paged)", T, T, U },
    { "(scripting: enabled)", F, F, U },
    /* Unknown: a feature bifolio does not know, a value of the wrong
     * type, a prefix a discrete feature does not take; "not unknown" is
     * unknown; "or" with a true query is true. */
    { "(unknown-feature)", U, U, U },
    { "not (unknown-feature)", U, U, U },
    { "(width: red)", U, U, U },
    { "(min-orientation: portrait)", U, U, U },
    { "(color) or (unknown-feature)", T, T, U },
    { "(monochrome) and (unknown-feature)", F, F, U },
    { "print and (unknown-feature), all", T, T, T },
    /* Not a query: "not all", while the others of the list count. */
    { "print and", F, F, F },
    { "(color) and (color) or (color)", F, F, F },
    { "only (color)", F, F, F },
    { "print, (", T, T, F },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("@media %s", cases[i].media);
      g_assert_cmpint (bf_media_attribute_match (cases[i].media, a5), ==, cases[i].a5);
      g_assert_cmpint (bf_media_attribute_match (cases[i].media, &a4), ==, cases[i].a4);
      g_assert_cmpint (bf_media_attribute_match (cases[i].media, screen), ==, cases[i].screen);
    }
  g_assert_cmpint (bf_media_attribute_match ("(orientation: landscape)", &landscape), ==, T);
  g_assert_cmpint (bf_media_attribute_match (NULL, a5), ==, T);

  /* A media attribute written again for an @media rule; never what could
   * end the rule. */
  g_autofree char *written = bf_media_attribute_serialize ("screen  and (max-width:600px)");
  g_assert_cmpint (bf_media_attribute_match (written, screen), ==, U);
  g_assert_cmpint (bf_media_attribute_match (written, a5), ==, F);
  g_assert_null (bf_media_attribute_serialize ("(a{b)"));
  g_assert_null (bf_media_attribute_serialize ("screen; p"));

  /* In a sheet: the rules of the queries that match. */
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded ("<p id=x>a</p>", "p { color: #008000 } @media (max-width: 600px) { p { color: #0000c0 } }",
            "x", &s, &warnings);
  g_assert_cmphex (s.color, ==, 0x0000c0);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  cascaded ("<p id=x>a</p>", "p { color: #008000 } @media (prefers-color-scheme: dark) "
            "{ p { color: #c00000 } }", "x", &s, &warnings);
  g_assert_cmphex (s.color, ==, 0x008000);
}

/* The font shorthand (CSS Fonts 4, §2.8): style, weight, size, line height
 * and family; what it does not give is reset to its initial value, the
 * size is of the parent's (10.5 pt), and later declarations win. */
static void
test_font_shorthand (void)
{
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded ("<p id=x>a</p>", "p { font: italic bold 12pt/2 \"Noto Sans Hebrew\", serif }", "x", &s,
            &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_true (s.italic);
  g_assert_cmpint (s.font_weight, ==, 700);
  g_assert_cmpfloat_with_epsilon (s.font_size, 12, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.line_height, 2, 1e-9);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Sans Hebrew, Noto Serif"));
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* 20 px is 15 pt; weight, style and line height go back to normal. */
  cascaded ("<p id=x>a</p>", "p { font-weight: bold; font-style: italic; line-height: 3; "
            "font: 20px monospace }", "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_false (s.italic);
  g_assert_cmpint (s.font_weight, ==, 400);
  g_assert_cmpfloat_with_epsilon (s.font_size, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.line_height, 1.4, 1e-9);
  g_assert_true (g_str_has_prefix (s.font_family, "Noto Sans Mono"));
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* A percentage of the parent's size; a line height in px of it:
   * 150% of 10.5 pt is 15.75 pt, 30 px is 22.5 pt, 22.5 / 15.75. */
  cascaded ("<p id=x>a</p>", "p { font: 300 150%/30px serif; font-size: 150% }", "x", &s, &warnings);
  g_assert_cmpint (s.font_weight, ==, 300);
  g_assert_cmpfloat_with_epsilon (s.font_size, 15.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.line_height, 22.5 / 15.75, 1e-9);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* Declared after it, a longhand wins; before it, the shorthand does. */
  cascaded ("<p id=x>a</p>", "p { font: 12pt/2 serif; line-height: 3; font-size: 20pt }", "x", &s,
            &warnings);
  g_assert_cmpfloat_with_epsilon (s.line_height, 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.font_size, 20, 1e-9);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* Not a font: no size, no family, a system font; each skipped with a
   * warning, the size inherited. */
  cascaded ("<p id=x>a</p>", "p { font: bold } p { font: 12pt } p { font: caption }", "x", &s,
            &warnings);
  g_assert_cmpuint (warnings->len, ==, 3);
  g_assert_cmpint (s.font_weight, ==, 400);
  g_assert_cmpfloat_with_epsilon (s.font_size, 10.5, 1e-9);
}

/* font-variant and its longhands as OpenType features (CSS Fonts 4, §6:
 * small-caps is smcp, all-small-caps smcp and c2sc, ligatures none turns
 * liga, clig, dlig, hlig and calt off), before font-feature-settings'. */
static void
test_font_variant (void)
{
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded ("<div><p id=x>a</p></div>", "div { font-variant: small-caps oldstyle-nums } "
            "p { font-variant-ligatures: none; font-feature-settings: \"zero\" 1 }", "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (bf_style_get_font_features (&s), ==,
                   "\"smcp\", \"onum\", \"liga\" 0, \"clig\" 0, \"dlig\" 0, \"hlig\" 0, \"calt\" 0, "
                   "\"zero\" 1");
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* A longhand leaves the others; the shorthand resets them; font does too. */
  cascaded ("<div><p id=x>a</p></div>", "div { font-variant: small-caps tabular-nums } "
            "p { font-variant-caps: all-small-caps }", "x", &s, &warnings);
  g_assert_cmpstr (bf_style_get_font_features (&s), ==, "\"smcp\", \"c2sc\", \"tnum\"");
  g_clear_pointer (&warnings, g_ptr_array_unref);
  cascaded ("<div><p id=x>a</p></div>", "div { font-variant: small-caps tabular-nums } "
            "p { font-variant: normal }", "x", &s, &warnings);
  g_assert_null (bf_style_get_font_features (&s));
  g_clear_pointer (&warnings, g_ptr_array_unref);
  cascaded ("<div><p id=x>a</p></div>", "div { font-variant: tabular-nums } "
            "p { font: small-caps 12pt serif }", "x", &s, &warnings);
  g_assert_cmpstr (bf_style_get_font_features (&s), ==, "\"smcp\"");
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* Two of a group, normal with another, a keyword of another longhand. */
  cascaded ("<p id=x>a</p>", "p { font-variant: lining-nums oldstyle-nums } "
            "p { font-variant: normal small-caps } p { font-variant-caps: tabular-nums }", "x", &s,
            &warnings);
  g_assert_cmpuint (warnings->len, ==, 3);
  g_assert_null (bf_style_get_font_features (&s));
}

/* What real sites' sheets hold: an empty custom property (valid; its
 * var() stands for nothing), @keyframes (its frames are rules, not
 * declarations to warn about), cascade layers, and more declarations
 * bifolio cannot use than anyone reads: 20 warnings about a sheet, then
 * how many more. */
/* The names in @text, an @layer prelude, joined by '|'; "(invalid)" when
 * they are not names. */
static char *
layer_names (const char *text)
{
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (text, -1, "t.css");
  const BfCssRule *rule = sheet->rules->pdata[0];
  g_autoptr (GPtrArray) names = bf_layer_names_parse (rule->prelude, 0, rule->prelude->len);
  if (!names)
    return g_strdup ("(invalid)");
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

/* The color of <p id=x class="a b"> under @css. */
static guint32
layered_colour (const char *html, const char *css)
{
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded (html, css, "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  return s.color;
}

static void
test_layers (void)
{
  /* Names as CSS Cascading 5 §6.4.2 writes them: idents joined by '.',
   * with no space around the '.'; a list of them apart by commas. */
  static const char *const names[][2] = {
    { "@layer a;", "a" },
    { "@layer a, b.c , d-e;", "a|b.c|d-e" },
    { "@layer {}", "" },
    { "@layer a.b.c {}", "a.b.c" },
    { "@layer a .b;", "(invalid)" },
    { "@layer a. b;", "(invalid)" },
    { "@layer a.;", "(invalid)" },
    { "@layer a,;", "(invalid)" },
    { "@layer , a;", "(invalid)" },
    { "@layer a b;", "(invalid)" },
    { "@layer initial;", "(invalid)" },
    { "@layer 1a;", "(invalid)" },
    { "@layer \"a\";", "(invalid)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *got = layer_names (names[i][0]);
      g_assert_cmpstr (got, ==, names[i][1]);
    }

  /* Ranks: every layer after those nested in it, in the order they are
   * first named; the top after them all.  Named a, b, a.x, an anonymous
   * one, b.y.z: a.x, a, b.y.z, b.y, b, the anonymous one, the top. */
  g_autoptr (BfLayers) layers = bf_layers_new ();
  guint a = bf_layers_name (layers, BF_LAYER_NONE, "a");
  guint b = bf_layers_name (layers, BF_LAYER_NONE, "b");
  guint ax = bf_layers_name (layers, BF_LAYER_NONE, "a.x");
  guint anonymous = bf_layers_new_anonymous (layers, BF_LAYER_NONE);
  guint byz = bf_layers_name (layers, b, "y.z");
  guint by = bf_layers_name (layers, BF_LAYER_NONE, "b.y");
  g_assert_cmpuint (bf_layers_name (layers, a, "x"), ==, ax);
  g_autofree guint *ranks = bf_layers_ranks (layers);
  g_assert_cmpuint (ranks[ax], ==, 0);
  g_assert_cmpuint (ranks[a], ==, 1);
  g_assert_cmpuint (ranks[byz], ==, 2);
  g_assert_cmpuint (ranks[by], ==, 3);
  g_assert_cmpuint (ranks[b], ==, 4);
  g_assert_cmpuint (ranks[anonymous], ==, 5);
  g_assert_cmpuint (ranks[BF_LAYER_NONE], ==, 6);

  const char *p = "<p id=x class='a b'>a</p>";
  /* The later layer wins over a more specific selector; the order the
   * statement names comes first. */
  g_assert_cmphex (layered_colour (p, "@layer one, two; @layer two { .a { color: #000002 } } "
                                      "@layer one { #x.a.b { color: #000001 } }"), ==, 0x000002);
  /* Unlayered wins over every layer. */
  g_assert_cmphex (layered_colour (p, "p { color: #000003 } @layer one { #x { color: #000001 } }"),
                   ==, 0x000003);
  /* !important: the earlier layer wins, and over unlayered !important. */
  g_assert_cmphex (layered_colour (p, "@layer one { .a { color: #000001 !important } } "
                                      "@layer two { #x { color: #000002 !important } } "
                                      "#x.a { color: #000003 !important }"), ==, 0x000001);
  /* style="" wins over any layer's rule of its importance, and loses to
   * an !important one. */
  g_assert_cmphex (layered_colour ("<p id=x style='color: #000004'>a</p>",
                                   "@layer one { #x { color: #000001 } }"), ==, 0x000004);
  g_assert_cmphex (layered_colour ("<p id=x style='color: #000004'>a</p>",
                                   "@layer one { #x { color: #000001 !important } }"), ==, 0x000001);
  /* A layer's own rules win over its sublayers'; an anonymous layer is
   * a new one each time. */
  g_assert_cmphex (layered_colour (p, "@layer one { .a { color: #000001 } } "
                                      "@layer one.sub { #x.a.b { color: #000002 } }"), ==, 0x000001);
  g_assert_cmphex (layered_colour (p, "@layer { .a { color: #000001 } } "
                                      "@layer { p { color: #000002 } }"), ==, 0x000002);
  /* Inside @media, a layer is the same layer. */
  g_assert_cmphex (layered_colour (p, "@layer one, two; @media print { @layer two { p { color: "
                                      "#000002 } } } @layer one { #x { color: #000001 } }"),
                   ==, 0x000002);
}

static void
test_site_sheets (void)
{
  BfComputedStyle s;
  g_autoptr (GPtrArray) warnings = NULL;
  cascaded ("<p id=x>a</p>", ":root { --empty: ; } p { color: #008000; font-family: var(--empty) }",
            "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmphex (s.color, ==, 0x008000);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  cascaded ("<p id=x>a</p>", "@keyframes spin { from { rotate: 0deg } 50% { rotate: 180deg } } "
            "p { color: #008000 }", "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "@keyframes is not supported"));
  g_clear_pointer (&warnings, g_ptr_array_unref);
  g_autoptr (BfCssStylesheet) frames
      = bf_css_stylesheet_parse ("@keyframes spin { from { rotate: 0deg } }", -1, "k.css");
  g_autofree char *epub = bf_css_stylesheet_serialize_for_epub (frames, NULL, NULL);
  g_assert_nonnull (strstr (epub, "@keyframes spin {\nfrom {\n  rotate: 0deg;\n}\n}"));
  /* CSS's own properties (and browsers', by prefix) are told apart from
   * misspelt ones. */
  static const char *const standard[] = { "accent-color", "all", "gap", "grid-template-areas",
                                          "position", "transition", "z-index", "zoom",
                                          "-webkit-box-orient", "-moz-osx-font-smoothing" };
  for (gsize i = 0; i < G_N_ELEMENTS (standard); i++)
    g_assert_true (bf_css_property_is_standard (standard[i]));
  static const char *const misspelt[] = { "colr", "gird", "", "a", "zzz", "webkit-box",
                                          "positions", "z-indexx" };
  for (gsize i = 0; i < G_N_ELEMENTS (misspelt); i++)
    g_assert_false (bf_css_property_is_standard (misspelt[i]));
  /* Flex and grid containers are read, without a warning. */
  cascaded ("<p id=x>a</p>", "p { display: grid }", "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpint (s.display, ==, BF_DISPLAY_FLEX);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  cascaded ("<p id=x>a</p>", "p { display: inline-flex }", "x", &s, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpint (s.display, ==, BF_DISPLAY_INLINE);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* A cascade layer's rules apply; "@layer a, b;" only names an order. */
  cascaded ("<p id=x>a</p>", "@layer base, theme; @layer base { p { color: #0000c0 } }", "x", &s,
            &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmphex (s.color, ==, 0x0000c0);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  /* 30 properties bifolio does not know, in one sheet. */
  GString *css = g_string_new ("p {");
  for (int i = 0; i < 30; i++)
    g_string_append_printf (css, " unknown-%d: 1;", i);
  g_string_append (css, " }");
  cascaded ("<p id=x>a</p>", css->str, "x", &s, &warnings);
  g_string_free (css, TRUE);
  g_assert_cmpuint (warnings->len, ==, 21);
  g_assert_nonnull (strstr (warnings->pdata[19], "unknown property 'unknown-19'"));
  g_assert_cmpstr (strstr (warnings->pdata[20], ": warning: "), ==,
                   ": warning: 10 more warnings about this sheet not listed (the first 20 are)");
}

/* Selectors Level 4 written in Level 3 for the EPUB (epubcheck reads no
 * other): each expected list worked out from the selectors' meaning. */
static void
test_selectors_level3 (void)
{
  static const struct {
    const char *selectors, *level3;
    guint dropped;
  } cases[] = {
    { "p:is(.a, .b) span", "p.a span, p.b span", 0 },
    { ":is(h1, h2) a", "h1 a, h2 a", 0 },
    { ":where(div, .x) > p", "div > p, .x > p", 0 },
    { "*:is(p)", "p", 0 },
    { ":is(:is(h1, h2), h3)", "h1, h2, h3", 0 },
    { "a:not(.x.y)", "a:not(.x), a:not(.y)", 0 },
    { "a:not(.x, .y)", "a:not(.x):not(.y)", 0 },
    { "a:not(.x.y, .z)", "a:not(.x):not(.z), a:not(.y):not(.z)", 0 },
    { ".g > :not(.c:first-child) + .b", ".g > :not(.c) + .b, .g > :not(:first-child) + .b", 0 },
    { "li:not(:first-child), p[title]", "li:not(:first-child), p[title]", 0 },
    { "div:has(> p), p", "p", 1 },
    { ".a :is(.b .c)", NULL, 1 },
    { "p:is(div)", NULL, 0 },         /* nothing is both */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *css = g_strdup_printf ("%s { color: red }", cases[i].selectors);
      g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css, -1, "l.css");
      guint dropped = 0;
      g_autofree char *level3 = bf_css_selectors_level3 (((BfCssRule *) sheet->rules->pdata[0])->prelude,
                                                         &dropped);
      g_test_message ("%s", cases[i].selectors);
      g_assert_cmpstr (level3, ==, cases[i].level3);
      g_assert_cmpuint (dropped, ==, cases[i].dropped);
    }
}

/* The EPUB's font-family lists name its fallback faces before their
 * generic family, or last; keywords and var() are left as they are. */
static void
test_serialize_fallback_families (void)
{
  const char *css = "p { font-family: \"A\", serif }\n"
                    "q { font-family: \"A\", B }\n"
                    "r { font-family: inherit }\n"
                    "s { font-family: var(--f) }\n"
                    "t { font-family: monospace }\n";
  const char *families[] = { "F1", "F2", NULL };
  g_autoptr (BfCssStylesheet) sheet = bf_css_stylesheet_parse (css, -1, "s.css");
  g_autofree char *epub = bf_css_stylesheet_serialize_for_epub (sheet, families, NULL);
  g_assert_nonnull (strstr (epub, "font-family: \"A\", \"F1\", \"F2\", serif;"));
  g_assert_nonnull (strstr (epub, "font-family: \"A\", B, \"F1\", \"F2\";"));
  g_assert_nonnull (strstr (epub, "font-family: inherit;"));
  g_assert_nonnull (strstr (epub, "font-family: var(--f);"));
  g_assert_nonnull (strstr (epub, "font-family: \"F1\", \"F2\", monospace;"));
  /* A font shorthand's list too, its size and line height kept. */
  g_autoptr (BfCssStylesheet) shorthand
      = bf_css_stylesheet_parse ("u { font: italic 12pt/1.5 Georgia, serif }", -1, "f.css");
  g_autofree char *font = bf_css_stylesheet_serialize_for_epub (shorthand, families, NULL);
  g_assert_nonnull (strstr (font, "font: italic 12pt/1.5 Georgia, \"F1\", \"F2\", serif;"));
  /* Without fallback faces, as written. */
  g_autofree char *plain = bf_css_stylesheet_serialize_for_epub (sheet, NULL, NULL);
  g_assert_nonnull (strstr (plain, "font-family: \"A\", serif;"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/css/tokens", test_tokens);
  g_test_add_func ("/css/positions", test_positions);
  g_test_add_func ("/css/rules", test_rules);
  g_test_add_func ("/css/error-recovery", test_error_recovery);
  g_test_add_func ("/css/style-attribute", test_style_attribute);
  g_test_add_func ("/css/deep-nesting", test_deep_nesting);
  g_test_add_func ("/css/deep-at-rules", test_deep_at_rules);
  g_test_add_func ("/css/selectors/specificity", test_specificity);
  g_test_add_func ("/css/selectors/invalid", test_invalid_selectors);
  g_test_add_func ("/css/selectors/matching", test_matching);
  g_test_add_func ("/css/selectors/level4-and-states", test_level4_and_states);
  g_test_add_func ("/css/selectors/sibling-cache", test_sibling_cache);
  g_test_add_func ("/css/rule-index", test_rule_index);
  g_test_add_func ("/css/cascade", test_cascade);
  g_test_add_func ("/css/serialize", test_serialize);
  g_test_add_func ("/css/serialize-fallback-families", test_serialize_fallback_families);
  g_test_add_func ("/css/supports", test_supports);
  g_test_add_func ("/css/media-queries", test_media_queries);
  g_test_add_func ("/css/font-shorthand", test_font_shorthand);
  g_test_add_func ("/css/font-variant", test_font_variant);
  g_test_add_func ("/css/site-sheets", test_site_sheets);
  g_test_add_func ("/css/layers", test_layers);
  g_test_add_func ("/css/selectors-level3", test_selectors_level3);
  return g_test_run ();
}
