/* digits.c — -bf-digits: European digits (0-9 as typed) shown in the forms a
 * reader of Arabic-script text expects, in the text that is shaped and
 * drawn (so a PDF's text layer gives back what the reader sees) and in the
 * EPUB's text (reading systems know no such property).
 *
 * persian gives U+06F0-U+06F9, arabic-indic U+0660-U+0669.  context gives
 * a run of digits the form of the language of the text it sits in: the
 * last letter before it in the paragraph, or, when none comes before, the
 * first after it in the paragraph (code left out); when that letter is of
 * the Arabic script, the form of the element's language (CLDR's native
 * numbering: Persian digits for fa, ur, ps, sd and ks, Arabic-Indic for ar
 * and ckb, as typed for any other); any other letter (Latin, Hebrew…)
 * leaves them as typed.  A paragraph of digits alone takes its element's
 * language.  Text set as-typed neither converts nor counts as context.
 *
 * A point or comma between two converted digits becomes the Arabic decimal
 * (U+066B) or thousands (U+066C) separator, so 2.5 reads ۲٫۵; slashes,
 * dashes and the rest stay, so 1387/4/22 reads ۱۳۸۷/۴/۲۲.  A word that is
 * an address (holding "://" or starting "www.") keeps its digits. */
#include "style/cascade.h"

#include <string.h>

gunichar
bf_digits_zero_for_language (const char *lang)
{
  static const struct {
    const char *lang;
    gunichar zero;
  } forms[] = { { "fa", 0x06F0 }, { "ur", 0x06F0 }, { "ps", 0x06F0 }, { "sd", 0x06F0 },
                { "ks", 0x06F0 }, { "ar", 0x0660 }, { "ckb", 0x0660 } };
  for (gsize i = 0; lang && i < G_N_ELEMENTS (forms); i++)
    {
      gsize n = strlen (forms[i].lang);
      if (g_ascii_strncasecmp (lang, forms[i].lang, n) == 0
          && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
        return forms[i].zero;
    }
  return 0;
}

static BfLetterKind
letter_kind (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c) ? BF_LETTER_OTHER : BF_LETTER_NONE;
  if (!g_unichar_isalpha (c))
    return BF_LETTER_NONE;
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_ARABIC:
      return BF_LETTER_ARABIC;
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_INHERITED:
      return BF_LETTER_NONE;
    default:
      return BF_LETTER_OTHER;
    }
}

/* The first letter at or after @p, and where it is (NULL when none). */
static BfLetterKind
next_letter (const char *p, const char **where)
{
  for (; *p; p = g_utf8_next_char (p))
    {
      BfLetterKind kind = letter_kind (g_utf8_get_char (p));
      if (kind != BF_LETTER_NONE)
        {
          *where = p;
          return kind;
        }
    }
  *where = NULL;
  return BF_LETTER_NONE;
}

static gboolean
is_code (xmlNodePtr n)
{
  static const char *const names[] = { "pre", "code", "kbd", "samp", "script", "style" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!xmlStrcasecmp (n->name, BAD_CAST names[i]))
      return TRUE;
  return FALSE;
}

/* The first letter in the text after @node inside @block, code left out. */
static BfLetterKind
letter_after (xmlNodePtr node, xmlNodePtr block)
{
  const char *where;
  for (xmlNodePtr n = bf_node_next_in_walk (node, block, FALSE); n;
       n = bf_node_next_in_walk (n, block, n->type == XML_ELEMENT_NODE && !is_code (n)))
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
      {
        BfLetterKind kind = next_letter ((const char *) n->content, &where);
        if (kind != BF_LETTER_NONE)
          return kind;
      }
  return BF_LETTER_NONE;
}

/* An address, whose digits are not the reader's numbers. */
static gboolean
is_address (const char *word, gsize length)
{
  if (length >= 4 && !g_ascii_strncasecmp (word, "www.", 4))
    return TRUE;
  for (gsize i = 0; i + 2 < length; i++)
    if (word[i] == ':' && word[i + 1] == '/' && word[i + 2] == '/')
      return TRUE;
  return FALSE;
}

static gboolean
is_word_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The zero of the form a run of digits takes with @neighbour the letter
 * that decides it, or 0 to keep it as typed. */
static gunichar
zero_for_run (BfDigits digits, const char *lang, BfLetterKind neighbour)
{
  switch (digits)
    {
    case BF_DIGITS_PERSIAN:
      return 0x06F0;
    case BF_DIGITS_ARABIC_INDIC:
      return 0x0660;
    case BF_DIGITS_CONTEXT:
      return neighbour == BF_LETTER_OTHER ? 0 : bf_digits_zero_for_language (lang);
    case BF_DIGITS_AS_TYPED:
    default:
      return 0;
    }
}

/* Writes the run of digits at @p (digits, with single points or commas
 * between them) to @out in the form whose zero is @zero; returns its end. */
static const char *
append_run (GString *out, const char *p, gunichar zero)
{
  while (g_ascii_isdigit (*p) || ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1])))
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (out, zero + (*p - '0'));
      else
        g_string_append_unichar (out, *p == '.' ? 0x066B : 0x066C);
      p++;
    }
  return p;
}

