/* markdown.c — Markdown to the document tree through cmark-gfm: CommonMark
 * plus the GFM table, strikethrough, autolink and task list extensions and
 * footnotes; GitHub's emoji short codes (":rocket:") are emoji
 * (emoji.c).  A task list item is written as GitHub writes it: a class
 * task-list-item, and a disabled check box before its text.
 *
 * cmark's node tree is turned into the libxml2 tree node by node, never
 * through one HTML text: each raw HTML block (and each paragraph holding
 * raw inline HTML) is parsed as a fragment of its own, so a broken tag or an
 * unclosed comment ends with its block instead of swallowing the rest of the
 * document.  A raw block that opens a container and leaves it open
 * (`<div dir="rtl">`, `<details>`) holds the Markdown blocks that follow,
 * up to the raw block that closes it or the end of the Markdown container it
 * was opened in, as Markdown readers that allow Markdown inside HTML do.
 *
 * A top-level block quote whose first line is only "[!NOTE]", "[!TIP]",
 * "[!IMPORTANT]", "[!WARNING]" or "[!CAUTION]" is a GitHub alert, written
 * as GitHub writes it: <div class="markdown-alert markdown-alert-note">
 * with a <p class="markdown-alert-title"> first (its words are put in by
 * bf_document_title_alerts, once the language is known).
 *
 * Elements carry the line they come from (xmlGetLineNo), for warnings.
 * Nesting deeper than BF_READ_MAX_DEPTH is flattened here, with a warning. */
#include "read/read.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <string.h>

static const char *const extension_names[] = { "table", "strikethrough", "autolink", "tasklist" };

typedef struct {
  cmark_node *node;      /* the Markdown container, or NULL for a raw HTML element */
  xmlNodePtr element;    /* where its children go */
  int line;              /* where it opened */
} OpenBox;

typedef struct {
  BfDocument *doc;
  xmlDocPtr tree;
  int line_offset;       /* lines before the Markdown text (front matter) */
  int options;
  cmark_llist *extensions;
  GArray *open;          /* OpenBox, outermost first; [0] is the body */
  xmlNodePtr notes;      /* the footnote section's <ol>, made on first use */
  gboolean warned_depth;
  int flattened;         /* Markdown containers open but set flat (too deep) */
  int block_line;        /* line of the block being read, for warnings */
  gboolean warned_controls;
  cmark_node *alert;     /* the top-level block quote that is a GitHub alert, */
  const char *alert_kind; /* and its kind ("note"…), or NULL */
} MarkdownReader;

static void warn_at (MarkdownReader *r, int line, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* ------------------------------------------------------------ helpers */

static xmlNodePtr
current_parent (MarkdownReader *r)
{
  return g_array_index (r->open, OpenBox, r->open->len - 1).element;
}

static int
line_of (MarkdownReader *r, cmark_node *node)
{
  return cmark_node_get_start_line (node) + r->line_offset;
}

static void
set_line (xmlNodePtr node, int line)
{
  node->line = (unsigned short) CLAMP (line, 0, 65535);
}

static xmlNodePtr
add_element (MarkdownReader *r, xmlNodePtr parent, const char *name, cmark_node *from)
{
  xmlNodePtr el = xmlNewDocNode (r->tree, NULL, BAD_CAST name, NULL);
  if (from)
    set_line (el, line_of (r, from));
  return xmlAddChild (parent, el);
}

/* TRUE for a character XML 1.0 does not allow in text (C0 controls other
 * than tab, line feed and carriage return; U+FFFE, U+FFFF). */
static gboolean
is_not_xml_char (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
}

/* @text without the characters XML cannot hold, or NULL when it has none;
 * the first time, a warning names them. */
static char *
without_control_characters (MarkdownReader *r, const char *text)
{
  /* A byte scan first (the common case: nothing to leave out): C0 controls
   * are single bytes, U+FFFE and U+FFFF are EF BF BE and EF BF BF. */
  const unsigned char *u = (const unsigned char *) text;
  while (*u && (*u >= 0x20 || *u == '\t' || *u == '\n' || *u == '\r')
         && !(u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF)))
    u++;
  if (!*u)
    return NULL;
  const char *p = (const char *) u;
  GString *out = g_string_new_len (text, p - text);
  GString *names = g_string_new (NULL);
  for (; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!is_not_xml_char (c))
        g_string_append_unichar (out, c);
      else if (names->len < 40)
        g_string_append_printf (names, "%sU+%04X", names->len ? " " : "", c);
    }
  if (!r->warned_controls)
    warn_at (r, r->block_line, "control characters are not text and are left out: %s", names->str);
  r->warned_controls = TRUE;
  g_string_free (names, TRUE);
  return g_string_free (out, FALSE);
}

