/* layout.h — the layout stage: boxes from tree + styles, paragraphs shaped
 * once and broken into lines, lines stacked into pages (docs/design.md, layout/).
 *
 * Pages are plain data: a display list of positioned glyph runs, rules,
 * pictures, link areas and destinations.  Rendering reads them and never lays out. */
#ifndef BF_LAYOUT_H
#define BF_LAYOUT_H

#include "fonts/fonts.h"
#include "image/image.h"
#include "style/style.h"

/* ------------------------------------------------------------ display list */

typedef enum {
  BF_ITEM_GLYPHS,   /* a shaped run (BfGlyphRun) over text, origin at baseline */
  BF_ITEM_RULE,     /* a filled rectangle */
  BF_ITEM_LINK,     /* a clickable area: target is "#id" or a URI */
  BF_ITEM_DEST,     /* a named destination at (x, y) */
  BF_ITEM_IMAGE     /* a picture drawn into its rectangle */
} BfItemKind;

/* A shaped run as the pages keep it until they are drawn: its item and,
 * for each glyph, its id, advance and cluster in 12 bytes (a
 * PangoGlyphString takes 24), the offsets only when a glyph has one (marks
 * placed on their letters).  The arrays live in the run's own block. */
typedef struct {
  PangoItem *item;                 /* owned; its offsets index the run's text */
  int num_glyphs;
  int width;                       /* the advances' sum, Pango units */
  guint32 *glyphs;                 /* PangoGlyph */
  gint32 *advances;
  guint32 *clusters;               /* log cluster, with the BF_GLYPH_ flags */
  gint32 *offsets;                 /* x, y offset pairs, or NULL when all are 0 */
} BfGlyphRun;

#define BF_GLYPH_CLUSTER_START (1u << 31)
#define BF_GLYPH_COLOR (1u << 30)

/* @glyph_item as a run the pages keep: takes its item and frees the rest. */
BfGlyphRun *bf_glyph_run_new_take (PangoGlyphItem *glyph_item);
BfGlyphRun *bf_glyph_run_copy (const BfGlyphRun *run);
void bf_glyph_run_free (BfGlyphRun *run);
/* Sets @into to @run's glyphs, as Pango shaped them. */
void bf_glyph_run_get_glyphs (const BfGlyphRun *run, PangoGlyphString *into);

typedef struct {
  BfItemKind kind;
  double x, y;                     /* glyphs: baseline origin; others: top-left */
  double width, height;            /* rules, links and images */
  guint32 color;                   /* glyphs and rules, 0xRRGGBB */
  BfGlyphRun *glyphs;              /* glyphs: owned; item offsets index text */
  const char *text;                /* glyphs: the paragraph text, a GRefString, a
                                      reference owned: it goes with the last item */
  char *name;                      /* links: target; dests: name; owned */
  BfImage *image;                  /* images: an owned reference */
  char *alt;                       /* images: the alternative text, or NULL; owned */
  xmlNodePtr source;               /* the block element it is content of; NULL for page
                                      furniture (margin boxes, repeated table headers),
                                      which a tagged PDF marks as artifacts */
  guint alt_text : 1;              /* glyphs: a picture's alt text, set under it */
  guint list_label : 1;            /* glyphs: a list item's marker (drawn before its text) */
  guint inline_box : 1;            /* rules: part of an inline element's box, which may
                                      reach above its line, even at a page's head */
  guint line : 2;                  /* rules: a border's BfLineStyle (dashes or dots along
                                      its length) */
} BfDisplayItem;

typedef struct {
  GArray *items;                   /* BfDisplayItem, in drawing order */
  gboolean blank;                  /* left blank for a forced break to a side of the
                                      spread: styled by @page :blank */
} BfPage;

typedef struct {
  int level;                       /* 1 for h1 … */
  char *title;
  int page;                        /* 0-based */
  double y;                        /* top of the heading on its page */
} BfOutlineEntry;

/* The quality of justified lines, summed: what the quality report
 * (BfLayoutStats) is made from. */
