/* properties.c — every CSS property bifolio honours: reading its value
 * (lengths, colours, families, sides, borders, generated content…) into
 * the fields of a computed style, `inherit`, `initial` and `unset` for
 * each, and the check, when a sheet is loaded, that drops a declaration
 * with an unknown property or a value bifolio cannot use, with a warning
 * naming its place (a custom property, or a value with var(), is checked
 * only once var() is replaced).  The table of properties is near the end. */
#include "style/cascade.h"
#include "style/custom-properties.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ values */

static const BfCssToken *
single (const BfCssDeclaration *d)
{
  return d->value->len == 1 ? &g_array_index (d->value, BfCssToken, 0) : NULL;
}

static gboolean
ident_is (const BfCssToken *t, const char *word)
{
  return t && t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, word);
}

/* A length in points; @em is the font size ems refer to, @percent_of what
 * percentages do (negative when they are not allowed). */
gboolean
bf_css_length (const BfCssToken *t, double em, double percent_of, double *out)
{
  if (!t)
    return FALSE;
  if (t->type == BF_CSS_NUMBER && t->number == 0)
    return *out = 0, TRUE;
  if (t->type == BF_CSS_PERCENTAGE && percent_of >= 0)
    return *out = t->number / 100 * percent_of, TRUE;
  if (t->type != BF_CSS_DIMENSION)
    return FALSE;
  static const struct {
    const char *unit;
    double points;
  } units[] = { { "pt", 1 }, { "px", 0.75 }, { "pc", 12 }, { "in", 72 },
                { "cm", 72 / 2.54 }, { "mm", 72 / 25.4 }, { "q", 72 / 101.6 } };
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (!g_ascii_strcasecmp (t->text, units[i].unit))
      return *out = t->number * units[i].points, TRUE;
  if (!g_ascii_strcasecmp (t->text, "em"))
    return *out = t->number * em, TRUE;
  if (!g_ascii_strcasecmp (t->text, "rem"))
    return *out = t->number * 10.5, TRUE;
  if (!g_ascii_strcasecmp (t->text, "ex"))
    return *out = t->number * em / 2, TRUE;
  return FALSE;
}

static gboolean
color_of (const BfCssDeclaration *d, guint32 *out)
{
  const BfCssToken *t = &g_array_index (d->value, BfCssToken, 0);
  if (t->type == BF_CSS_HASH && d->value->len == 1)
    {
      const char *h = t->text;
      gsize n = strlen (h);
      for (gsize i = 0; i < n; i++)
        if (!g_ascii_isxdigit (h[i]))
          return FALSE;
      if (n == 3)
        {
          guint32 r = g_ascii_xdigit_value (h[0]), g = g_ascii_xdigit_value (h[1]),
                  b = g_ascii_xdigit_value (h[2]);
          return *out = (r * 17) << 16 | (g * 17) << 8 | (b * 17), TRUE;
        }
      if (n == 6)
        return *out = (guint32) strtoul (h, NULL, 16), TRUE;
      return FALSE;
    }
  if (t->type == BF_CSS_FUNCTION && !g_ascii_strcasecmp (t->text, "rgb"))
    {
      double c[3];
      int k = 0;
      for (guint i = 1; i < d->value->len && k < 3; i++)
        {
          const BfCssToken *a = &g_array_index (d->value, BfCssToken, i);
          if (a->type == BF_CSS_NUMBER)
            c[k++] = a->number;
          else if (a->type == BF_CSS_PERCENTAGE)
            c[k++] = a->number * 2.55;
        }
      if (k < 3)
        return FALSE;
      guint32 rgb = 0;
      for (int i = 0; i < 3; i++)
        rgb = rgb << 8 | (guint32) CLAMP (lround (c[i]), 0, 255);
      return *out = rgb, TRUE;
    }
  static const struct {
    const char *name;
    guint32 rgb;
  } names[] = { { "black", 0x000000 }, { "white", 0xffffff }, { "red", 0xff0000 },
                { "green", 0x008000 }, { "blue", 0x0000ff }, { "gray", 0x808080 },
                { "grey", 0x808080 }, { "navy", 0x000080 }, { "maroon", 0x800000 },
                { "purple", 0x800080 }, { "teal", 0x008080 }, { "olive", 0x808000 },
                { "silver", 0xc0c0c0 }, { "darkred", 0x8b0000 }, { "darkblue", 0x00008b } };
  for (gsize i = 0; t->type == BF_CSS_IDENT && d->value->len == 1 && i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (t->text, names[i].name))
      return *out = names[i].rgb, TRUE;
  return FALSE;
}

/* More names than this in one font-family cannot be used: the font
 * matcher's cost grows faster than the list (16,000 names took 2 s). */
enum { MAX_FONT_FAMILIES = 64 };

/* "A, 'B C', serif" as a Pango family list; Persian and Arabic keep their
 * faces behind the named ones. */
static const char *
family_of (const BfCssDeclaration *d)
{
  GString *list = g_string_new (NULL);
  GString *name = g_string_new (NULL);
  int families = 0;
  for (guint i = 0; i <= d->value->len; i++)
    {
      const BfCssToken *t = i < d->value->len ? &g_array_index (d->value, BfCssToken, i) : NULL;
      if (!t || t->type == BF_CSS_COMMA)
        {
          if (!name->len || ++families > MAX_FONT_FAMILIES)
            {
              g_string_free (list, TRUE);
              g_string_free (name, TRUE);
              return NULL;
            }
          const char *family = name->str;
          if (!g_ascii_strcasecmp (family, "serif") || !g_ascii_strcasecmp (family, "sans-serif"))
            family = "Noto Serif";
          else if (!g_ascii_strcasecmp (family, "monospace"))
            family = "Noto Sans Mono";
          g_string_append_printf (list, "%s%s", list->len ? ", " : "", family);
          g_string_truncate (name, 0);
          continue;
        }
      if (t->type == BF_CSS_STRING || t->type == BF_CSS_IDENT)
        g_string_append_printf (name, "%s%s", name->len ? " " : "", t->text);
      else if (t->type != BF_CSS_WHITESPACE)
        {
          g_string_free (list, TRUE);
          g_string_free (name, TRUE);
          return NULL;
        }
    }
  g_string_append (list, ", Noto Naskh Arabic, Noto Serif, Amiri");
  const char *interned = g_intern_string (list->str);
  g_string_free (list, TRUE);
  g_string_free (name, TRUE);
  return interned;
}

/* ------------------------------------------------------------- properties */

/* Properties whose values are keywords, each word and the value it sets
 * (the fields they set are all int-sized: enums and gboolean). */
typedef struct {
  const char *word;
  int value;
} Keyword;

