/* inline-svg.c — an <svg> written inside HTML (a chart, a diagram, an
 * icon) becomes a picture: an <img> whose src is the SVG as a data: URI,
 * so that the PDF draws it as vectors through the image stage (librsvg)
 * and the EPUB keeps it as a file of its own, as every picture is.  Its
 * text is drawn inside the picture; its name for a reader (aria-label, its
 * <title>, else its text) becomes the alt text, and its id, class, style,
 * hidden, width and height stay on the <img>.
 *
 * The HTML parser (libxml2) reads SVG as HTML: names in lower case and no
 * namespace.  The serialisation here puts back the mixed case of SVG's
 * names (the table is HTML's, §13.2.6.5, "adjust SVG attributes" and the
 * element names beside it) and the SVG and XLink namespaces.  A <use> that
 * points to an element of another <svg> in the page (an icon sprite) gets
 * a copy of that element in its picture's <defs>. */
#include "read/read.h"

#include <string.h>

#define SVG_NAMESPACE "http://www.w3.org/2000/svg"
#define XLINK_NAMESPACE "http://www.w3.org/1999/xlink"
#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"

static const char *const mixed_case_elements[] = {
  "altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion", "animateTransform",
  "clipPath", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
  "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
  "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode",
  "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
  "feTurbulence", "foreignObject", "glyphRef", "linearGradient", "radialGradient", "textPath",
};

static const char *const mixed_case_attributes[] = {
  "attributeName", "attributeType", "baseFrequency", "baseProfile", "calcMode", "clipPathUnits",
  "diffuseConstant", "edgeMode", "filterUnits", "glyphRef", "gradientTransform", "gradientUnits",
  "kernelMatrix", "kernelUnitLength", "keyPoints", "keySplines", "keyTimes", "lengthAdjust",
  "limitingConeAngle", "markerHeight", "markerUnits", "markerWidth", "maskContentUnits", "maskUnits",
  "numOctaves", "pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointsAtX",
  "pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio", "primitiveUnits", "refX", "refY",
  "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "specularConstant",
  "specularExponent", "spreadMethod", "startOffset", "stdDeviation", "stitchTiles", "surfaceScale",
  "systemLanguage", "tableValues", "targetX", "targetY", "textLength", "viewBox", "viewTarget",
  "xChannelSelector", "yChannelSelector", "zoomAndPan",
};

/* The attributes an <svg> hands on to the <img> it becomes. */
static const char *const kept_attributes[] = { "id", "class", "style", "hidden", "width", "height", "lang", "dir" };

static const char *
mixed_case (const xmlChar *name, const char *const *table, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!xmlStrcasecmp (name, BAD_CAST table[i]))
      return table[i];
  return NULL;
}

/* @svg's href to another element ("#id"), or NULL. */
static const xmlChar *
use_target (xmlNodePtr use)
{
  for (xmlAttrPtr a = use->properties; a; a = a->next)
    if ((!xmlStrcasecmp (a->name, BAD_CAST "href") || !xmlStrcasecmp (a->name, BAD_CAST "xlink:href"))
        && a->children && a->children->content && a->children->content[0] == '#')
      return a->children->content + 1;
  return NULL;
}

/* TRUE for a name with a prefix an SVG file would have to declare
 * (an editor's "inkscape:label", a namespace declaration), which the copy
 * leaves out; "xml:" needs no declaration and "xlink:" gets one. */
static gboolean
is_foreign_name (const xmlChar *name)
{
  const xmlChar *colon = xmlStrchr (name, ':');
  if (!xmlStrcasecmp (name, BAD_CAST "xmlns"))
    return TRUE;
  return colon && xmlStrncasecmp (name, BAD_CAST "xml:", 4) && xmlStrncasecmp (name, BAD_CAST "xlink:", 6);
}

/* SVG's names and namespaces back on @root's subtree (a copy, in a
 * document of its own). */
