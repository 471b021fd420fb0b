/*
 * Rules of this file (docs/design.md §2 and §5):
 * - Pure: documents come from docs_get() and the outcome depends on the
 *   records, their order and TZ alone, so a replay gives the same documents.
 * - Every record but "tokens" is an event (total_events, event_types,
 *   hourly_activity, first/last use); other counters count their types.
 * - A day counts in three places, the summary's totals, the day file's
 *   summary and daily_stats[date]: a struct figure names a counter in each.
 * - Only session_start opens a session.  A session belongs to the day it
 *   started: that day's entry gets its end, and its duration counts on that
 *   day even after midnight; its events count there and on their own day.
 * - Sessions open over USAGE_OPEN_MS of event time are closed as abandoned,
 *   without a duration, before a record is applied.
 * - Nothing grows with history: daily_stats keeps USAGE_DAILY_DAYS dates,
 *   maps are tallies, open_sessions only sessions under USAGE_OPEN_MS.
 * - A tokens record that names no model counts under its session's.
 * - A limits record (§5d) is not an event either: it sets its agent's
 *   windows and its session's reported figures, whose rises count as the
 *   day's lines changed and the reported cost.
 */
#include "apply.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "event.h" /* event_provider_infer */
#include "json_util.h"
#include "limits.h"
#include "tally.h"
#include "timeutil.h"
#include "tokens.h"

#define USAGE_OPEN_MS (24LL * 60 * 60 * 1000)
#define USAGE_DAILY_DAYS 90
#define UNKNOWN "unknown"

/* What usage_apply() reads of a log record. */
struct record {
	const json_t *record;
	const char *type;
	const char *project; /* NULL: the record names none */
	const char *id;      /* NULL: the record names no session */
	const json_t *data;
	int64_t time_ms;
	char timestamp[TIME_UTC_LEN]; /* storage form of time_ms */
	char date[TIME_DATE_LEN];     /* local date of time_ms */
	int hour;                     /* local hour of time_ms */
};

/* One day as the counters see it. */
struct day {
	char date[TIME_DATE_LEN];
	json_t *file;  /* "usage-DATE.json" */
	json_t *stats; /* summary.daily_stats[date]; NULL: too old to keep */
};

/* One record being applied. */
struct apply {
	struct docs *docs;
	struct error *err;
	struct record r;
	json_t *summary;
	struct day today; /* the day of the record's timestamp */
	/*
	 * {date: file} of the other day files this record asked for:
	 * docs_get() is called once per document and record (docs.h).
	 */
	json_t *seen;
};

/* A counter's key in the summary, a day file's summary and daily_stats. */
struct figure {
	const char *summary;
	const char *day;
	const char *daily; /* NULL: not kept in daily_stats */
};

static const struct figure EVENTS = {"total_events", "total_events", "events"};
static const struct figure SESSIONS = {"total_sessions", "total_sessions",
                                       "sessions"};
static const struct figure COMMANDS = {"total_commands", "total_commands",
                                       "commands"};
static const struct figure TASKS = {"total_tasks", "total_tasks", "tasks"};
static const struct figure ERRORS = {"total_errors", "total_errors", "errors"};
static const struct figure COMPLETED = {"completed_sessions",
                                        "completed_sessions", NULL};
static const struct figure DURATION = {"total_session_duration",
                                       "total_duration", "total_duration"};
/* Lines changed count per day in the day files (§5d), not daily_stats. */
static const struct figure LINES_ADDED = {"lines_added", "lines_added", NULL};
static const struct figure LINES_REMOVED = {"lines_removed", "lines_removed",
                                            NULL};

/* Name-keyed maps (tallies): in the summary and the day file's summary. */
static const struct figure EVENT_TYPES = {"event_types", "event_types", NULL};
static const struct figure MODELS = {"models_used", "models_used", NULL};
static const struct figure PROVIDERS = {"providers_used", "providers_used",
                                        NULL};
static const struct figure COMMAND_NAMES = {"most_used_commands",
                                            "command_types", NULL};
static const struct figure FAILURES = {"command_failures", "command_failures",
                                       NULL};
static const struct figure TOOLS = {"most_used_tools", "most_used_tools", NULL};
static const struct figure CONTEXTS = {"errors_by_context", "errors_by_context",
                                       NULL};

/* ---- the members of each document, created on first use ---- */

enum kind { INT, REAL, MAP, HOURS, TIME, TOKENS };

struct member {
	const char *key;
	enum kind kind;
};

/* In docs/design.md §5's order, which jansson keeps when it writes. */
static const struct member summary_members[] = {
    {"total_sessions", INT},
    {"total_events", INT},
    {"total_commands", INT},
    {"total_tasks", INT},
    {"total_errors", INT},
    {"completed_sessions", INT},
    {"total_session_duration", INT},
    {"avg_session_duration", REAL},
    {"error_rate", REAL},
    {"first_use", TIME},
    {"last_use", TIME},
    {"models_used", MAP},
    {"providers_used", MAP},
    {"most_used_commands", MAP},
    {"command_failures", MAP},
    {"most_used_tools", MAP},
    {"errors_by_context", MAP},
    {"event_types", MAP},
    {"hourly_activity", HOURS},
    {"abandoned_sessions", INT},
    {"tokens", TOKENS},
    {"tokens_by_model", MAP},
    {"projects", MAP},
    {"daily_stats", MAP},
    {"open_sessions", MAP},
    {"tools", MAP},
    {"lines_added", INT},
    {"lines_removed", INT},
    {"reported_cost_usd", REAL},
    {"limits", MAP},
    {"reported", MAP},
};

