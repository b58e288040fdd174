/* computed.c — the parts of a computed style that are not rules: initial
 * values, inheritance, the presentational hints of lang and dir
 * attributes and of tables' and lists' attributes, and counter styles.
 * The default rules themselves are CSS, in styles/default.css (read by
 * cascade.c). */
#include "style/style.h"

#include <math.h>
#include <string.h>

/* Noto Naskh Arabic lacks a few punctuation marks (– ( ) +) that Persian
 * uses; Noto Serif supplies them and the Latin words of Persian text. */
const char BF_LATIN_FACES[] = "Noto Serif, Noto Naskh Arabic, Amiri";
const char BF_ARABIC_FACES[] = "Noto Naskh Arabic, Noto Serif, Amiri";

static const double base_size = 10.5;

void
bf_style_init_root (BfComputedStyle *style)
{
  memset (style, 0, sizeof *style);
  style->display = BF_DISPLAY_INLINE;
  style->font_family = BF_LATIN_FACES;
  style->font_size = base_size;
  style->font_weight = 400;
  style->line_height = 1.4;       /* normal */
  style->color = 0x000000;
  style->text_align = BF_ALIGN_START;
  style->direction = BF_DIRECTION_AUTO;
  style->hyphens = BF_HYPHENS_MANUAL;
  style->list_style = BF_LIST_DISC;
  style->orphans = 2;
  style->widows = 2;
  for (int side = 0; side < 4; side++)
    style->border_width[side] = 2.25; /* medium, drawn once a style is set */
}

