/*
 * fuzz_event: event parsing from all three channels at once.
 *
 * Input: "ENV\0STDIN\0ARGS".  ENV is KEY=VALUE lines (only CODEX_*,
 * CLAUDE_CODE_* and DEBUG are set; a line "@truncated" marks stdin as cut
 * at the size cap); STDIN is the payload; ARGS is the command line, one
 * argument a line, as cli_parse() sees it (a JSON object is Codex notify's).
 *
 * The event goes through what cli_read_event() does after reading stdin:
 * event_parse(), then project_name_event() (CODEX_WORKDIR names the
 * directory).  Invariants beyond "no crash, no leak": a parsed event
 * always makes a log record, and the record is small and valid UTF-8 JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "event.h"
#include "project.h"

#define MAX_VARS 64
#define MAX_ARGS 16
#define RECORD_MAX 65536

static char *set_names[MAX_VARS];
static size_t n_set;

static int allowed(const char *name)
{
	return strncmp(name, "CODEX_", 6) == 0 ||
	       strncmp(name, "CLAUDE_CODE_", 12) == 0 ||
	       strcmp(name, "DEBUG") == 0;
}

static void clear_env(void)
{
	for (size_t i = 0; i < n_set; i++) {
		unsetenv(set_names[i]);
		free(set_names[i]);
	}
	n_set = 0;
}

/* One part of the input, NUL-terminated; *p moves past its NUL. */
static char *part(const uint8_t **p, const uint8_t *end, size_t *len)
{
	const uint8_t *nul = memchr(*p, '\0', (size_t)(end - *p));
	size_t n = nul != NULL ? (size_t)(nul - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*len = n;
	*p = nul != NULL ? nul + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	size_t env_len, stdin_len, args_len;
	char *env = part(&p, end, &env_len);
	char *in = part(&p, end, &stdin_len);
	char *args = part(&p, end, &args_len);
	char *argv[MAX_ARGS + 2] = {"fuzz_event"};
	int argc = 1, truncated = 0;
	struct event_input ein = {0};
	struct cli_options o;
	struct error err = {0};
	struct event ev;
	char *line, *save = NULL;

	clear_env();
	for (line = strtok_r(env, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (strcmp(line, "@truncated") == 0)
			truncated = 1;
		if (eq == NULL || n_set == MAX_VARS)
			continue;
		*eq = '\0';
		if (allowed(line) && setenv(line, eq + 1, 1) == 0)
			set_names[n_set++] = strdup(line);
	}
	save = NULL;
	for (line = strtok_r(args, "\n", &save);
	     line != NULL && argc <= MAX_ARGS;
	     line = strtok_r(NULL, "\n", &save))
		argv[argc++] = line;
	argv[argc] = NULL;
	if (cli_parse(argc, argv, &o, &err) == 0 && o.mode == CLI_HOOK) {
		ein.stdin_buf = stdin_len > 0 ? in : NULL;
		ein.stdin_len = stdin_len;
		ein.stdin_truncated = truncated;
		ein.notify_json = o.notify_json;
		if (event_parse(&ev, &ein, &err) == 0) {
			json_t *rec = project_name_event(&ev) == 0
			                  ? event_record_new(&ev)
			                  : NULL;
			char *text =
			    rec != NULL ? json_dumps(rec, JSON_COMPACT) : NULL;

			/* a parsed event is always recordable, and small */
			if (text == NULL || strlen(text) > RECORD_MAX)
				abort();
			free(text);
			json_decref(rec);
			event_free(&ev);
		}
	}
	free(env);
	free(in);
	free(args);
	return 0;
}
