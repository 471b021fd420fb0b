#include "cli.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "input.h"

int cli_read_event(const char *notify_json, struct event *ev, struct error *err)
{
	struct input_options opts;
	struct input in = {0};
	struct event_input ein = {0};
	int ret;

	input_options_default(&opts);
	if (input_read(STDIN_FILENO, &opts, &in, err) == -1)
		return -1;
	ein.stdin_buf = in.buf;
	ein.stdin_len = in.len;
	ein.stdin_truncated = in.truncated;
	ein.notify_json = notify_json;
	ret = event_parse(ev, &ein, err);
	input_release(&in);
	return ret;
}

int cli_debug(void)
{
	const char *v = getenv("DEBUG");

	return v != NULL && strcmp(v, "1") == 0;
}

int cli_color(int fd, enum cli_color_mode mode)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (mode != CLI_COLOR_AUTO)
		return mode == CLI_COLOR_ALWAYS;
	if (no != NULL && *no != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fd);
}

int cli_columns(int fd)
{
	const char *v = getenv("COLUMNS");
	struct winsize ws;
	long n;
	char *end;

	if (v != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end == '\0' && n >= 20 && n <= 1000)
			return (int)n;
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

int cli_utf8(void)
{
	const char *set = nl_langinfo(CODESET);

	return set != NULL && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}
