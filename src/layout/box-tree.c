/* box-tree.c — walks the document tree with computed styles and turns it into
 * paragraphs: runs of inline content with Pango attributes, the block
 * geometry around them (indents, collapsed margins, borders, backgrounds,
 * list markers), generated content (::before and ::after with counters,
 * string-set for running heads) and the keeps that pagination must honour.
 * The body's blocks are given one at a time, each as soon as nothing after
 * it can change it (bf_box_tree_walk), so that a long document's are never
 * all held at once.
 *
 * Footnotes are taken out of the flow into their own paragraphs, keyed by
 * id, to be set at the foot of the page where their reference falls.  They
 * are found only in the neutral form the read stage gives them (read/notes.c):
 * a note section has data-footnotes, a reference data-footnote-ref, a way
 * back data-footnote-backref; whatever markup the input used is not read. */
#include "layout/layout.h"
#include "style/cascade.h"

#include <fribidi.h>
#include <limits.h>
#include <string.h>

#define LRI "\xE2\x81\xA6"
#define RLI "\xE2\x81\xA7"
#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"
#define LINE_SEPARATOR "\xE2\x80\xA8"

/* Boxes nested deeper than this draw no borders or backgrounds of their
 * own and inline ones take no room (each line draws every box around it);
 * blocks and inline elements count apart. */
#define BF_MAX_DECORATED_BOXES 64

typedef struct BlockContext {
  double indent_start, indent_end;
  GArray *boxes;              /* BfBoxDecoration of the boxes around, outermost first */
  const BfComputedStyle *style;
  int list_counter;           /* a list's next number */
  int list_step;              /* 1, or -1 in a reversed list */
  struct BlockContext *list;  /* the list around, which numbers the items inside
                                 other blocks in it; NULL: this block numbers them */
  xmlNodePtr element;         /* the block element */
  BfDirection group_direction; /* of the outermost list, table or quotation around
                                  without a direction of its own: its content's */
} BlockContext;

typedef struct {
  const BfStyler *styler;     /* the cascade, or NULL for the defaults */
  const BfDocument *doc;      /* for pictures' files, or NULL */
  BfImageCache *images;       /* pictures loaded so far, or NULL: alt text only */
  GPtrArray *warnings;        /* where pictures not drawn are reported, or NULL */
  GHashTable *warned_pictures;/* addresses already reported */
  GHashTable *link_targets;   /* what "#x" links may reach, when they are checked */
  GHashTable *warned_links;   /* fragments already reported as leading nowhere */
  int unfetched_unnamed;      /* network pictures past the first few, not named */
  double page_height;         /* what pictures must fit in */
  GPtrArray *out;             /* where finished paragraphs go, or NULL: to @give */
  BfBlockFunc give;           /* takes each finished paragraph, when @out is NULL */
  gpointer give_data;
  gboolean stopped;           /* @give asked for no more */
  BfParagraph *held;          /* the last paragraph finished, held back until the next
                                 one: the end of a block around it may still mark it */
  GArray *pending_opens;      /* depths (guint) of the boxes begun since the last
                                 paragraph finished: the next one opens them */
  BfParagraph *current;       /* open paragraph, or NULL */
  guint current_serial;       /* how many paragraphs were begun: the open one's number */
  double pending_space;
  GPtrArray *pending_anchors; /* ids met between paragraphs */
  GHashTable *heading_anchors; /* heading node → its GitHub anchor, or NULL */
  gboolean pending_keep;      /* the previous block keeps with the next */
  BfBreak pending_break;      /* a forced page break before the next paragraph */
  char *pending_marker;
  BfComputedStyle *pending_marker_style;
  double pending_marker_indent; /* where the list item's content starts */
  int heading_level;
  int keep_group;             /* current keep-together group, 0 when none */
  int next_keep_group;
  gboolean in_notes;
  double measure;             /* what percentages of widths refer to */
  GHashTable *counters;       /* counter name → int*, CSS counters (one scope) */
  int quote_depth;            /* quotes open (open-quote, no-open-quote) */
  GArray *open_boxes;         /* OpenInlineBox: the inline elements open around the
                                 text that have a box to draw or room to take,
                                 outermost first; NULL until the first */
  guint open_boxes_floor;     /* those from this index on are around the text now:
                                 a block inside an inline element is outside it */
  GPtrArray *pending_strings; /* string-set values for the next paragraph: name, value… */
  BfDigitContext digits;      /* the open paragraph's letters, for -bf-digits: context */
} Builder;

static void walk_children (Builder *b, xmlNodePtr parent, const BfComputedStyle *style,
                           BlockContext *ctx);
static void append_text (Builder *b, BlockContext *ctx, const BfComputedStyle *style,
                         const char *text);
static void clamp_inline_edges (GArray *edges, const GString *text);

/* -------------------------------------------------------------- helpers */

/* Forced breaks that meet between two blocks (one's break-after, the
 * next's break-before) make one: a side wins over a plain page break, and
 * the later side over the earlier (CSS Fragmentation 3, §3.1). */
static BfBreak
combined_break (BfBreak earlier, BfBreak later)
{
  if (later == BF_BREAK_AUTO || (later == BF_BREAK_PAGE && earlier != BF_BREAK_AUTO))
    return earlier;
  return later;
}

static gboolean
is_tag (xmlNodePtr node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcasecmp (node->name, BAD_CAST name) == 0;
}

/* Footnotes in the read stage's neutral form (read/notes.c). */
static gboolean
is_note_section (xmlNodePtr el)
{
  return el->type == XML_ELEMENT_NODE && xmlHasProp (el, BAD_CAST "data-footnotes");
}

static gboolean
is_note_ref (xmlNodePtr el)
{
  return xmlHasProp (el, BAD_CAST "data-footnote-ref") != NULL;
}

static gboolean
is_note_backref (xmlNodePtr el)
{
  return xmlHasProp (el, BAD_CAST "data-footnote-backref") != NULL;
}

static void
span_clear (gpointer data)
{
  g_free (((BfSpan *) data)->target);
}

static void
add_span (GArray *spans, int start, int end, const char *target)
{
  BfSpan span = { start, end, g_strdup (target) };
  g_array_append_val (spans, span);
}

BfParagraph *
bf_paragraph_new (const BfComputedStyle *style)
{
  BfParagraph *para = g_new0 (BfParagraph, 1);
  para->text = g_string_new (NULL);
  para->attrs = pango_attr_list_new ();
  para->style = *style;
  para->links = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  para->anchors = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  para->note_refs = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  g_array_set_clear_func (para->links, span_clear);
  g_array_set_clear_func (para->anchors, span_clear);
  g_array_set_clear_func (para->note_refs, span_clear);
  para->no_hyphens = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  para->boxes = g_array_new (FALSE, FALSE, sizeof (BfBoxDecoration));
  return para;
}

void
bf_table_box_init (BfTableBox *box, const BfComputedStyle *style)
{
  for (int side = 0; side < 4; side++)
    {
      box->padding[side] = style->padding[side];
      box->border[side] = bf_style_get_border (style, side);
      box->border_color[side] = bf_style_get_border_color (style, side);
      box->border_line[side] = bf_style_get_border_line (style, side);
    }
  box->has_background = style->has_background;
  box->background = style->background;
  box->width = style->width;
  box->cell_align = style->cell_align;
  box->keep_together = style->keep_together;
  box->font_size = style->font_size;
}

static void
table_cell_free (gpointer data)
{
  BfTableCell *cell = data;
  g_ptr_array_unref (cell->blocks);
  g_free (cell);
}

void
bf_paragraph_free (BfParagraph *para)
{
  if (!para)
    return;
  if (para->text)
    g_string_free (para->text, TRUE);
  pango_attr_list_unref (para->attrs);
  g_array_unref (para->links);
  g_array_unref (para->anchors);
  g_array_unref (para->note_refs);
  g_array_unref (para->no_hyphens);
  if (para->word_spacing)
    g_array_unref (para->word_spacing);
  if (para->letter_spacing)
    g_array_unref (para->letter_spacing);
  if (para->inline_boxes)
    g_array_unref (para->inline_boxes);
  if (para->inline_edges)
    g_array_unref (para->inline_edges);
  g_array_unref (para->boxes);
  if (para->string_sets)
    g_ptr_array_unref (para->string_sets);
  g_free (para->marker);
  g_free (para->marker_style);
  bf_shaped_free (para->shaped);
  switch (para->kind)
    {
    case BF_BLOCK_TABLE:
      g_array_unref (para->u.table.rows);
      g_ptr_array_unref (para->u.table.cells);
      g_array_unref (para->u.table.column_widths);
      if (para->u.table.caption)
        g_ptr_array_unref (para->u.table.caption);
      break;
    case BF_BLOCK_IMAGE:
      bf_image_unref (para->u.image.picture);
      g_free (para->u.image.alt);
      break;
    case BF_BLOCK_PARAGRAPH:
    case BF_BLOCK_RULE:
      break;
    }
  g_free (para);
}

/* ------------------------------------------------------------ paragraphs */

