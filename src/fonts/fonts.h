/* fonts.h — bifolio's private font configuration: the bundled fonts/ folder
 * in its own fontconfig configuration and Pango font map, so the same input
 * gives the same pages on every machine.  System fonts join only when the
 * text has characters no bundled font covers, and then with a warning. */
#ifndef BF_FONTS_H
#define BF_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "common/common.h"

/* Invariants: font_map uses config; coverage is the union of the character
 * sets of the bundled fonts and of the faces added with bf_fonts_add_face().
 *
 * A BfFonts from bf_fonts_new() is never changed after it is made: layouts
 * only read it, from any number of threads.  One from
 * bf_fonts_new_for_layout() belongs to one layout (one thread) and may
 * grow: it shares its base's configuration and coverage (owns_config FALSE)
 * until a face is first added, then takes copies of its own. */
struct _BfFonts {
  gint ref_count;
  char *font_dir;
  FcConfig *config;
  PangoFontMap *font_map;    /* this object's own: one thread at a time */
  FcCharSet *coverage;
  gboolean for_layout;       /* from bf_fonts_new_for_layout(): may grow */
  gboolean owns_config;      /* config and coverage are not shared */
  gboolean has_system_fonts;
  GHashTable *sheet_faces;   /* "family\nweight\nitalic\npath" of faces added from @font-face */
  GHashTable *fallback_families; /* families of the bundled fallback faces, once loaded */
};

/* The folder under the font folder whose faces come in only for characters
 * the others lack (bf_fonts_add_system_fonts). */
#define BF_FALLBACK_FOLDER "fallback"

/* TRUE when @family is one of the bundled fallback faces (loaded). */
gboolean bf_fonts_is_fallback_family (BfFonts *fonts, const char *family);

/* A BfFonts for one layout: the fonts of @shared (which is only read, and
 * need not outlive it) on a font map of its own, to which the layout may
 * add the faces its document needs.  Returns a new reference. */
BfFonts *bf_fonts_new_for_layout (BfFonts *shared);

/* A new context on the private font map: 72 dpi (sizes in points), no
 * hinting and no rounding, so widths are the same in every output. */
PangoContext *bf_fonts_create_context (BfFonts *fonts);

/* Whether @c is drawn with a glyph: not a control (a line break), a format
 * character, a line or paragraph separator or a variation selector. */
gboolean bf_char_needs_glyph (gunichar c);

/* The characters of @text that no bundled font has, each once, in order of
 * first appearance, appended to @missing (a set of gunichar keys in @seen).
 * Control and format characters are not counted. */
void bf_fonts_collect_uncovered (BfFonts *fonts, const char *text, gssize length,
                                 GHashTable *seen, GString *missing);

/* Adds the font file at @path (its first face) under the family name
 * @family, for @weight and @italic, as a stylesheet's @font-face says; a
 * face already added is not added again.  Only on fonts from
 * bf_fonts_new_for_layout().  FALSE with @error set when the file is not a
 * font. */
gboolean bf_fonts_add_face (BfFonts *fonts, const char *path, const char *family, int weight,
                            gboolean italic, GError **error);

/* Adds the system's fonts behind the bundled ones, for fallback.  Only on
 * fonts from bf_fonts_new_for_layout(). */
void bf_fonts_add_system_fonts (BfFonts *fonts);

/* The family of the face @c is drawn in when text in @desc and @language
 * has it, as Pango chooses (the first face of the fontset that has the
 * character), or NULL when no face bifolio can use has it: the character is
 * drawn as an empty box.  A new string. */
char *bf_fonts_find_family_for_char (BfFonts *fonts, PangoContext *context,
                                     const PangoFontDescription *desc, PangoLanguage *language,
                                     gunichar c);

#endif
