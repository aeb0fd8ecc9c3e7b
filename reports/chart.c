#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/chart.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/util.h"

/* A chart's SVG is tens of kilobytes; anything near this is a runaway script. */
#define SVG_MAX (16u << 20)

bool wb_chart_gnuplot_path(char *buf, size_t len)
{
	const char *path = getenv("PATH");
	const char *p, *end;

	if (!path || !*path)
		path = "/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		size_t n;

		end = strchr(p, ':');
		n = end ? (size_t)(end - p) : strlen(p);
		/* Empty or relative elements mean the current directory: not for a report. */
		if (n && p[0] == '/' && (size_t)snprintf(buf, len, "%.*s/gnuplot", (int)n, p) < len &&
		    access(buf, X_OK) == 0)
			return true;
		if (!end)
			break;
	}
	return false;
}

static const char *const id_patterns[] = {
	"id=\"", "id='", "href=\"#", "href='#", "url(#",
};

char *wb_chart_svg_clean(const char *doc, const char *id_prefix)
{
	const char *s = strstr(doc, "<svg"), *p;
	struct wb_strbuf b;
	char *out;

	if (!s) {
		errno = EPROTO;
		return NULL;
	}
	wb_strbuf_init(&b);
	p = s;
	while (*p) {
		const char *best = NULL;
		size_t best_len = 0, k;

		for (k = 0; k < WB_ARRAY_SIZE(id_patterns); k++) {
			const char *q = strstr(p, id_patterns[k]);

			if (q && (!best || q < best)) {
				best = q;
				best_len = strlen(id_patterns[k]);
			}
		}
		if (!best) {
			wb_strbuf_add(&b, p, strlen(p));
			break;
		}
		/* Only whole attribute names: "gid=" or "xid=" are not ids. */
		if (best > s && (best[-1] == ' ' || best[-1] == '\t' || best[-1] == '\n' ||
				 best[-1] == ':' || best[-1] == '(' || best[0] == 'u')) {
			wb_strbuf_add(&b, p, (size_t)(best - p) + best_len);
			wb_strbuf_add(&b, id_prefix, strlen(id_prefix));
		} else {
			wb_strbuf_add(&b, p, (size_t)(best - p) + best_len);
		}
		p = best + best_len;
	}
	if (b.failed) {
		wb_strbuf_release(&b);
		errno = ENOMEM;
		return NULL;
	}
	out = strdup(wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	if (!out)
		errno = ENOMEM;
	return out;
}

/* The first line of gnuplot's stderr that says something, for the error message. */
static void first_error_line(const char *path, char *out, size_t len)
{
	char *text = NULL, *line, *save = NULL;

	out[0] = '\0';
	if (wb_read_file(path, 1u << 20, &text, NULL) < 0)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '^')
			line++;
		if (*line && strncmp(line, "line ", 5) != 0) {
			snprintf(out, len, "%s", line);
			break;
		}
	}
	free(text);
}

static int open_out(const char *dir, const char *name, char *path, size_t len)
{
	int fd;

	if ((size_t)snprintf(path, len, "%s/%s", dir, name) >= len)
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	return fd < 0 ? -errno : fd;
}

int wb_chart_render(const char *gnuplot, const char *script, const char *id_prefix,
		    struct wb_cancel *cancel, char **svg, char *err, size_t errlen)
{
	char spath[PATH_MAX], opath[PATH_MAX], epath[PATH_MAX], why[256];
	char *argv[] = { (char *)gnuplot, NULL };
	int in = -1, out = -1, errfd = -1, ret;
	struct wb_proc_opts o;
	char *dir, *doc = NULL;

	*svg = NULL;
	if (errlen)
		err[0] = '\0';
	dir = wb_mkdtemp_private("wbench-chart");
	if (!dir) {
		ret = -errno;
		snprintf(err, errlen, "cannot create a temporary directory: %s", strerror(-ret));
		return ret;
	}
	if ((size_t)snprintf(spath, sizeof(spath), "%s/plot.gp", dir) >= sizeof(spath)) {
		ret = -ENAMETOOLONG;
		snprintf(err, errlen, "temporary directory name too long for its files: '%s'", dir);
		goto out;
	}
	ret = wb_write_file_atomic(spath, script, strlen(script), 0600);
	if (ret < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", spath, strerror(-ret));
		goto out;
	}
	in = open(spath, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open '%s': %s", spath, strerror(-ret));
		goto out;
	}
	out = open_out(dir, "plot.svg", opath, sizeof(opath));
	errfd = out < 0 ? out : open_out(dir, "plot.err", epath, sizeof(epath));
	if (out < 0 || errfd < 0) {
		ret = out < 0 ? out : errfd;
		snprintf(err, errlen, "cannot create output files in '%s': %s", dir,
			 strerror(-ret));
		goto out;
	}
	wb_proc_opts_init(&o);
	o.stdin_fd = in;
	o.stdout_fd = out;
	o.stderr_fd = errfd;
	ret = wb_proc_run(argv, &o, WB_CHART_TIMEOUT_MS, cancel);
	if (ret == -ECANCELED) {
		snprintf(err, errlen, "interrupted");
		goto out;
	}
	if (ret == -ETIMEDOUT) {
		snprintf(err, errlen, "'%s' did not finish within %d s", gnuplot,
			 WB_CHART_TIMEOUT_MS / 1000);
		goto out;
	}
	if (ret < 0) {
		snprintf(err, errlen, "cannot run '%s': %s", gnuplot, strerror(-ret));
		goto out;
	}
	if (ret != 0) {
		first_error_line(epath, why, sizeof(why));
		snprintf(err, errlen, "'%s' exited with status %d%s%s", gnuplot, ret,
			 why[0] ? ": " : "", why);
		ret = -EPROTO;
		goto out;
	}
	ret = wb_read_file(opath, SVG_MAX, &doc, NULL);
	if (ret < 0) {
		snprintf(err, errlen, "cannot read the SVG gnuplot wrote: %s", strerror(-ret));
		goto out;
	}
	*svg = wb_chart_svg_clean(doc, id_prefix);
	if (!*svg) {
		ret = errno == ENOMEM ? -ENOMEM : -EPROTO;
		if (ret == -ENOMEM)
			snprintf(err, errlen, "out of memory");
		else
			snprintf(err, errlen, "'%s' wrote no SVG", gnuplot);
	}
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (errfd >= 0)
		close(errfd);
	free(doc);
	/* A leftover temporary directory does not spoil the chart. */
	(void)wb_rm_rf(dir);
	free(dir);
	return ret;
}