char *
bf_digits_convert (BfDigits digits, const char *lang, const char *text, xmlNodePtr node,
                   xmlNodePtr block, BfDigitContext *context)
{
  g_return_val_if_fail (text != NULL && context != NULL, NULL);
  if (digits == BF_DIGITS_AS_TYPED)
    return NULL;
  GString *out = NULL;
  const char *copied = text;       /* text before this is in out */
  const char *ahead = NULL;        /* the next letter, once looked for */
  BfLetterKind ahead_kind = BF_LETTER_NONE;
  gboolean looked_ahead = FALSE;
  const char *word_end = text;     /* words are checked for addresses once */
  gboolean in_address = FALSE;
  const char *p = text;
  while (*p)
    {
      if (p >= word_end && !is_word_space (*p))
        {
          word_end = p;
          while (*word_end && !is_word_space (*word_end))
            word_end++;
          in_address = is_address (p, word_end - p);
        }
      if (!g_ascii_isdigit (*p) || in_address)
        {
          gunichar c = g_utf8_get_char (p);
          BfLetterKind kind = letter_kind (c);
          if (kind != BF_LETTER_NONE)
            context->last = kind;
          p = g_utf8_next_char (p);
          continue;
        }
      BfLetterKind neighbour = context->last;
      if (neighbour == BF_LETTER_NONE)
        {
          /* Only digits and neutrals so far: the next letter decides.  It
           * is looked for once, as it stays the next until it is met. */
          if (!looked_ahead || (ahead && p > ahead))
            {
              ahead_kind = next_letter (p, &ahead);
              looked_ahead = TRUE;
            }
          if (!ahead && !context->looked_ahead && node && block)
            {
              /* none in this text: the paragraph's first, found once */
              context->ahead = letter_after (node, block);
              context->looked_ahead = TRUE;
            }
          neighbour = ahead ? ahead_kind : context->ahead;
        }
      gunichar zero = zero_for_run (digits, lang, neighbour);
      if (!zero)
        {
          while (g_ascii_isdigit (*p))
            p++;
          continue;
        }
      if (!out)
        out = g_string_sized_new (strlen (text) + 16);
      g_string_append_len (out, copied, p - copied);
      p = copied = append_run (out, p, zero);
    }
  if (!out)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------- a document's text */

/* TRUE when a style="" attribute in @root's tree names -bf-digits. */
static gboolean
has_digits_in_style_attributes (xmlNodePtr root)
{
  for (xmlNodePtr n = root; n; n = bf_node_next_in_walk (n, root, TRUE))
    if (n->type == XML_ELEMENT_NODE)
      {
        g_autofree xmlChar *style = xmlGetProp (n, BAD_CAST "style");
        if (style && strstr ((const char *) style, "-bf-digits"))
          return TRUE;
      }
  return FALSE;
}

GHashTable *
bf_styler_convert_digits (const BfStyler *styler, xmlNodePtr root)
{
  g_return_val_if_fail (styler != NULL, NULL);
  if (!root || (!bf_styler_converts_digits (styler) && !has_digits_in_style_attributes (root)))
    return NULL;
  GHashTable *converted = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  /* styles[i] is the style of the i-th element on the way down to n. */
  g_autoptr (GArray) styles = g_array_new (FALSE, FALSE, sizeof (BfComputedStyle));
  /* blocks[i]: the paragraph element (the nearest not inline) there */
  g_autoptr (GPtrArray) blocks = g_ptr_array_new ();
  BfComputedStyle initial;
  bf_style_init_root (&initial);
  g_array_append_val (styles, initial);
  g_ptr_array_add (blocks, root);
  BfDigitContext context = { BF_LETTER_NONE };
  xmlNodePtr n = root;
  while (n)
    {
      const BfComputedStyle *parent = &g_array_index (styles, BfComputedStyle, styles->len - 1);
      gboolean descend = FALSE;
      if (n->type == XML_ELEMENT_NODE)
        {
          BfComputedStyle style;
          bf_styler_compute (styler, parent, n, &style);
          if (style.display != BF_DISPLAY_NONE)
            {
              gboolean paragraph = style.display != BF_DISPLAY_INLINE;
              if (paragraph)
                context = (BfDigitContext) { BF_LETTER_NONE };   /* a paragraph begins */
              if (n->children)
                {
                  g_array_append_val (styles, style);
                  g_ptr_array_add (blocks, paragraph ? n : blocks->pdata[blocks->len - 1]);
                  descend = TRUE;
                }
            }
        }
      else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
        {
          char *text = bf_digits_convert (parent->digits, parent->lang, (const char *) n->content,
                                          n, blocks->pdata[blocks->len - 1], &context);
          if (text)
            g_hash_table_insert (converted, n, text);
        }
      if (descend)
        {
          n = n->children;
          continue;
        }
      /* On to the next sibling, leaving the elements that end here. */
      while (n && n != root && !n->next)
        {
          n = n->parent;
          if (g_array_index (styles, BfComputedStyle, styles->len - 1).display != BF_DISPLAY_INLINE)
            context = (BfDigitContext) { BF_LETTER_NONE };       /* a paragraph ends */
          g_array_set_size (styles, styles->len - 1);
          g_ptr_array_set_size (blocks, blocks->len - 1);
        }
      n = n && n != root ? n->next : NULL;
    }
  if (g_hash_table_size (converted) == 0)
    g_clear_pointer (&converted, g_hash_table_unref);
  return converted;
}
