/* fonts.c — the private font configuration (see fonts.h): the bundled
 * faces, the fontconfig rules that pick among them by language, the
 * system's fonts as a fallback, and which face a character is drawn in.
 *
 * The configuration bf_fonts_new() makes is never changed again, so any
 * number of layouts read it at once without a lock (fontconfig only reads a
 * configuration to match).  Each layout draws with a BfFonts of its own
 * (bf_fonts_new_for_layout()): a Pango font map, which is not to be shared
 * between threads, on the shared configuration — or, once the document
 * brings faces in, on a copy of it that holds them too. */
#include "fonts/fonts-private.h"

#include <fontconfig/fcfreetype.h>
#include <string.h>
#include <pango/pangofc-fontmap.h>

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in the folder @dir in their order (not the folder's, which
 * differs from machine to machine, and fonts met first win ties), or
 * NULL when it cannot be opened. */
static GPtrArray *
folder_names_new (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (d));)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static gboolean
is_font_file_name (const char *name)
{
  return g_str_has_suffix (name, ".ttf") || g_str_has_suffix (name, ".otf");
}

static gboolean
add_font_files (FcConfig *config, const char *dir, GError **error)
{
  g_autoptr (GPtrArray) entries = folder_names_new (dir);
  if (!entries)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot open the font folder", dir);
      return FALSE;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const char *entry = entries->pdata[i];
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          /* fallback/ is loaded only when a document needs it. */
          if (strcmp (entry, BF_FALLBACK_FOLDER) != 0 && !add_font_files (config, path, error))
            return FALSE;
        }
      else if (is_font_file_name (entry))
        bf_font_file_add_faces (config, path, NULL);
    }
  return TRUE;
}

/* Rules the private configuration applies to every font request, whatever
 * family list the style gives (fontconfig's fonts-conf(5) syntax):
 * - Hebrew has its own face, named after the families asked for, so it
 *   wins over any system font that also covers Hebrew;
 * - the faces of fonts/fallback/ are named after it, so that a character
 *   they have is drawn in them on every machine, not in a system font
 *   that has it too (DejaVu Sans has some emoji): first the Noto Sans
 *   faces of the scripts of South and South-East Asia, the Caucasus and
 *   Ethiopia (one script each: the language lists of translated READMEs),
 *   then Droid Sans Fallback (Chinese, Japanese, Korean), then Symbola
 *   (symbols, emoji), which share 8 characters;
 * - Urdu text asked in the Naskh face is set in Nastaliq, the style Urdu
 *   is written in; a family the author names first is kept;
 * - Noto Nastaliq Urdu Bold (2020) says it is of regular weight (OS/2
 *   usWeightClass 400), so it is taken for bold when it is read. */
static const char fallback_rules[] =
  "<?xml version=\"1.0\"?>\n"
  "<fontconfig>\n"
  "  <match target=\"pattern\">\n"
  "    <edit name=\"family\" mode=\"append_last\" binding=\"strong\">\n"
  "      <string>Noto Serif Hebrew</string>\n"
  "      <string>Noto Sans Devanagari</string>\n"
  "      <string>Noto Sans Bengali</string>\n"
  "      <string>Noto Sans Gujarati</string>\n"
  "      <string>Noto Sans Gurmukhi</string>\n"
  "      <string>Noto Sans Oriya</string>\n"
  "      <string>Noto Sans Tamil</string>\n"
  "      <string>Noto Sans Telugu</string>\n"
  "      <string>Noto Sans Kannada</string>\n"
  "      <string>Noto Sans Malayalam</string>\n"
  "      <string>Noto Sans Sinhala</string>\n"
  "      <string>Noto Sans Thai</string>\n"
  "      <string>Noto Sans Lao</string>\n"
  "      <string>Noto Sans Khmer</string>\n"
  "      <string>Noto Sans Myanmar</string>\n"
  "      <string>Noto Sans Georgian</string>\n"
  "      <string>Noto Sans Armenian</string>\n"
  "      <string>Noto Sans Ethiopic</string>\n"
  "      <string>Droid Sans Fallback</string>\n"
  "      <string>Symbola</string>\n"
  "    </edit>\n"
  "  </match>\n"
  "  <match target=\"pattern\">\n"
  "    <test name=\"lang\" compare=\"eq\"><string>ur</string></test>\n"
  "    <test name=\"family\" qual=\"first\"><string>Noto Naskh Arabic</string></test>\n"
  "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\">\n"
  "      <string>Noto Nastaliq Urdu</string>\n"
  "    </edit>\n"
  "  </match>\n"
  "  <match target=\"pattern\">\n"
  "    <test name=\"lang\" compare=\"contains\"><string>ur-</string></test>\n"
  "    <test name=\"family\" qual=\"first\"><string>Noto Naskh Arabic</string></test>\n"
  "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\">\n"
  "      <string>Noto Nastaliq Urdu</string>\n"
  "    </edit>\n"
  "  </match>\n"
  "  <match target=\"scan\">\n"
  "    <test name=\"family\"><string>Noto Nastaliq Urdu</string></test>\n"
  "    <test name=\"style\"><string>Bold</string></test>\n"
  "    <edit name=\"weight\" mode=\"assign\"><const>bold</const></edit>\n"
  "  </match>\n"
  "</fontconfig>\n";