static const struct member day_summary_members[] = {
    {"total_sessions", INT},    {"total_events", INT},
    {"total_commands", INT},    {"total_tasks", INT},
    {"total_errors", INT},      {"completed_sessions", INT},
    {"total_duration", INT},    {"models_used", MAP},
    {"providers_used", MAP},    {"command_types", MAP},
    {"command_failures", MAP},  {"most_used_tools", MAP},
    {"errors_by_context", MAP}, {"event_types", MAP},
    {"hourly_activity", HOURS}, {"error_count", INT},
    {"tokens", TOKENS},         {"projects", MAP},
};

/*
 * Members day files gained later.  A day file counted without them goes on
 * without them (until --rebuild), so that none holds half a day's figures.
 */
static const struct member day_summary_later[] = {
    {"tokens_by_model", MAP}, {"first_use", TIME},  {"last_use", TIME},
    {"tools", MAP},           {"lines_added", INT}, {"lines_removed", INT},
};

static const struct member daily_members[] = {
    {"sessions", INT}, {"events", INT}, {"commands", INT},
    {"tasks", INT},    {"errors", INT}, {"total_duration", INT},
    {"tokens", INT},
};

/* A string member of the record's data, or dflt when absent or empty. */
static const char *data_str(const struct apply *a, const char *key,
                            const char *dflt)
{
	const char *s = str(a->r.data, key);

	return s != NULL && s[0] != '\0' ? s : dflt;
}

/* Add n to the integer member key of o (created at 0); -1: no memory. */
static int add(json_t *o, const char *key, json_int_t n)
{
	return json_object_set_new(o, key, json_integer(integer(o, key) + n));
}

static json_t *hours_new(void)
{
	json_t *h = json_array();

	for (int i = 0; h != NULL && i < 24; i++) {
		if (json_array_append_new(h, json_integer(0)) == -1) {
			json_decref(h);
			return NULL;
		}
	}
	return h;
}

/*
 * Give o every member of m that it lacks (or holds with the wrong type),
 * at its starting value; a TIME starts at the record's timestamp, the
 * first one o sees.  -1: no memory.
 */
static int fill(json_t *o, const struct member *m, size_t n, const char *ts)
{
	json_t *v;
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		v = json_object_get(o, m[i].key);
		switch (m[i].kind) {
		case INT:
			if (!json_is_integer(v))
				bad |= json_object_set_new(o, m[i].key,
				                           json_integer(0));
			break;
		case REAL:
			if (!json_is_number(v))
				bad |= json_object_set_new(o, m[i].key,
				                           json_real(0));
			break;
		case MAP:
			if (!json_is_object(v))
				bad |= json_object_set_new(o, m[i].key,
				                           json_object());
			break;
		case HOURS:
			if (!json_is_array(v) || json_array_size(v) != 24)
				bad |= json_object_set_new(o, m[i].key,
				                           hours_new());
			break;
		case TIME:
			if (!json_is_string(v))
				bad |= json_object_set_new(o, m[i].key,
				                           json_string(ts));
			break;
		case TOKENS:
			if (!json_is_object(v))
				bad |= json_object_set_new(
				    o, m[i].key,
				    tokens_json_new(&(struct tokens){0}));
			break;
		}
	}
	return bad ? -1 : 0;
}

static int nomem(struct apply *a)
{
	error_set(a->err, ENOMEM, "cannot apply a '%.64s' event", a->r.type);
	return -1;
}

static int docs_failed(struct apply *a)
{
	const struct error *e = docs_error(a->docs);

	error_set(a->err, e->errnum, "%s", e->what);
	return -1;
}

/* ---- the documents ---- */

static json_t *summary_get(struct apply *a)
{
	json_t *summary = docs_get(a->docs, USAGE_SUMMARY);

	if (summary == NULL) {
		docs_failed(a);
		return NULL;
	}
	if (fill(summary, summary_members, ARRAY_SIZE(summary_members),
	         a->r.timestamp) == -1) {
		nomem(a);
		return NULL;
	}
	return summary;
}

/*
 * The day file of date, every member of docs/design.md §5 present.  Each is
 * asked of docs once per record: a replayed record's scratch copy is new
 * at each docs_get().
 */
static json_t *day_file(struct apply *a, const char *date)
{
	char name[64];
	json_t *file, *summary;
	int n, later, bad = 0;

	if (a->today.file != NULL && strcmp(date, a->today.date) == 0)
		return a->today.file;
	file = json_object_get(a->seen, date);
	if (file != NULL)
		return file;
	n = snprintf(name, sizeof(name), "%s-%s.json", USAGE_PREFIX, date);
	if (n < 0 || (size_t)n >= sizeof(name)) {
		error_set(a->err, ENAMETOOLONG, "bad day '%.32s'", date);
		return NULL;
	}
	file = docs_get(a->docs, name);
	if (file == NULL) {
		docs_failed(a);
		return NULL;
	}
	if (!json_is_string(json_object_get(file, "date")))
		bad |= json_object_set_new(file, "date", json_string(date));
	if (!json_is_object(json_object_get(file, "sessions")))
		bad |= json_object_set_new(file, "sessions", json_object());
	summary = json_object_get(file, "summary");
	if (!json_is_object(summary)) {
		summary = json_object();
		bad |= json_object_set_new(file, "summary", summary);
	}
	/* A day counted before: a summary with total_events (§5). */
	later = json_object_get(summary, "first_use") != NULL ||
	        json_object_get(summary, "total_events") == NULL;
	if (bad ||
	    fill(summary, day_summary_members, ARRAY_SIZE(day_summary_members),
	         "") == -1 ||
	    (later && fill(summary, day_summary_later,
	                   ARRAY_SIZE(day_summary_later), "") == -1)) {
		nomem(a);
		return NULL;
	}
	if (json_object_set(a->seen, date, file) == -1) {
		nomem(a);
		return NULL;
	}
	return file;
}