typedef struct {
  int lines;                       /* a table row counts as its cells' lines */
  int justified_lines;             /* stretched or shrunk to the measure */
  double sum_ratios, sum_squared_ratios;
  double worst_ratio;              /* the one farthest from 0 */
  int loose_lines;                 /* ratio above 1 */
  int tight_lines;                 /* ratio below -0.5 */
  int ragged_lines;                /* too loose to justify, set ragged instead */
  int hyphenated_lines;
  int consecutive_hyphens;         /* hyphenated lines right after a hyphenated line */
} BfLineQuality;

/* Invariants: pages holds BfPage*, one per page, in order; every glyph item
 * holds a reference to the text it points into; fonts are the layout's own
 * (what the document adds to the caller's BfFonts lives only here). */
struct _BfLayout {
  BfFonts *fonts;
  const BfDocument *doc;
  BfPageSetup setup;
  GPtrArray *pages;
  GArray *outline;                 /* BfOutlineEntry */
  GPtrArray *warnings;             /* char*, NULL-terminated */
  gboolean rtl;                    /* the document's main direction */
  BfLayoutStats stats;             /* all but the justified lines' quality: */
  BfLineQuality quality;           /* that of every line on the pages */
  GPtrArray *page_labels;          /* per page: its number as its margin boxes show it
                                      (counter(page) in the page's counter style), or
                                      NULL where none shows it; char*, owned */
  GPtrArray *page_sources;         /* per page: the block element its first line
                                      comes from (for an EPUB's page list), or NULL */
  GHashTable *anchors;             /* the names of every destination the pages
                                      place (char* set, owned), known before
                                      the first page is made: what links may
                                      point to */
  BfPageStyle page_styles[6];      /* by (first page) * 2 + (left page); then a
                                      blank right page, a blank left page */
  int jobs;                        /* threads the writers may use (at least 1) */
  double note_gap;                 /* space above a page's footnotes */
  double note_rule;                /* the separator's thickness (0: none) */
  guint32 note_rule_color;
};

/* Whether page @page_index (from 0) is a left-hand page, and its style. */
gboolean bf_layout_page_is_left (const BfLayout *layout, int page_index);
const BfPageStyle *bf_layout_get_page_style (const BfLayout *layout, int page_index);

/* Frees page @page_index's display list, leaving the page empty: for a
 * writer that has taken the layout over and drawn the page for the last
 * time (render-pdf.c), so that what was drawn does not outlive its drawing. */
void bf_layout_release_page (BfLayout *layout, int page_index);

/* ----------------------------------------------------------------- blocks */

/* A link or other span over a byte range of a paragraph's text. */
typedef struct {
  int start, end;
  char *target;                    /* owned */
  double value;                    /* word spacing spans: the spacing */
} BfSpan;

/* The box of an inline element with a background, borders, padding or
 * margins over a byte range of a paragraph's text: the part of the element
 * in this paragraph (a block inside an inline element splits it in two).
 * Boxes come in the order of their start, an element's before those of the
 * elements inside it, which lie within it (@parent). */
typedef struct {
  int start, end;
  int parent;                      /* the box around it in this paragraph, or -1 */
  gboolean opens, closes;          /* the element begins, ends in this part: its
                                      start and end edges are drawn here */
  gboolean has_background;
  guint32 background;              /* 0xRRGGBB */
  double font_size, rise;          /* the element's: its content's height and baseline */
  double padding[4];               /* by BfSide */
  double border[4];                /* drawn widths, 0 where none */
  guint32 border_color[4];
  BfLineStyle border_line[4];
  double margin_start, margin_end; /* outside its start and end edges */
} BfInlineBox;

/* Room an inline element's start or end edge takes on its line (its
 * margin, border and padding on that side), set beside the character at
 * byte @offset: before it when the edge is a start, after it when an end.
 * Where edges of nested elements meet at one character, an outer
 * element's lies outside an inner one's: its start edge comes first in
 * the paragraph's list, its end edge last. */
typedef struct {
  int offset;
  gboolean end;
  double width;
  guint box;                       /* the BfInlineBox it is an edge of */
} BfInlineEdge;

/* The border and background of a block box, as each paragraph inside it
 * draws its part: edges as offsets from the start and end of the measure
 * (logical), widths and colours by BfSide. */
