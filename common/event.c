/*
 * Rules of this file (docs/design.md §2):
 * - Channels, strongest first: the CODEX_* environment variables, the JSON
 *   object on stdin, the notify argument.  An empty variable, and an empty
 *   string in a payload, count as absent.
 * - source is "stdin" whenever stdin gave a non-empty object, even when the
 *   environment overrides every field; "notify" for the notify argument;
 *   else "env".
 * - Privacy: the prompt is only counted (code points); a command is kept as
 *   its name unless CODEX_ANALYTICS_LOG_ARGS=1; an agent's own error text
 *   and context are cut to 256 bytes of valid UTF-8.  Every other string an
 *   agent hands us (ids, names, an unknown event type) is cut too, to
 *   FIELD_MAX or TYPE_MAX bytes, so that no payload can bloat the logs or
 *   the name-keyed maps.  Tool output, file contents and messages are never
 *   copied: tool_response is read only for an integer exit code, and a
 *   failed tool's error, which is its output (Claude Code writes "Exit code
 *   N" and then what the command printed, a `cat .env` included), gives its
 *   exit code and nothing of its text.
 * - A payload cut short, at the size cap or the read deadline (input.h),
 *   does not parse.  Its first members usually do: hook_event_name,
 *   session_id, cwd and transcript_path come before the large tool_input
 *   and tool_response.  So a truncated payload is salvaged:
 *   the top-level members whose values end before the cut are parsed one by
 *   one, and the first incomplete member ends the scan.  The same is done
 *   for well-formed JSON that jansson will not load: an integer past 64
 *   bits, nesting deeper than its limit, invalid UTF-8 (tool output carries
 *   all of these); a member that does not load is left out.  "\u0000" in a
 *   string is accepted (JSON_ALLOW_NUL): tool output has NUL bytes.  The
 *   notify argument, whose last-assistant-message is the agent's reply, is
 *   read the same way when jansson will not load it.  Any other unparseable
 *   payload is set aside with a warning (the event then needs
 *   CODEX_EVENT_TYPE or another channel's event type).
 * - Timestamps come from CODEX_TIMESTAMP only; missing or invalid, the
 *   current time is used.
 */
#include "event.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform.h"

#define TEXT_MAX 256      /* error text and context (docs/design.md §2) */
#define FIELD_MAX 128     /* ids, model, tool and command names */
#define TYPE_MAX 64       /* an event name the table does not know */
#define PROVIDER_MAX 64
#define ARG_MAX_BYTES 1024 /* each argument kept with LOG_ARGS=1 */
#define ARGS_MAX 128       /* arguments kept with LOG_ARGS=1 */
#define WORDS_MAX 64       /* words of a command looked at for its name */
#define WRAP_DEPTH 4       /* nested "sh -c" unwrapped */
#define SHOWN_MAX 48       /* bytes of a bad value quoted in a warning */

struct channels {
	json_t *in;        /* the stdin object, or NULL */
	json_t *notify;    /* the notify object, or NULL */
	int stdin_bad;     /* stdin held bytes that gave no object */
	int salvaged;      /* salvaged: 1 from a cut payload, 2 from one
	                    * jansson would not load */
	char why[80];      /* why it would not load (salvaged == 2) */
	int notify_bad;
	char notify_why[80]; /* why notify would not load, when salvaged */
	int line, column;  /* where stdin stopped parsing */
};

static const struct {
	const char *name;
	const char *type;
} type_names[] = {
	{"session_start", "session_start"},
	{"SessionStart", "session_start"},
	{"session_end", "session_end"},
	{"SessionEnd", "session_end"},
	{"task_start", "task_start"},
	{"UserPromptSubmit", "task_start"},
	{"task_complete", "task_complete"},
	{"task_end", "task_complete"},
	{"Stop", "task_complete"},
	{"agent-turn-complete", "task_complete"},
	{"command_start", "command_start"},
	{"exec_before", "command_start"},
	{"exec.before", "command_start"},
	{"command_end", "command_end"},
	{"command_complete", "command_end"},
	{"exec_after", "command_end"},
	{"exec.after", "command_end"},
	{"tool_use", "tool_use"},
	{"patch_before", "tool_use"},
	{"mcp_tool_before", "tool_use"},
	{"tool_end", "tool_end"},
	{"patch_after", "tool_end"},
	{"mcp_tool_after", "tool_end"},
	{"model_request", "model_request"},
	{"PreModelRequest", "model_request"},
	{"model_response", "model_response"},
	{"PostModelRequest", "model_response"},
	{"error", "error"},
	{"error_occurred", "error"},
	{"error.occurred", "error"},
	{"task_error", "error"},
	{"PostToolUseFailure", "error"},
};