/*
 * Drop the oldest members of map while it holds more than max, the age of
 * a member being the ISO date or time age() gives it.
 */
static void trim_oldest(json_t *map, size_t max,
                        const char *(*age)(const char *key, const json_t *v))
{
	const char *key, *oldest, *oldest_age = "";
	json_t *v;

	while (json_object_size(map) > max) {
		oldest = NULL;
		json_object_foreach(map, key, v)
		{
			if (oldest == NULL ||
			    strcmp(age(key, v), oldest_age) < 0) {
				oldest = key;
				oldest_age = age(key, v);
			}
		}
		if (oldest == NULL || json_object_del(map, oldest) == -1)
			break;
	}
}

static const char *date_key(const char *key, const json_t *v)
{
	(void)v;
	return key;
}

static const char *updated(const char *key, const json_t *v)
{
	(void)key;
	return str_or(v, "updated", "");
}

/* The day of date: its file and its daily_stats entry. */
static int day_open(struct apply *a, const char *date, struct day *d)
{
	json_t *stats = json_object_get(a->summary, "daily_stats");
	json_t *e = json_object_get(stats, date);

	snprintf(d->date, sizeof(d->date), "%s", date);
	d->file = day_file(a, date);
	if (d->file == NULL)
		return -1;
	if (!json_is_object(e)) {
		e = json_object();
		if (json_object_set_new(stats, date, e) == -1)
			return nomem(a);
		trim_oldest(stats, USAGE_DAILY_DAYS, date_key);
		e = json_object_get(stats, date);
	}
	d->stats = e;
	if (e != NULL &&
	    fill(e, daily_members, ARRAY_SIZE(daily_members), "") == -1)
		return nomem(a);
	return 0;
}

/* ---- counting ---- */

/* Add n to a counter in the summary and in day d (file and daily_stats). */
static int count(struct apply *a, const struct day *d, const struct figure *f,
                 json_int_t n)
{
	int bad = add(a->summary, f->summary, n);

	bad |= add(json_object_get(d->file, "summary"), f->day, n);
	if (f->daily != NULL && d->stats != NULL)
		bad |= add(d->stats, f->daily, n);
	return bad ? -1 : 0;
}

/* Count name once in a name-keyed map of the summary and of day d. */
static int tally(struct apply *a, const struct day *d, const struct figure *f,
                 const char *name)
{
	json_t *day = json_object_get(d->file, "summary");
	int bad = tally_add(json_object_get(a->summary, f->summary), name, 1);

	bad |= tally_add(json_object_get(day, f->day), name, 1);
	return bad ? -1 : 0;
}

static int hour_add(json_t *o, int hour)
{
	json_t *h = json_object_get(o, "hourly_activity");
	json_int_t now = json_integer_value(json_array_get(h, (size_t)hour));

	return json_array_set_new(h, (size_t)hour, json_integer(now + 1));
}

/* Add n to key of the record's project, the summary's and its day's (§5b). */
static int project_add(struct apply *a, const char *key, json_int_t n)
{
	json_t *maps[] = {
	    json_object_get(a->summary, "projects"),
	    json_object_get(json_object_get(a->today.file, "summary"),
	                    "projects"),
	};
	json_t *p;
	const char *name;

	if (a->r.project == NULL)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(maps); i++) {
		name = tally_key(maps[i], a->r.project);
		p = json_object_get(maps[i], name);
		if (!json_is_object(p)) {
			p = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i}",
			              "sessions", 0, "events", 0, "commands", 0,
			              "tasks", 0, "errors", 0, "tokens", 0,
			              "duration", 0);
			if (json_object_set_new(maps[i], name, p) == -1)
				return nomem(a);
		}
		if (add(p, key, n) == -1)
			return nomem(a);
	}
	return 0;
}

/*
 * Widen o's first_use..last_use to the record's time ("": none yet, as a
 * day file starts; absent: a day file that does not keep them).  The
 * storage form is fixed-width UTC: byte order is time order.
 */
static int use_add(struct apply *a, json_t *o)
{
	const char *first = str(o, "first_use");
	int bad = 0;

	if (first == NULL)
		return 0;
	if (first[0] == '\0' || strcmp(a->r.timestamp, first) < 0)
		bad |= json_object_set_new(o, "first_use",
		                           json_string(a->r.timestamp));
	if (strcmp(a->r.timestamp, str(o, "last_use")) > 0)
		bad |= json_object_set_new(o, "last_use",
		                           json_string(a->r.timestamp));
	return bad;
}

/* What every record counts, whatever its type. */
static int count_event(struct apply *a)
{
	json_t *day = json_object_get(a->today.file, "summary");
	int bad = count(a, &a->today, &EVENTS, 1);

	bad |= project_add(a, "events", 1);
	bad |= tally(a, &a->today, &EVENT_TYPES, a->r.type);
	bad |= hour_add(a->summary, a->r.hour);
	bad |= hour_add(day, a->r.hour);
	bad |= use_add(a, a->summary);
	bad |= use_add(a, day);
	return bad ? nomem(a) : 0;
}