static void
add_text (MarkdownReader *r, xmlNodePtr parent, const char *text)
{
  if (!text || !*text)
    return;
  g_autofree char *clean = without_control_characters (r, text);
  xmlAddChild (parent, xmlNewDocText (r->tree, BAD_CAST (clean ? clean : text))); /* merges with a text before */
}

static void
set_text_prop (MarkdownReader *r, xmlNodePtr el, const char *name, const char *value)
{
  g_autofree char *clean = without_control_characters (r, value);
  xmlNewProp (el, BAD_CAST name, BAD_CAST (clean ? clean : value));
}

/* A URL as cmark-gfm's HTML writer escapes it: bytes outside the safe set
 * percent-encoded, so links and targets read the same as before. */
static char *
escape_href (const char *url)
{
  static const char safe[] = "-_.!~*'();/?:@&=+$,#%";
  GString *out = g_string_sized_new (strlen (url) + 8);
  for (const unsigned char *p = (const unsigned char *) url; *p; p++)
    {
      if (g_ascii_isalnum (*p) || (*p < 0x80 && strchr (safe, *p)))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

/* The text of @node's inline children with markup left out (an image's alt). */
static void
append_plain_text (GString *out, cmark_node *node)
{
  cmark_iter *iter = cmark_iter_new (node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *n = cmark_iter_get_node (iter);
      if (ev != CMARK_EVENT_ENTER || n == node)
        continue;
      switch (cmark_node_get_type (n))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
          g_string_append (out, cmark_node_get_literal (n));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);
}

static gboolean
is_type (cmark_node *node, const char *name)
{
  return g_str_equal (cmark_node_get_type_string (node), name);
}

/* TRUE when the inline content of @leaf can be built node by node: no raw
 * HTML (which needs the HTML parser) and no footnote reference (whose number
 * only cmark's writer knows). */
static gboolean
inlines_are_plain (cmark_node *leaf)
{
  gboolean plain = TRUE;
  cmark_iter *iter = cmark_iter_new (leaf);
  cmark_event_type ev;
  while (plain && (ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *n = cmark_iter_get_node (iter);
      if (ev != CMARK_EVENT_ENTER || n == leaf)
        continue;
      switch (cmark_node_get_type (n))
        {
        case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_CODE: case CMARK_NODE_EMPH: case CMARK_NODE_STRONG:
        case CMARK_NODE_LINK: case CMARK_NODE_IMAGE:
          break;
        default:
          plain = is_type (n, "strikethrough");
          break;
        }
    }
  cmark_iter_free (iter);
  return plain;
}

/* ------------------------------------------------------------ inlines */

static void
build_inlines (MarkdownReader *r, cmark_node *leaf, xmlNodePtr into)
{
  xmlNodePtr parent = into;
  cmark_iter *iter = cmark_iter_new (leaf);
  cmark_event_type ev;
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *n = cmark_iter_get_node (iter);
      if (n == leaf)
        continue;
      gboolean enter = ev == CMARK_EVENT_ENTER;
      const char *name = NULL;
      switch (cmark_node_get_type (n))
        {
        case CMARK_NODE_TEXT:
          add_text (r, parent, cmark_node_get_literal (n));
          continue;
        case CMARK_NODE_SOFTBREAK:
          add_text (r, parent, "\n");
          continue;
        case CMARK_NODE_LINEBREAK:
          add_element (r, parent, "br", NULL);
          add_text (r, parent, "\n");
          continue;
        case CMARK_NODE_CODE:
          {
            xmlNodePtr code = add_element (r, parent, "code", NULL);
            add_text (r, code, cmark_node_get_literal (n));
            continue;
          }
        case CMARK_NODE_IMAGE:
          {
            if (!enter)
              continue;
            xmlNodePtr img = add_element (r, parent, "img", n);
            g_autofree char *src = escape_href (cmark_node_get_url (n));
            xmlNewProp (img, BAD_CAST "src", BAD_CAST src);
            GString *alt = g_string_new (NULL);
            append_plain_text (alt, n);
            set_text_prop (r, img, "alt", alt->str);
            g_string_free (alt, TRUE);
            const char *title = cmark_node_get_title (n);
            if (title && *title)
              set_text_prop (r, img, "title", title);
            cmark_iter_reset (iter, n, CMARK_EVENT_EXIT);
            continue;
          }
        case CMARK_NODE_EMPH:
          name = "em";
          break;
        case CMARK_NODE_STRONG:
          name = "strong";
          break;
        case CMARK_NODE_LINK:
          name = "a";
          break;
        default:
          name = "del"; /* strikethrough: the only other kind inlines_are_plain lets in */
          break;
        }
      if (!enter)
        {
          parent = parent->parent;
          continue;
        }
      parent = add_element (r, parent, name, n);
      if (cmark_node_get_type (n) == CMARK_NODE_LINK)
        {
          g_autofree char *href = escape_href (cmark_node_get_url (n));
          xmlNewProp (parent, BAD_CAST "href", BAD_CAST href);
          const char *title = cmark_node_get_title (n);
          if (title && *title)
            set_text_prop (r, parent, "title", title);
        }
    }
  cmark_iter_free (iter);
}

/* Moves the nodes of a parsed fragment into @into, their lines counted
 * from @first_line. */
static void
adopt_fragment (MarkdownReader *r, const char *html, xmlNodePtr into, int first_line)
{
  xmlNodePtr list = bf_html_parse_fragment (r->tree, html, strlen (html), first_line);
  while (list)
    {
      xmlNodePtr next = list->next;
      xmlUnlinkNode (list);
      xmlAddChild (into, list);
      list = next;
    }
}

/* The inline content of @leaf, through cmark's HTML writer and the HTML
 * parser: for raw inline HTML and footnote references. */
static void
parse_inlines (MarkdownReader *r, cmark_node *leaf, xmlNodePtr into)
{
  GString *html = g_string_new (NULL);
  for (cmark_node *child = cmark_node_first_child (leaf); child; child = cmark_node_next (child))
    {
      char *part = cmark_render_html (child, r->options, r->extensions);
      g_string_append (html, part);
      free (part);
    }
  adopt_fragment (r, html->str, into, line_of (r, leaf));
  g_string_free (html, TRUE);
}

static void
add_inlines (MarkdownReader *r, cmark_node *leaf, xmlNodePtr into)
{
  if (inlines_are_plain (leaf))
    build_inlines (r, leaf, into);
  else
    parse_inlines (r, leaf, into);
}

/* ------------------------------------------------------------ raw HTML blocks */

/* What a raw HTML block leaves open or closes, read from its tags. */
typedef struct {
  GPtrArray *opened;       /* char*: start tags left open, outermost first */
  GPtrArray *closed;       /* char*: end tags with no start in the block, in order */
  GString *text;           /* the block, repaired so that it ends with itself */
} RawScan;

static gboolean
is_void_element (const char *name)
{
  static const char *const voids[] = { "area", "base", "br", "col", "embed", "hr", "img", "input",
                                       "link", "meta", "param", "source", "track", "wbr", NULL };
  return g_strv_contains (voids, name);
}

/* Elements that a raw block may open for the Markdown after it. */
static gboolean
holds_blocks (const char *name)
{
  static const char *const containers[] = {
    "div", "section", "article", "aside", "details", "blockquote", "center", "main", "header",
    "footer", "nav", "figure", "dl", "dd", "ul", "ol", "li", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "form", "fieldset", NULL };
  return g_strv_contains (containers, name);
}

/* Elements whose end tag HTML lets a writer leave out. */
static gboolean
end_tag_optional (const char *name)
{
  static const char *const optional[] = { "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt",
                                          "rp", "colgroup", "caption", "html", "head", "body",
                                          NULL };
  return g_strv_contains (optional, name) || holds_blocks (name);
}

static void
warn_at (MarkdownReader *r, int line, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *text = g_strdup_vprintf (format, args);
  va_end (args);
  bf_document_add_warning (r->doc, "%s:%d: warning: %s", r->doc->name, line, text);
}

/* The line of @p inside @block, which starts on line @line. */
static int
line_in_block (const char *block, const char *p, int line)
{
  for (const char *q = block; q < p; q++)
    line += *q == '\n';
  return line;
}

static char *
tag_name (const char *p, const char *end, const char **after)
{
  const char *s = p;
  while (p < end && (g_ascii_isalnum (*p) || *p == '-' || *p == ':' || *p == '_'))
    p++;
  *after = p;
  return g_ascii_strdown (s, p - s);
}

static void
close_in_scan (RawScan *scan, const char *name)
{
  for (guint i = scan->opened->len; i-- > 0;)
    if (g_str_equal (scan->opened->pdata[i], name))
      {
        g_ptr_array_remove_range (scan->opened, i, scan->opened->len - i);
        return;
      }
  g_ptr_array_add (scan->closed, g_strdup (name));
}

/* Appends @n bytes of text at @p, each '<' in them escaped: a '<' that
 * begins no tag is text. */
static void
append_escaping_lt (GString *out, const char *p, gsize n)
{
  const char *end = p + n;
  for (const char *lt; (lt = memchr (p, '<', end - p)); p = lt + 1)
    {
      g_string_append_len (out, p, lt - p);
      g_string_append (out, "&lt;");
    }
  g_string_append_len (out, p, end - p);
}

/* Notes what the tag @p (of @n bytes, closed) opens or closes. */
static void
note_tag (RawScan *scan, const char *p, gsize n)
{
  gboolean closing = p[1] == '/';
  const char *after;
  g_autofree char *name = tag_name (p + 1 + closing, p + n, &after);
  if (closing)
    close_in_scan (scan, name);
  else if (p[n - 2] != '/' && !is_void_element (name))
    g_ptr_array_add (scan->opened, g_steal_pointer (&name));
}

/* Reads the tags of a raw block as the HTML parser will (html-scan.c):
 * which elements it leaves open, which it closes from before, and where it
 * is broken (an unterminated comment, tag or <script>), which is repaired
 * in scan->text with a warning. */
static void
scan_raw_block (MarkdownReader *r, const char *block, int line, RawScan *scan)
{
  scan->opened = g_ptr_array_new_with_free_func (g_free);
  scan->closed = g_ptr_array_new_with_free_func (g_free);
  scan->text = g_string_new (NULL);
  BfHtmlScanner scanner;
  bf_html_scanner_init (&scanner, block, strlen (block));
  for (BfHtmlPiece piece; bf_html_scanner_next (&scanner, &piece);)
    {
      const char *p = block + piece.start;
      gsize n = piece.end - piece.start;
      if (piece.kind == BF_HTML_PIECE_TEXT)
        {
          append_escaping_lt (scan->text, p, n);
          continue;
        }
      if (piece.kind == BF_HTML_PIECE_TAG && piece.unclosed)
        {
          /* No '>' to the block's end: the rest is text (every '<' of it
           * escaped, so that no later tag is looked for to the end again). */
          const char *after;
          gboolean closing = p[1] == '/';
          g_autofree char *name = tag_name (p + 1 + closing, p + n, &after);
          warn_at (r, line_in_block (block, p, line),
                   "the tag <%s%s is not closed; its text is kept as text", closing ? "/" : "",
                   name);
          append_escaping_lt (scan->text, p, n);
          return;
        }
      g_string_append_len (scan->text, p, n);
      if (piece.kind == BF_HTML_PIECE_TAG)
        note_tag (scan, p, n);
      else if (piece.kind == BF_HTML_PIECE_DECLARATION && piece.unclosed)
        g_string_append_c (scan->text, '>');
      else if (piece.kind == BF_HTML_PIECE_COMMENT && piece.unclosed)
        {
          warn_at (r, line_in_block (block, p, line),
                   "an HTML comment is not closed; it ends with its block");
          g_string_append (scan->text, "-->");
        }
      else if (piece.kind == BF_HTML_PIECE_RAW_TEXT && piece.unclosed)
        {
          warn_at (r, line_in_block (block, p + n, line),
                   "<%s> is not closed; it ends with its block", piece.element);
          g_string_append_printf (scan->text, "</%s>", piece.element);
          close_in_scan (scan, piece.element);
        }
    }
}

static void
raw_scan_clear (RawScan *scan)
{
  g_ptr_array_unref (scan->opened);
  g_ptr_array_unref (scan->closed);
  g_string_free (scan->text, TRUE);
}

/* The index in r->open of the innermost Markdown container (never above a
 * raw element it holds). */
static guint
innermost_markdown_box (MarkdownReader *r)
{
  guint i = r->open->len - 1;
  while (i > 0 && !g_array_index (r->open, OpenBox, i).node)
    i--;
  return i;
}

static void
close_raw_element (MarkdownReader *r, const char *name)
{
  guint floor = innermost_markdown_box (r);
  for (guint i = r->open->len - 1; i > floor; i--)
    if (xmlStrcasecmp (g_array_index (r->open, OpenBox, i).element->name, BAD_CAST name) == 0)
      {
        g_array_set_size (r->open, i);
        return;
      }
}

static xmlNodePtr
last_element_named (xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent->last; n; n = n->prev)
    if (n->type == XML_ELEMENT_NODE)
      return xmlStrcasecmp (n->name, BAD_CAST name) == 0 ? n : NULL;
  return NULL;
}

/* Records where the text of each <style> of the raw block @node begins in
 * the file, for the elements parsed from it, @first and after.  cmark
 * keeps a block's indent in its text but not what its container takes
 * (a list item's indent, a quote's "> "), which moves every line alike. */
static void
find_style_origins (MarkdownReader *r, cmark_node *node, xmlNodePtr first)
{
  const char *literal = cmark_node_get_literal (node);
  int indent = 0;
  while (literal[indent] == ' ')
    indent++;
  int column_offset = cmark_node_get_start_column (node) - 1 - indent;
  bf_style_origins_find_in (r->doc, first, literal, strlen (literal), line_of (r, node),
                            MAX (column_offset, 0));
}

static void
add_raw_block (MarkdownReader *r, cmark_node *node)
{
  int line = line_of (r, node);
  RawScan scan;
  scan_raw_block (r, cmark_node_get_literal (node), line, &scan);
  for (guint i = 0; i < scan.closed->len; i++)
    close_raw_element (r, scan.closed->pdata[i]);
  xmlNodePtr parent = current_parent (r);
  xmlNodePtr before = parent->last;
  adopt_fragment (r, scan.text->str, parent, line);
  find_style_origins (r, node, before ? before->next : parent->children);
  /* Elements left open hold what follows: find them in what was parsed. */
  xmlNodePtr holder = parent;
  for (guint i = 0; i < scan.opened->len; i++)
    {
      const char *name = scan.opened->pdata[i];
      xmlNodePtr el = last_element_named (holder, name);
      if (!el || (holder == parent && el == before))
        break;
      if (holds_blocks (name))
        {
          OpenBox box = { NULL, el, line };
          g_array_append_val (r->open, box);
        }
      else if (!end_tag_optional (name))
        warn_at (r, line, "<%s> is not closed; it ends with its block", name);
      holder = el;
      if (!holds_blocks (name))
        break;
    }
  raw_scan_clear (&scan);
}

/* ------------------------------------------------------------ blocks */

static void
open_box (MarkdownReader *r, cmark_node *node, xmlNodePtr element)
{
  OpenBox box = { node, element, line_of (r, node) };
  g_array_append_val (r->open, box);
}

/* Leaves Markdown container @node: raw elements still open inside it end
 * here, with a warning. */
static void
close_box (MarkdownReader *r, cmark_node *node)
{
  while (r->open->len > 1)
    {
      OpenBox *top = &g_array_index (r->open, OpenBox, r->open->len - 1);
      if (node && top->node == node)
        {
          g_array_set_size (r->open, r->open->len - 1);
          return;
        }
      if (top->node)
        {
          r->flattened--; /* @node was set flat: it has no box of its own */
          return;
        }
      warn_at (r, top->line, "<%s> is not closed; it ends with the %s around it",
               (const char *) top->element->name, node ? cmark_node_get_type_string (node) : "document");
      g_array_set_size (r->open, r->open->len - 1);
    }
}

static gboolean
too_deep (MarkdownReader *r, cmark_node *node)
{
  if (r->open->len + 4 < BF_READ_MAX_DEPTH)
    return FALSE;
  r->flattened++;
  if (!r->warned_depth)
    warn_at (r, line_of (r, node), "blocks nested deeper than %d levels are set flat; their text is kept",
             BF_READ_MAX_DEPTH);
  r->warned_depth = TRUE;
  return TRUE;
}

static gboolean
in_tight_list (cmark_node *paragraph)
{
  cmark_node *item = cmark_node_parent (paragraph);
  cmark_node *list = item ? cmark_node_parent (item) : NULL;
  return list && cmark_node_get_type (list) == CMARK_NODE_LIST && cmark_node_get_list_tight (list);
}

static const char *const alert_kinds[] = { "note", "tip", "important", "warning", "caution" };

/* The kind of alert @marker names ("[!NOTE]", in any case, white space
 * around it allowed), or NULL. */
static const char *
alert_kind_named (const char *marker)
{
  g_autofree char *text = g_strstrip (g_strdup (marker));
  gsize n = strlen (text);
  if (n < 4 || text[0] != '[' || text[1] != '!' || text[n - 1] != ']')
    return NULL;
  for (gsize k = 0; k < G_N_ELEMENTS (alert_kinds); k++)
    if (n - 3 == strlen (alert_kinds[k]) && !g_ascii_strncasecmp (text + 2, alert_kinds[k], n - 3))
      return alert_kinds[k];
  return NULL;
}

/* When top-level block @quote is a GitHub alert, its marker line is taken
 * out of its first paragraph and its kind returned; else NULL, and @quote
 * is left as it is.  An alert with nothing after its marker stays a
 * quote, as on GitHub. */
static const char *
take_alert_marker (cmark_node *quote)
{
  cmark_node *para = cmark_node_first_child (quote);
  if (cmark_node_get_type (quote) != CMARK_NODE_BLOCK_QUOTE || !para
      || cmark_node_get_type (para) != CMARK_NODE_PARAGRAPH)
    return NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  cmark_node *end = cmark_node_first_child (para); /* the line break after the marker, or NULL */
  for (; end; end = cmark_node_next (end))
    {
      cmark_node_type type = cmark_node_get_type (end);
      if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
        break;
      if (type != CMARK_NODE_TEXT || line->len > 16)
        return NULL;
      g_string_append (line, cmark_node_get_literal (end));
    }
  const char *kind = alert_kind_named (line->str);
  if (!kind || (!end && !cmark_node_next (para)))
    return NULL;
  cmark_node *stop = end ? cmark_node_next (end) : NULL;
  while (cmark_node_first_child (para) != stop)
    cmark_node_free (cmark_node_first_child (para));
  if (!stop)
    cmark_node_free (para);
  return kind;
}

static xmlNodePtr
alert_element (MarkdownReader *r, cmark_node *quote)
{
  xmlNodePtr div = add_element (r, current_parent (r), "div", quote);
  g_autofree char *classes = g_strconcat ("markdown-alert markdown-alert-", r->alert_kind, NULL);
  xmlNewProp (div, BAD_CAST "class", BAD_CAST classes);
  xmlNodePtr title = add_element (r, div, "p", quote);
  xmlNewProp (title, BAD_CAST "class", BAD_CAST "markdown-alert-title");
  return div;
}

static xmlNodePtr
container_element (MarkdownReader *r, cmark_node *node)
{
  xmlNodePtr parent = current_parent (r);
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      if (node == r->alert)
        return alert_element (r, node);
      return add_element (r, parent, "blockquote", node);
    case CMARK_NODE_LIST:
      {
        if (cmark_node_get_list_type (node) == CMARK_BULLET_LIST)
          return add_element (r, parent, "ul", node);
        xmlNodePtr ol = add_element (r, parent, "ol", node);
        int start = cmark_node_get_list_start (node);
        if (start != 1)
          {
            char number[16];
            g_snprintf (number, sizeof number, "%d", start);
            xmlNewProp (ol, BAD_CAST "start", BAD_CAST number);
          }
        return ol;
      }
    case CMARK_NODE_ITEM:
      {
        xmlNodePtr li = add_element (r, parent, "li", node);
        if (is_type (node, "tasklist"))
          xmlNewProp (li, BAD_CAST "class", BAD_CAST "task-list-item");
        return li;
      }
    default:
      return NULL;
    }
}

