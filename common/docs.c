/*
 * Rules of this file:
 * - A document is loaded at most once per struct docs and written at most
 *   once per docs_write(), whatever the number of records applied.
 * - Files are opened with O_NOFOLLOW: a symlink in the data directory is an
 *   error, never followed, never removed.
 * - A document that does not parse is renamed aside, never deleted.
 * - Documents are replaced by rename of a complete temp file; they are not
 *   fsynced (they are views of the fsynced logs, see store.c).
 * - A document read with lazy maps keeps its text until it is released:
 *   the entries nobody asked for are written back from it.  Handing out a
 *   scratch copy, or the documents to docs_each(), reads its maps whole
 *   first, so that a copy or a caller never sees a partial map.
 * - A lazy map entry that could not be read (no memory) fails the next
 *   docs_write(): apply may have taken it for absent.
 * - A document is read without checking its lazy maps' text only when the
 *   file is, by its identity (device, inode, size, mtime, ctime) and a hash
 *   of its text, the one docs_write() last wrote under the lock, as the
 *   sidecar remembers it.  The identity is taken by fstat of the written
 *   file after its rename (rename changes ctime), and checked by fstat
 *   after reading.  The hash covers what timestamps of a clock tick cannot
 *   tell apart (a change in place within the tick of the write).  Anything
 *   else (no sidecar, a torn one, another file, any change) is checked.
 */
#include "docs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "codec.h"
#include "timeutil.h"

/* A file's identity, as text: "dev:ino:size:mtime:ctime:hash". */
#define IDENT_MAX 128
/* The sidecar's text: a JSON object, name -> identity; larger is ignored. */
#define SIDECAR_MAX 4096

struct doc {
	char *name;
	json_t *json;
	struct codec_lazy *lazy; /* its lazy maps, or NULL */
	char *text;              /* the text they are read from */
	int exists;              /* on disk, or created by docs_get */
	char ident[IDENT_MAX];   /* identity of the file we wrote, or "" */
	int changed;
	int has_pos;             /* pos is set: write it as log_position */
	struct log_position pos; /* position of the last record applied */
};

struct docs {
	int dirfd; /* -1: memory only */
	struct doc *v;
	size_t n, cap;
	json_t *index;   /* name -> index into v */
	json_t *scratch; /* copies handed out for records a document already holds */
	const char *const *lazy; /* names of lazy maps (docs_set_lazy) */
	int failed; /* a lazy map could not be read: write nothing */
	struct log_position cur;
	int has_cur;
	char corrupt[320]; /* aside name of the last document quarantined, or "" */
	int fresh; /* after docs_reset: documents start empty, disk is not read */
	int sidecar;   /* fd of the sidecar (docs_set_sidecar), or -1 */
	int sidecar_long; /* it holds more than SIDECAR_MAX - 1 bytes */
	json_t *known; /* name -> identity, as read from the sidecar */
	unsigned trusted; /* documents read unchecked (docs_trusted) */
	int wrote;        /* docs_write replaced a file: save the sidecar */
	struct error err;
};

static int doc_whole(struct docs *docs, struct doc *d);

static struct docs *docs_alloc(int dirfd)
{
	struct docs *docs = calloc(1, sizeof(*docs));

	if (docs == NULL)
		return NULL;
	docs->dirfd = dirfd;
	docs->sidecar = -1;
	docs->index = json_object();
	docs->scratch = json_array();
	docs->known = json_object();
	if (docs->index == NULL || docs->scratch == NULL ||
	    docs->known == NULL) {
		docs_free(docs);
		return NULL;
	}
	return docs;
}

struct docs *docs_new_memory(void)
{
	return docs_alloc(-1);
}

struct docs *docs_new_dir(int dirfd)
{
	return docs_alloc(dirfd);
}

static void doc_release(struct doc *d)
{
	free(d->name);
	codec_lazy_free(d->lazy);
	json_decref(d->json);
	free(d->text);
}

void docs_set_lazy(struct docs *docs, const char *const *names)
{
	docs->lazy = names;
}

void docs_reset(struct docs *docs)
{
	for (size_t i = 0; i < docs->n; i++)
		doc_release(&docs->v[i]);
	docs->n = 0;
	docs->failed = 0;
	json_object_clear(docs->index);
	json_array_clear(docs->scratch);
	docs->has_cur = 0;
	docs->fresh = 1;
	docs->corrupt[0] = '\0';
}