static FcCharSet *
union_coverage (FcConfig *config)
{
  FcCharSet *all = FcCharSetCreate ();
  FcFontSet *set = FcConfigGetFonts (config, FcSetApplication);
  for (int i = 0; set && i < set->nfont; i++)
    {
      FcCharSet *cs = NULL;
      if (FcPatternGetCharSet (set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch)
        FcCharSetMerge (all, cs, NULL);
    }
  return all;
}

/* A configuration with bifolio's rules and no fonts. */
static FcConfig *
config_new_with_rules (void)
{
  FcConfig *config = FcConfigCreate ();
  if (!FcConfigParseAndLoadFromMemory (config, (const FcChar8 *) fallback_rules, FcTrue))
    g_warn_if_reached ();
  return config;
}

static void
set_font_map_config (PangoFontMap *font_map, FcConfig *config)
{
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (font_map), config);
}

static BfFonts *
fonts_new (char *font_dir, FcConfig *config, FcCharSet *coverage, gboolean owns_config)
{
  BfFonts *fonts = g_new0 (BfFonts, 1);
  fonts->ref_count = 1;
  fonts->font_dir = font_dir;
  fonts->config = config;
  fonts->coverage = coverage;
  fonts->owns_config = owns_config;
  fonts->sheet_faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fonts->font_map = pango_cairo_font_map_new_for_font_type (CAIRO_FONT_TYPE_FT);
  set_font_map_config (fonts->font_map, config);
  return fonts;
}

BfFonts *
bf_fonts_new (const char *font_dir, GError **error)
{
  g_autofree char *dir = font_dir ? g_strdup (font_dir)
                                  : g_build_filename (bf_data_dir (), "fonts", NULL);
  FcConfig *config = config_new_with_rules ();
  if (!add_font_files (config, dir, error))
    {
      FcConfigDestroy (config);
      return NULL;
    }
  FcFontSet *set = FcConfigGetFonts (config, FcSetApplication);
  if (!set || set->nfont == 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: no fonts in the font folder", dir);
      FcConfigDestroy (config);
      return NULL;
    }
  return fonts_new (g_steal_pointer (&dir), config, union_coverage (config), TRUE);
}

BfFonts *
bf_fonts_new_for_layout (BfFonts *shared)
{
  g_return_val_if_fail (shared != NULL, NULL);
  /* The reference counts of a configuration and a character set are
   * atomic: taking them is only reading. */
  FcConfigReference (shared->config);
  BfFonts *fonts = fonts_new (g_strdup (shared->font_dir), shared->config,
                              FcCharSetCopy (shared->coverage), FALSE);
  fonts->for_layout = TRUE;
  return fonts;
}

/* Before @fonts first grows: a configuration and a coverage of its own,
 * copies of the shared ones (the same font patterns, referenced, in the
 * same order), set on its font map. */
