/*
 * Rules of this file: widths are terminal columns (chart_width), all known
 * before anything is printed: a pass to measure, a pass to print.
 */
#include "table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "json_util.h"

#define CELL_MAX 1024 /* bytes of a cell as printed (longer ones are cut) */

#define RESET "\033[0m"

struct row {
	char **cells;
	const char **colors; /* borrowed, or NULL */
	int flags;
};

struct table {
	const struct table_column *cols;
	size_t ncols;
	struct row *rows;
	size_t nrows, cap;
	size_t soft; /* table_soft() */
};

struct table *table_new(const struct table_column *cols, size_t n)
{
	struct table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->cols = cols;
	t->ncols = n;
	return t;
}

void table_soft(struct table *t, size_t soft)
{
	t->soft = soft;
}

static void row_free(struct row *r, size_t n)
{
	for (size_t i = 0; r->cells != NULL && i < n; i++)
		free(r->cells[i]);
	free(r->cells);
	free(r->colors);
}

void table_free(struct table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows; i++)
		row_free(&t->rows[i], t->ncols);
	free(t->rows);
	free(t);
}

int table_add(struct table *t, const char *const *cells, int flags)
{
	return table_add_color(t, cells, NULL, flags);
}

int table_add_color(struct table *t, const char *const *cells,
                    const char *const *colors, int flags)
{
	struct row r = {calloc(t->ncols, sizeof(char *)), NULL, flags}, *v;

	if (r.cells == NULL)
		goto nomem;
	if (colors != NULL) {
		r.colors = calloc(t->ncols, sizeof(*r.colors));
		if (r.colors == NULL)
			goto nomem;
		memcpy(r.colors, colors, t->ncols * sizeof(*r.colors));
	}
	for (size_t i = 0; i < t->ncols; i++) {
		r.cells[i] = strdup(cells[i] != NULL ? cells[i] : "");
		if (r.cells[i] == NULL)
			goto nomem;
	}
	v = array_grow(t->rows, t->nrows, &t->cap, sizeof(*v), 16);
	if (v == NULL)
		goto nomem;
	t->rows = v;
	t->rows[t->nrows++] = r;
	return 0;
nomem:
	row_free(&r, t->ncols);
	errno = ENOMEM;
	return -1;
}

size_t table_rows(const struct table *t)
{
	return t->nrows;
}

/* Width of the shown columns, with two spaces of indent and of gap. */
static size_t total_width(const struct table *t, const size_t *w, const int *on)
{
	size_t total = 2, shown = 0;

	for (size_t i = 0; i < t->ncols; i++) {
		if (!on[i])
			continue;
		total += w[i];
		shown++;
	}
	return total + (shown > 0 ? 2 * (shown - 1) : 0);
}

/* Cut flexible columns, a column at a time, down to floor (or min). */
static void cut(const struct table *t, size_t *w, const int *on, size_t width,
                size_t floor)
{
	int more = 1;

	while (more && total_width(t, w, on) > width) {
		more = 0;
		for (size_t i = 0; i < t->ncols; i++) {
			size_t least =
			    t->cols[i].min > floor ? t->cols[i].min : floor;

			if (on[i] && t->cols[i].min > 0 && w[i] > least &&
			    total_width(t, w, on) > width) {
				w[i]--;
				more = 1;
			}
		}
	}
}

/* Give columns cut by the soft width back what room is left, up to full. */
static void grow(const struct table *t, size_t *w, const int *on,
                 const size_t *full, size_t width)
{
	int more = 1;

	while (more) {
		more = 0;
		for (size_t i = 0; i < t->ncols; i++) {
			if (on[i] && w[i] < full[i] &&
			    total_width(t, w, on) < width) {
				w[i]++;
				more = 1;
			}
		}
	}
}

/* Fit width as table.h says; full: the widths before any cut. */
static void fit(const struct table *t, size_t *w, int *on, const size_t *full,
                size_t width)
{
	int dropped = 0;

	if (width == 0)
		return;
	if (t->soft > 0)
		cut(t, w, on, width, t->soft);
	while (total_width(t, w, on) > width) {
		size_t worst = t->ncols;

		for (size_t i = 0; i < t->ncols; i++)
			if (on[i] && t->cols[i].drop > 0 &&
			    (worst == t->ncols ||
			     t->cols[i].drop > t->cols[worst].drop))
				worst = i;
		if (worst == t->ncols)
			break;
		on[worst] = 0;
		dropped = 1;
	}
	if (dropped)
		grow(t, w, on, full, width);
	cut(t, w, on, width, 0);
}

/* s fitted to width, in color (NULL or "": none), padded unless last. */
static int put_cell(FILE *out, const char *s, const char *color, size_t width,
                    int right, int last, int utf8)
{
	const char *on = color != NULL ? color : "";
	char fitted[CELL_MAX];
	size_t w, pad;

	chart_fit(s, width, utf8, fitted, sizeof(fitted));
	w = chart_width(fitted);
	pad = w < width ? width - w : 0;
	if (right && fprintf(out, "%*s", (int)pad, "") < 0)
		return -1;
	if (fprintf(out, "%s%s%s", on, fitted, on[0] != '\0' ? RESET : "") < 0)
		return -1;
	if (!right && !last && fprintf(out, "%*s", (int)pad, "") < 0)
		return -1;
	return 0;
}

