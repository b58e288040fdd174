/* fonts.c — the fonts an EPUB carries: the bundled faces the book's text
 * uses, each subset to the characters it has of that text with HarfBuzz's
 * hb-subset (layout tables kept, so Persian still joins), declared with
 * @font-face in the stylesheet.
 *
 * Which faces: Noto Serif always (its four styles, as the text uses them),
 * Noto Naskh Arabic when there is Arabic-script text, Noto Serif Hebrew when
 * there is Hebrew, Noto Nastaliq Urdu for the text of lang="ur" elements
 * (subset to that text only), Noto Sans Mono when there is code, Amiri only
 * for characters none of those has; then, for characters none of those has
 * either, the faces of fonts/fallback (the Noto Sans faces of seventeen
 * scripts, then Droid Sans Fallback, then Symbola, as in the PDF), each
 * only when it has one of them, under its own family name, which the
 * stylesheets' font-family lists then name (bf_css_stylesheet_serialize_for_epub). */
#include "epub/epub.h"
#include "fonts/fonts.h"
#include "style/cascade.h"

#include <hb-subset.h>
#include <string.h>

typedef struct {
  const char *file;      /* under fonts/ */
  const char *family;
  int weight;
  gboolean italic;
  const char *needs;     /* "text", "italic", "bold", "bold-italic", "arabic",
                            "arabic-bold", "hebrew", "hebrew-bold", "urdu",
                            "urdu-bold", "code" or "rest": see face_needed */
} Face;

static const Face faces[] = {
  { "noto/NotoSerif-Regular.ttf", "Noto Serif", 400, FALSE, "text" },
  { "noto/NotoSerif-Italic.ttf", "Noto Serif", 400, TRUE, "italic" },
  { "noto/NotoSerif-Bold.ttf", "Noto Serif", 700, FALSE, "bold" },
  { "noto/NotoSerif-BoldItalic.ttf", "Noto Serif", 700, TRUE, "bold-italic" },
  { "noto/NotoNaskhArabic-Regular.ttf", "Noto Naskh Arabic", 400, FALSE, "arabic" },
  { "noto/NotoNaskhArabic-Bold.ttf", "Noto Naskh Arabic", 700, FALSE, "arabic-bold" },
  { "noto/NotoSerifHebrew-Regular.ttf", "Noto Serif Hebrew", 400, FALSE, "hebrew" },
  { "noto/NotoSerifHebrew-Bold.ttf", "Noto Serif Hebrew", 700, FALSE, "hebrew-bold" },
  { "noto/NotoNastaliqUrdu-Regular.ttf", "Noto Nastaliq Urdu", 400, FALSE, "urdu" },
  { "noto/NotoNastaliqUrdu-Bold.ttf", "Noto Nastaliq Urdu", 700, FALSE, "urdu-bold" },
  { "noto/NotoSansMono-Regular.ttf", "Noto Sans Mono", 400, FALSE, "code" },
  { "amiri/Amiri-Regular.ttf", "Amiri", 400, FALSE, "rest" },
};

typedef struct {
  GHashTable *chars;       /* gunichar set of all text */
  GHashTable *urdu_chars;  /* gunichar set of the text in Urdu, not code */
  gboolean arabic, hebrew, code, italic, bold, bold_italic, urdu_bold;
} TextUse;

