/* pdfa.h - the objects and catalog entries that make the repacked PDF
 * PDF/A-3b (render.h, bf_pdfa): the output intent's ICC profile and the
 * files the PDF carries, with their file specifications. */
#ifndef BF_PDFA_H
#define BF_PDFA_H

#include <glib.h>
#include <time.h>

#include "render/render.h"

/* How many objects bf_pdfa_objects writes. */
unsigned bf_pdfa_count(const bf_pdfa *p);

/* The objects, numbered from `first`, into w, which is written from byte
 * `base` of the file; offsets[k] the offset of object first + k.  False
 * when a stream cannot be compressed. */
bool bf_pdfa_objects(GByteArray *w, const bf_pdfa *p, time_t date, unsigned first, size_t base, size_t *offsets);

/* The catalog's entries for them: /OutputIntents, /AF and /Names. */
void bf_pdfa_catalog(GByteArray *add, const bf_pdfa *p, unsigned first);

#endif
