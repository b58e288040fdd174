/* style.h — the style stage: a computed style for every element.
 *
 * For now the rules are bifolio's built-in default sheet (styles/default.css
 * says the same in CSS and ships in the EPUB); the CSS cascade replaces the
 * rule table in computed.c without changing this interface. */
#ifndef BF_STYLE_H
#define BF_STYLE_H

#include "read/read.h"

typedef enum {
  BF_DISPLAY_INLINE,
  BF_DISPLAY_BLOCK,
  BF_DISPLAY_LIST_ITEM,
  BF_DISPLAY_NONE
} BfDisplay;

typedef enum {
  BF_ALIGN_START,
  BF_ALIGN_END,
  BF_ALIGN_LEFT,
  BF_ALIGN_RIGHT,
  BF_ALIGN_CENTER,
  BF_ALIGN_JUSTIFY
} BfTextAlign;

typedef enum {
  BF_DIRECTION_AUTO,   /* from the paragraph's first strong character */
  BF_DIRECTION_LTR,
  BF_DIRECTION_RTL
} BfDirection;

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
  BF_LIST_UPPER_ROMAN
} BfListStyle;

/* @n in the numbering of @style, e.g. "۱۲" for 12 in Persian.  Returns a
 * new string; the decimal number when the style is not a numbering. */
char *bf_list_style_format (BfListStyle style, int n);

/* All lengths in points.  Strings are static or interned (never freed).
 * Margins are logical: start is the left side of a left-to-right paragraph
 * and the right side of a right-to-left one. */
typedef struct {
  BfDisplay display;
  const char *font_family;   /* a Pango family list: "Noto Serif, Amiri" */
  double font_size;
  int font_weight;           /* 100…900 */
  gboolean italic;
  double line_height;        /* a multiple of font_size */
  guint32 color;             /* 0xRRGGBB */
  BfTextAlign text_align;
  double margin_top, margin_bottom, margin_start, margin_end;
  double text_indent;
  double rise;               /* baseline shift, for superscripts */
  BfDirection direction;     /* from dir=, inherited */
  const char *lang;          /* from lang=, inherited; NULL when unknown */
  gboolean preformatted;     /* white-space: pre */
  BfHyphens hyphens;         /* inherited */
  gboolean underline, strikethrough;
  gboolean break_before;     /* page break before the block */
  gboolean keep_with_next;   /* never end a page after this block */
  gboolean keep_together;    /* no page break inside */
  gboolean start_rule;       /* a rule on the start side (block quotes) */
  BfListStyle list_style;
} BfComputedStyle;

/* The style of the root element (<html>). */
void bf_style_init_root (BfComputedStyle *style);

/* Computes @element's style from its parent's.  @out may not be @parent. */
void bf_style_compute (const BfComputedStyle *parent,
                       xmlNodePtr             element,
                       BfComputedStyle       *out);

/* TRUE when @lang is a language written right to left (fa, ar, he, ur…). */
gboolean bf_lang_is_rtl (const char *lang);

#endif
