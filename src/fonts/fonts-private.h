/* fonts-private.h — what the files of the fonts stage share: font
 * patterns that carry a FreeType face of bifolio's own (face-handles.c). */
#ifndef BF_FONTS_PRIVATE_H
#define BF_FONTS_PRIVATE_H

#include "fonts/fonts.h"

#include <fontconfig/fontconfig.h>

/* Sets on @pattern the process's FreeType face for its file and index
 * (FC_FT_FACE), opening it on first use; leaves @pattern as it is when it
 * has no file or FreeType cannot open it.  Safe in any thread. */
void bf_font_pattern_add_face (FcPattern *pattern);

/* Adds every face of the font file @path to @config's application fonts,
 * each with its FreeType face, and appends them (borrowed) to @added when
 * not NULL.  Returns how many were added: 0 when the file is not a font. */
int bf_font_file_add_faces (FcConfig *config, const char *path, GPtrArray *added);

#endif
