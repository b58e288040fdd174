/* cascade.c — the CSS cascade over the built-in defaults: author
 * stylesheets (the user's --style sheets, the document's <style> elements)
 * and style="" attributes, sorted by importance, origin, specificity and
 * source order (CSS Cascading Level 4, §6), inheritance as in computed.c,
 * `inherit` and `initial`.  Declarations that name an unknown property or
 * carry a value bifolio cannot read are dropped once, when the sheet is
 * loaded, with a warning naming their place. */
#include "style/cascade.h"

#include <math.h>
#include <string.h>

typedef struct {
  BfCssSelector *selector;     /* owned */
  GPtrArray *declarations;     /* borrowed from the rule, valid ones only */
  guint32 specificity;
  guint order;
} StyleRule;

struct _BfStyler {
  GPtrArray *sheets;           /* BfCssStylesheet*, owned */
  GArray *rules;               /* StyleRule, in source order */
  GPtrArray *warnings;         /* char*, owned */
};

typedef struct {
  const BfCssDeclaration *declaration;
  gboolean important;
  guint32 specificity;
  guint order;
} Match;

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
static gboolean
length_of (const BfCssToken *t, double em, double percent_of, double *out)
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

/* "A, 'B C', serif" as a Pango family list; Persian and Arabic keep their
 * faces behind the named ones. */
static const char *
family_of (const BfCssDeclaration *d)
{
  GString *list = g_string_new (NULL);
  GString *name = g_string_new (NULL);
  for (guint i = 0; i <= d->value->len; i++)
    {
      const BfCssToken *t = i < d->value->len ? &g_array_index (d->value, BfCssToken, i) : NULL;
      if (!t || t->type == BF_CSS_COMMA)
        {
          if (!name->len)
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

typedef gboolean (*Apply) (const BfCssDeclaration *d, const BfComputedStyle *parent,
                           BfComputedStyle *s);

static gboolean
apply_display (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "block") || ident_is (t, "flow-root") || ident_is (t, "table")
      || ident_is (t, "table-row") || ident_is (t, "table-cell"))
    s->display = BF_DISPLAY_BLOCK;
  else if (ident_is (t, "inline") || ident_is (t, "inline-block"))
    s->display = BF_DISPLAY_INLINE;
  else if (ident_is (t, "list-item"))
    s->display = BF_DISPLAY_LIST_ITEM;
  else if (ident_is (t, "none"))
    s->display = BF_DISPLAY_NONE;
  else
    return FALSE;
  return TRUE;
}

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
  if (!length_of (t, parent->font_size, parent->font_size, &size) || size <= 0 || size > 1000)
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
apply_font_style (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "normal"))
    s->italic = FALSE;
  else if (ident_is (t, "italic") || ident_is (t, "oblique"))
    s->italic = TRUE;
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
  else if (length_of (t, s->font_size, s->font_size, &length) && length > 0)
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
apply_text_align (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  static const struct {
    const char *name;
    BfTextAlign align;
  } values[] = { { "start", BF_ALIGN_START }, { "end", BF_ALIGN_END }, { "left", BF_ALIGN_LEFT },
                 { "right", BF_ALIGN_RIGHT }, { "center", BF_ALIGN_CENTER },
                 { "justify", BF_ALIGN_JUSTIFY } };
  const BfCssToken *t = single (d);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (ident_is (t, values[i].name))
      return s->text_align = values[i].align, TRUE;
  return FALSE;
}

static gboolean
apply_text_indent (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return length_of (single (d), s->font_size, -1, &s->text_indent);
}