/* The figures computed from the others. */
static int derive(struct apply *a)
{
	json_t *s = a->summary;
	json_t *day = json_object_get(a->today.file, "summary");
	double events = (double)integer(s, "total_events");
	double errors = (double)integer(s, "total_errors");
	double done = (double)integer(s, "completed_sessions");
	double ms = (double)integer(s, "total_session_duration");
	int bad;

	bad = json_object_set_new(s, "avg_session_duration",
	                          json_real(done > 0 ? ms / done : 0));
	/* errors * 100 / events, in this order, as the original computes. */
	bad |= json_object_set_new(
	    s, "error_rate", json_real(events > 0 ? errors * 100 / events : 0));
	bad |= json_object_set_new(day, "error_count",
	                           json_integer(integer(day, "total_errors")));
	return bad ? nomem(a) : 0;
}

/* ---- sessions ---- */

/* Start time and local start date of an open session; -1: invalid entry. */
static int session_start_of(const json_t *s, int64_t *ms,
                            char date[TIME_DATE_LEN])
{
	const char *start = str(s, "start_time");

	if (start == NULL || time_parse_rfc3339(start, ms) == -1)
		return -1;
	time_local_date(*ms, date);
	return 0;
}

/* The entry of session id in the file of the day it started, or NULL. */
static json_t *session_entry(json_t *file, const char *id)
{
	json_t *e = json_object_get(json_object_get(file, "sessions"), id);

	return json_is_object(e) ? e : NULL;
}

/* The record's session in open_sessions, or NULL when it is not open. */
static json_t *open_session(const struct apply *a)
{
	json_t *open = json_object_get(a->summary, "open_sessions");

	return a->r.id != NULL ? json_object_get(open, a->r.id) : NULL;
}

/* Close the sessions open for too long, before the record counts. */
static int abandon_stale(struct apply *a)
{
	json_t *open = json_object_get(a->summary, "open_sessions");
	char date[TIME_DATE_LEN];
	json_t *s, *file, *e;
	const char *id;
	int64_t start;
	void *next;
	int bad = 0;

	json_object_foreach_safe(open, next, id, s)
	{
		if (session_start_of(s, &start, date) == 0) {
			if (a->r.time_ms - start <= USAGE_OPEN_MS)
				continue;
			file = day_file(a, date);
			if (file == NULL)
				return -1;
			e = session_entry(file, id);
			if (e != NULL)
				bad |= json_object_set_new(e, "abandoned",
				                           json_true());
		}
		/* An entry without a valid start cannot be ended: drop it. */
		bad |= add(a->summary, "abandoned_sessions", 1);
		json_object_del(open, id);
	}
	return bad ? nomem(a) : 0;
}

/* Add 1 to key of the record's open session, in its start day's entry. */
static int session_add(struct apply *a, const char *key)
{
	json_t *s = open_session(a), *file, *e;
	char date[TIME_DATE_LEN];
	int64_t start;

	if (s == NULL || session_start_of(s, &start, date) == -1)
		return 0;
	file = day_file(a, date);
	if (file == NULL)
		return -1;
	e = session_entry(file, a->r.id);
	if (e != NULL && add(e, key, 1) == -1)
		return nomem(a);
	return 0;
}

/* data.duration (ms) when the record carries a usable one. */
static int given_duration(const struct apply *a, json_int_t *ms)
{
	json_t *d = json_object_get(a->r.data, "duration");
	double v = json_number_value(d);

	if (!json_is_number(d) || !(v >= 0 && v < 9e15))
		return 0;
	*ms = json_is_integer(d) ? json_integer_value(d) : (json_int_t)v;
	return 1;
}

/* ---- one function per event type ---- */

static int on_session_start(struct apply *a)
{
	json_t *open = json_object_get(a->summary, "open_sessions");
	json_t *sessions = json_object_get(a->today.file, "sessions");
	const char *model = data_str(a, "model", UNKNOWN);
	const char *provider = data_str(a, "provider", UNKNOWN);
	const char *ts = a->r.timestamp;
	int bad;

	/* A repeated start of an open session is only an event. */
	if (a->r.id == NULL || open_session(a) != NULL)
		return 0;
	bad = json_object_set_new(open, a->r.id,
	                          json_pack("{s:s,s:s,s:s}", "start_time", ts,
	                                    "model", model, "provider",
	                                    provider));
	bad |= json_object_set_new(
	    sessions, a->r.id,
	    json_pack("{s:s,s:s,s:s,s:i,s:i,s:i,s:i}", "start_time", ts,
	              "model", model, "provider", provider, "commands", 0,
	              "tasks", 0, "errors", 0, "events", 1));
	bad |= count(a, &a->today, &SESSIONS, 1);
	bad |= project_add(a, "sessions", 1);
	bad |= tally(a, &a->today, &MODELS, model);
	bad |= tally(a, &a->today, &PROVIDERS, provider);
	return bad ? nomem(a) : 0;
}

/* Count a completed session of ms on day d. */
static int completed(struct apply *a, const struct day *d, json_int_t ms)
{
	int bad = count(a, d, &COMPLETED, 1);

	bad |= count(a, d, &DURATION, ms);
	bad |= project_add(a, "duration", ms);
	return bad ? nomem(a) : 0;
}

