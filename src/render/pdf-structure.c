/* pdf-structure.c — the PDF's tag tree as the pages are drawn.  Each
 * display item is drawn inside the structure elements of its block, read
 * from the document's elements (h1 → H1, p → P, li → LI and LBody, table →
 * Table, th → TH…, a footnote → Note, a list item's marker → Lbl); a
 * picture in a Figure; page
 * furniture (margin boxes, repeated table headers, rules and backgrounds)
 * in an element that pdf-finish.c takes out of the tree and marks as an
 * artifact.  Cairo 1.16 marks the content of leaf elements only, so a
 * block's text is its own content while the block has no kids; a block
 * with a link, a picture, a rule or a run in another language puts its
 * text in Spans (one naming the run's language where it differs, the others
 * dissolved into the block when the file is finished).  Reading order is
 * drawing order: a page's text, then its notes.  A block begun again after
 * something else came between (a paragraph going on after a page's notes
 * and running head) is recorded as continuing the first, and joined to it
 * when the file is finished. */
#include "render/pdf-structure.h"

#include <string.h>

/* One level of the elements an item is drawn in: element @node's @k-th
 * structure element (an li is two: LI, then LBody). */
typedef struct {
  xmlNodePtr node;
  int k;
  const char *type;
} Level;

typedef struct {
  Level level;
  int element;               /* its index in elements */
  const char *lang;          /* its language, inherited or its own; interned */
  gboolean with_kids;        /* a block holding text: its text goes in Spans, beside
                                links, pictures and artifacts; else its text is its
                                own content (Cairo 1.16 marks only leaf elements' content) */
} Open;

struct _BfPdfStructure {
  cairo_t *cr;
  const BfDocument *doc;
  const char *doc_lang;      /* interned */
  const char *arabic_lang;   /* the language of its Arabic-script text, once known */
  GArray *elements;          /* BfPdfElement */
  GArray *open;              /* Open, outermost first (the Document is not here) */
  GHashTable *begun;         /* (node, k) → 1 + index of its first element */
  GArray *chain;             /* Level: the levels of the last source */
  xmlNodePtr chain_source;
  gboolean chain_leaf, chain_label;
  int span;                  /* the open Span's element, or -1 */
  const char *span_lang;
  int figure;                /* the open Figure's element, or -1 */
  gboolean link;             /* a Link holding its text is open */
  gboolean reference;        /* a Reference around a note's Link is open */
  GHashTable *notes;         /* the ids of the document's notes (owned copies: not
                                interned, as GLib never frees a grown quark table) */
  gboolean artifact;         /* an Artifact is open */
  int page;                  /* the layout page being drawn */
};

static void
element_clear (BfPdfElement *e)
{
  if (!e->details)
    return;
  g_free (e->details->alt);
  g_free (e->details->id);
  g_free (e->details);
}

/* Element @element's details, made when it has none yet. */
static BfPdfElementDetails *
details_of (BfPdfStructure *st, int element)
{
  BfPdfElement *e = &g_array_index (st->elements, BfPdfElement, element);
  if (!e->details)
    e->details = g_new0 (BfPdfElementDetails, 1);
  return e->details;
}

static int
begin_element (BfPdfStructure *st, const char *type, const char *lang, int continues)
{
  BfPdfElement e = { .type = type, .lang = lang, .continues = continues, .page = st->page };
  g_array_append_val (st->elements, e);
  cairo_tag_begin (st->cr, type, NULL);
  return st->elements->len - 1;
}

/* ------------------------------------------------------------ element types */

static gboolean
is_tag (xmlNodePtr el, const char *name)
{
  return el->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) el->name, name) == 0;
}

static gboolean
is_notes (xmlNodePtr el)
{
  return xmlHasProp (el, BAD_CAST "data-footnotes") != NULL;
}

/* The structure types of element @el, at most two; returns how many.
 * @in_notes: whether it is inside a notes section. */