/* Puts the check box of a task list item before @into's text when
 * @paragraph opens the item, as GitHub's HTML has it. */
static void
add_task_check_box (MarkdownReader *r, cmark_node *paragraph, xmlNodePtr into)
{
  cmark_node *item = cmark_node_parent (paragraph);
  if (!item || !is_type (item, "tasklist") || cmark_node_first_child (item) != paragraph)
    return;
  xmlNodePtr box = xmlNewDocNode (r->tree, NULL, BAD_CAST "input", NULL);
  set_line (box, line_of (r, paragraph));
  xmlNewProp (box, BAD_CAST "type", BAD_CAST "checkbox");
  xmlNewProp (box, BAD_CAST "class", BAD_CAST "task-list-item-checkbox");
  xmlNewProp (box, BAD_CAST "disabled", BAD_CAST "");
  if (cmark_gfm_extensions_get_tasklist_item_checked (item))
    xmlNewProp (box, BAD_CAST "checked", BAD_CAST "");
  /* The space may merge into the text it meets: the node returned holds it. */
  xmlNodePtr space = xmlNewDocText (r->tree, BAD_CAST " ");
  space = into->children ? xmlAddPrevSibling (into->children, space) : xmlAddChild (into, space);
  xmlAddPrevSibling (space, box);
}

