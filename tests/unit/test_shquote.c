/*
 * Shell quoting, as a property: random argv (quotes, $(), backticks, newlines, globs,
 * backslashes, non-UTF-8 bytes) quoted by wb_shquote_argv and run by real shells —
 * dash, bash and BusyBox sh (OpenWrt's ash) — as `printf '%s\0' ARGS`: every shell must
 * give back exactly the same argv. A shell that is not installed is skipped, not faked.
 */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/host/host.h"
#include "wbench/host/shquote.h"
#include "wbench/lib/prng.h"

#define ROUNDS 150
#define MAX_ARGS 6
#define MAX_LEN 24

/* Bytes a shell would treat as syntax, weighted up so each round has several. */
static const char nasty[] = "'\"$`\\\n\t ;|&<>(){}[]*?~#!=%";

static void random_arg(struct wb_prng *g, char *out)
{
	size_t len = (size_t)wb_prng_below(g, MAX_LEN + 1);

	for (size_t i = 0; i < len; i++) {
		uint64_t k = wb_prng_below(g, 4);

		if (k == 0)
			out[i] = nasty[wb_prng_below(g, sizeof(nasty) - 1)];
		else if (k == 1)
			out[i] = (char)(0x80 + wb_prng_below(g, 0x80)); /* not UTF-8 on its own */
		else
			out[i] = (char)(1 + wb_prng_below(g, 0x7f)); /* any byte but NUL */
	}
	out[len] = '\0';
}

/* Runs `SHELL -c "printf '%s\0' QUOTED..."` and compares its NUL-separated output. */
static void round_trip(struct wb_host *h, const char *shell, char *const args[], size_t n)
{
	struct wb_strbuf line;
	/* "busybox" runs its ash as `busybox sh`, as OpenWrt's /bin/sh link does */
	bool bb = !strcmp(shell, "busybox");
	char *argv[] = { (char *)shell, bb ? "sh" : "-c", bb ? "-c" : NULL, NULL, NULL };
	char *printf_argv[MAX_ARGS + 3] = { "printf", "%s\\0" };
	struct wb_host_exec x = { .timeout_ms = 10000 };
	char *out = NULL;
	size_t len = 0, off = 0;

	for (size_t i = 0; i < n; i++)
		printf_argv[2 + i] = args[i];
	printf_argv[2 + n] = NULL;
	wb_strbuf_init(&line);
	assert_int_equal(wb_shquote_argv(&line, printf_argv), 0);
	argv[bb ? 3 : 2] = line.s;
	assert_int_equal(wb_host_run(h, argv, &x, &out, &len), 0);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(args[i]);

		if (off + l >= len + 1 || memcmp(out + off, args[i], l) || out[off + l] != '\0')
			fail_msg("%s changed argument %zu (command line: %s)", shell, i, line.s);
		off += l + 1;
	}
	assert_int_equal(off, len);
	free(out);
	wb_strbuf_release(&line);
}

static void shell_property(const char *shell, const char *path)
{
	char buf[MAX_ARGS][MAX_LEN + 1], *args[MAX_ARGS];
	struct wb_host *h = NULL;
	struct wb_prng g;

	if (access(path, X_OK) != 0)
		skip();
	assert_int_equal(wb_host_local_new(&h), 0);
	wb_prng_init(&g, 20261207);
	for (int r = 0; r < ROUNDS; r++) {
		size_t n = 1 + (size_t)wb_prng_below(&g, MAX_ARGS);

		for (size_t i = 0; i < n; i++) {
			random_arg(&g, buf[i]);
			args[i] = buf[i];
		}
		round_trip(h, shell, args, n);
	}
	wb_host_free(h);
}

static void test_dash_gets_argv_back(void **state)
{
	(void)state;
	shell_property("dash", "/usr/bin/dash");
}

static void test_bash_gets_argv_back(void **state)
{
	(void)state;
	shell_property("bash", "/usr/bin/bash");
}

static void test_busybox_ash_gets_argv_back(void **state)
{
	(void)state;
	/* BusyBox's ash, as OpenWrt's dropbear runs it */
	if (access("/usr/bin/busybox", X_OK) != 0 && access("/bin/busybox", X_OK) != 0)
		skip();
	shell_property("busybox", access("/usr/bin/busybox", X_OK) == 0 ? "/usr/bin/busybox" :
		       "/bin/busybox");
}

static void test_exact_forms(void **state)
{
	struct wb_strbuf b;
	char *argv[] = { "a b", "it's", "", "$(x)", NULL }, *none[] = { NULL };

	(void)state;
	wb_strbuf_init(&b);
	assert_int_equal(wb_shquote_argv(&b, argv), 0);
	assert_string_equal(b.s, "'a b' 'it'\\''s' '' '$(x)'");
	assert_int_equal(wb_shquote_argv(&b, none), -EINVAL);
	assert_int_equal(wb_shquote_argv(&b, NULL), -EINVAL);
	wb_strbuf_release(&b);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_forms),
		cmocka_unit_test(test_dash_gets_argv_back),
		cmocka_unit_test(test_bash_gets_argv_back),
		cmocka_unit_test(test_busybox_ash_gets_argv_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