static int
element_types (xmlNodePtr el, gboolean in_notes, const char *types[2])
{
  static const char *const headings[] = { "H1", "H2", "H3", "H4", "H5", "H6" };
  static const struct {
    const char *tag, *type;
  } simple[] = {
    { "p", "P" }, { "blockquote", "BlockQuote" }, { "table", "Table" }, { "thead", "THead" },
    { "tbody", "TBody" }, { "tfoot", "TFoot" }, { "tr", "TR" }, { "th", "TH" }, { "td", "TD" },
    { "caption", "Caption" }, { "figcaption", "Caption" }, { "figure", "Div" }, { "pre", "Code" },
    { "section", "Sect" }, { "article", "Art" }, { "dt", "P" }, { "dd", "P" },
  };
  const char *name = (const char *) el->name;
  if (is_notes (el))
    return 0;
  if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2])
    {
      types[0] = headings[name[1] - '1'];
      return 1;
    }
  if (is_tag (el, "ul") || is_tag (el, "ol"))
    {
      if (in_notes)
        return 0;
      types[0] = "L";
      return 1;
    }
  if (is_tag (el, "li"))
    {
      if (in_notes)
        {
          types[0] = "Note";
          return 1;
        }
      types[0] = "LI";
      types[1] = "LBody";
      return 2;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (simple); i++)
    if (is_tag (el, simple[i].tag))
      {
        types[0] = simple[i].type;
        return 1;
      }
  return 0;
}

/* Whether text may sit directly in an element of @type (else it goes in a
 * P of its own inside it). */
static gboolean
holds_text (const char *type)
{
  static const char *const grouping[] = { "L", "LI", "Table", "THead", "TBody", "TFoot", "TR",
                                          "BlockQuote", "Div", "Sect", "Art", NULL };
  return !g_strv_contains (grouping, type);
}

/* The levels an item of @source is drawn in, outermost first; with @leaf,
 * the last of them holds text; with @label (a list marker), the last is
 * its list item's Lbl. */
static void
compute_chain (BfPdfStructure *st, xmlNodePtr source, gboolean leaf, gboolean label)
{
  if (st->chain_source == source && st->chain_leaf == leaf && st->chain_label == label && source)
    return;
  st->chain_source = source;
  st->chain_leaf = leaf;
  st->chain_label = label;
  g_array_set_size (st->chain, 0);
  if (!source)
    return;
  g_autoptr (GPtrArray) up = g_ptr_array_new ();
  for (xmlNodePtr n = source; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    g_ptr_array_add (up, n);
  gboolean in_notes = FALSE;
  for (guint i = up->len; i-- > 0;)
    {
      xmlNodePtr n = up->pdata[i];
      const char *types[2];
      int count = element_types (n, in_notes, types);
      in_notes = in_notes || is_notes (n);
      for (int k = 0; k < count; k++)
        {
          Level level = { n, k, types[k] };
          g_array_append_val (st->chain, level);
        }
      if (i == 0 && leaf && (count == 0 || !holds_text (types[count - 1])))
        {
          Level level = { n, count, "P" };
          g_array_append_val (st->chain, level);
        }
    }
  if (!label)
    return;
  for (guint i = st->chain->len; i-- > 0;)
    if (g_str_equal (g_array_index (st->chain, Level, i).type, "LI"))
      {
        Level lbl = { g_array_index (st->chain, Level, i).node, 2, "Lbl" };
        g_array_set_size (st->chain, i + 1);
        g_array_append_val (st->chain, lbl);
        return;
      }
}

/* ---------------------------------------------------------------- languages */

/* The language @node is in: its own lang, else its nearest ancestor's,
 * else the document's. */
static const char *
node_lang (BfPdfStructure *st, xmlNodePtr node)
{
  for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      g_autofree xmlChar *lang = xmlGetProp (n, BAD_CAST "lang");
      if (!lang)
        lang = xmlGetNsProp (n, BAD_CAST "lang", XML_XML_NAMESPACE);
      if (lang && *lang)
        return g_intern_string ((const char *) lang);
    }
  return st->doc_lang;
}

