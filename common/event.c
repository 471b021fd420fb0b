/*
 * Rules of this file (docs/design.md §2):
 * - Channels, strongest first: the CODEX_* variables, the JSON object on
 *   stdin, the notify argument.  merge() reads them once, as fields[] says,
 *   into a flat view; the rest reads only the view.  An empty variable or
 *   string counts as absent.
 * - source is "stdin" whenever stdin gave a non-empty object, "notify" for
 *   the notify argument, else "env".
 * - Privacy: the prompt is only counted; a command is kept as its name
 *   unless CODEX_ANALYTICS_LOG_ARGS=1; error text and context are cut to
 *   TEXT_MAX bytes, every other string to FIELD_MAX or TYPE_MAX, so that
 *   no payload bloats the logs.  Tool output is never copied: a failed
 *   tool's error is its output (a `cat .env` included), so only its exit
 *   code is kept.
 * - A payload cut at the size cap or deadline does not parse, but its
 *   first members (hook_event_name, session_id, cwd) usually came before
 *   the cut: salvage() keeps the members that end before it, as it does
 *   for JSON jansson will not load (a 65-bit integer, deep nesting,
 *   invalid UTF-8); a member that does not load is left out.  "\u0000"
 *   is accepted: tool output has NULs.
 */
#include "event.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_util.h"
#include "platform.h"

#define TEXT_MAX 256       /* error text and context (docs/design.md §2) */
#define FIELD_MAX 128      /* ids, model, tool and command names */
#define TYPE_MAX 64        /* an event name the table does not know */
#define PROVIDER_MAX 64    /* a provider, a model call's status */
#define ARG_MAX_BYTES 1024 /* each argument kept with LOG_ARGS=1 */
#define ARGS_MAX 128       /* arguments kept with LOG_ARGS=1 */
#define WORDS_MAX 64       /* words of a command looked at for its name */
#define WRAP_DEPTH 4       /* nested "sh -c" unwrapped */
#define SHOWN_MAX 48       /* bytes of a bad value quoted in a warning */

/* ---- names ---- */

/* The internal event types and the agents' names for them (§2). */
static const struct {
	const char *type;
	const char *names[4];
} types[] = {
    {"session_start", {"SessionStart"}},
    {"session_end", {"SessionEnd"}},
    {"task_start", {"UserPromptSubmit"}},
    {"task_complete", {"task_end", "Stop", "agent-turn-complete"}},
    {"command_start", {"exec_before", "exec.before"}},
    {"command_end", {"command_complete", "exec_after", "exec.after"}},
    {"tool_use", {"patch_before", "mcp_tool_before"}},
    {"tool_end", {"patch_after", "mcp_tool_after"}},
    {"model_request", {"PreModelRequest"}},
    {"model_response", {"PostModelRequest"}},
    {"error",
     {"error_occurred", "error.occurred", "task_error", "PostToolUseFailure"}},
};

static const char *const shell_tools[] = {
    "Bash", "shell", "exec_command", "local_shell", "shell_command",
};

/* Shells whose "-c SCRIPT" is unwrapped to the script's first command. */
static const char *const wrappers[] = {"bash", "sh", "zsh", "dash"};

/* The token counts of Codex's PostModelRequest kept in ev->token_usage. */
static const char *const token_keys[] = {
    "input_tokens",  "cached_input_tokens",     "cache_write_input_tokens",
    "output_tokens", "reasoning_output_tokens", "total_tokens",
};

/* Index of s in list (n entries, or up to a NULL), ignoring case; else -1. */
static int find(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; s != NULL && i < n && list[i] != NULL; i++) {
		if (strcasecmp(s, list[i]) == 0)
			return (int)i;
	}
	return -1;
}

const char *event_normalise_type(const char *name, const char *tool_name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	if (strcasecmp(name, "PreToolUse") == 0)
		return event_is_shell_tool(tool_name) ? "command_start"
		                                      : "tool_use";
	if (strcasecmp(name, "PostToolUse") == 0)
		return event_is_shell_tool(tool_name) ? "command_end"
		                                      : "tool_end";
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (strcasecmp(name, types[i].type) == 0 ||
		    find(types[i].names, ARRAY_SIZE(types[i].names), name) !=
		        -1)
			return types[i].type;
	}
	return NULL;
}

int event_is_shell_tool(const char *tool_name)
{
	return find(shell_tools, ARRAY_SIZE(shell_tools), tool_name) != -1;
}

/* end moved back over blanks, not past start. */
static const char *trim_end(const char *start, const char *end)
{
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end;
}

char *event_model_clean(const char *model)
{
	const char *start, *end, *open;

	if (model == NULL) {
		errno = EINVAL;
		return NULL;
	}
	start = model + strspn(model, " \t");
	end = trim_end(start, start + strlen(start));
	/* "claude-opus-4-8[1m]": the bracketed variant names no other model */
	if (end > start && end[-1] == ']') {
		for (open = end - 1; open > start && *open != '['; open--)
			;
		if (*open == '[' && open > start)
			end = trim_end(start, open);
	}
	return strndup(start, (size_t)(end - start));
}

/*
 * A known "provider/" prefix names the provider; another (an aggregator's,
 * "models/") is looked through.  Static strings only: event_parse() keeps
 * an unknown prefix itself (provider_new()).
 */
