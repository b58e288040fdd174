/* style.h — the style stage: what a computed style holds (for elements,
 * their ::before and ::after, and margin boxes), what a page's style holds,
 * inheritance and the presentational hints of lang and dir (computed.c),
 * counter styles, and generated-content values (generated.c).  The cascade
 * that computes them from CSS is in cascade.h. */
#ifndef BF_STYLE_H
#define BF_STYLE_H

#include "read/read.h"

/* An element's custom properties ("--name: value"), made and owned by the
 * styler (style/custom-properties.h). */
typedef struct _BfCustomProperties BfCustomProperties;

typedef enum {
  BF_DISPLAY_INLINE,
  BF_DISPLAY_BLOCK,
  BF_DISPLAY_LIST_ITEM,
  BF_DISPLAY_NONE,
  BF_DISPLAY_FLEX            /* flex and grid: a block whose children are
                                laid out as blocks, one under another
                                (blockified, as CSS makes flex and grid
                                items); rows, columns and gaps are not */
} BfDisplay;

typedef enum {
  BF_ALIGN_START,
  BF_ALIGN_END,
  BF_ALIGN_LEFT,
  BF_ALIGN_RIGHT,
  BF_ALIGN_CENTER,
  BF_ALIGN_JUSTIFY
} BfTextAlign;

/* text-justify (CSS Text 3, with the earlier drafts' kashida): how a
 * justified line takes up its slack.  Auto is inter-word for every script. */
typedef enum {
  BF_JUSTIFY_AUTO,
  BF_JUSTIFY_NONE,       /* no stretch: lines set as a last line is */
  BF_JUSTIFY_INTER_WORD,
  BF_JUSTIFY_KASHIDA     /* spaces, then elongated joins in Arabic script */
} BfTextJustify;

/* -bf-digits: the forms European digits (0-9 as typed) are shown in.
 * digits.c converts them; code and link targets are never converted. */
typedef enum {
  BF_DIGITS_AS_TYPED,    /* initial: as the source has them */
  BF_DIGITS_PERSIAN,     /* Extended Arabic-Indic, U+06F0-U+06F9: fa, ur, ps, sd */
  BF_DIGITS_ARABIC_INDIC,/* Arabic-Indic, U+0660-U+0669: ar, ckb */
  BF_DIGITS_CONTEXT      /* the form of the language of the text around them */
} BfDigits;

typedef enum {
  BF_DIRECTION_AUTO,   /* from the paragraph's first strong character */
  BF_DIRECTION_LTR,
  BF_DIRECTION_RTL
} BfDirection;

typedef enum {
  BF_TRANSFORM_NONE,
  BF_TRANSFORM_UPPERCASE,
  BF_TRANSFORM_LOWERCASE,
  BF_TRANSFORM_CAPITALIZE   /* the first letter of each word */
} BfTextTransform;

typedef enum {
  BF_HYPHENS_MANUAL,   /* only at soft hyphens (CSS's initial value) */
  BF_HYPHENS_AUTO,     /* also where the language's dictionary allows */
  BF_HYPHENS_NONE
} BfHyphens;

typedef enum {
  BF_LIST_NONE,
  BF_LIST_DISC,
  BF_LIST_DECIMAL,
  BF_LIST_PERSIAN,        /* ۱ ۲ ۳ */
  BF_LIST_ARABIC_INDIC,   /* ١ ٢ ٣ */
  BF_LIST_LOWER_ALPHA,
  BF_LIST_UPPER_ALPHA,
  BF_LIST_LOWER_ROMAN,
  BF_LIST_UPPER_ROMAN,
  BF_LIST_STRING          /* the marker is list_marker, as written */
} BfListStyle;

typedef enum {
  BF_SIDE_TOP,
  BF_SIDE_BOTTOM,
  BF_SIDE_START,
  BF_SIDE_END
} BfSide;

/* How a border is drawn: border-style's dashed and dotted, and solid for
 * the rest (double, groove, ridge, inset and outset are drawn solid). */
typedef enum {
  BF_LINE_SOLID,
  BF_LINE_DASHED,
  BF_LINE_DOTTED
} BfLineStyle;

/* A forced page break (break-before, break-after), and the side of the
 * spread the page after it must be on: recto is the right-hand page in a
 * left-to-right book, the left-hand one in a right-to-left book. */
typedef enum {
  BF_BREAK_AUTO,             /* no forced break */
  BF_BREAK_PAGE,             /* always, page */
  BF_BREAK_LEFT,
  BF_BREAK_RIGHT,
  BF_BREAK_RECTO,
  BF_BREAK_VERSO
} BfBreak;