static gboolean
apply_direction (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "ltr"))
    s->direction = BF_DIRECTION_LTR;
  else if (ident_is (t, "rtl"))
    s->direction = BF_DIRECTION_RTL;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_white_space (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "normal") || ident_is (t, "nowrap"))
    s->preformatted = FALSE;
  else if (ident_is (t, "pre") || ident_is (t, "pre-wrap") || ident_is (t, "break-spaces"))
    s->preformatted = TRUE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_hyphens (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "auto"))
    s->hyphens = BF_HYPHENS_AUTO;
  else if (ident_is (t, "manual"))
    s->hyphens = BF_HYPHENS_MANUAL;
  else if (ident_is (t, "none"))
    s->hyphens = BF_HYPHENS_NONE;
  else
    return FALSE;
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
apply_break_before (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "always") || ident_is (t, "page") || ident_is (t, "left")
      || ident_is (t, "right") || ident_is (t, "recto") || ident_is (t, "verso"))
    s->break_before = TRUE;
  else if (ident_is (t, "auto") || ident_is (t, "avoid"))
    s->break_before = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_break_after (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "avoid") || ident_is (t, "avoid-page"))
    s->keep_with_next = TRUE;
  else if (ident_is (t, "auto"))
    s->keep_with_next = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_break_inside (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "avoid") || ident_is (t, "avoid-page"))
    s->keep_together = TRUE;
  else if (ident_is (t, "auto"))
    s->keep_together = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_list_style_type (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "disc") || ident_is (t, "circle") || ident_is (t, "square"))
    s->list_style = BF_LIST_DISC;
  else if (ident_is (t, "decimal"))
    s->list_style = BF_LIST_DECIMAL;
  else if (ident_is (t, "persian"))
    s->list_style = BF_LIST_PERSIAN;
  else if (ident_is (t, "arabic-indic"))
    s->list_style = BF_LIST_ARABIC_INDIC;
  else if (ident_is (t, "lower-alpha") || ident_is (t, "lower-latin"))
    s->list_style = BF_LIST_LOWER_ALPHA;
  else if (ident_is (t, "upper-alpha") || ident_is (t, "upper-latin"))
    s->list_style = BF_LIST_UPPER_ALPHA;
  else if (ident_is (t, "lower-roman"))
    s->list_style = BF_LIST_LOWER_ROMAN;
  else if (ident_is (t, "upper-roman"))
    s->list_style = BF_LIST_UPPER_ROMAN;
  else if (ident_is (t, "none"))
    s->list_style = BF_LIST_NONE;
  else
    return FALSE;
  return TRUE;
}

/* Margins (and, as bifolio draws no boxes yet, paddings, which add to
 * them).  Physical sides map to logical ones by the element's direction. */
static gboolean
side_length (const BfCssDeclaration *d, const BfComputedStyle *s, double *out)
{
  const BfCssToken *t = single (d);
  if (ident_is (t, "auto"))
    return *out = 0, TRUE;
  return length_of (t, s->font_size, -1, out);
}

static gboolean
apply_margin_side (const BfCssDeclaration *d, BfComputedStyle *s, const char *side, gboolean add)
{
  double v;
  if (!side_length (d, s, &v))
    return FALSE;
  gboolean rtl = s->direction == BF_DIRECTION_RTL;
  double *target = NULL;
  if (!strcmp (side, "top") || !strcmp (side, "block-start"))
    target = &s->margin_top;
  else if (!strcmp (side, "bottom") || !strcmp (side, "block-end"))
    target = &s->margin_bottom;
  else if (!strcmp (side, "inline-start") || (!strcmp (side, "left") && !rtl)
           || (!strcmp (side, "right") && rtl))
    target = &s->margin_start;
  else
    target = &s->margin_end;
  *target = add ? *target + v : v;
  return TRUE;
}

static gboolean
apply_box (const BfCssDeclaration *d, BfComputedStyle *s, gboolean add)
{
  const char *name = d->name;
  const char *prefix = add ? "padding" : "margin";
  gsize n = strlen (prefix);
  if (name[n] == '-')
    return apply_margin_side (d, s, name + n + 1, add);
  /* The shorthand: 1 to 4 values, top right bottom left. */
  double v[4];
  int k = 0;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (k == 4 || !(ident_is (t, "auto") ? (v[k] = 0, TRUE) : length_of (t, s->font_size, -1, &v[k])))
        return FALSE;
      k++;
    }
  if (k == 0)
    return FALSE;
  double top = v[0], right = k > 1 ? v[1] : v[0], bottom = k > 2 ? v[2] : v[0];
  double left = k > 3 ? v[3] : right;
  gboolean rtl = s->direction == BF_DIRECTION_RTL;
  double start = rtl ? right : left, end = rtl ? left : right;
  if (add)
    {
      s->margin_top += top, s->margin_bottom += bottom;
      s->margin_start += start, s->margin_end += end;
    }
  else
    {
      s->margin_top = top, s->margin_bottom = bottom;
      s->margin_start = start, s->margin_end = end;
    }
  return TRUE;
}

static gboolean
apply_margin (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return apply_box (d, s, FALSE);
}

static gboolean
apply_padding (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  return apply_box (d, s, TRUE);
}

static const struct {
  const char *name;
  Apply apply;
  gboolean prefix;   /* also every name that starts with name + "-" */
} properties[] = {
  { "display", apply_display },
  { "font-family", apply_font_family },
  { "font-size", apply_font_size },
  { "font-weight", apply_font_weight },
  { "font-style", apply_font_style },
  { "line-height", apply_line_height },
  { "color", apply_color },
  { "text-align", apply_text_align },
  { "text-indent", apply_text_indent },
  { "direction", apply_direction },
  { "white-space", apply_white_space },
  { "hyphens", apply_hyphens },
  { "text-decoration", apply_text_decoration },
  { "text-decoration-line", apply_text_decoration },
  { "page-break-before", apply_break_before },
  { "break-before", apply_break_before },
  { "page-break-after", apply_break_after },
  { "break-after", apply_break_after },
  { "page-break-inside", apply_break_inside },
  { "break-inside", apply_break_inside },
  { "list-style-type", apply_list_style_type },
  { "margin", apply_margin, TRUE },
  { "padding", apply_padding, TRUE },
};