static BfParagraph *
ensure_paragraph (Builder *b, BlockContext *ctx)
{
  if (b->current)
    return b->current;
  BfParagraph *para = bf_paragraph_new (ctx->style);
  para->indent_start = ctx->indent_start;
  para->indent_end = ctx->indent_end;
  para->group_direction = ctx->group_direction;
  g_array_append_vals (para->boxes, ctx->boxes->data, ctx->boxes->len);
  para->space_before = b->pending_space;
  para->keep_with_previous = b->pending_keep;
  para->break_before = b->pending_break;
  b->pending_break = BF_BREAK_AUTO;
  para->keep_group = b->keep_group;
  para->heading_level = b->heading_level;
  para->marker = g_steal_pointer (&b->pending_marker);
  para->marker_style = g_steal_pointer (&b->pending_marker_style);
  para->marker_indent = para->marker ? b->pending_marker_indent : 0;
  para->source = ctx->element;
  for (guint i = 0; i < b->pending_anchors->len; i++)
    add_span (para->anchors, 0, 0, g_ptr_array_index (b->pending_anchors, i));
  g_ptr_array_set_size (b->pending_anchors, 0);
  if (b->pending_strings && b->pending_strings->len)
    {
      para->string_sets = g_steal_pointer (&b->pending_strings);
      b->pending_strings = g_ptr_array_new_with_free_func (g_free);
    }
  b->current = para;
  b->current_serial++;
  return para;
}

/* Passes the paragraph held back on, to @out or @give. */
static void
release_held (Builder *b)
{
  BfParagraph *para = g_steal_pointer (&b->held);
  if (!para)
    return;
  if (b->out)
    g_ptr_array_add (b->out, para);
  else if (b->stopped)
    bf_paragraph_free (para);
  else if (!b->give (para, b->give_data))
    b->stopped = TRUE;
}

/* @para is finished: it opens the boxes begun since the last one, and is
 * held back until the next is finished (or the walk ends). */
static void
finish_block (Builder *b, BfParagraph *para)
{
  for (guint i = 0; b->pending_opens && i < b->pending_opens->len; i++)
    {
      guint depth = g_array_index (b->pending_opens, guint, i);
      if (para->boxes->len > depth)
        g_array_index (para->boxes, BfBoxDecoration, depth).opens = TRUE;
    }
  if (b->pending_opens)
    g_array_set_size (b->pending_opens, 0);
  release_held (b);
  b->held = para;
}

static gboolean
ends_with_space (GString *text)
{
  return text->len == 0 || text->str[text->len - 1] == ' ';
}

/* Ends the open paragraph: trims trailing spaces and drops it when empty. */
static void
flush (Builder *b)
{
  BfParagraph *para = b->current;
  if (!para)
    return;
  b->current = NULL;
  b->digits = (BfDigitContext) { BF_LETTER_NONE };
  while (para->text->len && (para->text->str[para->text->len - 1] == ' '
                             || g_str_has_suffix (para->text->str, LINE_SEPARATOR)))
    g_string_truncate (para->text, para->text->len
                                       - (para->text->str[para->text->len - 1] == ' ' ? 1 : 3));
  if (para->text->len == 0 && !para->marker)
    {
      for (guint i = 0; i < para->anchors->len; i++)
        g_ptr_array_add (b->pending_anchors,
                         g_strdup (g_array_index (para->anchors, BfSpan, i).target));
      for (guint i = 0; para->string_sets && i < para->string_sets->len; i++)
        g_ptr_array_add (b->pending_strings, g_strdup (para->string_sets->pdata[i]));
      bf_paragraph_free (para);
      return;
    }
  /* Clamp spans to the trimmed text. */
  for (guint i = 0; para->inline_boxes && i < para->inline_boxes->len; i++)
    {
      BfInlineBox *s = &g_array_index (para->inline_boxes, BfInlineBox, i);
      s->start = MIN (s->start, (int) para->text->len);
      s->end = MIN (s->end, (int) para->text->len);
    }
  if (para->inline_edges)
    clamp_inline_edges (para->inline_edges, para->text);
  GArray *span_lists[] = { para->links, para->anchors, para->note_refs };
  for (gsize l = 0; l < G_N_ELEMENTS (span_lists); l++)
    for (guint i = 0; i < span_lists[l]->len; i++)
      {
        BfSpan *s = &g_array_index (span_lists[l], BfSpan, i);
        s->start = MIN (s->start, (int) para->text->len);
        s->end = MIN (s->end, (int) para->text->len);
      }
  finish_block (b, para);
  b->pending_space = 0;
  b->pending_keep = para->style.keep_with_next;
}

/* Spacing spans are rare: their arrays are made on first use. */
static void
add_spacing_span (GArray **spans, int start, int end, double value)
{
  if (!*spans)
    *spans = g_array_new (FALSE, FALSE, sizeof (BfSpan));
  BfSpan span = { start, end, NULL, value };
  g_array_append_val (*spans, span);
}

static void
add_attrs (BfParagraph *para, const BfComputedStyle *style, int start, int end)
{
  if (start >= end)
    return;
  PangoFontDescription *desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, style->font_family);
  pango_font_description_set_absolute_size (desc, style->font_size * PANGO_SCALE);
  pango_font_description_set_weight (desc, (PangoWeight) style->font_weight);
  pango_font_description_set_style (desc, style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  PangoAttribute *attrs[8];
  int n = 0;
  attrs[n++] = pango_attr_font_desc_new (desc);
  pango_font_description_free (desc);
  if (style->lang)
    attrs[n++] = pango_attr_language_new (pango_language_from_string (style->lang));
  if (style->color != para->style.color)
    attrs[n++] = pango_attr_foreground_new (((style->color >> 16) & 0xff) * 257,
                                            ((style->color >> 8) & 0xff) * 257,
                                            (style->color & 0xff) * 257);
  if (style->rise != 0)
    attrs[n++] = pango_attr_rise_new ((int) (style->rise * PANGO_SCALE));
  if (style->underline)
    attrs[n++] = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
  if (style->strikethrough)
    attrs[n++] = pango_attr_strikethrough_new (TRUE);
  const char *features = bf_style_get_font_features (style);
  if (features)
    attrs[n++] = pango_attr_font_features_new (features);
  if (style->word_spacing != 0)
    add_spacing_span (&para->word_spacing, start, end, style->word_spacing);
  if (style->letter_spacing != 0)
    add_spacing_span (&para->letter_spacing, start, end, style->letter_spacing);
  if (style->hyphens != BF_HYPHENS_AUTO)
    {
      BfSpan span = { start, end, NULL };
      g_array_append_val (para->no_hyphens, span);
    }
  for (int i = 0; i < n; i++)
    {
      attrs[i]->start_index = start;
      attrs[i]->end_index = end;
      pango_attr_list_insert (para->attrs, attrs[i]);
    }
}

/* Appends text, collapsing white space unless the style preserves it. */
/* Whether @c continues a word for capitalize: a letter, digit or mark,
 * or an apostrophe inside the word ("don't"). */
static gboolean
continues_word (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '\'' || c == 0x2019;
}

/* @text as text-transform @transform shows it (CSS Text 3, §2.1), after
 * the text @before (or NULL); NULL when it does not change.  Case maps are
 * Unicode's full ones (ß becomes SS), not a language's own. */
static char *
transformed (BfTextTransform transform, const GString *before, const char *text)
{
  switch (transform)
    {
    case BF_TRANSFORM_NONE:
      return NULL;
    case BF_TRANSFORM_UPPERCASE:
      return g_utf8_strup (text, -1);
    case BF_TRANSFORM_LOWERCASE:
      return g_utf8_strdown (text, -1);
    case BF_TRANSFORM_CAPITALIZE:
      break;
    }
  GString *out = g_string_sized_new (strlen (text));
  gboolean in_word = FALSE;
  if (before && before->len)
    {
      const char *last = g_utf8_find_prev_char (before->str, before->str + before->len);
      in_word = last && continues_word (g_utf8_get_char (last));
    }
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!in_word && g_unichar_isalpha (c))
        c = g_unichar_totitle (c);
      in_word = continues_word (c);
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* An inline element open around the text being read, with a box: which
 * paragraph its box is in, and where. */
typedef struct {
  const BfComputedStyle *style;
  guint serial;                    /* the paragraph its box is in (Builder's
                                      current_serial), 0 before its first text */
  guint box;                       /* its index in that paragraph's inline_boxes */
  gboolean begun;                  /* it has had text, in this paragraph or one before */
} OpenInlineBox;

/* Whether an inline element of @style draws a box (a background, a
 * border) or takes room (padding, margins) around its text. */
static gboolean
has_inline_box (const BfComputedStyle *style)
{
  if (style->has_background || style->margin_start != 0 || style->margin_end != 0
      || style->margin_start_percent != 0 || style->margin_end_percent != 0)
    return TRUE;
  for (int side = 0; side < 4; side++)
    if (style->padding[side] != 0 || bf_style_get_border (style, side) > 0)
      return TRUE;
  return FALSE;
}

/* The room an inline element's start or end edge takes: its margin,
 * border and padding on that side, never less than none. */
static double
inline_edge_width (const BfInlineBox *box, BfSide side)
{
  double margin = side == BF_SIDE_START ? box->margin_start : box->margin_end;
  return MAX (margin + box->border[side] + box->padding[side], 0);
}

static void
add_inline_edge (BfParagraph *para, int offset, gboolean end, double width, guint box)
{
  if (width <= 0)
    return;
  if (!para->inline_edges)
    para->inline_edges = g_array_new (FALSE, FALSE, sizeof (BfInlineEdge));
  BfInlineEdge edge = { offset, end, width, box };
  g_array_append_val (para->inline_edges, edge);
}

/* A box for @open in @para, beginning at @start, inside @parent's (-1:
 * none); its start edge takes room there when the element begins there. */
