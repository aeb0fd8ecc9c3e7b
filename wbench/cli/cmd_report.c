/* wbench report: the HTML page and Markdown summary of one or more results files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare.h"
#include "reports/report.h"
#include "reports/results.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/jsonv.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

static const char help[] =
	"usage: wbench report RESULTS.json... [-o REPORT.html] [--markdown FILE]\n"
	"                     [--compare COMPARE.json] [--no-charts]\n"
	"\n"
	"Write one self-contained HTML page (no scripts, no network: open it from disk) for\n"
	"up to 8 results files side by side: throughput per mode with 95% intervals, CPU per\n"
	"end with softirq and the busiest core, per-interval series, PMF verdicts, failures\n"
	"with diagnosis and remedy, environment and scenario. With exactly two files the\n"
	"comparison's verdicts (baseline first) are included. docs/report.md.\n"
	"\n"
	"  -o, --output FILE    the HTML page\n"
	"  --markdown FILE      a short Markdown summary (tables) for pull requests and forums\n"
	"  --compare FILE       use this wbench-compare/1 document (`wbench compare --json`)\n"
	"                       instead of comparing the two files here\n"
	"  --no-charts          do not run gnuplot (charts need gnuplot-nox)\n"
	"  -h, --help\n"
	"\n";

/* A comparison document is small; anything near this is not one. */
#define COMPARE_MAX (64u << 20)

static int load_compare(const char *path, json_t **out)
{
	struct wb_jsonv jv;
	const char *schema;
	char *text = NULL, err[1024];
	size_t len = 0;
	json_t *doc;
	int ret;

	*out = NULL;
	ret = wb_read_file(path, COMPARE_MAX, &text, &len);
	if (ret < 0) {
		wb_err("cannot read comparison '%s': %s", path, wb_read_file_strerror(ret));
		return ret;
	}
	wb_jsonv_init(&jv, path, err, sizeof(err));
	doc = wb_jsonv_parse(&jv, text, len);
	free(text);
	if (!doc) {
		wb_err("%s", err);
		return -EINVAL;
	}
	schema = json_string_value(json_object_get(doc, "schema"));
	if (!schema || strcmp(schema, WB_COMPARE_SCHEMA)) {
		wb_err("%s: schema: expected \"%s\", got %s%s%s", path, WB_COMPARE_SCHEMA,
		       schema ? "\"" : "", schema ? schema : "none", schema ? "\"" : "");
		json_decref(doc);
		return -EINVAL;
	}
	if (!json_is_array(json_object_get(doc, "groups"))) {
		wb_err("%s: groups: expected an array", path);
		json_decref(doc);
		return -EINVAL;
	}
	*out = doc;
	return 0;
}

/* The comparison of the two files, or NULL with a warning when there is none. */
static json_t *compare_two(const struct wb_report_input *in)
{
	json_t *cmp = NULL;
	char err[1024];
	int ret;

	ret = wb_compare_docs(in[0].doc, in[0].file, in[1].doc, in[1].file, NULL, &cmp, err,
			      sizeof(err));
	if (ret == -ENOSYS) {
		wb_warn("the report has no comparison section: %s", err);
		return NULL;
	}
	if (ret < 0) {
		wb_warn("the report has no comparison section: %s", err[0] ? err : strerror(-ret));
		return NULL;
	}
	return cmp;
}

struct report_args {
	const char *html, *md, *cmp_path;
	unsigned int flags;
	char **files;
	size_t n_files;
};

/* No output may overwrite an input. Returns -1 to go on, or WB_EXIT_USAGE. */
static int check_outputs(const struct report_args *a)
{
	const struct wb_cliarg_output outs[] = { { "-o", a->html }, { "--markdown", a->md } };
	const char *ins[WB_REPORT_MAX_FILES + 1];
	size_t n = 0;

	for (size_t i = 0; i < a->n_files; i++)
		ins[n++] = a->files[i];
	ins[n++] = a->cmp_path;
	return wb_cliarg_outputs_check("report", outs, WB_ARRAY_SIZE(outs), ins, n) ?
	       WB_EXIT_USAGE : -1;
}