G_STATIC_ASSERT (sizeof (BfDisplay) == sizeof (int) && sizeof (BfTextAlign) == sizeof (int)
                 && sizeof (BfDirection) == sizeof (int) && sizeof (BfHyphens) == sizeof (int)
                 && sizeof (BfUnicodeBidi) == sizeof (int) && sizeof (gboolean) == sizeof (int)
                 && sizeof (BfBreak) == sizeof (int));

static const Keyword display_words[] = {
  { "block", BF_DISPLAY_BLOCK }, { "flow-root", BF_DISPLAY_BLOCK }, { "table", BF_DISPLAY_BLOCK },
  { "table-row", BF_DISPLAY_BLOCK }, { "table-cell", BF_DISPLAY_BLOCK },
  { "inline", BF_DISPLAY_INLINE }, { "inline-block", BF_DISPLAY_INLINE },
  { "inline-flex", BF_DISPLAY_INLINE }, { "inline-grid", BF_DISPLAY_INLINE },
  { "flex", BF_DISPLAY_FLEX }, { "grid", BF_DISPLAY_FLEX },
  { "list-item", BF_DISPLAY_LIST_ITEM }, { "none", BF_DISPLAY_NONE }, { NULL }
};
static const Keyword table_layout_words[] = {
  { "auto", FALSE }, { "fixed", TRUE }, { NULL }
};
static const Keyword border_collapse_words[] = {
  { "separate", FALSE }, { "collapse", TRUE }, { NULL }
};
static const Keyword caption_side_words[] = {
  { "top", FALSE }, { "bottom", TRUE }, { NULL }
};
static const Keyword font_style_words[] = {
  { "normal", FALSE }, { "italic", TRUE }, { "oblique", TRUE }, { NULL }
};
static const Keyword text_align_words[] = {
  { "start", BF_ALIGN_START }, { "end", BF_ALIGN_END }, { "left", BF_ALIGN_LEFT },
  { "right", BF_ALIGN_RIGHT }, { "center", BF_ALIGN_CENTER }, { "justify", BF_ALIGN_JUSTIFY }, { NULL }
};
static const Keyword text_justify_words[] = {
  { "auto", BF_JUSTIFY_AUTO }, { "none", BF_JUSTIFY_NONE }, { "inter-word", BF_JUSTIFY_INTER_WORD },
  { "kashida", BF_JUSTIFY_KASHIDA }, { NULL }
};
static const Keyword digits_words[] = {
  { "as-typed", BF_DIGITS_AS_TYPED }, { "persian", BF_DIGITS_PERSIAN },
  { "arabic-indic", BF_DIGITS_ARABIC_INDIC }, { "context", BF_DIGITS_CONTEXT }, { NULL }
};
static const Keyword direction_words[] = {
  { "ltr", BF_DIRECTION_LTR }, { "rtl", BF_DIRECTION_RTL }, { NULL }
};
static const Keyword unicode_bidi_words[] = {
  { "normal", BF_BIDI_NORMAL }, { "embed", BF_BIDI_EMBED }, { "isolate", BF_BIDI_ISOLATE },
  { "bidi-override", BF_BIDI_OVERRIDE }, { "isolate-override", BF_BIDI_ISOLATE_OVERRIDE },
  { "plaintext", BF_BIDI_PLAINTEXT }, { NULL }
};
static const Keyword white_space_words[] = {   /* preformatted or not */
  { "normal", FALSE }, { "nowrap", FALSE }, { "pre", TRUE }, { "pre-wrap", TRUE },
  { "break-spaces", TRUE }, { NULL }
};
static const Keyword text_transform_words[] = {
  { "none", BF_TRANSFORM_NONE }, { "uppercase", BF_TRANSFORM_UPPERCASE },
  { "lowercase", BF_TRANSFORM_LOWERCASE }, { "capitalize", BF_TRANSFORM_CAPITALIZE }, { NULL }
};
static const Keyword hyphens_words[] = {
  { "auto", BF_HYPHENS_AUTO }, { "manual", BF_HYPHENS_MANUAL }, { "none", BF_HYPHENS_NONE }, { NULL }
};
static const Keyword break_words[] = {  /* a forced page break or not */
  { "always", BF_BREAK_PAGE }, { "page", BF_BREAK_PAGE }, { "left", BF_BREAK_LEFT },
  { "right", BF_BREAK_RIGHT }, { "recto", BF_BREAK_RECTO }, { "verso", BF_BREAK_VERSO },
  { "auto", BF_BREAK_AUTO }, { "avoid", BF_BREAK_AUTO }, { "avoid-page", BF_BREAK_AUTO }, { NULL }
};
static const Keyword avoid_words[] = {         /* break-after and -inside: a keep or not */
  { "avoid", TRUE }, { "avoid-page", TRUE }, { "auto", FALSE }, { NULL }
};

static gboolean
apply_keyword (const BfCssDeclaration *d, const Keyword *words, int *field)
{
  const BfCssToken *t = single (d);
  for (const Keyword *w = words; w->word; w++)
    if (ident_is (t, w->word))
      return *field = w->value, TRUE;
  return FALSE;
}

typedef gboolean (*Apply) (const BfCssDeclaration *d, const BfComputedStyle *parent,
                           BfComputedStyle *s);

static gboolean
apply_font_family (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const char *family = family_of (d);
  return family && (s->font_family = family, TRUE);
}

static gboolean
apply_font_size (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  static const struct {
    const char *name;
    double factor;
  } keywords[] = { { "xx-small", 0.6 }, { "x-small", 0.75 }, { "small", 0.89 }, { "medium", 1 },
                   { "large", 1.2 }, { "x-large", 1.5 }, { "xx-large", 2 } };
  const BfCssToken *t = single (d);
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (ident_is (t, keywords[i].name))
      return s->font_size = 10.5 * keywords[i].factor, TRUE;
  if (ident_is (t, "smaller"))
    return s->font_size = parent->font_size / 1.2, TRUE;
  if (ident_is (t, "larger"))
    return s->font_size = parent->font_size * 1.2, TRUE;
  double size;
  if (!bf_css_length (t, parent->font_size, parent->font_size, &size) || size <= 0 || size > 1000)
    return FALSE;
  s->font_size = size;
  return TRUE;
}