static guint
begin_inline_box (Builder *b, OpenInlineBox *open, BfParagraph *para, int start, int parent)
{
  const BfComputedStyle *style = open->style;
  if (!para->inline_boxes)
    para->inline_boxes = g_array_new (FALSE, FALSE, sizeof (BfInlineBox));
  double measure = b->measure;
  BfInlineBox box = { .start = start, .end = start, .parent = parent, .opens = !open->begun,
                      .has_background = style->has_background, .background = style->background,
                      .font_size = style->font_size, .rise = style->rise,
                      .margin_start = style->margin_start + style->margin_start_percent * measure,
                      .margin_end = style->margin_end + style->margin_end_percent * measure };
  for (int side = 0; side < 4; side++)
    {
      box.padding[side] = MAX (style->padding[side], 0);
      box.border[side] = bf_style_get_border (style, side);
      box.border_color[side] = bf_style_get_border_color (style, side);
      box.border_line[side] = bf_style_get_border_line (style, side);
    }
  g_array_append_val (para->inline_boxes, box);
  guint index = para->inline_boxes->len - 1;
  if (box.opens)
    add_inline_edge (para, start, FALSE, inline_edge_width (&box, BF_SIDE_START), index);
  open->begun = TRUE;
  open->serial = b->current_serial;
  return index;
}

/* Text from @start to @end of @para, the open paragraph, was appended:
 * the boxes of the inline elements open around it take it in, each begun
 * in @para if it has not been yet (outermost first, so that each knows
 * the box it is in). */
static void
extend_inline_boxes (Builder *b, BfParagraph *para, int start, int end)
{
  if (!b->open_boxes || start >= end)
    return;
  for (guint i = b->open_boxes_floor; i < b->open_boxes->len; i++)
    {
      OpenInlineBox *open = &g_array_index (b->open_boxes, OpenInlineBox, i);
      if (open->serial != b->current_serial)
        {
          int parent = i > b->open_boxes_floor
                           ? (int) g_array_index (b->open_boxes, OpenInlineBox, i - 1).box : -1;
          open->box = begin_inline_box (b, open, para, start, parent);
        }
      g_array_index (para->inline_boxes, BfInlineBox, open->box).end = end;
    }
}

static void
open_inline_box (Builder *b, const BfComputedStyle *style)
{
  if (!b->open_boxes)
    b->open_boxes = g_array_new (FALSE, FALSE, sizeof (OpenInlineBox));
  OpenInlineBox open = { style, 0, 0, FALSE };
  g_array_append_val (b->open_boxes, open);
}

/* The innermost open inline element ends: its box closes, and its end
 * edge takes room after its last character, when it is still in the
 * paragraph being built. */
static void
close_inline_box (Builder *b)
{
  OpenInlineBox open = g_array_index (b->open_boxes, OpenInlineBox, b->open_boxes->len - 1);
  g_array_set_size (b->open_boxes, b->open_boxes->len - 1);
  BfParagraph *para = b->current;
  if (!para || open.serial != b->current_serial)
    return;
  BfInlineBox *box = &g_array_index (para->inline_boxes, BfInlineBox, open.box);
  box->closes = TRUE;
  const char *text = para->text->str;
  int last = g_utf8_find_prev_char (text, text + box->end) - text;
  add_inline_edge (para, last, TRUE, inline_edge_width (box, BF_SIDE_END), open.box);
}

/* The edges of @edges on text trimmed to @text: a start past its end goes
 * (its element has no text left), an end past it moves to its last
 * character.  Offsets stay in order. */
static void
clamp_inline_edges (GArray *edges, const GString *text)
{
  int last = text->len ? g_utf8_find_prev_char (text->str, text->str + text->len) - text->str : 0;
  guint kept = 0;
  for (guint i = 0; i < edges->len; i++)
    {
      BfInlineEdge edge = g_array_index (edges, BfInlineEdge, i);
      if (edge.offset >= (int) text->len)
        {
          if (!edge.end || !text->len)
            continue;
          edge.offset = last;
        }
      g_array_index (edges, BfInlineEdge, kept++) = edge;
    }
  g_array_set_size (edges, kept);
}

static void
append_text (Builder *b, BlockContext *ctx, const BfComputedStyle *style, const char *text)
{
  g_autofree char *shown = transformed (style->text_transform, b->current ? b->current->text : NULL,
                                        text);
  if (shown)
    text = shown;
  if (!style->preformatted && !b->current)
    {
      const char *p = text;
      while (*p && g_ascii_isspace (*p))
        p++;
      if (!*p)
        return;
    }
  BfParagraph *para = ensure_paragraph (b, ctx);
  GString *out = para->text;
  int start = out->len;
  for (const char *p = text; *p; p++)
    {
      char c = *p;
      if (style->preformatted)
        {
          if (c == '\n')
            g_string_append (out, LINE_SEPARATOR);
          else if (c == '\t')
            g_string_append (out, "    ");
          else if (c != '\r')
            g_string_append_c (out, c);
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          if (!ends_with_space (out))
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, c);
    }
  add_attrs (para, style, start, out->len);
  extend_inline_boxes (b, para, start, out->len);
}

void
bf_paragraph_append (BfParagraph *para, const BfComputedStyle *style, const char *text)
{
  int start = para->text->len;
  g_string_append (para->text, text);
  add_attrs (para, style, start, para->text->len);
}

static void
append_literal (Builder *b, BlockContext *ctx, const BfComputedStyle *style, const char *text)
{
  bf_paragraph_append (ensure_paragraph (b, ctx), style, text);
}

/* ---------------------------------------------------------------- inline */

#define LRE "\xE2\x80\xAA"
#define RLE "\xE2\x80\xAB"
#define PDF "\xE2\x80\xAC"
#define LRO "\xE2\x80\xAD"
#define RLO "\xE2\x80\xAE"

/* The bidi controls that open and close an inline element, from its
 * unicode-bidi and direction (CSS Writing Modes 3, §2.4.2); code inside
 * right-to-left text is isolated left to right (code always reads so). */
static void
bidi_controls_for (xmlNodePtr el, const BfComputedStyle *style, const char **open,
                   const char **close)
{
  gboolean rtl = style->direction == BF_DIRECTION_RTL;
  gboolean automatic = style->direction == BF_DIRECTION_AUTO;
  *open = *close = NULL;
  switch (style->unicode_bidi)
    {
    case BF_BIDI_NORMAL:
      if (is_tag (el, "code") || is_tag (el, "kbd") || is_tag (el, "samp"))
        {
          gboolean rtl_context = rtl || (automatic && bf_lang_is_rtl (style->lang));
          if (rtl_context)
            *open = LRI, *close = PDI;
        }
      break;
    case BF_BIDI_EMBED:
      if (!automatic)
        *open = rtl ? RLE : LRE, *close = PDF;
      break;
    case BF_BIDI_ISOLATE:
      *open = automatic ? FSI : rtl ? RLI : LRI, *close = PDI;
      break;
    case BF_BIDI_PLAINTEXT:
      *open = FSI, *close = PDI;
      break;
    case BF_BIDI_OVERRIDE:
      *open = rtl ? RLO : LRO, *close = PDF;
      break;
    case BF_BIDI_ISOLATE_OVERRIDE:
      *open = rtl ? FSI RLO : FSI LRO, *close = PDF PDI;
      break;
    }
}

/* --------------------------------------------------- generated content */

typedef struct {
  Builder *b;
  xmlNodePtr element;
  gboolean element_text;     /* content() may give the element's text */
  const BfComputedStyle *style;  /* whose quotes and language a quote takes */
} ContentContext;

/* An element's text with its white space collapsed, as content() and
 * string-set take it. */
static char *
collapsed_text (xmlNodePtr el)
{
  g_autofree xmlChar *raw = xmlNodeGetContent (el);
  return bf_text_collapse_spaces ((const char *) raw);
}

static char *
resolve_content (const BfContentPart *part, gpointer data)
{
  ContentContext *c = data;
  switch (part->kind)
    {
    case BF_CONTENT_COUNTER:
      {
        int *value = g_hash_table_lookup (c->b->counters, part->text);
        return bf_list_style_format (part->list_style, value ? *value : 0);
      }
    case BF_CONTENT_ELEMENT_TEXT:
      return c->element_text ? collapsed_text (c->element) : NULL;
    case BF_CONTENT_ATTR:
      return (char *) xmlGetProp (c->element, BAD_CAST part->text);
    case BF_CONTENT_OPEN_QUOTE:
    case BF_CONTENT_NO_OPEN_QUOTE:
      {
        int depth = c->b->quote_depth++;
        return part->kind == BF_CONTENT_OPEN_QUOTE
                 ? g_strdup (bf_quote_mark (c->style->quotes, c->style->lang, depth, TRUE))
                 : NULL;
      }
    case BF_CONTENT_CLOSE_QUOTE:
    case BF_CONTENT_NO_CLOSE_QUOTE:
      {
        /* A close-quote with none open is no mark (§3.1). */
        if (c->b->quote_depth == 0)
          return NULL;
        int depth = --c->b->quote_depth;
        return part->kind == BF_CONTENT_CLOSE_QUOTE
                 ? g_strdup (bf_quote_mark (c->style->quotes, c->style->lang, depth, FALSE))
                 : NULL;
      }
    default:
      return NULL; /* string() belongs to margin boxes */
    }
}

static void
change_counters (Builder *b, const GArray *changes, gboolean reset)
{
  for (guint i = 0; changes && i < changes->len; i++)
    {
      const BfCounterChange *change = &g_array_index (changes, BfCounterChange, i);
      int *value = g_hash_table_lookup (b->counters, change->name);
      if (!value)
        {
          value = g_new0 (int, 1);
          g_hash_table_insert (b->counters, g_strdup (change->name), value);
        }
      /* Counters wrap rather than overflow. */
      *value = reset ? change->value : (int) ((unsigned) *value + (unsigned) change->value);
    }
}

