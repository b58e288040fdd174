/* paragraph-private.h — what the files that lay out blocks share:
 * paragraph.c (the dispatch by kind), shape.c (shaping), breaks.c (break
 * opportunities), hyphenate.c (hyphenation points), line-break.c
 * (choosing breaks), line.c (building lines), kashida.c (elongated
 * joins), table.c (tables) and display.c (lines and their items): the
 * shaped paragraph, the lines chosen over it, and the calls between them. */
#ifndef BF_PARAGRAPH_PRIVATE_H
#define BF_PARAGRAPH_PRIVATE_H

#include "layout/layout.h"

typedef struct {
  PangoItem *item;
  PangoGlyphString *glyphs;
  int first_char;             /* index of the item's first character */
} BfShapedRun;

/* A paragraph shaped once.  Invariants: char_offsets, log_attrs and the
 * cumulative arrays have n_chars + 1 entries; widths has n_chars; runs
 * cover the text in logical order. */
struct _BfShaped {
  const char *text;
  int length;
  int n_chars;
  int *char_offsets;          /* byte offset of each character */
  PangoLogAttr *log_attrs;
  int *widths;                /* advance of each character, Pango units */
  GArray *runs;               /* BfShapedRun */
  PangoDirection dir;
  guint8 *hyphen_after;       /* n_chars: 1 where a word may be hyphenated after it */
  int hyphen_width;           /* the hyphen's advance, Pango units */
  int *kashida_stretch;       /* n_chars, or NULL: with text-justify: kashida,
                                 at each join a line may elongate, the most it
                                 adds (Pango units) */
  GArray *alternates;         /* BfAlternateWord, in logical order, or NULL: with
                                 text-justify: kashida, the words a line may set
                                 with the font's justification alternates */
};

/* A line over a shaped paragraph. */
typedef struct {
  int start, end;             /* characters; end excludes trailing white space */
  int next;                   /* where the next line starts */
  gboolean last;              /* last line or before a forced break: not justified */
  gboolean hyphen;            /* ends in a hyphen the text does not have */
  gboolean overfull;          /* wider than the measure even at full shrink */
  double ratio;               /* adjustment ratio the breaker chose (0 when last) */
  gboolean continued;         /* preformatted: goes on with the line before it,
                                 which was wider than the measure */
  gboolean breaks_word;       /* ends inside a word wider than the measure, at no
                                 separator (/ . - …) */
  int hang;                   /* a continuation: the indentation of the line it
                                 continues, which it keeps (Pango units) */
  gboolean ragged;            /* in a justified paragraph, looser than
                                 BF_LOOSEST_RATIO: not stretched, its spaces
                                 at their natural width */
} BfLineSpan;

/* The loosest adjustment ratio a justified line is set at; a looser one is
 * set ragged. */
#define BF_LOOSEST_RATIO 3.0

typedef struct {
  int first_width, width;     /* Pango units: first line and the others */
  gboolean optimal;           /* total fit (Knuth–Plass) or greedy */
  gboolean preformatted;      /* breaks only where the text says */
  int ragged_stretch;         /* not justified: no shrink, and this much stretch
                                 a line (Pango units) to even out the rag; 0 when
                                 justified */
  int continuation_indent;    /* preformatted: how much narrower a line is that
                                 continues a wrapped one (Pango units) */
} BfBreakParams;

/* line-break.c: chooses the lines of @s (BfLineSpan). */
GArray *bf_break_lines (const BfShaped *s, const BfBreakParams *params);

/* Stretch and shrink of an inter-word space, as fractions of its width. */
#define BF_SPACE_STRETCH 0.5
#define BF_SPACE_SHRINK (1.0 / 3.0)

/* hyphenate.c: hyphenation points through libhyphen's dictionaries. */
BfHyphenator *bf_hyphenator_new (void);
void bf_hyphenator_free (BfHyphenator *h);
/* Marks in @after (indexed by character of @word) where @word, in @lang,
 * may be hyphenated after that character.  Does nothing without a
 * dictionary for @lang. */
void bf_hyphenator_hyphenate (BfHyphenator *h, const char *lang, const char *word, int length,
                              guint8 *after);
/* Sets s->hyphen_after (owned by @s) to where the words of @para, shaped
 * in @s, may be hyphenated; leaves it NULL when the breaker has no
 * hyphenator or @para is preformatted. */
void bf_find_hyphenation_points (BfLineBreaker *breaker, const BfParagraph *para, BfShaped *s);

