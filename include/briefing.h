/* briefing.h - the public interface of libbriefing: a briefing/1 document
 * (JSON or YAML) set as a paginated Japanese PDF.
 *
 * One object, a `briefing`, holds what one build needs: where the document
 * comes from, the layout, the settings over it, and the diagnostics of its
 * last call.  The document and the layout are read when a build or check
 * runs, not before, so that the same object builds again after the files
 * changed (the command line's `watch` does so).
 *
 *     briefing *b = briefing_new();
 *     briefing_load_file(b, "weekly.yaml");
 *     briefing_set_layout(b, "a5");
 *     briefing_set(b, "option.toc=true");
 *     if (briefing_build_file(b, "weekly.pdf") != BRIEFING_OK)
 *         for (size_t i = 0; i < briefing_diagnostic_count(b); i++)
 *             fprintf(stderr, "%s\n", briefing_diagnostic_at(b, i)->text);
 *     briefing_free(b);
 *
 * Ownership: a `briefing` is the caller's, made by briefing_new and freed
 * by briefing_free.  Every string given to a function is copied (the
 * caller keeps and frees its own); every pointer a function returns is
 * borrowed from the `briefing` and stays valid until the next call that
 * builds, checks, converts or loads with it, or until it is freed.  Nothing
 * returned is to be freed by the caller.
 *
 * Out of memory, the library aborts, as GLib does; no function returns NULL
 * for it.  A `briefing` is used by one thread at a time; two in different
 * threads share nothing but fontconfig's set-up, which is made once.
 *
 * Loading the library sets CAIRO_DEBUG_PDF=1 in the process's environment
 * (unless it is set already): cairo 1.16 then writes PDF page contents
 * uncompressed, and the library compresses them itself, faster.  A program
 * that also makes PDFs with cairo gets their page contents uncompressed.
 */
#ifndef BRIEFING_H
#define BRIEFING_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BRIEFING_API __attribute__((visibility("default")))
#else
#define BRIEFING_API
#endif

/* The version of this header; briefing_version() is the library's. */
#define BRIEFING_VERSION_MAJOR 0
#define BRIEFING_VERSION_MINOR 1
#define BRIEFING_VERSION_PATCH 0
#define BRIEFING_VERSION "0.1.0"
/* One number to compare: 0x000100 for 0.1.0. */
#define BRIEFING_VERSION_NUMBER                                                                                        \
    ((BRIEFING_VERSION_MAJOR << 16) | (BRIEFING_VERSION_MINOR << 8) | BRIEFING_VERSION_PATCH)

/* "0.1.0": the version of the library loaded (static, never freed). */
BRIEFING_API const char *briefing_version(void);

/* What every call that runs something returns; the same numbers are the
 * command line's exit status. */
typedef enum {
    BRIEFING_OK = 0,
    BRIEFING_FAILED = 1,    /* a full disk, a write error, no room for scratch files */
    BRIEFING_BAD_INPUT = 2, /* the document, the layout, a setting or an output path is to be changed */
} briefing_status;

typedef enum { BRIEFING_WARNING = 0, BRIEFING_ERROR = 1 } briefing_level;

/* One message.  `text` is the whole line as the command line prints it:
 *   FILE:LINE:COLUMN: error: PATH: MESSAGE
 * the other fields are its parts: `file` may be NULL (a message about no
 * file), `line` and `column` 0 (not known), `path` NULL (a message about
 * the file as a whole, or syntax) and `message` the text after the path.
 * Control characters and bytes that are not UTF-8 are written as \xNN in
 * every field.  Borrowed: valid until the next call that runs something. */
typedef struct {
    briefing_level level;
    const char *file;
    int line, column;
    const char *path;
    const char *message;
    const char *text;
} briefing_diagnostic;

typedef struct briefing briefing;

/* A new, empty briefing: no input, layout "a4", no settings, diagnostics
 * kept in its list and written nowhere.  Free with briefing_free. */
BRIEFING_API briefing *briefing_new(void);
/* Frees `b` and everything it returned; NULL is allowed. */
BRIEFING_API void briefing_free(briefing *b);

/* ---- the document ---------------------------------------------------------- */

/* The document is the file at `path` ("-": standard input; JSON, or YAML
 * when named .yaml or .yml, or on standard input when it does not start
 * with {).  Images are read from inside its folder (see briefing_set_root). */
BRIEFING_API void briefing_load_file(briefing *b, const char *path);
/* The document is `len` bytes at `bytes` (copied), JSON or YAML as `name`
 * says (the name diagnostics give it; NULL: "<memory>"); image paths are
 * relative to `base_dir` (NULL: the working directory). */
