/* test-fonts.c — a BfFonts is only read by the layouts that use it: what one
 * document brings in (its @font-face faces, the system's fonts for characters
 * no bundled font has) never reaches the next document typeset with the same
 * BfFonts; and Cairo draws with FreeType faces bifolio holds open. */
#define _GNU_SOURCE
#include "bifolio.h"

#include <string.h>

#include <cairo-ft.h>
#include <fontconfig/fcfreetype.h>
#include <pango/pangofc-font.h>

#include "fonts/fonts-private.h"

#include <glib/gstdio.h>
#include <unistd.h>

/* A sheet face: the bundled Amiri under a family name no font has. */
#define SHEET_FAMILY "Fontsref Sheet Face"

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
typeset (BfFonts *fonts, const char *path)
{
  GError *error = NULL;
  g_autoptr (BfDocument) doc = bf_document_load (path, BF_INPUT_AUTO, &error);
  g_assert_no_error (error);
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = bf_layout_new (fonts, doc, &setup, &error);
  g_assert_no_error (error);
  GBytes *pdf = bf_layout_write_pdf_to_bytes (layout, &error);
  g_assert_no_error (error);
  return pdf;
}

static gboolean
pdf_names (GBytes *pdf, const char *name)
{
  /* The PDF's fonts as pdffonts lists them (their objects may be in
   * compressed object streams). */
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("bifolio-fonts-XXXXXX.pdf", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  g_assert_true (g_file_set_contents (path, data, (gssize) size, NULL));
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = NULL;
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, NULL));
  g_unlink (path);
  return strstr (out, name) != NULL;
}

/* Document A asks first for the sheet's family, then for the generic
 * sans-serif: with the bundled fonts alone, neither exists and the text is
 * set in the bundled Noto Serif.  Document B declares the sheet face and
 * has an Armenian letter, which none of the main bundled faces has (the
 * fallback faces and the system's join).  A typeset again after B must come out byte for byte as before. */
static void
test_layouts_leave_fonts_alone (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bifolio-fonts-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_autofree char *amiri = g_build_filename (g_getenv ("BIFOLIO_DATA_DIR"), "fonts", "amiri",
                                             "Amiri-Regular.ttf", NULL);
  g_autofree char *face_data = NULL;
  gsize face_size = 0;
  GError *error = NULL;
  g_file_get_contents (amiri, &face_data, &face_size, &error);
  g_assert_no_error (error);
  g_autofree char *face = g_build_filename (dir, "sheet-face.ttf", NULL);
  g_file_set_contents (face, face_data, (gssize) face_size, &error);
  g_assert_no_error (error);

  g_autofree char *a = write_file (dir, "a.html",
                                   "<!DOCTYPE html><html lang=\"en\"><head><title>A</title><style>"
                                   "p { font-family: \"" SHEET_FAMILY "\", sans-serif }"
                                   "</style></head><body><p>The quick brown fox jumps over the "
                                   "lazy dog.</p></body></html>\n");
  g_autofree char *b = write_file (dir, "b.html",
                                   "<!DOCTYPE html><html lang=\"en\"><head><title>B</title><style>"
                                   "@font-face { font-family: \"" SHEET_FAMILY "\"; "
                                   "src: url(sheet-face.ttf) }"
                                   "p { font-family: \"" SHEET_FAMILY "\" }"
                                   "</style></head><body><p>Armenian \u0532 in the sheet's "
                                   "face.</p></body></html>\n");

  g_autoptr (BfFonts) fonts = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  GBytes *first = typeset (fonts, a);
  GBytes *between = typeset (fonts, b);
  GBytes *again = typeset (fonts, a);

  /* B got what it asked for: Amiri (the sheet face's file) is embedded. */
  g_assert_true (pdf_names (between, "Amiri"));
  /* A did not, either time: its text is in the bundled Noto Serif. */
  g_assert_true (pdf_names (first, "NotoSerif"));
  g_assert_false (pdf_names (first, "Amiri"));
  g_assert_cmpuint (g_bytes_get_size (first), ==, g_bytes_get_size (again));
  g_assert_true (g_bytes_equal (first, again));

  g_bytes_unref (first);
  g_bytes_unref (between);
  g_bytes_unref (again);
  g_unlink (a);
  g_unlink (b);
  g_unlink (face);
  g_rmdir (dir);
}

/* The FreeType face a pattern carries, or NULL. */
static FT_Face
pattern_face (FcPattern *pattern)
{
  FT_Face face = NULL;
  return FcPatternGetFTFace (pattern, FC_FT_FACE, 0, &face) == FcResultMatch ? face : NULL;
}

/* Whether Pango's font for @family and @weight is drawn by Cairo with the
 * FreeType face its pattern carries. */