static gboolean
same_language (const char *a, const char *b)
{
  if (!a || !b)
    return a == b;
  gsize na = strcspn (a, "-_"), nb = strcspn (b, "-_");
  return na == nb && g_ascii_strncasecmp (a, b, na) == 0;
}

static const char *
current_lang (BfPdfStructure *st)
{
  return st->open->len ? g_array_index (st->open, Open, st->open->len - 1).lang : st->doc_lang;
}

static gboolean
lang_uses_script (const char *lang, GUnicodeScript script)
{
  static const char *const arabic[] = { "ar", "fa", "ur", "ps", "sd", "ug", "ckb", "ku" };
  static const char *const hebrew[] = { "he", "yi", "iw" };
  if (!lang)
    return FALSE;
  if (script == G_UNICODE_SCRIPT_HEBREW)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (hebrew); i++)
        if (same_language (lang, hebrew[i]))
          return TRUE;
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (arabic); i++)
    if (same_language (lang, arabic[i]))
      return TRUE;
  return FALSE;
}

/* The language of a run of glyphs: its text's, unless its letters are of
 * a script that language is not written in — Persian inside an English
 * paragraph with no lang, English inside a Persian one — when it is
 * inferred from the letters, as a document's is: Hebrew letters are he,
 * Arabic-script ones the language all of the document's name, Latin ones
 * English. */
static const char *
run_lang (BfPdfStructure *st, const BfDisplayItem *item, const char *block_lang)
{
  const PangoAnalysis *a = &item->glyphs->item->analysis;
  const char *lang = a->language ? pango_language_to_string (a->language) : NULL;
  /* No lang attribute on the way: Pango's default, the locale's. */
  lang = lang && g_ascii_strcasecmp (lang, "c") != 0 && g_ascii_strcasecmp (lang, "posix") != 0
             ? g_intern_string (lang)
             : block_lang;
  switch ((int) a->script)
    {
    case PANGO_SCRIPT_ARABIC:
    case PANGO_SCRIPT_HEBREW:
      {
        GUnicodeScript script = a->script == PANGO_SCRIPT_HEBREW ? G_UNICODE_SCRIPT_HEBREW
                                                                 : G_UNICODE_SCRIPT_ARABIC;
        if (lang_uses_script (block_lang, script))
          return block_lang;
        /* Pango gives a run in a script its language is not written in the
         * script's sample language (ar, he): a lang of the run's own
         * differs from it. */
        PangoLanguage *sample = pango_script_get_sample_language (a->script);
        if (lang_uses_script (lang, script) && a->language != sample)
          return lang;
        if (script == G_UNICODE_SCRIPT_HEBREW)
          return "he";
        if (lang_uses_script (st->doc_lang, script))
          return st->doc_lang;
        /* Read from all of the document's Arabic-script letters: a run
         * alone is often too short to tell Urdu or Persian from Arabic. */
        if (!st->arabic_lang)
          {
            const char *guess = bf_document_arabic_script_language (st->doc);
            st->arabic_lang = guess ? guess : "ar";
          }
        return st->arabic_lang;
      }
    case PANGO_SCRIPT_LATIN:
      if (bf_lang_is_rtl (lang))
        return bf_lang_is_rtl (st->doc_lang) ? "en" : st->doc_lang;
      return lang;
    default:
      return block_lang;
    }
}

/* --------------------------------------------------------------- the stack */

static void
end_span (BfPdfStructure *st)
{
  if (st->span < 0)
    return;
  cairo_tag_end (st->cr, "Span");
  st->span = -1;
}

static void
end_figure (BfPdfStructure *st)
{
  if (st->figure < 0)
    return;
  cairo_tag_end (st->cr, "Figure");
  st->figure = -1;
}

static void
end_artifact (BfPdfStructure *st)
{
  if (!st->artifact)
    return;
  cairo_tag_end (st->cr, BF_PDF_ARTIFACT);
  st->artifact = FALSE;
}

