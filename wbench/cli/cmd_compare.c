/* wbench compare: baseline against candidate, mode by mode, as a CI gate. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare.h"
#include "reports/junit.h"
#include "reports/verdict.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

static const char help[] =
	"usage: wbench compare [options] BASELINE.json CANDIDATE.json\n"
	"\n"
	"Compare two results files (wbench run) mode by mode (crypto, security, proto,\n"
	"direction) and decide the gates (docs/compare.md):\n"
	"  throughput  median ratio, exact Mann-Whitney U p, seeded bootstrap interval:\n"
	"              regressed / improved / same / unknown (too few runs: run more)\n"
	"  cpu.ap/sta  the busiest core's busy %%, lower is better (band in percentage points)\n"
	"  start       a mode that used to start and now fails\n"
	"  pmf         a PMF verdict that turns to fail\n"
	"  reconnect   reconnect cycles that fail where they did not, or more often\n"
	"  disconnects soak disconnects where there were none, or more per hour\n"
	"  latency     added latency under load (p90, ms), like cpu; off unless the gate\n"
	"              file sets gates.latency (band: latency_band_ms, default 1)\n"
	"  floor       absolute minimum Mbit/s per mode, from the gate file\n"
	"  missing     a baseline mode absent from the candidate\n"
	"Prints a table and a final PASS/FAIL line; warnings go to stderr.\n"
	"\n"
	"  --json             print the comparison document (wbench-compare/1) instead\n"
	"  -o, --output FILE  also write the document to FILE (atomically)\n"
	"  --junit FILE       write JUnit XML: one testcase per mode\n"
	"  --gate FILE        settings and floors (docs/compare.md, \"Gate file\")\n"
	"  --alpha P          significance level (default %g)\n"
	"  --band PCT         throughput noise band in percent (default %g)\n"
	"  --min-runs N       ok runs needed per side for a verdict (default %u)\n"
	"  --seed N           bootstrap seed (default %llu)\n"
	"  --fail-on-unknown  an unknown verdict fails the gate (default: it passes)\n"
	"  -h, --help\n"
	"Command-line settings win over the gate file.\n"
	"\n"
	"An unknown verdict alone passes; a file that is not a results file, schemas that\n"
	"differ or a bad gate file are input errors (2).\n"
	"\n";

/* --help with the defaults of the statistics module (one source for the numbers). */
static void print_help(void)
{
	struct wb_verdict_settings d;

	wb_verdict_defaults(&d);
	printf(help, d.alpha, d.band * 100, d.min_runs, (unsigned long long)d.boot.seed);
	fputs(wb_exit_codes_help, stdout);
}

/* Settings the command line can override: option, settings key. */
static const struct {
	const char *option, *key;
} overrides[] = {
	{ "--alpha", "alpha" },
	{ "--band", "noise_band_pct" },
	{ "--min-runs", "min_runs" },
	{ "--seed", "seed" },
	{ "--fail-on-unknown", "fail_on_unknown" },
};

struct opts {
	bool json;
	const char *output, *junit, *gate;
	const char *value[WB_ARRAY_SIZE(overrides)]; /* NULL: not given; a repeat wins */
};

/* Returns 0, -1 after printing --help, or WB_EXIT_USAGE (message printed). */
static int parse(int argc, char *argv[], struct opts *o, int *first)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "junit", required_argument, NULL, 'J' },
		{ "gate", required_argument, NULL, 'g' },
		/* 0..4: index into overrides[] */
		{ "alpha", required_argument, NULL, 0 },
		{ "band", required_argument, NULL, 1 },
		{ "min-runs", required_argument, NULL, 2 },
		{ "seed", required_argument, NULL, 3 },
		{ "fail-on-unknown", no_argument, NULL, 4 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:", lopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			o->json = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'J':
			o->junit = optarg;
			break;
		case 'g':
			o->gate = optarg;
			break;
		case 0: case 1: case 2: case 3:
			o->value[opt] = optarg;
			break;
		case 4:
			o->value[opt] = "true";
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return wb_cliarg_getopt_error("compare", opt, argv);
		}
	}
	if (argc - optind != 2)
		return wb_usage_error("compare", "expected two results files: BASELINE CANDIDATE");
	*first = optind;
	{
		const struct wb_cliarg_output outs[] = { { "-o", o->output },
							 { "--junit", o->junit } };
		const char *const ins[] = { argv[optind], argv[optind + 1], o->gate };

		return wb_cliarg_outputs_check("compare", outs, WB_ARRAY_SIZE(outs), ins,
					       WB_ARRAY_SIZE(ins));
	}
}