/* ------------------------------------------------------------- shape.c */

/* Shapes @text (with @attrs, in base direction @dir and language @lang)
 * into @s, which borrows @text; @para, when not NULL, gives its word- and
 * letter-spacing.  Free with bf_shaped_clear (). */
void bf_shape (BfLineBreaker *breaker, const char *text, PangoAttrList *attrs,
               const BfParagraph *para, PangoDirection dir, const char *lang, BfShaped *s);
void bf_shaped_clear (BfShaped *s);

/* Adds the room of the inline edges of @edges (BfInlineEdge, in order;
 * their offsets less @delta are byte offsets into @item's text) to the
 * clusters of @item's @glyphs they stand beside: on a cluster's left where
 * the edge comes before it in a left-to-right run or after it in a
 * right-to-left one, else on its right. */
/* The first element of @array, whose elements come in the order of the
 * int at byte @field of each, with that int at or past @value: found by
 * halving, as each line finds its own among a paragraph's spans, boxes
 * and edges (by their byte offsets). */
guint bf_sorted_first_from (const GArray *array, gsize field, int value);

void bf_shape_add_inline_edges (const PangoItem *item, PangoGlyphString *glyphs,
                                const GArray *edges, int delta);

/* Adds the extra width of @spacing's ranges (BfSpan, byte offsets into
 * @text) to each space of @item's @glyphs, or with @letters to each
 * character. */
void bf_shape_add_spacing (const char *text, const PangoItem *item, PangoGlyphString *glyphs,
                           GArray *spacing, gboolean letters);

/* @fragment (@length bytes) and a hyphen shaped as an item like @like: a
 * new glyph item over a copy of the text, which @text is set to and which
 * lives in breaker->texts. */
PangoGlyphItem *bf_shape_with_hyphen (BfLineBreaker *breaker, const PangoItem *like,
                                      const char *fragment, int length, const char **text);

/* The advance of a hyphen in the first left-to-right run of @s (Pango
 * units), or 0 when it has none. */
int bf_shaped_get_hyphen_advance (BfLineBreaker *breaker, const BfShaped *s);

/* ------------------------------------------------------- shape-cache.c */

/* About the most memory a shape cache holds (bytes). */
#define BF_SHAPE_CACHE_MAX_BYTES (4 << 20)

BfShapeCache *bf_shape_cache_new (void);
void bf_shape_cache_free (BfShapeCache *cache);

/* Shapes @item of @text (a paragraph of @length bytes) into @glyphs word
 * by word, each distinct word once through @cache.  Returns FALSE, and
 * leaves @glyphs alone, when @cache is NULL or the item cannot be cut at
 * its spaces: the caller shapes it whole. */
gboolean bf_shape_cache_shape_item (BfShapeCache *cache, const char *text, int length,
                                    const PangoItem *item, PangoGlyphString *glyphs);

/* Shapes @text (@length bytes, no paragraph around it) as @analysis says
 * into @glyphs, once for each distinct text through @cache (which may be
 * NULL). */
void bf_shape_cache_shape_alone (BfShapeCache *cache, const char *text, int length,
                                 const PangoAnalysis *analysis, PangoGlyphString *glyphs);

/* How many pieces were found in @cache and shaped anew, and about how many
 * bytes it holds. */
void bf_shape_cache_get_counts (const BfShapeCache *cache, guint *hits, guint *misses,
                                gsize *bytes);

/* ------------------------------------------------------------ breaks.c */

/* Break iterators of ICU's, for one thread; NULL when ICU cannot make
 * them, and then Pango finds the breaks. */
BfBreakFinder *bf_break_finder_new (void);
void bf_break_finder_free (BfBreakFinder *finder);

/* Fills @attrs (@n_chars + 1 of them) with the line breaks, cluster starts
 * and white space of @text (@length bytes, @n_chars characters, the byte
 * offset of each in @char_offsets, @n_chars + 1 of them): through @finder,
 * or Pango (when @finder is NULL, or for the scripts it leaves to Pango,
 * whose tailoring may read @dir and @lang). */
void bf_break_finder_find (BfBreakFinder *finder, const char *text, int length, int n_chars,
                           const int *char_offsets, PangoDirection dir, const char *lang,
                           PangoLogAttr *attrs);

/* ----------------------------------------------------------- kashida.c */

/* How much a tatweel between the letters @before and @after (the word's
 * last letter when @final) is wanted: 1 the most, 4 the least, 0 never. */