static void
take_own_config (BfFonts *fonts)
{
  if (fonts->owns_config)
    return;
  FcConfig *config = config_new_with_rules ();
  /* fontconfig makes a configuration's set of application fonts only when
   * a file is added; a path that names no file makes it empty. */
  FcConfigAppFontAddFile (config, (const FcChar8 *) "");
  FcFontSet *ours = FcConfigGetFonts (config, FcSetApplication);
  FcFontSet *theirs = FcConfigGetFonts (fonts->config, FcSetApplication);
  for (int i = 0; ours && theirs && i < theirs->nfont; i++)
    {
      FcPatternReference (theirs->fonts[i]);
      if (!FcFontSetAdd (ours, theirs->fonts[i]))
        FcPatternDestroy (theirs->fonts[i]);
    }
  FcCharSet *coverage = FcCharSetCreate ();
  FcCharSetMerge (coverage, fonts->coverage, NULL);
  FcCharSetDestroy (fonts->coverage);
  fonts->coverage = coverage;
  set_font_map_config (fonts->font_map, config);
  FcConfigDestroy (fonts->config);
  fonts->config = config;
  fonts->owns_config = TRUE;
}

BfFonts *
bf_fonts_ref (BfFonts *fonts)
{
  g_return_val_if_fail (fonts != NULL, NULL);
  g_atomic_int_inc (&fonts->ref_count);
  return fonts;
}

void
bf_fonts_unref (BfFonts *fonts)
{
  if (!fonts || !g_atomic_int_dec_and_test (&fonts->ref_count))
    return;
  /* Pango 1.50 keeps its reference on the configuration past the font
   * map's end unless the configuration is taken back first. */
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (fonts->font_map), NULL);
  g_object_unref (fonts->font_map);
  FcCharSetDestroy (fonts->coverage);
  FcConfigDestroy (fonts->config);
  g_hash_table_unref (fonts->sheet_faces);
  if (fonts->fallback_families)
    g_hash_table_unref (fonts->fallback_families);
  g_free (fonts->font_dir);
  g_free (fonts);
}

PangoContext *
bf_fonts_create_context (BfFonts *fonts)
{
  PangoContext *context = pango_font_map_create_context (fonts->font_map);
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

gboolean
bf_char_needs_glyph (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return FALSE;
    default:
      return !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0xE0100 && c <= 0xE01EF);
    }
}

void
bf_fonts_collect_uncovered (BfFonts *fonts, const char *text, gssize length,
                            GHashTable *seen, GString *missing)
{
  const char *end = text + (length < 0 ? (gssize) strlen (text) : length);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x7F || !bf_char_needs_glyph (c) || FcCharSetHasChar (fonts->coverage, c))
        continue;
      if (g_hash_table_add (seen, GUINT_TO_POINTER (c)))
        g_string_append_unichar (missing, c);
    }
}

/* Whether @face is a colour font (emoji: glyphs that are pictures, in
 * CBDT or sbix tables, or colour layers, COLR).  Cairo 1.16 cannot put
 * their glyphs in a PDF with their text: it draws a picture at its size
 * in the font (a hand's height for a 10 pt emoji, over the text around
 * it), and layers in colour, but either with no text in the text layer;
 * and Noto Color Emoji's, in a tagged PDF, it cannot write at all
 * ("invalid tag name, attributes, or nesting").  So they are never used:
 * their characters fall back as any other's. */
static gboolean
is_colour_font (FcPattern *face)
{
  FcBool colour = FcFalse;
  return FcPatternGetBool (face, FC_COLOR, 0, &colour) == FcResultMatch && colour;
}

gboolean
bf_fonts_add_face (BfFonts *fonts, const char *path, const char *family, int weight,
                   gboolean italic, GError **error)
{
  g_return_val_if_fail (fonts->for_layout, FALSE);
  g_autofree char *key = g_strdup_printf ("%s\n%d\n%d\n%s", family, weight, italic, path);
  if (g_hash_table_contains (fonts->sheet_faces, key))
    return TRUE;
  int count = 0;
  FcPattern *pattern = FcFreeTypeQuery ((const FcChar8 *) path, 0, NULL, &count);
  if (!pattern)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: not a font bifolio can read", path);
      return FALSE;
    }
  if (is_colour_font (pattern))
    {
      FcPatternDestroy (pattern);
      g_set_error (error, BF_ERROR, BF_ERROR_UNSUPPORTED,
                   "%s: a colour font, which bifolio cannot put in a PDF with its text",
                   path);
      return FALSE;
    }
  take_own_config (fonts);
  /* The face answers to the sheet's name, weight and style only. */
  FcPatternDel (pattern, FC_FAMILY);
  FcPatternDel (pattern, FC_FAMILYLANG);
  FcPatternDel (pattern, FC_WEIGHT);
  FcPatternDel (pattern, FC_SLANT);
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  FcPatternAddInteger (pattern, FC_WEIGHT, (int) FcWeightFromOpenTypeDouble (weight));
  FcPatternAddInteger (pattern, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  bf_font_pattern_add_face (pattern);
  FcCharSet *cs = NULL;
  if (FcPatternGetCharSet (pattern, FC_CHARSET, 0, &cs) == FcResultMatch)
    FcCharSetMerge (fonts->coverage, cs, NULL);
  FcFontSet *ours = FcConfigGetFonts (fonts->config, FcSetApplication);
  if (!ours || !FcFontSetAdd (ours, pattern))
    FcPatternDestroy (pattern);
  g_hash_table_add (fonts->sheet_faces, g_steal_pointer (&key));
  pango_fc_font_map_config_changed (PANGO_FC_FONT_MAP (fonts->font_map));
  return TRUE;
}

