/* pdf-spool.h — the bytes Cairo writes for a PDF, kept in a temporary
 * file as they come, with each stream Cairo leaves unfiltered deflated as soon as it is
 * closed (render stage, private; pdf-spool.c). */
#ifndef BF_PDF_SPOOL_H
#define BF_PDF_SPOOL_H

#include <glib.h>

typedef struct _BfPdfSpool BfPdfSpool;

/* A new spool; with @jobs above 1 a second thread deflates the streams
 * while Cairo goes on (the bytes are the same). */
BfPdfSpool *bf_pdf_spool_new (int jobs);

/* Takes @length more bytes of Cairo's file. */
void bf_pdf_spool_write (BfPdfSpool *spool, const guint8 *data, gsize length);

/* Cairo's file, every stream the spool deflated in it with its length and
 * the cross-reference table moved to match; *@deflated (when not NULL)
 * gets the numbers of those streams' objects (a new set).  Frees @spool.
 * Returns NULL with @error set when the file is not as Cairo writes it, or
 * the temporary file cannot be written or read back. */
GBytes *bf_pdf_spool_finish (BfPdfSpool *spool, GHashTable **deflated, GError **error);

/* Frees @spool unfinished; NULL is a no-op. */
void bf_pdf_spool_free (BfPdfSpool *spool);

#endif
