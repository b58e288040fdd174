/* notes.c — footnotes in one neutral form, whatever wrote them.  cmark-gfm,
 * kramdown, pandoc and hand-written HTML each mark notes their own way
 * (`<section class="footnotes" data-footnotes>`, `<div class="footnotes">`,
 * `role="doc-endnotes"`; references with `data-footnote-ref`, class
 * `footnote`, `footnote-ref` or `role="doc-noteref"`).  The read stage gives
 * every note section `data-footnotes`, every link to one of its notes
 * `data-footnote-ref`, and every link from a note back to its reference
 * `data-footnote-backref`, so layout and the EPUB read one form only. */
#include "read/read.h"

#include <string.h>

static gboolean
attribute_has_word (xmlNodePtr el, const char *attribute, const char *word)
{
  g_autofree xmlChar *value = xmlGetProp (el, BAD_CAST attribute);
  if (!value)
    return FALSE;
  g_auto (GStrv) words = g_strsplit_set ((const char *) value, " \t\n\r\f", -1);
  return g_strv_contains ((const char *const *) words, word);
}

static gboolean
is_note_section (xmlNodePtr el)
{
  return el->type == XML_ELEMENT_NODE
         && (bf_element_is_footnotes (el) || attribute_has_word (el, "role", "doc-endnotes")
             || attribute_has_word (el, "epub:type", "footnotes")
             || attribute_has_word (el, "epub:type", "endnotes"));
}

static gboolean
is_link (xmlNodePtr el)
{
  return el->type == XML_ELEMENT_NODE && xmlStrcasecmp (el->name, BAD_CAST "a") == 0;
}

/* The fragment an in-document link points to, or NULL. */
static char *
link_fragment (xmlNodePtr a)
{
  g_autofree xmlChar *href = xmlGetProp (a, BAD_CAST "href");
  if (!href || href[0] != '#' || !href[1])
    return NULL;
  return g_uri_unescape_string ((const char *) href + 1, NULL);
}

void
bf_document_normalize_notes (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  if (!body)
    return;
  /* The note sections, and the ids of their notes. */
  g_autoptr (GPtrArray) sections = g_ptr_array_new ();
  for (xmlNodePtr n = body->children; n;)
    {
      if (is_note_section (n))
        {
          g_ptr_array_add (sections, n);
          n = bf_node_next_in_walk (n, body, FALSE);
        }
      else
        n = bf_node_next_in_walk (n, body, TRUE);
    }
  if (!sections->len)
    return;
  g_autoptr (GHashTable) note_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < sections->len; i++)
    {
      xmlNodePtr section = sections->pdata[i];
      if (!xmlHasProp (section, BAD_CAST "data-footnotes"))
        xmlNewProp (section, BAD_CAST "data-footnotes", BAD_CAST "");
      for (xmlNodePtr n = section->children; n; n = bf_node_next_in_walk (n, section, TRUE))
        if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp (n->name, BAD_CAST "li") == 0)
          {
            xmlChar *id = xmlGetProp (n, BAD_CAST "id");
            if (id && *id)
              g_hash_table_add (note_ids, g_strdup ((const char *) id));
            xmlFree (id);
          }
    }
  /* References: links to a note from outside the sections.  Their ids (or
   * their parents', as kramdown puts it on the <sup>) are what a note's way
   * back points to. */
  g_autoptr (GHashTable) ref_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (xmlNodePtr n = body->children; n;)
    {
      if (is_note_section (n))
        {
          n = bf_node_next_in_walk (n, body, FALSE);
          continue;
        }
      g_autofree char *target = is_link (n) ? link_fragment (n) : NULL;
      if (target && g_hash_table_contains (note_ids, target))
        {
          if (!xmlHasProp (n, BAD_CAST "data-footnote-ref"))
            xmlNewProp (n, BAD_CAST "data-footnote-ref", BAD_CAST "");
          for (xmlNodePtr holder = n; holder && holder != body; holder = holder->parent)
            {
              xmlChar *id = xmlGetProp (holder, BAD_CAST "id");
              if (id && *id)
                g_hash_table_add (ref_ids, g_strdup ((const char *) id));
              xmlFree (id);
              if (holder != n)
                break;
            }
        }
      n = bf_node_next_in_walk (n, body, TRUE);
    }
  /* Ways back: links inside a note to a reference. */
  for (guint i = 0; i < sections->len; i++)
    {
      xmlNodePtr section = sections->pdata[i];
      for (xmlNodePtr n = section->children; n; n = bf_node_next_in_walk (n, section, TRUE))
        {
          g_autofree char *target = is_link (n) ? link_fragment (n) : NULL;
          if (!target || !g_hash_table_contains (ref_ids, target))
            continue;
          if (!xmlHasProp (n, BAD_CAST "data-footnote-backref"))
            xmlNewProp (n, BAD_CAST "data-footnote-backref", BAD_CAST "");
          if (!bf_element_has_class (n, "footnote-backref"))
            {
              g_autofree xmlChar *cls = xmlGetProp (n, BAD_CAST "class");
              g_autofree char *joined = cls ? g_strconcat ((const char *) cls, " footnote-backref", NULL)
                                            : g_strdup ("footnote-backref");
              xmlSetProp (n, BAD_CAST "class", BAD_CAST joined);
            }
        }
    }
}