const char *event_provider_infer(const char *model)
{
	static const char *const known[] = {"openai", "anthropic", "google"};
	const char *slash;
	size_t i;

	if (model == NULL || *model == '\0')
		return "unknown";
	slash = strchr(model, '/');
	if (slash != NULL) {
		for (i = 0; i < ARRAY_SIZE(known); i++) {
			if ((size_t)(slash - model) == strlen(known[i]) &&
			    strncasecmp(model, known[i], strlen(known[i])) == 0)
				return known[i];
		}
		model = strrchr(model, '/') + 1;
	}
	if (strncasecmp(model, "gpt-", 4) == 0 ||
	    strcasestr(model, "codex") != NULL)
		return "openai";
	/* o1, o3, o4 as a whole name or before '-' (o3-mini, o4-mini-high) */
	if ((model[0] == 'o' || model[0] == 'O') &&
	    (model[1] == '1' || model[1] == '3' || model[1] == '4') &&
	    (model[2] == '\0' || model[2] == '-'))
		return "openai";
	if (strcasestr(model, "claude") != NULL)
		return "anthropic";
	if (strcasestr(model, "gemini") != NULL)
		return "google";
	return "unknown";
}

/*
 * The provider of a model no variable names: a "name/" prefix is the
 * provider (openai/gpt-4o, ollama/qwen3) unless it is Google's "models/";
 * else the name tells (event_provider_infer).
 */
static char *provider_new(const char *model)
{
	size_t n = strcspn(model, "/");
	char *out;

	if (model[n] == '\0' || n == 0 || n > 32 ||
	    strncmp(model, "models/", 7) == 0 ||
	    strspn(model, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                  "0123456789-_.") < n)
		return strdup(event_provider_infer(model));
	out = strndup(model, n);
	for (size_t i = 0; out != NULL && i < n; i++) {
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] + 32);
	}
	return out;
}

/* ---- command names ---- */

enum { TOK_END, TOK_WORD, TOK_OP };

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_op_char(char c)
{
	return c != '\0' && strchr("&|;()<>\n", c) != NULL;
}

/*
 * The next token of a command line at *pp: a word unquoted into word
 * (strlen(*pp) + 1 bytes), or an operator into op; comments skipped.
 * Good enough to find a command's name; not a shell.
 */