static const char *const shell_tools[] = {
	"Bash", "shell", "exec_command", "local_shell", "shell_command",
};

/* Shells whose "-c SCRIPT" is unwrapped to the script's first command. */
static const char *const wrappers[] = {"bash", "sh", "zsh", "dash"};

/* The token counts of Codex's PostModelRequest kept in ev->token_usage. */
static const char *const token_keys[] = {
	"input_tokens",	 "cached_input_tokens",	    "cache_write_input_tokens",
	"output_tokens", "reasoning_output_tokens", "total_tokens",
};

/*
 * The stdin members this file reads: a salvaged payload parses only these
 * (keep in step with the str() and json_object_get() calls on ch->in).
 */
static const char *const stdin_keys[] = {
	"hook_event_name", "session_id", "cwd", "transcript_path", "model",
	"tool_name", "tool_input", "tool_response", "prompt", "error",
	"turn_id", "status", "token_usage",
};

/* The notify members this file reads (ch->notify), likewise. */
static const char *const notify_keys[] = {"type", "thread-id", "turn-id",
					  "cwd"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 ---- */

/*
 * Length (1-4) of the well-formed UTF-8 character at s, with its code point
 * in *cp; 0 for an invalid byte (overlong forms, surrogates and code points
 * past U+10FFFF included).  Never reads past a NUL.
 */
static int utf8_char(const unsigned char *s, unsigned long *cp)
{
	unsigned long c = s[0];
	int n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* event_cut_utf8() into out (max + 1 bytes); returns the length written. */
static size_t cut_into(const char *s, size_t max, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t len = 0;
	int n;

	while (*p != '\0') {
		n = utf8_char(p, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0)) {
			/* an invalid byte, or a control character */
			if (len + 1 > max)
				break;
			out[len++] = '?';
			p += n == 0 ? 1 : n;
			continue;
		}
		if (len + (size_t)n > max)
			break;
		memcpy(out + len, p, (size_t)n);
		len += (size_t)n;
		p += n;
	}
	out[len] = '\0';
	return len;
}

char *event_cut_utf8(const char *s, size_t max)
{
	size_t len;
	char *out;

	if (s == NULL) {
		errno = EINVAL;
		return NULL;
	}
	len = strlen(s);
	out = malloc((len < max ? len : max) + 1);
	if (out != NULL)
		cut_into(s, len < max ? len : max, out);
	return out;
}

size_t event_utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t count = 0;
	int n;

	while (*p != '\0') {
		n = utf8_char(p, &cp);
		p += n == 0 ? 1 : n;
		count++;
	}
	return count;
}

/* ---- names ---- */

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
	for (i = 0; i < COUNT(type_names); i++) {
		if (strcasecmp(name, type_names[i].name) == 0)
			return type_names[i].type;
	}
	return NULL;
}

int event_is_shell_tool(const char *tool_name)
{
	size_t i;

	if (tool_name == NULL)
		return 0;
	for (i = 0; i < COUNT(shell_tools); i++) {
		if (strcasecmp(tool_name, shell_tools[i]) == 0)
			return 1;
	}
	return 0;
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
	char *out;

	if (model == NULL) {
		errno = EINVAL;
		return NULL;
	}
	start = model;
	while (*start == ' ' || *start == '\t')
		start++;
	end = trim_end(start, start + strlen(start));
	/* "claude-opus-4-8[1m]": the bracketed variant names no other model */
	if (end > start && end[-1] == ']') {
		for (open = end - 1; open > start && *open != '['; open--)
			;
		if (*open == '[' && open > start)
			end = trim_end(start, open);
	}
	out = malloc((size_t)(end - start) + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\0';
	return out;
}

static int contains_nocase(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, word, n) == 0)
			return 1;
	}
	return 0;
}