static gboolean
apply_font_weight (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "normal"))
    s->font_weight = 400;
  else if (ident_is (t, "bold"))
    s->font_weight = 700;
  else if (ident_is (t, "bolder"))
    s->font_weight = MIN (parent->font_weight + 300, 900);
  else if (ident_is (t, "lighter"))
    s->font_weight = MAX (parent->font_weight - 300, 100);
  else if (t && t->type == BF_CSS_NUMBER && t->number >= 1 && t->number <= 1000)
    s->font_weight = (int) t->number;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_line_height (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  double length;
  if (ident_is (t, "normal"))
    s->line_height = 1.4;
  else if (t && t->type == BF_CSS_NUMBER && t->number > 0)
    s->line_height = t->number;
  else if (bf_css_length (t, s->font_size, s->font_size, &length) && length > 0)
    s->line_height = length / s->font_size;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_color (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return color_of (d, &s->color);
}

static gboolean
apply_text_indent (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return bf_css_length (single (d), s->font_size, -1, &s->text_indent);
}

/* width, height, max-width, max-height: a length or a percentage; auto and
 * none unset them.  Percentages of a height are kept as written (the layout
 * decides what they refer to). */
static gboolean
apply_dimension (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  BfDimension *out = !strcmp (d->name, "width")       ? &s->width
                     : !strcmp (d->name, "height")    ? &s->height
                     : !strcmp (d->name, "max-width") ? &s->max_width
                                                      : &s->max_height;
  const BfCssToken *t = single (d);
  if (ident_is (t, "auto") || ident_is (t, "none"))
    {
      *out = (BfDimension) { 0, FALSE, FALSE };
      return TRUE;
    }
  if (t && t->type == BF_CSS_PERCENTAGE && t->number >= 0)
    {
      *out = (BfDimension) { t->number, TRUE, TRUE };
      return TRUE;
    }
  double length;
  if (!bf_css_length (t, s->font_size, -1, &length) || length < 0)
    return FALSE;
  *out = (BfDimension) { length, TRUE, FALSE };
  return TRUE;
}

static gboolean
apply_text_decoration (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  /* Other words (the line's colour or style) are ignored: lines are drawn
   * solid, in the text's colour. */
  gboolean underline = FALSE, strike = FALSE;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      underline |= ident_is (t, "underline");
      strike |= ident_is (t, "line-through");
    }
  s->underline = underline;
  s->strikethrough = strike;
  return TRUE;
}

static gboolean
apply_list_style_type (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (t && t->type == BF_CSS_STRING)
    {
      /* A string is the marker itself (CSS Lists 3): "– ", "★ ". */
      s->list_style = BF_LIST_STRING;
      s->list_marker = g_intern_string (t->text);
      return TRUE;
    }
  return t && t->type == BF_CSS_IDENT && bf_list_style_from_name (t->text, &s->list_style);
}

/* The shorthand list-style: its type (a name, a string or none), in any
 * order with a position (inside, outside) and an image (none, url(),
 * a function), which are not drawn; a type not given is the initial
 * one, as CSS Lists says.  "list-style: none" is no marker at all. */
static gboolean
apply_list_style (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  BfListStyle style = BF_LIST_DISC;
  const char *marker = NULL;
  gboolean type_given = FALSE;
  int nones = 0;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE || t->type == BF_CSS_URL)
        continue;
      if (t->type == BF_CSS_FUNCTION)
        {
          /* An image: skipped to its closing parenthesis. */
          int depth = 1;
          while (depth > 0 && ++i < d->value->len)
            {
              const BfCssToken *u = &g_array_index (d->value, BfCssToken, i);
              depth += u->type == BF_CSS_FUNCTION || u->type == BF_CSS_OPEN_PAREN;
              depth -= u->type == BF_CSS_CLOSE_PAREN;
            }
          continue;
        }
      if (ident_is (t, "inside") || ident_is (t, "outside"))
        continue;
      if (ident_is (t, "none"))
        nones++;
      else if (t->type == BF_CSS_STRING && !type_given)
        {
          style = BF_LIST_STRING;
          marker = g_intern_string (t->text);
          type_given = TRUE;
        }
      else if (t->type == BF_CSS_IDENT && !type_given && bf_list_style_from_name (t->text, &style))
        type_given = TRUE;
      else
        return FALSE;
    }
  /* "none" is the image's, the type's, or both's. */
  if (nones > 2 || (type_given && nones > 1))
    return FALSE;
  if (!type_given && nones > 0)
    style = BF_LIST_NONE;
  s->list_style = style;
  if (marker)
    s->list_marker = marker;
  return TRUE;
}


/* ------------------------------------------------------------------ boxes */

/* Whether @s reads right to left: its direction, or when that is left to
 * the text (auto), its language's. */
static gboolean
is_rtl (const BfComputedStyle *s)
{
  return s->direction == BF_DIRECTION_RTL
         || (s->direction == BF_DIRECTION_AUTO && bf_lang_is_rtl (s->lang));
}

/* The logical side a side's name stands for in @s's direction: physical
 * sides map by direction, so one rule serves both. -1 when not a side. */
static int
side_of (const char *name, const BfComputedStyle *s)
{
  gboolean rtl = is_rtl (s);
  if (!strcmp (name, "top") || !strcmp (name, "block-start"))
    return BF_SIDE_TOP;
  if (!strcmp (name, "bottom") || !strcmp (name, "block-end"))
    return BF_SIDE_BOTTOM;
  if (!strcmp (name, "inline-start"))
    return BF_SIDE_START;
  if (!strcmp (name, "inline-end"))
    return BF_SIDE_END;
  if (!strcmp (name, "left"))
    return rtl ? BF_SIDE_END : BF_SIDE_START;
  if (!strcmp (name, "right"))
    return rtl ? BF_SIDE_START : BF_SIDE_END;
  return -1;
}

/* The logical sides of the 1-to-4-value shorthands' top, right, bottom
 * and left. */
static void
physical_sides (const BfComputedStyle *s, int sides[4])
{
  gboolean rtl = is_rtl (s);
  sides[0] = BF_SIDE_TOP;
  sides[1] = rtl ? BF_SIDE_START : BF_SIDE_END;
  sides[2] = BF_SIDE_BOTTOM;
  sides[3] = rtl ? BF_SIDE_END : BF_SIDE_START;
}

int
bf_css_shorthand_value (int side, int n_values)
{
  /* top right bottom left, the missing ones copied (CSS Box 3, §3.1) */
  static const int pick[4][4] = { { 0, 0, 0, 0 }, { 0, 1, 0, 1 }, { 0, 1, 2, 1 }, { 0, 1, 2, 3 } };
  return pick[CLAMP (n_values, 1, 4) - 1][side];
}

/* Splits a value into its space-separated parts (a function and its
 * arguments make one part).  Returns how many, at most @max; -1 when more. */
static int
value_parts (GArray *value, guint starts[], guint ends[], int max)
{
  int n = 0, depth = 0;
  for (guint i = 0; i < value->len; i++)
    {
      const BfCssToken *t = &g_array_index (value, BfCssToken, i);
      if (depth == 0 && t->type == BF_CSS_WHITESPACE)
        continue;
      if (depth == 0)
        {
          if (n == max)
            return -1;
          starts[n] = i;
          n++;
        }
      if (t->type == BF_CSS_FUNCTION)
        depth++;
      else if (t->type == BF_CSS_CLOSE_PAREN && depth > 0)
        depth--;
      ends[n - 1] = i + 1;
    }
  return n;
}