/* An element's counters and named strings, as it begins. */
static void
enter_element (Builder *b, xmlNodePtr el, const BfComputedStyle *style)
{
  change_counters (b, style->counter_reset, TRUE);
  change_counters (b, style->counter_increment, FALSE);
  if (!style->string_set)
    return;
  ContentContext c = { b, el, TRUE, style };
  GPtrArray *to = b->current ? b->current->string_sets : b->pending_strings;
  if (!to)
    to = b->current->string_sets = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < style->string_set->len; i++)
    {
      const BfStringSet *set = style->string_set->pdata[i];
      g_ptr_array_add (to, g_strdup (set->name));
      g_ptr_array_add (to, bf_content_evaluate (set->parts, resolve_content, &c));
    }
}

/* The ::before or ::after of @el, as text in its own style. */
static void
append_pseudo (Builder *b, BlockContext *ctx, xmlNodePtr el, const BfComputedStyle *style,
               BfCssPseudo which)
{
  BfComputedStyle pseudo;
  if (!bf_styler_compute_pseudo (b->styler, style, el, which, &pseudo))
    return;
  change_counters (b, pseudo.counter_reset, TRUE);
  change_counters (b, pseudo.counter_increment, FALSE);
  ContentContext c = { b, el, FALSE, &pseudo };
  g_autofree char *text = bf_content_evaluate (pseudo.content, resolve_content, &c);
  if (*text)
    append_text (b, ctx, &pseudo, text);
}

/* The style of list item @el's marker when a ::marker rule gives it one,
 * and its content, when set, as the marker's text. */
static void
set_marker_style (Builder *b, xmlNodePtr el, const BfComputedStyle *style)
{
  g_clear_pointer (&b->pending_marker_style, g_free);
  BfComputedStyle marker;
  if (!bf_styler_compute_marker (b->styler, style, el, &marker))
    return;
  if (marker.content_none)
    g_clear_pointer (&b->pending_marker, g_free);
  else if (marker.content)
    {
      ContentContext c = { b, el, FALSE, &marker };
      g_autofree char *text = bf_content_evaluate (marker.content, resolve_content, &c);
      g_free (b->pending_marker);
      b->pending_marker = *g_strstrip (text) ? g_steal_pointer (&text) : NULL;
    }
  b->pending_marker_style = g_memdup2 (&marker, sizeof marker);
}

/* ----------------------------------------------------------------- pictures */

static gboolean
is_blank_node (xmlNodePtr n)
{
  return n->type == XML_COMMENT_NODE || (n->type == XML_TEXT_NODE && xmlIsBlankNode (n))
         || is_tag (n, "br") || is_tag (n, "source") || is_tag (n, "figcaption");
}

/* TRUE when @img is all its block @block holds (besides white space, a
 * caption, or the link or <picture> around it): then it is set as a block. */
static gboolean
is_alone_in_block (xmlNodePtr img, xmlNodePtr block)
{
  for (xmlNodePtr n = img; n && n != block; n = n->parent)
    {
      for (xmlNodePtr s = n->parent ? n->parent->children : NULL; s; s = s->next)
        if (s != n && !is_blank_node (s))
          return FALSE;
      if (n->parent == block)
        return TRUE;
      if (!is_tag (n->parent, "a") && !is_tag (n->parent, "picture") && !is_tag (n->parent, "span")
          && !is_tag (n->parent, "p"))
        return FALSE;
    }
  return FALSE;
}

/* Network pictures named one by one before the rest are only counted. */
#define BF_UNFETCHED_NAMED 5

/* Reports a picture not drawn, once per address; past the first few on
 * the network, the others are counted for one warning at the end. */
static void
warn_picture (Builder *b, xmlNodePtr el, const char *src, const char *why, gboolean remote)
{
  if (!b->warnings || !g_hash_table_add (b->warned_pictures, g_strdup (src)))
    return;
  if (remote && g_hash_table_size (b->warned_pictures) > BF_UNFETCHED_NAMED)
    {
      b->unfetched_unnamed++;
      return;
    }
  gboolean cut = g_utf8_strlen (src, -1) > 80;
  g_autofree char *shown = cut ? g_utf8_substring (src, 0, 60) : g_strdup (src);
  g_ptr_array_add (b->warnings,
                   g_strdup_printf ("%s:%ld: warning: picture %s%s not drawn: %s; its alt text stands "
                                    "in its place", b->doc->name, xmlGetLineNo (el), shown,
                                    cut ? "…" : "", why));
}

/* The picture @el names, loaded (once per file), or NULL with a warning. */
static BfImage *
load_picture (Builder *b, xmlNodePtr el)
{
  if (!b->images || !b->doc)
    return NULL;
  g_autofree xmlChar *src = xmlGetProp (el, BAD_CAST "src");
  if (!src || !*src)
    return NULL;
  const char *reference = (const char *) src;
  g_autofree char *path = NULL;
  if (!g_str_has_prefix (reference, "data:"))
    {
      const char *why = NULL;
      path = bf_document_resolve_resource (b->doc, reference, &why);
      if (!path)
        {
          warn_picture (b, el, reference, why, strstr (reference, "://") != NULL);
          return NULL;
        }
      reference = path;
    }
  GError *error = NULL;
  BfImage *image = bf_image_cache_load (b->images, reference, NULL, &error);
  if (!image)
    {
      warn_picture (b, el, (const char *) src, error->message, FALSE);
      g_error_free (error);
    }
  return image;
}

/* A picture in a line of text: a U+FFFC as wide as the picture, under a
 * shape attribute that carries it to the line that draws it. */
static void
add_inline_picture (Builder *b, BlockContext *ctx, xmlNodePtr el, const BfComputedStyle *style,
                    BfImage *image, const char *alt)
{
  BfParagraph *para = ensure_paragraph (b, ctx);
  double measure = b->measure - para->indent_start - para->indent_end;
  double width, height;
  bf_image_block_size (image, style, el, measure, b->page_height, &width, &height);
  int start = para->text->len;
  append_literal (b, ctx, style, "\xEF\xBF\xBC");
  BfInlinePicture *picture = bf_inline_picture_new (image, alt, width, height);
  PangoRectangle logical = { 0, (int) (-height * PANGO_SCALE), (int) (width * PANGO_SCALE),
                             (int) (height * PANGO_SCALE) };
  PangoAttribute *attr = pango_attr_shape_new_with_data (&logical, &logical, picture,
                                                         bf_inline_picture_ref, bf_inline_picture_unref);
  attr->start_index = start;
  attr->end_index = para->text->len;
  pango_attr_list_insert (para->attrs, attr);
}

/* A picture alone in its block becomes a block of its own; one in a line
 * of text stands in the line; one that cannot be drawn is its alt text. */
static void
walk_image (Builder *b, xmlNodePtr el, const BfComputedStyle *style, BlockContext *ctx)
{
  g_autofree xmlChar *alt = xmlGetProp (el, BAD_CAST "alt");
  g_autofree xmlChar *id = xmlGetProp (el, BAD_CAST "id");
  BfImage *image = load_picture (b, el);
  if (!image || !is_alone_in_block (el, ctx->element))
    {
      /* In the line: where links to it lead. */
      if (id)
        {
          BfParagraph *para = ensure_paragraph (b, ctx);
          add_span (para->anchors, para->text->len, para->text->len, (const char *) id);
        }
      if (image)
        add_inline_picture (b, ctx, el, style, image, (const char *) alt);
      else if (alt && *alt)
        append_text (b, ctx, style, (const char *) alt);
      return;
    }
  flush (b);
  BfParagraph *para = ensure_paragraph (b, ctx);
  if (id)
    add_span (para->anchors, 0, 0, (const char *) id);
  b->current = NULL;
  para->kind = BF_BLOCK_IMAGE;
  para->u.image.picture = image;
  para->u.image.alt = g_strdup (alt ? (const char *) alt : "");
  /* The alt text lies under the picture, small and white: hidden from the
   * eye, but in the text layer for copying, searching and reading aloud. */
  if (alt && *alt)
    {
      para->style.font_size = BF_ALT_TEXT_SIZE;
      para->style.line_height = 1;
      para->style.color = 0xFFFFFF;
      para->style.text_align = BF_ALIGN_START;
      para->style.text_indent = 0;
      para->style.hyphens = BF_HYPHENS_NONE;
      BfComputedStyle hidden = para->style;
      hidden.font_family = style->font_family;
      hidden.lang = style->lang;
      g_autofree char *text = g_strstrip (g_strdup ((const char *) alt));
      bf_paragraph_append (para, &hidden, text);
    }
  double measure = b->measure - para->indent_start - para->indent_end;
  bf_image_block_size (image, style, el, measure, b->page_height, &para->u.image.width,
                       &para->u.image.height);
  finish_block (b, para);
  b->pending_space = 0;
  b->pending_keep = FALSE;
}

/* Reports, once per fragment, a link to "#@fragment" that leads nowhere:
 * no id in the document is @fragment as written or percent-decoded, nor
 * any heading's anchor.  "#top" and "#" lead to the first page, as in a
 * browser. */
