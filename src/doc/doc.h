/* doc.h - the document model of a briefing/1 file, and its loader.
 *
 * bf_doc_load reads and checks a file against FORMAT.md and builds a bf_doc
 * whose every part lives in the arena it is given: free the arena and the
 * document is gone.  A document that breaks the contract is never returned:
 * each problem goes to the diagnostics sink, and the result is NULL.
 */
#ifndef BF_DOC_H
#define BF_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"

/* Limits of one document.  Input beyond them is refused with an error naming
 * the limit, never a crash, a hang or a huge allocation. */
#define BF_MAX_FILE_BYTES (8L * 1024 * 1024) /* the whole JSON file */
#define BF_MAX_DEPTH 32                      /* nesting of arrays and objects */
#define BF_MAX_STRING_BYTES 65536            /* one string */
#define BF_MAX_CHAPTERS 1000
#define BF_MAX_SOURCES 1000
#define BF_MAX_ITEMS 200 /* items in one array of strings (summary, body, ...) */
#define BF_MAX_TABLE_COLUMNS 20
#define BF_MAX_TABLE_ROWS 2000
#define BF_MAX_LIST_ITEMS 200
#define BF_MAX_IMAGE_BYTES (64L * 1024 * 1024) /* one image file */
#define BF_MAX_IMAGE_PIXELS 50000000L          /* one image: width x height */
/* The pixels kept in memory from load to render (PNG and CMYK JPEG images;
 * other JPEGs are embedded as they are), all images together. */
#define BF_MAX_KEPT_PIXELS 100000000L
/* An edition's or a chapter's number: every integer JSON carries exactly
 * (2^53, the largest a double holds without a gap). */
#define BF_MAX_NUMBER INT64_C(9007199254740992)

/* A calendar date; year 0 means absent. */
typedef struct {
    int year, month, day;
} bf_date;

typedef enum {
    BF_RUN_TEXT,   /* plain text */
    BF_RUN_STRONG, /* **strong** text */
    BF_RUN_CITE,   /* [^id]: a citation of sources[source] */
    BF_RUN_BREAK,  /* a forced line break (a newline in the text) */
    BF_RUN_RUBY,   /* ｜base《reading》: the reading, set as ruby over the run
                      before it (TEXT or STRONG), which is the base */
} bf_run_kind;

typedef struct {
    bf_run_kind kind;
    const char *text; /* TEXT, STRONG and RUBY: UTF-8, never empty; else NULL */
    int source;       /* CITE: index into bf_doc.sources; else -1 */
} bf_run;

/* One paragraph of inline text.  An absent text has n_runs == 0. */
typedef struct {
    bf_run *runs;
    size_t n_runs;
} bf_text;

typedef struct {
    bf_text *items;
    size_t n;
} bf_texts;

typedef struct {
    const char *id;          /* NULL when the source has none */
    const char *name;        /* required */
    const char *description; /* NULL when absent; likewise below */
    const char *title;
    const char *url; /* http:// or https:// */
    bf_date accessed;
    const char *path; /* where it was declared: "sources[1]" or "chapters[0].source" */
} bf_source;

/* One image file, read and decoded once however many chapters use it. */
typedef struct {
    const char *real_path; /* resolved (no "..", no links): what makes two uses one file */
    bool is_jpeg;          /* else PNG */
    int width, height;
    /* A JPEG in gray or RGB is embedded as it is: its bytes up to its end
     * marker (nothing after it).  NULL for the others. */
    const unsigned char *jpeg;
    size_t jpeg_len;
    /* The decoded pixels of the others (PNG, CMYK JPEG), in cairo's layout:
     * 32-bit native-endian 0xAARRGGBB, premultiplied, stride width * 4.
     * NULL for an embedded JPEG (bf_picture_decode makes them on demand). */
    unsigned char *pixels;
    bool has_alpha;
} bf_picture;

typedef struct {
    const char *path;  /* as given, after the document's folder: for messages */
    bool is_jpeg;      /* else PNG */
    int width, height; /* pixels */
    const bf_picture *picture;
    bf_text caption, credit;
    double share;    /* of the column's width (0.1-1.0); 0: its natural size at 150 dpi */
    const char *alt; /* for readers who cannot see it; NULL: the caption */
    int number;      /* 図N through the briefing, when it has a caption; else 0 */
} bf_image;

typedef enum { BF_CELL_LEFT, BF_CELL_CENTER, BF_CELL_RIGHT } bf_cell_align;

/* A table of text (FORMAT.md "Table"). */
typedef struct {
    int n_columns;
    int n_rows;
    bf_text *head;        /* n_columns header cells */
    bf_text *cells;       /* n_rows * n_columns body cells, row by row */
    bf_cell_align *align; /* one a column: given, or right for a column of numbers */
    bool *numeric;        /* a column whose every non-empty body cell is a number */
    bf_text caption, note;
    int source;       /* index into bf_doc.sources, or -1 */
    int number;       /* 表N through the briefing, when it has a caption; else 0 */
    const char *path; /* chapters[0].body[1].table */
} bf_table;

typedef enum {
    BF_BLOCK_PARA,     /* a paragraph of text */
    BF_BLOCK_TABLE,    /* a table */
    BF_BLOCK_FIGURE,   /* a picture where it stands in the text */
    BF_BLOCK_LIST,     /* a bulleted list */
    BF_BLOCK_NUMBERED, /* a numbered list */
} bf_block_kind;