static int load_gate(const struct opts *o, struct wb_compare_gate **g)
{
	char err[1024];
	size_t i;
	int ret;

	if (o->gate) {
		ret = wb_compare_gate_load(o->gate, g, err, sizeof(err));
		if (ret < 0) {
			wb_err("%s", err);
			return ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
		}
	} else if (!(*g = wb_compare_gate_new())) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	for (i = 0; i < WB_ARRAY_SIZE(overrides); i++)
		if (o->value[i] &&
		    wb_compare_gate_set(*g, overrides[i].key, o->value[i], err, sizeof(err)) < 0)
			return wb_usage_error("compare", "%s: %s", overrides[i].option, err);
	return WB_EXIT_OK;
}

/* The document as written by --json and -o: indented, numbers exact, a final newline. */
static char *document_text(const json_t *cmp)
{
	char *text = json_dumps(cmp, JSON_INDENT(2) | JSON_REAL_PRECISION(17)), *out;
	size_t len;

	if (!text)
		return NULL;
	len = strlen(text);
	out = realloc(text, len + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	memcpy(out + len, "\n", 2);
	return out;
}

static int emit(const struct opts *o, const json_t *cmp)
{
	char err[1024], *doc = NULL, *table = NULL;
	const json_t *w;
	int rc = WB_EXIT_OK, ret;
	size_t i;

	json_array_foreach(json_object_get(cmp, "warnings"), i, w)
		wb_warn("%s", json_string_value(w));
	if ((o->json || o->output) && !(doc = document_text(cmp)))
		goto oom;
	if (!o->json && !(table = wb_compare_render_text(cmp)))
		goto oom;
	fputs(o->json ? doc : table, stdout);
	if (o->output && (ret = wb_write_file_atomic(o->output, doc, strlen(doc), 0644)) < 0) {
		wb_err("cannot write '%s': %s", o->output, strerror(-ret));
		rc = WB_EXIT_USAGE;
	}
	if (rc == WB_EXIT_OK && o->junit &&
	    (ret = wb_junit_write(cmp, o->junit, err, sizeof(err))) < 0) {
		wb_err("%s", err);
		rc = ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	free(doc);
	free(table);
	return rc;
oom:
	free(doc);
	wb_err("out of memory");
	return WB_EXIT_INFRA;
}

int wb_cmd_compare(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct wb_compare_gate *g = NULL;
	json_t *base = NULL, *cand = NULL, *cmp = NULL;
	struct opts o = { 0 };
	char err[1024];
	int first = 0, ret, rc;

	ret = parse(argc, argv, &o, &first);
	if (ret)
		return ret < 0 ? WB_EXIT_OK : ret;
	rc = load_gate(&o, &g);
	if (rc != WB_EXIT_OK)
		goto out;
	wb_compare_gate_set_cancel(g, cancel);
	ret = wb_compare_load(argv[first], argv[first + 1], &base, &cand, err, sizeof(err));
	if (ret < 0) {
		wb_err("%s", err);
		rc = ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
		goto out;
	}
	/* an interrupt is honoured between the phases (main turns it into 128 + signal): no
	 * verdict and no output file after Ctrl-C */
	if (wb_cancel_check(cancel)) {
		rc = WB_EXIT_INFRA;
		goto out;
	}
	ret = wb_compare_docs(base, argv[first], cand, argv[first + 1], g, &cmp, err, sizeof(err));
	if (ret == -ECANCELED || (ret == 0 && wb_cancel_check(cancel))) {
		rc = WB_EXIT_INFRA;
		goto out;
	}
	if (ret < 0) {
		wb_err("%s", ret == -ENOMEM ? "out of memory" : err);
		rc = ret == -EINVAL ? WB_EXIT_USAGE : WB_EXIT_INFRA;
		goto out;
	}
	rc = emit(&o, cmp);
	if (rc == WB_EXIT_OK && strcmp(json_string_value(json_object_get(cmp, "result")), "pass"))
		rc = WB_EXIT_FAIL;
out:
	json_decref(cmp);
	json_decref(base);
	json_decref(cand);
	wb_compare_gate_free(g);
	return rc;
}
