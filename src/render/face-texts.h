/* face-texts.h — the text each glyph of a font face carries in the PDF's
 * ToUnicode maps, and the copies of a face that let a glyph carry more
 * than one (render stage, private; face-texts.c).  For glyph-text.c. */
#ifndef BF_FACE_TEXTS_H
#define BF_FACE_TEXTS_H

#include <cairo.h>
#include <pango/pango.h>

typedef struct _BfFaceTexts BfFaceTexts;

/* The texts of @font's face on @cr's target surface: one table per
 * surface, as Cairo keeps one set of font subsets per surface; owned by
 * the surface. */
BfFaceTexts *bf_face_texts_get (cairo_t *cr, PangoFont *font);

/* Whether face @index (0: the face itself, then its copies) exists, made
 * now if need be; FALSE past the last copy a face may have. */
gboolean bf_face_texts_has_face (BfFaceTexts *texts, int index);

/* @scaled_font drawn through face @index: the same size, matrix and
 * options; @scaled_font itself for face 0.  Lent. */
cairo_scaled_font_t *bf_face_texts_get_scaled_font (BfFaceTexts *texts, int index,
                                                    cairo_scaled_font_t *scaled_font);

/* Whether @glyph could carry @text (@n_bytes long) through the ToUnicode
 * map of face @face: it is mapped to the same text, or not yet mapped and
 * Cairo would take @text for it. */
gboolean bf_face_texts_can_claim (const BfFaceTexts *texts, int face, unsigned long glyph,
                                  const char *text, int n_bytes);

/* Records what Cairo maps @glyph to in face @face when it shows it for
 * @text (@n_bytes long; NULL: in an /ActualText span). */
void bf_face_texts_claim (BfFaceTexts *texts, int face, unsigned long glyph, const char *text,
                          int n_bytes);

#endif