static void
add_code_block (MarkdownReader *r, cmark_node *node)
{
  xmlNodePtr pre = add_element (r, current_parent (r), "pre", node);
  xmlNodePtr code = add_element (r, pre, "code", node);
  const char *info = cmark_node_get_fence_info (node);
  if (info && *info)
    {
      gsize n = strcspn (info, " \t\r\n");
      g_autofree char *lang = g_strndup (info, n);
      g_autofree char *cls = g_strconcat ("language-", lang, NULL);
      xmlNewProp (code, BAD_CAST "class", BAD_CAST cls);
    }
  add_text (r, code, cmark_node_get_literal (node));
}

static void
add_table (MarkdownReader *r, cmark_node *table)
{
  xmlNodePtr el = add_element (r, current_parent (r), "table", table);
  uint8_t *aligns = cmark_gfm_extensions_get_table_alignments (table);
  int columns = cmark_gfm_extensions_get_table_columns (table);
  xmlNodePtr section = NULL;
  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      gboolean header = cmark_gfm_extensions_get_table_row_is_header (row);
      if (!section || (!header && xmlStrEqual (section->name, BAD_CAST "thead")))
        section = add_element (r, el, header ? "thead" : "tbody", row);
      xmlNodePtr tr = add_element (r, section, "tr", row);
      int column = 0;
      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell), column++)
        {
          xmlNodePtr td = add_element (r, tr, header ? "th" : "td", cell);
          char align = column < columns && aligns ? (char) aligns[column] : 0;
          const char *value = align == 'l' ? "left" : align == 'r' ? "right" : align == 'c' ? "center" : NULL;
          if (value)
            xmlNewProp (td, BAD_CAST "align", BAD_CAST value);
          add_inlines (r, cell, td);
        }
    }
}