/* Options into @a. Returns -1 to go on, or the exit code (help, a usage error). */
static int parse_args(int argc, char *argv[], struct report_args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "markdown", required_argument, NULL, 'm' },
		{ "compare", required_argument, NULL, 'c' },
		{ "no-charts", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': a->html = optarg; break;
		case 'm': a->md = optarg; break;
		case 'c': a->cmp_path = optarg; break;
		case 'n': a->flags |= WB_REPORT_NO_CHARTS; break;
		case 'h':
			printf("%s%s", help, wb_exit_codes_help);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("report", opt, argv);
		}
	}
	if (optind >= argc)
		return wb_usage_error("report", "expected at least one results file");
	if (argc - optind > WB_REPORT_MAX_FILES)
		return wb_usage_error("report", "at most %d results files, got %d",
				      WB_REPORT_MAX_FILES, argc - optind);
	if (!a->html && !a->md)
		return wb_usage_error("report", "expected -o REPORT.html and/or --markdown FILE");
	if (a->cmp_path && argc - optind != 2)
		return wb_usage_error("report", "--compare needs exactly two results files");
	a->files = argv + optind;
	a->n_files = (size_t)(argc - optind);
	return check_outputs(a);
}

/* The comparison for the page: the --compare file, or the two files compared here. */
static int comparison(const struct report_args *a, const struct wb_report_input *in, size_t n,
		      json_t **cmp)
{
	char why[1024];
	int ret;

	*cmp = NULL;
	if (!a->cmp_path) {
		if (n == 2)
			*cmp = compare_two(in);
		return 0;
	}
	ret = load_compare(a->cmp_path, cmp);
	if (ret < 0)
		return ret;
	if (wb_report_compare_mismatch(*cmp, in, why, sizeof(why)))
		wb_warn("'%s' may not compare these two files: %s", a->cmp_path, why);
	return 0;
}

/* The HTML page and/or the Markdown summary. Returns the exit code. */
static int write_outputs(const struct report_args *a, const struct wb_report_input *in,
			 size_t n, const json_t *cmp, struct wb_cancel *cancel)
{
	char err[1024], *text;
	int ret;

	if (a->html) {
		ret = wb_report_render_html(in, n, cmp, a->flags, cancel, &text, err, sizeof(err));
		if (ret == 0) {
			ret = wb_write_file_atomic(a->html, text, strlen(text), 0644);
			if (ret < 0)
				snprintf(err, sizeof(err), "cannot write '%s': %s", a->html,
					 strerror(-ret));
			free(text);
		}
		if (ret < 0) {
			wb_err("%s", err);
			return ret == -EINVAL ? WB_EXIT_USAGE : WB_EXIT_INFRA;
		}
	}
	if (a->md) {
		ret = wb_report_write(in, n, cmp, NULL, a->md, cancel, err, sizeof(err));
		if (ret < 0) {
			wb_err("%s", err);
			return ret == -EINVAL ? WB_EXIT_USAGE : WB_EXIT_INFRA;
		}
	}
	return WB_EXIT_OK;
}

int wb_cmd_report(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct report_args a = { 0 };
	struct wb_report_input in[WB_REPORT_MAX_FILES];
	int ret, rc = WB_EXIT_OK;
	json_t *cmp = NULL;
	size_t n = 0, i;
	char err[1024];

	ret = parse_args(argc, argv, &a);
	if (ret >= 0)
		return ret;
	for (i = 0; i < a.n_files; i++) {
		json_t *doc;

		ret = wb_results_load(a.files[i], &doc, err, sizeof(err));
		if (ret < 0) {
			wb_err("%s", err);
			rc = ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
			goto out;
		}
		in[n].file = a.files[i];
		in[n++].doc = doc;
	}
	ret = comparison(&a, in, n, &cmp);
	if (ret < 0)
		rc = ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	else
		rc = write_outputs(&a, in, n, cmp, cancel);
out:
	json_decref(cmp);
	for (i = 0; i < n; i++)
		json_decref((json_t *)in[i].doc);
	return rc;
}