/* One colour from tokens [a, b). */
static gboolean
color_in (GArray *value, guint a, guint b, guint32 *out)
{
  BfCssDeclaration part = { .value = g_array_new (FALSE, FALSE, sizeof (BfCssToken)) };
  g_array_append_vals (part.value, &g_array_index (value, BfCssToken, a), b - a);
  gboolean ok = b > a && color_of (&part, out);
  g_array_unref (part.value);
  return ok;
}

static double *
margin_of (BfComputedStyle *s, int side)
{
  double *fields[] = { &s->margin_top, &s->margin_bottom, &s->margin_start, &s->margin_end };
  return fields[side];
}

static gboolean
apply_box_lengths (const BfCssDeclaration *d, BfComputedStyle *s, gboolean padding)
{
  const char *name = d->name + (padding ? strlen ("padding") : strlen ("margin"));
  guint starts[4], ends[4];
  int n = value_parts (d->value, starts, ends, 4);
  if (n < 1 || (*name && n != 1))
    return FALSE;
  double v[4], percent[4] = { 0, 0, 0, 0 };
  for (int i = 0; i < n; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, starts[i]);
      if (ends[i] != starts[i] + 1)
        return FALSE;
      if (ident_is (t, "auto") && !padding)
        v[i] = 0;
      else if (t->type == BF_CSS_PERCENTAGE && !padding && t->number >= -100 && t->number <= 100)
        v[i] = 0, percent[i] = t->number / 100;
      else if (!bf_css_length (t, s->font_size, -1, &v[i]) || (padding && v[i] < 0))
        return FALSE;
    }
  int sides[4] = { 0 }; /* zeroed for GCC: one side sets and reads only sides[0] */
  if (*name)
    {
      sides[0] = side_of (name + 1, s);
      if (sides[0] < 0)
        return FALSE;
    }
  else
    {
      physical_sides (s, sides);
      for (int i = n; i < 4; i++)
        {
          int from = bf_css_shorthand_value (i, n);
          v[i] = v[from], percent[i] = percent[from];
        }
      n = 4;
    }
  for (int i = 0; i < n; i++)
    {
      /* Percentages of the width apply to the inline sides only. */
      if (percent[i] != 0 && (sides[i] == BF_SIDE_TOP || sides[i] == BF_SIDE_BOTTOM))
        return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      if (padding)
        s->padding[sides[i]] = v[i];
      else
        *margin_of (s, sides[i]) = v[i];
      if (sides[i] == BF_SIDE_START && !padding)
        s->margin_start_percent = percent[i];
      else if (sides[i] == BF_SIDE_END && !padding)
        s->margin_end_percent = percent[i];
    }
  return TRUE;
}

static gboolean
apply_margin (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return apply_box_lengths (d, s, FALSE);
}

static gboolean
apply_padding (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return apply_box_lengths (d, s, TRUE);
}

typedef enum { BORDER_ALL, BORDER_WIDTH, BORDER_STYLE, BORDER_COLOR } BorderPart;

static gboolean
border_width_of (const BfCssToken *t, const BfComputedStyle *s, double *out)
{
  if (ident_is (t, "thin"))
    return *out = 0.75, TRUE;
  if (ident_is (t, "medium"))
    return *out = 2.25, TRUE;
  if (ident_is (t, "thick"))
    return *out = 3.75, TRUE;
  return bf_css_length (t, s->font_size, -1, out) && *out >= 0;
}

/* border-style: whether the border is drawn (@solid) and how (@line). */
static gboolean
border_style_of (const BfCssToken *t, gboolean *solid, BfLineStyle *line)
{
  static const char *const drawn[] = { "solid", "double", "groove", "ridge", "inset", "outset" };
  if (ident_is (t, "none") || ident_is (t, "hidden"))
    return *solid = FALSE, *line = BF_LINE_SOLID, TRUE;
  if (ident_is (t, "dashed") || ident_is (t, "dotted"))
    {
      *line = ident_is (t, "dashed") ? BF_LINE_DASHED : BF_LINE_DOTTED;
      return *solid = TRUE, TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (drawn); i++)
    if (ident_is (t, drawn[i]))
      return *solid = TRUE, *line = BF_LINE_SOLID, TRUE; /* drawn as a solid line */
  return FALSE;
}

/* border, border-SIDE: a width, a style and a colour in any order. */
static gboolean
apply_border_all (const BfCssDeclaration *d, BfComputedStyle *s, const int *sides, int n_sides)
{
  guint starts[3], ends[3];
  int n = value_parts (d->value, starts, ends, 3);
  if (n < 1)
    return FALSE;
  double width = 2.25;
  gboolean solid = FALSE, color_set = FALSE;
  BfLineStyle line = BF_LINE_SOLID;
  guint32 color = 0;
  for (int i = 0; i < n; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, starts[i]);
      gboolean one = ends[i] == starts[i] + 1;
      if (one && border_width_of (t, s, &width))
        continue;
      if (one && border_style_of (t, &solid, &line))
        continue;
      if (color_in (d->value, starts[i], ends[i], &color))
        {
          color_set = TRUE;
          continue;
        }
      if (ident_is (t, "currentcolor"))
        continue;
      return FALSE;
    }
  for (int i = 0; i < n_sides; i++)
    {
      s->border_width[sides[i]] = width;
      s->border_solid[sides[i]] = solid;
      s->border_line[sides[i]] = line;
      s->border_color_set[sides[i]] = color_set;
      s->border_color[sides[i]] = color;
    }
  return TRUE;
}

/* border-width, border-style, border-color: 1 to 4 values; or one side's. */
static gboolean
apply_border_part (const BfCssDeclaration *d, BfComputedStyle *s, BorderPart part,
                   const int *sides, int n_sides)
{
  guint starts[4], ends[4];
  int n = value_parts (d->value, starts, ends, n_sides);
  if (n < 1)
    return FALSE;
  double width[4];
  gboolean solid[4], color_set[4];
  BfLineStyle line[4];
  guint32 color[4];
  for (int i = 0; i < n; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, starts[i]);
      gboolean one = ends[i] == starts[i] + 1;
      color_set[i] = TRUE;
      if (part == BORDER_WIDTH && !(one && border_width_of (t, s, &width[i])))
        return FALSE;
      if (part == BORDER_STYLE && !(one && border_style_of (t, &solid[i], &line[i])))
        return FALSE;
      if (part == BORDER_COLOR && !color_in (d->value, starts[i], ends[i], &color[i]))
        {
          if (!ident_is (t, "currentcolor"))
            return FALSE;
          color_set[i] = FALSE, color[i] = 0;
        }
    }
  for (int i = 0; i < n_sides; i++)
    {
      int k = bf_css_shorthand_value (i, n);
      if (part == BORDER_WIDTH)
        s->border_width[sides[i]] = width[k];
      else if (part == BORDER_STYLE)
        {
          s->border_solid[sides[i]] = solid[k];
          s->border_line[sides[i]] = line[k];
        }
      else
        {
          s->border_color_set[sides[i]] = color_set[k];
          s->border_color[sides[i]] = color[k];
        }
    }
  return TRUE;
}