/* A footnote definition, through cmark's writer (which numbers the
 * references and adds the way back), into the document's one footnote
 * section. */
static void
add_footnote (MarkdownReader *r, cmark_node *node)
{
  if (!r->notes)
    {
      xmlNodePtr body = g_array_index (r->open, OpenBox, 0).element;
      xmlNodePtr section = add_element (r, body, "section", node);
      xmlNewProp (section, BAD_CAST "class", BAD_CAST "footnotes");
      xmlNewProp (section, BAD_CAST "data-footnotes", BAD_CAST "");
      r->notes = add_element (r, section, "ol", node);
    }
  char *html = cmark_render_html (node, r->options, r->extensions);
  xmlNodePtr scratch = xmlNewDocNode (r->tree, NULL, BAD_CAST "div", NULL);
  adopt_fragment (r, html, scratch, line_of (r, node));
  free (html);
  /* section > ol > li: the definition itself. */
  xmlNodePtr section = last_element_named (scratch, "section");
  xmlNodePtr ol = section ? last_element_named (section, "ol") : NULL;
  xmlNodePtr li = ol ? last_element_named (ol, "li") : NULL;
  if (li)
    {
      xmlUnlinkNode (li);
      xmlAddChild (r->notes, li);
    }
  else
    {
      xmlNodePtr holder = add_element (r, r->notes, "li", node);
      while (scratch->children)
        {
          xmlNodePtr n = scratch->children;
          xmlUnlinkNode (n);
          xmlAddChild (holder, n);
        }
    }
  xmlFreeNode (scratch);
}