static void
end_link (BfPdfStructure *st)
{
  if (st->link)
    cairo_tag_end (st->cr, CAIRO_TAG_LINK);
  if (st->reference)
    cairo_tag_end (st->cr, "Reference");
  st->link = st->reference = FALSE;
}

static void
end_inline (BfPdfStructure *st)
{
  end_link (st);
  end_span (st);
  end_figure (st);
  end_artifact (st);
}

static void
pop (BfPdfStructure *st)
{
  const Open *top = &g_array_index (st->open, Open, st->open->len - 1);
  cairo_tag_end (st->cr, top->level.type);
  g_array_set_size (st->open, st->open->len - 1);
}

static gpointer
level_key (const Level *level)
{
  return (char *) level->node + level->k;
}

static void
push (BfPdfStructure *st, const Level *level)
{
  const char *parent_lang = current_lang (st);
  const char *lang = node_lang (st, level->node);
  gpointer first = g_hash_table_lookup (st->begun, level_key (level));
  int element = begin_element (st, level->type, same_language (lang, parent_lang) ? NULL : lang,
                               first ? GPOINTER_TO_INT (first) - 1 : -1);
  if (!first)
    g_hash_table_insert (st->begun, level_key (level), GINT_TO_POINTER (element + 1));
  if (g_str_equal (level->type, "Note"))
    {
      xmlChar *id = xmlGetProp (level->node, BAD_CAST "id");
      details_of (st, element)->id = g_strdup ((const char *) id);
      xmlFree (id);
    }
  if (g_str_equal (level->type, "TH"))
    {
      xmlNodePtr row_group = level->node->parent ? level->node->parent->parent : NULL;
      details_of (st, element)->scope
          = row_group && is_tag (row_group, "thead") ? "Column" : "Row";
    }
  Open open = { *level, element, lang, FALSE };
  g_array_append_val (st->open, open);
}

/* Makes the open levels those of the chain; TRUE when it began any. */
static gboolean
follow_chain (BfPdfStructure *st)
{
  guint same = 0;
  while (same < st->open->len && same < st->chain->len)
    {
      const Level *a = &g_array_index (st->open, Open, same).level;
      const Level *b = &g_array_index (st->chain, Level, same);
      if (a->node != b->node || a->k != b->k)
        break;
      same++;
    }
  if (same == st->open->len && same == st->chain->len)
    return FALSE;
  end_inline (st);
  while (st->open->len > same)
    pop (st);
  for (guint i = same; i < st->chain->len; i++)
    push (st, &g_array_index (st->chain, Level, i));
  return same < st->chain->len;
}

/* ------------------------------------------------------------------- items */

static gboolean
is_furniture (const BfDisplayItem *item)
{
  return item->kind == BF_ITEM_RULE || (!item->source && item->kind == BF_ITEM_GLYPHS);
}

static gboolean
is_picture (const BfDisplayItem *item)
{
  return item->kind == BF_ITEM_IMAGE || item->alt_text;
}

static Open *
innermost (BfPdfStructure *st)
{
  return st->open->len ? &g_array_index (st->open, Open, st->open->len - 1) : NULL;
}

/* Whether the part of a block that starts at item @from of @items (the
 * items of its element that follow) holds anything but its own text in
 * its own language: a link, a picture, a rule, a run in another language. */
static gboolean
part_has_kids (BfPdfStructure *st, GArray *items, guint from, const char *block_lang)
{
  xmlNodePtr source = g_array_index (items, BfDisplayItem, from).source;
  for (guint i = from; i < items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (items, BfDisplayItem, i);
      if (item->source != source)
        break;
      if (item->kind == BF_ITEM_LINK || item->kind == BF_ITEM_RULE || is_picture (item))
        return TRUE;
      if (item->kind == BF_ITEM_GLYPHS
          && !same_language (run_lang (st, item, block_lang), block_lang))
        return TRUE;
    }
  return FALSE;
}

/* Page furniture: in an artifact element, inside the innermost element
 * when that may have kids, else beside the block it would interrupt. */
