/* face-texts.c — which text each glyph of a font face carries in the PDF's
 * text layer, followed as Cairo records it, and copies of a face through
 * which a glyph already mapped to other text can carry its own (used by
 * glyph-text.c).
 *
 * Cairo writes one font subset, with one ToUnicode map, per font face it
 * draws with, and maps each glyph of it to one text, the first it is shown
 * with alone (a cluster of one glyph); a glyph shown again with other text
 * goes into an /ActualText span.  So a face's glyphs can be drawn through
 * copies of the face, each a face of its own to Cairo (a FreeType face of
 * the same font file) with a ToUnicode map of its own: a glyph is shown
 * through the first copy where it is free or mapped to the same text. */
#include "render/face-texts.h"

#include <hb-ot.h>
#include <cairo-ft.h>
#include <pango/pangofc-font.h>
#include <string.h>

/* At most this many faces: the face itself and its copies. */
#define FACE_COPIES_MAX 4

/* The text of each glyph in the ToUnicode map of a face and of each of its
 * copies, as Cairo records it: glyph -> text.  Cairo keeps a subset per
 * font face, which several of Pango's faces (one per size) can share; so
 * the texts are kept per font file (HarfBuzz face), where two subsets may
 * meet but none is split: what is taken here may be free in Cairo, never
 * the other way round. */
struct _BfFaceTexts {
  hb_face_t *hb_face;
  gboolean can_copy;                               /* no synthesis, no variations */
  int n_faces;                                     /* the face and its copies so far */
  unsigned int n_glyphs;                           /* the face's */
  gunichar *font_chars;                            /* by glyph: the first character the
                                                      font's cmap gives it, or 0 */
  char **glyph_texts[FACE_COPIES_MAX];             /* by glyph: its text, or NULL */
  cairo_font_face_t *copies[FACE_COPIES_MAX];      /* [0]: the face itself, not kept */
  GPtrArray *scaled_copies[FACE_COPIES_MAX];       /* cairo_scaled_font_t, one per size */
};

static void
face_texts_free (BfFaceTexts *texts)
{
  for (int i = 0; i < texts->n_faces; i++)
    {
      for (unsigned int glyph = 0; glyph < texts->n_glyphs; glyph++)
        g_free (texts->glyph_texts[i][glyph]);
      g_free (texts->glyph_texts[i]);
      if (texts->copies[i])
        cairo_font_face_destroy (texts->copies[i]);
      if (texts->scaled_copies[i])
        g_ptr_array_unref (texts->scaled_copies[i]);
    }
  g_free (texts->font_chars);
  g_free (texts);
}

/* By glyph of @hb_face (@n_glyphs of them), the first character its cmap
 * gives it, or 0: what Cairo maps a glyph shown with no single character
 * to. */
static gunichar *
font_chars_new (hb_face_t *hb_face, hb_font_t *hb_font, unsigned int n_glyphs)
{
  gunichar *font_chars = g_new0 (gunichar, n_glyphs);
  hb_set_t *unicodes = hb_set_create ();
  hb_face_collect_unicodes (hb_face, unicodes);
  for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next (unicodes, &c);)
    {
      hb_codepoint_t glyph;
      if (hb_font_get_nominal_glyph (hb_font, c, &glyph) && glyph < n_glyphs
          && font_chars[glyph] == 0)
        font_chars[glyph] = c;
    }
  hb_set_destroy (unicodes);
  return font_chars;
}

static cairo_user_data_key_t face_texts_key;

/* The texts of @font's face on @cr's target surface (one table per
 * surface, as Cairo keeps one set of subsets per surface). */
BfFaceTexts *
bf_face_texts_get (cairo_t *cr, PangoFont *font)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GHashTable *faces = cairo_surface_get_user_data (target, &face_texts_key);
  if (!faces)
    {
      faces = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) face_texts_free);
      cairo_surface_set_user_data (target, &face_texts_key, faces,
                                   (cairo_destroy_func_t) g_hash_table_unref);
    }
  hb_face_t *hb_face = hb_font_get_face (pango_font_get_hb_font (font));
  BfFaceTexts *texts = g_hash_table_lookup (faces, hb_face);
  if (!texts)
    {
      texts = g_new0 (BfFaceTexts, 1);
      texts->hb_face = hb_face;
      texts->n_faces = 1;
      texts->n_glyphs = hb_face_get_glyph_count (hb_face);
      texts->glyph_texts[0] = g_new0 (char *, texts->n_glyphs);
      texts->font_chars = font_chars_new (hb_face, pango_font_get_hb_font (font),
                                          texts->n_glyphs);
      gboolean embolden = FALSE;
      if (PANGO_IS_FC_FONT (font))
        FcPatternGetBool (pango_fc_font_get_pattern (PANGO_FC_FONT (font)), FC_EMBOLDEN, 0,
                          &embolden);
      texts->can_copy = PANGO_IS_FC_FONT (font) && !embolden && !hb_ot_var_has_data (hb_face);
      g_hash_table_insert (faces, hb_face, texts);
    }
  return texts;
}

/* What a copy's Cairo face holds on to: its FreeType face, in a FreeType
 * library of its own (FreeType asks that threads sharing a library take
 * turns to open and close faces), and the font file's bytes under it. */
typedef struct {
  FT_Library library;
  FT_Face ft_face;
  hb_blob_t *blob;
} FaceCopyData;