/* vertical-align on a table cell: where its content sits in its row. */
typedef enum {
  BF_VALIGN_BASELINE,        /* CSS's initial value; set like top here */
  BF_VALIGN_TOP,
  BF_VALIGN_MIDDLE,
  BF_VALIGN_BOTTOM
} BfVerticalAlign;

typedef enum {
  BF_BIDI_NORMAL,
  BF_BIDI_EMBED,
  BF_BIDI_ISOLATE,
  BF_BIDI_OVERRIDE,          /* bidi-override */
  BF_BIDI_ISOLATE_OVERRIDE,
  BF_BIDI_PLAINTEXT
} BfUnicodeBidi;

/* @n in the numbering of @style, e.g. "۱۲" for 12 in Persian.  Returns a
 * new string; the decimal number when the style is not a numbering. */
char *bf_list_style_format (BfListStyle style, int n);

/* The style a list-style-type keyword names ("persian", "lower-roman"…). */
gboolean bf_list_style_from_name (const char *name, BfListStyle *out);

/* ------------------------------------------------------ generated content
 * generated.c: values of `content`, `string-set`, `counter-reset` and
 * `counter-increment`, parsed once per declaration and owned by it. */

typedef enum {
  BF_CONTENT_STRING,        /* text */
  BF_CONTENT_COUNTER,       /* counter(text, list_style) */
  BF_CONTENT_STRING_REF,    /* string(text): a named string of the page */
  BF_CONTENT_ELEMENT_TEXT,  /* content(): the element's text */
  BF_CONTENT_ATTR,          /* attr(text) */
  BF_CONTENT_OPEN_QUOTE,    /* open-quote: a mark, one level deeper */
  BF_CONTENT_CLOSE_QUOTE,   /* close-quote: one level out, a mark */
  BF_CONTENT_NO_OPEN_QUOTE, /* no-open-quote: one level deeper, no mark */
  BF_CONTENT_NO_CLOSE_QUOTE /* no-close-quote: one level out, no mark */
} BfContentKind;

/* Which value of a named string a page shows (CSS GCPM 3, §1.2.2). */
typedef enum {
  BF_STRING_FIRST,          /* the first set on the page, else the one in force */
  BF_STRING_START,          /* the one set by the page's first line, else the one in force */
  BF_STRING_LAST,           /* the last set on the page, else the one in force */
  BF_STRING_FIRST_EXCEPT    /* none when set on the page, else the one in force */
} BfStringPolicy;

typedef struct {
  BfContentKind kind;
  char *text;
  BfListStyle list_style;   /* counters */
  BfStringPolicy policy;    /* string() */
} BfContentPart;

typedef struct {
  char *name;
  GArray *parts;            /* BfContentPart */
} BfStringSet;

typedef struct {
  char *name;
  int value;
} BfCounterChange;

/* A `content` value (tokens without white space at the ends): a new
 * GArray of BfContentPart (empty for none/normal), or NULL when invalid. */
GArray *bf_content_parse (GArray *tokens);
/* A `string-set` value: a new GPtrArray of BfStringSet*, or NULL. */
GPtrArray *bf_string_set_parse (GArray *tokens);
/* A counter-reset (@default_value 0) or counter-increment (1) value: a new
 * GArray of BfCounterChange, or NULL. */
GArray *bf_counter_changes_parse (GArray *tokens, int default_value);

/* A `quotes` value other than auto: a new GPtrArray of its strings, the
 * open and close marks of each level, outermost first (empty for none), or
 * NULL when invalid. */
GPtrArray *bf_quotes_parse (GArray *tokens);

/* quotes.c: the opening (@open) or closing mark of quotation level @depth
 * (0: outermost) under @quotes, a computed style's (NULL: auto, the marks
 * of @lang as the Unicode CLDR gives them), the innermost pair serving
 * every level below it.  "" for none; the string is @quotes' or static. */
const char *bf_quote_mark (const GPtrArray *quotes, const char *lang, int depth, gboolean open);

/* Returns the text of a part other than a string, or NULL for none. */
typedef char *(*BfContentResolver) (const BfContentPart *part, gpointer data);

/* @parts as text, the strings as they are and the rest from @resolve.
 * Returns a new string. */
char *bf_content_evaluate (const GArray *parts, BfContentResolver resolve, gpointer data);

/* All lengths in points.  Strings are static or interned (never freed).
 * Margins are logical: start is the left side of a left-to-right paragraph
 * and the right side of a right-to-left one. */