static void
restore_svg_names (xmlNodePtr root)
{
  xmlNsPtr svg = xmlNewNs (root, BAD_CAST SVG_NAMESPACE, NULL);
  xmlNsPtr xlink = xmlNewNs (root, BAD_CAST XLINK_NAMESPACE, BAD_CAST "xlink");
  for (xmlNodePtr n = root, next; n; n = next)
    {
      if (n->type == XML_ELEMENT_NODE && is_foreign_name (n->name))
        {
          next = bf_node_next_in_walk (n, root, FALSE);
          xmlUnlinkNode (n);
          xmlFreeNode (n);
          continue;
        }
      next = bf_node_next_in_walk (n, root, TRUE);
      if (n->type != XML_ELEMENT_NODE)
        continue;
      /* HTML inside a <foreignObject> stays HTML. */
      xmlNodePtr parent = n != root ? n->parent : NULL;
      if (parent && xmlStrEqual (parent->name, BAD_CAST "foreignObject"))
        {
          xmlSetNs (n, xmlNewNs (n, BAD_CAST XHTML_NAMESPACE, NULL));
          continue;
        }
      if (parent && parent->ns && parent->ns != svg)
        {
          xmlSetNs (n, parent->ns);
          continue;
        }
      xmlSetNs (n, svg);
      const char *element = mixed_case (n->name, mixed_case_elements, G_N_ELEMENTS (mixed_case_elements));
      if (element)
        xmlNodeSetName (n, BAD_CAST element);
      for (xmlAttrPtr a = n->properties, after; a; a = after)
        {
          after = a->next;
          if (is_foreign_name (a->name))
            {
              xmlRemoveProp (a);
              continue;
            }
          const char *attribute
              = mixed_case (a->name, mixed_case_attributes, G_N_ELEMENTS (mixed_case_attributes));
          if (attribute)
            xmlNodeSetName ((xmlNodePtr) a, BAD_CAST attribute);
          else if (!xmlStrncasecmp (a->name, BAD_CAST "xlink:", 6))
            {
              g_autofree char *local = g_strdup ((const char *) a->name + 6);
              xmlNodeSetName ((xmlNodePtr) a, BAD_CAST local);
              xmlSetNs ((xmlNodePtr) a, xlink);
            }
        }
    }
}

/* Copies into @root's <defs> the elements its <use>s point to that are
 * not inside it but in another <svg> of the page (@ids: id → element). */
static void
add_borrowed_definitions (xmlNodePtr root, GHashTable *ids)
{
  g_autoptr (GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) wanted = g_ptr_array_new ();
  for (xmlNodePtr n = root; n; n = bf_node_next_in_walk (n, root, TRUE))
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      g_autofree xmlChar *id = xmlGetProp (n, BAD_CAST "id");
      if (id)
        g_hash_table_add (own, g_strdup ((const char *) id));
      const xmlChar *target = bf_element_is (n, "use") ? use_target (n) : NULL;
      if (target)
        g_ptr_array_add (wanted, (gpointer) target);
    }
  xmlNodePtr defs = NULL;
  for (guint i = 0; i < wanted->len; i++)
    {
      const char *id = wanted->pdata[i];
      xmlNodePtr source = g_hash_table_lookup (ids, id);
      if (!source || g_hash_table_contains (own, id))
        continue;
      if (!defs)
        defs = xmlAddChild (root, xmlNewDocNode (root->doc, NULL, BAD_CAST "defs", NULL));
      xmlAddChild (defs, xmlDocCopyNode (source, root->doc, 1));
      g_hash_table_add (own, g_strdup (id));
    }
}

/* @svg as an SVG file's text (newly allocated). */
static char *
svg_file_text (xmlNodePtr svg, GHashTable *ids)
{
  xmlDocPtr file = xmlNewDoc (BAD_CAST "1.0");
  xmlNodePtr root = xmlDocCopyNode (svg, file, 1);
  xmlDocSetRootElement (file, root);
  add_borrowed_definitions (root, ids);
  restore_svg_names (root);
  xmlChar *text = NULL;
  int size = 0;
  xmlDocDumpMemoryEnc (file, &text, &size, "UTF-8");
  char *copy = g_strndup ((const char *) text, size);
  xmlFree (text);
  xmlFreeDoc (file);
  return copy;
}