/* Heading attributes, as pandoc, kramdown and Hugo write them: a heading
 * that ends in braces holding only "#id", ".class" and key=value words
 * ("## Install {#install .note}", kramdown's "{: #install}") takes the id,
 * the classes and the lang and dir values (other keys are dropped), and
 * the braces leave its text.  Braces holding anything else stay text. */
static void
take_heading_attributes (xmlNodePtr heading)
{
  xmlNodePtr last = heading->last;
  if (!last || last->type != XML_TEXT_NODE || !last->content)
    return;
  g_autofree char *text = g_strdup ((const char *) last->content);
  g_strchomp (text);
  char *open = strrchr (text, '{');
  if (!open || !g_str_has_suffix (open, "}") || strchr (open + 1, '{'))
    return;
  g_autofree char *inside = g_strndup (open + 1, strlen (open) - 2);
  const char *words_from = inside[0] == ':' ? inside + 1 : inside;
  g_auto (GStrv) words = g_strsplit_set (words_from, " \t", -1);
  const char *id = NULL;
  g_autoptr (GString) classes = g_string_new (NULL);
  g_autoptr (GPtrArray) keys = g_ptr_array_new (); /* name, value, … (in words) */
  for (char **w = words; *w; w++)
    {
      char *equals = strchr (*w, '=');
      if (!**w)
        continue;
      if (**w == '#' && (*w)[1] && !id)
        id = *w + 1;
      else if (**w == '.' && (*w)[1])
        g_string_append_printf (classes, "%s%s", classes->len ? " " : "", *w + 1);
      else if (equals && equals > *w)
        {
          *equals = '\0';
          char *value = equals + 1;
          gsize n = strlen (value);
          if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0])
            value[n - 1] = '\0', value++;
          g_ptr_array_add (keys, *w);
          g_ptr_array_add (keys, value);
        }
      else
        return; /* not attributes: the braces are text */
    }
  if (!id && !classes->len && !keys->len)
    return;
  if (id)
    xmlSetProp (heading, BAD_CAST "id", BAD_CAST id);
  if (classes->len)
    xmlSetProp (heading, BAD_CAST "class", BAD_CAST classes->str);
  for (guint k = 0; k + 1 < keys->len; k += 2)
    if (!strcmp (keys->pdata[k], "lang") || !strcmp (keys->pdata[k], "dir"))
      xmlSetProp (heading, BAD_CAST keys->pdata[k], BAD_CAST keys->pdata[k + 1]);
  *open = '\0';
  g_strchomp (text);
  xmlNodeSetContent (last, BAD_CAST text);
}

