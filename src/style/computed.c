/* computed.c — computed styles from bifolio's built-in default rules.
 *
 * Each element starts from its parent's inherited properties (font, color,
 * alignment, direction, language) and the initial values of the rest, then
 * the default rules for its tag, class, lang and dir apply, in that order.
 * The values here are the same as styles/default.css. */
#include "style/style.h"

#include <string.h>

/* Face lists are compared by address: each is one static string.  Noto
 * Naskh Arabic lacks a few punctuation marks (– ( ) +) that Persian uses;
 * Noto Serif supplies them and the Latin words of Persian text. */
static const char LATIN_FACES[] = "Noto Serif, Noto Naskh Arabic, Amiri";
static const char ARABIC_FACES[] = "Noto Naskh Arabic, Noto Serif, Amiri";
static const char MONO_FACES[] = "Noto Sans Mono, Noto Naskh Arabic, Amiri";

static const double base_size = 10.5;

void
bf_style_init_root (BfComputedStyle *style)
{
  memset (style, 0, sizeof *style);
  style->display = BF_DISPLAY_BLOCK;
  style->font_family = LATIN_FACES;
  style->font_size = base_size;
  style->font_weight = 400;
  style->line_height = 1.4;
  style->color = 0x1a1a1a;
  style->text_align = BF_ALIGN_JUSTIFY;
  style->direction = BF_DIRECTION_AUTO;
  style->hyphens = BF_HYPHENS_AUTO;
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

static void
inherit (const BfComputedStyle *parent, BfComputedStyle *out)
{
  memset (out, 0, sizeof *out);
  out->display = BF_DISPLAY_INLINE;
  out->font_family = parent->font_family;
  out->font_size = parent->font_size;
  out->font_weight = parent->font_weight;
  out->italic = parent->italic;
  out->line_height = parent->line_height;
  out->color = parent->color;
  out->text_align = parent->text_align;
  out->direction = parent->direction;
  out->lang = parent->lang;
  out->preformatted = parent->preformatted;
  out->hyphens = parent->hyphens;
  out->list_style = parent->list_style;
  /* Not inherited in CSS, but an inline box's decorations and baseline
   * shift carry to the boxes inside it. */
  out->rise = parent->rise;
  out->underline = parent->underline;
  out->strikethrough = parent->strikethrough;
}

static void
block (BfComputedStyle *s, double top_em, double bottom_em)
{
  s->display = BF_DISPLAY_BLOCK;
  s->margin_top = top_em * s->font_size;
  s->margin_bottom = bottom_em * s->font_size;
}

static void
heading (BfComputedStyle *s, double size, double top_em)
{
  s->font_size = size;
  s->font_weight = 700;
  s->line_height = 1.25;
  s->text_align = BF_ALIGN_START;
  s->keep_with_next = TRUE;
  block (s, top_em, 0.5);
}

static void
apply_tag_rules (BfComputedStyle *s, const char *tag, xmlNodePtr element)
{
  static const char *const hidden[] = { "head", "script", "style", "title", "meta", "link",
                                        "template", "noscript" };
  static const char *const blocks[] = { "html", "body", "div", "section", "article", "header",
                                        "footer", "nav", "aside", "main", "figure", "figcaption",
                                        "dl", "dt", "dd", "address", "details", "summary",
                                        "table", "thead", "tbody", "tfoot", "tr", "caption",
                                        "td", "th" };
  for (gsize i = 0; i < G_N_ELEMENTS (hidden); i++)
    if (g_str_equal (tag, hidden[i]))
      {
        s->display = BF_DISPLAY_NONE;
        return;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (g_str_equal (tag, blocks[i]))
      s->display = BF_DISPLAY_BLOCK;

  if (g_str_equal (tag, "p"))
    block (s, 0, 0.55);
  else if (g_str_equal (tag, "h1"))
    heading (s, 1.7 * base_size, 1.4);
  else if (g_str_equal (tag, "h2"))
    heading (s, 1.3 * base_size, 1.2);
  else if (g_str_equal (tag, "h3"))
    heading (s, 1.12 * base_size, 1.1);
  else if (tag[0] == 'h' && tag[1] >= '4' && tag[1] <= '6' && !tag[2])
    heading (s, base_size, 1.0);
  else if (g_str_equal (tag, "blockquote"))
    {
      block (s, 0.3, 0.8);
      s->margin_start = 1.2 * base_size;
      s->start_rule = TRUE;
    }
  else if (g_str_equal (tag, "pre"))
    {
      block (s, 0.2, 0.8);
      s->font_family = MONO_FACES;
      s->font_size = 0.85 * s->font_size;
      s->line_height = 1.3;
      s->preformatted = TRUE;
      s->hyphens = BF_HYPHENS_MANUAL;
      s->direction = BF_DIRECTION_LTR;
      s->text_align = BF_ALIGN_LEFT;
      s->margin_start = 0.8 * base_size;
    }
  else if (g_str_equal (tag, "ul") || g_str_equal (tag, "ol"))
    {
      block (s, 0, 0.55);
      s->margin_start = 1.6 * base_size;
      s->list_style = g_str_equal (tag, "ul") ? BF_LIST_DISC : BF_LIST_DECIMAL;
    }
  else if (g_str_equal (tag, "li"))
    {
      s->display = BF_DISPLAY_LIST_ITEM;
      s->margin_bottom = 0.2 * s->font_size;
    }
  else if (g_str_equal (tag, "hr"))
    block (s, 0.6, 0.6);
  else if (g_str_equal (tag, "table"))
    block (s, 0.3, 0.8);
  else if (g_str_equal (tag, "em") || g_str_equal (tag, "i") || g_str_equal (tag, "cite"))
    s->italic = TRUE;
  else if (g_str_equal (tag, "strong") || g_str_equal (tag, "b"))
    s->font_weight = 700;
  else if (g_str_equal (tag, "code") || g_str_equal (tag, "kbd") || g_str_equal (tag, "samp")
           || g_str_equal (tag, "tt"))
    {
      s->font_family = MONO_FACES;
      s->hyphens = BF_HYPHENS_MANUAL;
      if (element->parent && xmlStrcasecmp (element->parent->name, BAD_CAST "pre") != 0)
        s->font_size = 0.88 * s->font_size;
    }
  else if (g_str_equal (tag, "a"))
    s->color = 0x1f4e8c;
  else if (g_str_equal (tag, "del") || g_str_equal (tag, "s") || g_str_equal (tag, "strike"))
    s->strikethrough = TRUE;
  else if (g_str_equal (tag, "u") || g_str_equal (tag, "ins"))
    s->underline = TRUE;
  else if (g_str_equal (tag, "sup") || g_str_equal (tag, "sub"))
    {
      s->rise += (tag[1] == 'u' && tag[2] == 'p' ? 0.35 : -0.15) * s->font_size;
      s->font_size = 0.7 * s->font_size;
    }
  else if (g_str_equal (tag, "small"))
    s->font_size = 0.85 * s->font_size;
  else if (g_str_equal (tag, "th"))
    s->font_weight = 700;
}

static void
apply_class_rules (BfComputedStyle *s, const char *tag, xmlNodePtr element)
{
  if (bf_element_has_class (element, "title-block"))
    {
      s->text_align = BF_ALIGN_CENTER;
      s->margin_bottom = 2.0 * base_size;
    }
  if (g_str_equal (tag, "h1") && bf_element_has_class (element, "title"))
    {
      s->font_size = 2.0 * base_size;
      s->margin_top = 0.5 * base_size;
      s->text_align = BF_ALIGN_CENTER;
    }
  if (bf_element_has_class (element, "subtitle"))
    {
      s->font_size = 1.25 * base_size;
      s->italic = TRUE;
    }
  if (bf_element_has_class (element, "author") || bf_element_has_class (element, "date"))
    s->text_align = g_str_equal (tag, "p") && bf_element_has_class (element, "date")
                        && !(element->parent && bf_element_has_class (element->parent, "title-block"))
                        ? BF_ALIGN_END : s->text_align;
  if (bf_element_has_class (element, "signature"))
    {
      s->keep_together = TRUE;
      s->text_align = BF_ALIGN_END;
      s->margin_top = 0.8 * base_size;
    }
  if (bf_element_has_class (element, "byline"))
    {
      s->italic = TRUE;
      s->font_size = 0.9 * base_size;
      s->color = 0x555555;
      s->keep_with_next = TRUE;
      s->text_align = BF_ALIGN_START;
    }
  if (bf_element_has_class (element, "comment"))
    s->margin_bottom = 1.2 * base_size;
  if (bf_element_has_class (element, "footnotes"))
    s->font_size = 0.85 * base_size;
}

/* lang and dir attributes.  Entering an Arabic-script language switches to
 * the Naskh face, a little larger (Naskh reads small beside a Latin face at
 * the same size) and with more line height for its tall ascenders. */
static void
apply_language_rules (const BfComputedStyle *parent, BfComputedStyle *s, xmlNodePtr element)
{
  g_autofree xmlChar *lang = xmlGetProp (element, BAD_CAST "lang");
  if (!lang)
    lang = xmlGetNsProp (element, BAD_CAST "lang", XML_XML_NAMESPACE);
  if (lang && *lang)
    s->lang = g_intern_string ((const char *) lang);
  gboolean was_arabic = uses_arabic_script (parent->lang);
  gboolean is_arabic = uses_arabic_script (s->lang);
  if (is_arabic != was_arabic && s->font_family != MONO_FACES)
    {
      s->font_family = is_arabic ? ARABIC_FACES : LATIN_FACES;
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
}

void
bf_style_compute (const BfComputedStyle *parent, xmlNodePtr element, BfComputedStyle *out)
{
  g_return_if_fail (parent != out);
  inherit (parent, out);
  g_autofree char *tag = g_ascii_strdown ((const char *) element->name, -1);
  apply_tag_rules (out, tag, element);
  apply_class_rules (out, tag, element);
  apply_language_rules (parent, out, element);
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
