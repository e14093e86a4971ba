/* pdftext-private.h - what pdftext.c (the text operators) and
 * pdftextfont.c (the fonts) share. */
#ifndef BF_PDFTEXT_PRIVATE_H
#define BF_PDFTEXT_PRIVATE_H

#include "render/pdftext.h"

#include <pthread.h>

/* One cut font, as the PDF gets it. */
typedef struct {
    bool truetype;          /* glyf outlines: the whole cut is the program; else its CFF table */
    unsigned char *program; /* copied */
    size_t program_len;
    GByteArray *packed; /* the program compressed, by the packer (NULL: not yet) */
    unsigned n_glyphs;
    int *width;    /* advance by glyph, in 1/1000 em: the /W the viewer places by */
    uint8_t *used; /* the glyphs shown, whose widths /W lists */
    char name[80]; /* "ABCDEF+PostScriptName" */
    int bbox[4];   /* in 1/1000 em */
    int ascent, descent, cap_height;
    /* The ToUnicode CMap: each glyph's text, the first time it is shown
     * alone in its cluster (at[g] - 1 into text; 0: none yet). */
    uint32_t *map_at;
    uint16_t *map_len;
    GByteArray *map_text;
    /* A TrueType font's own cmap, backwards: the lowest character each
     * glyph is for (0: none), which the glyph maps to before any cluster's
     * text, as cairo maps it (NULL: none). */
    uint32_t *code;
    bool shown;    /* on some page */
    int last_page; /* the last page whose fonts list it */
    unsigned obj;  /* its Type0 font's number; its other four follow */
} text_font;

/* One placeholder, placed on its page: the text calls it stands for. */
typedef struct {
    double x, y;      /* the placeholder's corner */
    uint32_t at, len; /* its calls in the page's record */
    bool placed;      /* swapped in */
} text_op;

typedef struct {
    GArray *ops; /* text_op; with the record, freed once all are placed */
    /* The calls as pdftext.c records them (their fonts, glyphs and
     * places), written out as operators where the placeholders are
     * swapped: on the thread that compresses the page, when there is one. */
    GByteArray *rec;
    unsigned n_ops, n_placed;
    GArray *fonts;  /* the slots it shows, each once */
    bool resourced; /* its resources name them */
} text_page;

struct bf_pdf_text {
    pthread_t packer; /* compressing the fonts' programs while the pages are drawn */
    bool packing;
    int n_pages;
    double w, h;
    text_page *pages;
    GPtrArray *fonts; /* text_font, by slot */
    bool stray;       /* a placeholder not recorded */
    /* The last call of a page, its placeholder not drawn yet: the calls
     * after it in the same colour, with nothing drawn between, join it. */
    bool pending;
    int pending_page;
    double pending_rgb[3];
};

/* pdftextfont.c: the text of glyph g, mapped if it had none; whether it
 * maps to these bytes. */
bool bf_text_font_maps(text_font *f, unsigned g, const char *utf8, int len);
/* Glyph g shown: its width listed, and its character from the cmap
 * mapped if it has one and no mapping yet. */
void bf_text_font_shows(text_font *f, unsigned g);
void bf_text_font_free(text_font *f);
/* The packer (bf_pdf_text_fonts_added) done, if it was started. */
void bf_text_fonts_packed(bf_pdf_text *t);

#endif
