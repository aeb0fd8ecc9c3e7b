#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/fixture.h"
#include "wbench/lib/util.h"

static void fixture_path(const char *name, char *buf, size_t len)
{
	const char *dir = getenv("WB_FIXTURES");

	snprintf(buf, len, "%s/%s", dir && *dir ? dir : "tests/fixtures", name);
}

char *wbt_fixture_read(const char *name)
{
	char path[4096], *text = NULL;
	int r;

	fixture_path(name, path, sizeof(path));
	r = wb_read_file(path, 1 << 20, &text, NULL);
	if (r < 0)
		fail_msg("cannot read fixture '%s' (%d); run from the repository root", path, r);
	return text;
}

void wbt_golden_check(const char *name, const char *actual)
{
	char path[4096], *expect;
	const char *upd = getenv("WB_GOLDEN_UPDATE");

	fixture_path(name, path, sizeof(path));
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(actual, f);
		fclose(f);
		print_message("WARNING: golden '%s' rewritten; review it (git diff) and run again "
			      "without WB_GOLDEN_UPDATE\n", path);
		return;
	}
	expect = wbt_fixture_read(name);
	if (strcmp(expect, actual) != 0) {
		print_error("golden '%s' differs; actual output:\n%s", path, actual);
		free(expect);
		fail();
	}
	free(expect);
}