/* Enters @node; returns FALSE when its subtree has been read whole. */
static gboolean
enter_block (MarkdownReader *r, cmark_node *node)
{
  r->block_line = line_of (r, node);
  if (r->flattened > 0)
    add_text (r, current_parent (r), "\n"); /* blocks set flat stay words apart */
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_DOCUMENT:
      return TRUE;
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
      if (!too_deep (r, node))
        open_box (r, node, container_element (r, node));
      return TRUE;
    case CMARK_NODE_PARAGRAPH:
      {
        xmlNodePtr into = in_tight_list (node) ? current_parent (r)
                                               : add_element (r, current_parent (r), "p", node);
        add_inlines (r, node, into);
        add_task_check_box (r, node, into);
        return FALSE;
      }
    case CMARK_NODE_HEADING:
      {
        char name[3] = { 'h', (char) ('0' + CLAMP (cmark_node_get_heading_level (node), 1, 6)), 0 };
        xmlNodePtr heading = add_element (r, current_parent (r), name, node);
        add_inlines (r, node, heading);
        take_heading_attributes (heading);
        return FALSE;
      }
    case CMARK_NODE_CODE_BLOCK:
      add_code_block (r, node);
      return FALSE;
    case CMARK_NODE_HTML_BLOCK:
      add_raw_block (r, node);
      return FALSE;
    case CMARK_NODE_THEMATIC_BREAK:
      add_element (r, current_parent (r), "hr", node);
      return FALSE;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      add_footnote (r, node);
      return FALSE;
    default:
      if (is_type (node, "table"))
        add_table (r, node);
      else
        {
          /* A block of an extension we do not know: its HTML, parsed. */
          char *html = cmark_render_html (node, r->options, r->extensions);
          adopt_fragment (r, html, current_parent (r), line_of (r, node));
          free (html);
        }
      return FALSE;
    }
}