/* One element of a chapter's body or of the conclusion. */
typedef struct {
    bf_block_kind kind;
    bf_text text;           /* PARA */
    const bf_table *table;  /* TABLE */
    const bf_image *figure; /* FIGURE */
    bf_texts items;         /* LIST, NUMBERED */
    const char *path;       /* its data path: chapters[0].body[2] */
} bf_block;

typedef struct {
    bf_block *items;
    size_t n;
} bf_blocks;

typedef struct {
    int64_t number; /* the data's number, or the previous + 1 (first: 1) */
    bf_text title;
    bf_text question, answer, intro;
    bf_date published;
    bf_texts summary;
    int source; /* index into bf_doc.sources, or -1 */
    bf_text comment;
    bf_blocks body;
    bf_texts aside;
    const bf_image *image; /* NULL when absent */
} bf_chapter;

typedef struct {
    const char *file; /* the name diagnostics use ("-" reads as "<stdin>") */
    /* The input as read, byte for byte (an archival PDF carries it), and
     * whether it was read as YAML. */
    const char *source;
    size_t source_len;
    bool source_yaml;
    bf_text title, subtitle;
    bf_texts lead;
    bf_date edition_date;
    int64_t edition_number; /* 0 when absent */
    const char *edition_label;
    const char *publisher;
    const char *marking;
    const char *language; /* "ja" when absent */
    const bf_image *logo; /* the layout's logo, read by the run beside the images (NULL: none) */
    /* Every source: the top-level ones in order, then each chapter's source
     * in chapter order. */
    bf_source *sources;
    size_t n_sources;
    bf_chapter *chapters;
    size_t n_chapters;
    bf_blocks conclusion;
    bf_texts key_points;
    const char *source_sha256; /* of the document as compact JSON with sorted keys, in hex */
} bf_doc;

/* Load FILE ("-" for standard input).  Returns NULL, with every problem
 * reported, when the document breaks the contract; warnings (unknown keys)
 * are reported and do not fail it. */
bf_doc *bf_doc_load(bf_arena *arena, bf_diag *diag, const char *file);

/* The same, image paths confined to the folder `root` (NULL: the JSON
 * file's folder, or the working directory for standard input). */
bf_doc *bf_doc_load_rooted(bf_arena *arena, bf_diag *diag, const char *file, const char *root);

/* The same from bytes in memory; `name` is the file name diagnostics use and
 * `base_dir` the directory image paths are relative to (NULL: "."). */
bf_doc *bf_doc_load_bytes(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir, const char *bytes,
                          size_t len);

/* bf_doc_load_bytes with the folder images must lie in (--root), or NULL
 * for base_dir's. */
bf_doc *bf_doc_load_bytes_in(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir,
                             const char *image_root, const char *bytes, size_t len);

/* Decode an embedded JPEG's pixels into `pixels` (cairo RGB24 layout, the
 * given stride), for page previews.  False if it cannot be (it was decoded
 * once when loaded, so only a file changed since then fails). */
bool bf_picture_decode(const bf_picture *pic, unsigned char *pixels, int stride);

/* A picture a layout names (its `logo`): `path` relative to `dir` and lying
 * inside it, read and decoded as a chapter's image is, with `alt` for
 * readers.  NULL, with the error reported at `file`:`line` under `key`,
 * when it is outside, missing or no good PNG or JPEG. */
const bf_image *bf_image_load_in(bf_arena *arena, bf_diag *d, const char *path, const char *dir, const char *file,
                                 int line, const char *key, const char *alt);

/* The whole of FILE ("-": standard input), at most BF_MAX_FILE_BYTES;
 * g_free() it.  NULL, reported, when it cannot be read. */
char *bf_doc_read(bf_diag *diag, const char *file, size_t *len);

/* Does the file name end in .yaml or .yml (any case)?  Such a file is read
 * as YAML. */
bool bf_is_yaml_name(const char *name);

/* The briefing file `bytes` (JSON, or YAML by `name`: .yaml, .yml) written
 * in the other form (to_yaml: as YAML), every value kept; g_free() it.
 * Not checked against briefing/1.  NULL, reported, when not well formed. */
char *bf_doc_convert(bf_diag *diag, const char *name, const char *bytes, size_t len, bool to_yaml, size_t *out_len);

/* Ruby (FORMAT.md "Ruby"): the base and the reading, in characters. */
#define BF_MAX_RUBY_BASE 20
#define BF_MAX_RUBY_READING 40

/* Parse inline text (FORMAT.md "Text"): **strong**, [^id], ｜base《reading》,
 * escapes, newlines;
 * leading and trailing white space dropped.  Citations are resolved against
 * doc->sources; an unknown id is reported at `path`.  False on error. */
bool bf_text_parse(bf_arena *arena, bf_diag *diag, const bf_doc *doc, const char *path, const char *s, bf_text *out);

/* The plain characters of a text (strong kept as plain, citations dropped,
 * a break made a space), in the arena: for PDF metadata and bookmarks. */
char *bf_text_plain(bf_arena *arena, const bf_text *t);

/* Parse YYYY-MM-DD as a real calendar date (1900..9999). */
bool bf_date_parse(const char *s, bf_date *out);

/* How dates are written: 2025年2月21日, 2025-02-21, 令和7年2月21日. */
typedef enum { BF_DATE_SEIREKI, BF_DATE_ISO, BF_DATE_WAREKI } bf_date_style;

/* A date in `style`, with the day of the week after it if `weekday`
 * (2025年2月21日（金）), into the arena. */
char *bf_date_format(bf_arena *a, bf_date d, bf_date_style style, bool weekday);

#endif