static int on_session_end(struct apply *a)
{
	json_t *s = open_session(a), *e;
	char date[TIME_DATE_LEN];
	struct day start_day;
	int64_t start;
	json_int_t ms;
	int has_duration = given_duration(a, &ms);

	if (s == NULL || session_start_of(s, &start, date) == -1) {
		/* Not open: completed only when the agent gave a duration. */
		return has_duration ? completed(a, &a->today, ms) : 0;
	}
	if (!has_duration)
		ms = a->r.time_ms > start ? a->r.time_ms - start : 0;
	if (day_open(a, date, &start_day) == -1)
		return -1;
	e = session_entry(start_day.file, a->r.id);
	if (e != NULL &&
	    (json_object_set_new(e, "end_time", json_string(a->r.timestamp)) ||
	     json_object_set_new(e, "duration", json_integer(ms))))
		return nomem(a);
	json_object_del(json_object_get(a->summary, "open_sessions"), a->r.id);
	return completed(a, &start_day, ms);
}

/*
 * Tool calls (docs/design.md §5c): tools.<name> of the summary and the
 * day, {calls, failures, total_ms, max_ms}.  A call counts at its Pre
 * event; its time is the agent's duration, else Post minus Pre of the same
 * tool_use_id in the session (the Pre's time waits in the open session's
 * "tool_calls", at most TOOL_CALLS_OPEN of them, the oldest dropped).
 */
#define TOOL_CALLS_OPEN 32

static int tool_add(struct apply *a, const char *name, const char *key,
                    json_int_t n)
{
	json_t *maps[2] = {
	    json_object_get(a->summary, "tools"),
	    json_object_get(json_object_get(a->today.file, "summary"), "tools"),
	};

	for (size_t i = 0; i < ARRAY_SIZE(maps); i++) {
		const char *k;
		json_t *t;

		if (maps[i] == NULL)
			continue;
		k = tally_key(maps[i], name);
		t = json_object_get(maps[i], k);
		if (!json_is_object(t) &&
		    json_object_set_new(maps[i], k,
		                        t = json_pack("{s:i,s:i,s:i,s:i}",
		                                      "calls", 0, "failures", 0,
		                                      "total_ms", 0, "max_ms",
		                                      0)) == -1)
			return -1;
		if (strcmp(key, "max_ms") == 0) {
			if (n > integer(t, "max_ms") &&
			    json_object_set_new(t, "max_ms", json_integer(n)))
				return -1;
		} else if (add(t, key, n) == -1) {
			return -1;
		}
	}
	return 0;
}

/* The Pre event of a tool call: counted, and its time kept for the Post. */
static int tool_pre(struct apply *a, const char *name)
{
	const char *id = data_str(a, "tool_use_id", NULL), *key, *oldest;
	json_t *s = open_session(a), *calls, *v;

	if (name == NULL || tool_add(a, name, "calls", 1) == -1)
		return name == NULL ? 0 : nomem(a);
	if (s == NULL || id == NULL)
		return 0;
	calls = json_object_get(s, "tool_calls");
	if (calls == NULL &&
	    json_object_set_new(s, "tool_calls", calls = json_object()) == -1)
		return nomem(a);
	while (json_object_size(calls) >= TOOL_CALLS_OPEN) {
		oldest = NULL;
		json_object_foreach(calls, key, v)
		{
			if (oldest == NULL ||
			    json_integer_value(v) < integer(calls, oldest))
				oldest = key;
		}
		json_object_del(calls, oldest);
	}
	if (json_object_set_new(calls, id, json_integer(a->r.time_ms)) == -1)
		return nomem(a);
	return 0;
}

/* The Post event of a tool call (failed: a failure too): its time. */
static int tool_post(struct apply *a, const char *name, int failed)
{
	const char *id = data_str(a, "tool_use_id", NULL);
	json_t *calls = json_object_get(open_session(a), "tool_calls");
	json_t *given = json_object_get(a->r.data, "duration");
	json_t *pre = id != NULL ? json_object_get(calls, id) : NULL;
	json_int_t ms = -1;

	if (name == NULL)
		return 0;
	if (json_is_integer(given))
		ms = json_integer_value(given);
	else if (json_is_integer(pre))
		ms = a->r.time_ms - json_integer_value(pre);
	if (pre != NULL)
		json_object_del(calls, id);
	if ((failed && tool_add(a, name, "failures", 1) == -1) ||
	    (ms >= 0 && (tool_add(a, name, "total_ms", ms) == -1 ||
	                 tool_add(a, name, "max_ms", ms) == -1)))
		return nomem(a);
	return 0;
}

static int on_command_start(struct apply *a)
{
	int bad = count(a, &a->today, &COMMANDS, 1);

	bad |= project_add(a, "commands", 1);
	bad |= tally(a, &a->today, &COMMAND_NAMES,
	             data_str(a, "command", UNKNOWN));
	if (bad)
		return nomem(a);
	if (tool_pre(a, data_str(a, "tool", NULL)) == -1)
		return -1;
	return session_add(a, "commands");
}

static int on_command_end(struct apply *a)
{
	json_t *code = json_object_get(a->r.data, "exit_code");
	int failed = json_is_integer(code) && json_integer_value(code) != 0;

	if (failed &&
	    tally(a, &a->today, &FAILURES, data_str(a, "command", UNKNOWN)))
		return nomem(a);
	return tool_post(a, data_str(a, "tool", NULL), failed);
}

static int on_task_start(struct apply *a)
{
	if (count(a, &a->today, &TASKS, 1) == -1 ||
	    project_add(a, "tasks", 1) == -1)
		return nomem(a);
	return session_add(a, "tasks");
}

