/* load-blocks.c - the blocks of a body or a conclusion (paragraphs, tables,
 * figures, lists) and sources given by id (FORMAT.md "Blocks inside body
 * and conclusion", "Shared sources").
 *
 * A block is an object with exactly one block key; its value is read
 * against its own table like every other object, with every problem
 * reported at its path.  Sources given by id are collected here and
 * resolved once every id of the document is known.
 */
#include "core/nearest.h"
#include "doc/load-private.h"

#include <string.h>

/* clang-format off */
enum { BL_TABLE, BL_FIGURE, BL_LIST, BL_NUMBERED, BL_N };
static const char *const block_keys[BL_N] = {"table", "figure", "list", "numbered"};

enum { TB_COLUMNS, TB_ROWS, TB_CAPTION, TB_ALIGN, TB_SOURCE, TB_NOTE, TB_N };
static const field table_fields[TB_N] = {
    [TB_COLUMNS] = {"columns", F_ITEMS, true},
    [TB_ROWS] = {"rows", F_ARRAY, true},
    [TB_CAPTION] = {"caption", F_TEXT, false},
    [TB_ALIGN] = {"align", F_ITEMS, false},
    [TB_SOURCE] = {"source", F_SOURCE, false},
    [TB_NOTE] = {"note", F_TEXT, false},
};
/* clang-format on */

/* ---- sources given by id ---- */

void ld_source_of(loader *ld, json_t *v, const char *path, int *dst)
{
    *dst = -1;
    if (json_is_object(v)) {
        *dst = ld_load_source(ld, v, path);
        return;
    }
    if (!bf_is_valid_id(json_string_value(v))) {
        bf_error(
            ld->diag, ld->file, path,
            "%s is not a source id (letters, digits, _ and - only); give the source as an object, or the id of one",
            bf_quote(ld->arena, json_string_value(v)));
        return;
    }
    ld->refs = bf_grow(ld->refs, ld->n_refs, &ld->cap_refs, sizeof *ld->refs, 16);
    ld->refs[ld->n_refs++] = (pending_source){json_string_value(v), path, dst};
}

/* An unknown id: the path, and the nearest known id, or the known ones. */
static void report_unknown(loader *ld, const pending_source *r)
{
    const bf_doc *doc = ld->doc;
    const char **ids = g_new(const char *, doc->n_sources + 1);
    size_t n = 0;
    for (size_t i = 0; i < doc->n_sources; i++)
        if (doc->sources[i].id) ids[n++] = doc->sources[i].id;
    const char *near = bf_nearest(r->id, ids, n);
    const char *id = bf_quote(ld->arena, r->id);
    if (near) {
        bf_error(ld->diag, ld->file, r->path, "unknown source id %s; did you mean \"%s\"?", id, near);
    } else if (n == 0) {
        bf_error(ld->diag, ld->file, r->path, "unknown source id %s: no source has an id", id);
    } else {
        GString *known = g_string_new(NULL);
        for (size_t i = 0; i < n && i < 5; i++) g_string_append_printf(known, "%s\"%s\"", i ? ", " : "", ids[i]);
        if (n > 5) g_string_append(known, ", ...");
        bf_error(ld->diag, ld->file, r->path, "unknown source id %s (the ids are %s)", id, known->str);
        g_string_free(known, TRUE);
    }
    g_free(ids);
}

void ld_resolve_sources(loader *ld)
{
    for (int i = 0; i < ld->n_refs; i++) {
        const pending_source *r = &ld->refs[i];
        *r->dst = ld_lookup_id(ld, r->id, strlen(r->id));
        if (*r->dst < 0) report_unknown(ld, r);
    }
}

/* ---- numbers in table cells ---- */

/* The next character of s (UTF-8), and its length in *len. */
static gunichar next_char(const char *s, size_t *len)
{
    gunichar c = g_utf8_get_char(s);
    *len = (size_t)(g_utf8_next_char(s) - s);
    return c;
}