static void
enter_furniture (BfPdfStructure *st)
{
  end_span (st);
  end_figure (st);
  if (st->artifact)
    return;
  Open *open = innermost (st);
  if (open && holds_text (open->level.type) && !open->with_kids)
    pop (st);
  begin_element (st, BF_PDF_ARTIFACT, NULL, -1);
  st->artifact = TRUE;
}

static void
enter_picture (BfPdfStructure *st, const BfDisplayItem *item, const cairo_matrix_t *m,
               double page_height)
{
  end_span (st);
  if (st->figure < 0)
    st->figure = begin_element (st, "Figure", NULL, -1);
  if (item->kind != BF_ITEM_IMAGE)
    return;
  BfPdfElementDetails *e = details_of (st, st->figure);
  g_free (e->alt);
  e->alt = g_strdup (item->alt && *item->alt ? item->alt : NULL);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  for (int i = 0; i < 4; i++)
    {
      double x = item->x + (i & 1 ? item->width : 0), y = item->y + (i & 2 ? item->height : 0);
      cairo_matrix_transform_point (m, &x, &y);
      x0 = MIN (x0, x), x1 = MAX (x1, x), y0 = MIN (y0, y), y1 = MAX (y1, y);
    }
  e->has_bbox = TRUE;
  e->bbox[0] = x0, e->bbox[1] = page_height - y1;
  e->bbox[2] = x1, e->bbox[3] = page_height - y0;
}

/* A run of text in a block that has kids: in a Span, which names its
 * language when it is not the block's (pdf-finish.c dissolves the others
 * into the block). */
static void
enter_text (BfPdfStructure *st, const BfDisplayItem *item)
{
  end_figure (st);
  const char *block_lang = current_lang (st);
  const char *lang = g_intern_string (run_lang (st, item, block_lang));
  if (same_language (lang, block_lang))
    lang = NULL;
  if (st->span >= 0 && st->span_lang == lang)
    return;
  end_span (st);
  st->span = begin_element (st, "Span", lang, -1);
  st->span_lang = lang;
}

void
bf_pdf_structure_enter_item (BfPdfStructure *st, GArray *items, guint index,
                             const cairo_matrix_t *m, double page_height)
{
  const BfDisplayItem *item = &g_array_index (items, BfDisplayItem, index);
  if (item->kind == BF_ITEM_DEST || item->kind == BF_ITEM_LINK)
    return; /* a link is placed by bf_pdf_structure_enter_link */
  Open *open = innermost (st);
  if (is_furniture (item)
      && !(open && open->with_kids && item->source && item->source == open->level.node))
    {
      enter_furniture (st);
      return;
    }
  if (st->link && item->kind == BF_ITEM_GLYPHS)
    return; /* the text of the link just begun */
  end_link (st);
  end_artifact (st);
  compute_chain (st, item->source, !is_picture (item), item->list_label);
  gboolean begun = follow_chain (st);
  open = innermost (st);
  if (begun && holds_text (open->level.type))
    open->with_kids = part_has_kids (st, items, index, open->lang);
  if (is_furniture (item))
    enter_furniture (st);
  else if (is_picture (item))
    enter_picture (st, item, m, page_height);
  else if (open && open->with_kids)
    enter_text (st, item);
}

void
bf_pdf_structure_leave_item (BfPdfStructure *st, const BfDisplayItem *item)
{
  if (item->kind == BF_ITEM_IMAGE)
    end_figure (st);
  else if (item->kind == BF_ITEM_GLYPHS)
    end_link (st);
}

/* Whether @text (a glyph run) is the text of @link: the run the layout
 * put right after the link's area, within it, in its block's language. */
static gboolean
is_link_text (BfPdfStructure *st, const BfDisplayItem *link, const BfDisplayItem *text)
{
  if (text->kind != BF_ITEM_GLYPHS || text->source != link->source || text->list_label
      || text->alt_text)
    return FALSE;
  double width = (double) text->glyphs->width / PANGO_SCALE;
  const char *block_lang = current_lang (st);
  return text->x >= link->x - 0.5 && text->x + width <= link->x + link->width + 0.5
         && same_language (run_lang (st, text, block_lang), block_lang);
}