static int on_error(struct apply *a)
{
	const char *command = data_str(a, "command", NULL);
	int bad = count(a, &a->today, &ERRORS, 1);

	bad |= project_add(a, "errors", 1);
	bad |= tally(a, &a->today, &CONTEXTS, data_str(a, "context", UNKNOWN));
	/* A failed shell tool (PostToolUseFailure) is a failed command too. */
	if (command != NULL)
		bad |= tally(a, &a->today, &FAILURES, command);
	if (bad)
		return nomem(a);
	/* A failed tool call: its id (or time) comes with it, the tool is
	 * the context. */
	if ((json_object_get(a->r.data, "tool_use_id") != NULL ||
	     json_object_get(a->r.data, "duration") != NULL) &&
	    tool_post(a, data_str(a, "context", UNKNOWN), 1) == -1)
		return -1;
	return session_add(a, "errors");
}

static int on_tool_use(struct apply *a)
{
	if (tally(a, &a->today, &TOOLS, data_str(a, "tool", UNKNOWN)) == -1)
		return nomem(a);
	return tool_pre(a, data_str(a, "tool", UNKNOWN));
}

static int on_tool_end(struct apply *a)
{
	return tool_post(a, data_str(a, "tool", UNKNOWN), 0);
}

/* Add t to the tokens of map[name] (a tally of token objects). */
static int tokens_tally(json_t *map, const char *name, const struct tokens *t)
{
	const char *key = tally_key(map, name);
	json_t *o = json_object_get(map, key);

	if (!json_is_object(o)) {
		o = json_object();
		if (json_object_set_new(map, key, o) == -1)
			return -1;
	}
	return tokens_add_json(o, t);
}

/* Move one count from name "from" to "to" in map; a count of 0 is dropped. */
static int tally_move(json_t *map, const char *from, const char *to)
{
	json_int_t left = json_integer_value(json_object_get(map, from)) - 1;

	if (left > 0) {
		if (json_object_set_new(map, from, json_integer(left)))
			return -1;
	} else {
		json_object_del(map, from);
	}
	return tally_add(map, to, 1);
}

/*
 * An open session whose start named no model (Claude Code's SessionStart in
 * -p mode) takes the model of its first tokens: in its entries and in the
 * models and providers counted, in the summary and its start day's file.
 */
static int name_model(struct apply *a, json_t *s, json_t *start_file,
                      json_t *entry)
{
	const char *model = data_str(a, "model", UNKNOWN);
	const char *provider = event_provider_infer(model);
	json_t *day = json_object_get(start_file, "summary");
	int bad = 0;

	if (strcmp(model, UNKNOWN) == 0 ||
	    strcmp(str_or(s, "model", ""), UNKNOWN) != 0)
		return 0;
	bad |= tally_move(json_object_get(a->summary, "models_used"), UNKNOWN,
	                  model);
	bad |= tally_move(json_object_get(day, "models_used"), UNKNOWN, model);
	bad |= json_object_set_new(s, "model", json_string(model));
	if (entry != NULL)
		bad |= json_object_set_new(entry, "model", json_string(model));
	if (strcmp(str_or(s, "provider", ""), UNKNOWN) == 0 &&
	    strcmp(provider, UNKNOWN) != 0) {
		bad |= tally_move(json_object_get(a->summary, "providers_used"),
		                  UNKNOWN, provider);
		bad |= tally_move(json_object_get(day, "providers_used"),
		                  UNKNOWN, provider);
		bad |=
		    json_object_set_new(s, "provider", json_string(provider));
		if (entry != NULL)
			bad |= json_object_set_new(entry, "provider",
			                           json_string(provider));
	}
	return bad ? nomem(a) : 0;
}

/* Tokens: the summary's, the day's and the session's (its start day's). */
static int on_tokens(struct apply *a)
{
	json_t *day = json_object_get(a->today.file, "summary");
	json_t *s = open_session(a), *file, *e;
	const char *source = str(a->r.record, "source");
	char date[TIME_DATE_LEN];
	struct tokens t;
	int64_t start;
	int bad;

	const char *model = data_str(a, "model", NULL);

	if (model == NULL)
		model = str_or(s, "model", UNKNOWN);
	tokens_from_json(&t, a->r.data);
	bad = tokens_add_json(json_object_get(a->summary, "tokens"), &t);
	bad |= tokens_tally(json_object_get(a->summary, "tokens_by_model"),
	                    model, &t);
	bad |= tokens_add_json(json_object_get(day, "tokens"), &t);
	if (json_object_get(day, "tokens_by_model") != NULL)
		bad |= tokens_tally(json_object_get(day, "tokens_by_model"),
		                    model, &t);
	bad |= project_add(a, "tokens", t.total);
	if (a->today.stats != NULL)
		bad |= add(a->today.stats, "tokens", t.total);
	if (bad)
		return nomem(a);
	if (s == NULL || session_start_of(s, &start, date) == -1)
		return 0;
	if (source == NULL || strcmp(source, "transcript") != 0) {
		if (json_object_set_new(s, "token_source", json_string("hook")))
			return nomem(a);
	}
	file = day_file(a, date);
	if (file == NULL)
		return -1;
	e = session_entry(file, a->r.id);
	if (name_model(a, s, file, e) == -1)
		return -1;
	if (e == NULL)
		return 0;
	if (!json_is_object(json_object_get(e, "tokens")) &&
	    json_object_set_new(e, "tokens", json_object()))
		return nomem(a);
	if (tokens_add_json(json_object_get(e, "tokens"), &t))
		return nomem(a);
	return 0;
}

