/*
 * replay: run a fuzz harness over files without libFuzzer, so that every
 * build (sanitizers and valgrind included) runs the seed corpus and the
 * inputs fuzzing once found (regressions/) as plain tests.
 *
 * Usage: replay_HARNESS DIR-OR-FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		if (f != NULL)
			fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *e;
		char path[4096];

		if (stat(argv[i], &sb) == -1)
			continue; /* an empty regressions folder is not in git
			           */
		if (!S_ISDIR(sb.st_mode)) {
			bad |= run_file(argv[i]);
			n++;
			continue;
		}
		d = opendir(argv[i]);
		while (d != NULL && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			         e->d_name);
			bad |= run_file(path);
			n++;
		}
		if (d != NULL)
			closedir(d);
	}
	printf("replayed %d inputs\n", n);
	return bad ? 1 : 0;
}