/* A box dimension (width, height and their maxima): a length in points, a
 * percentage of the containing block, or auto/none (unset). */
typedef struct {
  double value;              /* points, or percent when percent is set */
  gboolean set, percent;
} BfDimension;

typedef struct {
  BfDisplay display;
  const char *font_family;   /* a Pango family list: "Noto Serif, Amiri" */
  double font_size;
  int font_weight;           /* 100…900 */
  gboolean italic;
  double line_height;        /* a multiple of font_size */
  guint32 color;             /* 0xRRGGBB */
  BfTextAlign text_align;
  BfTextJustify text_justify; /* inherited */
  BfDigits digits;           /* -bf-digits; inherited */
  double margin_top, margin_bottom, margin_start, margin_end;
  double margin_start_percent, margin_end_percent;  /* of the containing block's
                                                       width, added to the above */
  double text_indent;
  double rise;               /* baseline shift, for superscripts */
  BfVerticalAlign cell_align; /* vertical-align's keywords, for a table cell */
  BfDirection direction;     /* from dir=, inherited */
  const char *lang;          /* from lang=, inherited; NULL when unknown */
  gboolean preformatted;     /* white-space: pre */
  BfHyphens hyphens;         /* inherited */
  BfTextTransform text_transform;  /* inherited */
  gboolean underline, strikethrough;
  BfBreak break_before;      /* forced page break before the block */
  gboolean keep_with_next;   /* never end a page after this block */
  BfBreak break_after;       /* forced page break after the block */
  gboolean keep_together;    /* no page break inside */
  BfListStyle list_style;
  const char *list_marker;   /* BF_LIST_STRING: the marker (interned) */
  /* Boxes, by logical side (BfSide) like the margins.  A side's border is
   * drawn when it is solid and its width above zero; its colour is the
   * text's unless set. */
  double padding[4];
  double border_width[4];
  gboolean border_solid[4];
  guint8 border_line[4];     /* BfLineStyle: drawn in dashes or dots, or solid (a byte
                                each: a style is kept in every paragraph) */
  gboolean border_color_set[4];
  guint32 border_color[4];
  gboolean has_background;
  guint32 background;        /* 0xRRGGBB when has_background */
  double letter_spacing, word_spacing;   /* added to each letter, each space */
  const char *font_features; /* OpenType features "\"smcp\" 1, …" or NULL */
  /* font-variant-caps, -numeric, -ligatures and -position (BfFontVariant)
   * as OpenType features, or NULL when normal; inherited. */
  const char *font_variant[4];
  BfUnicodeBidi unicode_bidi;
  int orphans, widows;       /* inherited; lines kept at a page's foot, head */
  BfDimension width, height, max_width, max_height;  /* not inherited */
  /* Tables (CSS 2.1 §17): */
  gboolean table_fixed;      /* table-layout: fixed; not inherited */
  gboolean border_collapse;  /* border-collapse: collapse; inherited */
  double border_spacing[2];  /* horizontal, vertical; inherited */
  gboolean caption_bottom;   /* caption-side: bottom; inherited */
  /* Generated content, owned by the declarations that set them: */
  const GArray *content;               /* BfContentPart, or NULL for none */
  gboolean content_none;               /* content: none (a ::marker's takes the
                                          marker away; normal keeps it) */
  const GPtrArray *string_set;         /* BfStringSet*, or NULL */
  const GArray *counter_reset;         /* BfCounterChange, or NULL */
  const GArray *counter_increment;     /* BfCounterChange, or NULL */
  const GPtrArray *quotes;             /* quotes: marks (bf_quotes_parse), or
                                          NULL for auto; inherited */
  const BfCustomProperties *custom_properties;  /* inherited; NULL for none */
} BfComputedStyle;

/* The width of the border drawn on @side (0 when none), and its colour. */
double bf_style_get_border (const BfComputedStyle *style, BfSide side);
guint32 bf_style_get_border_color (const BfComputedStyle *style, BfSide side);
BfLineStyle bf_style_get_border_line (const BfComputedStyle *style, BfSide side);

/* The longhands of font-variant, each an index into font_variant. */
typedef enum {
  BF_VARIANT_CAPS,
  BF_VARIANT_NUMERIC,
  BF_VARIANT_LIGATURES,
  BF_VARIANT_POSITION
} BfFontVariant;

/* The OpenType features @style's text is shaped with: its font-variant
 * longhands', then its font-feature-settings' (which win for a feature
 * both name), as an interned string in CSS's syntax, or NULL. */