static void
face_copy_data_free (FaceCopyData *data)
{
  if (data->ft_face)
    FT_Done_Face (data->ft_face);
  if (data->library)
    FT_Done_FreeType (data->library);
  hb_blob_destroy (data->blob);
  g_free (data);
}

static cairo_user_data_key_t face_copy_key;

/* A new Cairo face for @hb_face's font file, Cairo's own (not shared with
 * Pango's), or NULL. */
static cairo_font_face_t *
face_copy_new (hb_face_t *hb_face)
{
  FaceCopyData *copy_data = g_new0 (FaceCopyData, 1);
  copy_data->blob = hb_face_reference_blob (hb_face);
  unsigned int length;
  const char *data = hb_blob_get_data (copy_data->blob, &length);
  if (length == 0 || FT_Init_FreeType (&copy_data->library) != 0
      || FT_New_Memory_Face (copy_data->library, (const FT_Byte *) data, length,
                             hb_face_get_index (hb_face), &copy_data->ft_face) != 0)
    {
      face_copy_data_free (copy_data);
      return NULL;
    }
  cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face (copy_data->ft_face,
                                                                   FT_LOAD_NO_HINTING);
  if (cairo_font_face_set_user_data (face, &face_copy_key, copy_data,
                                     (cairo_destroy_func_t) face_copy_data_free)
      != CAIRO_STATUS_SUCCESS)
    {
      cairo_font_face_destroy (face);
      face_copy_data_free (copy_data);
      return NULL;
    }
  return face;
}

/* Whether face @index (0: the face itself) of @texts exists, made now if
 * need be. */
gboolean
bf_face_texts_has_face (BfFaceTexts *texts, int index)
{
  if (index < texts->n_faces)
    return TRUE;
  if (index >= FACE_COPIES_MAX || !texts->can_copy)
    return FALSE;
  cairo_font_face_t *copy = face_copy_new (texts->hb_face);
  if (!copy)
    {
      texts->can_copy = FALSE;
      return FALSE;
    }
  texts->copies[index] = copy;
  texts->glyph_texts[index] = g_new0 (char *, texts->n_glyphs);
  texts->scaled_copies[index] = g_ptr_array_new_with_free_func (
      (GDestroyNotify) cairo_scaled_font_destroy);
  texts->n_faces = index + 1;
  return TRUE;
}

/* @scaled_font drawn through face @index of @texts: the same size, matrix
 * and options; the scaled font itself for face 0.  Lent. */
cairo_scaled_font_t *
bf_face_texts_get_scaled_font (BfFaceTexts *texts, int index,
                               cairo_scaled_font_t *scaled_font)
{
  if (index == 0)
    return scaled_font;
  cairo_matrix_t font_matrix, ctm;
  cairo_scaled_font_get_font_matrix (scaled_font, &font_matrix);
  cairo_scaled_font_get_ctm (scaled_font, &ctm);
  GPtrArray *copies = texts->scaled_copies[index];
  for (guint i = 0; i < copies->len; i++)
    {
      cairo_matrix_t copy_matrix, copy_ctm;
      cairo_scaled_font_get_font_matrix (copies->pdata[i], &copy_matrix);
      cairo_scaled_font_get_ctm (copies->pdata[i], &copy_ctm);
      if (memcmp (&copy_matrix, &font_matrix, sizeof font_matrix) == 0
          && memcmp (&copy_ctm, &ctm, sizeof ctm) == 0)
        return copies->pdata[i];
    }
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_scaled_font_get_font_options (scaled_font, options);
  cairo_scaled_font_t *copy = cairo_scaled_font_create (texts->copies[index], &font_matrix, &ctm,
                                                        options);
  cairo_font_options_destroy (options);
  g_ptr_array_add (copies, copy);
  return copy;
}

/* Whether @glyph could carry @text (@n_bytes long) through the ToUnicode
 * map of face @face of @texts: it is mapped to the same text, or not yet
 * mapped and Cairo would take @text for it.  (Cairo maps a glyph it meets
 * first to the text it is shown with when that is one character, else to
 * the first character the font's cmap gives it, if any.) */
gboolean
bf_face_texts_can_claim (const BfFaceTexts *texts, int face, unsigned long glyph,
                         const char *text, int n_bytes)
{
  if (glyph >= texts->n_glyphs)
    return FALSE;
  const char *mapped = texts->glyph_texts[face][glyph];
  if (mapped)
    return strncmp (mapped, text, n_bytes) == 0 && mapped[n_bytes] == '\0';
  return g_utf8_next_char (text) == text + n_bytes || texts->font_chars[glyph] == 0;
}

/* Records what Cairo maps @glyph to in face @face of @texts when it shows
 * it for @text (@n_bytes long; NULL: in an /ActualText span). */
void
bf_face_texts_claim (BfFaceTexts *texts, int face, unsigned long glyph, const char *text,
                     int n_bytes)
{
  if (glyph >= texts->n_glyphs || texts->glyph_texts[face][glyph])
    return;
  if (text && (g_utf8_next_char (text) == text + n_bytes || texts->font_chars[glyph] == 0))
    texts->glyph_texts[face][glyph] = g_strndup (text, n_bytes);
  else if (texts->font_chars[glyph] != 0)
    {
      char utf8[8] = { 0 };
      g_unichar_to_utf8 (texts->font_chars[glyph], utf8);
      texts->glyph_texts[face][glyph] = g_strdup (utf8);
    }
}

