/* accessibility.c — the package document's accessibility metadata, as EPUB
 * Accessibility 1.1 asks (https://www.w3.org/TR/epub-a11y-11/#sec-discovery):
 * schema.org's accessMode, accessModeSufficient, accessibilityFeature,
 * accessibilityHazard and accessibilitySummary, dcterms:conformsTo with
 * a11y:certifiedBy when the book meets WCAG 2.1 AA as far as a converter can
 * tell (every picture has alt text), and for a page list the print
 * edition's identifier (https://www.w3.org/TR/epub-a11y-11/#sec-page-source):
 * dc:source refined as the "source-of" pagination, which EPUB 3.2 and
 * Debian's epubcheck 4.2.6 know; the newer pageBreakSource property is an
 * error to that epubcheck (it came with epubcheck 5.1).
 *
 * What the book holds decides each value; the front matter's
 * `accessibility:` entries (summary, features, hazard, accessmode,
 * sufficient, conformsto, certifiedby, credential) replace them,
 * and `source:` names the print edition. */
#include "epub/epub.h"

#include <string.h>

#define WCAG_AA_CONFORMANCE "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

static const char *
given (const BfDocument *doc, const char *key)
{
  g_autofree char *name = g_strconcat ("accessibility.", key, NULL);
  const char *value = bf_document_get_metadata (doc, name);
  return value && *value ? value : NULL;
}

static void
append_meta (GString *o, const char *property, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (o, "    <meta property=\"%s\">%s</meta>\n", property, escaped);
}

/* One <meta> per item of a list given as "a, b, c" (YAML lists arrive so). */
static void
append_meta_list (GString *o, const char *property, const char *list)
{
  g_auto (GStrv) items = g_strsplit (list, ",", -1);
  for (char **item = items; *item; item++)
    {
      g_strstrip (*item);
      if (**item)
        append_meta (o, property, *item);
    }
}

/* One accessModeSufficient per set of modes in "textual, textual,visual":
 * sets are parted by a comma and a space, the modes of a set by a comma
 * alone (a YAML list of sets arrives so). */
static void
append_sufficient_sets (GString *o, const char *sets)
{
  g_auto (GStrv) items = g_strsplit (sets, ", ", -1);
  for (char **item = items; *item; item++)
    {
      g_strstrip (*item);
      if (**item)
        append_meta (o, "schema:accessModeSufficient", *item);
    }
}

static gboolean
has_pictures (const BfPublication *pub)
{
  return pub->n_pictures > 0;
}

/* Every picture has alt text, so the text alone carries the book. */
static gboolean
pictures_described (const BfPublication *pub)
{
  return pub->n_pictures_without_alt == 0;
}

static gboolean
has_page_list (const BfPublication *pub)
{
  return pub->pages->len > 0;
}

static char *
generated_features (const BfPublication *pub)
{
  GString *features = g_string_new ("structuralNavigation, tableOfContents, readingOrder, "
                                    "displayTransformability");
  if (has_pictures (pub) && pictures_described (pub))
    g_string_append (features, ", alternativeText");
  if (has_page_list (pub))
    g_string_append (features, ", pageNavigation");
  return g_string_free (features, FALSE);
}

static char *
generated_summary (const BfPublication *pub, gboolean conforms)
{
  GString *summary = g_string_new (
    "A reflowable book: text that can be resized and restyled, headings and a table of "
    "contents for navigation, and the reading order of the source.");
  if (has_pictures (pub) && pictures_described (pub))
    g_string_append (summary, " Every picture has a text description.");
  else if (has_pictures (pub))
    g_string_append_printf (summary, " %u of its %u pictures have no text description.",
                            pub->n_pictures_without_alt, pub->n_pictures);
  if (has_page_list (pub))
    g_string_append (summary, " A page list leads to the pages of the print edition.");
  g_string_append (summary, conforms ? " It is meant to meet WCAG 2.1 Level AA."
                                     : " It does not claim to meet WCAG 2.1 Level AA.");
  return g_string_free (summary, FALSE);
}

/* Who vouches for a conformance claim: the front matter's certifiedBy, else
 * the publisher, else the author, else the converter. */
static const char *
certifier (const BfDocument *doc)
{
  const char *names[] = { given (doc, "certifiedby"), bf_document_get_metadata (doc, "publisher"),
                          bf_document_get_metadata (doc, "author") };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i] && *names[i])
      return names[i];
  return "bifolio";
}

/* The conformance claim, or NULL for none ("none", "no" or "false" in the
 * front matter withdraw it). */
static const char *
conformance (const BfDocument *doc, const BfPublication *pub)
{
  const char *claim = given (doc, "conformsto");
  if (claim)
    {
      static const char *const refusals[] = { "none", "no", "false", NULL };
      g_autofree char *lower = g_ascii_strdown (claim, -1);
      return g_strv_contains (refusals, lower) ? NULL : claim;
    }
  return pictures_described (pub) ? WCAG_AA_CONFORMANCE : NULL;
}

void
bf_epub_append_accessibility (GString *o, const BfDocument *doc, const BfPublication *pub)
{
  const char *modes = given (doc, "accessmode");
  append_meta_list (o, "schema:accessMode",
                    modes ? modes : has_pictures (pub) ? "textual, visual" : "textual");
  const char *sufficient = given (doc, "sufficient");
  if (sufficient)
    append_sufficient_sets (o, sufficient);
  else
    {
      if (pictures_described (pub))
        append_meta (o, "schema:accessModeSufficient", "textual");
      if (has_pictures (pub))
        append_meta (o, "schema:accessModeSufficient", "textual,visual");
    }
  const char *features = given (doc, "features");
  g_autofree char *found = features ? NULL : generated_features (pub);
  append_meta_list (o, "schema:accessibilityFeature", features ? features : found);
  const char *hazard = given (doc, "hazard");
  append_meta_list (o, "schema:accessibilityHazard", hazard ? hazard : "none");

  const char *claim = conformance (doc, pub);
  const char *summary = given (doc, "summary");
  g_autofree char *written = summary ? NULL : generated_summary (pub, claim != NULL);
  append_meta (o, "schema:accessibilitySummary", summary ? summary : written);
  if (claim)
    {
      append_meta (o, "dcterms:conformsTo", claim);
      append_meta (o, "a11y:certifiedBy", certifier (doc));
      const char *credential = given (doc, "credential");
      if (credential)
        append_meta (o, "a11y:certifierCredential", credential);
    }
}

void
bf_epub_append_page_source (GString *o, const BfDocument *doc, const BfPublication *pub)
{
  if (!has_page_list (pub))
    return;
  const char *source = bf_document_get_metadata (doc, "source");
  if (!source || !*source)
    source = pub->identifier;
  g_autofree char *escaped = g_markup_escape_text (source, -1);
  g_string_append_printf (o, "    <dc:source id=\"print-source\">%s</dc:source>\n"
                             "    <meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n",
                          escaped);
}