static void
check_link_target (Builder *b, xmlNodePtr el, const char *fragment)
{
  if (!b->link_targets || !*fragment || g_ascii_strcasecmp (fragment, "top") == 0
      || g_hash_table_contains (b->link_targets, fragment))
    return;
  g_autofree char *decoded = g_uri_unescape_string (fragment, NULL);
  if ((decoded && g_hash_table_contains (b->link_targets, decoded))
      || !g_hash_table_add (b->warned_links, g_strdup (fragment)))
    return;
  g_ptr_array_add (b->warnings,
                   g_strdup_printf ("%s:%ld: warning: link to #%s: no such id in the document; "
                                    "drawn as text, not a link", b->doc->name, xmlGetLineNo (el),
                                    fragment));
}

static void
walk_inline (Builder *b, xmlNodePtr el, const BfComputedStyle *style, BlockContext *ctx)
{
  if (is_note_backref (el))
    return;
  g_autofree xmlChar *id = xmlGetProp (el, BAD_CAST "id");
  if (is_tag (el, "br"))
    {
      append_literal (b, ctx, style, LINE_SEPARATOR);
      return;
    }
  if (is_tag (el, "img"))
    {
      walk_image (b, el, style, ctx);
      return;
    }
  BfParagraph *para = ensure_paragraph (b, ctx);
  if (id)
    add_span (para->anchors, para->text->len, para->text->len, (const char *) id);
  const char *bidi_open, *bidi_close;
  bidi_controls_for (el, style, &bidi_open, &bidi_close);
  if (bidi_open)
    append_literal (b, ctx, style, bidi_open);
  int start = para->text->len;
  /* Its box holds its text and its descendants', inside those of the
   * inline elements around it. */
  gboolean boxed = has_inline_box (style)
                   && (!b->open_boxes || b->open_boxes->len < BF_MAX_DECORATED_BOXES);
  if (boxed)
    open_inline_box (b, style);
  enter_element (b, el, style);
  append_pseudo (b, ctx, el, style, BF_CSS_PSEUDO_BEFORE);
  walk_children (b, el, style, ctx);
  if (b->current != para)
    {
      if (boxed)
        close_inline_box (b);
      return; /* a block inside the inline element ended the paragraph */
    }
  append_pseudo (b, ctx, el, style, BF_CSS_PSEUDO_AFTER);
  if (boxed)
    close_inline_box (b);
  if (bidi_close)
    append_literal (b, ctx, style, bidi_close);
  if (is_tag (el, "a"))
    {
      g_autofree xmlChar *href = xmlGetProp (el, BAD_CAST "href");
      if (href && *href)
        {
          if (is_note_ref (el) && href[0] == '#')
            add_span (para->note_refs, start, para->text->len, (const char *) href + 1);
          else if (href[0] == '#')
            check_link_target (b, el, (const char *) href + 1);
          add_span (para->links, start, para->text->len, (const char *) href);
        }
    }
}

/* ----------------------------------------------------------------- blocks */

/* Percentages of the containing block's width (@containing) become lengths. */
static void
resolve_percentages (BfComputedStyle *style, double containing)
{
  style->margin_start += style->margin_start_percent * containing;
  style->margin_end += style->margin_end_percent * containing;
  style->margin_start_percent = style->margin_end_percent = 0;
}

/* How far a block's content sits in from its containing block on @side
 * (start or end): its margin, border and padding. */
static double
content_inset (const BfComputedStyle *style, BfSide side)
{
  double margin = side == BF_SIDE_START ? style->margin_start : style->margin_end;
  return margin + bf_style_get_border (style, side) + style->padding[side];
}

/* The numbers lists start from are kept within ±BF_LIST_NUMBER_MAX, so
 * that counting on through the items, up or down, does not overflow. */
#define BF_LIST_NUMBER_MAX 999999999

/* The number attribute @name of @el (an ol's start, an li's value), into
 * *@out, within ±BF_LIST_NUMBER_MAX; FALSE when it has none or it is not
 * a number. */
static gboolean
list_number_attribute (xmlNodePtr el, const char *name, int *out)
{
  g_autofree xmlChar *value = xmlGetProp (el, BAD_CAST name);
  if (!value)
    return FALSE;
  char *end;
  gint64 n = g_ascii_strtoll ((const char *) value, &end, 10);
  if (end == (char *) value)
    return FALSE;
  *out = (int) CLAMP (n, -BF_LIST_NUMBER_MAX, BF_LIST_NUMBER_MAX);
  return TRUE;
}

static gboolean
is_list (xmlNodePtr el)
{
  return is_tag (el, "ol") || is_tag (el, "ul") || is_tag (el, "menu");
}

/* The items @list owns (HTML §4.4.8): the li elements inside it with no
 * other list between.  Walks the subtree without recursion. */
static int
count_list_items (xmlNodePtr list)
{
  int items = 0;
  for (xmlNodePtr n = list->children; n;
       n = bf_node_next_in_walk (n, list, !is_list (n) && !is_tag (n, "li")))
    items += is_tag (n, "li");
  return MIN (items, BF_LIST_NUMBER_MAX);
}

/* Where an ordered list starts counting and which way (HTML §4.4.5): from
 * its start attribute, else 1, or its number of items when reversed. */
static void
list_start (xmlNodePtr ol, BlockContext *ctx)
{
  gboolean reversed = xmlHasProp (ol, BAD_CAST "reversed") != NULL;
  ctx->list_step = reversed ? -1 : 1;
  if (!list_number_attribute (ol, "start", &ctx->list_counter))
    ctx->list_counter = reversed ? count_list_items (ol) : 1;
}

/* The number of the list item @li in the block @parent, from its value
 * attribute or its list's count, and that count moved on past it. */
static int
list_item_number (xmlNodePtr li, BlockContext *parent)
{
  BlockContext *list = parent->list ? parent->list : parent;
  int number = list->list_counter;
  list_number_attribute (li, "value", &number);
  if (list->list_step > 0 ? number < INT_MAX : number > INT_MIN)
    list->list_counter = number + list->list_step;
  return number;
}

/* --------------------------------------------------------------- groups */

/* Lists and quotations set their items on one side: the list's direction,
 * else that of its prose taken as a whole. */
static gboolean
is_group (xmlNodePtr el)
{
  return is_tag (el, "ul") || is_tag (el, "ol") || is_tag (el, "menu") || is_tag (el, "dl")
         || is_tag (el, "blockquote");
}

/* Code, whose letters are mostly Latin whatever the language of the text
 * around it. */
static gboolean
is_code (xmlNodePtr node)
{
  return is_tag (node, "pre") || is_tag (node, "code") || is_tag (node, "kbd")
         || is_tag (node, "samp") || is_tag (node, "script") || is_tag (node, "style");
}

static void
count_strong (const xmlChar *text, long *ltr, long *rtl)
{
  for (const char *p = (const char *) text; p && *p; p = g_utf8_next_char (p))
    {
      FriBidiCharType type = fribidi_get_bidi_type (g_utf8_get_char (p));
      if (FRIBIDI_IS_LETTER (type))
        {
          if (FRIBIDI_IS_RTL (type))
            (*rtl)++;
          else
            (*ltr)++;
        }
    }
}

/* The direction of @el's prose taken as a whole: that of the majority of
 * its strong characters (UAX #9 types L against R and AL), code left out;
 * AUTO on a tie.  Walks the subtree without recursion. */
static BfDirection
content_direction (xmlNodePtr el)
{
  long ltr = 0, rtl = 0;
  for (xmlNodePtr n = el->children; n; n = bf_node_next_in_walk (n, el, !is_code (n)))
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
      count_strong (n->content, &ltr, &rtl);
  return rtl > ltr ? BF_DIRECTION_RTL : ltr > rtl ? BF_DIRECTION_LTR : BF_DIRECTION_AUTO;
}

/* The group direction inside @el: the one around it, else, for a list,
 * table or quotation whose style gives no direction, its content's.  Only
 * the outermost group reads its content, so nesting stays linear. */
static BfDirection
group_direction_of (xmlNodePtr el, const BfComputedStyle *style, const BlockContext *parent)
{
  if (parent->group_direction != BF_DIRECTION_AUTO || style->direction != BF_DIRECTION_AUTO)
    return parent->group_direction;
  if (!is_group (el) && !is_tag (el, "table"))
    return BF_DIRECTION_AUTO;
  return content_direction (el);
}

/* The anchors met before @para and @el's id, when @el is not NULL, made
 * @para's: a block of no text of its own (a rule, a table), placed at its
 * top. */
static void
take_anchors (Builder *b, BfParagraph *para, xmlNodePtr el)
{
  for (guint i = 0; i < b->pending_anchors->len; i++)
    add_span (para->anchors, 0, 0, g_ptr_array_index (b->pending_anchors, i));
  g_ptr_array_set_size (b->pending_anchors, 0);
  g_autofree xmlChar *id = el ? xmlGetProp (el, BAD_CAST "id") : NULL;
  if (id)
    add_span (para->anchors, 0, 0, (const char *) id);
}

/* The forced break before @para, a block made whole (a rule, a table) in
 * @style: the one waiting from the block before with its own. */
static void
take_break_before (Builder *b, BfParagraph *para, const BfComputedStyle *style)
{
  para->break_before = combined_break (b->pending_break, style->break_before);
  b->pending_break = BF_BREAK_AUTO;
}

static void
emit_rule (Builder *b, BlockContext *ctx, const BfComputedStyle *style, xmlNodePtr el)
{
  flush (b);
  BfParagraph *para = bf_paragraph_new (style);
  take_break_before (b, para, style);
  para->kind = BF_BLOCK_RULE;
  para->source = ctx->element;
  take_anchors (b, para, el);
  para->group_direction = ctx->group_direction;
  para->indent_start = ctx->indent_start + style->margin_start;
  para->indent_end = ctx->indent_end + style->margin_end;
  para->space_before = MAX (b->pending_space, style->margin_top);
  para->keep_group = b->keep_group;
  finish_block (b, para);
  b->pending_space = style->margin_bottom;
  b->pending_keep = FALSE;
  b->pending_break = style->break_after;
}

