/*
 * Rules of this file:
 * - A document is loaded at most once per struct docs and written at most
 *   once per docs_write(), whatever the number of records applied.
 * - O_NOFOLLOW: a symlink in the data directory is an error, never followed.
 * - A document that does not parse is moved aside (writers) or left in
 *   place (readers), never deleted.
 * - Documents are replaced by renaming a complete temp file, not fsynced:
 *   they are checkpoints of the fsynced logs (docs/design.md §4).
 */
#include "docs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_util.h"
#include "timeutil.h"

struct doc {
	char *name;
	json_t *json;
	int exists; /* on disk, or created by docs_get */
	int changed;
	int has_pos;             /* pos is set: write it as log_position */
	struct log_position pos; /* position of the last record applied */
};

struct docs {
	int dirfd; /* -1: memory only */
	int quarantine;
	struct doc *v;
	size_t n, cap;
	json_t *index;   /* name -> index into v */
	json_t *scratch; /* copies handed out for records a document holds */
	struct log_position cur;
	int has_cur;
	char corrupt[320]; /* name of the last corrupt document, or "" */
	int fresh; /* after docs_reset: documents start empty, disk unread */
	struct error err;
};

struct docs *docs_new_dir(int dirfd, int quarantine)
{
	struct docs *docs = calloc(1, sizeof(*docs));

	if (docs == NULL)
		return NULL;
	docs->dirfd = dirfd;
	docs->quarantine = quarantine;
	docs->index = json_object();
	docs->scratch = json_array();
	if (docs->index == NULL || docs->scratch == NULL) {
		docs_free(docs);
		return NULL;
	}
	return docs;
}

struct docs *docs_new_memory(void)
{
	return docs_new_dir(-1, 0);
}

int docs_dirfd(const struct docs *docs)
{
	return docs->dirfd;
}

static void forget_all(struct docs *docs)
{
	for (size_t i = 0; i < docs->n; i++) {
		free(docs->v[i].name);
		json_decref(docs->v[i].json);
	}
	docs->n = 0;
	json_object_clear(docs->index);
	json_array_clear(docs->scratch);
}

void docs_reset(struct docs *docs)
{
	forget_all(docs);
	docs->has_cur = 0;
	docs->fresh = 1;
	docs->corrupt[0] = '\0';
}

void docs_free(struct docs *docs)
{
	if (docs == NULL)
		return;
	forget_all(docs);
	free(docs->v);
	json_decref(docs->index);
	json_decref(docs->scratch);
	free(docs);
}

const struct error *docs_error(const struct docs *docs)
{
	return &docs->err;
}

const char *docs_corrupt(const struct docs *docs)
{
	return docs->corrupt[0] != '\0' ? docs->corrupt : NULL;
}

void docs_set_position(struct docs *docs, const struct log_position *pos)
{
	docs->has_cur = pos != NULL;
	if (pos != NULL)
		docs->cur = *pos;
}

int docs_position_cmp(const struct log_position *a,
                      const struct log_position *b)
{
	int c = strcmp(a->date, b->date);

	if (c != 0)
		return c < 0 ? -1 : 1;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return 0;
}

void docs_position_get(const json_t *doc, struct log_position *pos)
{
	json_t *p = json_object_get(doc, "log_position");
	const char *date = json_string_value(json_object_get(p, "date"));
	json_t *offset = json_object_get(p, "offset");

	memset(pos, 0, sizeof(*pos));
	if (date != NULL && strlen(date) < sizeof(pos->date))
		strcpy(pos->date, date);
	/* An offset that is not an integer (a hand edit) is -1, invalid,
	 * never 0, which would count the log again. */
	if (p != NULL)
		pos->offset =
		    json_is_integer(offset) ? json_integer_value(offset) : -1;
}

void docs_position_set(json_t *doc, const struct log_position *pos)
{
	json_object_set_new(doc, "log_position",
	                    json_pack("{s:s,s:I}", "date", pos->date, "offset",
	                              (json_int_t)pos->offset));
}

/* Move a document that does not parse aside, keeping it for the user. */
static int quarantine(int dirfd, const char *name, char *aside, size_t len,
                      struct error *err)
{
	char stamp[TIME_UTC_LEN];
	int n;

	time_format_utc(time_now_ms(), stamp);
	n = snprintf(aside, len, "%s.corrupt-%s", name, stamp);
	if (n < 0 || (size_t)n >= len) {
		error_set(err, ENAMETOOLONG, "cannot move '%s' aside", name);
		return -1;
	}
	if (renameat(dirfd, name, dirfd, aside) == -1) {
		error_set(err, errno, "cannot move '%s' aside", name);
		return -1;
	}
	return 0;
}