gboolean
bf_pdf_structure_enter_link (BfPdfStructure *st, GArray *items, guint index)
{
  const BfDisplayItem *link = &g_array_index (items, BfDisplayItem, index);
  end_inline (st);
  end_artifact (st);
  compute_chain (st, link->source, TRUE, FALSE);
  Open *open = innermost (st);
  if (follow_chain (st) && holds_text ((open = innermost (st))->level.type))
    open->with_kids = TRUE;
  /* A note's reference: its Link inside a Reference. */
  if (link->name[0] == '#' && g_hash_table_contains (st->notes, link->name + 1))
    {
      begin_element (st, "Reference", NULL, -1);
      st->reference = TRUE;
    }
  BfPdfElement e = { .type = "Link", .continues = -1, .page = st->page };
  g_array_append_val (st->elements, e);
  st->link = index + 1 < items->len
             && is_link_text (st, link, &g_array_index (items, BfDisplayItem, index + 1));
  return st->link;
}

void
bf_pdf_structure_leave_link (BfPdfStructure *st, gboolean holds_text)
{
  if (!holds_text && st->reference)
    {
      cairo_tag_end (st->cr, "Reference");
      st->reference = FALSE;
    }
}

void
bf_pdf_structure_begin_page (BfPdfStructure *st, int index)
{
  st->page = index;
}

void
bf_pdf_structure_end_page (BfPdfStructure *st)
{
  end_inline (st);
}

void
bf_pdf_structure_end (BfPdfStructure *st)
{
  end_inline (st);
  while (st->open->len)
    pop (st);
  cairo_tag_end (st->cr, "Document");
}

BfPdfStructure *
bf_pdf_structure_new (cairo_t *cr, const BfLayout *layout)
{
  BfPdfStructure *st = g_new0 (BfPdfStructure, 1);
  st->cr = cr;
  st->doc = layout->doc;
  st->doc_lang = g_intern_string (bf_pdf_document_lang (layout->doc));
  st->elements = g_array_new (FALSE, TRUE, sizeof (BfPdfElement));
  g_array_set_clear_func (st->elements, (GDestroyNotify) element_clear);
  st->open = g_array_new (FALSE, FALSE, sizeof (Open));
  st->begun = g_hash_table_new (g_direct_hash, g_direct_equal);
  st->chain = g_array_new (FALSE, FALSE, sizeof (Level));
  st->span = st->figure = -1;
  st->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xmlNodePtr body = bf_document_get_body (layout->doc);
  gboolean in_notes = FALSE;
  for (xmlNodePtr n = body ? body->children : NULL; n; n = bf_node_next_in_walk (n, body, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_notes (n))
        in_notes = TRUE;
      if (in_notes && is_tag (n, "li"))
        {
          xmlChar *id = xmlGetProp (n, BAD_CAST "id");
          if (id)
            g_hash_table_add (st->notes, g_strdup ((const char *) id));
          xmlFree (id);
        }
    }
  /* One element around everything: Cairo 1.16 also needs a structure tree
   * to write a sound file once links are used. */
  begin_element (st, "Document", NULL, -1);
  return st;
}

void
bf_pdf_structure_free (BfPdfStructure *st)
{
  if (!st)
    return;
  g_array_unref (st->elements);
  g_array_unref (st->open);
  g_hash_table_unref (st->begun);
  g_array_unref (st->chain);
  g_hash_table_unref (st->notes);
  g_free (st);
}

const char *
bf_pdf_document_lang (const BfDocument *doc)
{
  const char *lang = bf_document_get_metadata (doc, "lang");
  return lang && *lang ? lang : "en";
}

const GArray *
bf_pdf_structure_get_elements (const BfPdfStructure *st)
{
  return st->elements;
}
