/* pdfmeta.c - what the repack adds to the PDF (render.h, bf_pdf_extras):
 * the document's language, each figure's alternative text, and the XMP
 * metadata, which says what the information dictionary says, for tools
 * that read XMP only (archives, PDF/A). */
#include <cairo.h>
#include <glib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>

#include "render/pdf-private.h"

static void add_alt(GString *x, const char *name, const char *value)
{
    if (!value) return;
    char *v = g_markup_escape_text(value, -1);
    g_string_append_printf(x, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></%s>\n", name, v,
                           name);
    g_free(v);
}

static void add_list(GString *x, const char *name, const char *kind, const char *value)
{
    if (!value) return;
    char *v = g_markup_escape_text(value, -1);
    g_string_append_printf(x, "   <%s><rdf:%s><rdf:li>%s</rdf:li></rdf:%s></%s>\n", name, kind, v, kind, name);
    g_free(v);
}

static void add_simple(GString *x, const char *name, const char *value)
{
    char *v = g_markup_escape_text(value, -1);
    g_string_append_printf(x, "   <%s>%s</%s>\n", name, v, name);
    g_free(v);
}

/* What `briefing list` reads back (docs/ARCHIVE.md): the edition, its
 * pages and layout, the digest of the input that made it, and the edition
 * a revision corrects; in a Description of their own. */
static void add_edition(GString *x, const bf_pages *pages, const bf_pdf_options *opt)
{
    const bf_doc *doc = pages->doc;
    g_string_append(x, "  <rdf:Description rdf:about=\"\"\n    xmlns:briefing=\"" BF_XMP_NS "\">\n");
    add_simple(x, "briefing:format", "briefing/1");
    char *v = g_strdup_printf("%04d-%02d-%02d", doc->edition_date.year, doc->edition_date.month, doc->edition_date.day);
    add_simple(x, "briefing:date", v);
    g_free(v);
    if (doc->edition_number) {
        v = g_strdup_printf("%lld", (long long)doc->edition_number);
        add_simple(x, "briefing:number", v);
        g_free(v);
    }
    if (doc->edition_label) add_simple(x, "briefing:label", doc->edition_label);
    v = g_strdup_printf("%d", pages->n_pages);
    add_simple(x, "briefing:pages", v);
    g_free(v);
    add_simple(x, "briefing:layout", pages->layout->name);
    if (doc->source_sha256) add_simple(x, "briefing:sourceSHA256", doc->source_sha256);
    if (opt->revision) {
        v = g_strdup_printf("%d", opt->revision);
        add_simple(x, "briefing:revision", v);
        g_free(v);
        add_simple(x, "briefing:revises", opt->revises);
        add_simple(x, "briefing:revisesSHA256", opt->revises_sha256);
    }
    g_string_append(x, "  </rdf:Description>\n");
}

/* PDF/A admits an XMP property outside the standard schemas only when the
 * packet describes its schema (ISO 19005-1, 6.7.8): the edition's fields. */
static void add_edition_schema(GString *x)
{
    static const char *const props[][3] = {
        {"format", "Text", "the input format, briefing/1"},
        {"date", "Text", "the edition's date, YYYY-MM-DD"},
        {"number", "Integer", "the edition's number"},
        {"label", "Text", "the edition's label"},
        {"pages", "Integer", "the number of pages"},
        {"layout", "Text", "the layout it was set in"},
        {"sourceSHA256", "Text", "the SHA-256 of the document it was set from"},
        {"revision", "Integer", "the revision's number (2 for .r2.pdf)"},
        {"revises", "Text", "the file name of the edition it corrects"},
        {"revisesSHA256", "Text", "the SHA-256 of the edition it corrects"},
    };
    g_string_append(x, "  <rdf:Description rdf:about=\"\"\n"
                       "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                       "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                       "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                       "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
                       "    <pdfaSchema:schema>briefing edition</pdfaSchema:schema>\n"
                       "    <pdfaSchema:namespaceURI>" BF_XMP_NS "</pdfaSchema:namespaceURI>\n"
                       "    <pdfaSchema:prefix>briefing</pdfaSchema:prefix>\n"
                       "    <pdfaSchema:property><rdf:Seq>\n");
    for (size_t i = 0; i < G_N_ELEMENTS(props); i++)
        g_string_append_printf(x,
                               "     <rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>%s</pdfaProperty:name>"
                               "<pdfaProperty:valueType>%s</pdfaProperty:valueType>"
                               "<pdfaProperty:category>external</pdfaProperty:category>"
                               "<pdfaProperty:description>%s</pdfaProperty:description></rdf:li>\n",
                               props[i][0], props[i][1], props[i][2]);
    g_string_append(x, "    </rdf:Seq></pdfaSchema:property>\n"
                       "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
                       "  </rdf:Description>\n");
}

