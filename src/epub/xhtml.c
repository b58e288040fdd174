/* xhtml.c — the document tree as XHTML chapters: split at the top-level
 * headings, made valid EPUB 3 content (sanitize.c), every lang mirrored as
 * xml:lang, headings given ids, links to ids rewritten to the chapter that
 * holds them and links to anything outside the book made plain text. */
#include "epub/epub.h"

#include <libxml/xmlsave.h>
#include <string.h>

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define OPS_NS "http://www.idpf.org/2007/ops"

static gboolean
is_blank (xmlNodePtr n)
{
  return n->type == XML_TEXT_NODE && xmlIsBlankNode (n);
}

static char *
text_of (xmlNodePtr n)
{
  g_autofree xmlChar *content = xmlNodeGetContent (n);
  g_auto (GStrv) words = g_strsplit_set (content ? (const char *) content : "", " \t\n\r", -1);
  GString *out = g_string_new (NULL);
  for (int i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

void
bf_chapter_free (BfChapter *chapter)
{
  if (!chapter)
    return;
  g_free (chapter->file_name);
  g_free (chapter->title);
  if (chapter->xhtml)
    xmlFreeDoc (chapter->xhtml);
  g_free (chapter);
}

static BfChapter *
chapter_new (const BfDocument *doc, int number)
{
  BfChapter *chapter = g_new0 (BfChapter, 1);
  chapter->file_name = g_strdup_printf ("chapter-%03d.xhtml", number);
  xmlDocPtr x = xmlNewDoc (BAD_CAST "1.0");
  xmlNodePtr html = xmlNewDocNode (x, NULL, BAD_CAST "html", NULL);
  xmlDocSetRootElement (x, html);
  xmlSetNs (html, xmlNewNs (html, BAD_CAST XHTML_NS, NULL));
  xmlNewNs (html, BAD_CAST OPS_NS, BAD_CAST "epub");
  /* Every file says its language, the book's when the source gave none. */
  const char *lang = bf_epub_get_book_language (doc);
  const char *dir = bf_epub_get_direction (doc);
  xmlSetProp (html, BAD_CAST "lang", BAD_CAST lang);
  xmlSetNsProp (html, xmlSearchNsByHref (x, html, XML_XML_NAMESPACE), BAD_CAST "lang",
                BAD_CAST lang);
  if (dir)
    xmlSetProp (html, BAD_CAST "dir", BAD_CAST dir);
  xmlNodePtr head = xmlNewChild (html, NULL, BAD_CAST "head", NULL);
  xmlNodePtr meta = xmlNewChild (head, NULL, BAD_CAST "meta", NULL);
  xmlSetProp (meta, BAD_CAST "charset", BAD_CAST "utf-8");
  xmlNewChild (head, NULL, BAD_CAST "title", NULL);
  xmlNodePtr link = xmlNewChild (head, NULL, BAD_CAST "link", NULL);
  xmlSetProp (link, BAD_CAST "rel", BAD_CAST "stylesheet");
  xmlSetProp (link, BAD_CAST "type", BAD_CAST "text/css");
  xmlSetProp (link, BAD_CAST "href", BAD_CAST "style.css");
  xmlNewChild (html, NULL, BAD_CAST "body", NULL);
  chapter->xhtml = x;
  return chapter;
}

static xmlNodePtr
chapter_body (BfChapter *chapter)
{
  return xmlDocGetRootElement (chapter->xhtml)->last;
}

/* Walks a chapter: ids for headings, xml:lang, languages, id → file. */
/* Blocks whose direction nothing sets take it from their first strong
 * character, as in the PDF: dir="auto" says so to reading systems. */
static void
set_auto_direction (xmlNodePtr n)
{
  static const char *const blocks[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th",
                                        "blockquote", "dd", "dt", "figcaption", "caption", NULL };
  if (xmlHasProp (n, BAD_CAST "dir"))
    return;
  for (const char *const *b = blocks; *b; b++)
    if (!xmlStrcasecmp (n->name, BAD_CAST *b))
      {
        xmlSetProp (n, BAD_CAST "dir", BAD_CAST "auto");
        return;
      }
}

static gboolean
has_direction (xmlNodePtr n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (xmlHasProp (n, BAD_CAST "dir"))
      return TRUE;
  return FALSE;
}

static void
prepare_nodes (xmlNodePtr node, BfChapter *chapter, GHashTable *id_files, GArray *nav,
               GHashTable *languages, BfSanitizer *sanitizer, int *section_counter)
{
  for (xmlNodePtr n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (!has_direction (n->parent))
        set_auto_direction (n);
      g_autofree xmlChar *lang = xmlGetProp (n, BAD_CAST "lang");
      if (lang)
        {
          xmlSetNsProp (n, xmlSearchNsByHref (n->doc, n, XML_XML_NAMESPACE), BAD_CAST "lang", lang);
          g_hash_table_add (languages, g_strdup ((const char *) lang));
        }
      int level = bf_element_heading_level (n);
      if (level && !xmlHasProp (n, BAD_CAST "id"))
        {
          g_autofree char *id = NULL;
          do
            {
              g_free (id);
              id = g_strdup_printf ("sec-%d", ++*section_counter);
            }
          while (!bf_sanitizer_claim_id (sanitizer, id));
          xmlSetProp (n, BAD_CAST "id", BAD_CAST id);
        }
      g_autofree xmlChar *id = xmlGetProp (n, BAD_CAST "id");
      if (id && !g_hash_table_contains (id_files, id))
        g_hash_table_insert (id_files, g_strdup ((const char *) id), chapter->file_name);
      if (level)
        {
          BfNavEntry entry = { level, text_of (n), g_strdup_printf ("%s#%s", chapter->file_name, id) };
          bf_sanitizer_add_heading_anchor (sanitizer, n, (const char *) id);
          if (!chapter->title && *entry.title)
            chapter->title = g_strdup (entry.title);
          if (!*entry.title)
            {
              g_free (entry.title);
              entry.title = g_strdup (chapter->file_name);
            }
          g_array_append_val (nav, entry);
        }
      prepare_nodes (n, chapter, id_files, nav, languages, sanitizer, section_counter);
    }
}

/* TRUE for an absolute URL: a scheme, then ':' (RFC 3986, 3.1). */
static gboolean
has_scheme (const char *href)
{
  if (!g_ascii_isalpha (*href))
    return FALSE;
  const char *p = href + 1;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

/* @href with what a URL may not hold percent-encoded: spaces, controls,
 * quotes, angle brackets and a '%' that starts no escape. */
static char *
escaped_url (const char *href)
{
  GString *out = g_string_new (NULL);
  for (const guchar *p = (const guchar *) href; *p; p++)
    if (*p <= ' ' || *p == 0x7f || strchr ("\"<>\\^`{|}", *p)
        || (*p == '%' && !(g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))))
      g_string_append_printf (out, "%%%02X", *p);
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* TRUE unless @url names a host ("scheme://host/…") with characters no
 * host name holds. */
static gboolean
has_valid_host (const char *url)
{
  const char *start = strstr (url, "://");
  if (!start)
    return TRUE;
  start += 3;
  gsize length = strcspn (start, "/?#");
  g_autofree char *host = g_strndup (start, length);
  const char *at = strrchr (host, '@');
  const char *h = at ? at + 1 : host;
  if (!*h)
    return FALSE;
  for (const guchar *p = (const guchar *) h; *p; p++)
    if (!(g_ascii_isalnum (*p) || strchr ("-.:[]_~", *p) || *p >= 0x80))
      return FALSE;
  return TRUE;
}

/* The link @a made plain text: its children take its place, and its id
 * stays on an empty span. */
static void
link_to_text (xmlNodePtr a)
{
  g_autofree xmlChar *id = xmlGetProp (a, BAD_CAST "id");
  if (id)
    {
      xmlNodePtr span = xmlNewDocNode (a->doc, NULL, BAD_CAST "span", NULL);
      xmlSetProp (span, BAD_CAST "id", id);
      xmlAddPrevSibling (a, span);
    }
  while (a->children)
    {
      xmlNodePtr c = a->children;
      xmlUnlinkNode (c);
      xmlAddPrevSibling (a, c);
    }
  xmlUnlinkNode (a);
  xmlFreeNode (a);
}

/* The chapter file that holds the id a fragment names, and that id. */
static const char *
fragment_target (const char *fragment, GHashTable *id_files, BfSanitizer *sanitizer,
                 const char **id)
{
  *id = bf_sanitizer_lookup_id (sanitizer, fragment);
  if (!*id)
    {
      g_autofree char *decoded = g_uri_unescape_string (fragment, NULL);
      *id = decoded ? bf_sanitizer_lookup_id (sanitizer, decoded) : NULL;
    }
  if (!*id)
    *id = fragment;
  return g_hash_table_lookup (id_files, *id);
}

/* Fragment links point to the chapter of their target; addresses with a
 * scheme stay; links to anything else (another file of the source, a
 * site's own path, an id that does not exist) become plain text. */
static void
rewrite_links (xmlNodePtr node, BfChapter *chapter, GHashTable *id_files, BfSanitizer *sanitizer)
{
  for (xmlNodePtr n = node->children, next; n; n = next)
    {
      next = n->next;
      if (n->type != XML_ELEMENT_NODE)
        continue;
      g_autofree xmlChar *href = xmlGetProp (n, BAD_CAST "href");
      if (!href)
        {
          rewrite_links (n, chapter, id_files, sanitizer);
          continue;
        }
      const char *h = (const char *) href;
      if (h[0] == '#' && h[1])
        {
          const char *id;
          const char *file = fragment_target (h + 1, id_files, sanitizer, &id);
          if (file)
            {
              g_autofree char *target = g_strdup_printf ("%s#%s", file == chapter->file_name ? "" : file, id);
              xmlSetProp (n, BAD_CAST "href", BAD_CAST target);
              rewrite_links (n, chapter, id_files, sanitizer);
              continue;
            }
          bf_sanitizer_report (sanitizer, n, "missing-id",
                               "link to %s: no such id in the document; kept as plain text", h);
        }
      else if (has_scheme (h) && g_ascii_strncasecmp (h, "javascript:", 11) != 0
               && g_ascii_strncasecmp (h, "file:", 5) != 0)
        {
          g_autofree char *escaped = escaped_url (h);
          if (has_valid_host (escaped))
            {
              if (strcmp (escaped, h) != 0)
                xmlSetProp (n, BAD_CAST "href", BAD_CAST escaped);
              rewrite_links (n, chapter, id_files, sanitizer);
              continue;
            }
          bf_sanitizer_report (sanitizer, n, "bad-address",
                               "link to %s: not a valid address; kept as plain text", h);
        }
      else if (!*h)
        ;
      else
        bf_sanitizer_report (sanitizer, n, "outside-link",
                             "link to %s: not in the book; kept as plain text", h);
      /* The children first: they move up into this list. */
      rewrite_links (n, chapter, id_files, sanitizer);
      link_to_text (n);
    }
}

static void
set_epub_type (xmlNodePtr node, const char *type, const char *role)
{
  xmlNsPtr ops = xmlSearchNsByHref (node->doc, xmlDocGetRootElement (node->doc), BAD_CAST OPS_NS);
  xmlSetNsProp (node, ops, BAD_CAST "type", BAD_CAST type);
  xmlSetProp (node, BAD_CAST "role", BAD_CAST role);
}

typedef struct {
  xmlNodePtr link;
  BfChapter *chapter;
} Reference;

/* Every in-book link of @chapters, by the id it points to: id →
 * GArray of Reference in reading order.  One walk for all the notes. */
static GHashTable *
collect_references (GPtrArray *chapters)
{
  GHashTable *refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < chapters->len; i++)
    {
      BfChapter *chapter = chapters->pdata[i];
      xmlNodePtr body = xmlDocGetRootElement (chapter->xhtml)->last;
      xmlNodePtr n = body->children;
      while (n)
        {
          if (n->type == XML_ELEMENT_NODE)
            {
              g_autofree xmlChar *href = xmlGetProp (n, BAD_CAST "href");
              if (href && href[0] == '#' && href[1])
                {
                  GArray *list = g_hash_table_lookup (refs, href + 1);
                  if (!list)
                    {
                      list = g_array_new (FALSE, FALSE, sizeof (Reference));
                      g_hash_table_insert (refs, g_strdup ((const char *) href + 1), list);
                    }
                  Reference r = { n, chapter };
                  g_array_append_val (list, r);
                }
            }
          if (n->type == XML_ELEMENT_NODE && n->children)
            {
              n = n->children;
              continue;
            }
          while (n && n != body && !n->next)
            n = n->parent;
          n = n && n != body ? n->next : NULL;
        }
    }
  return refs;
}

/* Footnotes become EPUB 3 notes: each note an <aside epub:type="footnote">
 * at the end of the chapter of its first reference, and each reference an
 * epub:type="noteref" link, which reading systems show as a pop-up. */
/* @original copied into @to, with the new text @digits gives its text
 * nodes (-bf-digits); the copy has the original's shape, so both are
 * walked in step. */
static xmlNodePtr
copy_node (xmlNodePtr original, xmlDocPtr to, GHashTable *digits)
{
  xmlNodePtr copy = xmlDocCopyNode (original, to, 1);
  if (!digits || !copy)
    return copy;
  for (xmlNodePtr o = original, c = copy; o && c;
       o = bf_node_next_in_walk (o, original, o->type == XML_ELEMENT_NODE),
       c = bf_node_next_in_walk (c, copy, c->type == XML_ELEMENT_NODE))
    {
      const char *text = o->type == XML_TEXT_NODE || o->type == XML_CDATA_SECTION_NODE
                             ? g_hash_table_lookup (digits, o) : NULL;
      if (text)
        xmlNodeSetContent (c, BAD_CAST text);
    }
  return copy;
}

static void
place_footnotes (xmlNodePtr section, GPtrArray *chapters, GHashTable *digits)
{
  g_autoptr (GHashTable) refs = collect_references (chapters);
  for (xmlNodePtr list = section->children; list; list = list->next)
    for (xmlNodePtr li = list->type == XML_ELEMENT_NODE ? list->children : NULL; li; li = li->next)
      {
        g_autofree xmlChar *id = li->type == XML_ELEMENT_NODE ? xmlGetProp (li, BAD_CAST "id") : NULL;
        if (!id)
          continue;
        GArray *to_note = g_hash_table_lookup (refs, id);
        BfChapter *home = to_note && to_note->len ? g_array_index (to_note, Reference, 0).chapter
                                                  : chapters->pdata[chapters->len - 1];
        /* Every reference to the note is a noteref. */
        for (guint i = 0; to_note && i < to_note->len; i++)
          set_epub_type (g_array_index (to_note, Reference, i).link, "noteref", "doc-noteref");
        xmlNodePtr body = xmlDocGetRootElement (home->xhtml)->last;
        xmlNodePtr aside = xmlNewDocNode (home->xhtml, NULL, BAD_CAST "aside", NULL);
        xmlAddChild (body, aside);
        set_epub_type (aside, "footnote", "doc-footnote");
        xmlSetProp (aside, BAD_CAST "id", id);
        xmlSetProp (aside, BAD_CAST "class", BAD_CAST "footnote");
        for (xmlNodePtr c = li->children; c; c = c->next)
          xmlAddChild (aside, copy_node (c, home->xhtml, digits));
      }
}

/* Pairs every node of @original's subtree with its copy. */
static void
map_copies (xmlNodePtr original, xmlNodePtr copy, GHashTable *map)
{
  g_hash_table_insert (map, original, copy);
  for (xmlNodePtr o = original->children, c = copy->children; o && c; o = o->next, c = c->next)
    map_copies (o, c, map);
}

static gboolean
is_one_of (xmlNodePtr node, const char *const *names)
{
  for (; node && *names; names++)
    if (node->type == XML_ELEMENT_NODE && !xmlStrcasecmp (node->name, BAD_CAST *names))
      return TRUE;
  return FALSE;
}

/* A page marker before @node; inside it where the parent allows only
 * certain children (a list, a table). */
static xmlNodePtr
insert_page_marker (xmlNodePtr node, int page)
{
  static const char *const strict_parents[] = { "ol", "ul", "table", "thead", "tbody", "tfoot",
                                                "tr", "dl", NULL };
  xmlNodePtr span = xmlNewDocNode (node->doc, NULL, BAD_CAST "span", NULL);
  g_autofree char *id = g_strdup_printf ("page-%d", page);
  g_autofree char *label = g_strdup_printf ("%d", page);
  xmlSetProp (span, BAD_CAST "id", BAD_CAST id);
  set_epub_type (span, "pagebreak", "doc-pagebreak");
  xmlSetProp (span, BAD_CAST "aria-label", BAD_CAST label);
  xmlNodePtr target = node;
  while (is_one_of (target, strict_parents) || is_one_of (target->parent, strict_parents))
    {
      xmlNodePtr child = target->children;
      while (child && child->type != XML_ELEMENT_NODE)
        child = child->next;
      if (!child || is_one_of (target, (const char *const[]) { "li", "td", "th", "dd", "dt", NULL }))
        break;
      target = child;
    }
  if (target != node || is_one_of (target, (const char *const[]) { "li", "td", "th", "dd", "dt", NULL }))
    {
      if (target->children)
        xmlAddPrevSibling (target->children, span);
      else
        xmlAddChild (target, span);
    }
  else
    xmlAddPrevSibling (target, span);
  return span;
}

static BfChapter *
chapter_of (GPtrArray *chapters, xmlNodePtr node)
{
  for (guint i = 0; i < chapters->len; i++)
    if (((BfChapter *) chapters->pdata[i])->xhtml == node->doc)
      return chapters->pdata[i];
  return NULL;
}

GPtrArray *
bf_epub_make_chapters (const BfDocument *doc, int split_level, GArray *page_starts, GArray *nav,
                       GArray *pages, GHashTable *languages, GHashTable *digits,
                       GPtrArray *warnings)
{
  g_autoptr (BfSanitizer) sanitizer = bf_sanitizer_new (doc->name);
  g_autoptr (GHashTable) copies = g_hash_table_new (NULL, NULL);
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_chapter_free);
  xmlNodePtr body = bf_document_get_body (doc);
  int top = 7;
  for (xmlNodePtr n = body->children; n; n = n->next)
    if (bf_element_heading_level (n) && bf_element_heading_level (n) < top)
      top = bf_element_heading_level (n);
  if (split_level > 0)
    top = split_level;

  BfChapter *current = NULL;
  xmlNodePtr footnotes = NULL;
  for (xmlNodePtr n = body->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE)
        continue;
      if (!current && is_blank (n))
        continue;
      if (bf_element_is_footnotes (n))
        {
          footnotes = n;
          continue;
        }
      if (!current || (bf_element_heading_level (n) && bf_element_heading_level (n) <= top))
        {
          current = chapter_new (doc, chapters->len + 1);
          g_ptr_array_add (chapters, current);
        }
      xmlNodePtr copy = copy_node (n, current->xhtml, digits);
      /* xmlAddChild merges a text node into the text before it and frees
       * the copy: only elements (never merged) are mapped. */
      xmlNodePtr added = xmlAddChild (chapter_body (current), copy);
      if (page_starts && n->type == XML_ELEMENT_NODE && added == copy)
        map_copies (n, copy, copies);
    }
  if (chapters->len == 0)
    {
      current = chapter_new (doc, 1);
      xmlNewChild (chapter_body (current), NULL, BAD_CAST "p", NULL);
      g_ptr_array_add (chapters, current);
    }
  if (footnotes)
    place_footnotes (footnotes, chapters, digits);
  for (guint i = 0; page_starts && i < page_starts->len; i++)
    {
      const BfPageStart *start = &g_array_index (page_starts, BfPageStart, i);
      xmlNodePtr copy = g_hash_table_lookup (copies, start->node);
      if (!copy)
        continue;
      insert_page_marker (copy, start->page);
      BfChapter *chapter = chapter_of (chapters, copy);
      BfNavEntry entry = { 1, g_strdup_printf ("%d", start->page),
                           g_strdup_printf ("%s#page-%d", chapter->file_name, start->page) };
      g_array_append_val (pages, entry);
    }

  for (guint i = 0; i < chapters->len; i++)
    bf_sanitizer_clean (sanitizer, chapter_body (chapters->pdata[i]));

  g_autoptr (GHashTable) id_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int section_counter = 0;
  const char *lang = bf_epub_get_language (doc);
  g_hash_table_add (languages, g_strdup (lang ? lang : "en"));
  const char *given = bf_document_get_metadata (doc, "lang");
  if (given && !lang)
    bf_sanitizer_report (sanitizer, NULL, NULL, "lang \"%s\" is not a language tag; the EPUB "
                         "says \"en\"", given);
  for (guint i = 0; i < chapters->len; i++)
    {
      BfChapter *chapter = chapters->pdata[i];
      prepare_nodes (chapter_body (chapter), chapter, id_files, nav, languages, sanitizer,
                     &section_counter);
    }
  for (guint i = 0; i < chapters->len; i++)
    {
      BfChapter *chapter = chapters->pdata[i];
      rewrite_links (chapter_body (chapter), chapter, id_files, sanitizer);
      if (!chapter->title)
        {
          const char *title = bf_document_get_metadata (doc, "title");
          chapter->title = g_strdup (title ? title : chapter->file_name);
        }
      xmlNodePtr head = xmlDocGetRootElement (chapter->xhtml)->children;
      for (xmlNodePtr n = head->children; n; n = n->next)
        if (xmlStrEqual (n->name, BAD_CAST "title"))
          xmlNodeAddContent (n, BAD_CAST chapter->title);
    }
  bf_sanitizer_take_warnings (sanitizer, warnings);
  return chapters;
}