static gboolean
apply_border (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  /* border[-SIDE][-width|-style|-color] */
  g_autofree char *name = g_strdup (d->name + strlen ("border"));
  BorderPart part = BORDER_ALL;
  static const struct {
    const char *suffix;
    BorderPart part;
  } parts[] = { { "-width", BORDER_WIDTH }, { "-style", BORDER_STYLE }, { "-color", BORDER_COLOR } };
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_str_has_suffix (name, parts[i].suffix))
      {
        part = parts[i].part;
        name[strlen (name) - strlen (parts[i].suffix)] = '\0';
      }
  int sides[4], n_sides = 4;
  if (*name)
    {
      sides[0] = side_of (name + 1, s);
      if (name[0] != '-' || sides[0] < 0)
        return FALSE;
      n_sides = 1;
    }
  else
    physical_sides (s, sides);
  if (part == BORDER_ALL)
    return apply_border_all (d, s, sides, n_sides);
  return apply_border_part (d, s, part, sides, n_sides);
}

static gboolean
apply_background (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  /* The colour of background or background-color; images are not drawn. */
  guint starts[8], ends[8];
  int n = value_parts (d->value, starts, ends, 8);
  if (n < 1)
    return FALSE;
  gboolean shorthand = !strcmp (d->name, "background");
  s->has_background = FALSE;
  for (int i = 0; i < n; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, starts[i]);
      if (ident_is (t, "transparent") || ident_is (t, "none"))
        continue;
      if (color_in (d->value, starts[i], ends[i], &s->background))
        s->has_background = TRUE;
      else if (!shorthand)
        return FALSE;
    }
  return TRUE;
}

double
bf_style_get_border (const BfComputedStyle *style, BfSide side)
{
  return style->border_solid[side] ? style->border_width[side] : 0;
}

guint32
bf_style_get_border_color (const BfComputedStyle *style, BfSide side)
{
  return style->border_color_set[side] ? style->border_color[side] : style->color;
}

BfLineStyle
bf_style_get_border_line (const BfComputedStyle *style, BfSide side)
{
  return style->border_line[side];
}

/* break-after: a keep with the next block (avoid), or a forced break,
 * as break-before has them. */
static gboolean
apply_break_after (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  int avoid, forced;
  if (apply_keyword (d, avoid_words, &avoid))
    {
      s->keep_with_next = avoid;
      s->break_after = BF_BREAK_AUTO;
      return TRUE;
    }
  if (!apply_keyword (d, break_words, &forced))
    return FALSE;
  s->keep_with_next = FALSE;
  s->break_after = forced;
  return TRUE;
}

/* ------------------------------------------------------------------ text */

static gboolean
apply_spacing (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  double *target = !strcmp (d->name, "letter-spacing") ? &s->letter_spacing : &s->word_spacing;
  const BfCssToken *t = single (d);
  if (ident_is (t, "normal"))
    return *target = 0, TRUE;
  double v;
  if (!bf_css_length (t, s->font_size, -1, &v) || fabs (v) > 10 * s->font_size)
    return FALSE;
  *target = v;
  return TRUE;
}