typedef struct {
  double start, end;
  double border[4];
  guint32 border_color[4];
  BfLineStyle border_line[4];
  gboolean has_background;
  guint32 background;
  double padding_top, padding_bottom;
  gboolean opens, closes;          /* the paragraph is the box's first, last */
} BfBoxDecoration;

/* What a block is, which says which part of its data is set and how it is
 * laid out (bf_paragraph_layout dispatches on it).  Room for more kinds. */
typedef enum {
  BF_BLOCK_PARAGRAPH,              /* inline text, shaped and broken into lines */
  BF_BLOCK_RULE,                   /* an <hr>: no text, its top border across the measure */
  BF_BLOCK_TABLE,                  /* rows of cells on a grid: one line per band of rows
                                      that no cell spans out of */
  BF_BLOCK_IMAGE                   /* a picture set as a block; its text is the alt text,
                                      set small and white under it */
} BfBlockKind;

typedef struct _BfParagraph BfParagraph;
typedef struct _BfShaped BfShaped;

/* What a table's cell or row keeps of its style: its box. */
typedef struct {
  double padding[4];               /* by BfSide */
  double border[4];                /* drawn widths, 0 where none */
  guint32 border_color[4];
  guint8 border_line[4];           /* BfLineStyle (a byte each: a table keeps a box
                                      per cell) */
  gboolean has_background;
  guint32 background;
  BfDimension width;
  BfVerticalAlign cell_align;
  gboolean keep_together;          /* break-inside: avoid (rows) */
  double font_size;
} BfTableBox;

/* The box of @style. */
void bf_table_box_init (BfTableBox *box, const BfComputedStyle *style);

/* Frees a shaped paragraph (shape.c). */
void bf_shaped_free (BfShaped *shaped);

/* A cell of a table: its blocks, laid out at its columns' width, and the
 * slots of the table's grid it covers (HTML's table model). */
typedef struct {
  GPtrArray *blocks;               /* BfParagraph*, owned */
  int row, column;                 /* its top-left slot */
  int rowspan, colspan;            /* at least 1, never past the grid */
  gboolean header_cell;            /* a <th> */
  BfTableBox box;                  /* its padding, borders, background, width and
                                      vertical alignment */
} BfTableCell;

/* A row of a table's grid. */
typedef struct {
  xmlNodePtr source;               /* the <tr> */
  gboolean header;                 /* in <thead>: repeated on each page the table
                                      goes on to */
  gboolean footer;                 /* in <tfoot>: repeated at the foot of each page
                                      the table goes on from */
  BfTableBox box;                  /* its borders (across it), background, break-inside */
} BfTableRow;

/* A table's own data (BF_BLOCK_TABLE); its style is the block's. */
typedef struct {
  GArray *rows;                    /* BfTableRow, in grid order: <thead>'s, the body's,
                                      <tfoot>'s */
  GPtrArray *cells;                /* BfTableCell*, owned, ordered by row then column */
  int columns;
  GArray *column_widths;           /* BfDimension per column from <col>, unset when none */
  GPtrArray *caption;              /* BfParagraph* of its <caption>, owned, or NULL */
  gboolean caption_bottom;         /* the caption's caption-side: bottom */
} BfTableData;

/* A block picture's own data (BF_BLOCK_IMAGE). */
typedef struct {
  BfImage *picture;                /* owned */
  double width, height;            /* its size on the page, in points */
  char *alt;                       /* its alt text, never NULL; owned */
} BfImageData;

/* A block as the box tree hands it to line breaking: a paragraph, a rule, a
 * table row or a picture, by kind.  What every kind has comes first; what
 * one kind has is in the union @u, under the kind's name.  Lengths in
 * points; indents are logical (start = left in a left-to-right paragraph). */