/* The XMP packet: title, subject, author, creator, producer and dates as
 * set_metadata (pdf.c) and cairo write them in the information
 * dictionary, and the language. */
static char *xmp_packet(const bf_pages *pages, const bf_pdf_options *opt)
{
    GString *x = g_string_new("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                              " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                              "  <rdf:Description rdf:about=\"\"\n"
                              "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                              "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                              "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    /* PDF/A names its part and conformance level here, and only here. */
    if (opt->pdfa) g_string_append(x, "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    g_string_append(x, ">\n");
    if (opt->pdfa) {
        add_simple(x, "pdfaid:part", "3");
        add_simple(x, "pdfaid:conformance", "B");
    }
    add_simple(x, "dc:format", "application/pdf");
    add_alt(x, "dc:title", pages->flow->title_plain);
    add_alt(x, "dc:description", pages->flow->subtitle_plain);
    add_list(x, "dc:creator", "Seq", pages->doc->publisher);
    add_list(x, "dc:language", "Bag", pages->doc->language ? pages->doc->language : "ja");
    add_simple(x, "xmp:CreatorTool", opt->creator);
    char date[32];
    struct tm tm;
    gmtime_r(&opt->date, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    add_simple(x, "xmp:CreateDate", date);
    add_simple(x, "xmp:ModifyDate", date);
    add_simple(x, "xmp:MetadataDate", date);
    char *producer = g_strdup_printf("cairo %s (https://cairographics.org)", cairo_version_string());
    add_simple(x, "pdf:Producer", producer);
    g_free(producer);
    g_string_append(x, "  </rdf:Description>\n");
    add_edition(x, pages, opt);
    if (opt->pdfa) add_edition_schema(x);
    g_string_append(x, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    return g_string_free(x, FALSE);
}

void bf_pdf_extras_make(bf_pdf_extras *x, const bf_pages *pages, const bf_pdf_options *opt)
{
    const bf_flow *f = pages->flow;
    GPtrArray *alt = g_ptr_array_new();
    /* In the order the Figures are drawn, which is the tree's: a figure's
     * text is its `alt`, else its caption as set (図N, the caption and the
     * credit), the item after it. */
    for (int i = 0; i < pages->n_pages; i++) {
        const bf_page *pg = &pages->pages[i];
        for (int k = 0; k < pg->n_items; k++) {
            const bf_item *it = pg->items[k].item;
            if (it->kind != BF_ITEM_IMAGE) continue;
            const bf_item *next = it + 1 < f->items + f->n_items ? it + 1 : NULL;
            if (it->image && it->image->alt)
                g_ptr_array_add(alt, (gpointer)it->image->alt); /* the document's own words */
            else
                g_ptr_array_add(alt, next && next->tag == BF_TAG_CAPTION ? (gpointer)next->line->text : NULL);
        }
    }
    x->lang = pages->doc->language ? pages->doc->language : "ja";
    x->n_alt = (int)alt->len;
    x->alt = (const char *const *)g_ptr_array_free(alt, FALSE);
    x->xmp = xmp_packet(pages, opt);
    x->pdfa = opt->pdfa;
    x->date = opt->date;
}

void bf_pdf_extras_free(bf_pdf_extras *x)
{
    g_free((gpointer)x->alt);
    g_free((gpointer)x->xmp);
}

static char *iso_date(time_t t, char buf[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* The document's title, subject, author, creator and dates, in the PDF's
 * information dictionary. */
void bf_pdf_set_metadata(cairo_surface_t *surface, const bf_pages *pages, const bf_pdf_options *opt)
{
    const bf_doc *doc = pages->doc;
    GString *title = g_string_new(pages->flow->title_plain);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title->str);
    g_string_free(title, TRUE);
    if (pages->flow->subtitle_plain)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, pages->flow->subtitle_plain);
    if (doc->publisher) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc->publisher);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, opt->creator);
    char date[32];
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso_date(opt->date, date));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}