static gboolean
apply_font_features (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  /* "smcp" 1, "liga" off: HarfBuzz reads the same syntax, so it is kept as
   * written, once checked. */
  const BfCssToken *t = single (d);
  if (ident_is (t, "normal"))
    return s->font_features = NULL, TRUE;
  gboolean want_tag = TRUE;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *v = &g_array_index (d->value, BfCssToken, i);
      if (v->type == BF_CSS_WHITESPACE)
        continue;
      if (want_tag)
        {
          if (v->type != BF_CSS_STRING || strlen (v->text) != 4)
            return FALSE;
          want_tag = FALSE;
        }
      else if (v->type == BF_CSS_COMMA)
        want_tag = TRUE;
      else if (!(v->type == BF_CSS_NUMBER && v->is_integer && v->number >= 0)
               && !ident_is (v, "on") && !ident_is (v, "off"))
        return FALSE;
    }
  if (want_tag)
    return FALSE;
  GString *text = g_string_new (NULL);
  bf_css_tokens_append (text, d->value);
  s->font_features = g_intern_string (text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

/* The keywords of the font-variant longhands (CSS Fonts 4, §6), each with
 * its longhand, the group of keywords it excludes others of, and the
 * OpenType features it turns on or off. */
static const struct {
  const char *word;
  BfFontVariant longhand;
  int group;
  const char *features;
} variant_words[] = {
  { "small-caps", BF_VARIANT_CAPS, 0, "\"smcp\"" },
  { "all-small-caps", BF_VARIANT_CAPS, 0, "\"smcp\", \"c2sc\"" },
  { "petite-caps", BF_VARIANT_CAPS, 0, "\"pcap\"" },
  { "all-petite-caps", BF_VARIANT_CAPS, 0, "\"pcap\", \"c2pc\"" },
  { "unicase", BF_VARIANT_CAPS, 0, "\"unic\"" },
  { "titling-caps", BF_VARIANT_CAPS, 0, "\"titl\"" },
  { "lining-nums", BF_VARIANT_NUMERIC, 1, "\"lnum\"" },
  { "oldstyle-nums", BF_VARIANT_NUMERIC, 1, "\"onum\"" },
  { "proportional-nums", BF_VARIANT_NUMERIC, 2, "\"pnum\"" },
  { "tabular-nums", BF_VARIANT_NUMERIC, 2, "\"tnum\"" },
  { "diagonal-fractions", BF_VARIANT_NUMERIC, 3, "\"frac\"" },
  { "stacked-fractions", BF_VARIANT_NUMERIC, 3, "\"afrc\"" },
  { "ordinal", BF_VARIANT_NUMERIC, 4, "\"ordn\"" },
  { "slashed-zero", BF_VARIANT_NUMERIC, 5, "\"zero\"" },
  { "common-ligatures", BF_VARIANT_LIGATURES, 6, "\"liga\", \"clig\"" },
  { "no-common-ligatures", BF_VARIANT_LIGATURES, 6, "\"liga\" 0, \"clig\" 0" },
  { "discretionary-ligatures", BF_VARIANT_LIGATURES, 7, "\"dlig\"" },
  { "no-discretionary-ligatures", BF_VARIANT_LIGATURES, 7, "\"dlig\" 0" },
  { "historical-ligatures", BF_VARIANT_LIGATURES, 8, "\"hlig\"" },
  { "no-historical-ligatures", BF_VARIANT_LIGATURES, 8, "\"hlig\" 0" },
  { "contextual", BF_VARIANT_LIGATURES, 9, "\"calt\"" },
  { "no-contextual", BF_VARIANT_LIGATURES, 9, "\"calt\" 0" },
  { "sub", BF_VARIANT_POSITION, 10, "\"subs\"" },
  { "super", BF_VARIANT_POSITION, 10, "\"sups\"" },
};

/* font-variant-ligatures: none. */
#define NO_LIGATURES "\"liga\" 0, \"clig\" 0, \"dlig\" 0, \"hlig\" 0, \"calt\" 0"

/* font-variant and its longhands: each keyword's features, in the
 * longhand it belongs to (the shorthand sets all four, normal where it
 * names none); at most one keyword of a group. */
static gboolean
apply_font_variant (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  static const char *const longhands[] = { "font-variant-caps", "font-variant-numeric",
                                           "font-variant-ligatures", "font-variant-position" };
  int only = -1; /* the longhand declared, or -1: the shorthand */
  for (gsize i = 0; i < G_N_ELEMENTS (longhands); i++)
    if (!strcmp (d->name, longhands[i]))
      only = (int) i;
  GString *features[4] = { NULL };
  gboolean none = FALSE, normal = FALSE, ok = TRUE;
  guint groups = 0;
  for (guint i = 0; ok && i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (ident_is (t, "normal") || (ident_is (t, "none") && (only < 0 || only == BF_VARIANT_LIGATURES)))
        {
          *(ident_is (t, "none") ? &none : &normal) = TRUE;
          continue;
        }
      gsize k = 0;
      while (k < G_N_ELEMENTS (variant_words)
             && !(ident_is (t, variant_words[k].word)
                  && (only < 0 || (int) variant_words[k].longhand == only)))
        k++;
      if (k == G_N_ELEMENTS (variant_words) || (groups & (1u << variant_words[k].group)))
        {
          ok = FALSE;
          break;
        }
      groups |= 1u << variant_words[k].group;
      GString **f = &features[variant_words[k].longhand];
      *f = *f ? g_string_append (*f, ", ") : g_string_new (NULL);
      g_string_append (*f, variant_words[k].features);
    }
  /* normal and none stand alone; none turns every ligature off. */
  ok = ok && !((normal || none) && (groups || (normal && none)));
  for (int v = 0; v < 4; v++)
    {
      if (ok && (only < 0 || only == v))
        s->font_variant[v] = v == BF_VARIANT_LIGATURES && none ? NO_LIGATURES
                             : features[v] ? g_intern_string (features[v]->str) : NULL;
      if (features[v])
        g_string_free (features[v], TRUE);
    }
  return ok;
}

static gboolean
apply_orphans_widows (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (!t || t->type != BF_CSS_NUMBER || !t->is_integer || t->number < 1 || t->number > 100)
    return FALSE;
  if (!strcmp (d->name, "orphans"))
    s->orphans = (int) t->number;
  else
    s->widows = (int) t->number;
  return TRUE;
}

static gboolean
apply_vertical_align (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  double v;
  if (ident_is (t, "baseline"))
    {
      s->rise = parent->rise;
      s->cell_align = BF_VALIGN_BASELINE;
    }
  else if (ident_is (t, "top") || ident_is (t, "text-top"))
    s->cell_align = BF_VALIGN_TOP;
  else if (ident_is (t, "middle"))
    s->cell_align = BF_VALIGN_MIDDLE;
  else if (ident_is (t, "bottom") || ident_is (t, "text-bottom"))
    s->cell_align = BF_VALIGN_BOTTOM;
  else if (ident_is (t, "super"))
    s->rise = parent->rise + 0.35 * parent->font_size;
  else if (ident_is (t, "sub"))
    s->rise = parent->rise - 0.15 * parent->font_size;
  else if (bf_css_length (t, parent->font_size, parent->font_size * parent->line_height, &v))
    s->rise = parent->rise + v;
  else
    return FALSE;
  return TRUE;
}

/* border-spacing: one length for both directions, or horizontal then
 * vertical; never negative. */
static gboolean
apply_border_spacing (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  double v[2];
  int n = 0;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (n == 2 || !bf_css_length (t, parent->font_size, parent->font_size * parent->line_height, &v[n])
          || v[n] < 0)
        return FALSE;
      n++;
    }
  if (n == 0)
    return FALSE;
  s->border_spacing[0] = v[0];
  s->border_spacing[1] = n == 2 ? v[1] : v[0];
  return TRUE;
}

/* ------------------------------------------------------ generated content */

/* Values parsed once and kept on their declaration: written here, on
 * the first apply.  Every declaration of a sheet is applied once as the
 * sheet is read (bf_declarations_usable), so its value is parsed then; the
 * default sheet, which every thread's styler shares, is read inside a
 * g_once and never written after it.  A declaration with var() is applied
 * only as its substitute, which belongs to one styler's BfVarStore. */
static gconstpointer
parsed_value (const BfCssDeclaration *d, gpointer (*parse) (GArray *), GDestroyNotify free_fn)
{
  BfCssDeclaration *mutable = (BfCssDeclaration *) d;
  if (!mutable->parsed)
    {
      mutable->parsed = parse (d->value);
      mutable->parsed_free = free_fn;
    }
  return mutable->parsed;
}

static gpointer
parse_counter_reset (GArray *tokens)
{
  return bf_counter_changes_parse (tokens, 0);
}

static gpointer
parse_counter_increment (GArray *tokens)
{
  return bf_counter_changes_parse (tokens, 1);
}

static gboolean
apply_content (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const GArray *parts = parsed_value (d, (gpointer (*) (GArray *)) bf_content_parse,
                                      (GDestroyNotify) g_array_unref);
  if (!parts)
    return FALSE;
  s->content = parts->len ? parts : NULL;
  const BfCssToken *first = &g_array_index (d->value, BfCssToken, 0);
  s->content_none = d->value->len == 1 && first->type == BF_CSS_IDENT
                    && !g_ascii_strcasecmp (first->text, "none");
  return TRUE;
}

static gboolean
apply_string_set (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const GPtrArray *sets = parsed_value (d, (gpointer (*) (GArray *)) bf_string_set_parse,
                                        (GDestroyNotify) g_ptr_array_unref);
  if (!sets)
    return FALSE;
  s->string_set = sets->len ? sets : NULL;
  return TRUE;
}

static gboolean
apply_counter (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  gboolean reset = !strcmp (d->name, "counter-reset");
  const GArray *changes = parsed_value (d, reset ? parse_counter_reset : parse_counter_increment,
                                        (GDestroyNotify) g_array_unref);
  if (!changes)
    return FALSE;
  if (reset)
    s->counter_reset = changes->len ? changes : NULL;
  else
    s->counter_increment = changes->len ? changes : NULL;
  return TRUE;
}