int bf_kashida_join_priority (gunichar before, gunichar after, gboolean final);

/* An elongated join: the letter glyph @glyph of @gi drawn @width further
 * on, and a stroke @width wide in the room it leaves, its top @top above
 * the baseline and @height high (all Pango units): the font's tatweel. */
typedef struct {
  PangoGlyphItem *gi;
  int glyph;
  int width;
  int top, height;
} BfKashidaStroke;

/* Elongates the joins of the characters [@start, @end) of @s that
 * s->kashida_stretch marks, drawn by the @n_items glyph items of a line
 * (each over its text in @texts, whose byte 0 is byte @deltas[i] of
 * s->text), by about @excess Pango units in whole tatweels, spread over the
 * line; leaves alone the joins inside the words of @taken (byte ranges of
 * s->text, BfSpan, in order), which took wider alternates; appends the
 * strokes to draw to @strokes (BfKashidaStroke).  Returns the width added. */
int bf_kashida_elongate (const BfShaped *s, int start, int end, PangoGlyphItem **items,
                         const char **texts, const int *deltas, int n_items, int excess,
                         const GArray *taken, GArray *strokes);

/* The next word (characters that are not white space) of [*@p, @end):
 * its start, *@p set just past it; NULL when none is left. */
const char *bf_next_word (const char **p, const char *end);

/* At the letter before each join of @s's Arabic words that a justified
 * line may elongate (one a word, the best), the most width it adds there
 * (Pango units): a new array of s->n_chars, for s->kashida_stretch. */
int *bf_kashida_get_stretch (const BfShaped *s);

/* -------------------------------------------------------- alternates.c */

/* A word of a paragraph that a line may set with its justification
 * alternates (jalt): the glyphs to put in place of its own, as many, in
 * the same clusters (relative to @start), and how much wider they are. */
typedef struct {
  int start, end;             /* bytes of the paragraph's text */
  int extra;                  /* Pango units */
  PangoGlyphString *glyphs;   /* owned */
} BfAlternateWord;

/* The words of @s's Arabic-script runs, in faces with the feature jalt,
 * whose alternates are an exact, wider substitute: a new array
 * (BfAlternateWord, in logical order; frees its glyphs), or NULL when
 * there is none, for s->alternates. */
GArray *bf_alternates_find (const BfShaped *s);

/* Adds each word of s->alternates' extra width to @stretch (s->n_chars)
 * at its last character, for the breaker. */
void bf_alternates_add_stretch (const BfShaped *s, int *stretch);

/* Sets words of s->alternates within the bytes [@a, @b), drawn by the
 * @n_items glyph items of a line, with their alternates, spread along the
 * line, adding no more than @excess Pango units; appends each word so set
 * to @taken (BfSpan, sorted by start). Returns the width added. */
int bf_alternates_apply (const BfShaped *s, int a, int b, PangoGlyphItem **items, int n_items,
                         int excess, GArray *taken);

/* -------------------------------------------------------------- line.c */

/* Lays out the text of @para (a BF_BLOCK_PARAGRAPH, or a picture's alt
 * text) into lines appended to @lines.  Takes para->text's contents. */
void bf_paragraph_layout_text (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines);

/* ------------------------------------------------------------- table.c */

/* Lays out the table @para (BF_BLOCK_TABLE): its columns sized by their
 * content (or fixed), its caption's lines and one line per band of rows
 * (rows no cell spans out of) appended to @lines. */
void bf_table_layout (BfLineBreaker *breaker, BfParagraph *para, GPtrArray *lines);

/* The narrowest (min-content) and widest (max-content) widths @para needs
 * to be set without overflowing or breaking a line it need not break, in
 * points, its indents included. */
void bf_paragraph_measure (BfLineBreaker *breaker, BfParagraph *para, double *min, double *max);

/* ----------------------------------------------------------- display.c */

/* A new line of @height with no items, a page break allowed above it. */
BfLine *bf_line_new (double height);

/* Adds a filled rectangle to @line. */
void bf_line_add_rule (BfLine *line, double x, double y, double w, double h, guint32 color);

/* Draws the borders, backgrounds and vertical padding of the boxes around
 * @para on its lines, lines[@first_index] on, and grows the first and last
 * of them by the boxes' top and bottom edges.  @rtl: the block's side. */
void bf_lines_add_box_decorations (BfLineBreaker *breaker, BfParagraph *para, gboolean rtl,
                                   GPtrArray *lines, guint first_index);

#endif