/*
 * Plan windows (docs/design.md §5d): limits.<agent>.<window> of the
 * summary, {used_percent, resets_at, window_minutes, updated,
 * burn_per_hour, points}.  points are [time_ms, used_percent] of the
 * records of the last hour of the current window, at most LIMITS_POINTS
 * spread over it (the oldest and the newest kept; when full, the point
 * whose removal leaves the smallest gap goes), from which burn_per_hour
 * is the rise per hour; null until two readings a minute apart.  A record
 * at or after the reset time, or with a lower percentage, starts a new
 * window.  A record older than the window's last reading changes nothing,
 * and one older than its session's last reported figures changes none of
 * them.  Every figure is checked again as limits.c checks it when making
 * the record: the log is input, and an insane figure is left out.
 */
#define LIMITS_POINTS 12
#define REPORTED_MAX 100 /* sessions whose reported figures are kept */

/* 1 when s is a name a document may key by: [a-z0-9_-], 1-23 bytes. */
static int limits_name_ok(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	return n > 0 && n < LIMITS_NAME_LEN &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* The object member key of o (name bounded as a tally's), created. */
static json_t *member_object(json_t *o, const char *name)
{
	const char *key = tally_key(o, name);
	json_t *v = json_object_get(o, key);

	if (json_is_object(v))
		return v;
	v = json_object();
	return json_object_set_new(o, key, v) == 0 ? v : NULL;
}

static double point_time(const json_t *p)
{
	return json_number_value(json_array_get(p, 0));
}

static double point_used(const json_t *p)
{
	return json_number_value(json_array_get(p, 1));
}

/*
 * Thin points to LIMITS_POINTS: drop, of those between the first and the
 * last, the one whose removal leaves the smallest gap, so that the points
 * stay spread over the hour (dropping always the same slot would leave the
 * oldest point and a few minutes of the newest).
 */
static void points_thin(json_t *points)
{
	size_t n, drop, i;
	double gap, best;

	while ((n = json_array_size(points)) > LIMITS_POINTS) {
		drop = 1;
		best = point_time(json_array_get(points, 2)) -
		       point_time(json_array_get(points, 0));
		for (i = 2; i + 1 < n; i++) {
			gap = point_time(json_array_get(points, i + 1)) -
			      point_time(json_array_get(points, i - 1));
			if (gap < best) {
				best = gap;
				drop = i;
			}
		}
		json_array_remove(points, drop);
	}
}

/* Burn per hour of points, or NULL (JSON null) when not known. */
static json_t *burn_new(const json_t *points)
{
	size_t n = json_array_size(points);
	const json_t *first = json_array_get(points, 0);
	const json_t *last = json_array_get(points, n - 1);
	double span = n > 1 ? point_time(last) - point_time(first) : 0;
	double rise = point_used(last) - point_used(first);

	if (span < 60000)
		return json_null();
	return json_real(rise > 0 ? rise * (double)LIMITS_HOUR_MS / span : 0);
}

static int window_apply(struct apply *a, const char *agent, const json_t *given)
{
	const char *name = str(given, "name");
	json_int_t resets = limits_reset_time(
	    json_object_get(given, "resets_at"), a->r.time_ms);
	json_int_t minutes = integer(given, "window_minutes");
	double used;
	json_t *mine, *w, *points;
	int64_t updated;
	int bad = 0;

	if (!limits_name_ok(name) ||
	    !limits_percent(json_object_get(given, "used_percent"), &used))
		return 0;
	mine = member_object(json_object_get(a->summary, "limits"), agent);
	w = mine != NULL ? member_object(mine, name) : NULL;
	if (w == NULL)
		return nomem(a);
	if (time_parse_rfc3339(str(w, "updated"), &updated) == 0 &&
	    a->r.time_ms < updated)
		return 0; /* an older reading */
	points = json_object_get(w, "points");
	if (!json_is_array(points) || used < num(w, "used_percent") ||
	    (limits_resets_ms(w) > 0 && a->r.time_ms >= limits_resets_ms(w))) {
		points = json_array();
		if (json_object_set_new(w, "points", points) == -1)
			return nomem(a);
	}
	while (json_array_size(points) > 0 &&
	       a->r.time_ms - point_time(json_array_get(points, 0)) >
	           LIMITS_HOUR_MS)
		json_array_remove(points, 0);
	bad |= json_array_append_new(
	    points, json_pack("[I,f]", (json_int_t)a->r.time_ms, used));
	points_thin(points);
	bad |= json_object_set_new(w, "used_percent", json_real(used));
	bad |= json_object_set_new(
	    w, "resets_at", resets > 0 ? json_integer(resets) : json_null());
	bad |= json_object_set_new(w, "window_minutes",
	                           minutes > 0 ? json_integer(minutes)
	                                       : json_null());
	bad |= json_object_set_new(w, "updated", json_string(a->r.timestamp));
	bad |= json_object_set_new(w, "burn_per_hour", burn_new(points));
	return bad ? nomem(a) : 0;
}

/*
 * What a session's cumulative figure rose by, from before to now (both
 * sane, so no sum overflows): a figure lower than before is a new process
 * of the session counting from 0 again, all of it new.
 */
static double rise(double now, double before)
{
	return now >= before ? now - before : now;
}

/*
 * reported.<session>: the session's figures as the agent last reported
 * them; their rises count on the record's day (lines) and in total (cost).
 * The open session's entry in its start day's file gets them too.  A
 * record older than the figures held changes nothing: its figures are
 * not news, and counting its difference would count a rise twice.
 */
static int reported_apply(struct apply *a)
{
	static const struct {
		const char *key;
		const struct figure *figure;
	} lines[] = {{"lines_added", &LINES_ADDED},
	             {"lines_removed", &LINES_REMOVED}};
	json_t *map = json_object_get(a->summary, "reported");
	json_t *given = NULL, *before = NULL, *prev, *v;
	json_t *s = open_session(a), *file, *e;
	char date[TIME_DATE_LEN];
	const char *key;
	int64_t start, last;
	int ret = -1, bad = 0;

	prev = a->r.id != NULL ? json_object_get(map, a->r.id) : NULL;
	if (a->r.id == NULL ||
	    (time_parse_rfc3339(str(prev, "updated"), &last) == 0 &&
	     a->r.time_ms < last))
		return 0;
	given = limits_reported_new(json_object_get(a->r.record, "reported"));
	before = limits_reported_new(prev);
	if (given == NULL || before == NULL)
		goto nomem;
	if (json_object_size(given) == 0) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(prev)) {
		prev = json_object();
		if (json_object_set_new(map, a->r.id, prev) == -1)
			goto nomem;
	}
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		v = json_object_get(given, lines[i].key);
		if (v != NULL)
			bad |=
			    count(a, &a->today, lines[i].figure,
			          (json_int_t)rise(json_number_value(v),
			                           num(before, lines[i].key)));
	}
	v = json_object_get(given, "cost_usd");
	if (v != NULL)
		bad |= json_object_set_new(
		    a->summary, "reported_cost_usd",
		    json_real(
		        num(a->summary, "reported_cost_usd") +
		        rise(json_number_value(v), num(before, "cost_usd"))));
	json_object_foreach(given, key, v) bad |= json_object_set(prev, key, v);
	bad |=
	    json_object_set_new(prev, "updated", json_string(a->r.timestamp));
	if (bad)
		goto nomem;
	/* The session read longest ago goes first. */
	trim_oldest(map, REPORTED_MAX, updated);
	ret = 0;
	if (s == NULL || session_start_of(s, &start, date) == -1)
		goto out;
	file = day_file(a, date);
	if (file == NULL) {
		ret = -1;
		goto out;
	}
	e = session_entry(file, a->r.id);
	prev = json_object_get(map, a->r.id);
	if (e != NULL && prev != NULL &&
	    json_object_set_new(e, "reported", json_deep_copy(prev)))
		goto nomem;
	goto out;
nomem:
	ret = nomem(a);
out:
	json_decref(given);
	json_decref(before);
	return ret;
}