static void
builder_clear (Builder *b)
{
  if (b->pending_opens)
    g_array_unref (b->pending_opens);
  g_ptr_array_unref (b->pending_anchors);
  g_ptr_array_unref (b->pending_strings);
  if (b->open_boxes)
    g_array_unref (b->open_boxes);
  g_hash_table_unref (b->counters);
  g_free (b->pending_marker);
  g_free (b->pending_marker_style);
}

static GHashTable *
counters_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The blocks of a table cell or caption, laid out later at its width:
 * built as a document of their own, with the pictures, counters and
 * warnings of the one around. */
static GPtrArray *
cell_blocks (Builder *outer, xmlNodePtr cell, const BfComputedStyle *style,
             BfDirection group_direction)
{
  Builder b = { 0 };
  b.styler = outer->styler;
  b.doc = outer->doc;
  b.images = outer->images;
  b.warnings = outer->warnings;
  b.warned_pictures = outer->warned_pictures;
  b.link_targets = outer->link_targets;
  b.warned_links = outer->warned_links;
  b.page_height = outer->page_height;
  b.measure = outer->measure;
  b.in_notes = outer->in_notes;
  b.out = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_paragraph_free);
  b.pending_anchors = g_ptr_array_new_with_free_func (g_free);
  b.heading_anchors = outer->heading_anchors;
  b.counters = g_hash_table_ref (outer->counters);
  b.pending_strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree xmlChar *id = xmlGetProp (cell, BAD_CAST "id");
  if (id)
    g_ptr_array_add (b.pending_anchors, g_strdup ((const char *) id));
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (BfBoxDecoration));
  BlockContext ctx = { .boxes = boxes, .style = style, .list_counter = 1, .list_step = 1,
                       .element = cell, .group_direction = group_direction };
  walk_children (&b, cell, style, &ctx);
  flush (&b);
  release_held (&b);
  if (b.out->len)
    ((BfParagraph *) b.out->pdata[0])->space_before = 0;
  outer->unfetched_unnamed = b.unfetched_unnamed;
  g_array_unref (boxes);
  builder_clear (&b);
  return b.out;
}

/* HTML's limits on spans (§4.9.11). */
#define BF_TABLE_MAX_COLSPAN 1000
#define BF_TABLE_MAX_ROWSPAN 65534

static int
span_attribute (xmlNodePtr cell, const char *name, int most)
{
  g_autofree xmlChar *value = xmlGetProp (cell, BAD_CAST name);
  if (!value)
    return 1;
  gint64 n = g_ascii_strtoll ((const char *) value, NULL, 10);
  if (n == 0 && !strcmp (name, "rowspan"))
    return most;              /* rowspan="0": to the end of its row group */
  if (n <= 0)
    return 1;
  return (int) MIN (n, most);
}

/* Builds a table's grid (HTML §4.9.12, the table processing model), one
 * row group at a time: each cell goes in the first slot of its row that no
 * cell from a row above still covers. */
typedef struct {
  Builder *b;
  BfTableData *table;
  BfDirection group_direction;
  GArray *covered_until;      /* int per column: the first row not covered from above */
  int group_start;            /* the current row group's first row */
} GridBuilder;

static void
grid_end_group (GridBuilder *g)
{
  /* Cells whose rowspan runs past their group stop at its end. */
  int end = (int) g->table->rows->len;
  for (guint i = 0; i < g->table->cells->len; i++)
    {
      BfTableCell *cell = g->table->cells->pdata[i];
      if (cell->row >= g->group_start && cell->row + cell->rowspan > end)
        cell->rowspan = MAX (end - cell->row, 1);
    }
  g_array_set_size (g->covered_until, 0);
  g->group_start = end;
}

static void
grid_add_row (GridBuilder *g, xmlNodePtr tr, const BfComputedStyle *row_style, const char *section)
{
  BfTableRow row = { tr, !strcmp (section, "thead"), !strcmp (section, "tfoot") };
  bf_table_box_init (&row.box, row_style);
  int r = (int) g->table->rows->len;
  g_array_append_val (g->table->rows, row);
  int column = 0;
  for (xmlNodePtr c = tr->children; c; c = c->next)
    {
      if (!is_tag (c, "td") && !is_tag (c, "th"))
        continue;
      while (column < (int) g->covered_until->len && g_array_index (g->covered_until, int, column) > r)
        column++;
      BfTableCell *cell = g_new0 (BfTableCell, 1);
      BfComputedStyle cell_style;
      bf_styler_compute (g->b->styler, row_style, c, &cell_style);
      cell_style.margin_top = cell_style.margin_bottom = 0;
      bf_table_box_init (&cell->box, &cell_style);
      cell->row = r;
      cell->column = column;
      cell->header_cell = is_tag (c, "th");
      cell->colspan = span_attribute (c, "colspan", BF_TABLE_MAX_COLSPAN);
      cell->rowspan = span_attribute (c, "rowspan", BF_TABLE_MAX_ROWSPAN);
      cell->blocks = cell_style.display == BF_DISPLAY_NONE
                         ? g_ptr_array_new_with_free_func ((GDestroyNotify) bf_paragraph_free)
                         : cell_blocks (g->b, c, &cell_style, g->group_direction);
      if ((int) g->covered_until->len < column + cell->colspan)
        {
          int zero = 0, old = (int) g->covered_until->len;
          for (int k = old; k < column + cell->colspan; k++)
            g_array_append_val (g->covered_until, zero);
        }
      for (int k = column; k < column + cell->colspan; k++)
        g_array_index (g->covered_until, int, k) = MAX (g_array_index (g->covered_until, int, k),
                                                        r + MIN (cell->rowspan, BF_TABLE_MAX_ROWSPAN));
      g->table->columns = MAX (g->table->columns, column + cell->colspan);
      column += cell->colspan;
      g_ptr_array_add (g->table->cells, cell);
    }
}

/* The rows of @group (a <thead>, <tbody>, <tfoot> or the table itself,
 * whose own <tr>s form groups between the others), or, with @pass, only
 * the sections of that kind: "thead" first, then the body, then "tfoot". */
static void
grid_add_rows (GridBuilder *g, xmlNodePtr table, const BfComputedStyle *table_style, const char *pass)
{
  gboolean body = !strcmp (pass, "tbody");
  gboolean loose_rows = FALSE;
  for (xmlNodePtr n = table->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_tag (n, "tr") && body)
        {
          BfComputedStyle row_style;
          bf_styler_compute (g->b->styler, table_style, n, &row_style);
          if (row_style.display != BF_DISPLAY_NONE)
            grid_add_row (g, n, &row_style, "tbody");
          loose_rows = TRUE;
          continue;
        }
      gboolean section = is_tag (n, "thead") || is_tag (n, "tbody") || is_tag (n, "tfoot");
      if (!section || !(is_tag (n, pass) || (body && is_tag (n, "tbody"))))
        continue;
      /* Rows straight in the table form a group up to the next section. */
      if (loose_rows)
        grid_end_group (g), loose_rows = FALSE;
      BfComputedStyle group_style;
      bf_styler_compute (g->b->styler, table_style, n, &group_style);
      if (group_style.display == BF_DISPLAY_NONE)
        continue;
      for (xmlNodePtr tr = n->children; tr; tr = tr->next)
        if (is_tag (tr, "tr"))
          {
            BfComputedStyle row_style;
            bf_styler_compute (g->b->styler, &group_style, tr, &row_style);
            if (row_style.display != BF_DISPLAY_NONE)
              grid_add_row (g, tr, &row_style, pass);
          }
      grid_end_group (g);
    }
  if (loose_rows)
    grid_end_group (g);
}

/* The widths <col> and <colgroup> give the columns, in order. */
static void
read_column_widths (Builder *b, xmlNodePtr table, const BfComputedStyle *table_style, GArray *widths)
{
  for (xmlNodePtr n = table->children; n; n = n->next)
    {
      if (!is_tag (n, "colgroup") && !is_tag (n, "col"))
        continue;
      BfComputedStyle group_style;
      bf_styler_compute (b->styler, table_style, n, &group_style);
      gboolean has_cols = FALSE;
      for (xmlNodePtr c = is_tag (n, "colgroup") ? n->children : n; c; c = is_tag (n, "col") ? NULL : c->next)
        {
          if (!is_tag (c, "col"))
            continue;
          has_cols = TRUE;
          BfComputedStyle col_style;
          bf_styler_compute (b->styler, &group_style, c, &col_style);
          int span = span_attribute (c, "span", BF_TABLE_MAX_COLSPAN);
          for (int k = 0; k < span && widths->len < BF_TABLE_MAX_COLSPAN; k++)
            g_array_append_val (widths, col_style.width);
        }
      int span = has_cols ? 0 : span_attribute (n, "span", BF_TABLE_MAX_COLSPAN);
      for (int k = 0; k < span && widths->len < BF_TABLE_MAX_COLSPAN; k++)
        g_array_append_val (widths, group_style.width);
    }
}

/* TRUE when not even one letter of each column fits @measure beside the
 * cells' padding and borders: a table of hundreds of columns. */