BRIEFING_API void briefing_load_bytes(briefing *b, const char *name, const char *base_dir, const void *bytes,
                                      size_t len);

/* ---- the layout and settings ----------------------------------------------- */

/* A layout by name (layouts/NAME.layout in the data folder) or a layout
 * file's path; NULL: "a4".  Read when building. */
BRIEFING_API void briefing_set_layout(briefing *b, const char *name_or_path);
/* One layout key over the layout's, "KEY=VALUE" as layouts/README.md lists
 * them (the command line's --set); later settings win.  Checked when
 * building: an unknown key or a bad value is an error there. */
BRIEFING_API void briefing_set(briefing *b, const char *key_value);
/* Shorthands for the print options: each is one briefing_set. */
BRIEFING_API void briefing_set_grayscale(briefing *b, bool on); /* option.grayscale */
BRIEFING_API void briefing_set_duplex(briefing *b, bool on);    /* option.duplex */
/* Drops every setting made with briefing_set and its shorthands. */
BRIEFING_API void briefing_clear_settings(briefing *b);

/* Images may lie anywhere inside `dir` (NULL: the document's folder). */
BRIEFING_API void briefing_set_root(briefing *b, const char *dir);
/* The folder holding fonts/ and layouts/ (NULL: $BRIEFING_DATA_DIR, else
 * share/briefing beside the program, else the source tree it was built
 * from). */
BRIEFING_API void briefing_set_data_dir(briefing *b, const char *dir);
/* The PDF's Creator (NULL: "briefing VERSION"). */
BRIEFING_API void briefing_set_creator(briefing *b, const char *creator);
/* Replace an existing PDF, dump or page image with other content (off:
 * such a file is kept and the build is BRIEFING_BAD_INPUT). */
BRIEFING_API void briefing_set_force(briefing *b, bool on);
/* A PDF whose file holds another edition is written beside it as
 * DATE-NAME.r2.pdf (r3, ... the next free), marked 訂正版 (label.revision)
 * and naming in its metadata the file it corrects and its SHA-256; the
 * same build again keeps the last revision (briefing_unchanged).  The
 * path written is briefing_written_path's.  Off: the edition rule. */
BRIEFING_API void briefing_set_revise(briefing *b, bool on);
/* Treat warnings as errors. */
BRIEFING_API void briefing_set_strict(briefing *b, bool on);
/* Print the time of each stage to standard error. */
BRIEFING_API void briefing_set_timings(briefing *b, bool on);
/* How many threads set paragraphs at once, the calling one included (0,
 * the default, and 1: no threads are started, so that a program building
 * several documents at once in threads is not given more threads than
 * cores; the briefing program asks for one per core, README "Paragraphs
 * on threads").  The PDF is the same whatever the number. */
BRIEFING_API void briefing_set_threads(briefing *b, int threads);
/* Also write a text dump of the placed pages to `path` ("-": standard
 * output; NULL: none). */
BRIEFING_API void briefing_set_dump(briefing *b, const char *path);
/* Also write each page as DIR/page-NNN.png at `dpi` (0: 96; NULL: none). */
BRIEFING_API void briefing_set_png(briefing *b, const char *dir, double dpi);

/* ---- diagnostics ----------------------------------------------------------- */

/* Called with each message as it is reported (NULL: none).  `d` is
 * borrowed for the call only. */
typedef void (*briefing_diagnostic_fn)(void *ctx, const briefing_diagnostic *d);
BRIEFING_API void briefing_set_diagnostic_callback(briefing *b, briefing_diagnostic_fn fn, void *ctx);
/* Write each message's `text` and a newline to standard error as it is
 * reported (off by default). */
BRIEFING_API void briefing_set_diagnostics_to_stderr(briefing *b, bool on);

/* The messages of the last call that ran something, in order; borrowed.
 * briefing_diagnostic_at gives NULL for an `i` past the count. */
BRIEFING_API size_t briefing_diagnostic_count(const briefing *b);
BRIEFING_API const briefing_diagnostic *briefing_diagnostic_at(const briefing *b, size_t i);
/* How many of them are errors. */
BRIEFING_API int briefing_error_count(const briefing *b);

/* Called with each file a build reads (the document, its images, the
 * layout and the files it includes), for a caller that watches them; the
 * path is borrowed for the call. */
typedef void (*briefing_read_fn)(void *ctx, const char *path);
BRIEFING_API void briefing_set_read_callback(briefing *b, briefing_read_fn fn, void *ctx);