/* TRUE when @lang is Urdu ("ur", "ur-PK"…). */
static gboolean
is_urdu (const char *lang)
{
  return lang && !g_ascii_strncasecmp (lang, "ur", 2)
         && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/* What the text needs, by the same computed styles the PDF is set with. */
static void
collect_use (const BfStyler *styler, GHashTable *digits, xmlNodePtr node,
             const BfComputedStyle *parent, TextUse *use)
{
  for (xmlNodePtr n = node; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE && n->content)
        {
          gboolean visible = FALSE;
          gboolean code = strstr (parent->font_family, "Mono") != NULL;
          gboolean urdu = is_urdu (parent->lang) && !code;
          const char *text = digits ? g_hash_table_lookup (digits, n) : NULL;
          for (const char *p = text ? text : (const char *) n->content; *p; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              g_hash_table_add (use->chars, GUINT_TO_POINTER (c));
              if (urdu)
                g_hash_table_add (use->urdu_chars, GUINT_TO_POINTER (c));
              visible |= !g_unichar_isspace (c);
              GUnicodeScript script = g_unichar_get_script (c);
              use->arabic |= script == G_UNICODE_SCRIPT_ARABIC;
              use->hebrew |= script == G_UNICODE_SCRIPT_HEBREW;
            }
          if (!visible)
            continue;
          gboolean bold = parent->font_weight >= 600, italic = parent->italic;
          use->code |= code;
          use->urdu_bold |= urdu && bold;
          use->italic |= italic && !bold;
          use->bold |= bold && !italic;
          use->bold_italic |= bold && italic;
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      BfComputedStyle style;
      bf_styler_compute (styler, parent, n, &style);
      if (style.display != BF_DISPLAY_NONE)
        collect_use (styler, digits, n->children, &style, use);
    }
}

static gboolean
face_needed (const Face *face, const TextUse *use)
{
  const char *n = face->needs;
  return !strcmp (n, "text") || (!strcmp (n, "italic") && use->italic)
         || (!strcmp (n, "bold") && use->bold) || (!strcmp (n, "bold-italic") && use->bold_italic)
         || (!strcmp (n, "arabic") && use->arabic)
         || (!strcmp (n, "arabic-bold") && use->arabic && (use->bold || use->bold_italic))
         || (!strcmp (n, "hebrew") && use->hebrew)
         || (!strcmp (n, "hebrew-bold") && use->hebrew && (use->bold || use->bold_italic))
         || (!strcmp (n, "urdu") && g_hash_table_size (use->urdu_chars))
         || (!strcmp (n, "urdu-bold") && use->urdu_bold)
         || (!strcmp (n, "code") && use->code) || !strcmp (n, "rest");
}

/* @face subset to the characters of @chars it has and @claimed lacks; NULL
 * when that leaves nothing (or, for the last resort, nothing new). */
static GBytes *
subset_hb_face (hb_face_t *face, GHashTable *chars, hb_set_t *claimed, gboolean only_unclaimed)
{
  hb_set_t *covered = hb_set_create ();
  hb_face_collect_unicodes (face, covered);

  hb_subset_input_t *input = hb_subset_input_create_or_fail ();
  if (!input)
    {
      hb_set_destroy (covered);
      return NULL;
    }
  hb_set_t *unicodes = hb_subset_input_unicode_set (input);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, chars);
  int count = 0;
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      hb_codepoint_t c = GPOINTER_TO_UINT (key);
      if (!hb_set_has (covered, c) || (only_unclaimed && hb_set_has (claimed, c)))
        continue;
      hb_set_add (unicodes, c);
      count++;
    }
  /* Keep every layout feature: Arabic joining, marks, ligatures. */
  hb_set_add_range (hb_subset_input_set (input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG), 0, (hb_codepoint_t) -1);
  GBytes *bytes = NULL;
  if (count > 0)
    {
      hb_face_t *subset = hb_subset_or_fail (face, input);
      if (subset)
        {
          hb_blob_t *out = hb_face_reference_blob (subset);
          unsigned int length;
          const char *data = hb_blob_get_data (out, &length);
          if (length)
            bytes = g_bytes_new (data, length);
          hb_blob_destroy (out);
          hb_face_destroy (subset);
        }
      hb_set_union (claimed, unicodes);
    }
  hb_subset_input_destroy (input);
  hb_set_destroy (covered);
  return bytes;
}

/* The font file @path as a HarfBuzz face, or NULL when it cannot be read. */
static hb_face_t *
face_of_file (const char *path)
{
  hb_blob_t *blob = hb_blob_create_from_file_or_fail (path);
  if (!blob)
    return NULL;
  hb_face_t *face = hb_face_create (blob, 0);
  hb_blob_destroy (blob);
  return face;
}

/* subset_hb_face() of the font file @path. */
static GBytes *
subset_face (const char *path, GHashTable *chars, hb_set_t *claimed, gboolean only_unclaimed)
{
  hb_face_t *face = face_of_file (path);
  if (!face)
    return NULL;
  GBytes *bytes = subset_hb_face (face, chars, claimed, only_unclaimed);
  hb_face_destroy (face);
  return bytes;
}

/* The @font-face rule that declares an embedded face. */
static void
append_font_face (GString *css, const char *family, int weight, gboolean italic, const char *path)
{
  g_string_append (css, "@font-face {\n  font-family: ");
  bf_css_append_string (css, family);
  g_string_append_printf (css, ";\n  font-weight: %d;\n  font-style: %s;\n  src: url(", weight,
                          italic ? "italic" : "normal");
  bf_css_append_string (css, path);
  g_string_append (css, ");\n}\n");
}

/* The faces of the sheets' @font-face rules, subset like the bundled ones
 * (or copied whole when HarfBuzz cannot read them, as WOFF files), under
 * the family names the sheets use. */