static void
convert_block (MarkdownReader *r, cmark_node *block)
{
  cmark_iter *iter = cmark_iter_new (block);
  cmark_event_type ev;
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      if (ev == CMARK_EVENT_ENTER)
        {
          if (!enter_block (r, node))
            cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
        }
      else
        close_box (r, node);
    }
  cmark_iter_free (iter);
}

/* The document's blocks, one at a time, each freed once converted, so that
 * cmark's tree and ours are never both whole (the book ten times over:
 * 160 MB at once before).  Footnote definitions stay to the end: a
 * reference inside one note points to another's. */
static void
convert (MarkdownReader *r, cmark_node *root)
{
  cmark_node *block = cmark_node_first_child (root);
  while (block)
    {
      cmark_node *next = cmark_node_next (block);
      r->alert_kind = take_alert_marker (block);
      r->alert = r->alert_kind ? block : NULL;
      convert_block (r, block);
      if (cmark_node_get_type (block) != CMARK_NODE_FOOTNOTE_DEFINITION)
        cmark_node_free (block);
      block = next;
    }
  close_box (r, NULL);
}

/* ------------------------------------------------------------ alert titles */

typedef struct {
  const char *language;
  const char *titles[G_N_ELEMENTS (alert_kinds)]; /* in the order of alert_kinds */
} AlertTitles;

/* GitHub's English titles, and the words Persian, Arabic, Hebrew and Urdu
 * books put over such boxes. */
static const AlertTitles alert_titles[] = {
  { "en", { "Note", "Tip", "Important", "Warning", "Caution" } },
  { "fa", { "یادداشت", "نکته", "مهم", "هشدار", "احتیاط" } },
  { "ar", { "ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه" } },
  { "he", { "הערה", "טיפ", "חשוב", "אזהרה", "זהירות" } },
  { "ur", { "نوٹ", "مشورہ", "اہم", "انتباہ", "احتیاط" } },
};

/* The language in effect at @node: the nearest lang attribute. */
static const char *
language_at (xmlNodePtr node)
{
  for (; node && node->type == XML_ELEMENT_NODE; node = node->parent)
    for (xmlAttrPtr a = node->properties; a; a = a->next)
      if (xmlStrEqual (a->name, BAD_CAST "lang") && a->children && a->children->content)
        return (const char *) a->children->content;
  return "en";
}

static const char *
alert_title (const char *kind, const char *language)
{
  const AlertTitles *titles = &alert_titles[0];
  for (gsize t = 0; t < G_N_ELEMENTS (alert_titles); t++)
    if (!g_ascii_strncasecmp (language, alert_titles[t].language, 2)
        && (!language[2] || language[2] == '-' || language[2] == '_'))
      titles = &alert_titles[t];
  for (gsize k = 0; k < G_N_ELEMENTS (alert_kinds); k++)
    if (!strcmp (kind, alert_kinds[k]))
      return titles->titles[k];
  return NULL;
}

void
bf_document_title_alerts (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  for (xmlNodePtr n = body; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE || !xmlStrEqual (n->name, BAD_CAST "div")
          || !bf_element_has_class (n, "markdown-alert"))
        continue;
      xmlNodePtr title = n->children;
      if (!title || title->children || !bf_element_has_class (title, "markdown-alert-title"))
        continue;
      for (gsize k = 0; k < G_N_ELEMENTS (alert_kinds); k++)
        {
          g_autofree char *cls = g_strconcat ("markdown-alert-", alert_kinds[k], NULL);
          if (bf_element_has_class (n, cls))
            xmlNodeAddContent (title, BAD_CAST alert_title (alert_kinds[k], language_at (n)));
        }
    }
}

xmlDocPtr
bf_markdown_parse (BfDocument *doc, const char *text, gsize length, int line_offset)
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

  xmlDocPtr tree = bf_html_new_skeleton ();
  MarkdownReader r = { doc, tree, line_offset, options, cmark_parser_get_syntax_extensions (parser),
                       g_array_new (FALSE, FALSE, sizeof (OpenBox)), NULL, FALSE };
  OpenBox body = { NULL, bf_html_get_body (tree), 1 };
  g_array_append_val (r.open, body);
  convert (&r, root);
  bf_document_expand_emoji_codes (bf_html_get_body (tree));
  g_array_unref (r.open);
  cmark_node_free (root);
  cmark_parser_free (parser);
  return tree;
}