static bool is_digit(gunichar c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Is the cell a number: an optional sign (also ▲ and △, as Japanese
 * tables write a decrease) or currency sign, digits with "," or "."
 * separators, then optionally "%" or a unit word (円, 万円, kWh) of at
 * most eight characters without digits or spaces?  Strong marks around it
 * and a trailing citation are allowed. */
static bool is_number_cell(const char *raw)
{
    size_t n;
    const char *s = bf_trim(raw, &n);
    char *t = g_strndup(s, n);
    char *cite = strstr(t, "[^");
    if (cite && strchr(cite, ']') && strchr(cite, ']')[1] == '\0') *cite = '\0';
    char *p = t;
    size_t len = strlen(p);
    if (len >= 4 && strncmp(p, "**", 2) == 0 && strcmp(p + len - 2, "**") == 0) {
        p[len - 2] = '\0';
        p += 2;
    }
    size_t cl;
    gunichar c = next_char(p, &cl);
    if (c == '+' || c == '-' || c == '$' || c == 0x2212 || c == 0x25B2 || c == 0x25B3 || c == 0xB1 || c == 0xA5 ||
        c == 0xFFE5 || c == 0x20AC || c == 0xA3)
        p += cl;
    bool ok = false;
    int digits = 0;
    for (;;) {
        c = next_char(p, &cl);
        if (is_digit(c)) {
            digits++;
        } else if (digits && (c == ',' || c == '.' || c == 0xFF0C || c == 0xFF0E)) {
            const char *q = p + cl;
            size_t ql;
            if (!is_digit(next_char(q, &ql))) break;
        } else {
            break;
        }
        p += cl;
    }
    if (digits) {
        while (*p == ' ') p++;
        int unit = 0;
        ok = true;
        while (*p && ok) {
            c = next_char(p, &cl);
            ok = !is_digit(c) && !g_unichar_isspace(c) && ++unit <= 8;
            p += cl;
        }
    }
    g_free(t);
    return ok;
}

/* ---- tables ---- */

static void load_align(loader *ld, const object *o, bf_table *t)
{
    json_t *v = o->v[TB_ALIGN];
    if (json_array_size(v) != (size_t)t->n_columns) {
        size_t n = json_array_size(v);
        bf_error(ld->diag, ld->file, o->path[TB_ALIGN], "has %zu entr%s, but the table has %d column%s", n,
                 n == 1 ? "y" : "ies", t->n_columns, t->n_columns == 1 ? "" : "s");
        return;
    }
    for (int k = 0; k < t->n_columns; k++) {
        json_t *a = json_array_get(v, (size_t)k);
        const char *s = json_string_value(a);
        if (s && strcmp(s, "left") == 0)
            t->align[k] = BF_CELL_LEFT;
        else if (s && strcmp(s, "center") == 0)
            t->align[k] = BF_CELL_CENTER;
        else if (s && strcmp(s, "right") == 0)
            t->align[k] = BF_CELL_RIGHT;
        else
            bf_error(ld->diag, ld->file, bf_index_path(ld->arena, o->path[TB_ALIGN], (size_t)k),
                     "expected \"left\", \"center\" or \"right\", got %s",
                     s ? bf_quote(ld->arena, s) : ld_type_name(a));
    }
}

/* The cells of row `r` (an array of exactly n_columns strings) into dst. */
static void load_row(loader *ld, json_t *row, const char *path, int n_columns, bf_text *dst, bool *numeric,
                     bool *filled)
{
    if (!json_is_array(row)) {
        bf_error(ld->diag, ld->file, path, "expected an array of strings (a row), got %s", ld_type_name(row));
        return;
    }
    if (json_array_size(row) != (size_t)n_columns) {
        size_t n = json_array_size(row);
        bf_error(ld->diag, ld->file, path, "has %zu cell%s, but the table has %d column%s", n, n == 1 ? "" : "s",
                 n_columns, n_columns == 1 ? "" : "s");
        return;
    }
    for (int k = 0; k < n_columns; k++) {
        json_t *cell = json_array_get(row, (size_t)k);
        const char *cpath = bf_index_path(ld->arena, path, (size_t)k);
        if (!json_is_string(cell)) {
            bf_error(ld->diag, ld->file, cpath, "expected a string, got %s", ld_type_name(cell));
            continue;
        }
        const char *s = json_string_value(cell);
        if (ld_is_blank(s)) continue; /* an empty cell */
        if (numeric && !is_number_cell(s)) numeric[k] = false;
        if (filled) filled[k] = true;
        ld_defer_text(ld, s, cpath, &dst[k]);
    }
}

static const bf_table *load_table(loader *ld, json_t *obj, const char *path)
{
    object o;
    ld_read_object(ld, obj, path, table_fields, TB_N, &o);
    bf_table *t = bf_arena_alloc(ld->arena, sizeof *t);
    t->source = -1;
    t->path = path;
    json_t *cols = o.v[TB_COLUMNS], *rows = o.v[TB_ROWS];
    size_t nc = json_array_size(cols), nr = json_array_size(rows);
    if (cols && nc == 0) bf_error(ld->diag, ld->file, o.path[TB_COLUMNS], "needs at least one column");
    if (nc > BF_MAX_TABLE_COLUMNS) {
        bf_error(ld->diag, ld->file, o.path[TB_COLUMNS], "%zu columns, over the limit of %d", nc, BF_MAX_TABLE_COLUMNS);
        nc = 0;
    }
    if (rows && nr == 0) bf_error(ld->diag, ld->file, o.path[TB_ROWS], "needs at least one row");
    if (nr > BF_MAX_TABLE_ROWS) {
        bf_error(ld->diag, ld->file, o.path[TB_ROWS], "%zu rows, over the limit of %d", nr, BF_MAX_TABLE_ROWS);
        nr = 0;
    }
    t->n_columns = (int)nc;
    t->n_rows = nc ? (int)nr : 0;
    t->head = bf_arena_array(ld->arena, nc + 1, sizeof *t->head);
    t->cells = bf_arena_array(ld->arena, nc * (size_t)t->n_rows + 1, sizeof *t->cells);
    t->align = bf_arena_array(ld->arena, nc + 1, sizeof *t->align);
    t->numeric = bf_arena_array(ld->arena, nc + 1, sizeof *t->numeric);
    bool *filled = bf_arena_array(ld->arena, nc + 1, sizeof *filled);
    if (nc) {
        load_row(ld, cols, o.path[TB_COLUMNS], t->n_columns, t->head, NULL, NULL);
        for (int k = 0; k < t->n_columns; k++) t->numeric[k] = true;
    }
    for (int r = 0; r < t->n_rows; r++)
        load_row(ld, json_array_get(rows, (size_t)r), bf_index_path(ld->arena, o.path[TB_ROWS], (size_t)r),
                 t->n_columns, &t->cells[(size_t)r * nc], t->numeric, filled);
    /* A column with no number in it is no column of numbers. */
    for (int k = 0; k < t->n_columns; k++) {
        if (!filled[k]) t->numeric[k] = false;
        t->align[k] = t->numeric[k] ? BF_CELL_RIGHT : BF_CELL_LEFT;
    }
    if (o.v[TB_ALIGN] && nc) load_align(ld, &o, t);
    ld_text_of(ld, &o, TB_CAPTION, &t->caption);
    if (o.v[TB_CAPTION] && !ld_is_blank(json_string_value(o.v[TB_CAPTION]))) t->number = ++ld->n_tables;
    ld_text_of(ld, &o, TB_NOTE, &t->note);
    if (o.v[TB_SOURCE]) ld_source_of(ld, o.v[TB_SOURCE], o.path[TB_SOURCE], &t->source);
    return t;
}

/* ---- blocks ---- */

/* A list's items: an array of 1 to BF_MAX_LIST_ITEMS strings. */
static void load_list(loader *ld, json_t *v, const char *path, bf_texts *dst)
{
    if (!json_is_array(v)) {
        bf_error(ld->diag, ld->file, path, "expected an array of strings, got %s", ld_type_name(v));
        return;
    }
    size_t n = json_array_size(v);
    if (n == 0) {
        bf_error(ld->diag, ld->file, path, "needs at least one item");
        return;
    }
    if (n > BF_MAX_LIST_ITEMS) {
        bf_error(ld->diag, ld->file, path, "%zu items, over the limit of %d", n, BF_MAX_LIST_ITEMS);
        return;
    }
    object o = {.v = {v}, .path = {path}};
    ld_texts_of(ld, &o, 0, dst);
}

/* One block object: exactly one block key, read by its kind. */
static bool load_block(loader *ld, json_t *obj, const char *path, bf_block *b)
{
    int found = -1, n_found = 0;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        int k = 0;
        while (k < BL_N && strcmp(key, block_keys[k]) != 0) k++;
        if (k < BL_N) {
            n_found++;
            if (found < 0)
                found = k;
            else
                bf_error(ld->diag, ld->file, path,
                         "has both \"%s\" and \"%s\"; a block has exactly one of \"table\", \"figure\", \"list\", "
                         "\"numbered\"",
                         block_keys[found], key);
            continue;
        }
        const char *near = bf_nearest(key, block_keys, BL_N);
        if (near)
            bf_warning(ld->diag, ld->file, bf_key_path(ld->arena, path, key), "unknown key; did you mean \"%s\"?",
                       near);
        else
            bf_warning(ld->diag, ld->file, bf_key_path(ld->arena, path, key), "unknown key");
    }
    if (n_found == 0) {
        bf_error(ld->diag, ld->file, path,
                 "a block needs one of the keys \"table\", \"figure\", \"list\", \"numbered\"");
        return false;
    }
    if (n_found > 1 || found < 0) return false;
    const char *kpath = bf_key_path(ld->arena, path, block_keys[found]);
    json_t *v = json_object_get(obj, block_keys[found]);
    switch (found) {
    case BL_TABLE:
    case BL_FIGURE:
        if (!json_is_object(v)) {
            bf_error(ld->diag, ld->file, kpath, "expected an object, got %s", ld_type_name(v));
            return false;
        }
        if (found == BL_TABLE) {
            b->kind = BF_BLOCK_TABLE;
            b->table = load_table(ld, v, kpath);
        } else {
            b->kind = BF_BLOCK_FIGURE;
            b->figure = ld_load_image(ld, v, kpath);
        }
        return true;
    case BL_LIST:
    case BL_NUMBERED:
        b->kind = found == BL_LIST ? BF_BLOCK_LIST : BF_BLOCK_NUMBERED;
        load_list(ld, v, kpath, &b->items);
        return b->items.n > 0;
    }
    return false;
}

void ld_blocks_of(loader *ld, const object *o, int i, bf_blocks *dst)
{
    size_t n;
    dst->items = ld_list_open(ld, o, i, sizeof *dst->items, &n);
    for (size_t k = 0; k < n; k++) {
        const char *path;
        json_t *item = ld_list_item(ld, o, i, k, &path);
        bf_block *b = &dst->items[dst->n];
        b->path = path;
        if (json_is_string(item)) {
            /* Blank paragraphs are dropped, as everywhere. */
            if (ld_is_blank(json_string_value(item))) continue;
            b->kind = BF_BLOCK_PARA;
            ld_defer_text(ld, json_string_value(item), path, &b->text);
            dst->n++;
        } else if (json_is_object(item)) {
            if (load_block(ld, item, path, b)) dst->n++;
        } else {
            bf_error(ld->diag, ld->file, path, "expected a string (a paragraph) or a block object, got %s",
                     ld_type_name(item));
        }
    }
}
