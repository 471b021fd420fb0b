/*
 * Rules of this file:
 * - Only turn boundaries (task_complete, session_end) read a transcript.
 *   A session counted from hooks (Codex PostModelRequest) takes no tokens
 *   from it, only the plan's rate limits (§5d): its state entry says
 *   "hook", which outlives the session's close (a notify after
 *   SessionEnd), so nothing counts twice.
 * - The state file holds per session the cursor and "seen", the event time
 *   of its last read; it is rewritten only when a transcript was read or a
 *   session first marked "hook", and keeps the TOKENS_KEEP_MAX entries
 *   read most recently within TOKENS_KEEP_MS.
 * - A state file that cannot be read is replaced by one that says since
 *   when ("reset"): a session open before then lost its cursor and is read
 *   from the transcript's present end (a turn's tokens lost rather than
 *   its history counted again); a session without a cursor is read from 0.
 * - The cursors are saved after the records are logged: a writer killed in
 *   between counts those lines again, where saving first would lose them.
 */
#include "collect.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "apply.h"
#include "json_util.h"
#include "limits.h"
#include "timeutil.h"
#include "tokens.h"
#include "transcript.h"

#define TOKENS_KEEP_MS (7LL * 24 * 60 * 60 * 1000)
#define TOKENS_KEEP_MAX 200

struct collect {
	int dirfd;
	json_t *records; /* array of log records */
	json_t *state; /* {"schema_version", "sessions": {id: cursor}}, or NULL:
	                  unchanged */
	char warning[256];
};

static json_t *record_new(const struct event *ev, const char *source,
                          const char *model, const struct tokens *t)
{
	json_t *data =
	    model != NULL ? json_pack("{s:s}", "model", model) : json_object();

	if (data == NULL || tokens_add_json(data, t) == -1) {
		json_decref(data);
		return NULL;
	}
	return json_pack("{s:s,s:s,s:s,s:s,s:s*,s:o}", "type", "tokens",
	                 "session_id", ev->session_id, "timestamp",
	                 ev->timestamp, "source", source, "project",
	                 ev->project, "data", data);
}

/*
 * The rollout of Codex thread id under sessions_dir for the local date of
 * time_ms or the day before: a new string, or NULL (errno ENOENT).
 */
