/*
 * event: what an agent hands a hook, as one event (docs/design.md §2).
 *
 * event_parse() reads the channels (CODEX_* variables, a JSON object on
 * stdin, Codex notify's JSON argument; the variables win) into one struct
 * event: the name normalised, the privacy cuts made, the data of its type
 * built (docs/design.md §5).
 *
 *	if (event_parse(&ev, &in, &err) == -1)   // no channel names a type
 *		...;
 *	json_t *rec = event_record_new(&ev);     // the log record
 *	event_free(&ev);
 *
 * The event owns its strings and JSON, ev->project too (set after the
 * parse by project_name_event()).  Problems that do not stop the event are
 * in ev->warning, or in ev->debug_warning when only worth saying under
 * DEBUG=1.
 */
#ifndef COMMON_EVENT_H
#define COMMON_EVENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "timeutil.h"
#include "utf8.h"

struct event_input {
	const char *stdin_buf; /* NUL-terminated payload, or NULL */
	size_t stdin_len;
	int stdin_truncated;     /* cut at the size cap or the deadline */
	const char *notify_json; /* the notify argument, or NULL */
};

struct event {
	char *type;       /* internal name (§2), or the name as received */
	char *session_id; /* never NULL */
	int64_t time_ms;
	char timestamp[TIME_UTC_LEN];
	char *model;           /* "[1m]" dropped; NULL when none is named */
	char *provider;        /* named, or inferred from the model, or NULL */
	char *cwd;             /* the working directory named, or NULL */
	char *transcript_path; /* stdin's, or NULL */
	char *project;         /* the record's "project", or NULL (§5b) */
	const char *source;    /* "env", "stdin" or "notify" (static) */
	const char *agent;     /* "codex", "claude" (static), or NULL */
	json_t *data;          /* the data of its type (§5), never NULL */
	json_t *token_usage;   /* PostModelRequest's token counts, or NULL */
	char warning[256];
	char debug_warning[256];
};

int event_parse(struct event *ev, const struct event_input *in,
                struct error *err);

void event_free(struct event *ev);

/*
 * {"type","session_id","timestamp","source","agent"?,"project"?,"data"}, a new
 * reference; a session_start's data also carries model and provider.
 */
json_t *event_record_new(const struct event *ev);

/* ---- pieces of the parser, for the tools and for tests ---- */

/*
 * The internal name of an agent's event name (tool_name decides PreToolUse
 * and PostToolUse), or NULL when the table has none.
 */
const char *event_normalise_type(const char *name, const char *tool_name);

/* 1 when tool_name is a shell tool (Bash, shell, exec_command, ...). */
int event_is_shell_tool(const char *tool_name);

/*
 * The name "most used commands" counts, of a JSON array or a command line,
 * shell wrappers unwrapped (docs/design.md §2), into out (len bytes);
 * "unknown" when there is none.
 */
void event_command_name(const char *command, char *out, size_t len);

/* model without a trailing "[...]" variant: a new string. */
char *event_model_clean(const char *model);

/* A model's provider (static): openai, anthropic, google or unknown. */
const char *event_provider_infer(const char *model);

#endif