static int put_row(const struct table *t, FILE *out, char *const *cells,
                   const char *const *colors, const size_t *w, const int *on,
                   int utf8)
{
	size_t last = t->ncols;
	int first = 1;

	/* The last shown cell with text ends the line: no trailing blanks. */
	for (size_t i = 0; i < t->ncols; i++)
		if (on[i] && (last == t->ncols || cells[i][0] != '\0'))
			last = i;
	if (fputs("  ", out) == EOF)
		return -1;
	for (size_t i = 0; i <= last && i < t->ncols; i++) {
		if (!on[i])
			continue;
		if (!first && fputs("  ", out) == EOF)
			return -1;
		first = 0;
		if (put_cell(out, cells[i], colors != NULL ? colors[i] : NULL,
		             w[i], t->cols[i].right, i == last, utf8) == -1)
			return -1;
	}
	return fputc('\n', out) == EOF ? -1 : 0;
}

int table_print(const struct table *t, FILE *out, size_t width, int utf8)
{
	size_t *w = calloc(t->ncols + 1, sizeof(*w));
	size_t *full = calloc(t->ncols + 1, sizeof(*full));
	int *on = calloc(t->ncols + 1, sizeof(*on));
	char **titles = calloc(t->ncols + 1, sizeof(*titles));
	int ret = -1;

	if (w == NULL || full == NULL || on == NULL || titles == NULL) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		titles[i] = (char *)t->cols[i].title;
		w[i] = chart_width(titles[i]);
		on[i] = 1;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = chart_width(t->rows[r].cells[i]);

			if (cw > w[i])
				w[i] = cw < CELL_MAX / 4 ? cw : CELL_MAX / 4;
		}
	}
	memcpy(full, w, t->ncols * sizeof(*w));
	fit(t, w, on, full, width);
	if (put_row(t, out, titles, NULL, w, on, utf8) == -1)
		goto out;
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].flags & TABLE_TOTAL) {
			size_t rule = total_width(t, w, on) - 2;

			if (fputs("  ", out) == EOF)
				goto out;
			for (size_t i = 0; i < rule; i++)
				if (fputs(utf8 ? "─" : "-", out) == EOF)
					goto out;
			if (fputc('\n', out) == EOF)
				goto out;
		}
		if (put_row(t, out, t->rows[r].cells, t->rows[r].colors, w, on,
		            utf8) == -1)
			goto out;
	}
	ret = 0;
out:
	free(w);
	free(full);
	free(on);
	free(titles);
	return ret;
}

static int csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		return fputs(s, out) == EOF ? -1 : 0;
	if (fputc('"', out) == EOF)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '"' && fputc('"', out) == EOF)
			return -1;
		if (fputc(*s, out) == EOF)
			return -1;
	}
	return fputc('"', out) == EOF ? -1 : 0;
}

static int csv_line(const struct table *t, FILE *out, const char *const *f)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (i > 0 && fputc(',', out) == EOF)
			return -1;
		if (csv_field(out, f[i]) == -1)
			return -1;
	}
	return fputc('\n', out) == EOF ? -1 : 0;
}

int table_csv(const struct table *t, FILE *out)
{
	const char **titles = calloc(t->ncols + 1, sizeof(*titles));
	int ret = -1;

	if (titles == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < t->ncols; i++)
		titles[i] =
		    t->cols[i].key != NULL ? t->cols[i].key : t->cols[i].title;
	if (csv_line(t, out, titles) == -1)
		goto out;
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].flags & TABLE_TOTAL)
			continue;
		if (csv_line(t, out, (const char *const *)t->rows[r].cells) ==
		    -1)
			goto out;
	}
	ret = 0;
out:
	free(titles);
	return ret;
}

int table_daily_csv(FILE *out, const json_t *daily,
                    const struct table_column *cols, size_t n,
                    void (*cell)(const json_t *day, size_t i, char *buf,
                                 size_t len))
{
	enum { CELL = 32 };
	size_t ndays;
	const char **dates = json_util_sorted_keys(daily, JSON_OBJECT, &ndays);
	struct table *tab = table_new(cols, n);
	char(*text)[CELL] = calloc(n, sizeof(*text));
	const char **row = calloc(n, sizeof(*row));
	int ret = -1;

	if (dates == NULL || tab == NULL || text == NULL || row == NULL) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t d = 0; d < ndays; d++) {
		row[0] = dates[d];
		for (size_t i = 1; i < n; i++) {
			cell(json_object_get(daily, dates[d]), i, text[i],
			     CELL);
			row[i] = text[i];
		}
		if (table_add(tab, row, 0) == -1)
			goto out;
	}
	ret = table_csv(tab, out);
out:
	table_free(tab);
	free(dates);
	free(text);
	free(row);
	return ret;
}