/* Called with the path of the PDF a build is about to write, once it is
 * known and before anything is written; returning false refuses it (the
 * build stops with BRIEFING_BAD_INPUT and an error naming the path).  For
 * a caller that builds several documents at once, so that no two write
 * the same file.  Not called by a check or for standard output or a write
 * callback.  The path is borrowed for the call. */
typedef bool (*briefing_claim_fn)(void *ctx, const char *path);
BRIEFING_API void briefing_set_claim_callback(briefing *b, briefing_claim_fn fn, void *ctx);

/* ---- building -------------------------------------------------------------- */

/* Build the PDF to `path` (NULL: out/DATE-NAME.pdf, the folder made when
 * missing; "-": standard output), written atomically: a failed build leaves
 * an existing file as it was. */
BRIEFING_API briefing_status briefing_build_file(briefing *b, const char *path);

/* Build the PDF and hand its bytes to `write`, in order, in pieces; a
 * `write` returning false stops the build (BRIEFING_FAILED).  After a
 * failed build the bytes handed over so far are no PDF: throw them away.  The dump and
 * page images, when set, are written as files as briefing_build_file does. */
typedef bool (*briefing_write_fn)(void *ctx, const void *bytes, size_t len);
BRIEFING_API briefing_status briefing_build_callback(briefing *b, briefing_write_fn write, void *ctx);

/* The document, its images, the layout and the settings checked as a
 * build checks them, and the characters no font has found from the fonts'
 * character maps, with a build's diagnostics and status, nothing written
 * and no type set (no fontconfig, no Pango).  With
 * briefing_set_check_typesets on: everything a build does, the PDF drawn
 * and thrown away, so also the warnings only setting the type finds (a
 * table too wide for its columns). */
BRIEFING_API briefing_status briefing_check(briefing *b);
BRIEFING_API void briefing_set_check_typesets(briefing *b, bool on);

/* After a build: the path of the PDF written ("" for none, "<stdout>"),
 * whether an identical file was already there and kept, and the number of
 * pages (0 when the build stopped before paginating).  Borrowed. */
BRIEFING_API const char *briefing_written_path(const briefing *b);
BRIEFING_API bool briefing_unchanged(const briefing *b);
BRIEFING_API int briefing_page_count(const briefing *b);

/* The last build or check as one JSON object on one line (no newline), for
 * a program that builds many briefings and reports on each: {"input":
 * `input` as messages show it, "output": the PDF written or kept (null for
 * none), "status": "ok" | "bad-input" | "failed", "exit": the status's
 * number, "pages", "bytes" (of the PDF), "milliseconds" (the call's wall
 * time), "messages": [every diagnostic's line, prefixed with `input` and
 * ": " unless it names that file already]}.  Borrowed. */
BRIEFING_API const char *briefing_report_json(briefing *b, const char *input);

/* ---- files of the format --------------------------------------------------- */

/* `in` (JSON, or YAML when named .yaml/.yml) written to `out` in the form
 * its name says (.yaml/.yml: YAML, else JSON; "-": standard output, in the
 * other form than the input's), every value kept.  An existing `out` with
 * other content is kept unless briefing_set_force.  Diagnostics as for a
 * build. */
BRIEFING_API briefing_status briefing_convert(briefing *b, const char *in, const char *out);
/* A commented starter briefing, NAME.yaml (NAME may end in .yaml or .yml;
 * NULL: "briefing"), that builds as it is; kept when there unless forced. */
BRIEFING_API briefing_status briefing_init_file(briefing *b, const char *name);

/* ---- the archive ------------------------------------------------------------ */

/* The editions in `dir` (NULL: "out"), one line each to standard output,
 * sorted by date, then name: tab-separated date, number or label, title,
 * pages, layout, PDF/A part, SHA-256 and file name (and, for a revision,
 * "revision N of FILE"), or with `json_lines` one JSON object a line
 * (README, "The archive").  What each says is read from the PDF's own XMP
 * metadata; a file that is not a briefing PDF is a warning, and skipped. */
BRIEFING_API briefing_status briefing_list(briefing *b, const char *dir, bool json_lines);

/* `in` as every message shows it: control characters and bytes that are
 * not UTF-8 written as \xNN, cut to fit `size` bytes (at least 1) of
 * `out`, which the caller owns.  For a program's own lines that echo what
 * a user gave. */
BRIEFING_API void briefing_escape(char *out, size_t size, const char *in);

#ifdef __cplusplus
}
#endif

#endif
