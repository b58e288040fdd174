/* language.c — a document's language and direction when it does not say:
 * read from the letters of its prose (code, scripts and styles left out).
 *
 * Direction comes from the majority of strong characters.  A right-to-left
 * majority names its script's language: Hebrew letters → he; Arabic script →
 * ur where letters only Urdu uses are frequent (ٹ ڈ ڑ ں ے ھ ۂ), else fa where
 * letters Persian adds to Arabic are (پ چ ژ گ ک ی, Persian digits), else ar.
 * A left-to-right majority is left as it was (English by default): Latin
 * letters do not tell one language from another. */
#include "read/read.h"

typedef struct {
  guint64 ltr, hebrew, arabic_script, persian, urdu;
} LetterCounts;

static gboolean
is_persian_letter (gunichar c)
{
  return c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF /* پ چ ژ گ */
         || c == 0x06A9 || c == 0x06CC                            /* ک ی */
         || (c >= 0x06F0 && c <= 0x06F9);                         /* Persian digits */
}

static gboolean
is_urdu_letter (gunichar c)
{
  return c == 0x0679 || c == 0x0688 || c == 0x0691 || c == 0x06BA /* ٹ ڈ ڑ ں */
         || c == 0x06D2 || c == 0x06D3 || c == 0x06BE || c == 0x06C1 || c == 0x06C2; /* ے ۓ ھ ہ ۂ */
}

static void
count_letters (const char *text, LetterCounts *counts)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x80 && !g_ascii_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_HEBREW:
          counts->hebrew++;
          break;
        case G_UNICODE_SCRIPT_ARABIC:
          if (!g_unichar_isalpha (c) && !g_unichar_isdigit (c))
            break;
          counts->arabic_script++;
          counts->persian += is_persian_letter (c);
          counts->urdu += is_urdu_letter (c);
          break;
        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
          break;
        default:
          if (g_unichar_isalpha (c))
            counts->ltr++;
          break;
        }
    }
}

static gboolean
is_not_prose (xmlNodePtr el)
{
  static const char *const skipped[] = { "pre", "code", "kbd", "samp", "script", "style",
                                         "template", "math", "svg", NULL };
  g_autofree char *name = g_ascii_strdown ((const char *) el->name, -1);
  return g_strv_contains (skipped, name);
}

static void
count_document (xmlNodePtr body, LetterCounts *counts)
{
  for (xmlNodePtr n = body->children; n;
       n = bf_node_next_in_walk (n, body, n->type != XML_ELEMENT_NODE || !is_not_prose (n)))
    if (n->type == XML_TEXT_NODE && n->content)
      count_letters ((const char *) n->content, counts);
}

/* The language a right-to-left majority names, or NULL. */
static const char *
language_of (const LetterCounts *c)
{
  guint64 rtl = c->hebrew + c->arabic_script;
  if (rtl == 0 || rtl <= c->ltr)
    return NULL;
  if (c->hebrew > c->arabic_script)
    return "he";
  if (c->urdu * 50 > c->arabic_script)
    return "ur";
  if (c->persian * 100 > c->arabic_script)
    return "fa";
  return "ar";
}

const char *
bf_document_arabic_script_language (const BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  if (!body)
    return NULL;
  LetterCounts counts = { 0 };
  count_document (body, &counts);
  if (counts.arabic_script == 0)
    return NULL;
  /* The Arabic-script letters alone decide, however many others there are. */
  counts.ltr = counts.hebrew = 0;
  return language_of (&counts);
}

static const char *
language_name (const char *lang)
{
  static const char *const names[][2] = {
    { "he", "Hebrew" }, { "ur", "Urdu" }, { "fa", "Persian" }, { "ar", "Arabic" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], lang))
      return names[i][1];
  return lang;
}

void
bf_document_infer_language (BfDocument *doc)
{
  if (g_hash_table_contains (doc->metadata, "lang"))
    return;
  xmlNodePtr body = bf_document_get_body (doc);
  if (!body)
    return;
  LetterCounts counts = { 0 };
  count_document (body, &counts);
  const char *lang = language_of (&counts);
  if (!lang)
    return;
  /* Only the language is set: the document's direction follows from it
   * (bf_lang_is_rtl), while each paragraph keeps the direction of its
   * first strong character, as without a dir attribute. */
  g_hash_table_insert (doc->metadata, g_strdup ("lang"), g_strdup (lang));
  bf_document_add_warning (doc, "%s: warning: no language given; taken as %s (%s, right to left) from "
                                "its text — set lang in the front matter or --lang to change it",
                           doc->name, language_name (lang), lang);
  doc->inferred_language_warning = doc->warnings->pdata[doc->warnings->len - 2];
}

void
bf_document_set_language (BfDocument *doc, const char *lang)
{
  g_return_if_fail (doc != NULL && lang != NULL);
  if (doc->inferred_language_warning)
    {
      g_ptr_array_remove (doc->warnings, doc->inferred_language_warning);
      doc->inferred_language_warning = NULL;
    }
  g_hash_table_insert (doc->metadata, g_strdup ("lang"), g_strdup (lang));
  xmlSetProp (xmlDocGetRootElement (doc->tree), BAD_CAST "lang", BAD_CAST lang);
}