static void
embed_font_faces (const BfStyler *styler, GHashTable *chars, hb_set_t *claimed, GPtrArray *items,
                  GString *css)
{
  GPtrArray *faces = bf_styler_get_font_faces (styler);
  for (guint i = 0; i < faces->len; i++)
    {
      const BfFontFace *face = faces->pdata[i];
      GBytes *data = subset_face (face->path, chars, claimed, FALSE);
      if (!data)
        {
          char *raw;
          gsize size;
          if (!g_file_get_contents (face->path, &raw, &size, NULL))
            continue;
          data = g_bytes_new_take (raw, size);
        }
      g_autofree char *base = g_path_get_basename (face->path);
      for (char *p = base; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
          *p = '_';
      const char *type = g_str_has_suffix (base, ".otf") ? "font/otf"
                         : g_str_has_suffix (base, ".woff") ? "font/woff"
                         : g_str_has_suffix (base, ".woff2") ? "font/woff2" : "font/ttf";
      BfEpubItem *item = bf_epub_item_new (g_strdup_printf ("fonts/sheet-%u-%s", i + 1, base), data,
                                           type);
      g_ptr_array_add (items, item);
      append_font_face (css, face->family, face->weight, face->italic, item->path);
    }
}

/* Whether some character of @chars that needs a glyph is in no face
 * embedded so far. */
static gboolean
has_unclaimed (GHashTable *chars, hb_set_t *claimed)
{
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, chars);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gunichar c = GPOINTER_TO_UINT (key);
      if (bf_char_needs_glyph (c) && !hb_set_has (claimed, c))
        return TRUE;
    }
  return FALSE;
}

/* The family name of @face, or NULL. */
static char *
family_of_face (hb_face_t *face)
{
  char name[256];
  unsigned int size = sizeof name;
  unsigned int length = hb_ot_name_get_utf8 (face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY,
                                             HB_LANGUAGE_INVALID, &size, name);
  if (length == 0)
    {
      size = sizeof name;
      length = hb_ot_name_get_utf8 (face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &size,
                                    name);
    }
  return length ? g_strdup (name) : NULL;
}

/* Orders the fallback faces as the PDF's font rules do: the Noto Sans
 * script faces first, then the rest by name (Droid Sans Fallback, Symbola). */
static gint
compare_fallback_files (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  gboolean noto_x = g_str_has_prefix (x, "Noto"), noto_y = g_str_has_prefix (y, "Noto");
  if (noto_x != noto_y)
    return noto_x ? -1 : 1;
  return strcmp (x, y);
}

/* The faces of fonts/fallback that have characters of @chars no face
 * embedded so far has, subset to those, as items; their families are
 * appended to @families. */
static void
embed_fallback_faces (GHashTable *chars, hb_set_t *claimed, GPtrArray *items, GString *css,
                      GPtrArray *families)
{
  if (!has_unclaimed (chars, claimed))
    return;
  g_autofree char *dir = g_build_filename (bf_data_dir (), "fonts", BF_FALLBACK_FOLDER, NULL);
  g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
  if (!folder)
    return;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (folder));)
    if (g_str_has_suffix (name, ".ttf") || g_str_has_suffix (name, ".otf"))
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_fallback_files);
  for (guint i = 0; i < files->len && has_unclaimed (chars, claimed); i++)
    {
      const char *file = files->pdata[i];
      g_autofree char *path = g_build_filename (dir, file, NULL);
      hb_face_t *face = face_of_file (path);
      if (!face)
        continue;
      g_autofree char *family = family_of_face (face);
      GBytes *data = family ? subset_hb_face (face, chars, claimed, TRUE) : NULL;
      hb_face_destroy (face);
      if (!data)
        continue;
      BfEpubItem *item = bf_epub_item_new (g_strconcat ("fonts/", file, NULL), data,
                                           g_str_has_suffix (file, ".otf") ? "font/otf" : "font/ttf");
      g_ptr_array_add (items, item);
      append_font_face (css, family, 400, FALSE, item->path);
      g_ptr_array_add (families, g_steal_pointer (&family));
    }
}

GPtrArray *
bf_epub_embed_fonts (const BfDocument *doc, const BfStyler *styler, GHashTable *digits,
                     GString *css, GPtrArray *fallback_families)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_epub_item_free);
  TextUse use = { g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL) };
  BfComputedStyle root;
  bf_style_init_root (&root);
  collect_use (styler, digits, xmlDocGetRootElement (doc->tree), &root, &use);
  hb_set_t *claimed = hb_set_create ();
  embed_font_faces (styler, use.chars, claimed, items, css);
  for (gsize i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      const Face *face = &faces[i];
      if (!face_needed (face, &use))
        continue;
      g_autofree char *path = g_build_filename (bf_data_dir (), "fonts", face->file, NULL);
      gboolean urdu = g_str_has_prefix (face->needs, "urdu");
      GBytes *data = subset_face (path, urdu ? use.urdu_chars : use.chars, claimed,
                                  !strcmp (face->needs, "rest"));
      if (!data)
        continue;
      g_autofree char *base = g_path_get_basename (face->file);
      BfEpubItem *item = bf_epub_item_new (g_strconcat ("fonts/", base, NULL), data, "font/ttf");
      g_ptr_array_add (items, item);
      append_font_face (css, face->family, face->weight, face->italic, item->path);
    }
  embed_fallback_faces (use.chars, claimed, items, css, fallback_families);
  hb_set_destroy (claimed);
  g_hash_table_unref (use.chars);
  g_hash_table_unref (use.urdu_chars);
  return items;
}
