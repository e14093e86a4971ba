#include "text/fonts.h"

#include "text/fallback.h"
#include "text/route.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangoft2.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

struct bf_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    PangoFontDescription *desc[BF_ROLE_COUNT];
};

/* A cache directory keeps fontconfig from warning that it has none; the
 * cache only speeds up later scans of fonts/ and never changes results.
 * A colour bitmap font (Noto Color Emoji) is set at the size asked for,
 * not at its strike's pixel size, which fontconfig would give it.  Pango's
 * itemizer (right-to-left text) asks for the family "emoji" for a run of
 * emoji: the colour font, then the text one, as fallback.c's rule has it. */
static const char fc_conf[] = "<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                              "<fontconfig><cachedir prefix=\"xdg\">fontconfig</cachedir>\n"
                              "<match target=\"font\"><test name=\"color\"><bool>true</bool></test>"
                              "<edit name=\"pixelsize\" mode=\"assign\"><name target=\"pattern\">pixelsize</name>"
                              "</edit></match>\n"
                              "<alias binding=\"same\"><family>emoji</family><prefer>"
                              "<family>Noto Color Emoji</family><family>Symbola</family></prefer></alias>"
                              "</fontconfig>\n";

static bool has_family(void *config, const char *family, bool bold)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_WEIGHT, NULL);
    FcFontSet *fs = FcFontList(config, p, os);
    bool found = fs && fs->nfont > 0;
    if (fs) FcFontSetDestroy(fs);
    FcObjectSetDestroy(os);
    FcPatternDestroy(p);
    return found;
}

/* Pango's font map over f->config, and its context.  The map is PangoFT2's:
 * the text side measures and shapes with FreeType and HarfBuzz and never
 * draws, so it needs no cairo; the renderer makes the cairo fonts it draws
 * with from the same files and patterns (render/fontcut.c).  At 72 dpi a
 * font's pixel size is its size in points. */
static void make_map(bf_fonts *f)
{
    f->map = pango_ft2_font_map_new();
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
    pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(f->map), 72.0, 72.0);
    f->context = pango_font_map_create_context(f->map);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    pango_context_set_language(f->context, pango_language_from_string("ja"));
    pango_context_set_base_dir(f->context, PANGO_DIRECTION_LTR);
}

bf_fonts *bf_fonts_open(bf_diag *d, const char *fonts_dir, const bf_layout *layout)
{
    bf_fonts *f = g_new0(bf_fonts, 1);
    f->config = FcConfigCreate();
    if (!f->config || !FcConfigParseAndLoadFromMemory(f->config, (const FcChar8 *)fc_conf, FcTrue) ||
        !FcConfigAppFontAddDir(f->config, (const FcChar8 *)fonts_dir)) {
        bf_error(d, fonts_dir, NULL, "cannot read the fonts folder");
        goto fail;
    }
    /* Made current, our configuration is the only one: Pango's start-up
     * (FcInit in a thread) then has nothing to do, instead of parsing the
     * system's configuration and fonts, which we never use. */
    FcConfigSetCurrent(f->config);
    if (!bf_roles_present(d, layout, has_family, f->config)) goto fail;

    make_map(f);
    for (int r = 0; r < BF_ROLE_COUNT; r++) {
        const bf_font_role *fr = &layout->role[r];
        f->desc[r] = pango_font_description_new();
        /* Pango's itemizer (right-to-left text) falls back in the order
         * of fallback.c's table, not fontconfig's. */
        char *families = g_strconcat(fr->family, ",", bf_fallback_list(fr->family), NULL);
        pango_font_description_set_family(f->desc[r], families);
        g_free(families);
        pango_font_description_set_weight(f->desc[r], fr->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_size(f->desc[r], (int)(fr->size * PANGO_SCALE + 0.5));
    }
    return f;
fail:
    bf_fonts_free(f);
    return NULL;
}

void bf_fonts_free(bf_fonts *f)
{
    if (!f) return;
    for (int r = 0; r < BF_ROLE_COUNT; r++) {
        if (f->desc[r]) pango_font_description_free(f->desc[r]);
    }
    if (f->context) g_object_unref(f->context);
    if (f->map) g_object_unref(f->map);
    if (f->config) FcConfigDestroy(f->config);
    g_free(f);
}

PangoContext *bf_fonts_context(bf_fonts *f)
{
    return f->context;
}

const PangoFontDescription *bf_fonts_role(bf_fonts *f, bf_role r)
{
    return f->desc[r];
}

bf_fonts *bf_fonts_fork(bf_fonts *f)
{
    bf_fonts *g = g_new0(bf_fonts, 1);
    g->config = FcConfigReference(f->config);
    make_map(g);
    for (int r = 0; r < BF_ROLE_COUNT; r++) g->desc[r] = pango_font_description_copy(f->desc[r]);
    return g;
}