static gboolean
table_cannot_fit (const BfTableData *table, double measure)
{
  if (table->cells->len == 0)
    return FALSE;
  const BfTableBox *cell = &((BfTableCell *) table->cells->pdata[0])->box;
  double column = cell->font_size + cell->padding[BF_SIDE_START] + cell->padding[BF_SIDE_END]
                  + cell->border[BF_SIDE_START] + cell->border[BF_SIDE_END];
  return table->columns * column > measure;
}

/* A table that cannot fit: its caption's and its cells' blocks one after
 * another, row by row, where the table would be, with a warning; @para
 * (the table) is freed. */
static void
set_cells_in_turn (Builder *b, xmlNodePtr el, BfParagraph *para, const BlockContext *ctx)
{
  BfTableData *table = &para->u.table;
  if (b->warnings)
    g_ptr_array_add (b->warnings,
                     g_strdup_printf ("%s:%ld: warning: a table of %d columns is too wide for the "
                                      "page even at a letter a column; its cells are set one after "
                                      "another", b->doc ? b->doc->name : "<input>",
                                      xmlGetLineNo (el), table->columns));
  GPtrArray *parts = g_ptr_array_new ();
  if (table->caption)
    g_ptr_array_add (parts, table->caption);
  for (guint i = 0; i < table->cells->len; i++)
    g_ptr_array_add (parts, ((BfTableCell *) table->cells->pdata[i])->blocks);
  gboolean first = TRUE;
  for (guint i = 0; i < parts->len; i++)
    {
      GPtrArray *blocks = parts->pdata[i];
      for (guint k = 0; k < blocks->len; k++)
        {
          BfParagraph *block = blocks->pdata[k];
          blocks->pdata[k] = NULL;
          block->indent_start += ctx->indent_start + para->style.margin_start;
          block->indent_end += ctx->indent_end + para->style.margin_end;
          block->keep_group = b->keep_group;
          if (first)
            {
              block->space_before = MAX (b->pending_space, para->style.margin_top);
              block->keep_with_previous = b->pending_keep;
              block->break_before = para->break_before;
              first = FALSE;
            }
          g_array_append_vals (block->boxes, ctx->boxes->data, ctx->boxes->len);
          finish_block (b, block);
        }
      g_ptr_array_set_size (blocks, 0);
    }
  g_ptr_array_unref (parts);
  b->pending_space = para->style.margin_bottom;
  b->pending_keep = FALSE;
  b->pending_break = para->style.break_after;
  bf_paragraph_free (para);
}

/* A table becomes one block (BF_BLOCK_TABLE): its rows and cells on the
 * grid, its caption, its columns' widths; the layout sizes the columns
 * and sets its rows. */
static void
walk_table (Builder *b, xmlNodePtr el, const BfComputedStyle *style, BlockContext *ctx)
{
  flush (b);
  g_autofree xmlChar *id = xmlGetProp (el, BAD_CAST "id");
  if (id)
    g_ptr_array_add (b->pending_anchors, g_strdup ((const char *) id));
  BfParagraph *para = bf_paragraph_new (style);
  take_break_before (b, para, style);
  para->kind = BF_BLOCK_TABLE;
  para->source = el;
  BfTableData *table = &para->u.table;
  table->rows = g_array_new (FALSE, FALSE, sizeof (BfTableRow));
  table->cells = g_ptr_array_new_with_free_func (table_cell_free);
  table->column_widths = g_array_new (FALSE, TRUE, sizeof (BfDimension));
  BfDirection group_direction = group_direction_of (el, style, ctx);

  for (xmlNodePtr n = el->children; n && !table->caption; n = n->next)
    if (is_tag (n, "caption"))
      {
        BfComputedStyle caption_style;
        bf_styler_compute (b->styler, style, n, &caption_style);
        if (caption_style.display != BF_DISPLAY_NONE)
          table->caption = cell_blocks (b, n, &caption_style, group_direction);
        table->caption_bottom = caption_style.caption_bottom;
      }
  GridBuilder g = { b, table, group_direction, g_array_new (FALSE, TRUE, sizeof (int)), 0 };
  grid_add_rows (&g, el, style, "thead");
  grid_add_rows (&g, el, style, "tbody");
  grid_add_rows (&g, el, style, "tfoot");
  g_array_unref (g.covered_until);
  read_column_widths (b, el, style, table->column_widths);
  if (table_cannot_fit (table, b->measure - ctx->indent_start - ctx->indent_end))
    {
      set_cells_in_turn (b, el, para, ctx); /* the first cell's text takes the anchors */
      return;
    }
  take_anchors (b, para, NULL);

  para->group_direction = group_direction;
  para->indent_start = ctx->indent_start + style->margin_start;
  para->indent_end = ctx->indent_end + style->margin_end;
  para->space_before = MAX (b->pending_space, style->margin_top);
  para->keep_with_previous = b->pending_keep;
  para->keep_group = b->keep_group;
  g_array_append_vals (para->boxes, ctx->boxes->data, ctx->boxes->len);
  finish_block (b, para);
  b->pending_space = style->margin_bottom;
  b->pending_keep = FALSE;
  b->pending_break = style->break_after;
}

/* The border and background of a block in @style inside @parent. */
static BfBoxDecoration
box_decoration (const BfComputedStyle *style, const BlockContext *parent)
{
  BfBoxDecoration box = { parent->indent_start + style->margin_start,
                          parent->indent_end + style->margin_end };
  for (int side = 0; side < 4; side++)
    {
      box.border[side] = bf_style_get_border (style, side);
      box.border_color[side] = bf_style_get_border_color (style, side);
      box.border_line[side] = bf_style_get_border_line (style, side);
    }
  box.has_background = style->has_background;
  box.background = style->background;
  box.padding_top = style->padding[BF_SIDE_TOP];
  box.padding_bottom = style->padding[BF_SIDE_BOTTOM];
  return box;
}

/* Does @style's box draw anything or pad its content vertically? */
static gboolean
has_decoration (const BfComputedStyle *style)
{
  gboolean any = style->has_background || style->padding[BF_SIDE_TOP] > 0
                 || style->padding[BF_SIDE_BOTTOM] > 0;
  for (int side = 0; side < 4; side++)
    any |= bf_style_get_border (style, side) > 0;
  return any;
}

static void
walk_block (Builder *b, xmlNodePtr el, const BfComputedStyle *style, BlockContext *parent)
{
  if (!b->in_notes && is_note_section (el))
    return;
  if (is_tag (el, "hr"))
    {
      emit_rule (b, parent, style, el);
      return;
    }
  if (is_tag (el, "table"))
    {
      walk_table (b, el, style, parent);
      return;
    }
  flush (b);

  BlockContext ctx = *parent;
  ctx.style = style;
  ctx.element = el;
  ctx.list_counter = 1;
  ctx.list_step = 1;
  ctx.group_direction = group_direction_of (el, style, parent);
  guint depth = parent->boxes->len;
  gboolean boxed = has_decoration (style) && depth < BF_MAX_DECORATED_BOXES;
  ctx.boxes = boxed ? g_array_copy (parent->boxes) : g_array_ref (parent->boxes);
  if (boxed)
    {
      BfBoxDecoration box = box_decoration (style, parent);
      g_array_append_val (ctx.boxes, box);
      if (!b->pending_opens)
        b->pending_opens = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (b->pending_opens, depth);
    }
  ctx.indent_start += content_inset (style, BF_SIDE_START);
  ctx.indent_end += content_inset (style, BF_SIDE_END);
  if (is_tag (el, "ol"))
    list_start (el, &ctx);
  ctx.list = is_list (el) ? NULL : parent->list ? parent->list : parent;

  b->pending_space = MAX (b->pending_space, style->margin_top);
  b->pending_break = combined_break (b->pending_break, style->break_before);
  gboolean opened_group = FALSE;
  if (style->keep_together && b->keep_group == 0)
    {
      b->keep_group = ++b->next_keep_group;
      opened_group = TRUE;
    }
  /* The item's own list-style-type (inherited from its list unless a
   * sheet sets it) gives its marker, as CSS Lists says. */
  if (style->display == BF_DISPLAY_LIST_ITEM && style->list_style != BF_LIST_NONE)
    {
      g_free (b->pending_marker);
      b->pending_marker_indent = ctx.indent_start;
      if (style->list_style == BF_LIST_DISC)
        b->pending_marker = g_strdup ("\xE2\x80\xA2");
      else if (style->list_style == BF_LIST_STRING)
        b->pending_marker = g_strstrip (g_strdup (style->list_marker));
      else
        {
          g_autofree char *number = bf_list_style_format (style->list_style,
                                                          list_item_number (el, parent));
          b->pending_marker = g_strdup_printf ("%s.", number);
        }
      set_marker_style (b, el, style);
    }
  g_autofree xmlChar *id = xmlGetProp (el, BAD_CAST "id");
  if (id)
    g_ptr_array_add (b->pending_anchors, g_strdup ((const char *) id));
  const char *slug = b->heading_anchors ? g_hash_table_lookup (b->heading_anchors, el) : NULL;
  if (slug)
    g_ptr_array_add (b->pending_anchors, g_strdup (slug));
  int level = bf_element_heading_level (el);
  b->heading_level = level;

  /* The boxes of inline elements around it stay outside it. */
  guint outer_floor = b->open_boxes_floor;
  b->open_boxes_floor = b->open_boxes ? b->open_boxes->len : 0;
  enter_element (b, el, style);
  append_pseudo (b, &ctx, el, style, BF_CSS_PSEUDO_BEFORE);
  walk_children (b, el, style, &ctx);
  append_pseudo (b, &ctx, el, style, BF_CSS_PSEUDO_AFTER);
  b->open_boxes_floor = outer_floor;
  if (level && b->current)
    b->current->heading_level = level;
  flush (b);
  if (boxed)
    {
      /* Its box is still waiting to open only when no paragraph was
       * finished in it (the boxes inside have ended): then none opens it.
       * Otherwise the first opened it (finish_block), and the last, still
       * held back, closes it. */
      GArray *opens = b->pending_opens;
      if (opens->len && g_array_index (opens, guint, opens->len - 1) == depth)
        g_array_set_size (opens, opens->len - 1);
      else if (b->held->boxes->len > depth)
        g_array_index (b->held->boxes, BfBoxDecoration, depth).closes = TRUE;
    }

  b->heading_level = 0;
  if (opened_group)
    b->keep_group = 0;
  b->pending_space = MAX (b->pending_space, style->margin_bottom);
  if (style->keep_with_next)
    b->pending_keep = TRUE;
  b->pending_break = combined_break (b->pending_break, style->break_after);
  g_array_unref (ctx.boxes);
}