static int on_limits(struct apply *a)
{
	const char *agent = str(a->r.record, "agent");
	const json_t *windows = json_object_get(a->r.record, "windows"), *w;
	size_t i;

	if (!limits_name_ok(agent))
		return 0;
	json_array_foreach(windows, i, w)
	{
		if (json_is_object(w) && window_apply(a, agent, w) == -1)
			return -1;
	}
	return reported_apply(a);
}

static const struct {
	const char *type;
	int (*apply)(struct apply *a);
} handlers[] = {
    {"session_start", on_session_start}, {"session_end", on_session_end},
    {"command_start", on_command_start}, {"command_end", on_command_end},
    {"task_start", on_task_start},       {"error", on_error},
    {"tool_end", on_tool_end},           {"tool_use", on_tool_use},
};

/* Read what apply needs of record; -1 when it is not a usable record. */
static int record_read(const json_t *record, struct record *r)
{
	const char *ts = str(record, "timestamp");

	r->type = str(record, "type");
	if (r->type == NULL || r->type[0] == '\0' || ts == NULL ||
	    time_parse_rfc3339(ts, &r->time_ms) == -1)
		return -1;
	r->record = record;
	r->project = str(record, "project");
	if (r->project != NULL && r->project[0] == '\0')
		r->project = NULL;
	r->id = str(record, "session_id");
	r->data = json_object_get(record, "data");
	time_format_utc(r->time_ms, r->timestamp);
	time_local_date(r->time_ms, r->date);
	r->hour = time_local_hour(r->time_ms);
	return 0;
}

static int apply(struct apply *a)
{
	a->summary = summary_get(a);
	if (a->summary == NULL || day_open(a, a->r.date, &a->today) == -1)
		return -1;
	/* Token records are not agent events (docs/design.md §5a). */
	if (strcmp(a->r.type, "tokens") == 0)
		return on_tokens(a);
	if (strcmp(a->r.type, "limits") == 0)
		return on_limits(a);
	if (abandon_stale(a) == -1 || count_event(a) == -1 ||
	    session_add(a, "events") == -1)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(handlers); i++) {
		if (strcmp(a->r.type, handlers[i].type) == 0 &&
		    handlers[i].apply(a) == -1)
			return -1;
	}
	return derive(a);
}

int usage_apply(struct docs *docs, json_t *record, struct error *err)
{
	struct apply a = {.docs = docs, .err = err};
	int ret;

	if (record_read(record, &a.r) == -1)
		return 0; /* the log is replayed as it is */
	a.seen = json_object();
	if (a.seen == NULL)
		return nomem(&a);
	ret = apply(&a);
	json_decref(a.seen);
	return ret;
}

const json_t *usage_open_session(struct docs *docs, const char *session_id)
{
	json_t *summary = docs_peek(docs, USAGE_SUMMARY);

	if (session_id == NULL)
		return NULL;
	return json_object_get(json_object_get(summary, "open_sessions"),
	                       session_id);
}

const char *usage_open_model(struct docs *docs, const char *session_id)
{
	return str(usage_open_session(docs, session_id), "model");
}