static gboolean
apply_quotes (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  if (ident_is (single (d), "auto"))
    {
      s->quotes = NULL;
      return TRUE;
    }
  const GPtrArray *marks = parsed_value (d, (gpointer (*) (GArray *)) bf_quotes_parse,
                                         (GDestroyNotify) g_ptr_array_unref);
  if (!marks)
    return FALSE;
  s->quotes = marks;
  return TRUE;
}

/* The tokens @from to @to of @d's value (white space at either end
 * aside) as a declaration of its own, sharing their texts: free with
 * part_free(). */
static BfCssDeclaration *
part_new (const BfCssDeclaration *d, guint from, guint to)
{
  while (from < to && g_array_index (d->value, BfCssToken, from).type == BF_CSS_WHITESPACE)
    from++;
  while (to > from && g_array_index (d->value, BfCssToken, to - 1).type == BF_CSS_WHITESPACE)
    to--;
  BfCssDeclaration *part = g_new0 (BfCssDeclaration, 1);
  part->name = d->name;
  part->value = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  if (to > from)
    g_array_append_vals (part->value, &g_array_index (d->value, BfCssToken, from), to - from);
  part->line = d->line;
  part->column = d->column;
  return part;
}

static void
part_free (BfCssDeclaration *part)
{
  if (part->parsed && part->parsed_free)
    part->parsed_free (part->parsed);
  g_array_free (part->value, TRUE);
  g_free (part);
}

/* Where the parts of a `font` shorthand are in its value (CSS Fonts 4,
 * §2.8): up to four of style, variant, weight and stretch, then the size
 * at @size, the line height from @line_height (or 0: none) up to @family,
 * where the family list starts.  FALSE when the value is not one. */
static gboolean
font_shorthand_parts (const GArray *value, guint *size, guint *line_height, guint *family)
{
  static const char *const prefix_words[] = {
    "normal", "italic", "oblique", "small-caps", "bold", "bolder", "lighter",
    "ultra-condensed", "extra-condensed", "condensed", "semi-condensed", "semi-expanded",
    "expanded", "extra-expanded", "ultra-expanded"
  };
  guint i = 0, n = value->len, prefixes = 0;
  for (;; i++)
    {
      while (i < n && g_array_index (value, BfCssToken, i).type == BF_CSS_WHITESPACE)
        i++;
      if (i >= n)
        return FALSE;
      const BfCssToken *t = &g_array_index (value, BfCssToken, i);
      gboolean prefix = t->type == BF_CSS_NUMBER && t->number >= 1 && t->number <= 1000;
      for (gsize k = 0; t->type == BF_CSS_IDENT && k < G_N_ELEMENTS (prefix_words); k++)
        prefix |= !g_ascii_strcasecmp (t->text, prefix_words[k]);
      if (!prefix)
        break;
      if (++prefixes > 4)
        return FALSE;
    }
  *size = i++;
  while (i < n && g_array_index (value, BfCssToken, i).type == BF_CSS_WHITESPACE)
    i++;
  *line_height = 0;
  const BfCssToken *slash = i < n ? &g_array_index (value, BfCssToken, i) : NULL;
  if (slash && slash->type == BF_CSS_DELIM && !strcmp (slash->text, "/"))
    {
      i++;
      while (i < n && g_array_index (value, BfCssToken, i).type == BF_CSS_WHITESPACE)
        i++;
      if (i >= n)
        return FALSE;
      *line_height = i++;
    }
  *family = i;
  while (i < n && g_array_index (value, BfCssToken, i).type == BF_CSS_WHITESPACE)
    i++;
  return i < n;
}

int
bf_css_font_shorthand_family (const GArray *value)
{
  guint size, line_height, family;
  return font_shorthand_parts (value, &size, &line_height, &family) ? (int) family : -1;
}

/* font: the shorthand; what it does not give is reset (style, weight,
 * line height and font-variant to normal).  Its small-caps is the face's
 * small capitals; its stretch is read and left (bifolio draws no other
 * widths); the system fonts (caption, menu…) are not used. */
static gboolean
apply_font (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  guint size_at, line_height_at, family_at;
  if (!font_shorthand_parts (d->value, &size_at, &line_height_at, &family_at))
    return FALSE;
  BfComputedStyle initial, next = *s;
  bf_style_init_root (&initial);
  next.italic = initial.italic;
  next.font_weight = initial.font_weight;
  next.line_height = initial.line_height;
  memset (next.font_variant, 0, sizeof next.font_variant);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < size_at; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE || (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "normal")))
        continue;
      BfCssDeclaration *part = part_new (d, i, i + 1);
      if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "small-caps"))
        next.font_variant[BF_VARIANT_CAPS] = "\"smcp\"";
      else
        ok = apply_keyword (part, font_style_words, &next.italic)
             || apply_font_weight (part, parent, &next) || t->type == BF_CSS_IDENT;
      part_free (part);
    }
  BfCssDeclaration *size = part_new (d, size_at, size_at + 1);
  ok = ok && apply_font_size (size, parent, &next);
  part_free (size);
  if (ok && line_height_at)
    {
      BfCssDeclaration *line_height = part_new (d, line_height_at, line_height_at + 1);
      ok = apply_line_height (line_height, parent, &next);
      part_free (line_height);
    }
  BfCssDeclaration *family = part_new (d, family_at, d->value->len);
  ok = ok && apply_font_family (family, parent, &next);
  part_free (family);
  if (ok)
    *s = next;
  return ok;
}

/* -------------------------------------------------------------- the table */

#define FIELD(f) G_STRUCT_OFFSET (BfComputedStyle, f), sizeof (((BfComputedStyle *) 0)->f)
#define FIELDS(first, last)                                                                   \
  G_STRUCT_OFFSET (BfComputedStyle, first),                                                  \
      G_STRUCT_OFFSET (BfComputedStyle, last) + sizeof (((BfComputedStyle *) 0)->last)        \
          - G_STRUCT_OFFSET (BfComputedStyle, first)

/* Each property, and the fields of a computed style it sets (which
 * inherit and initial copy): read by its function, or by its keywords. */
