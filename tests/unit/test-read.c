/* test-read.c — the read stage: Markdown with front matter, raw HTML
 * blocks, GFM extensions, plain text, HTML, and the errors for bad input. */
#include <string.h>

#include "tree-helpers.h"

static BfDocument *
parse (const char *text, const char *name)
{
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (text, strlen (text), name, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static char *
prop (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static void
test_front_matter (void)
{
  g_autoptr (BfDocument) doc = parse ("---\ntitle: A Title\nsubtitle: Sub\nauthor: [One, Two]\n"
                                      "date: 2024-01-02\nlang: fa\ndir: rtl\n---\n\nBody.\n",
                                      "x.md");
  g_assert_cmpstr (bf_document_get_metadata (doc, "title"), ==, "A Title");
  g_assert_cmpstr (bf_document_get_metadata (doc, "subtitle"), ==, "Sub");
  g_assert_cmpstr (bf_document_get_metadata (doc, "author"), ==, "One, Two");
  g_assert_cmpstr (bf_document_get_metadata (doc, "date"), ==, "2024-01-02");
  xmlNodePtr html = xmlDocGetRootElement (doc->tree);
  g_autofree char *lang = prop (html, "lang");
  g_autofree char *dir = prop (html, "dir");
  g_assert_cmpstr (lang, ==, "fa");
  g_assert_cmpstr (dir, ==, "rtl");
  /* The title block comes first in the body, then the text. */
  xmlNodePtr header = find_element (bf_document_get_body (doc), "header");
  g_assert_nonnull (header);
  g_autofree xmlChar *title = xmlNodeGetContent (find_element (header, "h1"));
  g_assert_cmpstr ((char *) title, ==, "A Title");
  g_autofree xmlChar *body = xmlNodeGetContent (find_element (bf_document_get_body (doc), "p"));
  g_assert_cmpstr ((char *) body, ==, "Sub");
}

static void
test_raw_html_block (void)
{
  g_autoptr (BfDocument) doc = parse ("Intro.\n\n<div lang=\"fa\" dir=\"rtl\">\n\nسلام *دنیا*\n\n</div>\n",
                                      "x.md");
  xmlNodePtr div = find_element (bf_document_get_body (doc), "div");
  g_assert_nonnull (div);
  g_autofree char *lang = prop (div, "lang");
  g_assert_cmpstr (lang, ==, "fa");
  /* Markdown inside the block is still Markdown. */
  xmlNodePtr em = find_element (div, "em");
  g_assert_nonnull (em);
  g_autofree xmlChar *text = xmlNodeGetContent (em);
  g_assert_cmpstr ((char *) text, ==, "دنیا");
}

/* Whether a child of @parent is a link to @href. */
static gboolean
has_link_to (xmlNodePtr parent, const char *href)
{
  for (xmlNodePtr n = parent->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && !xmlStrcmp (n->name, BAD_CAST "a"))
      {
        g_autofree char *h = prop (n, "href");
        if (g_strcmp0 (h, href) == 0)
          return TRUE;
      }
  return FALSE;
}

static void
test_gfm_extensions (void)
{
  g_autoptr (BfDocument) doc = parse ("A note.[^n] ~~gone~~ https://example.org\n\n"
                                      "| a | b |\n|---|---|\n| 1 | 2 |\n\n[^n]: The note.\n",
                                      "x.md");
  xmlNodePtr body = bf_document_get_body (doc);
  g_assert_nonnull (find_element (body, "table"));
  g_assert_nonnull (find_element (body, "del"));
  xmlNodePtr section = find_element (body, "section");
  g_assert_nonnull (section);
  g_autofree char *cls = prop (section, "class");
  g_assert_cmpstr (cls, ==, "footnotes");
  xmlNodePtr a = find_element (find_element (body, "p"), "a");
  g_autofree char *href = prop (a, "href");
  g_assert_true (g_str_has_prefix (href, "#fn"));
  /* The autolink. */
  g_assert_true (has_link_to (find_element (body, "p"), "https://example.org"));
}

/* A note that cites another, defined before it at the end of the document
 * (cmark puts definitions in the order they are first cited): both keep
 * their text, and the citation inside the first leads to the second. */
static void
test_footnote_in_footnote (void)
{
  g_autoptr (BfDocument) doc = parse ("First[^b], then[^a].\n\n[^a]: Note a cites[^b].\n\n"
                                      "[^b]: Note b.\n\nAfter the notes.\n",
                                      "x.md");
  xmlNodePtr body = bf_document_get_body (doc);
  g_autofree xmlChar *all = xmlNodeGetContent (body);
  g_assert_nonnull (strstr ((char *) all, "After the notes."));
  xmlNodePtr section = find_element (body, "section");
  g_assert_nonnull (section);
  xmlNodePtr ol = find_element (section, "ol");
  xmlNodePtr items[2] = { NULL, NULL };
  int n = 0;
  for (xmlNodePtr li = ol->children; li; li = li->next)
    if (li->type == XML_ELEMENT_NODE && n < 2)
      items[n++] = li;
  g_assert_cmpint (n, ==, 2);
  g_autofree xmlChar *first = xmlNodeGetContent (items[0]);
  g_autofree xmlChar *second = xmlNodeGetContent (items[1]);
  g_assert_nonnull (strstr ((char *) first, "Note b."));
  g_assert_nonnull (strstr ((char *) second, "Note a cites"));
  /* The citation of b inside a leads to b's note. */
  g_autofree char *b_id = prop (items[0], "id");
  g_assert_nonnull (b_id);
  g_autofree char *b_href = g_strdup_printf ("#%s", b_id);
  xmlNodePtr citation = find_element (items[1], "a");
  g_assert_nonnull (citation);
  g_assert_true (has_link_to (citation->parent, b_href));
}

static void
test_plain_text (void)
{
  g_autoptr (BfDocument) doc = parse ("First line\nsame paragraph.\n\n\nSecond\n", "x.txt");
  xmlNodePtr p = find_element (bf_document_get_body (doc), "p");
  g_autofree xmlChar *first = xmlNodeGetContent (p);
  g_assert_cmpstr ((char *) first, ==, "First line same paragraph.");
  xmlNodePtr second = p->next;
  while (second && second->type != XML_ELEMENT_NODE)
    second = second->next;
  g_autofree xmlChar *text = xmlNodeGetContent (second);
  g_assert_cmpstr ((char *) text, ==, "Second");
  g_assert_null (second->next);
}

static void
test_html (void)
{
  g_autoptr (BfDocument) doc = parse ("<html lang=\"en\"><head><title>T</title>"
                                      "<meta name=\"author\" content=\"Me\"></head><body>"
                                      "<p>One <span lang=\"fa\" dir=\"rtl\">دو</span></p></body></html>",
                                      "x.html");
  g_assert_cmpstr (bf_document_get_metadata (doc, "title"), ==, "T");
  g_assert_cmpstr (bf_document_get_metadata (doc, "author"), ==, "Me");
  g_assert_cmpstr (bf_document_get_metadata (doc, "lang"), ==, "en");
  xmlNodePtr span = find_element (bf_document_get_body (doc), "span");
  g_autofree char *dir = prop (span, "dir");
  g_assert_cmpstr (dir, ==, "rtl");
}

/* "LINE:COLUMN" where the text of the @index-th <style> of @doc begins
 * in its file, or "-" when it is not known. */
static char *
style_origin (const BfDocument *doc, int index)
{
  xmlNodePtr found = NULL;
  int seen = 0;
  for (xmlNodePtr n = xmlDocGetRootElement (doc->tree); n; )
    {
      if (n->type == XML_ELEMENT_NODE && !xmlStrcmp (n->name, BAD_CAST "style") && seen++ == index)
        {
          found = n;
          break;
        }
      if (n->children)
        n = n->children;
      else
        {
          while (n && !n->next)
            n = n->parent;
          n = n ? n->next : NULL;
        }
    }
  g_assert_nonnull (found);
  long line;
  int column;
  if (!bf_document_style_origin (doc, found, &line, &column))
    return g_strdup ("-");
  return g_strdup_printf ("%ld:%d", line, column);
}

static void
test_style_origins (void)
{
  /* Columns in characters (Persian letters are two bytes each), counted
   * by hand; a '>' inside a quoted value does not end the tag; a comment
   * and a script holding "<style>" are not tags. */
  g_autoptr (BfDocument) doc = parse ("<html><head><title>&lt;style&gt;</title>\n"
                                      "<!-- <style>a{}</style> -->\n"
                                      "<script>x = '<style>'</script><style>p{}</style>\n"
                                      "<style media=\"a>b\">q{}</style><style\n"
                                      "  title='فا'>r{}</style></head><body>\n"
                                      "<svg width='9' height='9'><style>c{}</style>"
                                      "<circle r='1'/></svg><style>s{}</style></body></html>",
                                      "x.html");
  g_autofree char *first = style_origin (doc, 0);
  g_autofree char *second = style_origin (doc, 1);
  g_autofree char *third = style_origin (doc, 2);
  g_assert_cmpstr (first, ==, "3:38");
  g_assert_cmpstr (second, ==, "4:20");
  g_assert_cmpstr (third, ==, "5:14");
  /* The inline SVG became a picture, its <style> with it; the next keeps
   * its place. */
  g_autofree char *fourth = style_origin (doc, 3);
  g_assert_cmpstr (fourth, ==, "6:73");
  /* Markdown's raw HTML blocks keep theirs, in a list item too (cmark
   * takes its indent off the block's text); inline HTML keeps none: its
   * warnings name the element's line. */
  g_autoptr (BfDocument) md = parse ("# T\n\n<style>p{}</style>\n\n- a\n\n  <style>\n  q{}</style>\n\n"
                                     "Text <style>r{}</style> here.\n", "x.md");
  g_autofree char *block = style_origin (md, 0);
  g_autofree char *in_item = style_origin (md, 1);
  g_autofree char *inline_style = style_origin (md, 2);
  g_assert_cmpstr (block, ==, "3:8");
  g_assert_cmpstr (in_item, ==, "7:10");
  g_assert_cmpstr (inline_style, ==, "-");
}

/* The pieces html-scan.c cuts @html into, each as KIND[TEXT]: T text, G
 * a tag, C a comment, R:ELEMENT raw text, D a declaration; KIND~ when it
 * runs to the end unclosed. */
static char *
html_pieces (const char *html)
{
  GString *out = g_string_new (NULL);
  BfHtmlScanner scanner;
  bf_html_scanner_init (&scanner, html, strlen (html));
  static const char *const kinds[] = { "T", "G", "C", "R", "D" };
  for (BfHtmlPiece piece; bf_html_scanner_next (&scanner, &piece);)
    g_string_append_printf (out, "%s%s%s%s[%.*s] ", kinds[piece.kind],
                            piece.kind == BF_HTML_PIECE_RAW_TEXT ? ":" : "",
                            piece.kind == BF_HTML_PIECE_RAW_TEXT ? piece.element : "",
                            piece.unclosed ? "~" : "", (int) (piece.end - piece.start),
                            html + piece.start);
  return g_string_free (out, FALSE);
}

static void
test_html_scan (void)
{
  /* Cut by hand, as libxml2's HTML parser reads it: a '<' before a space
   * is text; "<style>" inside a quoted value and a comment opens nothing;
   * a quote not after '=' opens no value; a raw text ends at its end tag
   * in any case, and may be empty; a tag never closed runs to the end. */
  g_autofree char *pieces = html_pieces ("<!DOCTYPE html>x < y<p title='<style>'>b &check;</p>"
                                         "<!-- <script> --><STYLE media=x>p{}</Style>c"
                                         "<p don't>d</p><script></script><?pi?><br");
  g_assert_cmpstr (pieces, ==,
                   "D[<!DOCTYPE html>] T[x < y] G[<p title='<style>'>] T[b &check;] G[</p>] "
                   "C[<!-- <script> -->] G[<STYLE media=x>] R:style[p{}] G[</Style>] T[c] "
                   "G[<p don't>] T[d] G[</p>] G[<script>] R:script[] G[</script>] D[<?pi?>] "
                   "G~[<br] ");
  /* What is not closed: a <style> at the very end still has its (empty)
   * text; a comment, a raw text, a quoted value, a declaration. */
  g_autofree char *last = html_pieces ("<style>");
  g_assert_cmpstr (last, ==, "G[<style>] R:style~[] ");
  g_autofree char *comment = html_pieces ("a<!-- b");
  g_assert_cmpstr (comment, ==, "T[a] C~[<!-- b] ");
  g_autofree char *script = html_pieces ("<script>x</scrip>");
  g_assert_cmpstr (script, ==, "G[<script>] R:script~[x</scrip>] ");
  g_autofree char *quoted = html_pieces ("<a title = 'b>c");
  g_assert_cmpstr (quoted, ==, "G~[<a title = 'b>c] ");
  g_autofree char *declaration = html_pieces ("<!x");
  g_assert_cmpstr (declaration, ==, "D~[<!x] ");
  /* References are numbered in a <style>'s start tag, not in its text. */
  const char *style = "<style title=\"&check;\">a::after { content: '&check;' }</style>";
  g_autoptr (GString) numbered = bf_html_number_references (style, strlen (style));
  g_assert_nonnull (numbered);
  g_assert_cmpstr (numbered->str, ==,
                   "<style title=\"&#x2713;\">a::after { content: '&check;' }</style>");
}

/* The linear form bifolio makes of the MathML @math, as HTML. */
static char *
linear_math (const char *math)
{
  g_autofree char *page = g_strdup_printf ("<html><body><p>%s</p></body></html>", math);
  g_autoptr (BfDocument) doc = parse (page, "m.html");
  xmlNodePtr p = find_element (bf_document_get_body (doc), "p");
  g_assert_nonnull (p);
  xmlBufferPtr buffer = xmlBufferCreate ();
  for (xmlNodePtr n = p->children; n; n = n->next)
    xmlNodeDump (buffer, doc->tree, n, 0, 0);
  char *html = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return html;
}

static void
test_mathml (void)
{
  /* The forms a writer types, worked out by hand. */
  static const char *const cases[][2] = {
    { "<math><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></math>",
      "<span dir=\"ltr\" class=\"math\"><i>x</i> = 1/2</span>" },
    /* Groups in parentheses; a square under a root; the TeX annotation
     * not shown. */
    { "<math display=\"block\"><semantics><mrow><mfrac><mrow><mo>-</mo><mi>b</mi><mo>+</mo>"
      "<msqrt><msup><mi>b</mi><mn>2</mn></msup></msqrt></mrow><mrow><mn>2</mn><mi>a</mi></mrow>"
      "</mfrac></mrow><annotation encoding=\"application/x-tex\">\\frac{-b}{2a}</annotation>"
      "</semantics></math>",
      "<div dir=\"ltr\" class=\"math\" style=\"text-align: center\">(-<i>b</i> + "
      "\u221A<i>b</i><sup>2</sup>)/(2<i>a</i>)</div>" },
    /* Limits as scripts, with no spaces inside them; a function name
     * upright; invisible function application dropped. */
    { "<math><munderover><mo>\u2211</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
      "</munderover><msub><mi>x</mi><mi>i</mi></msub><mo>,</mo><mi>sin</mi><mo>&#x2061;</mo>"
      "<mi>\u03B8</mi></math>",
      "<span dir=\"ltr\" class=\"math\">\u2211<sub><i>i</i>=1</sub><sup><i>n</i></sup><i>x</i>"
      "<sub><i>i</i></sub>, sin<i>\u03B8</i></span>" },
    /* A root's index, fences, a table, a right-to-left formula. */
    { "<math dir=\"rtl\"><mroot><mi>x</mi><mn>3</mn></mroot><mfenced><mi>a</mi><mi>b</mi>"
      "</mfenced><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0"
      "</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable></math>",
      "<span dir=\"rtl\" class=\"math\"><sup>3</sup>\u221A<i>x</i>(<i>a</i>, <i>b</i>)"
      "[1, 0; 0, 1]</span>" },
    /* Text a page puts outside tokens is kept. */
    { "<math>E = mc<sup>2</sup></math>", "<span dir=\"ltr\" class=\"math\">E = mc2</span>" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = linear_math (cases[i][0]);
      g_assert_cmpstr (got, ==, cases[i][1]);
    }
}

/* The text of the first <@name> of the body of @html, exactly. */
static char *
text_of_first (const char *html, const char *name)
{
  g_autoptr (BfDocument) doc = parse (html, "c.html");
  xmlNodePtr el = find_element (bf_document_get_body (doc), name);
  g_assert_nonnull (el);
  xmlChar *content = xmlNodeGetContent (el);
  char *text = g_strdup ((const char *) content);
  xmlFree (content);
  return text;
}

static void
test_controls_apart (void)
{
  /* Each control's text set apart from the words and controls beside it,
   * through the end of its label; none added where a space is, nor in
   * preformatted text. */
  g_autofree char *form = text_of_first ("<html><body><p><label>Name<input value=\"Ada\"></label>"
                                         "<select><option>One</option></select><textarea>Long"
                                         "</textarea><button>Send</button>.</p></body></html>", "p");
  g_assert_cmpstr (form, ==, "Name Ada One Long Send .");
  g_autofree char *task = text_of_first ("<html><body><ul><li><input type=\"checkbox\" checked> "
                                         "Done</li></ul></body></html>", "li");
  g_assert_cmpstr (task, ==, "\u2611 Done");
  g_autofree char *pre = text_of_first ("<html><body><pre>a<button>b</button>c</pre></body></html>",
                                        "pre");
  g_assert_cmpstr (pre, ==, "abc");
}

static void
expect_error (const char *text, gsize length, const char *name, int code, const char *message)
{
  GError *error = NULL;
  BfDocument *doc = bf_document_parse (text, length, name, BF_INPUT_AUTO, &error);
  g_assert_null (doc);
  g_assert_error (error, BF_ERROR, code);
  if (!strstr (error->message, message))
    g_error ("expected '%s' in '%s'", message, error->message);
  g_error_free (error);
}

static void
test_errors (void)
{
  expect_error ("ok\nline two\nab\xff cd\n", 17, "bad.md", BF_ERROR_FORMAT,
                "bad.md:3:3: invalid UTF-8 (byte 0xFF)");
  expect_error ("---\ntitle: [unclosed\nauthor: x\n---\nBody\n", 38, "fm.md", BF_ERROR_FORMAT,
                "fm.md:");
  expect_error ("---\ntitle: x\n", 13, "open.md", BF_ERROR_FORMAT,
                "open.md:1:1: front matter is not closed");
  expect_error ("---\n- a\n- b\n---\n", 16, "list.md", BF_ERROR_FORMAT,
                "list.md:2:1: malformed front matter");

  GError *error = NULL;
  g_assert_null (bf_document_load ("/nonexistent/file.md", BF_INPUT_AUTO, &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "/nonexistent/file.md: cannot read: no such file");
  g_error_free (error);
}

/* A mapping's entries become "key.entry", scalars and lists alike; deeper
 * levels are not metadata. */
static void
test_front_matter_mapping (void)
{
  g_autoptr (BfDocument) doc = parse ("---\ntitle: T\naccessibility:\n  Summary: Read aloud.\n"
                                      "  hazard: [noFlashingHazard, noSoundHazard]\n"
                                      "  deeper: {a: b}\n---\n\nBody.\n",
                                      "x.md");
  g_assert_cmpstr (bf_document_get_metadata (doc, "title"), ==, "T");
  g_assert_cmpstr (bf_document_get_metadata (doc, "accessibility.summary"), ==, "Read aloud.");
  g_assert_cmpstr (bf_document_get_metadata (doc, "accessibility.hazard"), ==,
                   "noFlashingHazard, noSoundHazard");
  g_assert_null (bf_document_get_metadata (doc, "accessibility"));
  g_assert_null (bf_document_get_metadata (doc, "accessibility.deeper"));
  g_assert_null (bf_document_get_metadata (doc, "accessibility.deeper.a"));
}

static void
test_front_matter_error_line (void)
{
  const char *text = "---\ntitle: ok\nauthor: \"unclosed\n---\nBody\n";
  GError *error = NULL;
  g_assert_null (bf_document_parse (text, strlen (text), "q.md", BF_INPUT_AUTO, &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_FORMAT);
  /* The unclosed quote starts on line 3 of the file. */
  g_assert_true (g_str_has_prefix (error->message, "q.md:3:") || g_str_has_prefix (error->message, "q.md:4:"));
  g_error_free (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/read/front-matter", test_front_matter);
  g_test_add_func ("/read/front-matter-mapping", test_front_matter_mapping);
  g_test_add_func ("/read/front-matter-error-line", test_front_matter_error_line);
  g_test_add_func ("/read/raw-html-block", test_raw_html_block);
  g_test_add_func ("/read/gfm-extensions", test_gfm_extensions);
  g_test_add_func ("/read/footnote-in-footnote", test_footnote_in_footnote);
  g_test_add_func ("/read/plain-text", test_plain_text);
  g_test_add_func ("/read/html", test_html);
  g_test_add_func ("/read/style-origins", test_style_origins);
  g_test_add_func ("/read/html-scan", test_html_scan);
  g_test_add_func ("/read/mathml", test_mathml);
  g_test_add_func ("/read/controls-apart", test_controls_apart);
  g_test_add_func ("/read/errors", test_errors);
  return g_test_run ();
}