static void
walk_children (Builder *b, xmlNodePtr parent, const BfComputedStyle *style, BlockContext *ctx)
{
  for (xmlNodePtr n = parent->children; n && !b->stopped; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        {
          if (n->content)
            {
              /* -bf-digits (style/digits.c) for the document's text, not
               * for generated content or alt text */
              g_autofree char *converted = bf_digits_convert (style->digits, style->lang,
                                                              (const char *) n->content, n,
                                                              ctx->element, &b->digits);
              append_text (b, ctx, style, converted ? converted : (const char *) n->content);
            }
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      BfComputedStyle child;
      bf_styler_compute (b->styler, style, n, &child);
      if (child.display == BF_DISPLAY_NONE)
        continue;
      resolve_percentages (&child, MAX (b->measure - ctx->indent_start - ctx->indent_end, 0));
      if (child.display == BF_DISPLAY_INLINE && style->display == BF_DISPLAY_FLEX)
        {
          /* An inline item of a flex or grid container is a block (CSS
           * blockifies it): a paragraph of its own, what it is inline (a
           * link and its target) kept. */
          flush (b);
          walk_inline (b, n, &child, ctx);
          flush (b);
        }
      else if (child.display == BF_DISPLAY_INLINE)
        walk_inline (b, n, &child, ctx);
      else
        walk_block (b, n, &child, ctx);
    }
}

/* ------------------------------------------------------------------ notes */

static xmlNodePtr
find_footnote_section (xmlNodePtr node)
{
  for (xmlNodePtr n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_note_section (n))
        return n;
      xmlNodePtr found = find_footnote_section (n);
      if (found)
        return found;
    }
  return NULL;
}

static void
collect_notes (BfBoxTree *tree, xmlNodePtr section, const BfComputedStyle *section_style)
{
  int number = 1;
  for (xmlNodePtr list = section->children; list; list = list->next)
    {
      if (!is_tag (list, "ol"))
        continue;
      BfComputedStyle list_style;
      bf_styler_compute (tree->styler, section_style, list, &list_style);
      for (xmlNodePtr li = list->children; li; li = li->next)
        {
          if (!is_tag (li, "li"))
            continue;
          g_autofree xmlChar *id = xmlGetProp (li, BAD_CAST "id");
          BfComputedStyle li_style;
          bf_styler_compute (tree->styler, &list_style, li, &li_style);
          li_style.margin_top = li_style.margin_bottom = 0;
          Builder b = { 0 };
          b.styler = tree->styler;
          b.out = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_paragraph_free);
          b.pending_anchors = g_ptr_array_new_with_free_func (g_free);
          b.pending_marker = g_strdup_printf ("%d.", number++);
          b.pending_marker_indent = 1.4 * li_style.font_size;
          b.in_notes = TRUE;
          b.counters = counters_new ();
          b.pending_strings = g_ptr_array_new_with_free_func (g_free);
          if (id)
            g_ptr_array_add (b.pending_anchors, g_strdup ((const char *) id));
          GArray *boxes = g_array_new (FALSE, FALSE, sizeof (BfBoxDecoration));
          BlockContext ctx = { .indent_start = 1.4 * li_style.font_size, .boxes = boxes,
                               .style = &li_style, .list_counter = 1, .list_step = 1 };
          walk_children (&b, li, &li_style, &ctx);
          flush (&b);
          release_held (&b);
          for (guint i = 0; i < b.out->len; i++)
            {
              BfParagraph *para = g_ptr_array_index (b.out, i);
              para->space_before = 0;
              para->style.text_align = BF_ALIGN_START;
            }
          g_array_unref (boxes);
          builder_clear (&b);
          if (!id)
            {
              g_ptr_array_unref (b.out);
              continue;
            }
          g_ptr_array_add (tree->note_order, g_strdup ((const char *) id));
          g_hash_table_replace (tree->notes, g_strdup ((const char *) id), b.out);
        }
    }
}

/* ---------------------------------------------------------------- public */

BfBoxTree *
bf_box_tree_open (const BfDocument *doc, BfStyler *styler, double measure, double page_height)
{
  BfBoxTree *tree = g_new0 (BfBoxTree, 1);
  tree->doc = doc;
  tree->measure = measure;
  tree->page_height = page_height;
  tree->images = bf_image_cache_new ();
  tree->warnings = g_ptr_array_new_with_free_func (g_free);
  tree->paragraphs = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_paragraph_free);
  tree->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  tree->note_order = g_ptr_array_new_with_free_func (g_free);
  tree->styler = styler;
  tree->heading_anchors = bf_document_heading_anchors_new (doc);

  BfComputedStyle root;
  bf_style_init_root (&root);
  xmlNodePtr html = xmlDocGetRootElement (doc->tree);
  bf_styler_compute (tree->styler, &root, html, &tree->html_style);
  xmlNodePtr body = bf_document_get_body (doc);
  bf_styler_compute (tree->styler, &tree->html_style, body, &tree->body_style);

  xmlNodePtr notes = find_footnote_section (body);
  if (notes)
    {
      bf_styler_compute (tree->styler, &tree->body_style, notes, &tree->notes_style);
      collect_notes (tree, notes, &tree->notes_style);
    }
  /* The body's own margins, borders and padding indent everything (its
   * borders and background are not drawn). */
  resolve_percentages (&tree->body_style, tree->measure);
  return tree;
}

/* Walks the body into paragraphs, to @out or, when it is NULL, to @give. */
static gboolean
walk_body (BfBoxTree *tree, GPtrArray *out, BfBlockFunc give, gpointer give_data)
{
  const BfDocument *doc = tree->doc;
  gboolean first_walk = tree->walks++ == 0;
  Builder b = { 0 };
  b.styler = tree->styler;
  b.doc = doc;
  b.images = tree->images;
  /* Pictures not drawn are reported on the first walk only. */
  b.warnings = first_walk ? tree->warnings : NULL;
  b.warned_pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* So are links to fragments that lead nowhere. */
  if (first_walk)
    {
      b.link_targets = bf_document_fragment_targets_new (doc, tree->heading_anchors);
      b.warned_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  b.page_height = tree->page_height;
  b.measure = tree->measure;
  b.out = out;
  b.give = give;
  b.give_data = give_data;
  b.pending_anchors = g_ptr_array_new_with_free_func (g_free);
  b.heading_anchors = tree->heading_anchors;
  b.pending_strings = g_ptr_array_new_with_free_func (g_free);
  b.counters = counters_new ();
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (BfBoxDecoration));
  xmlNodePtr html = xmlDocGetRootElement (doc->tree), body = bf_document_get_body (doc);
  BlockContext ctx = { .indent_start = content_inset (&tree->body_style, BF_SIDE_START),
                       .indent_end = content_inset (&tree->body_style, BF_SIDE_END),
                       .boxes = boxes, .style = &tree->body_style, .list_counter = 1,
                       .list_step = 1, .element = body };
  enter_element (&b, html, &tree->html_style);
  enter_element (&b, body, &tree->body_style);
  walk_children (&b, body, &tree->body_style, &ctx);
  flush (&b);
  release_held (&b);
  if (b.unfetched_unnamed && b.warnings)
    g_ptr_array_add (tree->warnings,
                     g_strdup_printf ("%s: warning: %d more pictures on the network not fetched; their "
                                      "alt text stands in their place", doc->name, b.unfetched_unnamed));
  g_hash_table_unref (b.warned_pictures);
  g_clear_pointer (&b.link_targets, g_hash_table_unref);
  g_clear_pointer (&b.warned_links, g_hash_table_unref);
  g_array_unref (boxes);
  builder_clear (&b);
  return !b.stopped;
}

gboolean
bf_box_tree_walk (BfBoxTree *tree, BfBlockFunc give, gpointer data)
{
  g_return_val_if_fail (tree && give, FALSE);
  return walk_body (tree, NULL, give, data);
}

BfBoxTree *
bf_box_tree_new (const BfDocument *doc, BfStyler *styler, double measure, double page_height)
{
  BfBoxTree *tree = bf_box_tree_open (doc, styler, measure, page_height);
  walk_body (tree, tree->paragraphs, NULL, NULL);
  return tree;
}

void
bf_box_tree_free (BfBoxTree *tree)
{
  if (!tree)
    return;
  g_ptr_array_unref (tree->paragraphs);
  g_hash_table_unref (tree->notes);
  g_ptr_array_unref (tree->note_order);
  g_hash_table_unref (tree->heading_anchors);
  bf_styler_free (tree->styler);
  bf_image_cache_free (tree->images);
  g_ptr_array_unref (tree->warnings);
  g_free (tree);
}