/* What a reader is told the picture is: its aria-label, its <title>, or
 * else the words of its text; "" for one hidden from readers. */
static char *
svg_alt_text (xmlNodePtr svg)
{
  g_autofree xmlChar *hidden = xmlGetProp (svg, BAD_CAST "aria-hidden");
  if (hidden && !xmlStrcasecmp (hidden, BAD_CAST "true"))
    return g_strdup ("");
  g_autofree xmlChar *label = xmlGetProp (svg, BAD_CAST "aria-label");
  if (label && *label)
    return g_strdup ((const char *) label);
  for (xmlNodePtr c = svg->children; c; c = c->next)
    if (bf_element_is (c, "title"))
      {
        g_autofree xmlChar *title = xmlNodeGetContent (c);
        return g_strstrip (g_strdup ((const char *) title));
      }
  GString *words = g_string_new (NULL);
  for (xmlNodePtr n = svg; n; n = bf_node_next_in_walk (n, svg, !bf_element_is (n, "style")))
    if (n->type == XML_TEXT_NODE && n->content)
      {
        g_autofree char *piece = g_strstrip (g_strdup ((const char *) n->content));
        if (*piece)
          g_string_append_printf (words, "%s%s", words->len ? " " : "", piece);
      }
  return g_string_free (words, FALSE);
}

/* The <img> @svg becomes. */
static xmlNodePtr
picture_for_svg (xmlNodePtr svg, GHashTable *ids)
{
  g_autofree char *text = svg_file_text (svg, ids);
  g_autofree char *encoded = g_base64_encode ((const guchar *) text, strlen (text));
  g_autofree char *src = g_strconcat ("data:image/svg+xml;base64,", encoded, NULL);
  g_autofree char *alt = svg_alt_text (svg);
  xmlNodePtr img = xmlNewDocNode (svg->doc, NULL, BAD_CAST "img", NULL);
  img->line = svg->line;
  xmlNewProp (img, BAD_CAST "src", BAD_CAST src);
  xmlNewProp (img, BAD_CAST "alt", BAD_CAST alt);
  for (gsize i = 0; i < G_N_ELEMENTS (kept_attributes); i++)
    {
      g_autofree xmlChar *value = xmlGetProp (svg, BAD_CAST kept_attributes[i]);
      if (value)
        xmlNewProp (img, BAD_CAST kept_attributes[i], value);
    }
  return img;
}

void
bf_document_inline_svg_to_pictures (BfDocument *doc)
{
  xmlNodePtr body = bf_document_get_body (doc);
  g_autoptr (GPtrArray) svgs = g_ptr_array_new ();
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) xmlFree, NULL);
  for (xmlNodePtr n = body; n;)
    {
      if (!bf_element_is (n, "svg"))
        {
          n = bf_node_next_in_walk (n, body, TRUE);
          continue;
        }
      g_ptr_array_add (svgs, n);
      for (xmlNodePtr d = n; d; d = bf_node_next_in_walk (d, n, TRUE))
        {
          xmlChar *id = d->type == XML_ELEMENT_NODE ? xmlGetProp (d, BAD_CAST "id") : NULL;
          if (id && !g_hash_table_contains (ids, id))
            g_hash_table_insert (ids, id, d);
          else
            xmlFree (id);
        }
      n = bf_node_next_in_walk (n, body, FALSE);
    }
  /* Every picture is made before any <svg> leaves the tree: a sprite may
   * come after the icons that use it. */
  g_autoptr (GPtrArray) pictures = g_ptr_array_new ();
  for (guint i = 0; i < svgs->len; i++)
    g_ptr_array_add (pictures, picture_for_svg (svgs->pdata[i], ids));
  g_hash_table_remove_all (ids);
  for (guint i = 0; i < svgs->len; i++)
    {
      xmlNodePtr svg = svgs->pdata[i];
      xmlReplaceNode (svg, pictures->pdata[i]);
      xmlFreeNode (svg);
    }
}