/* The whole of an open file in a new buffer; NULL with errno. */
static char *read_all(int fd, size_t *len)
{
	struct stat sb;
	size_t cap, n = 0;
	char *buf, *bigger;
	ssize_t r;

	if (fstat(fd, &sb) == -1)
		return NULL;
	cap = sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096;
	buf = malloc(cap);
	while (buf != NULL) {
		if (n + 1 >= cap) {
			bigger = realloc(buf, cap * 2);
			if (bigger == NULL)
				break;
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		if (r == 0) {
			*len = n;
			return buf;
		}
		n += (size_t)r;
	}
	free(buf);
	return NULL;
}

json_t *docs_load(int dirfd, const char *name, struct error *err)
{
	json_t *doc = NULL;
	char *buf;
	size_t len;
	int fd, saved = EINVAL;

	fd =
	    openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno != ENOENT)
			error_set(err, errno,
			          errno == ELOOP ? "refusing symlink '%s'"
			                         : "cannot open '%s'",
			          name);
		return NULL;
	}
	buf = read_all(fd, &len);
	if (buf == NULL)
		saved = errno;
	else
		doc = json_loadb(buf, len, 0, NULL);
	free(buf);
	close(fd);
	if (json_is_object(doc)) {
		if (json_integer_value(json_object_get(
		        doc, "schema_version")) <= SCHEMA_VERSION)
			return doc;
		json_decref(doc);
		error_set(err, 0, "'%s' was written by a newer version", name);
		errno = ENOTSUP;
		return NULL;
	}
	json_decref(doc);
	if (saved == EINVAL)
		error_set(err, 0, "'%s' is not a valid document", name);
	else
		error_set(err, saved, "cannot read '%s'", name);
	errno = saved;
	return NULL;
}

/* The doc called name, loading it first; NULL on error (docs->err set). */
static struct doc *find(struct docs *docs, const char *name)
{
	json_t *at = json_object_get(docs->index, name);
	json_t *json = NULL;
	struct doc *d, *v;

	if (at != NULL)
		return &docs->v[json_integer_value(at)];
	if (docs->dirfd != -1 && !docs->fresh) {
		json = docs_load(docs->dirfd, name, &docs->err);
		if (json == NULL && errno == EINVAL) {
			if (!docs->quarantine)
				snprintf(docs->corrupt, sizeof(docs->corrupt),
				         "%s", name);
			else if (quarantine(docs->dirfd, name, docs->corrupt,
			                    sizeof(docs->corrupt),
			                    &docs->err) == -1)
				return NULL;
		} else if (json == NULL && errno != ENOENT) {
			return NULL;
		}
	}
	v = array_grow(docs->v, docs->n, &docs->cap, sizeof(*v), 8);
	if (v == NULL)
		goto nomem;
	docs->v = v;
	d = &docs->v[docs->n];
	memset(d, 0, sizeof(*d));
	d->exists = json != NULL;
	if (json == NULL)
		json = json_pack("{s:i}", "schema_version", SCHEMA_VERSION);
	d->name = strdup(name);
	d->json = json;
	if (d->name == NULL || json == NULL) {
		free(d->name);
		goto nomem;
	}
	docs_position_get(json, &d->pos);
	d->has_pos = d->pos.date[0] != '\0';
	if (json_object_set_new(docs->index, name,
	                        json_integer((json_int_t)docs->n))) {
		free(d->name);
		goto nomem;
	}
	docs->n++;
	return d;
nomem:
	json_decref(json);
	error_set(&docs->err, ENOMEM, "cannot load '%s'", name);
	return NULL;
}

json_t *docs_get(struct docs *docs, const char *name)
{
	struct doc *d = find(docs, name);
	json_t *copy;

	if (d == NULL)
		return NULL;
	if (docs->has_cur && d->has_pos &&
	    docs_position_cmp(&d->pos, &docs->cur) >= 0) {
		/* The document holds this record already: edit a copy. */
		copy = json_deep_copy(d->json);
		if (copy == NULL ||
		    json_array_append_new(docs->scratch, copy)) {
			error_set(&docs->err, ENOMEM, "cannot copy '%s'", name);
			return NULL;
		}
		return copy;
	}
	d->changed = 1;
	d->exists = 1;
	if (docs->has_cur) {
		d->pos = docs->cur;
		d->has_pos = 1;
	}
	return d->json;
}

