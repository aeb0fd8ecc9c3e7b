/*
 * libFuzzer target for the gate file loader of `wbench compare --gate FILE`
 * (reports/compare_gate.c, docs/compare-gate.schema.json): the input cut at its first NUL
 * is the gate file; wb_compare_gate_load takes only a path, so it is written to a memfd and
 * loaded from /proc/self/fd/N (no file in the tree or /tmp). The rest after the NUL, if it
 * is a valid results document, is then compared with itself under the loaded gate
 * (wb_compare_docs, wb_compare_render_text, wb_junit_render), so that the floors and
 * switches are used, not only parsed; bootstrap_resamples above 1000 is first lowered to
 * 1000 with wb_compare_gate_set (as --gate plus a command-line override would) to keep runs
 * fast.
 *
 * Properties: nothing crashes or leaks (ASan, UBSan); a rejected file leaves no gate and a
 * message; a loaded gate's settings (wb_compare_gate_settings_json), written back as a gate
 * file, load again to the same settings and floors; a document compared with itself under
 * any gate succeeds, with nothing regressed or improved, and fails only by a floor or an
 * unknown verdict (fail_on_unknown).
 * Seed corpus: tests/fuzz/corpus/fuzz_gate/ (docs/examples/gate.json, alone and followed by
 * trimmed tests/fixtures/results and tests/fixtures/compare documents;
 * tests/fuzz/corpus/make_seeds.py).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reports/compare.h"
#include "reports/compare_i.h"
#include "reports/junit.h"
#include "reports/results.h"
#include "wbench/lib/jsonv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* wb_compare_gate_load on @len bytes of @text, through a memfd. Returns its result. */
static int load(const char *text, size_t len, struct wb_compare_gate **g, char *err,
		size_t errlen)
{
	char path[64];
	size_t off = 0;
	int fd, ret;

	*g = NULL;
	fd = memfd_create("fuzz-gate", MFD_CLOEXEC);
	if (fd < 0)
		return -EAGAIN; /* not the loader's fault: skipped */
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w <= 0) {
			close(fd);
			return -EAGAIN;
		}
		off += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err[0] = '\0';
	ret = wb_compare_gate_load(path, g, err, errlen);
	close(fd);
	if (ret < 0 && (*g || !err[0]))
		abort(); /* a failure must say why and leave nothing */
	if (ret == 0 && !*g)
		abort();
	return ret;
}

/* The settings as compared: without "source", which names the file. */
static json_t *settings_of(const struct wb_compare_gate *g)
{
	json_t *s = wb_compare_gate_settings_json(g);

	if (s)
		json_object_del(s, "source");
	return s;
}

/* The gate file that says what @s says. */
static char *gate_text(const json_t *s)
{
	json_t *set = json_deep_copy(s), *doc;
	char *text = NULL;

	if (!set)
		return NULL;
	doc = json_pack("{s:s, s:O}", "schema", "wbench-gate/1", "floors",
			json_object_get(set, "floors"));
	json_object_del(set, "floors");
	if (doc && json_object_set(doc, "settings", set) == 0)
		text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(doc);
	json_decref(set);
	return text;
}

static void check_roundtrip(const struct wb_compare_gate *g)
{
	struct wb_compare_gate *again = NULL;
	json_t *want = settings_of(g), *got;
	char err[1024], *text = want ? gate_text(want) : NULL;
	int ret;

	if (!text) {
		json_decref(want);
		return;
	}
	ret = load(text, strlen(text), &again, err, sizeof(err));
	if (ret == -EINVAL)
		abort(); /* the settings of a loaded gate must load */
	if (ret == 0) {
		got = settings_of(again);
		if (got && !json_equal(got, want))
			abort();
		json_decref(got);
	}
	wb_compare_gate_free(again);
	free(text);
	json_decref(want);
}

/* @doc compared with itself under @g. */
static void self_compare(const json_t *doc, const struct wb_compare_gate *g)
{
	const json_t *group, *e, *counts;
	char err[1024] = "", *text;
	json_t *cmp = NULL;
	size_t i, j;
	int ret;

	ret = wb_compare_docs(doc, "fuzz.json", doc, "fuzz.json", g, &cmp, err, sizeof(err));
	if (ret == -ENOMEM)
		return;
	if (ret < 0 || !cmp)
		abort(); /* a valid document can always be compared with itself */
	counts = json_object_get(cmp, "counts");
	if (json_integer_value(json_object_get(counts, "regressed")) ||
	    json_integer_value(json_object_get(counts, "improved")))
		abort();
	json_array_foreach(json_object_get(cmp, "groups"), i, group)
		json_array_foreach(json_object_get(group, "gates"), j, e) {
			const char *r = json_string_value(json_object_get(e, "result"));
			const char *n = json_string_value(json_object_get(e, "gate"));
			const char *v = json_string_value(json_object_get(e, "verdict"));

			if (r && !strcmp(r, "fail") && !(n && !strcmp(n, "floor")) &&
			    !(v && !strcmp(v, "unknown")))
				abort();
		}
	free(wb_compare_render_text(cmp));
	text = wb_junit_render(cmp);
	free(text);
	json_decref(cmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t glen = nul ? (size_t)(nul - text) : size;
	struct wb_compare_gate *g = NULL;
	struct wb_jsonv jv;
	char err[1024];
	json_t *doc, *res;

	if (load(text, glen, &g, err, sizeof(err)) < 0)
		return 0;
	check_roundtrip(g);
	if (nul) {
		res = json_object_get(doc = settings_of(g), "bootstrap_resamples");
		if (json_integer_value(res) > 1000 &&
		    wb_compare_gate_set(g, "bootstrap_resamples", "1000", err, sizeof(err)) < 0)
			abort();
		json_decref(doc);
		wb_jsonv_init(&jv, "fuzz.json", err, sizeof(err));
		doc = wb_jsonv_parse(&jv, nul + 1, size - glen - 1);
		if (doc && wb_results_validate(doc, "fuzz.json", err, sizeof(err)) == 0)
			self_compare(doc, g);
		json_decref(doc);
	}
	wb_compare_gate_free(g);
	return 0;
}