static Apply
lookup_property (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      gsize n = strlen (properties[i].name);
      if (!strcmp (name, properties[i].name)
          || (properties[i].prefix && !strncmp (name, properties[i].name, n) && name[n] == '-'
              && (g_str_has_suffix (name, "top") || g_str_has_suffix (name, "bottom")
                  || g_str_has_suffix (name, "left") || g_str_has_suffix (name, "right")
                  || g_str_has_suffix (name, "-start") || g_str_has_suffix (name, "-end"))))
        return properties[i].apply;
    }
  return NULL;
}

/* inherit and initial work for every property: they take the whole
 * property's fields from the parent or the root. */
static gboolean
apply (const BfCssDeclaration *d, const BfComputedStyle *parent, BfComputedStyle *s)
{
  Apply fn = lookup_property (d->name);
  const BfCssToken *t = single (d);
  if (fn && (ident_is (t, "inherit") || ident_is (t, "initial") || ident_is (t, "unset")))
    {
      BfComputedStyle from;
      if (ident_is (t, "initial"))
        bf_style_init_root (&from);
      else
        from = *parent;
      /* Copy the fields the property owns. */
      const char *n = d->name;
      if (g_str_has_prefix (n, "font-family"))
        s->font_family = from.font_family;
      else if (g_str_has_prefix (n, "font-size"))
        s->font_size = from.font_size;
      else if (g_str_has_prefix (n, "font-weight"))
        s->font_weight = from.font_weight;
      else if (g_str_has_prefix (n, "font-style"))
        s->italic = from.italic;
      else if (g_str_has_prefix (n, "line-height"))
        s->line_height = from.line_height;
      else if (!strcmp (n, "color"))
        s->color = from.color;
      else if (!strcmp (n, "text-align"))
        s->text_align = from.text_align;
      else if (!strcmp (n, "text-indent"))
        s->text_indent = from.text_indent;
      else if (!strcmp (n, "direction"))
        s->direction = from.direction;
      else if (!strcmp (n, "white-space"))
        s->preformatted = from.preformatted;
      else if (!strcmp (n, "hyphens"))
        s->hyphens = from.hyphens;
      else if (g_str_has_prefix (n, "margin") || g_str_has_prefix (n, "padding"))
        {
          s->margin_top = from.margin_top, s->margin_bottom = from.margin_bottom;
          s->margin_start = from.margin_start, s->margin_end = from.margin_end;
        }
      else if (!strcmp (n, "display"))
        s->display = from.display;
      else if (!strcmp (n, "list-style-type"))
        s->list_style = from.list_style;
      return TRUE;
    }
  return fn && fn (d, parent, s);
}

/* ----------------------------------------------------------------- styler */

static void
warn_declaration (GPtrArray *warnings, const char *sheet, const BfCssDeclaration *d,
                  gboolean known)
{
  g_ptr_array_add (warnings,
                   g_strdup_printf (known ? "%s:%d:%d: warning: a value of '%s' bifolio cannot use; declaration skipped"
                                          : "%s:%d:%d: warning: unknown property '%s'; declaration skipped",
                                    sheet, d->line, d->column, d->name));
}

/* Keeps the declarations bifolio can apply, warning about the others. */
static GPtrArray *
usable_declarations (GPtrArray *declarations, const char *sheet, GPtrArray *warnings)
{
  GPtrArray *usable = g_ptr_array_new ();
  BfComputedStyle root, scratch;
  bf_style_init_root (&root);
  for (guint i = 0; i < declarations->len; i++)
    {
      const BfCssDeclaration *d = declarations->pdata[i];
      scratch = root;
      Apply fn = lookup_property (d->name);
      if (!fn)
        warn_declaration (warnings, sheet, d, FALSE);
      else if (!apply (d, &root, &scratch))
        warn_declaration (warnings, sheet, d, TRUE);
      else
        g_ptr_array_add (usable, (gpointer) d);
    }
  return usable;
}

static void
style_rule_clear (StyleRule *rule)
{
  bf_css_selector_free (rule->selector);
  g_ptr_array_unref (rule->declarations);
}

