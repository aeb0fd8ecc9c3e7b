/* The report: escaping, the HTML page's sections and numbers, the Markdown summary,
 * the sim disclaimer, secrets, the comparison section, charts through real gnuplot. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/chart.h"
#include "reports/escape.h"
#include "reports/report.h"
#include "reports/report_i.h"
#include "reports/results.h"
#include "reports/summary.h"
#include "tests/unit/results_fixture.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

#define HOSTILE "</script><img src=x onerror=alert(1)> 'q\" | pipe\nline"

static json_t *load_json(const char *rel)
{
	char *path = wbt_src_path(rel);
	json_error_t e;
	json_t *doc = json_load_file(path, 0, &e);

	if (!doc)
		fail_msg("%s: %s", path, e.text);
	free(path);
	return doc;
}

static char *html_of(const json_t *doc, const char *file, unsigned int flags)
{
	struct wb_report_input in = { file, doc };
	char err[256], *out = NULL;

	assert_int_equal(wb_report_render_html(&in, 1, NULL, flags, NULL, &out, err,
					       sizeof(err)), 0);
	return out;
}

static char *md_of(const json_t *doc, const char *file)
{
	struct wb_report_input in = { file, doc };
	char err[256], *out = NULL;

	assert_int_equal(wb_report_render_md(&in, 1, NULL, &out, err, sizeof(err)), 0);
	return out;
}

static void escaped(int (*fn)(struct wb_strbuf *, const char *), const char *in,
		    const char *want)
{
	struct wb_strbuf b;

	wb_strbuf_init(&b);
	assert_int_equal(fn(&b, in), 0);
	assert_string_equal(wb_strbuf_cstr(&b), want);
	wb_strbuf_release(&b);
}

static void test_escape_html(void **state)
{
	(void)state;
	escaped(wb_escape_html, HOSTILE, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; "
		"&#39;q&quot; | pipe\nline");
	escaped(wb_escape_html, "a&b\x01" "c\x7f", "a&amp;b\xef\xbf\xbd" "c\xef\xbf\xbd");
	escaped(wb_escape_html, "plain SSID \xc3\xa9", "plain SSID \xc3\xa9");
	escaped(wb_escape_html, NULL, "");
}

static void test_escape_md(void **state)
{
	(void)state;
	escaped(wb_escape_md, "a|b\nc", "a\\|b c");
	escaped(wb_escape_md, "[x](http://e) *b* _i_ `c` <b> \\", "\\[x\\](http\\://e) \\*b\\* "
		"\\_i\\_ \\`c\\` \\<b\\> \\\\");
	escaped(wb_escape_md, "~~gone~~", "\\~\\~gone\\~\\~");
	/* GitHub's mentions, issue references and autolinks stay text */
	escaped(wb_escape_md, "@octocat #123 a@b.example https://x.example/p HTTP://Y ftp://z",
		"\\@octocat \\#123 a\\@b.example https\\://x.example/p HTTP\\://Y ftp\\://z");
	escaped(wb_escape_md, "www.example.org WWW.X.ORG see www. wwwx.y 10:30 a:b/",
		"www\\.example.org WWW\\.X.ORG see www\\. wwwx.y 10:30 a:b/");
	escaped(wb_escape_md, NULL, "");
}

static void test_escape_gnuplot(void **state)
{
	(void)state;
	escaped(wb_escape_gnuplot, "it's \"x\"\nset output '/etc/passwd'",
		"'it''s \"x\" set output ''/etc/passwd'''");
	escaped(wb_escape_gnuplot, NULL, "''");
}

static void test_svg_clean(void **state)
{
	const char *doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg id=\"gnuplot_canvas\">"
			  "<defs><path id='gpPt0'/></defs><use xlink:href='#gpPt0' gid=\"x\"/>"
			  "<g style=\"fill:url(#gpPat1)\"/></svg>\n";
	char *s;

	(void)state;
	s = wb_chart_svg_clean(doc, "c7-");
	assert_non_null(s);
	assert_string_equal(s, "<svg id=\"c7-gnuplot_canvas\"><defs><path id='c7-gpPt0'/></defs>"
			    "<use xlink:href='#c7-gpPt0' gid=\"x\"/><g style=\"fill:url(#c7-gpPat1)\"/>"
			    "</svg>\n");
	free(s);
	assert_null(wb_chart_svg_clean("no svg here", "c0-"));
}

static void test_redact(void **state)
{
	json_t *v = json_pack("{s:s, s:{s:s, s:[{s:s}]}, s:n}", "passphrase", "secret1", "ap",
			      "PSK", "secret2", "list", "sae_password", "secret3", "password");
	json_t *r;
	char *t;

	(void)state;
	r = wb_report_redact(v);
	t = json_dumps(r, 0);
	assert_null(strstr(t, "secret"));
	assert_non_null(strstr(t, "\"PSK\": \"<redacted>\""));
	/* null stays null: nothing to hide, and "<redacted>" would claim there was */
	assert_non_null(strstr(t, "\"password\": null"));
	free(t);
	json_decref(r);
	json_decref(v);

	/* other backends' names for secrets; a passphrase file's path is kept */
	v = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:s}", "wpa_passphrase",
		      "secret4", "WPA_PSK", "secret5", "sta", "pmk", "secret6", "ptk_hex",
		      "secret7", "client_secret", "secret8", "private_key_passwd", "secret9",
		      "passphrase_file", "/etc/lab.pass", "ssid", "lab");
	r = wb_report_redact(v);
	t = json_dumps(r, 0);
	assert_null(strstr(t, "secret4"));
	assert_null(strstr(t, "secret5"));
	assert_null(strstr(t, "secret6"));
	assert_null(strstr(t, "secret7"));
	assert_null(strstr(t, "secret8"));
	assert_null(strstr(t, "secret9"));
	assert_non_null(strstr(t, "\"passphrase_file\": \"/etc/lab.pass\""));
	assert_non_null(strstr(t, "\"ssid\": \"lab\""));
	free(t);
	json_decref(r);
	json_decref(v);
}

