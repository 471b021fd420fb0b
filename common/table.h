/*
 * table: rows of text cells, printed as aligned columns that fit a width,
 * or as CSV (RFC 4180).
 *
 *	static const struct table_column cols[] = {
 *		{"DATE", "date", 0, 0, 0}, {"MODEL", "model", 0, 8, 1},
 *	};
 *	struct table *t = table_new(cols, 2);
 *	table_add(t, (const char *[]){"2026-11-25", "gpt-5"}, 0);
 *	table_print(t, stdout, columns, utf8);   // or table_csv(t, stdout)
 *	table_free(t);
 *
 * To fit a width, flexible columns (min > 0) are first cut to the soft
 * width (table_soft()), then columns with a drop rank are left out,
 * highest first, then flexible columns are cut down to min, with "…" (or
 * "~").  Control characters show as '?' in text.  The table owns copies
 * of the cells.  Errors: NULL / -1 when out of memory or at the first
 * failed write (errno from stdio).
 */
#ifndef COMMON_TABLE_H
#define COMMON_TABLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

struct table_column {
	const char *title; /* text header: "SESSIONS" */
	const char *key;   /* CSV header: "sessions" (NULL: the title) */
	int right;         /* 1: right-aligned (numbers) */
	size_t min; /* > 0: may be cut down to min columns (names, ids) */
	int drop;   /* 0: always shown; > 0: left out to fit, highest first */
};

#define TABLE_TOTAL 1 /* table_add(): a total row, after a rule, text only */

struct table;

/* cols is borrowed and must outlive the table. */
struct table *table_new(const struct table_column *cols, size_t n);

/* Cut names to soft columns before leaving a figure out. */
void table_soft(struct table *t, size_t soft);

/* A row of n cells (NULL reads as ""). */
int table_add(struct table *t, const char *const *cells, int flags);

/* The same with an ANSI colour per cell (NULL or "": none; text only). */
int table_add_color(struct table *t, const char *const *cells,
                    const char *const *colors, int flags);

size_t table_rows(const struct table *t);

/* Header and rows indented by two spaces, fitted to width (0: no limit). */
int table_print(const struct table *t, FILE *out, size_t width, int utf8);

int table_csv(const struct table *t, FILE *out);

/*
 * A summary's daily_stats (an object keyed by date) as CSV, a row per day,
 * oldest first: the date, then cell(day, i, buf, len) for each column
 * i >= 1 of the n.
 */
int table_daily_csv(FILE *out, const json_t *daily,
                    const struct table_column *cols, size_t n,
                    void (*cell)(const json_t *day, size_t i, char *buf,
                                 size_t len));

void table_free(struct table *t);

#endif