gboolean
bf_lang_is_rtl (const char *lang)
{
  static const char *const rtl[] = { "ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "ckb", "dv" };
  if (!lang)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (rtl); i++)
    {
      gsize n = strlen (rtl[i]);
      if (g_ascii_strncasecmp (lang, rtl[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
        return TRUE;
    }
  return FALSE;
}

static gboolean
uses_arabic_script (const char *lang)
{
  static const char *const langs[] = { "ar", "fa", "ur", "ps", "sd", "ug", "ckb" };
  for (gsize i = 0; lang && i < G_N_ELEMENTS (langs); i++)
    {
      gsize n = strlen (langs[i]);
      if (g_ascii_strncasecmp (lang, langs[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-'))
        return TRUE;
    }
  return FALSE;
}

const char *
bf_style_get_font_features (const BfComputedStyle *style)
{
  GString *all = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (style->font_variant); i++)
    if (style->font_variant[i])
      {
        all = all ? g_string_append (all, ", ") : g_string_new (NULL);
        g_string_append (all, style->font_variant[i]);
      }
  if (!all)
    return style->font_features;
  if (style->font_features)
    g_string_append_printf (all, ", %s", style->font_features);
  const char *interned = g_intern_string (all->str);
  g_string_free (all, TRUE);
  return interned;
}

void
bf_style_inherit (const BfComputedStyle *parent, BfComputedStyle *out)
{
  g_return_if_fail (parent != out);
  bf_style_init_root (out);
  out->display = BF_DISPLAY_INLINE;
  out->font_family = parent->font_family;
  out->font_size = parent->font_size;
  out->font_weight = parent->font_weight;
  out->italic = parent->italic;
  out->font_features = parent->font_features;
  memcpy (out->font_variant, parent->font_variant, sizeof out->font_variant);
  out->line_height = parent->line_height;
  out->color = parent->color;
  out->text_align = parent->text_align;
  out->text_justify = parent->text_justify;
  out->digits = parent->digits;
  out->text_indent = parent->text_indent;
  out->direction = parent->direction;
  out->lang = parent->lang;
  out->preformatted = parent->preformatted;
  out->hyphens = parent->hyphens;
  out->text_transform = parent->text_transform;
  out->letter_spacing = parent->letter_spacing;
  out->word_spacing = parent->word_spacing;
  out->list_style = parent->list_style;
  out->list_marker = parent->list_marker;
  out->orphans = parent->orphans;
  out->widows = parent->widows;
  out->custom_properties = parent->custom_properties;
  out->border_collapse = parent->border_collapse;
  out->border_spacing[0] = parent->border_spacing[0];
  out->border_spacing[1] = parent->border_spacing[1];
  out->caption_bottom = parent->caption_bottom;
  out->quotes = parent->quotes;
  /* Not inherited in CSS, but an inline box's decorations and baseline
   * shift carry to the boxes inside it. */
  out->rise = parent->rise;
  out->underline = parent->underline;
  out->strikethrough = parent->strikethrough;
}

/* Entering an Arabic-script language switches to the Naskh face, a little
 * larger (Naskh reads small beside a Latin face at the same size) and with
 * more line height for its tall ascenders; leaving it switches back.  A
 * monospaced face is kept.  Author rules come after and may say otherwise. */
static gboolean
is_named (xmlNodePtr element, const char *name)
{
  return element->name && !xmlStrcasecmp (element->name, BAD_CAST name);
}

/* An HTML dimension attribute ("120", "120px", "40%") as a width; FALSE
 * when it is not one.  A number is in CSS pixels (HTML §2.3.4.4). */
static gboolean
parse_html_dimension (const xmlChar *value, BfDimension *out)
{
  char *end;
  double v = g_ascii_strtod ((const char *) value, &end);
  if (end == (char *) value || v < 0 || !isfinite (v))
    return FALSE;
  while (*end == ' ')
    end++;
  gboolean percent = *end == '%';
  if (*end && !percent && g_ascii_strcasecmp (end, "px"))
    return FALSE;
  *out = (BfDimension) { percent ? v : v * 0.75, TRUE, percent };
  return TRUE;
}

/* The presentational hints of tables (HTML §15.3.8, §15.3.10): align and
 * valign on rows and cells, width on tables, columns and cells, a table's
 * border and cellspacing. */
static void
apply_table_attributes (xmlNodePtr element, BfComputedStyle *s)
{
  gboolean cell = is_named (element, "td") || is_named (element, "th");
  gboolean row = is_named (element, "tr") || is_named (element, "tbody")
                 || is_named (element, "thead") || is_named (element, "tfoot");
  gboolean table = is_named (element, "table");
  if (!cell && !row && !table && !is_named (element, "col") && !is_named (element, "colgroup"))
    return;
  g_autofree xmlChar *align = cell || row ? xmlGetProp (element, BAD_CAST "align") : NULL;
  static const struct { const char *word; BfTextAlign value; } aligns[] = {
    { "left", BF_ALIGN_LEFT }, { "right", BF_ALIGN_RIGHT }, { "center", BF_ALIGN_CENTER },
    { "middle", BF_ALIGN_CENTER }, { "justify", BF_ALIGN_JUSTIFY }
  };
  for (gsize i = 0; align && i < G_N_ELEMENTS (aligns); i++)
    if (!xmlStrcasecmp (align, BAD_CAST aligns[i].word))
      s->text_align = aligns[i].value;
  g_autofree xmlChar *valign = cell || row ? xmlGetProp (element, BAD_CAST "valign") : NULL;
  if (valign)
    s->cell_align = !xmlStrcasecmp (valign, BAD_CAST "top")      ? BF_VALIGN_TOP
                    : !xmlStrcasecmp (valign, BAD_CAST "middle") ? BF_VALIGN_MIDDLE
                    : !xmlStrcasecmp (valign, BAD_CAST "bottom") ? BF_VALIGN_BOTTOM
                                                                 : BF_VALIGN_BASELINE;
  g_autofree xmlChar *width = row ? NULL : xmlGetProp (element, BAD_CAST "width");
  if (width)
    parse_html_dimension (width, &s->width);
  if (!table)
    return;
  g_autofree xmlChar *border = xmlGetProp (element, BAD_CAST "border");
  BfDimension b;
  if (border && parse_html_dimension (border, &b) && !b.percent && b.value > 0)
    for (int side = 0; side < 4; side++)
      {
        s->border_width[side] = b.value;
        s->border_solid[side] = TRUE;
      }
  g_autofree xmlChar *spacing = xmlGetProp (element, BAD_CAST "cellspacing");
  BfDimension sp;
  if (spacing && parse_html_dimension (spacing, &sp) && !sp.percent)
    s->border_spacing[0] = s->border_spacing[1] = sp.value;
}

/* The presentational hints of lists (HTML §15.3.8): an ol's type, its
 * letters compared as written ("a" and "A" differ), and a ul's, compared
 * in any case. */
static void
apply_list_attributes (xmlNodePtr element, BfComputedStyle *s)
{
  gboolean ordered = is_named (element, "ol");
  if (!ordered && !is_named (element, "ul"))
    return;
  g_autofree xmlChar *type = xmlGetProp (element, BAD_CAST "type");
  if (!type)
    return;
  static const struct { const char *type; BfListStyle style; } ordered_types[] = {
    { "1", BF_LIST_DECIMAL }, { "a", BF_LIST_LOWER_ALPHA }, { "A", BF_LIST_UPPER_ALPHA },
    { "i", BF_LIST_LOWER_ROMAN }, { "I", BF_LIST_UPPER_ROMAN }
  };
  for (gsize i = 0; ordered && i < G_N_ELEMENTS (ordered_types); i++)
    if (!xmlStrcmp (type, BAD_CAST ordered_types[i].type))
      s->list_style = ordered_types[i].style;
  BfListStyle style;
  if (!ordered && bf_list_style_from_name ((const char *) type, &style)
      && (style == BF_LIST_DISC || style == BF_LIST_NONE))
    s->list_style = style;
}

void
bf_style_apply_attributes (const BfComputedStyle *parent, xmlNodePtr element, BfComputedStyle *s)
{
  g_autofree xmlChar *lang = xmlGetProp (element, BAD_CAST "lang");
  if (!lang)
    lang = xmlGetNsProp (element, BAD_CAST "lang", XML_XML_NAMESPACE);
  if (lang && *lang)
    s->lang = g_intern_string ((const char *) lang);
  gboolean was_arabic = uses_arabic_script (parent->lang);
  gboolean is_arabic = uses_arabic_script (s->lang);
  if (is_arabic != was_arabic && !g_str_has_prefix (s->font_family, "Noto Sans Mono"))
    {
      s->font_family = is_arabic ? BF_ARABIC_FACES : BF_LATIN_FACES;
      s->font_size *= is_arabic ? 1.1 : 1 / 1.1;
      s->line_height *= is_arabic ? 1.2 : 1 / 1.2;
    }

  g_autofree xmlChar *dir = xmlGetProp (element, BAD_CAST "dir");
  if (dir && !xmlStrcasecmp (dir, BAD_CAST "rtl"))
    s->direction = BF_DIRECTION_RTL;
  else if (dir && !xmlStrcasecmp (dir, BAD_CAST "ltr"))
    s->direction = BF_DIRECTION_LTR;
  else if (dir && !xmlStrcasecmp (dir, BAD_CAST "auto"))
    s->direction = BF_DIRECTION_AUTO;
  apply_table_attributes (element, s);
  apply_list_attributes (element, s);
}

/* Counter styles, CSS Counter Styles Level 3, §6 (predefined styles). */
char *
bf_list_style_format (BfListStyle style, int n)
{
  if (style == BF_LIST_PERSIAN || style == BF_LIST_ARABIC_INDIC)
    {
      gunichar zero = style == BF_LIST_PERSIAN ? 0x06F0 : 0x0660;
      g_autofree char *decimal = g_strdup_printf ("%d", n);
      GString *out = g_string_new (NULL);
      for (const char *p = decimal; *p; p++)
        {
          if (g_ascii_isdigit (*p))
            g_string_append_unichar (out, zero + (*p - '0'));
          else
            g_string_append_c (out, *p);
        }
      return g_string_free (out, FALSE);
    }
  if ((style == BF_LIST_LOWER_ALPHA || style == BF_LIST_UPPER_ALPHA) && n > 0)
    {
      char buf[16];
      int i = sizeof buf - 1;
      buf[i] = '\0';
      for (int v = n; v > 0 && i > 0; v = (v - 1) / 26)
        buf[--i] = (char) ((style == BF_LIST_LOWER_ALPHA ? 'a' : 'A') + (v - 1) % 26);
      return g_strdup (buf + i);
    }
  if ((style == BF_LIST_LOWER_ROMAN || style == BF_LIST_UPPER_ROMAN) && n > 0 && n < 4000)
    {
      static const struct {
        int value;
        const char *digits;
      } roman[] = { { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
                    { 90, "xc" }, { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" },
                    { 5, "v" }, { 4, "iv" }, { 1, "i" } };
      GString *out = g_string_new (NULL);
      for (gsize i = 0; i < G_N_ELEMENTS (roman); i++)
        while (n >= roman[i].value)
          {
            g_string_append (out, roman[i].digits);
            n -= roman[i].value;
          }
      char *text = g_string_free (out, FALSE);
      if (style == BF_LIST_UPPER_ROMAN)
        {
          char *upper = g_ascii_strup (text, -1);
          g_free (text);
          return upper;
        }
      return text;
    }
  return g_strdup_printf ("%d", n);
}