const char *bf_style_get_font_features (const BfComputedStyle *style);

/* The initial values of every property (what the root inherits). */
void bf_style_init_root (BfComputedStyle *style);

/* @out gets @parent's inherited properties and the initial values of the
 * others.  @out may not be @parent. */
void bf_style_inherit (const BfComputedStyle *parent, BfComputedStyle *out);

/* computed.c: the family lists of text in Latin letters and of text in
 * Arabic script (Persian, Arabic) when no sheet names one; the cover of an
 * EPUB is set in them too. */
extern const char BF_LATIN_FACES[];
extern const char BF_ARABIC_FACES[];

/* The presentational hints of @element's lang and dir attributes (its
 * language, direction and, entering Arabic script, the Naskh face), of
 * a table's, row's or cell's align, valign, width, border and cellspacing,
 * and of a list's type. */
void bf_style_apply_attributes (const BfComputedStyle *parent, xmlNodePtr element,
                                BfComputedStyle *out);

/* ---------------------------------------------------------------- digits
 * digits.c: -bf-digits applied to text. */

/* The kind of the last letter met in a paragraph, which `context` reads. */
typedef enum {
  BF_LETTER_NONE,        /* none yet */
  BF_LETTER_ARABIC,      /* a letter of the Arabic script */
  BF_LETTER_OTHER        /* any other letter: Latin, Hebrew, Cyrillic… */
} BfLetterKind;

/* What a paragraph's text so far tells the digits that follow: set to
 * zero where a paragraph begins. */
typedef struct {
  BfLetterKind last;         /* the last letter so far */
  gboolean looked_ahead;     /* while last is none: ahead is the first letter */
  BfLetterKind ahead;        /*   after the digits, found in later text */
} BfDigitContext;

/* @text (the content of text node @node in paragraph element @block; both
 * may be NULL) with its European digits in the form @digits asks for, in
 * text of language @lang (may be NULL), after the text @context
 * describes, which is brought up to the end of @text.  Returns a new
 * string, or NULL when nothing changes.  One pass over @text; the text
 * after it is read, up to its first letter, only for digits that come
 * before any letter of the paragraph, once a paragraph. */
char *bf_digits_convert (BfDigits digits, const char *lang, const char *text, xmlNodePtr node,
                         xmlNodePtr block, BfDigitContext *context);

/* U+06F0 for the languages written with Persian digits, U+0660 for those
 * written with Arabic-Indic ones, else 0. */
gunichar bf_digits_zero_for_language (const char *lang);

/* ----------------------------------------------------------------- pages */

typedef enum {
  BF_MARGIN_TOP_LEFT_CORNER,
  BF_MARGIN_TOP_LEFT,
  BF_MARGIN_TOP_CENTER,
  BF_MARGIN_TOP_RIGHT,
  BF_MARGIN_TOP_RIGHT_CORNER,
  BF_MARGIN_RIGHT_TOP,
  BF_MARGIN_RIGHT_MIDDLE,
  BF_MARGIN_RIGHT_BOTTOM,
  BF_MARGIN_BOTTOM_RIGHT_CORNER,
  BF_MARGIN_BOTTOM_RIGHT,
  BF_MARGIN_BOTTOM_CENTER,
  BF_MARGIN_BOTTOM_LEFT,
  BF_MARGIN_BOTTOM_LEFT_CORNER,
  BF_MARGIN_LEFT_BOTTOM,
  BF_MARGIN_LEFT_MIDDLE,
  BF_MARGIN_LEFT_TOP,
  BF_MARGIN_BOX_COUNT
} BfMarginBox;

/* The size in points of the paper named @name (a3…a6, b4, b5, jis-b4,
 * jis-b5, letter, legal, ledger; case ignored), portrait; FALSE when no
 * paper has that name.  The one table of papers, for @page and --paper. */
gboolean bf_paper_size_lookup (const char *name, double *width, double *height);

/* "top-center"…, or -1. */
int bf_margin_box_from_name (const char *name);

/* A page's computed style.  Margins are physical (a left page's left
 * margin is its outer one).  A margin box is drawn when its content is
 * set. */
typedef struct {
  double width, height;
  double margin_top, margin_right, margin_bottom, margin_left;
  BfComputedStyle boxes[BF_MARGIN_BOX_COUNT];
} BfPageStyle;

/* TRUE when @lang is a language written right to left (fa, ar, he, ur…). */
gboolean bf_lang_is_rtl (const char *lang);

#endif