/* The summary's numbers as the page must show them. */
static void test_html_numbers(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	json_t *sum = wb_summary_compute(json_object_get(doc, "cells"));
	char *html = html_of(doc, "dir/sim.json", WB_REPORT_NO_CHARTS), want[512];
	const json_t *g;
	size_t i, n = 0;

	(void)state;
	json_array_foreach(sum, i, g) {
		const json_t *ci = json_object_get(g, "ci95_bits_per_second");
		char key[160];

		snprintf(key, sizeof(key), "%s/%s/%s/%s",
			 json_string_value(json_object_get(g, "crypto")),
			 json_string_value(json_object_get(g, "security")),
			 json_string_value(json_object_get(g, "proto")),
			 json_string_value(json_object_get(g, "direction")));
		if (json_integer_value(json_object_get(g, "n")) == 0) {
			snprintf(want, sizeof(want), "data-key=\"%s\" data-field=\"median_mbps\">-<",
				 key);
			assert_non_null(strstr(html, want));
			snprintf(want, sizeof(want), "data-key=\"%s\" data-field=\"status\">"
				 "ap_start_failed: no_bip_cipher<", key);
			assert_non_null(strstr(html, want));
			continue;
		}
		snprintf(want, sizeof(want), "data-key=\"%s\" data-field=\"median_mbps\">%.1f<", key,
			 json_number_value(json_object_get(g, "median_bits_per_second")) / 1e6);
		assert_non_null(strstr(html, want));
		snprintf(want, sizeof(want), "data-key=\"%s\" data-field=\"ci_hi_mbps\">%.1f<", key,
			 json_number_value(json_array_get(ci, 1)) / 1e6);
		assert_non_null(strstr(html, want));
		snprintf(want, sizeof(want), "data-key=\"%s\" data-field=\"ap_core_pct\">%.1f<", key,
			 json_number_value(json_object_get(json_object_get(json_object_get(
				 g, "cpu_median"), "ap"), "max_core_busy_pct")));
		assert_non_null(strstr(html, want));
		n++;
	}
	assert_int_equal(n, 10);
	/* a value the seed run really produced, checked by hand: hwcrypt psk2 tcp up */
	assert_non_null(strstr(html, "data-key=\"hwcrypt/psk2/tcp/up\" data-field=\"median_mbps\">"
			       "43.8<"));
	free(html);
	json_decref(sum);
	json_decref(doc);
}

static void test_html_sections(void **state)
{
	static const char *const ids[] = {
		"id=\"files\"", "id=\"sim-disclaimer\"", "id=\"glance\"", "id=\"summary\"",
		"id=\"charts\"", "id=\"failures\"", "id=\"pmf\"", "id=\"environment\"",
		"id=\"scenario\"", "Content-Security-Policy", "default-src 'none'",
	};
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	char *html = html_of(doc, "sim.json", WB_REPORT_NO_CHARTS);
	size_t i;

	(void)state;
	for (i = 0; i < WB_ARRAY_SIZE(ids); i++)
		if (!strstr(html, ids[i]))
			fail_msg("missing '%s'", ids[i]);
	assert_non_null(strstr(html, WB_REPORT_SIM_DISCLAIMER));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "id=\"compare\""));
	/* the seed's story: six modes, one diagnosis, one remedy */
	assert_non_null(strstr(html, "(6 modes)"));
	assert_non_null(strstr(html, "rt2800soc nohwcrypt=1"));
	assert_non_null(strstr(html, "works only with nohwcrypt"));
	/* environment rendered generically, scenario redacted */
	assert_non_null(strstr(html, "<th>radio_profile_hwcrypt</th>"));
	assert_non_null(strstr(html, "&quot;passphrase&quot;: &quot;&lt;redacted&gt;&quot;"));
	free(html);
	json_decref(doc);
}