static const char *provider_of_name(const char *name)
{
	if (strncasecmp(name, "gpt-", 4) == 0 || contains_nocase(name, "codex"))
		return "openai";
	/* o1, o3, o4 as a whole name or before '-' (o3-mini, o4-mini-high) */
	if ((name[0] == 'o' || name[0] == 'O') &&
	    (name[1] == '1' || name[1] == '3' || name[1] == '4') &&
	    (name[2] == '\0' || name[2] == '-'))
		return "openai";
	if (contains_nocase(name, "claude"))
		return "anthropic";
	if (contains_nocase(name, "gemini"))
		return "google";
	return "unknown";
}

/*
 * A known "provider/" prefix names the provider; any other prefix (an
 * aggregator, "models/") is looked through to the name after the last '/'.
 * event_parse() itself keeps an unknown prefix as the provider (see
 * provider_new()); this function can only return static strings.
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
		for (i = 0; i < COUNT(known); i++) {
			if ((size_t)(slash - model) == strlen(known[i]) &&
			    strncasecmp(model, known[i], strlen(known[i])) == 0)
				return known[i];
		}
		model = strrchr(model, '/') + 1;
	}
	return provider_of_name(model);
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
 * The next token of a shell command line at *pp: a word with its quotes and
 * escapes removed into word, or an operator into op (NUL-terminated).  A word
 * is never longer than the text it came from, so word needs strlen(*pp) + 1
 * bytes.  A comment is skipped.  Good enough to find a command's name; not a
 * shell.
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
		if (*s == '#') {
			while (*s != '\0' && *s != '\n')
				s++;
		}
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

static int is_name_char(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9');
}

/* "VAR=value": a variable set for one command. */
static int is_assignment(const char *w)
{
	const char *p = w;

	if (!is_name_char(*p) || (*p >= '0' && *p <= '9'))
		return 0;
	while (is_name_char(*p))
		p++;
	return *p == '=';
}