struct _BfParagraph {
  BfBlockKind kind;
  GString *text;
  PangoAttrList *attrs;
  BfComputedStyle style;           /* the block's style */
  BfDirection group_direction;     /* of the list, table or quotation it is in, taken
                                      from their content when no dir says; the side
                                      its lines start on when its own style does not
                                      say (its text's bidi still follows its first
                                      strong character); AUTO outside such groups */
  double indent_start, indent_end; /* from the containing blocks */
  double space_before;             /* collapsed margins above */
  GArray *links;                   /* BfSpan */
  GArray *anchors;                 /* BfSpan: start = offset, target = id */
  GArray *note_refs;               /* BfSpan: start = offset, target = note id */
  GArray *no_hyphens;              /* BfSpan: byte ranges not to hyphenate */
  GArray *word_spacing;            /* BfSpan: extra width of each space in a range, or NULL */
  GArray *letter_spacing;          /* BfSpan: extra width of each character in a range, or NULL */
  GArray *inline_boxes;            /* BfInlineBox, in order, or NULL */
  GArray *inline_edges;            /* BfInlineEdge, in the order of their offsets, or NULL */
  char *marker;                    /* list marker or NULL */
  BfComputedStyle *marker_style;   /* its ::marker's style, or NULL: the item's */
  double marker_indent;            /* the start edge of its list item's content, which
                                      the marker hangs from (the paragraph may be indented
                                      further: a quote inside the item) */
  GArray *boxes;                   /* BfBoxDecoration of the blocks around it, outermost first */
  GPtrArray *string_sets;          /* named strings set here: name, value, name, value… */
  int heading_level;               /* 0 when not a heading */
  gboolean keep_with_previous;     /* no page break before the first line */
  BfBreak break_before;            /* a forced page break before the first line */
  int keep_group;                  /* nonzero: no break between lines of the group */
  xmlNodePtr source;               /* the block element it comes from */
  BfShaped *shaped;                /* its text as shaped to measure a table's cell,
                                      kept for laying it out; owned, or NULL */
  union {
    BfTableData table;             /* BF_BLOCK_TABLE */
    BfImageData image;             /* BF_BLOCK_IMAGE */
  } u;
};

/* A new, empty BF_BLOCK_PARAGRAPH in @style; the box tree turns it into
 * another kind by setting kind and that kind's data in u.  Freeing a
 * block frees its kind's data (a table's cells and their blocks). */
BfParagraph *bf_paragraph_new (const BfComputedStyle *style);
void bf_paragraph_free (BfParagraph *para);

/* Appends @text as is, set in @style. */
void bf_paragraph_append (BfParagraph *para, const BfComputedStyle *style, const char *text);

/* A laid-out line, positioned relative to its top-left corner. */
typedef struct {
  GArray *items;                   /* BfDisplayItem */
  double height;                   /* line pitch */
  double space_before;
  gboolean break_ok_before;        /* may a page end just above this line? */
  BfBreak break_before;            /* must a page end just above it, and the next
                                      begin on a left or right page? */
  int keep_group;
  GPtrArray *notes;                /* char* note ids referenced on this line, or NULL */
  GPtrArray *string_sets;          /* name, value, … set on this line (string-set), or NULL */
  int orphans, widows;             /* of its paragraph */
  int heading_level;               /* on the first line of a heading */
  char *heading_title;
  /* For the quality report: */
  gboolean justified;              /* stretched or shrunk to the measure */
  double ratio;                    /* its adjustment ratio, when justified */
  gboolean ragged;                 /* in a justified paragraph but too loose to
                                      justify: spaces at their natural width */
  gboolean hyphenated;             /* ends in an added hyphen */
  gboolean overfull;               /* runs past the measure */
  gboolean breaks_word;            /* ends inside a word wider than the measure */
  int wrapped_lines;               /* on a preformatted paragraph's first line: how
                                      many of its lines were too wide and wrapped */
  char *excerpt;                   /* the start of an overfull line's text */
  xmlNodePtr source;               /* the block element of its paragraph */
  BfLineQuality cells;             /* on a table's band (its first piece): the
                                      quality of its cells' lines, which it
                                      holds as items */
  GPtrArray *repeat_header;        /* a table's band: the lines (BfLine*) of its header
                                      rows, drawn again above it when it starts a page;
                                      a reference, or NULL */
  GPtrArray *repeat_footer;        /* and of its footer rows, drawn again under it when
                                      the table goes on over the page's end */
} BfLine;

void bf_line_free (BfLine *line);

/* Adds to @quality @line, or the lines of the cells it holds; @previous is
 * the line before it in its paragraph or on the page, or NULL. */
void bf_line_quality_add (BfLineQuality *quality, const BfLine *line, const BfLine *previous);