static void test_lab_hostile_and_secrets(void **state)
{
	/* planted by tests/fixtures/report/make_lab.py under several key names */
	static const char *const secrets[] = {
		"hunter2", "S3CRET-wpa-passphrase", "00112233445566778899aabbccddeeff",
		"PMK-ffeeddccbbaa",
	};
	size_t i;
	json_t *doc = wbt_load_results("tests/fixtures/report/lab.json");
	char *html = html_of(doc, "lab <b>'\".json", WB_REPORT_NO_CHARTS);
	char *md = md_of(doc, "lab|x.json");

	(void)state;
	assert_null(strstr(html, WB_REPORT_SIM_DISCLAIMER));
	assert_null(strstr(md, "no hardware crypto"));
	assert_null(strstr(html, "<img src=x"));
	assert_non_null(strstr(html, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(html, "<code>lab &lt;b&gt;&#39;&quot;.json</code>"));
	for (i = 0; i < WB_ARRAY_SIZE(secrets); i++) {
		if (strstr(html, secrets[i]) || strstr(md, secrets[i]))
			fail_msg("secret '%s' printed", secrets[i]);
	}
	/* a passphrase file's path is not a secret: the environment keeps it */
	assert_non_null(strstr(html, "<th>passphrase_file</th><td>/etc/wbench/lab.passphrase<"));
	/* the file name is in a table row: its pipe must not add a column */
	assert_non_null(strstr(md, "| lab\\|x.json |"));
	/* an ssh lab's STA has its own CPU numbers: the STA column is not the AP's */
	assert_non_null(strstr(html, "data-key=\"nohwcrypt/psk2/tcp/up\" "
			       "data-field=\"sta_busy_pct\">22.5<"));
	free(html);
	free(md);
	json_decref(doc);
}

static void test_markdown_escapes_hostile_text(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	json_t *cells = json_object_get(doc, "cells"), *cell;
	char *md;
	size_t i;

	(void)state;
	/* plant a hostile remedy in every failed cell */
	json_array_foreach(cells, i, cell)
		if (json_is_object(json_object_get(cell, "diagnosis")))
			json_object_set_new(json_object_get(cell, "diagnosis"), "remedy",
					    json_string("set a|b\nthen <b>c</b>"));
	md = md_of(doc, "sim.json");
	assert_non_null(strstr(md, "> **" WB_REPORT_SIM_DISCLAIMER "**"));
	free(md);
	/* a file name GitHub would turn into a mention, an issue link and a link (its last
	 * path component is shown, so no "https://" here: the escaping test has that) */
	md = md_of(doc, "@octocat #12 www.example.org|x.json");
	assert_non_null(strstr(md, "| \\@octocat \\#12 www\\.example.org\\|x.json |"));
	assert_null(strstr(md, " @octocat"));
	assert_null(strstr(md, " #12"));
	free(md);
	md = md_of(doc, "sim.json");
	assert_non_null(strstr(md, "| crypto | security | proto | dir | n | Mbit/s |"));
	assert_non_null(strstr(md, "| hwcrypt | psk2 | tcp | up | 3 | 43.8 | 39.4 – 50.7 | 64.1 "
			       "| 75.9 | 64.1 | ok |\n"));
	assert_non_null(strstr(md, "| 18 | ap\\_start\\_failed | no\\_bip\\_cipher | "
			       "set a\\|b then \\<b\\>c\\</b\\> |\n"));
	assert_null(strstr(md, "<b>"));
	assert_null(strstr(md, "## Comparison"));
	free(md);
	json_decref(doc);
}

static void test_compare_section(void **state)
{
	json_t *a = wbt_load_results("tests/fixtures/report/sim.json");
	json_t *b = wbt_load_results("tests/fixtures/report/lab.json");
	json_t *cmp = load_json("tests/fixtures/report/compare.json");
	struct wb_report_input in[2] = { { "sim.json", a }, { "lab.json", b } };
	char err[256], *html = NULL, *md = NULL;

	(void)state;
	assert_int_equal(wb_report_render_html(in, 2, cmp, WB_REPORT_NO_CHARTS, NULL, &html, err,
					       sizeof(err)), 0);
	assert_non_null(strstr(html, "id=\"compare\""));
	assert_non_null(strstr(html, "data-key=\"nohwcrypt/psk2/tcp/up\" "
			       "data-field=\"cmp_change_pct\">-54.0%<"));
	assert_non_null(strstr(html, "data-field=\"compare_result\">fail<"));
	assert_null(strstr(html, "<img src=x"));
	/* only the sim file is named under the disclaimer */
	assert_non_null(strstr(html, "Sim files: [1] <code>sim.json</code>."));
	assert_int_equal(wb_report_render_md(in, 2, cmp, &md, err, sizeof(err)), 0);
	assert_non_null(strstr(md, "Result: **fail**"));
	assert_non_null(strstr(md, "| hwcrypt/sae/tcp/up | - | - | - | not\\_compared |"));
	/* the comparison is of these two files: no note */
	assert_null(strstr(html, "compare-mismatch"));
	assert_null(strstr(md, "may not be of these two files"));
	free(html);
	free(md);

	/* given the other way round, the page and the summary say so */
	{
		struct wb_report_input sw[2] = { in[1], in[0] };
		char why[1024];

		assert_false(wb_report_compare_mismatch(cmp, in, why, sizeof(why)));
		assert_true(wb_report_compare_mismatch(cmp, sw, why, sizeof(why)));
		assert_non_null(strstr(why, "baseline: the comparison has 'mt7620-wpa3-sim' started "
				       "2026-11-25T09:19:18Z, 'lab.json' has 'mt7620-wpa3-lab'"));
		assert_int_equal(wb_report_render_html(sw, 2, cmp, WB_REPORT_NO_CHARTS, NULL, &html,
						       err, sizeof(err)), 0);
		assert_non_null(strstr(html, "id=\"compare-mismatch\"><strong>This comparison may "
				       "not be of these two files</strong>"));
		assert_int_equal(wb_report_render_md(sw, 2, cmp, &md, err, sizeof(err)), 0);
		assert_non_null(strstr(md, "> **This comparison may not be of these two files**"));
		free(html);
		free(md);
	}
	/* a comparison needs two files */
	assert_int_equal(wb_report_render_html(in, 1, cmp, 0, NULL, &html, err, sizeof(err)), -EINVAL);
	assert_null(html);
	assert_non_null(strstr(err, "exactly two"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static void test_charts_gnuplot(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	char gp[4096], err[512], *svg = NULL, *html;
	struct wb_strbuf s;

	(void)state;
	if (!wb_chart_gnuplot_path(gp, sizeof(gp)))
		skip();
	/* a title that would break out of a gnuplot string, or out of SVG text */
	wb_strbuf_init(&s);
	wb_strbuf_addf(&s, "set terminal svg noenhanced\nset title ");
	wb_escape_gnuplot(&s, "x'\nset output '/tmp/evil' </script>");
	wb_strbuf_addf(&s, "\nplot x title 'line'\n");
	assert_int_equal(wb_chart_render(gp, wb_strbuf_cstr(&s), "t-", NULL, &svg, err, sizeof(err)), 0);
	assert_int_equal(strncmp(svg, "<svg", 4), 0);
	assert_non_null(strstr(svg, "x' set output '/tmp/evil' &lt;/script>"));
	assert_non_null(strstr(svg, "id=\"t-gnuplot_canvas\""));
	free(svg);
	wb_strbuf_release(&s);
	/* a script error is reported with gnuplot's message */
	assert_int_equal(wb_chart_render(gp, "set terminal svg\nplot nosuchfunction(x)\n", "e-",
					 NULL, &svg, err, sizeof(err)), -EPROTO);
	assert_null(svg);
	assert_non_null(strstr(err, "exited with status"));

	html = html_of(doc, "sim.json", 0);
	assert_non_null(strstr(html, "<figure class=\"chart\"><svg"));
	assert_non_null(strstr(html, "id=\"c0-gnuplot_canvas\""));
	assert_non_null(strstr(html, "id=\"c3-gnuplot_canvas\""));
	assert_null(strstr(html, "<?xml"));
	assert_null(strstr(html, "chart-error"));
	assert_null(strstr(html, "<script"));
	free(html);
	json_decref(doc);
}

/*
 * A directory whose path is @len bytes long, made of 200-byte components under @top: long
 * enough that a chart's temporary directory fits in PATH_MAX but its files do not.
 */
static char *deep_dir(const char *top, size_t len)
{
	char *p = malloc(len + 1);
	size_t n = strlen(top);

	assert_non_null(p);
	memcpy(p, top, n + 1);
	while (n < len) {
		size_t k = len - n - 1 > 200 ? 200 : len - n - 1;

		/* never leave a last component shorter than 1 */
		if (len - n - 1 - k > 0 && len - n - 1 - k < 2)
			k -= 2;
		p[n++] = '/';
		memset(p + n, 'd', k);
		n += k;
		p[n] = '\0';
		if (mkdir(p, 0700) < 0)
			fail_msg("mkdir '%s': %m", p);
	}
	return p;
}

/* Every failure of a chart is named: no stale or uninitialised error text. */
static void test_chart_error_text(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	char gp[4096], err[512], *svg = NULL, *html, *top, *deep;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	int ret;

	(void)state;
	if (!wb_chart_gnuplot_path(gp, sizeof(gp)))
		skip();
	top = wb_mkdtemp_private("wbench-test-chart");
	assert_non_null(top);
	/* TMPDIR + "/wbench-chart.XXXXXX" (20) fits; + "/plot.gp" (8) is PATH_MAX or more */
	deep = deep_dir(top, PATH_MAX - 20 - 4);
	setenv("TMPDIR", deep, 1);
	snprintf(err, sizeof(err), "stale");
	ret = wb_chart_render(gp, "set terminal svg\nplot x\n", "e-", NULL, &svg, err, sizeof(err));
	html = html_of(doc, "sim.json", 0);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	assert_int_equal(ret, -ENAMETOOLONG);
	assert_null(svg);
	assert_non_null(strstr(err, "temporary directory name too long"));
	assert_non_null(strstr(html, "Chart not drawn (throughput): temporary directory name too long"));
	free(html);
	assert_int_equal(wb_rm_rf(top), 0);
	free(top);
	free(deep);
	json_decref(doc);
}

/*
 * Ctrl-C while the report is drawn: gnuplot is stopped (not waited for), the remaining
 * charts are skipped, and the page of what there is still gets written. A real SIGINT
 * through the real signalfd: blocked, so it waits for wb_cancel_check.
 */
static void test_interrupt_skips_charts_page_still_written(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	struct wb_report_input in = { "sim.json", doc };
	char gp[4096], err[512], h[4096], *svg = NULL, *html = NULL, *text = NULL, *dir;
	struct wb_cancel c;
	sigset_t sigs;

	(void)state;
	if (!wb_chart_gnuplot_path(gp, sizeof(gp)))
		skip();
	assert_int_equal(wb_cancel_init(&c), 0);
	assert_int_equal(kill(getpid(), SIGINT), 0);
	/* without the cancel source this gnuplot would sleep for a minute */
	assert_int_equal(wb_chart_render(gp, "set terminal svg\npause 60\nplot x\n", "k-", &c,
					 &svg, err, sizeof(err)), -ECANCELED);
	assert_null(svg);
	assert_string_equal(err, "interrupted");
	assert_true(c.fired);
	assert_int_equal(c.signo, SIGINT);

	assert_int_equal(wb_report_render_html(&in, 1, NULL, 0, &c, &html, err, sizeof(err)), 0);
	assert_non_null(strstr(html, "id=\"charts-interrupted\">4 charts were skipped because "
			       "of the interrupt"));
	assert_null(strstr(html, "<svg"));
	assert_null(strstr(html, "chart-error"));
	assert_non_null(strstr(html, "data-field=\"median_mbps\">43.8<"));
	free(html);

	dir = wb_mkdtemp_private("wbench-test-report");
	assert_non_null(dir);
	snprintf(h, sizeof(h), "%s/r.html", dir);
	assert_int_equal(wb_report_write(&in, 1, NULL, h, NULL, &c, err, sizeof(err)), 0);
	assert_int_equal(wb_read_file(h, 16 << 20, &text, NULL), 0);
	assert_non_null(strstr(text, "charts-interrupted"));
	free(text);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);

	wb_cancel_release(&c);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	assert_int_equal(sigprocmask(SIG_UNBLOCK, &sigs, NULL), 0);
	json_decref(doc);
}

#if defined(__SANITIZE_ADDRESS__)
#define WBT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WBT_ASAN 1
#endif
#endif
#ifndef WBT_ASAN
#define WBT_ASAN 0
#endif

/*
 * An allocation failure is not "no data": the per-interval chart's work space (one
 * buffer for the cells of the file) cannot be had under an address-space limit, and
 * the chart must say -ENOMEM, not -ENODATA. Not under ASan (its shadow memory needs
 * the address space), where the limit cannot be set.
 */
static void test_series_nomem(void **state)
{
#if WBT_ASAN
	(void)state;
	skip();
#else
	json_t *cells = json_array(), *doc;
	struct wb_report_input in;
	struct rlimit old, lim;
	struct wb_rmodel m;
	struct wb_strbuf b;
	long pages = 0;
	char err[256];
	FILE *fp;
	size_t i;
	int ret;

	(void)state;
	/* 20000 cells: the work space is 2 x 20000 x 1024 doubles, about 330 MB */
	for (i = 0; i < 20000; i++)
		assert_int_equal(json_array_append_new(cells, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:{s:[{s:f, s:f}]}}", "crypto", "hwcrypt",
			"security", "psk2", "proto", "tcp", "direction", "up", "status", "ok",
			"throughput", "intervals", "bits_per_second", 1e6, "seconds", 1.0)), 0);
	doc = json_pack("{s:o}", "cells", cells);
	in.file = "big.json";
	in.doc = doc;
	assert_int_equal(wb_rmodel_init(&m, &in, 1, NULL, err, sizeof(err)), 0);
	/* the control: without a limit the chart is drawn */
	wb_strbuf_init(&b);
	assert_int_equal(wb_rcharts_series(&m, 0, &b), 0);
	wb_strbuf_release(&b);

	fp = fopen("/proc/self/statm", "r");
	assert_non_null(fp);
	assert_int_equal(fscanf(fp, "%ld", &pages), 1);
	fclose(fp);
	assert_int_equal(getrlimit(RLIMIT_AS, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (64u << 20);
	assert_int_equal(setrlimit(RLIMIT_AS, &lim), 0);
	wb_strbuf_init(&b);
	ret = wb_rcharts_series(&m, 0, &b);
	assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
	wb_strbuf_release(&b);
	assert_int_equal(ret, -ENOMEM);
	wb_rmodel_release(&m);
	json_decref(doc);
#endif
}

/* Two long security labels with a common 200-byte prefix are two modes, not one. */
static void test_long_modes_distinct(void **state)
{
	char sec[2][260], want[600], err[256], *html;
	json_t *cells = json_array(), *doc;
	struct wb_report_input in;
	struct wb_rmodel m;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(sec[i], 'p', 250);
		snprintf(sec[i] + 250, sizeof(sec[i]) - 250, "-%c", i ? 'b' : 'a');
		assert_int_equal(json_array_append_new(cells, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:i, s:{s:f}}", "crypto", "hwcrypt", "security",
			sec[i], "proto", "tcp", "direction", "up", "status", "ok", "index", (int)i,
			"throughput", "bits_per_second", i ? 2e6 : 1e6)), 0);
	}
	/* what a validated document always has */
	doc = json_pack("{s:o, s:{}, s:{}}", "cells", cells, "environment", "scenario");
	in.file = "long.json";
	in.doc = doc;
	assert_int_equal(wb_rmodel_init(&m, &in, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(m.nm, 2);
	assert_string_equal(m.mode[0].security, sec[0]);
	assert_string_equal(m.mode[1].security, sec[1]);
	assert_null(m.mode[0].group[0] == m.mode[1].group[0] ? "same group" : NULL);
	wb_rmodel_release(&m);

	html = html_of(doc, "long.json", WB_REPORT_NO_CHARTS);
	for (i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "data-key=\"hwcrypt/%s/tcp/up\" data-field=\"median_mbps\">"
			 "%.1f<", sec[i], i ? 2.0 : 1.0);
		assert_non_null(strstr(html, want));
	}
	free(html);
	json_decref(doc);
}

static void test_no_gnuplot(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL, *html;

	(void)state;
	setenv("PATH", "/nonexistent", 1);
	html = html_of(doc, "sim.json", 0);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	assert_non_null(strstr(html, WB_REPORT_NO_GNUPLOT));
	assert_null(strstr(html, "<svg"));
	/* the tables are all there */
	assert_non_null(strstr(html, "data-field=\"median_mbps\">43.8<"));
	free(html);
	json_decref(doc);
}

/* A run killed early: partial cells, no finish time; a run killed before any cell. */
static void test_partial_and_empty(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	json_t *cells = json_object_get(doc, "cells");
	char *html, *md;

	(void)state;
	json_object_set_new(doc, "complete", json_false());
	json_object_set_new(doc, "interrupted", json_true());
	json_object_set_new(doc, "finished_at", json_null());
	while (json_array_size(cells) > 5)
		json_array_remove(cells, json_array_size(cells) - 1);
	html = html_of(doc, "partial.json", 0);
	assert_non_null(strstr(html, "5 of 48, incomplete, interrupted"));
	assert_non_null(strstr(html, "- (not finished)"));
	assert_null(strstr(html, "chart-error"));
	free(html);

	json_array_clear(cells);
	html = html_of(doc, "empty.json", 0);
	md = md_of(doc, "empty.json");
	assert_non_null(strstr(html, "No cell has finished yet."));
	assert_null(strstr(html, "chart-error"));
	assert_null(strstr(html, "data-field=\"median_mbps\""));
	assert_non_null(strstr(md, "No failed cell."));
	free(html);
	free(md);
	json_decref(doc);
}

/* Set every cell's and every summary entry's "reconnect" to null, or remove it. */
static void drop_reconnect(json_t *doc, bool remove)
{
	static const char *const arrays[] = { "cells", "summary" };
	json_t *e;
	size_t i, k;

	for (k = 0; k < WB_ARRAY_SIZE(arrays); k++)
		json_array_foreach(json_object_get(doc, arrays[k]), i, e)
			if (remove)
				json_object_del(e, "reconnect");
			else
				json_object_set_new(e, "reconnect", json_null());
}

#define RC_UP_MD "| hwcrypt psk2 tcp up | 20 | 20 of 20 (100.0%) | 41.2 | 53.1 | 61.3 |\n"
#define RC_DOWN_MD "| hwcrypt psk2 tcp down | 20 | **19 of 20 (95.0%)** | 49.5 | 62.1 | 120.4 |\n"
#define RC_HEAD_MD "## Stability\n\n| mode | cycles | succeeded | assoc median ms | assoc p95 ms | " \
	"assoc max ms |\n|---|--:|--:|--:|--:|--:|\n"

/*
 * tests/fixtures/results/reconnect.json: hwcrypt psk2 tcp up 20 of 20 reconnect cycles,
 * down 19 of 20 (one assoc_timeout), the two sae modes failed before any cycle (null).
 */
static void test_stability_section(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/results/reconnect.json");
	json_t *sum = wb_summary_compute(json_object_get(doc, "cells"));
	char *html = html_of(doc, "reconnect.json", WB_REPORT_NO_CHARTS);
	char *md = md_of(doc, "reconnect.json"), *sec;
	const json_t *g;
	size_t i, n = 0;

	(void)state;
	/* the fixture is consistent: its summary is what the cells give */
	assert_int_equal(json_array_size(sum), 4);
	json_array_foreach(json_object_get(doc, "summary"), i, g) {
		const json_t *want = json_object_get(g, "reconnect");

		if (!json_equal((json_t *)want, json_object_get(json_array_get(sum, i), "reconnect")))
			fail_msg("summary[%zu].reconnect differs from the cells'", i);
		n += json_is_object(want);
	}
	assert_int_equal(n, 2);

	/* HTML: after the charts, before the failures, linked from the navigation */
	assert_non_null(strstr(html, "<a href=\"#stability\">Stability</a>"));
	assert_true(strstr(html, "id=\"charts\"") < strstr(html, "id=\"stability\""));
	sec = wbt_between(html, "<h2 id=\"stability\">Stability</h2>", "<h2 ");
	assert_non_null(strstr(sec, "<th>mode</th><th>cycles</th><th>succeeded</th>"
			       "<th>assoc median ms</th><th>assoc p95 ms</th><th>assoc max ms</th>"));
	assert_non_null(strstr(html, "</table>\n<h2 id=\"failures\">"));
	assert_non_null(strstr(sec, "<tr class=\"ok\"><td class=\"mode\">hwcrypt psk2 tcp up</td>"
			       "<td class=\"num\" data-file=\"0\" data-key=\"hwcrypt/psk2/tcp/up\" "
			       "data-field=\"reconnect_cycles\">20</td><td class=\"num\" "
			       "data-file=\"0\" data-key=\"hwcrypt/psk2/tcp/up\" "
			       "data-field=\"reconnect_succeeded\">20 of 20 (100.0%)</td>"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/up\" "
			       "data-field=\"reconnect_median_ms\">41.2<"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/up\" "
			       "data-field=\"reconnect_p95_ms\">53.1<"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/up\" "
			       "data-field=\"reconnect_max_ms\">61.3<"));
	/* 19 of 20: the row and the cell in the failure colours */
	assert_non_null(strstr(sec, "<tr class=\"fail\"><td class=\"mode\">hwcrypt psk2 tcp down"
			       "</td>"));
	assert_non_null(strstr(sec, "<td class=\"num fail\" data-file=\"0\" "
			       "data-key=\"hwcrypt/psk2/tcp/down\" "
			       "data-field=\"reconnect_succeeded\">19 of 20 (95.0%)</td>"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/down\" "
			       "data-field=\"reconnect_median_ms\">49.5<"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/down\" "
			       "data-field=\"reconnect_p95_ms\">62.1<"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/psk2/tcp/down\" "
			       "data-field=\"reconnect_max_ms\">120.4<"));
	/* modes that ran no cycles have no row */
	assert_null(strstr(sec, "sae"));
	free(sec);

	/* Markdown: after the summary, before the failures */
	sec = wbt_between(md, "\n## Stability\n", "\n## ");
	assert_non_null(strstr(sec, RC_HEAD_MD RC_UP_MD RC_DOWN_MD));
	assert_null(strstr(sec, "sae"));
	assert_true(strstr(md, "\n## Summary") < strstr(md, "\n## Stability"));
	assert_non_null(strstr(md, RC_DOWN_MD "\n## Failures\n"));
	free(sec);
	free(html);
	free(md);
	json_decref(sum);
	json_decref(doc);
}

/* A document without reconnect cycles, null or absent, has no Stability section. */
static void test_stability_absent(void **state)
{
	bool remove;

	(void)state;
	for (remove = false; ; remove = true) {
		json_t *doc = wbt_load_results("tests/fixtures/results/reconnect.json");
		char *html, *md;

		drop_reconnect(doc, remove);
		html = html_of(doc, "none.json", WB_REPORT_NO_CHARTS);
		md = md_of(doc, "none.json");
		/* the control: the rest of the page is there */
		assert_non_null(strstr(html, "id=\"failures\""));
		assert_non_null(strstr(md, "\n## Failures\n"));
		assert_null(strstr(html, "id=\"stability\""));
		assert_null(strstr(html, "#stability"));
		assert_null(strstr(html, ">Stability<"));
		assert_null(strstr(html, "data-field=\"reconnect_"));
		assert_null(strstr(md, "Stability"));
		assert_null(strstr(md, "assoc median"));
		free(html);
		free(md);
		json_decref(doc);
		if (remove)
			break;
	}
}

/* A mode name is escaped in the stability table; with several files, rows per file. */
static void test_stability_hostile_and_files(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/results/reconnect.json");
	json_t *none = wbt_load_results("tests/fixtures/results/reconnect.json");
	json_t *cell;
	struct wb_report_input in[2] = { { "a.json", doc }, { "b.json", none } };
	struct wb_strbuf want;
	char err[256], *html = NULL, *md = NULL, *sec;
	size_t i;

	(void)state;
	json_array_foreach(json_object_get(doc, "cells"), i, cell)
		if (!strcmp(json_string_value(json_object_get(cell, "direction")), "down"))
			json_object_set_new(cell, "security", json_string(HOSTILE));
	html = html_of(doc, "h.json", WB_REPORT_NO_CHARTS);
	sec = wbt_between(html, "<h2 id=\"stability\">", "<h2 ");
	assert_null(strstr(sec, "<img"));
	assert_non_null(strstr(sec, "<tr class=\"fail\"><td class=\"mode\">hwcrypt &lt;/script&gt;"
			       "&lt;img src=x onerror=alert(1)&gt; &#39;q&quot; | pipe\nline tcp down"
			       "</td>"));
	assert_non_null(strstr(sec, "data-key=\"hwcrypt/&lt;/script&gt;&lt;img src=x "
			       "onerror=alert(1)&gt; &#39;q&quot; | pipe\nline/tcp/down\" "
			       "data-field=\"reconnect_succeeded\">19 of 20 (95.0%)<"));
	free(sec);
	free(html);
	md = md_of(doc, "h.json");
	wb_strbuf_init(&want);
	wb_strbuf_addf(&want, "\n| ");
	wb_escape_md(&want, "hwcrypt " HOSTILE " tcp down");
	wb_strbuf_addf(&want, " | 20 | **19 of 20 (95.0%%)** | 49.5 | 62.1 | 120.4 |\n");
	assert_false(want.failed);
	assert_non_null(strstr(wb_strbuf_cstr(&want), "\\<img src=x")); /* the control */
	assert_non_null(strstr(md, wb_strbuf_cstr(&want)));
	wb_strbuf_release(&want);
	free(md);

	/* two files, the second without cycles: a file column, a note for the second */
	json_decref(doc);
	doc = wbt_load_results("tests/fixtures/results/reconnect.json");
	in[0].doc = doc;
	drop_reconnect(none, false);
	assert_int_equal(wb_report_render_html(in, 2, NULL, WB_REPORT_NO_CHARTS, NULL, &html, err,
					       sizeof(err)), 0);
	sec = wbt_between(html, "<h2 id=\"stability\">", "<h2 ");
	assert_non_null(strstr(sec, "<h3>[1] <code>a.json</code></h3>\n<table class=\"stability\" "
			       "data-file=\"0\">"));
	assert_non_null(strstr(sec, "<h3>[2] <code>b.json</code></h3>\n<p class=\"note\">No "
			       "reconnect cycles in this file.</p>"));
	assert_null(strstr(sec, "data-file=\"1\""));
	free(sec);
	assert_int_equal(wb_report_render_md(in, 2, NULL, &md, err, sizeof(err)), 0);
	sec = wbt_between(md, "\n## Stability\n", "\n## ");
	assert_non_null(strstr(sec, "| file | mode | cycles | succeeded | assoc median ms | "
			       "assoc p95 ms | assoc max ms |\n|---|---|--:|--:|--:|--:|--:|\n"
			       "| [1] a.json " RC_UP_MD "| [1] a.json " RC_DOWN_MD));
	assert_null(strstr(sec, "b.json"));
	free(sec);
	free(html);
	free(md);
	json_decref(doc);
	json_decref(none);
}

/* The numbers behind a row: the rate never rounds to 100.0% or 0.0%, null times are "-". */
static void test_stability_rate_text(void **state)
{
	struct wb_rreconnect rc;
	json_t *g;

	(void)state;
	g = json_pack("{s:{s:i, s:i, s:f, s:{s:n, s:f, s:n}}}", "reconnect", "cycles", 2000,
		      "succeeded", 1999, "success_rate", 0.9995, "assoc_ms", "median", "p95",
		      61.25, "max");
	assert_true(wb_rmodel_reconnect(g, &rc));
	assert_string_equal(rc.rate, "1999 of 2000 (99.9%)");
	assert_true(rc.below);
	assert_true(isnan(rc.median_ms));
	assert_true(isnan(rc.max_ms));
	assert_true(rc.p95_ms == 61.25);
	json_decref(g);

	g = json_pack("{s:{s:i, s:i, s:f}}", "reconnect", "cycles", 4000, "succeeded", 1,
		      "success_rate", 0.00025);
	assert_true(wb_rmodel_reconnect(g, &rc));
	assert_string_equal(rc.rate, "1 of 4000 (0.1%)");
	assert_true(rc.below);
	json_decref(g);

	/* no success_rate: from the counts; no cycles: no rate, nothing failed */
	g = json_pack("{s:{s:i, s:i}}", "reconnect", "cycles", 20, "succeeded", 20);
	assert_true(wb_rmodel_reconnect(g, &rc));
	assert_string_equal(rc.rate, "20 of 20 (100.0%)");
	assert_false(rc.below);
	json_decref(g);
	g = json_pack("{s:{s:i, s:i, s:n}}", "reconnect", "cycles", 0, "succeeded", 0,
		      "success_rate");
	assert_true(wb_rmodel_reconnect(g, &rc));
	assert_string_equal(rc.rate, "0 of 0 (-)");
	assert_false(rc.below);
	json_decref(g);

	g = json_pack("{s:n}", "reconnect");
	assert_false(wb_rmodel_reconnect(g, &rc));
	json_decref(g);
	assert_false(wb_rmodel_reconnect(NULL, &rc));
}

static void test_write_files_or_name_the_bad_path(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/report/sim.json");
	struct wb_report_input in = { "sim.json", doc };
	char *dir = wb_mkdtemp_private("wbench-test-report"), h[4096], m[4096], err[256];
	char *text = NULL;
	struct stat st;

	(void)state;
	assert_non_null(dir);
	snprintf(h, sizeof(h), "%s/r.html", dir);
	snprintf(m, sizeof(m), "%s/r.md", dir);
	assert_int_equal(wb_report_write(&in, 1, NULL, NULL, NULL, NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(wb_report_write(&in, 1, NULL, h, m, NULL, err, sizeof(err)), 0);
	assert_int_equal(stat(h, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(wb_read_file(m, 1 << 20, &text, NULL), 0);
	assert_int_equal(strncmp(text, "# wbench report: mt7620-wpa3-sim\n", 33), 0);
	free(text);
	snprintf(h, sizeof(h), "%s/missing/r.html", dir);
	assert_int_equal(wb_report_write(&in, 1, NULL, h, NULL, NULL, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "missing/r.html"));
	assert_int_equal(wb_report_write(&in, 0, NULL, NULL, m, NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	json_decref(doc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_md),
		cmocka_unit_test(test_escape_gnuplot),
		cmocka_unit_test(test_svg_clean),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_html_numbers),
		cmocka_unit_test(test_html_sections),
		cmocka_unit_test(test_lab_hostile_and_secrets),
		cmocka_unit_test(test_markdown_escapes_hostile_text),
		cmocka_unit_test(test_compare_section),
		cmocka_unit_test(test_charts_gnuplot),
		cmocka_unit_test(test_chart_error_text),
		cmocka_unit_test(test_interrupt_skips_charts_page_still_written),
		cmocka_unit_test(test_series_nomem),
		cmocka_unit_test(test_long_modes_distinct),
		cmocka_unit_test(test_no_gnuplot),
		cmocka_unit_test(test_partial_and_empty),
		cmocka_unit_test(test_stability_section),
		cmocka_unit_test(test_stability_absent),
		cmocka_unit_test(test_stability_hostile_and_files),
		cmocka_unit_test(test_stability_rate_text),
		cmocka_unit_test(test_write_files_or_name_the_bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