static int shell_token(const char **pp, char *word, char op[3])
{
	const char *s = *pp;
	char *o = word;

	for (;;) {
		while (is_blank(*s))
			s++;
		if (*s == '\\' && s[1] == '\n') {
			s += 2;
			continue;
		}
		if (*s == '#')
			s += strcspn(s, "\n");
		break;
	}
	if (*s == '\0') {
		*pp = s;
		return TOK_END;
	}
	if (is_op_char(*s)) {
		op[0] = *s;
		op[1] = '\0';
		if (*s != '\n' && *s != '(' && *s != ')' && s[1] == *s) {
			op[1] = *s;
			op[2] = '\0';
			s++;
		}
		*pp = s + 1;
		return TOK_OP;
	}
	while (*s != '\0' && !is_blank(*s) && !is_op_char(*s)) {
		if (*s == '\'') {
			for (s++; *s != '\0' && *s != '\''; s++)
				*o++ = *s;
			if (*s != '\0')
				s++;
		} else if (*s == '"') {
			for (s++; *s != '\0' && *s != '"'; s++) {
				if (*s == '\\' && s[1] != '\0' &&
				    strchr("\"\\$`", s[1]) != NULL)
					s++;
				*o++ = *s;
			}
			if (*s != '\0')
				s++;
		} else if (*s == '\\' && s[1] != '\0') {
			*o++ = s[1];
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*pp = s;
	return TOK_WORD;
}

/* "VAR=value": a variable set for one command. */
static int is_assignment(const char *w)
{
	size_t n = strspn(w, "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                     "abcdefghijklmnopqrstuvwxyz");

	return n > 0 && !(w[0] >= '0' && w[0] <= '9') && w[n] == '=';
}

static int is_wrapper(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(wrappers); i++) {
		if (strcmp(name, wrappers[i]) == 0)
			return 1;
	}
	return 0;
}

static void set_unknown(char *out, size_t len)
{
	utf8_cut_into(out, "unknown", len - 1);
}

static void name_from_script(const char *script, char *out, size_t len,
                             int depth);

/*
 * The name of one simple command's words: VAR=value prefixes skipped, the
 * basename of the first word, and "bash -lc SCRIPT" (any option cluster
 * with a 'c') looked through to the script.
 */
static void name_from_words(const char **words, size_t n, char *out, size_t len,
                            int depth)
{
	const char *name, *slash;
	size_t i = 0, j;

	while (i < n && is_assignment(words[i]))
		i++;
	if (i == n) {
		set_unknown(out, len);
		return;
	}
	slash = strrchr(words[i], '/');
	name = slash != NULL ? slash + 1 : words[i];
	for (j = i + 1; depth < WRAP_DEPTH && is_wrapper(name) && j < n; j++) {
		if (words[j][0] != '-' || words[j][1] == '\0')
			break; /* "bash script.sh": the name is bash */
		if (words[j][1] != '-' && strchr(words[j] + 1, 'c') != NULL &&
		    j + 1 < n) {
			name_from_script(words[j + 1], out, len, depth + 1);
			return;
		}
	}
	if (utf8_cut_into(out, name, len - 1) == 0)
		set_unknown(out, len);
}

/*
 * The name of a script's first command: "(", "{" and "!" and a leading
 * "cd DIR &&" (or "cd DIR;") are stepped over.
 */
static void name_from_script(const char *script, char *out, size_t len,
                             int depth)
{
	const char *words[WORDS_MAX];
	const char *p = script;
	char *buf, *pos;
	char op[3];
	size_t n, skip;
	int tok;

	buf = malloc(strlen(script) + 2);
	if (buf == NULL) {
		set_unknown(out, len);
		return;
	}
	for (;;) {
		n = 0;
		pos = buf;
		while ((tok = shell_token(&p, pos, op)) == TOK_WORD) {
			if (n < WORDS_MAX) {
				words[n++] = pos;
				pos += strlen(pos) + 1;
			}
		}
		for (skip = 0; skip < n && (strcmp(words[skip], "{") == 0 ||
		                            strcmp(words[skip], "!") == 0);
		     skip++)
			;
		if (skip == n && tok == TOK_OP)
			continue; /* "(", an empty command */
		if (skip < n && strcmp(words[skip], "cd") == 0 &&
		    tok == TOK_OP &&
		    (strcmp(op, "&&") == 0 || strcmp(op, ";") == 0 ||
		     strcmp(op, "\n") == 0))
			continue;
		name_from_words(words + skip, n - skip, out, len, depth);
		break;
	}
	free(buf);
}

/* The command when it is a JSON array ("[\"git\",\"status\"]"), else NULL. */
static json_t *command_array(const char *command)
{
	const char *p = command + strspn(command, " \t\r\n");
	json_t *a;

	if (*p != '[')
		return NULL;
	a = json_loads(p, 0, NULL);
	if (!json_is_array(a)) {
		json_decref(a);
		return NULL;
	}
	return a;
}

void event_command_name(const char *command, char *out, size_t len)
{
	const char *words[WORDS_MAX];
	json_t *a;
	size_t i, n;

	if (len == 0)
		return;
	if (command == NULL) {
		set_unknown(out, len);
		return;
	}
	a = command_array(command);
	if (a == NULL) {
		name_from_script(command, out, len, 0);
		return;
	}
	n = json_array_size(a) < WORDS_MAX ? json_array_size(a) : WORDS_MAX;
	for (i = 0; i < n; i++) {
		words[i] = json_string_value(json_array_get(a, i));
		if (words[i] == NULL)
			words[i] = "";
	}
	name_from_words(words, n, out, len, 0);
	json_decref(a);
}

static int append_arg(json_t *argv, const char *arg)
{
	char *s;
	int ret;

	if (json_array_size(argv) >= ARGS_MAX)
		return 0;
	s = utf8_cut(arg, ARG_MAX_BYTES);
	if (s == NULL)
		return -1;
	ret = json_array_append_new(argv, json_string(s));
	free(s);
	return ret;
}

/*
 * The arguments kept with CODEX_ANALYTICS_LOG_ARGS=1: the strings of a JSON
 * array, or the words and operators of a command line.
 */
static json_t *argv_new(const char *command)
{
	json_t *argv = json_array();
	json_t *a = command_array(command);
	const char *p = command;
	char *word = NULL;
	char op[3];
	size_t i;
	int tok, bad = argv == NULL;

	for (i = 0; !bad && i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		bad = s != NULL && append_arg(argv, s) == -1;
	}
	if (!bad && a == NULL) {
		word = malloc(strlen(command) + 1);
		bad = word == NULL;
		while (!bad && (tok = shell_token(&p, word, op)) != TOK_END)
			bad = append_arg(argv, tok == TOK_OP ? op : word) == -1;
	}
	free(word);
	json_decref(a);
	if (bad) {
		json_decref(argv);
		return NULL;
	}
	return argv;
}

/* ---- channels ---- */

/*
 * The fields of an event and where each is found, strongest first: the
 * variables, then the stdin members ("a.b" is member b of object a), then
 * the notify member.  A member counts when its type is one the field
 * takes, a string only when not empty.
 */
enum field {
	F_NONE,
	F_TYPE, /* the event's name, as the strongest channel gives it */
	F_SESSION,
	F_TIME,
	F_MODEL,
	F_PROVIDER,
	F_CWD,
	F_TRANSCRIPT,
	F_HOOK, /* stdin's own name, which the environment may override */
	F_TOOL,
	F_TASK_ID,
	F_PROMPT,
	F_SUCCESS,
	F_DURATION,
	F_COMMAND,
	F_EXIT_CODE,
	F_ERROR,
	F_CONTEXT,
	F_STATUS,
	F_TOKENS,
	F_TOOL_USE_ID,
	F_COUNT
};

#define TEXT (1 << JSON_STRING)
#define INTEGER (1 << JSON_INTEGER)
#define ARRAY (1 << JSON_ARRAY)
#define OBJECT (1 << JSON_OBJECT)

static const struct {
	const char *env[2];
	const char *in[2];
	const char *notify;
	int takes;
} fields[F_COUNT] = {
    [F_TYPE] = {{"CODEX_EVENT_TYPE"}, {"hook_event_name"}, "type", TEXT},
    [F_SESSION] = {{"CODEX_SESSION_ID"}, {"session_id"}, "thread-id", TEXT},
    [F_TIME] = {{"CODEX_TIMESTAMP"}, {NULL}, NULL, 0},
    [F_MODEL] = {{"CODEX_MODEL"}, {"model", "model.id"}, NULL, TEXT},
    [F_PROVIDER] = {{"CODEX_PROVIDER"}, {NULL}, NULL, 0},
    [F_CWD] = {{"CODEX_WORKDIR", "CODEX_WORKING_DIR"}, {"cwd"}, "cwd", TEXT},
    [F_TRANSCRIPT] = {{NULL}, {"transcript_path"}, NULL, TEXT},
    [F_HOOK] = {{NULL}, {"hook_event_name"}, NULL, TEXT},
    [F_TOOL] = {{NULL}, {"tool_name"}, NULL, TEXT},
    [F_TASK_ID] = {{"CODEX_TASK_ID"}, {"turn_id"}, "turn-id", TEXT},
    [F_PROMPT] = {{"CODEX_PROMPT"}, {"prompt"}, NULL, TEXT},
    [F_SUCCESS] = {{"CODEX_SUCCESS"}, {NULL}, NULL, 0},
    [F_DURATION] = {{"CODEX_DURATION"}, {"duration_ms"}, NULL, INTEGER},
    [F_COMMAND] = {{"CODEX_COMMAND"},
                   {"tool_input.command"},
                   NULL,
                   TEXT | ARRAY},
    [F_EXIT_CODE] = {{"CODEX_EXIT_CODE"},
                     {"tool_response.exit_code", "tool_response.exitCode"},
                     NULL,
                     INTEGER},
    [F_ERROR] = {{"CODEX_ERROR"}, {"error", "error.message"}, NULL, TEXT},
    [F_CONTEXT] = {{"CODEX_CONTEXT"}, {"tool_name"}, NULL, TEXT},
    [F_STATUS] = {{NULL}, {"status"}, NULL, TEXT | INTEGER},
    [F_TOKENS] = {{NULL}, {"token_usage"}, NULL, OBJECT},
    [F_TOOL_USE_ID] = {{NULL}, {"tool_use_id"}, NULL, TEXT},
};

/* A field's value: a variable's text or a string member, or another member. */
struct value {
	const char *text;
	const json_t *json;
};

/* A JSON channel as read. */
struct channel {
	const char *name;   /* as messages name it */
	const char *others; /* where else an event type may be */
	int in;             /* 1: stdin */
	json_t *obj;        /* the object, or NULL */
	int bad;            /* it held bytes that gave no object */
	int salvaged;       /* 1: cut short; 2: a value would not load */
	json_error_t jerr;  /* why and where it would not load */
};

static const char *env(const char *name)
{
	const char *v = name != NULL ? getenv(name) : NULL;

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The member of obj at path ("a.b": member b of object a), or NULL. */
static const json_t *member(const json_t *obj, const char *path)
{
	char outer[32];
	size_t n;

	if (path == NULL)
		return NULL;
	n = strcspn(path, ".");
	if (path[n] == '\0' || n >= sizeof(outer))
		return json_object_get(obj, path);
	memcpy(outer, path, n);
	outer[n] = '\0';
	return json_object_get(json_object_get(obj, outer), path + n + 1);
}

/* v from the member m when it is of a type the field takes; 1 when set. */
static int take_member(struct value *v, const json_t *m, int takes)
{
	const char *s = json_string_value(m);

	if (m == NULL || (takes & (1 << json_typeof(m))) == 0 ||
	    (s != NULL && *s == '\0'))
		return 0;
	if (s != NULL)
		v->text = s;
	else
		v->json = m;
	return 1;
}

/* Each field's first value: the environment over stdin over notify. */
static void merge(struct value *view, const json_t *in, const json_t *notify)
{
	for (size_t f = 0; f < F_COUNT; f++) {
		struct value *v = &view[f];
		int i, found = 0;

		for (i = 0; i < 2 && !found; i++)
			found = (v->text = env(fields[f].env[i])) != NULL;
		for (i = 0; i < 2 && !found; i++)
			found = take_member(v, member(in, fields[f].in[i]),
			                    fields[f].takes);
		if (!found)
			take_member(v, member(notify, fields[f].notify),
			            fields[f].takes);
	}
}

/* 1 when a field reads the top-level member key of stdin (in) or notify. */
static int wanted(const char *key, int in)
{
	for (size_t f = 0; f < F_COUNT; f++) {
		for (int i = 0; i < 2; i++) {
			const char *p = in ? fields[f].in[i]
			                   : (i == 0 ? fields[f].notify : NULL);
			size_t n = p != NULL ? strcspn(p, ".") : 0;

			if (n > 0 && strncmp(p, key, n) == 0 && key[n] == '\0')
				return 1;
		}
	}
	return 0;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t skip_ws(const char *buf, size_t len, size_t i)
{
	while (i < len && is_ws(buf[i]))
		i++;
	return i;
}

/* One past the JSON value starting at buf[i], or 0 when it is cut off. */
static size_t value_end(const char *buf, size_t len, size_t i)
{
	int depth = 0, in_string = 0, escape = 0;

	if (i >= len)
		return 0;
	if (buf[i] != '"' && buf[i] != '{' && buf[i] != '[') {
		/* a number or a literal ends at a delimiter, if one is there */
		for (; i < len; i++) {
			if (is_ws(buf[i]) || buf[i] == ',' || buf[i] == '}' ||
			    buf[i] == ']')
				return i;
		}
		return 0;
	}
	for (; i < len; i++) {
		char c = buf[i];

		if (in_string) {
			if (escape) {
				escape = 0;
			} else if (c == '\\') {
				escape = 1;
			} else if (c == '"') {
				in_string = 0;
				if (depth == 0)
					return i + 1;
			}
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && --depth == 0) {
			return i + 1;
		}
	}
	return 0;
}

/* jansson loads whole values only; this finds where each member ends. */
static json_t *salvage(const char *buf, size_t len, int in)
{
	json_t *obj = json_object();
	json_t *key = NULL, *val;
	size_t i = skip_ws(buf, len, 0), end;

	if (obj == NULL || i >= len || buf[i] != '{')
		goto out;
	for (i = skip_ws(buf, len, i + 1); i < len && buf[i] == '"';
	     i = skip_ws(buf, len, i + 1)) {
		end = value_end(buf, len, i);
		if (end == 0)
			break;
		key = json_loadb(buf + i, end - i, JSON_DECODE_ANY, NULL);
		i = skip_ws(buf, len, end);
		if (!json_is_string(key) || i >= len || buf[i] != ':')
			break;
		i = skip_ws(buf, len, i + 1);
		end = value_end(buf, len, i);
		if (end == 0)
			break;
		/* a value that does not load is left out */
		val = wanted(json_string_value(key), in)
		          ? json_loadb(buf + i, end - i,
		                       JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL)
		          : NULL;
		if (val != NULL &&
		    json_object_set_new(obj, json_string_value(key), val) == -1)
			break;
		json_decref(key);
		key = NULL;
		i = skip_ws(buf, len, end);
		if (i >= len || buf[i] != ',')
			break;
	}
out:
	json_decref(key);
	return obj;
}

/* A JSON channel; stdin may have bytes after its object (a newline). */
static void read_channel(struct channel *c, const char *buf, size_t len,
                         int cut)
{
	size_t flags = c->in ? JSON_DISABLE_EOF_CHECK : 0;
	json_t *v = json_loadb(buf, len, flags | JSON_ALLOW_NUL, &c->jerr);
	int code = json_error_code(&c->jerr);

	if (v == NULL && (cut || code == json_error_numeric_overflow ||
	                  code == json_error_stack_overflow ||
	                  code == json_error_invalid_utf8)) {
		v = salvage(buf, len, c->in);
		if (json_object_size(v) == 0) {
			json_decref(v);
			v = NULL;
		}
		c->salvaged = v == NULL ? 0 : cut ? 1 : 2;
	}
	if (!json_is_object(v)) {
		c->bad = 1;
		if (v != NULL)
			c->jerr.line = c->jerr.column = 1;
		json_decref(v);
		return;
	}
	c->obj = v;
}

/* ---- the event ---- */

/* "stdin is not a JSON object (line 1, column 7)" into buf. */
static const char *not_object(const struct channel *c, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s is not a JSON object", c->name);

	if (c->in && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (line %d, column %d)",
		         c->jerr.line, c->jerr.column);
	return buf;
}

static void set_warnings(struct event *ev, const struct channel *c)
{
	char buf[96];

	if (c->salvaged == 1)
		error_note(ev->warning, sizeof(ev->warning),
		           "%s was cut at the size cap or the read deadline: "
		           "recorded from the fields before the cut",
		           c->name);
	if (c->salvaged == 2)
		error_note(
		    ev->warning, sizeof(ev->warning),
		    "%s has a value that cannot be read (%.70s): recorded "
		    "from the other fields",
		    c->name, c->jerr.text);
	if (c->bad)
		error_note(ev->warning, sizeof(ev->warning),
		           "%s: recorded without it",
		           not_object(c, buf, sizeof(buf)));
}

/* "1234" or "1234.5" milliseconds, truncated; -1 for anything else. */
static int parse_ms(const char *s, json_int_t *ms)
{
	size_t n = strspn(s, "0123456789");
	const char *end = s + n;

	if (*end == '.')
		end += 1 + strspn(end + 1, "0123456789");
	if (n == 0 || n > 15 || *end != '\0')
		return -1; /* 15 digits: past 31,000 years */
	*ms = (json_int_t)strtoll(s, NULL, 10);
	return 0;
}

static int parse_int(const char *s, json_int_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	end += strspn(end, " \t\r\n");
	if (end == s || *end != '\0' || errno != 0 || v < -2147483648LL ||
	    v > 2147483647LL)
		return -1;
	*out = (json_int_t)v;
	return 0;
}

static int parse_bool(const char *s, json_int_t *out)
{
	static const char *const words[] = {"false", "0", "no",
	                                    "true",  "1", "yes"};
	int i = find(words, ARRAY_SIZE(words), s);

	if (i == -1)
		return -1;
	*out = i >= 3;
	return 0;
}

/*
 * The number of field f: a member's integer, or a variable's text through
 * parse (an invalid one is left out, with a note for DEBUG=1).  1 when set.
 */
static int number(struct event *ev, const struct value *view, enum field f,
                  int (*parse)(const char *, json_int_t *), json_int_t *n)
{
	char buf[SHOWN_MAX + 1];

	if (view[f].json != NULL) {
		*n = json_integer_value(view[f].json);
		return 1;
	}
	if (view[f].text == NULL)
		return 0;
	if (parse(view[f].text, n) == 0)
		return 1;
	error_note(ev->debug_warning, sizeof(ev->debug_warning),
	           "invalid %s '%s': ignored", fields[f].env[0],
	           utf8_shown(view[f].text, buf, sizeof(buf)));
	return 0;
}

/* *dst = s cut to max bytes (NULL s: nothing); -1 when out of memory. */
static int take(char **dst, const char *s, size_t max)
{
	if (s == NULL)
		return 0;
	*dst = utf8_cut(s, max);
	return *dst == NULL ? -1 : 0;
}

static int set_text(json_t *d, const char *key, const char *s, size_t max)
{
	char *v = NULL;
	int ret = take(&v, s, max);

	if (ret == 0 && v != NULL)
		ret = json_object_set_new(d, key, json_string(v));
	free(v);
	return ret;
}

/* The command's name, and with CODEX_ANALYTICS_LOG_ARGS=1 its arguments. */
static int put_command(json_t *d, const struct value *command)
{
	const char *log_args = getenv("CODEX_ANALYTICS_LOG_ARGS");
	char *text = command->json != NULL
	                 ? json_dumps(command->json, JSON_COMPACT)
	                 : strdup(command->text != NULL ? command->text : "");
	char name[FIELD_MAX + 1];
	json_t *argv;
	int ret = -1;

	if (text == NULL)
		goto out;
	event_command_name(text, name, sizeof(name));
	if (json_object_set_new(d, "command", json_string(name)) == -1)
		goto out;
	if (log_args != NULL && strcmp(log_args, "1") == 0 && *text != '\0') {
		argv = argv_new(text);
		if (argv == NULL || json_object_set_new(d, "argv", argv) == -1)
			goto out;
	}
	ret = 0;
out:
	free(text);
	return ret;
}

/* Field f of the view into the data d; absent values are left out. */
static int put(struct event *ev, json_t *d, const struct value *view,
               enum field f)
{
	const char *s = view[f].text;
	json_int_t n;

	switch (f) {
	case F_TASK_ID:
		return set_text(d, "task_id", s, FIELD_MAX);
	case F_TOOL:
		return set_text(d, "tool", s, FIELD_MAX);
	case F_ERROR:
		return set_text(d, "error", s, TEXT_MAX);
	case F_CONTEXT:
		return set_text(d, "context", s, TEXT_MAX);
	case F_PROMPT: /* counted, never kept */
		if (s == NULL)
			return 0;
		return json_object_set_new(
		    d, "prompt_chars", json_integer((json_int_t)utf8_chars(s)));
	case F_SUCCESS:
		if (!number(ev, view, f, parse_bool, &n))
			return 0;
		return json_object_set_new(d, "success", json_boolean(n));
	case F_TOOL_USE_ID:
		return set_text(d, "tool_use_id", s, FIELD_MAX);
	case F_DURATION:
		if (!number(ev, view, f, parse_ms, &n) || n < 0)
			return 0;
		return json_object_set_new(d, "duration", json_integer(n));
	case F_EXIT_CODE:
		if (!number(ev, view, f, parse_int, &n))
			return 0;
		return json_object_set_new(d, "exit_code", json_integer(n));
	case F_STATUS:
		if (view[f].json != NULL)
			return json_object_set_new(
			    d, "status",
			    json_integer(json_integer_value(view[f].json)));
		return set_text(d, "status", s, PROVIDER_MAX);
	case F_COMMAND:
		return put_command(d, &view[f]);
	default:
		return 0;
	}
}

/* "Exit code 2\n...": Claude Code's text for a failed Bash tool. */
static int exit_code_prefix(const char *text, json_int_t *code)
{
	char num[16];
	size_t n = 0;

	if (text == NULL || strncmp(text, "Exit code ", 10) != 0)
		return 0;
	text += 10;
	if (*text == '-')
		num[n++] = *text++;
	while (*text >= '0' && *text <= '9' && n < sizeof(num) - 1)
		num[n++] = *text++;
	num[n] = '\0';
	return parse_int(num, code) == 0;
}

/*
 * A failed tool's error is "Exit code N" or "tool failed", never its text
 * (its output); the tool is the context, a shell tool's command named.
 */
static int put_failure(struct event *ev, json_t *d, const struct value *view)
{
	char text[32] = "tool failed";
	json_int_t code;
	int known = number(ev, view, F_EXIT_CODE, parse_int, &code) ||
	            exit_code_prefix(view[F_ERROR].text, &code);

	if (known)
		snprintf(text, sizeof(text), "Exit code %" JSON_INTEGER_FORMAT,
		         code);
	if (set_text(d, "error", text, TEXT_MAX) == -1 ||
	    put(ev, d, view, F_CONTEXT) == -1 ||
	    (event_is_shell_tool(view[F_TOOL].text) &&
	     put(ev, d, view, F_COMMAND) == -1) ||
	    (known &&
	     json_object_set_new(d, "exit_code", json_integer(code)) == -1))
		return -1;
	return put(ev, d, view, F_TOOL_USE_ID) == -1 ||
	               put(ev, d, view, F_DURATION) == -1
	           ? -1
	           : 0;
}

/* docs/design.md §5: the data of each type, its keys in this order. */
static const struct {
	const char *type;
	enum field keys[5];
} data_of[] = {
    {"session_end", {F_DURATION}},
    {"task_start", {F_TASK_ID, F_PROMPT}},
    {"task_complete", {F_TASK_ID, F_SUCCESS, F_DURATION}},
    {"command_start", {F_COMMAND, F_TOOL, F_TOOL_USE_ID}},
    {"command_end",
     {F_COMMAND, F_EXIT_CODE, F_DURATION, F_TOOL, F_TOOL_USE_ID}},
    {"tool_use", {F_TOOL, F_TOOL_USE_ID}},
    {"tool_end", {F_TOOL, F_TOOL_USE_ID, F_DURATION}},
    {"error", {F_ERROR, F_CONTEXT}},
    {"model_response", {F_STATUS}},
};

/*
 * A PostToolUseFailure is one by whichever channel names the event, or by
 * stdin's own name when the environment renames it: stdin's error is
 * then tool output whatever the event is called.
 */
static int is_failure(const char *name)
{
	return name != NULL && strcasecmp(name, "PostToolUseFailure") == 0;
}

static int build_data(struct event *ev, const struct value *view)
{
	size_t i, k;

	ev->data = json_object();
	if (ev->data == NULL)
		return -1;
	if (strcmp(ev->type, "error") == 0 &&
	    (is_failure(view[F_TYPE].text) || is_failure(view[F_HOOK].text)))
		return put_failure(ev, ev->data, view);
	for (i = 0; i < ARRAY_SIZE(data_of); i++) {
		if (strcmp(ev->type, data_of[i].type) != 0)
			continue;
		for (k = 0; k < ARRAY_SIZE(data_of[i].keys) &&
		            data_of[i].keys[k] != F_NONE;
		     k++) {
			if (put(ev, ev->data, view, data_of[i].keys[k]) == -1)
				return -1;
		}
	}
	return 0;
}

static void set_time(struct event *ev, const char *v)
{
	char buf[SHOWN_MAX + 1];

	if (v == NULL || time_parse_rfc3339(v, &ev->time_ms) == -1) {
		if (v != NULL)
			error_note(
			    ev->debug_warning, sizeof(ev->debug_warning),
			    "invalid CODEX_TIMESTAMP '%s': using the time now",
			    utf8_shown(v, buf, sizeof(buf)));
		ev->time_ms = time_now_ms();
	}
	time_format_utc(ev->time_ms, ev->timestamp);
}

/*
 * No channel names the session: Claude Code's variable may, else the
 * agent process does, so that every hook of one agent run agrees.  Where
 * that cannot be found (another OS), all such events share "unknown".
 */
static int set_session(struct event *ev, const char *id)
{
	struct platform_process agent;
	char own[64] = "unknown";

	if (id == NULL)
		id = env("CLAUDE_CODE_SESSION_ID");
	if (id == NULL && platform_agent(&agent) == 0)
		snprintf(own, sizeof(own), "agent-%ld-%llu", (long)agent.pid,
		         (unsigned long long)agent.start_ticks);
	return take(&ev->session_id, id != NULL ? id : own, FIELD_MAX);
}

/* The model, cleaned; the provider as named, else of the model. */
static int set_model(struct event *ev, const char *model, const char *provider)
{
	char *clean = NULL;
	int ret = 0;

	if (model != NULL && (clean = event_model_clean(model)) == NULL)
		return -1;
	if (clean != NULL && *clean != '\0')
		ret = take(&ev->model, clean, FIELD_MAX);
	free(clean);
	if (ret == -1)
		return -1;
	if (provider != NULL)
		return take(&ev->provider, provider, PROVIDER_MAX);
	if (ev->model != NULL &&
	    (ev->provider = provider_new(ev->model)) == NULL)
		return -1;
	return 0;
}

/* Codex's PostModelRequest token_usage, its integer counts only. */
static int set_token_usage(struct event *ev, const json_t *usage)
{
	const json_t *v;

	if (usage == NULL)
		return 0;
	ev->token_usage = json_object();
	if (ev->token_usage == NULL)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(token_keys); i++) {
		v = json_object_get(usage, token_keys[i]);
		if (json_is_integer(v) &&
		    json_object_set_new(ev->token_usage, token_keys[i],
		                        json_integer(json_integer_value(v))))
			return -1;
	}
	return 0;
}

static int set_fields(struct event *ev, struct value *view)
{
	const char *name = view[F_TYPE].text;
	const char *type = event_normalise_type(name, view[F_TOOL].text);

	/* patch_before, mcp_tool_after...: the name says the tool */
	if (type != NULL && strncmp(type, "tool_", 5) == 0) {
		if (strncasecmp(name, "patch_", 6) == 0)
			view[F_TOOL].text = "apply_patch";
		else if (strncasecmp(name, "mcp_tool_", 9) == 0)
			view[F_TOOL].text = "mcp";
	}
	set_time(ev, view[F_TIME].text);
	if (take(&ev->type, type != NULL ? type : view[F_TYPE].text,
	         TYPE_MAX) == -1 ||
	    set_session(ev, view[F_SESSION].text) == -1 ||
	    set_model(ev, view[F_MODEL].text, view[F_PROVIDER].text) == -1 ||
	    set_token_usage(ev, view[F_TOKENS].json) == -1)
		return -1;
	if (view[F_CWD].text != NULL &&
	    (ev->cwd = strdup(view[F_CWD].text)) == NULL)
		return -1;
	if (view[F_TRANSCRIPT].text != NULL &&
	    (ev->transcript_path = strdup(view[F_TRANSCRIPT].text)) == NULL)
		return -1;
	return build_data(ev, view);
}

/*
 * The agent that ran the hook, when it can be told: only Codex names its
 * transcripts "rollout-…" and runs notify; Claude Code sets CLAUDECODE=1
 * in its hooks' environment; Codex installed by npm sets
 * CODEX_MANAGED_BY_NPM in its own.
 */
static const char *agent_of(const struct event *ev)
{
	const char *t = ev->transcript_path, *base, *v;

	base = t != NULL && strrchr(t, '/') != NULL ? strrchr(t, '/') + 1 : t;
	if ((base != NULL && strncmp(base, "rollout-", 8) == 0) ||
	    strcmp(ev->source, "notify") == 0)
		return "codex";
	if ((v = getenv("CLAUDECODE")) != NULL && strcmp(v, "1") == 0)
		return "claude";
	return getenv("CODEX_MANAGED_BY_NPM") != NULL ? "codex" : NULL;
}

int event_parse(struct event *ev, const struct event_input *in,
                struct error *err)
{
	struct channel std = {.name = "stdin", .others = "arguments", .in = 1};
	struct channel notify = {.name = "the notify argument",
	                         .others = "stdin"};
	struct value view[F_COUNT] = {{0}};
	const struct channel *bad;
	char buf[96];
	int ret = -1, saved;

	memset(ev, 0, sizeof(*ev));
	if (in != NULL && in->stdin_buf != NULL &&
	    skip_ws(in->stdin_buf, in->stdin_len, 0) < in->stdin_len)
		read_channel(&std, in->stdin_buf, in->stdin_len,
		             in->stdin_truncated);
	if (in != NULL && in->notify_json != NULL)
		read_channel(&notify, in->notify_json, strlen(in->notify_json),
		             0);
	merge(view, std.obj, notify.obj);
	if (view[F_TYPE].text == NULL) {
		bad = std.bad ? &std : notify.bad ? &notify : NULL;
		if (bad != NULL)
			error_set(err, 0,
			          "%s and no event type is in the environment "
			          "or %s",
			          not_object(bad, buf, sizeof(buf)),
			          bad->others);
		else
			error_set(err, 0,
			          "no event type in the environment, stdin or "
			          "arguments");
		errno = EINVAL;
		goto out;
	}
	if (json_object_size(std.obj) > 0)
		ev->source = "stdin";
	else if (notify.obj != NULL)
		ev->source = "notify";
	else
		ev->source = "env";
	set_warnings(ev, &std);
	set_warnings(ev, &notify);
	if (set_fields(ev, view) == -1) {
		error_set(err, ENOMEM, "cannot read the event");
		errno = ENOMEM;
		goto out;
	}
	ev->agent = agent_of(ev);
	ret = 0;
out:
	saved = errno;
	if (ret == -1)
		event_free(ev);
	json_decref(std.obj);
	json_decref(notify.obj);
	errno = saved;
	return ret;
}

void event_free(struct event *ev)
{
	free(ev->type);
	free(ev->session_id);
	free(ev->model);
	free(ev->provider);
	free(ev->cwd);
	free(ev->transcript_path);
	free(ev->project);
	json_decref(ev->data);
	json_decref(ev->token_usage);
	memset(ev, 0, sizeof(*ev));
}

json_t *event_record_new(const struct event *ev)
{
	const char *model = ev->model != NULL ? ev->model : "unknown";
	const char *provider = ev->provider != NULL ? ev->provider : "unknown";
	json_t *data = json_copy(ev->data);

	if (data != NULL && strcmp(ev->type, "session_start") == 0 &&
	    json_object_update_new(data, json_pack("{s:s, s:s}", "model", model,
	                                           "provider", provider)) ==
	        -1) {
		json_decref(data);
		return NULL;
	}
	/* "s*": the project only when there is one (docs/design.md §5b) */
	return json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s*, s:o}", "type",
	                 ev->type, "session_id", ev->session_id, "timestamp",
	                 ev->timestamp, "source", ev->source, "agent",
	                 ev->agent, "project", ev->project, "data", data);
}