static const struct {
  const char *name;
  Apply apply;
  gsize offset, size;
  gboolean prefix;   /* also every name that starts with name + "-" */
  const Keyword *keywords;
} properties[] = {
  { "display", NULL, FIELD (display), FALSE, display_words },
  { "font-family", apply_font_family, FIELD (font_family) },
  { "font-size", apply_font_size, FIELD (font_size) },
  { "font-weight", apply_font_weight, FIELD (font_weight) },
  { "font-style", NULL, FIELD (italic), FALSE, font_style_words },
  { "font-feature-settings", apply_font_features, FIELD (font_features) },
  { "font", apply_font, FIELDS (font_family, line_height) },
  { "font-variant", apply_font_variant, FIELD (font_variant) },
  { "font-variant-caps", apply_font_variant, FIELD (font_variant[BF_VARIANT_CAPS]) },
  { "font-variant-numeric", apply_font_variant, FIELD (font_variant[BF_VARIANT_NUMERIC]) },
  { "font-variant-ligatures", apply_font_variant, FIELD (font_variant[BF_VARIANT_LIGATURES]) },
  { "font-variant-position", apply_font_variant, FIELD (font_variant[BF_VARIANT_POSITION]) },
  { "line-height", apply_line_height, FIELD (line_height) },
  { "color", apply_color, FIELD (color) },
  { "text-align", NULL, FIELD (text_align), FALSE, text_align_words },
  { "text-justify", NULL, FIELD (text_justify), FALSE, text_justify_words },
  { "-bf-digits", NULL, FIELD (digits), FALSE, digits_words },
  { "text-indent", apply_text_indent, FIELD (text_indent) },
  { "direction", NULL, FIELD (direction), FALSE, direction_words },
  { "unicode-bidi", NULL, FIELD (unicode_bidi), FALSE, unicode_bidi_words },
  { "white-space", NULL, FIELD (preformatted), FALSE, white_space_words },
  { "hyphens", NULL, FIELD (hyphens), FALSE, hyphens_words },
  { "text-transform", NULL, FIELD (text_transform), FALSE, text_transform_words },
  { "letter-spacing", apply_spacing, FIELD (letter_spacing) },
  { "word-spacing", apply_spacing, FIELD (word_spacing) },
  { "text-decoration", apply_text_decoration, FIELDS (underline, strikethrough) },
  { "text-decoration-line", apply_text_decoration, FIELDS (underline, strikethrough) },
  { "vertical-align", apply_vertical_align, FIELDS (rise, cell_align) },
  { "table-layout", NULL, FIELD (table_fixed), FALSE, table_layout_words },
  { "border-collapse", NULL, FIELD (border_collapse), FALSE, border_collapse_words },
  { "border-spacing", apply_border_spacing, FIELD (border_spacing) },
  { "caption-side", NULL, FIELD (caption_bottom), FALSE, caption_side_words },
  { "page-break-before", NULL, FIELD (break_before), FALSE, break_words },
  { "break-before", NULL, FIELD (break_before), FALSE, break_words },
  { "page-break-after", apply_break_after, FIELDS (keep_with_next, break_after) },
  { "break-after", apply_break_after, FIELDS (keep_with_next, break_after) },
  { "page-break-inside", NULL, FIELD (keep_together), FALSE, avoid_words },
  { "break-inside", NULL, FIELD (keep_together), FALSE, avoid_words },
  { "orphans", apply_orphans_widows, FIELD (orphans) },
  { "widows", apply_orphans_widows, FIELD (widows) },
  { "list-style-type", apply_list_style_type, FIELDS (list_style, list_marker) },
  { "list-style", apply_list_style, FIELDS (list_style, list_marker) },
  { "margin", apply_margin, FIELDS (margin_top, margin_end_percent), TRUE },
  { "padding", apply_padding, FIELD (padding), TRUE },
  { "border", apply_border, FIELDS (border_width, border_color), TRUE },
  { "background", apply_background, FIELDS (has_background, background) },
  { "background-color", apply_background, FIELDS (has_background, background) },
  { "content", apply_content, FIELDS (content, content_none) },
  { "string-set", apply_string_set, FIELD (string_set) },
  { "counter-reset", apply_counter, FIELD (counter_reset) },
  { "counter-increment", apply_counter, FIELD (counter_increment) },
  { "quotes", apply_quotes, FIELD (quotes) },
  { "width", apply_dimension, FIELD (width) },
  { "height", apply_dimension, FIELD (height) },
  { "max-width", apply_dimension, FIELD (max_width) },
  { "max-height", apply_dimension, FIELD (max_height) },
};

static int
lookup_property (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      gsize n = strlen (properties[i].name);
      if (!strcmp (name, properties[i].name)
          || (properties[i].prefix && !strncmp (name, properties[i].name, n) && name[n] == '-'))
        return (int) i;
    }
  return -1;
}

/* inherit, initial and unset work for every property: they copy the
 * property's fields from the parent or the initial style. */
static gboolean
apply (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  int k = lookup_property (d->name);
  if (k < 0)
    return FALSE;
  const BfCssToken *t = single (d);
  if (ident_is (t, "inherit") || ident_is (t, "initial") || ident_is (t, "unset"))
    {
      BfComputedStyle initial;
      const BfComputedStyle *from = parent;
      if (ident_is (t, "initial"))
        {
          bf_style_init_root (&initial);
          from = &initial;
        }
      memcpy ((char *) s + properties[k].offset, (const char *) from + properties[k].offset,
              properties[k].size);
      return TRUE;
    }
  if (properties[k].keywords)
    return apply_keyword (d, properties[k].keywords, (int *) ((char *) s + properties[k].offset));
  return properties[k].apply (d, parent, s);
}

/* ------------------------------------------------------------ checking */

static void
warn_declaration (GPtrArray *warnings, const char *sheet, const BfCssDeclaration *d,
                  gboolean known)
{
  if (!known && bf_css_property_is_standard (d->name))
    {
      g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: %s%s", sheet, d->line,
                                                  d->column, d->name, BF_STYLE_UNUSED_PROPERTY));
      return;
    }
  g_ptr_array_add (warnings,
                   g_strdup_printf (known ? "%s:%d:%d: warning: a value of '%s' bifolio cannot use; declaration skipped"
                                          : "%s:%d:%d: warning: unknown property '%s'; declaration skipped",
                                    sheet, d->line, d->column, d->name));
}

GPtrArray *
bf_declarations_usable (GPtrArray *declarations, const char *sheet, GPtrArray *warnings,
                        BfDeclarationCheck check)
{
  GPtrArray *usable = g_ptr_array_new ();
  BfComputedStyle root, scratch;
  bf_style_init_root (&root);
  for (guint i = 0; i < declarations->len; i++)
    {
      const BfCssDeclaration *d = declarations->pdata[i];
      scratch = root;
      if (!check && bf_css_declaration_is_custom (d))
        {
          /* A custom property: any value, used through var(). */
          g_ptr_array_add (usable, (gpointer) d);
          continue;
        }
      int known = check ? check (d, TRUE) : lookup_property (d->name) >= 0;
      if (known && !check && d->has_var)
        {
          /* Checked once var() is replaced, element by element. */
          g_ptr_array_add (usable, (gpointer) d);
          continue;
        }
      if (!known)
        warn_declaration (warnings, sheet, d, FALSE);
      else if (!(check ? check (d, FALSE) : apply (d, &root, &scratch)))
        warn_declaration (warnings, sheet, d, TRUE);
      else
        g_ptr_array_add (usable, (gpointer) d);
    }
  return usable;
}

gboolean
bf_declaration_apply (const BfCssDeclaration *d, const BfComputedStyle *parent,
                      BfComputedStyle *style)
{
  return apply (d, parent, style);
}