gboolean
bf_fonts_is_fallback_family (BfFonts *fonts, const char *family)
{
  return family && fonts->fallback_families
         && g_hash_table_contains (fonts->fallback_families, family);
}

/* The bundled fallback faces (fonts/fallback/: scripts none of the main
 * faces has, such as Chinese, Japanese and Korean), appended after the
 * main ones; their families are remembered, so that warnings do not call
 * them the system's.  Loading them costs every run that does not need them
 * about 5%, so they come in only here. */
static void
add_fallback_faces (BfFonts *fonts)
{
  g_autofree char *dir = g_build_filename (fonts->font_dir, BF_FALLBACK_FOLDER, NULL);
  g_autoptr (GPtrArray) entries = folder_names_new (dir);
  fonts->fallback_families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) added = g_ptr_array_new ();
  for (guint i = 0; entries && i < entries->len; i++)
    {
      const char *entry = entries->pdata[i];
      if (!is_font_file_name (entry))
        continue;
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      bf_font_file_add_faces (fonts->config, path, added);
    }
  for (guint i = 0; i < added->len; i++)
    {
      FcChar8 *family = NULL;
      if (FcPatternGetString (added->pdata[i], FC_FAMILY, 0, &family) == FcResultMatch)
        g_hash_table_add (fonts->fallback_families, g_strdup ((const char *) family));
      FcCharSet *chars = NULL;
      if (FcPatternGetCharSet (added->pdata[i], FC_CHARSET, 0, &chars) == FcResultMatch)
        FcCharSetMerge (fonts->coverage, chars, NULL);
    }
}

void
bf_fonts_add_system_fonts (BfFonts *fonts)
{
  g_return_if_fail (fonts->for_layout);
  if (fonts->has_system_fonts)
    return;
  take_own_config (fonts);
  add_fallback_faces (fonts);
  /* The system's fonts as its own configuration has them (from its caches,
   * without scanning), appended after the bundled ones; not its colour
   * fonts. */
  FcConfig *system = FcInitLoadConfigAndFonts ();
  FcFontSet *system_set = system ? FcConfigGetFonts (system, FcSetSystem) : NULL;
  FcFontSet *ours = FcConfigGetFonts (fonts->config, FcSetApplication);
  for (int i = 0; system_set && ours && i < system_set->nfont; i++)
    {
      if (is_colour_font (system_set->fonts[i]))
        continue;
      FcPattern *copy = FcPatternDuplicate (system_set->fonts[i]);
      bf_font_pattern_add_face (copy);
      if (!FcFontSetAdd (ours, copy))
        FcPatternDestroy (copy);
    }
  if (system)
    FcConfigDestroy (system);
  pango_fc_font_map_config_changed (PANGO_FC_FONT_MAP (fonts->font_map));
  fonts->has_system_fonts = TRUE;
}

char *
bf_fonts_find_family_for_char (BfFonts *fonts, PangoContext *context,
                               const PangoFontDescription *desc, PangoLanguage *language,
                               gunichar c)
{
  PangoFontset *fontset = pango_font_map_load_fontset (fonts->font_map, context, desc, language);
  if (!fontset)
    return NULL;
  /* A fontset gives its first face when none has the character. */
  g_autoptr (PangoFont) font = pango_fontset_get_font (fontset, c);
  g_object_unref (fontset);
  if (!font || !pango_font_has_char (font, c))
    return NULL;
  g_autoptr (PangoFontDescription) found = pango_font_describe (font);
  return g_strdup (pango_font_description_get_family (found));
}