/* Adds the lines summed in @more to @quality. */
void bf_line_quality_merge (BfLineQuality *quality, const BfLineQuality *more);

typedef struct _BfHyphenator BfHyphenator;
typedef struct _BfShapeCache BfShapeCache;
typedef struct _BfBreakFinder BfBreakFinder;

typedef struct {
  BfFonts *fonts;
  PangoContext *context;
  double width;                    /* text measure */
  GPtrArray *texts;                /* GRefString: the texts made for the paragraph
                                      being laid out, until its lines' items take
                                      their own references */
  BfHyphenator *hyphenator;        /* NULL: no automatic hyphenation */
  gboolean optimal;                /* total-fit line breaking, else greedy */
  gboolean indents_clamped;        /* set when nesting ran out of measure */
  double outdent_limit;            /* how far a negative margin or text-indent may
                                      pull a block out of the measure: the
                                      narrowest page margin; past it, the paper */
  gboolean outdents_clamped;       /* set when one would have gone further */
  BfLineQuality *cell_quality;     /* inside a table cell: where the quality of
                                      its lines is summed; else NULL */
  double page_height;              /* the text area's height: a table's rows taller
                                      than this are cut between lines; 0: never */
  BfShapeCache *shape_cache;       /* the glyphs of the words shaped so far (the
                                      layout's); NULL: every item shaped whole */
  BfBreakFinder *break_finder;     /* ICU's break iterators (the layout's);
                                      NULL: Pango finds the breaks */
} BfLineBreaker;

/* Lays out @para by its kind into lines of @breaker->width and appends
 * them (BfLine*) to @lines: a paragraph's text is shaped once and broken
 * into lines, a rule one line, a table one line per band of rows, a
 * picture one line over its alt text.  Takes ownership of para->text's contents. */
void bf_paragraph_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines);

/* The resolved base direction of a paragraph: its dir, else its first
 * strong character, else @fallback. */
PangoDirection bf_paragraph_get_direction (const BfParagraph *para, PangoDirection fallback);

/* The direction of @text's first strong character, else @fallback. */
PangoDirection bf_text_get_direction (const char *text, PangoDirection fallback);

/* The direction of a paragraph's block — the side its lines, list marker
 * and borders start on: its dir, else its group's, else @text_dir. */
PangoDirection bf_paragraph_get_side (const BfParagraph *para, PangoDirection text_dir);

/* The size of a picture's alt text, set under it (white on white). */
#define BF_ALT_TEXT_SIZE 4.0

/* A picture inside a line of text: the data of the PangoAttrShape over the
 * U+FFFC that stands for it in its paragraph's text.  Reference-counted, as
 * Pango copies attributes. */
typedef struct {
  int ref_count;
  BfImage *picture;                /* owned */
  char *alt;                       /* owned, never NULL */
  double width, height;            /* points */
} BfInlinePicture;

BfInlinePicture *bf_inline_picture_new (BfImage *picture, const char *alt, double width, double height);
gpointer bf_inline_picture_ref (gconstpointer picture);
void bf_inline_picture_unref (gpointer picture);

/* The inline picture @item stands for, or NULL. */
const BfInlinePicture *bf_item_get_inline_picture (const PangoItem *item);

/* image-block.c: the size of @image set as a block with @style (and the
 * width and height attributes of @element as hints) in a measure of
 * @measure points on pages whose text area is @page_height tall. */
void bf_image_block_size (BfImage *image, const BfComputedStyle *style, xmlNodePtr element,
                          double measure, double page_height, double *width, double *height);

/* The one line of a picture block (BF_BLOCK_IMAGE), placed in @measure;
 * the items of @alt_lines (its alt text, laid out) are moved under it. */
BfLine *bf_image_block_line (const BfParagraph *para, double measure, GPtrArray *alt_lines);

/* ------------------------------------------------------------------ boxes */

typedef struct _BfStyler BfStyler;

