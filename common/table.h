/*
 * table: rows of text cells, printed as aligned columns that fit a width,
 * or as CSV.
 *
 * A report describes its columns once, adds its rows as strings (it
 * formats its own numbers), and prints the same table either way:
 *
 *	static const struct table_column cols[] = {
 *		{"DATE", "date", 0, 0, 0}, {"SESSIONS", "sessions", 1, 0, 0},
 *		{"MODEL", "model", 0, 8, 1},
 *	};
 *	struct table *t = table_new(cols, 3);
 *	table_add(t, (const char *[]){"2026-11-25", "3", "gpt-5"}, 0);
 *	table_add(t, (const char *[]){"total", "3", ""}, TABLE_TOTAL);
 *	table_print(t, stdout, columns, utf8);   // or table_csv(t, stdout)
 *	table_free(t);
 *
 * Fitting a width: flexible columns (min > 0) are first cut down to the
 * table's soft width, if it has one (table_soft()); then columns with a
 * drop rank are left out, highest rank first, while the table is too wide;
 * then flexible columns are cut, never below min, with "…" (or "~" without
 * UTF-8).  Control characters in cells show as '?' in text; CSV quotes
 * fields as RFC 4180 says and writes them as they are.
 *
 * Errors: table_new() and table_add() return NULL / -1 when out of memory;
 * the printers return -1 at the first failed write (errno from stdio).
 * The table owns copies of everything added; table_free() releases them.
 */
#ifndef COMMON_TABLE_H
#define COMMON_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table_column {
	const char *title; /* text header: "SESSIONS" */
	const char *key;   /* CSV header: "sessions" (NULL: the title) */
	int right;         /* 1: right-aligned (numbers) */
	size_t min; /* > 0: may be cut down to min columns (names, ids) */
	int drop;   /* 0: always shown; > 0: left out to fit, highest first */
};

#define TABLE_TOTAL 1 /* table_add(): a total row, in text only */

struct table;

/* A table of n columns; cols is borrowed and must outlive the table. */
struct table *table_new(const struct table_column *cols, size_t n);

/*
 * Fit by cutting flexible columns down to soft columns (or their min when
 * larger) before leaving any column out: names give way before figures.
 */
void table_soft(struct table *t, size_t soft);

/* Add a row of n cells (copied; NULL reads as ""); flags: TABLE_TOTAL. */
int table_add(struct table *t, const char *const *cells, int flags);

/*
 * The same with a colour for each cell, an ANSI sequence printed before the
 * cell's text and reset after it (NULL or "": none; borrowed: string
 * constants).  Text only, never CSV.
 */
int table_add_color(struct table *t, const char *const *cells,
                    const char *const *colors, int flags);

/* Rows added so far (total rows included). */
size_t table_rows(const struct table *t);

/*
 * Print the header and the rows, indented by two spaces, fitted to width
 * columns (0: no limit); a total row comes after a rule.
 */
int table_print(const struct table *t, FILE *out, size_t width, int utf8);

/* The header line and the rows (not total rows) as CSV, CRLF-free. */
int table_csv(const struct table *t, FILE *out);

/* One CSV field, quoted when it holds a comma, quote, CR or LF. */
int table_csv_field(FILE *out, const char *s);

void table_free(struct table *t);

#endif