static int is_wrapper(const char *name)
{
	size_t i;

	for (i = 0; i < COUNT(wrappers); i++) {
		if (strcmp(name, wrappers[i]) == 0)
			return 1;
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

static void set_unknown(char *out, size_t len)
{
	cut_into("unknown", len - 1, out);
}

static void name_from_script(const char *script, char *out, size_t len,
			     int depth);

/*
 * The name of one simple command's words: VAR=value prefixes skipped, the
 * basename of the first word, and "bash -lc SCRIPT" (any option cluster
 * with a 'c') looked through to the script.
 */
static void name_from_words(const char **words, size_t n, char *out,
			    size_t len, int depth)
{
	const char *name;
	size_t i = 0, j;

	while (i < n && is_assignment(words[i]))
		i++;
	if (i == n) {
		set_unknown(out, len);
		return;
	}
	name = base_name(words[i]);
	for (j = i + 1; depth < WRAP_DEPTH && is_wrapper(name) && j < n; j++) {
		if (words[j][0] != '-' || words[j][1] == '\0')
			break; /* "bash script.sh": the name is bash */
		if (words[j][1] != '-' && strchr(words[j] + 1, 'c') != NULL &&
		    j + 1 < n) {
			name_from_script(words[j + 1], out, len, depth + 1);
			return;
		}
	}
	if (cut_into(name, len - 1, out) == 0)
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
	const char *p = command;
	json_t *a;

	while (is_blank(*p) || *p == '\n')
		p++;
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
	s = event_cut_utf8(arg, ARG_MAX_BYTES);
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

	if (!bad && a != NULL) {
		for (i = 0; i < json_array_size(a) && !bad; i++) {
			const char *s = json_string_value(json_array_get(a, i));

			if (s != NULL)
				bad = append_arg(argv, s) == -1;
		}
	} else if (!bad) {
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

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* A non-empty string member of obj (NULL obj allowed), else NULL. */
static const char *str(const json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v != NULL && *v != '\0' ? v : NULL;
}

static const char *first(const char *a, const char *b)
{
	return a != NULL ? a : b;
}

static size_t skip_ws(const char *buf, size_t len, size_t i)
{
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
			   buf[i] == '\n'))
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
			if (buf[i] == ',' || buf[i] == '}' || buf[i] == ']' ||
			    buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
			    buf[i] == '\n')
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

static int wanted(const char *key, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(key, keys[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * The members of a payload cut short whose values end before the cut (see
 * the rules at the top), of the n keys this file reads.  Linear in len;
 * never NULL unless out of memory.  Hand-written because jansson reads
 * whole values only: this finds where each member ends, jansson reads it.
 */
static json_t *salvage(const char *buf, size_t len, const char *const *keys,
		       size_t n)
{
	json_t *obj = json_object();
	json_t *key = NULL, *val;
	size_t i = skip_ws(buf, len, 0), end;

	if (obj == NULL || i >= len || buf[i] != '{')
		goto out;
	i = skip_ws(buf, len, i + 1);
	while (i < len && buf[i] == '"') {
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
		if (wanted(json_string_value(key), keys, n)) {
			/* a value that does not load is left out */
			val =
			    json_loadb(buf + i, end - i,
			               JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
			if (val != NULL &&
			    json_object_set_new(obj, json_string_value(key),
			                        val) == -1)
				break;
		}
		json_decref(key);
		key = NULL;
		i = skip_ws(buf, len, end);
		if (i >= len || buf[i] != ',')
			break;
		i = skip_ws(buf, len, i + 1);
	}
out:
	json_decref(key);
	return obj;
}

static int blank(const char *buf, size_t len)
{
	return skip_ws(buf, len, 0) == len;
}

/* Well-formed JSON that jansson refuses to load (see the rules above). */
static int unloadable(const json_error_t *jerr)
{
	switch (json_error_code(jerr)) {
	case json_error_numeric_overflow:
	case json_error_stack_overflow:
	case json_error_invalid_utf8:
		return 1;
	default:
		return 0;
	}
}

static void read_stdin(struct channels *ch, const struct event_input *in)
{
	json_error_t jerr;
	json_t *v;

	if (in->stdin_buf == NULL || blank(in->stdin_buf, in->stdin_len))
		return;
	/* Claude Code's trailing newline, or bytes after the value: ignored */
	v = json_loadb(in->stdin_buf, in->stdin_len,
	               JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &jerr);
	if (v == NULL && (in->stdin_truncated || unloadable(&jerr))) {
		v = salvage(in->stdin_buf, in->stdin_len, stdin_keys,
			    COUNT(stdin_keys));
		if (json_object_size(v) == 0) {
			json_decref(v);
			v = NULL;
		}
		if (v != NULL && !in->stdin_truncated)
			snprintf(ch->why, sizeof(ch->why), "%.70s", jerr.text);
		ch->salvaged = v == NULL ? 0 : in->stdin_truncated ? 1 : 2;
	}
	if (!json_is_object(v)) {
		ch->stdin_bad = 1;
		ch->line = v == NULL ? jerr.line : 1;
		ch->column = v == NULL ? jerr.column : 1;
		json_decref(v);
		return;
	}
	ch->in = v;
}

static void read_notify(struct channels *ch, const struct event_input *in)
{
	json_error_t jerr;
	json_t *v;

	if (in->notify_json == NULL)
		return;
	v = json_loads(in->notify_json, JSON_ALLOW_NUL, &jerr);
	if (v == NULL && unloadable(&jerr)) {
		/* The reply it quotes is the agent's text: read what loads. */
		v = salvage(in->notify_json, strlen(in->notify_json),
			    notify_keys, COUNT(notify_keys));
		if (json_object_size(v) == 0) {
			json_decref(v);
			v = NULL;
		}
		if (v != NULL)
			snprintf(ch->notify_why, sizeof(ch->notify_why), "%.70s",
				 jerr.text);
	}
	if (!json_is_object(v)) {
		ch->notify_bad = 1;
		json_decref(v);
		return;
	}
	ch->notify = v;
}

/* Add a sentence to a warning slot, keeping the ones already there. */
static void note(char *slot, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(char *slot, size_t size, const char *fmt, ...)
{
	size_t used = strlen(slot);
	va_list ap;

	if (used > 0 && used + 2 < size) {
		memcpy(slot + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(slot + used, size - used, fmt, ap);
	va_end(ap);
}

/* A bad value as it may be quoted in a warning: short and printable. */
static const char *shown(const char *v, char buf[SHOWN_MAX + 1])
{
	cut_into(v, SHOWN_MAX, buf);
	return buf;
}

/* "1234" or "1234.5" milliseconds, truncated; -1 for anything else. */
static int parse_duration(const char *s, json_int_t *ms)
{
	json_int_t v = 0;
	int n = 0;

	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 15)
			return -1; /* past 31,000 years */
		v = v * 10 + (*s - '0');
	}
	if (n == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s != '\0')
		return -1;
	*ms = v;
	return 0;
}

static int parse_int(const char *s, json_int_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	while (is_blank(*end) || *end == '\n')
		end++;
	if (end == s || *end != '\0' || errno != 0 || v < -2147483648LL ||
	    v > 2147483647LL)
		return -1;
	*out = (json_int_t)v;
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
	    strcasecmp(s, "yes") == 0)
		*out = 1;
	else if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
		 strcasecmp(s, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* ---- the event ---- */

/* *dst = s cut to max bytes (NULL s: nothing); -1 when out of memory. */
static int take(char **dst, const char *s, size_t max)
{
	if (s == NULL)
		return 0;
	*dst = event_cut_utf8(s, max);
	return *dst == NULL ? -1 : 0;
}

static int set_string(json_t *d, const char *key, const char *s, size_t max)
{
	char *v;
	int ret;

	if (s == NULL)
		return 0;
	v = event_cut_utf8(s, max);
	if (v == NULL)
		return -1;
	ret = json_object_set_new(d, key, json_string(v));
	free(v);
	return ret;
}

static int set_type(struct event *ev, const struct channels *ch,
		    const char *name)
{
	const char *type = event_normalise_type(name, str(ch->in, "tool_name"));

	return take(&ev->type, type != NULL ? type : name, TYPE_MAX);
}

/*
 * No channel names the session: the agent process names it, so that every
 * hook of one agent run agrees.  Where that cannot be found (another OS),
 * all such events share "unknown".
 */
static int set_session(struct event *ev, const struct channels *ch)
{
	struct platform_process agent;
	char id[64];
	const char *v;

	v = first(env("CODEX_SESSION_ID"), str(ch->in, "session_id"));
	v = first(v, first(str(ch->notify, "thread-id"),
			   env("CLAUDE_CODE_SESSION_ID")));
	if (v != NULL)
		return take(&ev->session_id, v, FIELD_MAX);
	if (platform_agent(&agent) == 0)
		snprintf(id, sizeof(id), "agent-%ld-%llu", (long)agent.pid,
			 (unsigned long long)agent.start_ticks);
	else
		snprintf(id, sizeof(id), "unknown");
	return take(&ev->session_id, id, FIELD_MAX);
}

static void set_time(struct event *ev)
{
	const char *v = env("CODEX_TIMESTAMP");
	char buf[SHOWN_MAX + 1];

	if (v == NULL || time_parse_rfc3339(v, &ev->time_ms) == -1) {
		if (v != NULL)
			note(ev->debug_warning, sizeof(ev->debug_warning),
			     "invalid CODEX_TIMESTAMP '%s': using the time now",
			     shown(v, buf));
		ev->time_ms = time_now_ms();
	}
	time_format_utc(ev->time_ms, ev->timestamp);
}

/*
 * The provider of a model no variable names: a "name/" prefix is the
 * provider (openai/gpt-4o, ollama/qwen3) unless it is Google's "models/";
 * else the name tells (event_provider_infer).
 */
static char *provider_new(const char *model)
{
	const char *slash = strchr(model, '/');
	const char *p;
	char *out;
	size_t n;

	if (slash == NULL || slash == model || slash - model > 32 ||
	    strncmp(model, "models/", 7) == 0)
		return strdup(event_provider_infer(model));
	for (p = model; p < slash; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      *p == '.'))
			return strdup(event_provider_infer(model));
	}
	n = (size_t)(slash - model);
	out = malloc(n + 1);
	if (out == NULL)
		return NULL;
	for (p = model; p < slash; p++)
		out[p - model] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	out[n] = '\0';
	return out;
}

static int set_model(struct event *ev, const struct channels *ch)
{
	const json_t *m = json_object_get(ch->in, "model");
	const char *v = env("CODEX_MODEL");
	char *clean;
	int ret;

	/* Claude Code's status line passes {"id","display_name"} */
	if (v == NULL)
		v = json_is_object(m) ? str(m, "id") : str(ch->in, "model");
	if (v != NULL) {
		clean = event_model_clean(v);
		if (clean == NULL)
			return -1;
		ret = *clean != '\0' ? take(&ev->model, clean, FIELD_MAX) : 0;
		free(clean);
		if (ret == -1)
			return -1;
	}
	v = env("CODEX_PROVIDER");
	if (v != NULL)
		return take(&ev->provider, v, PROVIDER_MAX);
	if (ev->model == NULL)
		return 0;
	ev->provider = provider_new(ev->model);
	return ev->provider == NULL ? -1 : 0;
}

static int set_places(struct event *ev, const struct channels *ch)
{
	const char *cwd = first(env("CODEX_WORKDIR"), env("CODEX_WORKING_DIR"));
	const char *t = str(ch->in, "transcript_path");

	cwd = first(cwd, first(str(ch->in, "cwd"), str(ch->notify, "cwd")));
	if (cwd != NULL && (ev->cwd = strdup(cwd)) == NULL)
		return -1;
	if (t != NULL && (ev->transcript_path = strdup(t)) == NULL)
		return -1;
	return 0;
}

/* Codex's PostModelRequest token_usage, its integer counts only. */
static int set_token_usage(struct event *ev, const struct channels *ch)
{
	const json_t *u = json_object_get(ch->in, "token_usage");
	const json_t *v;
	size_t i;

	if (!json_is_object(u))
		return 0;
	ev->token_usage = json_object();
	if (ev->token_usage == NULL)
		return -1;
	for (i = 0; i < COUNT(token_keys); i++) {
		v = json_object_get(u, token_keys[i]);
		if (json_is_integer(v) &&
		    json_object_set_new(ev->token_usage, token_keys[i],
					json_integer(json_integer_value(v))) ==
			    -1)
			return -1;
	}
	return 0;
}

static int put_duration(struct event *ev, json_t *d)
{
	const char *v = env("CODEX_DURATION");
	char buf[SHOWN_MAX + 1];
	json_int_t ms;

	if (v == NULL)
		return 0;
	if (parse_duration(v, &ms) == -1) {
		note(ev->debug_warning, sizeof(ev->debug_warning),
		     "invalid CODEX_DURATION '%s': ignored", shown(v, buf));
		return 0;
	}
	return json_object_set_new(d, "duration", json_integer(ms));
}

static int put_success(struct event *ev, json_t *d)
{
	const char *v = env("CODEX_SUCCESS");
	char buf[SHOWN_MAX + 1];
	int ok;

	if (v == NULL)
		return 0;
	if (parse_bool(v, &ok) == -1) {
		note(ev->debug_warning, sizeof(ev->debug_warning),
		     "invalid CODEX_SUCCESS '%s': ignored", shown(v, buf));
		return 0;
	}
	return json_object_set_new(d, "success", json_boolean(ok));
}

static int put_task_id(json_t *d, const struct channels *ch)
{
	const char *v = first(env("CODEX_TASK_ID"), str(ch->in, "turn_id"));

	return set_string(d, "task_id", first(v, str(ch->notify, "turn-id")),
			  FIELD_MAX);
}

/*
 * CODEX_EXIT_CODE, else an integer exit_code or exitCode in stdin's
 * tool_response; 1 when found.
 */
static int find_exit_code(struct event *ev, const struct channels *ch,
			  json_int_t *code)
{
	const json_t *r = json_object_get(ch->in, "tool_response");
	const char *v = env("CODEX_EXIT_CODE");
	char buf[SHOWN_MAX + 1];
	const json_t *j;

	if (v != NULL) {
		if (parse_int(v, code) == 0)
			return 1;
		note(ev->debug_warning, sizeof(ev->debug_warning),
		     "invalid CODEX_EXIT_CODE '%s': ignored", shown(v, buf));
		return 0;
	}
	j = json_object_get(r, "exit_code");
	if (!json_is_integer(j))
		j = json_object_get(r, "exitCode");
	if (!json_is_integer(j))
		return 0;
	*code = json_integer_value(j);
	return 1;
}

/* CODEX_COMMAND, else stdin tool_input.command (a string or an array). */
static char *command_text_new(const struct channels *ch)
{
	const char *v = env("CODEX_COMMAND");
	const json_t *c;

	if (v != NULL)
		return strdup(v);
	c = json_object_get(json_object_get(ch->in, "tool_input"), "command");
	if (json_is_array(c))
		return json_dumps(c, JSON_COMPACT);
	v = json_string_value(c);
	return strdup(v != NULL ? v : "");
}

static int put_command(json_t *d, const struct channels *ch)
{
	const char *log_args = getenv("CODEX_ANALYTICS_LOG_ARGS");
	char *text = command_text_new(ch);
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

/* CODEX_ERROR, else stdin's error (a string, or an object's message). */
static const char *error_message(const struct channels *ch)
{
	const json_t *e = json_object_get(ch->in, "error");
	const char *text = env("CODEX_ERROR");

	if (text == NULL && json_is_object(e))
		text = str(e, "message");
	else if (text == NULL)
		text = str(ch->in, "error");
	return text;
}

/*
 * PostToolUseFailure, by whichever channel names the event, or by stdin's
 * own name when the environment renames it: stdin's error is then tool
 * output whatever the event is called.
 */
static int tool_failure(const char *name, const struct channels *ch)
{
	const char *hook = str(ch->in, "hook_event_name");

	return strcasecmp(name, "PostToolUseFailure") == 0 ||
	       (hook != NULL && strcasecmp(hook, "PostToolUseFailure") == 0);
}

/*
 * A failed tool: its error text is the tool's output, so the error stored
 * is made here ("Exit code N", or "tool failed" without a code) and never
 * copied.  The tool is the context; a shell tool's command is named too.
 */
static int put_tool_failure(struct event *ev, json_t *d,
			    const struct channels *ch)
{
	const char *tool = str(ch->in, "tool_name");
	char text[32] = "tool failed";
	json_int_t code;
	int known;

	known = find_exit_code(ev, ch, &code) ||
		exit_code_prefix(error_message(ch), &code);
	if (known)
		snprintf(text, sizeof(text), "Exit code %" JSON_INTEGER_FORMAT,
			 code);
	if (set_string(d, "error", text, TEXT_MAX) == -1 ||
	    set_string(d, "context", first(env("CODEX_CONTEXT"), tool),
		       TEXT_MAX) == -1)
		return -1;
	if (event_is_shell_tool(tool) && put_command(d, ch) == -1)
		return -1;
	if (known)
		return json_object_set_new(d, "exit_code", json_integer(code));
	return 0;
}

/* An agent's own error: its text and context, cut. */
static int put_error(struct event *ev, json_t *d, const struct channels *ch,
		     const char *name)
{
	if (tool_failure(name, ch))
		return put_tool_failure(ev, d, ch);
	if (set_string(d, "error", error_message(ch), TEXT_MAX) == -1 ||
	    set_string(d, "context",
		       first(env("CODEX_CONTEXT"), str(ch->in, "tool_name")),
		       TEXT_MAX) == -1)
		return -1;
	return 0;
}

static int put_tool(json_t *d, const struct channels *ch, const char *name)
{
	const char *tool = str(ch->in, "tool_name");

	if (strncasecmp(name, "patch_", 6) == 0)
		tool = "apply_patch";
	else if (strncasecmp(name, "mcp_tool_", 9) == 0)
		tool = "mcp";
	return set_string(d, "tool", tool, FIELD_MAX);
}

/* docs/design.md §5: the data of each type; absent values are left out. */
static int build_data(struct event *ev, const struct channels *ch,
		      const char *name)
{
	const char *t = ev->type;
	const char *prompt = first(env("CODEX_PROMPT"), str(ch->in, "prompt"));
	const json_t *j;
	json_int_t code;
	json_t *d;

	d = ev->data = json_object();
	if (d == NULL)
		return -1;
	if (strcmp(t, "session_end") == 0)
		return put_duration(ev, d);
	if (strcmp(t, "task_start") == 0) {
		if (put_task_id(d, ch) == -1)
			return -1;
		if (prompt == NULL)
			return 0;
		return json_object_set_new(
			d, "prompt_chars",
			json_integer((json_int_t)event_utf8_chars(prompt)));
	}
	if (strcmp(t, "task_complete") == 0) {
		if (put_task_id(d, ch) == -1 || put_success(ev, d) == -1)
			return -1;
		return put_duration(ev, d);
	}
	if (strcmp(t, "command_start") == 0)
		return put_command(d, ch);
	if (strcmp(t, "command_end") == 0) {
		if (put_command(d, ch) == -1)
			return -1;
		if (find_exit_code(ev, ch, &code) &&
		    json_object_set_new(d, "exit_code", json_integer(code)))
			return -1;
		return put_duration(ev, d);
	}
	if (strcmp(t, "tool_use") == 0 || strcmp(t, "tool_end") == 0)
		return put_tool(d, ch, name);
	if (strcmp(t, "error") == 0)
		return put_error(ev, d, ch, name);
	if (strcmp(t, "model_response") == 0) {
		j = json_object_get(ch->in, "status");
		if (!json_is_integer(j))
			return set_string(d, "status", str(ch->in, "status"),
					  PROVIDER_MAX);
		code = json_integer_value(j);
		return json_object_set_new(d, "status", json_integer(code));
	}
	return 0;
}

static void set_warnings(struct event *ev, const struct channels *ch)
{
	if (ch->salvaged == 1)
		note(ev->warning, sizeof(ev->warning),
		     "stdin was cut at the size cap or the read deadline: "
		     "recorded from the fields before the cut");
	if (ch->salvaged == 2)
		note(ev->warning, sizeof(ev->warning),
		     "stdin has a value that cannot be read (%s): recorded "
		     "from the other fields",
		     ch->why);
	if (ch->stdin_bad)
		note(ev->warning, sizeof(ev->warning),
		     "stdin is not a JSON object (line %d, column %d): recorded without it",
		     ch->line, ch->column);
	if (ch->notify_why[0] != '\0')
		note(ev->warning, sizeof(ev->warning),
		     "the notify argument has a value that cannot be read "
		     "(%s): recorded from the other fields",
		     ch->notify_why);
	if (ch->notify_bad)
		note(ev->warning, sizeof(ev->warning),
		     "the notify argument is not a JSON object: recorded without it");
}

int event_parse(struct event *ev, const struct event_input *in,
		struct error *err)
{
	struct channels ch = {0};
	const char *name;
	int ret = -1;
	int saved;

	memset(ev, 0, sizeof(*ev));
	ev->source = "env";
	if (in != NULL) {
		read_stdin(&ch, in);
		read_notify(&ch, in);
	}
	name = first(env("CODEX_EVENT_TYPE"), str(ch.in, "hook_event_name"));
	name = first(name, str(ch.notify, "type"));
	if (name == NULL) {
		if (ch.stdin_bad)
			error_set(err, 0,
				  "stdin is not a JSON object (line %d, column %d) and no event type is in the environment or arguments",
				  ch.line, ch.column);
		else if (ch.notify_bad)
			error_set(err, 0,
				  "the notify argument is not a JSON object and no event type is in the environment or stdin");
		else
			error_set(err, 0,
				  "no event type in the environment, stdin or arguments");
		errno = EINVAL;
		goto out;
	}
	if (json_object_size(ch.in) > 0)
		ev->source = "stdin";
	else if (ch.notify != NULL)
		ev->source = "notify";
	set_warnings(ev, &ch);
	set_time(ev);
	if (set_type(ev, &ch, name) == -1 || set_session(ev, &ch) == -1 ||
	    set_model(ev, &ch) == -1 || set_places(ev, &ch) == -1 ||
	    set_token_usage(ev, &ch) == -1 || build_data(ev, &ch, name) == -1) {
		error_set(err, ENOMEM, "cannot read the event");
		errno = ENOMEM;
		goto out;
	}
	ret = 0;
out:
	saved = errno;
	if (ret == -1)
		event_free(ev);
	json_decref(ch.in);
	json_decref(ch.notify);
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
	json_t *data = json_copy(ev->data);
	int bad = data == NULL;

	if (!bad && strcmp(ev->type, "session_start") == 0) {
		bad |= json_object_set_new(
			data, "model",
			json_string(ev->model != NULL ? ev->model : "unknown"));
		bad |= json_object_set_new(
			data, "provider",
			json_string(ev->provider != NULL ? ev->provider
							 : "unknown"));
	}
	if (bad) {
		json_decref(data);
		return NULL;
	}
	if (ev->project != NULL)
		return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "type",
				 ev->type, "session_id", ev->session_id,
				 "timestamp", ev->timestamp, "source",
				 ev->source, "project", ev->project, "data",
				 data);
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "type", ev->type,
			 "session_id", ev->session_id, "timestamp",
			 ev->timestamp, "source", ev->source, "data", data);
}