int docs_advance(struct docs *docs, const char *name,
                 const struct log_position *pos)
{
	struct doc *d = find(docs, name);

	if (d == NULL)
		return -1;
	if (!d->has_pos || docs_position_cmp(&d->pos, pos) < 0) {
		d->pos = *pos;
		d->has_pos = 1;
		d->changed = 1;
		d->exists = 1;
	}
	return 0;
}

json_t *docs_peek(struct docs *docs, const char *name)
{
	struct doc *d = find(docs, name);

	return d != NULL && d->exists ? d->json : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct doc *const *)a)->name,
	              (*(const struct doc *const *)b)->name);
}

void docs_each(struct docs *docs,
               void (*fn)(const char *name, json_t *doc, void *ctx), void *ctx)
{
	struct doc **order = malloc(docs->n * sizeof(*order) + 1);
	size_t i;

	if (order == NULL)
		return;
	for (i = 0; i < docs->n; i++)
		order[i] = &docs->v[i];
	qsort(order, docs->n, sizeof(*order), by_name);
	for (i = 0; i < docs->n; i++)
		if (order[i]->exists)
			fn(order[i]->name, order[i]->json, ctx);
	free(order);
}

/* Write all of buf to fd, across short writes and EINTR. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* doc as compact text in a new buffer: json_dumpb, grown once if short. */
static char *dump(const json_t *doc, size_t *len)
{
	size_t cap = 16384, need;
	char *buf = malloc(cap);

	if (buf == NULL)
		return NULL;
	need = json_dumpb(doc, buf, cap, DOCS_JSON_FLAGS);
	if (need > cap) {
		free(buf);
		buf = malloc(need);
		if (buf == NULL ||
		    json_dumpb(doc, buf, need, DOCS_JSON_FLAGS) != need) {
			free(buf);
			return NULL;
		}
	}
	*len = need;
	return need > 0 ? buf : (free(buf), NULL);
}

int docs_replace(int dirfd, const char *name, const json_t *doc, int durable,
                 struct error *err)
{
	static unsigned counter;
	char tmp[512];
	char *text;
	size_t len;
	int fd = -1, ret = -1, saved, n;

	text = dump(doc, &len);
	if (text == NULL) {
		error_set(err, ENOMEM, "cannot write '%s'", name);
		return -1;
	}
	for (int tries = 0; fd == -1 && tries < 100; tries++) {
		n = snprintf(tmp, sizeof(tmp), ".%s.%06x", name,
		             ((unsigned)getpid() * 2654435761u + counter++ +
		              (unsigned)time_now_ms()) &
		                 0xffffff);
		if (n < 0 || (size_t)n >= sizeof(tmp)) {
			error_set(err, ENAMETOOLONG, "cannot write '%s'", name);
			goto out;
		}
		fd = openat(
		    dirfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST) {
			error_set(err, errno, "cannot write '%s'", name);
			goto out;
		}
	}
	if (fd == -1) {
		error_set(err, EEXIST, "cannot write '%s'", name);
		goto out;
	}
	if (write_all(fd, text, len) == -1 || (durable && fsync(fd) == -1)) {
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) == -1) {
		error_set(err, errno, "cannot replace '%s'", name);
		goto out;
	}
	if (durable && fsync(dirfd) == -1 && errno != EINVAL) {
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	ret = 0;
out:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (ret == -1)
		unlinkat(dirfd, tmp, 0);
	free(text);
	errno = saved;
	return ret;
}

static int write_one(struct docs *docs, struct doc *d, struct error *err)
{
	if (d->has_pos)
		docs_position_set(d->json, &d->pos);
	if (docs->dirfd != -1 &&
	    docs_replace(docs->dirfd, d->name, d->json, 0, err) == -1)
		return -1;
	d->changed = 0;
	return 0;
}

int docs_write(struct docs *docs, const char *last_name, struct error *err)
{
	struct doc *last = NULL;

	for (size_t i = 0; i < docs->n; i++) {
		struct doc *d = &docs->v[i];

		if (!d->changed)
			continue;
		if (last_name != NULL && strcmp(d->name, last_name) == 0) {
			last = d;
			continue;
		}
		if (write_one(docs, d, err) == -1)
			return -1;
	}
	if (last != NULL && write_one(docs, last, err) == -1)
		return -1;
	json_array_clear(docs->scratch);
	return 0;
}

void docs_discard(struct docs *docs, const char *name)
{
	json_t *at = json_object_get(docs->index, name);

	if (at != NULL)
		docs->v[json_integer_value(at)].changed = 0;
}