typedef struct {
  const BfDocument *doc;
  BfStyler *styler;                /* the document's cascade, owned */
  BfComputedStyle html_style, body_style;
  int walks;                       /* of the body, so far */
  double measure;                  /* what percentages of widths refer to */
  GPtrArray *paragraphs;           /* BfParagraph*, in reading order (bf_box_tree_new) */
  GHashTable *notes;               /* note id → GPtrArray of BfParagraph* */
  BfComputedStyle notes_style;     /* of the footnotes section, when there is one */
  GPtrArray *note_order;           /* note ids in document order */
  double page_height;              /* the text area's height, which pictures fit in */
  BfImageCache *images;            /* each picture loaded once; owned */
  GPtrArray *warnings;             /* char*: pictures not drawn, with their lines */
  GHashTable *heading_anchors;     /* heading node → the anchor GitHub gives it, owned */
} BfBoxTree;

/* The box tree of @doc with computed styles from @styler (taken), its
 * notes made (notes, note_order, notes_style), its body's blocks to come
 * from bf_box_tree_walk (); percentages of widths refer to @measure,
 * pictures are never taller than @page_height. */
BfBoxTree *bf_box_tree_open (const BfDocument *doc, BfStyler *styler, double measure,
                             double page_height);

/* Takes @block over; returns FALSE to stop the walk. */
typedef gboolean (*BfBlockFunc) (BfParagraph *block, gpointer data);

/* Walks the body, giving each block to @give as soon as it is final, in
 * reading order: only the block being made and the one before it are
 * held.  Every walk gives the same blocks; pictures not drawn are reported
 * (tree->warnings) on the first.  Returns FALSE when @give stopped it. */
gboolean bf_box_tree_walk (BfBoxTree *tree, BfBlockFunc give, gpointer data);

/* bf_box_tree_open (), with the body's blocks in tree->paragraphs. */
BfBoxTree *bf_box_tree_new (const BfDocument *doc, BfStyler *styler, double measure,
                            double page_height);
void bf_box_tree_free (BfBoxTree *tree);

/* --------------------------------------------------------------- pagination */

/* Called with each page once it is final (margin boxes filled): pages
 * come in order, each once. */
typedef void (*BfPageSink) (BfLayout *layout, int page_index, gpointer data);

/* Stacks lines into pages as they come, filling layout->pages and
 * layout->outline; note lines come from @notes (id → GPtrArray of
 * BfLine*), which must be complete before the first line is added.  A
 * page is made once the lines after it are known, and is final then,
 * unless a margin box shows the page count: then every page is final
 * only when the pager is freed.  @sink may be NULL. */
typedef struct _BfPager BfPager;
BfPager *bf_pager_new (BfLayout *layout, BfLineBreaker *breaker, GHashTable *notes,
                       BfPageSink sink, gpointer sink_data);
/* Makes the pages @lines fill (every page, when @last); the lines placed
 * leave @lines, freed. */
void bf_pager_add_lines (BfPager *pager, GPtrArray *lines, gboolean last);
/* Makes the last pages final and frees @pager; returns the seconds spent
 * in the sink. */
double bf_pager_free (BfPager *pager);

/* Bytes of text up to which a document's blocks are kept from the first
 * walk of its body, not made again as they are laid out; the same pages
 * come either way.  Tests set it to 0 to make every document's again. */
extern gsize bf_layout_kept_text;

/* bf_layout_new (), with each page given to @sink (not NULL) once it is
 * final, while the rest is laid out. */
BfLayout *bf_layout_new_with_sink (BfFonts *fonts, const BfDocument *doc,
                                   const BfPageSetup *setup, BfPageSink sink, gpointer sink_data,
                                   GError **error);

/* All @lines stacked into pages at once (bf_pager_add_lines). */
void bf_paginate (BfLayout *layout, BfLineBreaker *breaker, GPtrArray *lines, GHashTable *notes);

void bf_display_item_clear (BfDisplayItem *item);

/* Appends the items of @from to @to, moved by (@x, @y); what they own
 * (glyphs, names) goes with them. */
void bf_display_items_move (GArray *from, GArray *to, double x, double y);

/* Makes @source the element of every item of @items that has none. */
void bf_display_items_set_source (GArray *items, xmlNodePtr source);

/* Appends copies of @from's items to @to, moved by (@x, @y), except named
 * destinations (a name is set once). */
void bf_display_items_copy (GArray *from, GArray *to, double x, double y);

#endif