static char *find_rollout(const char *sessions_dir, const char *id,
                          int64_t time_ms)
{
	char date[TIME_DATE_LEN], day[TIME_DATE_LEN], dir[4096];
	size_t idlen = strlen(id), len;
	struct dirent *e;
	char *found = NULL;
	DIR *d;
	int n;

	if (idlen == 0) {
		errno = ENOENT;
		return NULL;
	}
	time_local_date(time_ms, date);
	for (int back = 0; back < 2 && found == NULL; back++) {
		time_date_add(date, -back, day);
		/* YYYY-MM-DD -> YYYY/MM/DD */
		n = snprintf(dir, sizeof(dir), "%s/%.4s/%.2s/%.2s",
		             sessions_dir, day, day + 5, day + 8);
		if (n < 0 || (size_t)n >= sizeof(dir))
			break;
		d = opendir(dir);
		if (d == NULL)
			continue;
		while (found == NULL && (e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (strncmp(e->d_name, "rollout-", 8) != 0 ||
			    len < idlen + 7 ||
			    strcmp(e->d_name + len - 6, ".jsonl") != 0 ||
			    e->d_name[len - 7 - idlen] != '-' ||
			    strncmp(e->d_name + len - 6 - idlen, id, idlen) !=
			        0)
				continue;
			if (asprintf(&found, "%s/%s", dir, e->d_name) == -1)
				found = NULL;
		}
		closedir(d);
	}
	if (found == NULL)
		errno = ENOENT;
	return found;
}

/* $CODEX_HOME/sessions, or $HOME/.codex/sessions: a new string or NULL. */
static char *sessions_dir(void)
{
	const char *home = getenv("CODEX_HOME");
	char *dir = NULL;

	if (home != NULL && home[0] != '\0')
		return asprintf(&dir, "%s/sessions", home) == -1 ? NULL : dir;
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0')
		return NULL;
	return asprintf(&dir, "%s/.codex/sessions", home) == -1 ? NULL : dir;
}

/*
 * The state file, or a new empty one when it is missing, or when it is
 * unusable (a warning; "reset" at now).  NULL with err for a symlink,
 * refused as every data file's.
 */
static json_t *state_load(struct collect *c, int64_t now, struct error *err)
{
	struct error why = {0};
	json_t *state = docs_load(c->dirfd, COLLECT_STATE, &why);
	char buf[200];

	if (state == NULL && errno == ELOOP) {
		*err = why;
		return NULL;
	}
	if (state != NULL && json_is_object(json_object_get(state, "sessions")))
		return state;
	if (state == NULL && errno == ENOENT)
		return json_pack("{s:i,s:{}}", "schema_version", SCHEMA_VERSION,
		                 "sessions");
	json_decref(state);
	snprintf(c->warning, sizeof(c->warning),
	         "%s; token cursors start again, from the transcripts' ends",
	         state == NULL ? error_text(&why, buf, sizeof(buf))
	                       : "'" COLLECT_STATE "' has no sessions");
	return json_pack("{s:i,s:I,s:{}}", "schema_version", SCHEMA_VERSION,
	                 "reset", (json_int_t)now, "sessions");
}

static json_int_t seen(const json_t *cursor)
{
	return json_integer_value(json_object_get(cursor, "seen"));
}

/* Drop the cursors not read for TOKENS_KEEP_MS, then beyond the max. */
static void state_trim(json_t *sessions, int64_t now)
{
	const char *id, *oldest;
	json_t *cursor;
	void *next;

	json_object_foreach_safe(sessions, next, id, cursor)
	{
		if (now - seen(cursor) > TOKENS_KEEP_MS)
			json_object_del(sessions, id);
	}
	while (json_object_size(sessions) > TOKENS_KEEP_MAX) {
		oldest = NULL;
		json_object_foreach(sessions, id, cursor)
		{
			if (oldest == NULL ||
			    seen(cursor) <
			        seen(json_object_get(sessions, oldest)))
				oldest = id;
		}
		json_object_del(sessions, oldest);
	}
}

/* A session open before the state's reset starts at path's end (rules). */
static int cursor_lost(json_t *cursor, const json_t *state, const json_t *open,
                       const char *path)
{
	json_t *reset = json_object_get(state, "reset");
	char key[TRANSCRIPT_KEY_LEN];
	struct stat sb;
	int64_t start;

	if (!json_is_integer(reset) ||
	    time_parse_rfc3339(
	        json_string_value(json_object_get(open, "start_time")),
	        &start) == -1 ||
	    start >= json_integer_value(reset) || stat(path, &sb) == -1)
		return 0;
	transcript_file_key(path, key);
	if (json_object_set_new(cursor, "file", json_string(key)) ||
	    json_object_set_new(cursor, "offset",
	                        json_integer((json_int_t)sb.st_size)))
		return -1;
	return 0;
}

/*
 * The transcript of ev's session: a new string, or NULL when there is none.
 * For notify, the rollout found before ("rollout": under $CODEX_HOME, a
 * date and a thread id, nothing of the project), else found by thread id.
 */
static char *transcript_of(const struct event *ev, const json_t *cursor)
{
	const char *known = str(cursor, "rollout");
	char *dir, *path;

	if (ev->transcript_path != NULL && ev->transcript_path[0] != '\0')
		return strdup(ev->transcript_path);
	if (strcmp(ev->source, "notify") != 0)
		return NULL;
	if (known != NULL)
		return strdup(known);
	dir = sessions_dir();
	if (dir == NULL)
		return NULL;
	path = find_rollout(dir, ev->session_id, ev->time_ms);
	free(dir);
	return path;
}

/* The limits record of the rollout's last rate_limits (§5d), if any. */
static int limits_add(struct collect *c, const struct event *ev,
                      const json_t *rate_limits)
{
	json_t *rec;

	if (rate_limits == NULL)
		return 0;
	rec = limits_from_codex(rate_limits, ev->session_id, ev->timestamp,
	                        ev->time_ms);
	if (rec == NULL) /* nothing usable in it, or no memory: no record */
		return 0;
	return json_array_append_new(c->records, rec);
}

/*
 * Read ev's transcript from its cursor: tokens for a session counted from
 * its transcript, the plan's rate limits for every one.  A session counted
 * from hooks (§5a) is marked "hook" in its cursor once, which outlives the
 * session's close, and its tokens are never taken from the transcript.
 */
static int from_transcript(struct collect *c, const struct event *ev,
                           struct docs *docs, struct error *err)
{
	const json_t *open = usage_open_session(docs, ev->session_id);
	struct transcript_usage u;
	struct error why = {0};
	json_t *sessions, *cursor, *rec;
	char *path = NULL;
	char buf[200];
	json_int_t was;
	int fresh, known, hook, marked, ret = -1;

	transcript_usage_init(&u);
	if (strcmp(ev->type, "task_complete") != 0 &&
	    strcmp(ev->type, "session_end") != 0)
		return 0;
	if (ev->transcript_path == NULL && strcmp(ev->source, "notify") != 0)
		return 0;
	c->state = state_load(c, ev->time_ms, err);
	if (c->state == NULL)
		return -1;
	sessions = json_object_get(c->state, "sessions");
	cursor = json_object_get(sessions, ev->session_id);
	fresh = !json_is_object(cursor);
	if (fresh) {
		cursor = json_object();
		if (json_object_set_new(sessions, ev->session_id, cursor))
			return -1;
	}
	hook = json_is_true(json_object_get(cursor, "hook"));
	marked = !hook && strcmp(str_or(open, "token_source", ""), "hook") == 0;
	if (marked &&
	    (json_object_set_new(cursor, "hook", json_true()) ||
	     json_object_set_new(cursor, "seen", json_integer(ev->time_ms))))
		return -1;
	hook |= marked;
	path = transcript_of(ev, cursor);
	if (path == NULL)
		goto keep; /* no transcript (or no memory to name it) */
	was = json_integer_value(json_object_get(cursor, "offset"));
	known = str(cursor, "file") != NULL || str(cursor, "path") != NULL;
	if (fresh && cursor_lost(cursor, c->state, open, path) == -1)
		goto out;
	if (transcript_read(path, cursor, &u, &why) == -1) {
		snprintf(c->warning, sizeof(c->warning),
		         "%s; its tokens are not counted",
		         error_text(&why, buf, sizeof(buf)));
		ret = 0;
		goto keep;
	}
	if (known &&
	    was == json_integer_value(json_object_get(cursor, "offset"))) {
		ret = 0;
		goto keep; /* nothing new */
	}
	if (json_object_set_new(cursor, "seen", json_integer(ev->time_ms)))
		goto out;
	if (ev->transcript_path == NULL &&
	    json_object_set_new(cursor, "rollout", json_string(path)))
		goto out;
	state_trim(sessions, ev->time_ms);
	for (size_t i = 0; !hook && i < u.n; i++) {
		rec = record_new(ev, "transcript", u.model[i].name,
		                 &u.model[i].tokens);
		if (rec == NULL || json_array_append_new(c->records, rec))
			goto out;
	}
	ret = limits_add(c, ev, u.rate_limits);
	goto out;
keep:
	/* The state file changes only to mark the session. */
	if (!marked) {
		json_decref(c->state);
		c->state = NULL;
	}
	ret = 0;
out:
	transcript_usage_release(&u);
	free(path);
	return ret;
}

/* A Codex PostModelRequest: one record of the call's usage, mid-turn. */
static int from_hook(struct collect *c, const struct event *ev)
{
	struct tokens t;
	json_t *rec;

	tokens_from_codex(&t, ev->token_usage);
	rec = record_new(ev, ev->source, ev->model, &t);
	return rec == NULL || json_array_append_new(c->records, rec) ? -1 : 0;
}

struct collect *collect_new(const struct event *ev, struct docs *docs,
                            int dirfd, struct error *err)
{
	struct collect *c = calloc(1, sizeof(*c));
	int ret;

	if (c == NULL || (c->records = json_array()) == NULL)
		goto nomem;
	c->dirfd = dirfd;
	err->what[0] = '\0';
	if (ev->token_usage != NULL)
		ret = from_hook(c, ev);
	else if (docs != NULL)
		ret = from_transcript(c, ev, docs, err);
	else
		ret = 0;
	if (ret == 0)
		return c;
	if (err->what[0] != '\0')
		goto out;
nomem:
	error_set(err, ENOMEM, "cannot count the event's tokens");
out:
	collect_free(c);
	return NULL;
}

json_t *collect_records(const struct collect *c)
{
	return c->records;
}

const char *collect_warning(const struct collect *c)
{
	return c->warning[0] != '\0' ? c->warning : NULL;
}

int collect_save(struct collect *c, struct error *err)
{
	if (c->state == NULL)
		return 0;
	return docs_replace(c->dirfd, COLLECT_STATE, c->state, 0, err);
}

void collect_free(struct collect *c)
{
	if (c == NULL)
		return;
	json_decref(c->records);
	json_decref(c->state);
	free(c);
}