void docs_free(struct docs *docs)
{
	if (docs == NULL)
		return;
	for (size_t i = 0; i < docs->n; i++)
		doc_release(&docs->v[i]);
	free(docs->v);
	json_decref(docs->index);
	json_decref(docs->scratch);
	json_decref(docs->known);
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
	if (pos == NULL) {
		docs->has_cur = 0;
		return;
	}
	docs->cur = *pos;
	docs->has_cur = 1;
}

int docs_position_cmp(const struct log_position *a, const struct log_position *b)
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
	/* A position whose offset is not an integer (a hand edit): -1, an
	 * invalid position, never 0, which would count the log again. */
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

static json_t *doc_empty(void)
{
	return json_pack("{s:i}", "schema_version", SCHEMA_VERSION);
}

/* Read the whole of an open file into a new NUL-terminated buffer. */
static char *read_all(int fd, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *buf, *bigger;
	ssize_t r;

	if (fstat(fd, &st) == -1)
		return NULL;
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	for (;;) {
		if (n + 1 >= cap) {
			bigger = realloc(buf, cap * 2);
			if (bigger == NULL)
				goto fail;
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	return NULL;
}

/*
 * A hash of text, to tell a change made by mistake (not by an adversary):
 * Fletcher's sums over 8-byte words in four lanes (a change of one word
 * always changes its lane's first sum), mixed at the end.  Four lanes of
 * additions, so that it costs a fraction of the check it saves.
 */
static uint64_t text_hash(const char *s, size_t n)
{
	uint64_t a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0}, w[4], h = n;
	size_t i = 0;

#ifdef __SSE2__
	__m128i a0 = _mm_setzero_si128(), a1 = a0, b0 = a0, b1 = a0;

	for (; i + 32 <= n; i += 32) {
		a0 = _mm_add_epi64(a0, _mm_loadu_si128((const __m128i *)(s + i)));
		a1 = _mm_add_epi64(a1,
				   _mm_loadu_si128((const __m128i *)(s + i + 16)));
		b0 = _mm_add_epi64(b0, a0);
		b1 = _mm_add_epi64(b1, a1);
	}
	_mm_storeu_si128((__m128i *)a, a0);
	_mm_storeu_si128((__m128i *)(a + 2), a1);
	_mm_storeu_si128((__m128i *)b, b0);
	_mm_storeu_si128((__m128i *)(b + 2), b1);
#endif
	for (; i < n; i += 32) {
		memset(w, 0, sizeof(w));
		memcpy(w, s + i, n - i < 32 ? n - i : 32);
		for (int k = 0; k < 4; k++) {
			a[k] += w[k];
			b[k] += a[k];
		}
	}
	for (int k = 0; k < 4; k++) {
		h = (h ^ a[k]) * 0xff51afd7ed558ccdull;
		h = (h ^ b[k]) * 0xc4ceb9fe1a85ec53ull;
		h ^= h >> 32;
	}
	return h;
}

/* Append ":<hash of text>" to the identity in buf[IDENT_MAX]. */
static void identity_hash(char *buf, const char *text, size_t len)
{
	size_t n = strlen(buf);

	snprintf(buf + n, IDENT_MAX - n, ":%016llx",
		 (unsigned long long)text_hash(text, len));
}

/* The identity of an open file fd into buf[IDENT_MAX]; -1: none. */
static int identity(int fd, char *buf)
{
	struct stat st;
	int n;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	n = snprintf(buf, IDENT_MAX - 20, "%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
		     (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
		     (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
		     (long)st.st_mtim.tv_nsec, (intmax_t)st.st_ctim.tv_sec,
		     (long)st.st_ctim.tv_nsec);
	return n > 0 && n < IDENT_MAX - 20 ? 0 : -1;
}

void docs_set_sidecar(struct docs *docs, int fd)
{
	char buf[SIDECAR_MAX], *end;
	json_t *known;
	ssize_t n;

	docs->sidecar = fd;
	json_object_clear(docs->known);
	n = pread(fd, buf, sizeof(buf), 0);
	docs->sidecar_long = (size_t)n == sizeof(buf);
	if (n <= 0 || docs->sidecar_long)
		return;
	end = memchr(buf, '\n', (size_t)n); /* padding follows */
	known = codec_load(buf, end != NULL ? (size_t)(end - buf) : (size_t)n);
	if (json_is_object(known))
		json_object_update(docs->known, known);
	json_decref(known);
}

unsigned docs_trusted(const struct docs *docs)
{
	return docs->trusted;
}

/*
 * Write the identities of the files written or read trusted to the
 * sidecar, in place: always SIDECAR_MAX - 1 bytes, the text, a newline and
 * spaces, so the file is never truncated (ext4 flushes a file truncated to
 * zero when it is closed, which a hook would wait for).  A torn write
 * leaves text that does not parse, or identities whose hashes match no
 * file, and trusts nothing.
 */
static void sidecar_save(struct docs *docs)
{
	json_t *known = json_object();
	char *text = NULL, *padded;
	size_t len = 0;

	for (size_t i = 0; known != NULL && i < docs->n; i++) {
		struct doc *d = &docs->v[i];

		if (d->ident[0] != '\0' &&
		    json_object_set_new(known, d->name, json_string(d->ident)))
			goto out;
	}
	if (known != NULL)
		text = codec_dump(known, &len);
	if (text == NULL)
		goto out;
	if (len >= SIDECAR_MAX - 1) {
		/* Too long to be read back: emptied, it trusts nothing. */
		(void)ftruncate(docs->sidecar, 0);
		goto out;
	}
	padded = realloc(text, SIDECAR_MAX - 1);
	if (padded == NULL)
		goto out;
	text = padded;
	text[len] = '\n';
	memset(text + len + 1, ' ', SIDECAR_MAX - 2 - len);
	(void)pwrite(docs->sidecar, text, SIDECAR_MAX - 1, 0);
	/* Longer (another version's, a hand edit): cut to size, once. */
	if (docs->sidecar_long)
		(void)ftruncate(docs->sidecar, SIDECAR_MAX - 1);
out:
	free(text);
	json_decref(known);
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

/*
 * Load a document: 1 loaded, 0 absent (*out NULL), 2 corrupt (*out NULL),
 * -1 error.  With lazy names (not NULL), *lazy gets its lazy maps and
 * *text the text they are read from (the caller frees both), or NULL.
 * known: the identity the sidecar gives name, or NULL; when the file has
 * it, the document is read unchecked, its identity copied into
 * ident[IDENT_MAX], and 3 returned instead of 1.
 */
static int load(int dirfd, const char *name, json_t **out,
		const char *const *names, struct codec_lazy **lazy, char **text,
		const char *known, char *ident, struct error *err)
{
	struct codec_lazy *maps = NULL;
	json_t *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	char id[IDENT_MAX];
	int fd, ret = -1, saved, trusted = 0;

	*out = NULL;
	if (names != NULL) {
		*lazy = NULL;
		*text = NULL;
	}
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		error_set(err, errno, errno == ELOOP ? "refusing symlink '%s'"
						      : "cannot open '%s'",
			  name);
		return -1;
	}
	buf = read_all(fd, &len);
	if (buf == NULL) {
		error_set(err, errno, "cannot read '%s'", name);
		goto out;
	}
	/* After the read: a change while reading is a change of identity. */
	if (known != NULL && names != NULL && identity(fd, id) == 0) {
		size_t n = strlen(id);

		if (strncmp(id, known, n) == 0 && known[n] == ':') {
			identity_hash(id, buf, len);
			trusted = strcmp(id, known) == 0;
		}
	}
	if (trusted)
		doc = codec_load_trusted(buf, len, names, &maps);
	else
		doc = names != NULL ? codec_load_lazy(buf, len, names, &maps)
				    : codec_load(buf, len);
	if (!json_is_object(doc)) {
		ret = 2;
		goto out;
	}
	if (json_integer_value(json_object_get(doc, "schema_version")) >
	    SCHEMA_VERSION) {
		error_set(err, 0, "'%s' was written by a newer version", name);
		errno = 0;
		goto out;
	}
	*out = doc;
	doc = NULL;
	if (trusted)
		strcpy(ident, id);
	if (maps != NULL) {
		*lazy = maps;
		*text = buf;
		maps = NULL;
		buf = NULL;
	}
	ret = trusted ? 3 : 1;
out:
	saved = errno;
	codec_lazy_free(maps);
	json_decref(doc);
	free(buf);
	close(fd);
	errno = saved;
	return ret;
}

json_t *docs_load(int dirfd, const char *name, struct error *err)
{
	json_t *doc;

	switch (load(dirfd, name, &doc, NULL, NULL, NULL, NULL, NULL, err)) {
	case 1:
		return doc;
	case 0:
		errno = ENOENT;
		return NULL;
	case 2:
		error_set(err, 0, "'%s' is not a valid document", name);
		errno = EINVAL;
		return NULL;
	default:
		return NULL;
	}
}

int docs_load_optional(int dirfd, const char *name, json_t **doc,
		       struct error *err)
{
	*doc = NULL;
	if (dirfd == -1)
		return 0;
	*doc = docs_load(dirfd, name, err);
	return *doc == NULL && errno != ENOENT ? -1 : 0;
}

/* The index of name, loading it first; -1 on error (docs->err set). */
static long find(struct docs *docs, const char *name)
{
	json_t *at = json_object_get(docs->index, name);
	json_t *json = NULL;
	struct codec_lazy *lazy = NULL;
	char *text = NULL;
	char ident[IDENT_MAX] = "";
	struct doc *d;

	if (at != NULL)
		return (long)json_integer_value(at);
	if (docs->dirfd != -1 && !docs->fresh) {
		switch (load(docs->dirfd, name, &json, docs->lazy, &lazy, &text,
			     json_string_value(json_object_get(docs->known, name)),
			     ident, &docs->err)) {
		case -1:
			return -1;
		case 3:
			docs->trusted++;
			break;
		case 2:
			if (quarantine(docs->dirfd, name, docs->corrupt,
				       sizeof(docs->corrupt), &docs->err) == -1)
				return -1;
			break;
		default:
			break;
		}
	}
	int exists = json != NULL;

	if (json == NULL)
		json = doc_empty();
	if (docs->n == docs->cap) {
		size_t cap = docs->cap ? docs->cap * 2 : 8;
		struct doc *v = realloc(docs->v, cap * sizeof(*v));

		if (v == NULL)
			goto nomem;
		docs->v = v;
		docs->cap = cap;
	}
	d = &docs->v[docs->n];
	memset(d, 0, sizeof(*d));
	d->name = strdup(name);
	d->json = json;
	d->lazy = lazy;
	d->text = text;
	d->exists = exists;
	strcpy(d->ident, ident);
	if (d->name == NULL || json == NULL) {
		free(d->name);
		goto nomem;
	}
	docs_position_get(json, &d->pos);
	d->has_pos = d->pos.date[0] != '\0';
	json_object_set_new(docs->index, name, json_integer((json_int_t)docs->n));
	return (long)docs->n++;
nomem:
	codec_lazy_free(lazy);
	free(text);
	json_decref(json);
	error_set(&docs->err, ENOMEM, "cannot load '%s'", name);
	return -1;
}

json_t *docs_get(struct docs *docs, const char *name)
{
	long i = find(docs, name);
	struct doc *d;
	json_t *copy;

	if (i == -1)
		return NULL;
	d = &docs->v[i];
	if (docs->has_cur && d->has_pos &&
	    docs_position_cmp(&d->pos, &docs->cur) >= 0) {
		/* The document holds this record already: edit a copy. */
		if (doc_whole(docs, d) == -1)
			return NULL;
		copy = json_deep_copy(d->json);
		if (copy == NULL || json_array_append_new(docs->scratch, copy)) {
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

json_t *docs_peek(struct docs *docs, const char *name)
{
	long i = find(docs, name);

	if (i == -1)
		return NULL;
	if (!docs->v[i].exists)
		return NULL;
	return docs->v[i].json;
}

/* ---- lazy maps ---- */

/* The lazy map that map is, or NULL when it is a plain object. */
static struct codec_map *lazy_map(struct docs *docs, const json_t *map)
{
	struct codec_map *m;

	for (size_t i = 0; i < docs->n; i++) {
		if (docs->v[i].lazy != NULL &&
		    (m = codec_lazy_map(docs->v[i].lazy, map)) != NULL)
			return m;
	}
	return NULL;
}

/* A lazy map could not be read: remember it, so that nothing is written. */
static void lazy_failed(struct docs *docs)
{
	docs->failed = 1;
	error_set(&docs->err, ENOMEM, "cannot read a document's entry");
}

json_t *docs_map_get(struct docs *docs, json_t *map, const char *key)
{
	struct codec_map *m = lazy_map(docs, map);
	json_t *v;

	if (m == NULL)
		return json_object_get(map, key);
	if (codec_map_get(m, key, &v) == -1) {
		lazy_failed(docs);
		return NULL;
	}
	return v;
}

int docs_map_set_new(struct docs *docs, json_t *map, const char *key,
		     json_t *value)
{
	struct codec_map *m = lazy_map(docs, map);

	if (m == NULL)
		return json_object_set_new(map, key, value);
	return codec_map_set_new(m, key, value);
}

int docs_map_del(struct docs *docs, json_t *map, const char *key)
{
	struct codec_map *m = lazy_map(docs, map);

	if (m == NULL)
		return json_object_del(map, key);
	return codec_map_del(m, key);
}

size_t docs_map_size(struct docs *docs, const json_t *map)
{
	struct codec_map *m = lazy_map(docs, map);

	return m != NULL ? codec_map_size(m) : json_object_size(map);
}

int docs_map_each(struct docs *docs, json_t *map,
		  int (*fn)(const char *key, void *ctx), void *ctx)
{
	struct codec_map *m = lazy_map(docs, map);
	const char *key;
	json_t *v;
	int ret;

	if (m != NULL)
		return codec_map_each(m, fn, ctx);
	json_object_foreach(map, key, v) {
		if ((ret = fn(key, ctx)) != 0)
			return ret;
	}
	return 0;
}

json_t *docs_map_peek(struct docs *docs, json_t *map, const char *key,
		      const char *member)
{
	struct codec_map *m = lazy_map(docs, map);
	json_t *v;

	if (m == NULL)
		return json_incref(json_object_get(json_object_get(map, key),
						   member));
	if (codec_map_peek(m, key, member, &v) == -1) {
		lazy_failed(docs);
		return NULL;
	}
	return v;
}

/* Read a document's lazy maps whole: it is a plain jansson value again. */
static int doc_whole(struct docs *docs, struct doc *d)
{
	if (d->lazy == NULL)
		return 0;
	if (codec_lazy_whole(d->lazy) == -1) {
		lazy_failed(docs);
		return -1;
	}
	codec_lazy_free(d->lazy);
	free(d->text);
	d->lazy = NULL;
	d->text = NULL;
	return 0;
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
	for (i = 0; i < docs->n; i++) {
		order[i] = &docs->v[i];
		if (doc_whole(docs, order[i]) == -1) {
			free(order);
			return;
		}
	}
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

/* docs_replace, with the lazy maps of doc (or NULL). */
static int replace(int dirfd, const char *name, const json_t *doc,
		   struct codec_lazy *lazy, size_t flags, char *ident,
		   struct error *err)
{
	static unsigned counter;
	char tmp[512];
	char *text = NULL;
	size_t len;
	int fd = -1, keep = -1, ret = -1, saved, n;

	/* Text first, then one write: json_dumpfd writes token by token. */
	if (flags == JSON_COMPACT) {
		text = codec_dump_lazy(doc, lazy, &len);
	} else {
		text = json_dumps(doc, flags);
		len = text != NULL ? strlen(text) : 0;
	}
	if (text == NULL) {
		error_set(err, ENOMEM, "cannot write '%s'", name);
		return -1;
	}
	for (int tries = 0; fd == -1 && tries < 100; tries++) {
		n = snprintf(tmp, sizeof(tmp), ".%s.%06x", name,
			     ((unsigned)getpid() * 2654435761u + counter++ +
			      (unsigned)time_now_ms()) & 0xffffff);
		if (n < 0 || (size_t)n >= sizeof(tmp)) {
			error_set(err, ENAMETOOLONG, "cannot write '%s'", name);
			goto out;
		}
		fd = openat(dirfd, tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0600);
		if (fd == -1 && errno != EEXIST) {
			error_set(err, errno, "cannot write '%s'", name);
			goto out;
		}
	}
	if (fd == -1) {
		error_set(err, EEXIST, "cannot write '%s'", name);
		goto out;
	}
	if (write_all(fd, text, len) == -1) {
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	/* For its identity once renamed (ident): fstat of what was written. */
	if (ident != NULL && (keep = dup(fd)) == -1) {
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
	if (ident != NULL && identity(keep, ident) == -1)
		ident[0] = '\0';
	else if (ident != NULL)
		identity_hash(ident, text, len);
	ret = 0;
out:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (keep != -1)
		close(keep);
	if (ret == -1)
		unlinkat(dirfd, tmp, 0);
	free(text);
	errno = saved;
	return ret;
}

int docs_replace(int dirfd, const char *name, const json_t *doc, size_t flags,
		 struct error *err)
{
	return replace(dirfd, name, doc, NULL, flags, NULL, err);
}

static int write_one(struct docs *docs, struct doc *d, struct error *err)
{
	docs->wrote = 1;
	if (d->has_pos)
		docs_position_set(d->json, &d->pos);
	d->ident[0] = '\0';
	if (docs->dirfd != -1 &&
	    replace(docs->dirfd, d->name, d->json, d->lazy, JSON_COMPACT,
		    d->ident, err) == -1)
		return -1;
	d->changed = 0;
	return 0;
}

int docs_write(struct docs *docs, const char *last_name, struct error *err)
{
	struct doc *last = NULL;

	if (docs->failed) {
		*err = docs->err;
		return -1;
	}
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
	if (docs->sidecar != -1 && docs->wrote)
		sidecar_save(docs);
	docs->wrote = 0;
	json_array_clear(docs->scratch);
	return 0;
}

void docs_discard(struct docs *docs, const char *name)
{
	json_t *at = json_object_get(docs->index, name);

	if (at != NULL)
		docs->v[json_integer_value(at)].changed = 0;
}