char *
bf_epub_serialize_xhtml (xmlDocPtr xhtml, gsize *length)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  /* Doubled as it grows: libxml2's default grows it by what each write
   * needs, which copies a long chapter over and over (a 50 MB one took
   * AddressSanitizer, whose realloc always copies, more than 15 minutes). */
  xmlBufferSetAllocationScheme (buf, XML_BUFFER_ALLOC_DOUBLEIT);
  xmlSaveCtxtPtr save = xmlSaveToBuffer (buf, "UTF-8", XML_SAVE_NO_EMPTY | XML_SAVE_NO_DECL);
  xmlSaveTree (save, xmlDocGetRootElement (xhtml));
  xmlSaveClose (save);
  char *out = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n%s\n",
                               (const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  *length = strlen (out);
  return out;
}

BfChapter *
bf_epub_cover_page (const BfDocument *doc, const char *image_path)
{
  BfChapter *cover = chapter_new (doc, 0);
  g_free (cover->file_name);
  cover->file_name = g_strdup ("cover.xhtml");
  const char *title = bf_document_get_metadata (doc, "title");
  cover->title = g_strdup (title ? title : "Cover");
  xmlNodePtr head = xmlDocGetRootElement (cover->xhtml)->children;
  for (xmlNodePtr n = head->children; n; n = n->next)
    if (xmlStrEqual (n->name, BAD_CAST "title"))
      xmlNodeAddContent (n, BAD_CAST cover->title);
  xmlNodePtr body = chapter_body (cover);
  set_epub_type (body, "cover", "doc-cover");
  xmlUnsetProp (body, BAD_CAST "role");
  xmlSetProp (body, BAD_CAST "class", BAD_CAST "cover");
  xmlNodePtr img = xmlNewChild (body, NULL, BAD_CAST "img", NULL);
  xmlSetProp (img, BAD_CAST "src", BAD_CAST image_path);
  xmlSetProp (img, BAD_CAST "alt", BAD_CAST cover->title);
  return cover;
}