static gboolean
cairo_draws_with_pattern_face (BfFonts *fonts, const char *family, PangoWeight weight)
{
  PangoContext *context = bf_fonts_create_context (fonts);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string (family);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_size (desc, 10 * PANGO_SCALE);
  g_autoptr (PangoFont) font = pango_font_map_load_font (fonts->font_map, context, desc);
  g_object_unref (context);
  g_assert_nonnull (font);
  FT_Face ours = pattern_face (pango_fc_font_get_pattern (PANGO_FC_FONT (font)));
  cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  FT_Face cairos = cairo_ft_scaled_font_lock_face (scaled);
  cairo_ft_scaled_font_unlock_face (scaled);
  return ours && ours == cairos;
}

/* Cairo 1.16 closes a FreeType face it opened itself when ten are open,
 * even one another thread is drawing with (src/fonts/face-handles.c); a
 * face it is given it never closes.  So every face bifolio's
 * configuration offers carries a face of bifolio's own: the bundled ones,
 * the fallback ones, the system's, and a sheet's @font-face; and Cairo
 * draws with that face, not one it opens. */
static void
test_every_face_held_open (void)
{
  GError *error = NULL;
  g_autoptr (BfFonts) shared = bf_fonts_new (NULL, &error);
  g_assert_no_error (error);
  g_autoptr (BfFonts) fonts = bf_fonts_new_for_layout (shared);
  g_autofree char *amiri = g_build_filename (g_getenv ("BIFOLIO_DATA_DIR"), "fonts", "amiri",
                                             "Amiri-Regular.ttf", NULL);
  g_assert_true (bf_fonts_add_face (fonts, amiri, SHEET_FAMILY, 400, FALSE, &error));
  g_assert_no_error (error);
  bf_fonts_add_system_fonts (fonts);
  FcFontSet *set = FcConfigGetFonts (fonts->config, FcSetApplication);
  g_assert_nonnull (set);
  /* More than Cairo keeps open: 16 bundled faces, the fallback ones, the
   * sheet's face and the system's. */
  g_assert_cmpint (set->nfont, >, 18);
  for (int i = 0; i < set->nfont; i++)
    {
      FcChar8 *file = NULL;
      FcPatternGetString (set->fonts[i], FC_FILE, 0, &file);
      if (!pattern_face (set->fonts[i]))
        g_error ("%s: no FreeType face of bifolio's own", file);
    }
  g_assert_true (cairo_draws_with_pattern_face (fonts, "Noto Serif", PANGO_WEIGHT_BOLD));
  g_assert_true (cairo_draws_with_pattern_face (fonts, "Symbola", PANGO_WEIGHT_NORMAL));
  g_assert_true (cairo_draws_with_pattern_face (fonts, SHEET_FAMILY, PANGO_WEIGHT_NORMAL));
}

/* The face set on a pattern naming @path. */
static FT_Face
face_of_file (const char *path)
{
  FcPattern *pattern = FcPatternCreate ();
  FcPatternAddString (pattern, FC_FILE, (const FcChar8 *) path);
  bf_font_pattern_add_face (pattern);
  FT_Face face = pattern_face (pattern);
  FcPatternDestroy (pattern);
  return face;
}

/* A font file replaced (a sheet's face saved again in watch mode) is opened
 * anew; one unchanged keeps its face. */
static void
test_changed_file_opened_anew (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bifolio-faces-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "face.ttf", NULL);
  const char *data_dir = g_getenv ("BIFOLIO_DATA_DIR");
  g_autofree char *amiri = g_build_filename (data_dir, "fonts", "amiri", "Amiri-Regular.ttf", NULL);
  g_autofree char *serif = g_build_filename (data_dir, "fonts", "noto", "NotoSerif-Regular.ttf", NULL);
  g_autofree char *bytes = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (amiri, &bytes, &size, NULL));
  g_assert_true (g_file_set_contents (path, bytes, (gssize) size, NULL));
  FT_Face first = face_of_file (path);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->family_name, ==, "Amiri");
  g_assert_true (face_of_file (path) == first);
  g_free (g_steal_pointer (&bytes));
  g_assert_true (g_file_get_contents (serif, &bytes, &size, NULL));
  g_assert_true (g_file_set_contents (path, bytes, (gssize) size, NULL));
  FT_Face second = face_of_file (path);
  g_assert_nonnull (second);
  g_assert_true (second != first);
  g_assert_cmpstr (second->family_name, ==, "Noto Serif");
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fonts/layouts-leave-fonts-alone", test_layouts_leave_fonts_alone);
  g_test_add_func ("/fonts/every-face-held-open", test_every_face_held_open);
  g_test_add_func ("/fonts/changed-file-opened-anew", test_changed_file_opened_anew);
  return g_test_run ();
}
