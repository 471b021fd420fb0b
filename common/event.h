/*
 * event: turn what an agent hands a hook into one internal event.
 *
 * Four channels (docs/design.md §2): CODEX_* environment variables, a JSON
 * object on stdin (Codex and Claude Code hooks), a JSON object as the last
 * argument (Codex notify), or the environment set by hand.  event_parse()
 * merges them (environment wins over stdin), normalises the event name, the
 * timestamp, the model and the command name, applies the privacy cuts, and
 * builds the type-specific data of docs/design.md §5.
 *
 * Calling sequence:
 *	struct event ev;
 *	if (event_parse(&ev, &in, &err) == -1) ...;   // err says why
 *	json_t *rec = event_record_new(&ev);          // the log line
 *	...
 *	json_decref(rec); event_free(&ev);
 *
 * Environment variables are read with getenv(); an empty one counts as unset.
 * event_parse() fails (-1) only when no channel names an event type.
 * Problems that do not stop the event (unparseable stdin beside
 * CODEX_EVENT_TYPE, an invalid timestamp) are described in ev->warning, and
 * ev->debug_warning (only worth printing under DEBUG=1).
 */
#ifndef COMMON_EVENT_H
#define COMMON_EVENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "timeutil.h"

struct event_input {
	const char *stdin_buf;   /* NUL-terminated payload, or NULL */
	size_t stdin_len;
	int stdin_truncated;     /* the payload was cut (input.truncated) */
	const char *notify_json; /* last argument when it is a JSON object, or NULL */
};

struct event {
	char *type;            /* internal name (table of §2), or the name as received */
	char *session_id;      /* never NULL after a successful parse */
	int64_t time_ms;
	char timestamp[TIME_UTC_LEN];
	char *model;           /* normalised ("[1m]" dropped); NULL when no channel names one */
	char *provider;        /* CODEX_PROVIDER, or inferred from model; NULL when neither */
	char *cwd;             /* working directory named by the event, or NULL */
	char *transcript_path; /* stdin transcript_path, or NULL */
	char *project;         /* the record's "project", or NULL: set by the
				* tool (project.h), not by the parser */
	const char *source;    /* "env", "stdin" or "notify" (static) */
	json_t *data;          /* §5 data object for this type (owned, never NULL) */
	json_t *token_usage;   /* PostModelRequest's token_usage, its integer
				* counts only (owned), or NULL (§5a) */
	char warning[256];        /* always worth printing when not empty */
	char debug_warning[256];  /* printed only under DEBUG=1 */
};

int event_parse(struct event *ev, const struct event_input *in,
		struct error *err);

void event_free(struct event *ev);

/*
 * The log record {"type","session_id","timestamp","source","data"} of an
 * event, a new reference, with "project" after "source" when ev->project is
 * set (docs/design.md §5b).  session_start data also carries model and
 * provider (docs/design.md §5).
 */
json_t *event_record_new(const struct event *ev);

/* ---- pieces of the parser, exposed for the tools and for tests ---- */

/*
 * Internal name for an agent's event name; tool_name is the stdin
 * tool_name (or NULL) that decides PreToolUse/PostToolUse.  Returns a static
 * string, or NULL when the name is not in the table (keep it as received).
 */
const char *event_normalise_type(const char *name, const char *tool_name);

/* 1 when tool_name is a shell tool (Bash, shell, exec_command, ...). */
int event_is_shell_tool(const char *tool_name);

/*
 * Command name for "most used commands" from a JSON array string or a plain
 * string, shell wrappers unwrapped (docs/design.md §2 examples).  Writes at
 * most len - 1 bytes into out; "unknown" when nothing is found.
 */
void event_command_name(const char *command, char *out, size_t len);

/* Model with a trailing "[...]" variant dropped: a new malloc'd string. */
char *event_model_clean(const char *model);

/* Provider of a model name (static string): "openai", "anthropic", "google" or "unknown". */
const char *event_provider_infer(const char *model);

/*
 * Copy at most max bytes of s into a new string, cut back to a whole UTF-8
 * character, with invalid bytes and control characters replaced by '?'.
 */
char *event_cut_utf8(const char *s, size_t max);

/* Number of Unicode code points in s (invalid bytes count one each). */
size_t event_utf8_chars(const char *s);

#endif