static void
add_sheet (BfStyler *styler, BfCssStylesheet *sheet)
{
  g_ptr_array_add (styler->sheets, sheet);
  for (guint i = 0; i < sheet->warnings->len; i++)
    g_ptr_array_add (styler->warnings, g_strdup (sheet->warnings->pdata[i]));
  for (guint i = 0; i < sheet->rules->len; i++)
    {
      BfCssRule *rule = sheet->rules->pdata[i];
      if (rule->type != BF_CSS_RULE_STYLE)
        continue; /* @page, @font-face and @media are not applied yet */
      GPtrArray *selectors = bf_css_selectors_parse (rule->prelude, sheet->name, styler->warnings);
      if (!selectors)
        continue;
      GPtrArray *usable = usable_declarations (rule->declarations, sheet->name, styler->warnings);
      for (guint k = 0; k < selectors->len; k++)
        {
          StyleRule r = { g_ptr_array_steal_index (selectors, k--),
                          g_ptr_array_ref (usable), 0, styler->rules->len };
          r.specificity = bf_css_selector_get_specificity (r.selector);
          g_array_append_val (styler->rules, r);
        }
      g_ptr_array_unref (usable);
      g_ptr_array_unref (selectors);
    }
}

static void
collect_style_elements (BfStyler *styler, xmlNodePtr node, const char *name)
{
  for (xmlNodePtr n = node; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (!xmlStrcasecmp (n->name, BAD_CAST "style"))
        {
          g_autofree xmlChar *text = xmlNodeGetContent (n);
          g_autofree char *where = g_strdup_printf ("%s <style> at line %ld", name, xmlGetLineNo (n));
          add_sheet (styler, bf_css_stylesheet_parse ((const char *) text, -1, where));
          continue;
        }
      collect_style_elements (styler, n->children, name);
    }
}

BfStyler *
bf_styler_new (const BfDocument *doc)
{
  BfStyler *styler = g_new0 (BfStyler, 1);
  styler->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_css_stylesheet_free);
  styler->rules = g_array_new (FALSE, FALSE, sizeof (StyleRule));
  g_array_set_clear_func (styler->rules, (GDestroyNotify) style_rule_clear);
  styler->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; doc->stylesheets && i < doc->stylesheets->len; i++)
    {
      const char *const *sheet = doc->stylesheets->pdata[i]; /* { name, text } */
      add_sheet (styler, bf_css_stylesheet_parse (sheet[1], -1, sheet[0]));
    }
  collect_style_elements (styler, xmlDocGetRootElement (doc->tree), doc->name);
  return styler;
}

void
bf_styler_free (BfStyler *styler)
{
  if (!styler)
    return;
  g_array_unref (styler->rules);
  g_ptr_array_unref (styler->sheets);
  g_ptr_array_unref (styler->warnings);
  g_free (styler);
}

GPtrArray *
bf_styler_get_warnings (const BfStyler *styler)
{
  return styler->warnings;
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const Match *x = a, *y = b;
  if (x->important != y->important)
    return x->important ? 1 : -1;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

void
bf_styler_compute (const BfStyler *styler, const BfComputedStyle *parent, xmlNodePtr element,
                   BfComputedStyle *out)
{
  bf_style_compute (parent, element, out);
  if (!styler)
    return;
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (Match));
  for (guint i = 0; i < styler->rules->len; i++)
    {
      const StyleRule *rule = &g_array_index (styler->rules, StyleRule, i);
      if (!rule->declarations->len || !bf_css_selector_matches (rule->selector, element))
        continue;
      for (guint k = 0; k < rule->declarations->len; k++)
        {
          const BfCssDeclaration *d = rule->declarations->pdata[k];
          Match m = { d, d->important, rule->specificity, rule->order * 1024 + k };
          g_array_append_val (matches, m);
        }
    }
  /* style="" comes after every rule, as if most specific. */
  g_autofree xmlChar *inline_style = xmlGetProp (element, BAD_CAST "style");
  GPtrArray *inline_declarations = NULL;
  if (inline_style)
    {
      inline_declarations = bf_css_declarations_parse ((const char *) inline_style, "style", NULL);
      for (guint k = 0; k < inline_declarations->len; k++)
        {
          const BfCssDeclaration *d = inline_declarations->pdata[k];
          Match m = { d, d->important, G_MAXUINT32, G_MAXUINT32 / 2 + k };
          g_array_append_val (matches, m);
        }
    }
  g_array_sort (matches, compare_matches);
  /* font-size first: ems and line heights of the others depend on it. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < matches->len; i++)
      {
        const BfCssDeclaration *d = g_array_index (matches, Match, i).declaration;
        if ((pass == 0) == !strcmp (d->name, "font-size"))
          apply (d, parent, out);
      }
  g_array_unref (matches);
  if (inline_declarations)
    g_ptr_array_unref (inline_declarations);
}
