/* The report's model (report_i.h) and its public entry points (report.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jpath.h"
#include "reports/report_i.h"
#include "reports/stats.h"
#include "reports/summary.h"
#include "wbench/lib/log.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/crypto_mode.h"

const char *wb_rmodel_str(const json_t *v, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(v, key));

	return s ? s : dflt;
}

bool wb_rmodel_cell_in(const json_t *cell, const struct wb_rmode *md)
{
	return !strcmp(wb_rmodel_str(cell, "crypto", ""), md->crypto) &&
	       !strcmp(wb_rmodel_str(cell, "security", ""), md->security) &&
	       !strcmp(wb_rmodel_str(cell, "proto", ""), md->proto) &&
	       !strcmp(wb_rmodel_str(cell, "direction", ""), md->direction);
}

int wb_rmodel_median(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
		     double *med, ...)
{
	const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell;
	size_t i, n = 0;
	va_list ap;
	double *x;

	*med = NAN;
	x = calloc(json_array_size(cells) + 1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	json_array_foreach(cells, i, cell) {
		double v;

		if (!wb_rmodel_cell_in(cell, md) || strcmp(wb_rmodel_str(cell, "status", ""), "ok"))
			continue;
		va_start(ap, med);
		v = wb_jpath_num_va(cell, ap);
		va_end(ap);
		if (isfinite(v))
			x[n++] = v;
	}
	*med = wb_stats_median(x, n);
	free(x);
	return 0;
}

const char *wb_rmodel_fmt(char *buf, size_t len, double v, int decimals)
{
	if (isfinite(v))
		snprintf(buf, len, "%.*f", decimals, v);
	else
		snprintf(buf, len, "-");
	return buf;
}

void wb_rmodel_status(const json_t *g, char *buf, size_t len, const char **tone)
{
	long long n = json_integer_value(json_object_get(g, "n"));
	long long failed = json_integer_value(json_object_get(g, "n_failed"));
	const char *status = wb_rmodel_str(g, "failure_status", "failed");
	const char *diag = json_string_value(json_object_get(g, "failure_diagnosis"));

	if (!g) {
		snprintf(buf, len, "no cells");
		*tone = "none";
	} else if (failed == 0) {
		snprintf(buf, len, "ok");
		*tone = "ok";
	} else if (n == 0) {
		snprintf(buf, len, "%s%s%s", status, diag ? ": " : "", diag ? diag : "");
		*tone = "fail";
	} else {
		snprintf(buf, len, "%lld ok, %lld %s%s%s", n, failed, status, diag ? ": " : "",
			 diag ? diag : "");
		*tone = "mixed";
	}
}

/*
 * A key whose name says it holds a secret, whatever the backend calls it (wpa_passphrase,
 * wpa_psk, sae_password, private_key_passwd, ...). Matching on parts rather than on a list
 * of exact names errs on the side of hiding; the exceptions are keys known to hold only a
 * path or a name.
 */
bool wb_report_secret_key(const char *k)
{
	static const char *const parts[] = {
		"passphrase", "password", "psk", "secret", "pmk", "ptk", "private_key",
	};
	static const char *const harmless[] = { "passphrase_file" };
	char low[256];
	size_t i;

	for (i = 0; k[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)k[i]);
	low[i] = '\0';
	/* A key longer than the buffer is judged on its start; a cut key is never harmless. */
	if (!k[i])
		for (i = 0; i < WB_ARRAY_SIZE(harmless); i++)
			if (!strcmp(low, harmless[i]))
				return false;
	for (i = 0; i < WB_ARRAY_SIZE(parts); i++)
		if (strstr(low, parts[i]))
			return true;
	return false;
}

json_t *wb_report_redact(const json_t *v)
{
	json_t *out, *c;
	const char *k;
	size_t i;

	if (json_is_object(v)) {
		const json_t *val;

		out = json_object();
		json_object_foreach((json_t *)v, k, val) {
			c = wb_report_secret_key(k) && !json_is_null(val) ? json_string("<redacted>")
								: wb_report_redact(val);
			if (!out || !c || json_object_set_new(out, k, c)) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	if (json_is_array(v)) {
		const json_t *val;

		out = json_array();
		json_array_foreach(v, i, val) {
			c = wb_report_redact(val);
			if (!out || !c || json_array_append_new(out, c)) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	return json_deep_copy(v);
}

const json_t *wb_rmodel_first_failure(const struct wb_rmodel *m, size_t f,
				      const struct wb_rmode *md, size_t *count)
{
	const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell, *first = NULL;
	size_t i;

	*count = 0;
	json_array_foreach(cells, i, cell) {
		if (!wb_rmodel_cell_in(cell, md) || !strcmp(wb_rmodel_str(cell, "status", ""), "ok"))
			continue;
		(*count)++;
		if (!first || (!json_is_object(json_object_get(first, "diagnosis")) &&
			       json_is_object(json_object_get(cell, "diagnosis"))))
			first = cell;
	}
	return first;
}

size_t wb_rmodel_costs(const struct wb_rmodel *m, size_t f, struct wb_rcost *out)
{
	size_t i, j, n = 0;

	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *a = &m->mode[i];

		if (!a->group[f] || strcmp(a->crypto, wb_crypto_mode_name(WB_CRYPTO_HW)))
			continue;
		for (j = 0; j < m->nm; j++) {
			const struct wb_rmode *b = &m->mode[j];

			if (b->group[f] && !strcmp(b->crypto, wb_crypto_mode_name(WB_CRYPTO_SW)) &&
			    !strcmp(a->security, b->security) && !strcmp(a->proto, b->proto) &&
			    !strcmp(a->direction, b->direction)) {
				snprintf(out[n].label, sizeof(out[n].label), "%s %s %s", a->security,
					 a->proto, a->direction);
				out[n].hw = a->group[f];
				out[n].sw = b->group[f];
				n++;
				break;
			}
		}
	}
	return n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* "a SEP b SEP c SEP d", a new string, or NULL. */
static char *join4(const struct wb_rmode *md, char sep)
{
	struct wb_strbuf b;
	char *s;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "%s%c%s%c%s%c%s", md->crypto, sep, md->security, sep, md->proto,
		       sep, md->direction);
	s = b.failed ? NULL : strdup(wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	return s;
}

static bool same_mode(const struct wb_rmode *a, const struct wb_rmode *b)
{
	return !strcmp(a->crypto, b->crypto) && !strcmp(a->security, b->security) &&
	       !strcmp(a->proto, b->proto) && !strcmp(a->direction, b->direction);
}

static int add_modes(struct wb_rmodel *m, size_t f)
{
	const json_t *g;
	size_t i, k;

	json_array_foreach(m->file[f].summary, i, g) {
		struct wb_rmode *md = NULL, tmp = { 0 };

		tmp.crypto = wb_rmodel_str(g, "crypto", "?");
		tmp.security = wb_rmodel_str(g, "security", "?");
		tmp.proto = wb_rmodel_str(g, "proto", "?");
		tmp.direction = wb_rmodel_str(g, "direction", "?");
		/* the four strings, not a display key that might be cut or ambiguous */
		for (k = 0; k < m->nm && !md; k++)
			if (same_mode(&m->mode[k], &tmp))
				md = &m->mode[k];
		if (!md) {
			struct wb_rmode *nmode = realloc(m->mode, (m->nm + 1) * sizeof(*nmode));

			if (!nmode)
				return -ENOMEM;
			m->mode = nmode;
			tmp.key = join4(&tmp, '/');
			tmp.label = join4(&tmp, ' ');
			if (!tmp.key || !tmp.label) {
				free(tmp.key);
				free(tmp.label);
				return -ENOMEM;
			}
			md = &m->mode[m->nm++];
			*md = tmp;
		}
		md->group[f] = g;
	}
	return 0;
}

/* "ROLE: the comparison has 'S' started T, FILE has 'S2' started T2"; "" when equal. */
static void role_mismatch(const json_t *role, const char *name, const struct wb_report_input *in,
			  struct wb_strbuf *b)
{
	const char *cs = wb_rmodel_str(role, "scenario", NULL);
	const char *ct = wb_rmodel_str(role, "started_at", NULL);
	const char *fs = wb_rmodel_str(json_object_get(in->doc, "scenario"), "name", "-");
	const char *ft = wb_rmodel_str(in->doc, "started_at", "-");

	if (cs && ct && !strcmp(cs, fs) && !strcmp(ct, ft))
		return;
	wb_strbuf_addf(b, "%s%s: the comparison has '%s' started %s, '%s' has '%s' started %s",
		       b->len ? "; " : "", name, cs ? cs : "-", ct ? ct : "-",
		       in->file ? in->file : "-", fs, ft);
}

bool wb_report_compare_mismatch(const json_t *compare, const struct wb_report_input *in,
				char *buf, size_t len)
{
	struct wb_strbuf b;
	bool differ;

	wb_strbuf_init(&b);
	role_mismatch(json_object_get(compare, "baseline"), "baseline", &in[0], &b);
	role_mismatch(json_object_get(compare, "candidate"), "candidate", &in[1], &b);
	differ = b.len > 0 || b.failed;
	if (len)
		snprintf(buf, len, "%s", b.failed ? "the comparison's files cannot be checked: "
			 "out of memory" : wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	return differ;
}

int wb_rmodel_init(struct wb_rmodel *m, const struct wb_report_input *in, size_t n,
		   const json_t *compare, char *err, size_t errlen)
{
	size_t f;
	int ret;

	memset(m, 0, sizeof(*m));
	if (n == 0 || n > WB_REPORT_MAX_FILES) {
		snprintf(err, errlen, "expected 1 to %d results files, got %zu",
			 WB_REPORT_MAX_FILES, n);
		return -EINVAL;
	}
	if (compare && n != 2) {
		snprintf(err, errlen, "a comparison needs exactly two results files, got %zu", n);
		return -EINVAL;
	}
	m->compare = compare;
	if (compare)
		(void)wb_report_compare_mismatch(compare, in, m->compare_note,
						 sizeof(m->compare_note));
	for (f = 0; f < n; f++) {
		struct wb_rfile *rf = &m->file[f];
		const json_t *env = json_object_get(in[f].doc, "environment");

		rf->path = wb_utf8_dup(in[f].file ? in[f].file : "-");
		rf->name = rf->path ? base_name(rf->path) : "-";
		rf->doc = in[f].doc;
		rf->scenario = wb_rmodel_str(json_object_get(in[f].doc, "scenario"), "name", "-");
		rf->backend = wb_rmodel_str(env, "backend", "-");
		rf->sim = !strcmp(rf->backend, "sim");
		m->any_sim |= rf->sim;
		rf->summary = wb_summary_compute(json_object_get(in[f].doc, "cells"));
		m->nf = f + 1;
		if (!rf->path || !rf->summary || (ret = add_modes(m, f)) < 0) {
			snprintf(err, errlen, "out of memory");
			wb_rmodel_release(m);
			return -ENOMEM;
		}
	}
	return 0;
}

void wb_rmodel_release(struct wb_rmodel *m)
{
	size_t f;

	for (f = 0; f < m->nf; f++) {
		json_decref(m->file[f].summary);
		free(m->file[f].path);
	}
	for (f = 0; f < m->nm; f++) {
		free(m->mode[f].key);
		free(m->mode[f].label);
	}
	free(m->mode);
	memset(m, 0, sizeof(*m));
}

static int finish(struct wb_strbuf *b, int ret, char **out, char *err, size_t errlen)
{
	if (ret == 0 && b->failed)
		ret = -ENOMEM;
	if (ret == 0) {
		*out = strdup(wb_strbuf_cstr(b));
		if (!*out)
			ret = -ENOMEM;
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	wb_strbuf_release(b);
	return ret;
}

int wb_report_render_html(const struct wb_report_input *in, size_t n, const json_t *compare,
			  unsigned int flags, struct wb_cancel *cancel, char **out, char *err,
			  size_t errlen)
{
	struct wb_rmodel m;
	struct wb_strbuf b;
	int ret;

	*out = NULL;
	ret = wb_rmodel_init(&m, in, n, compare, err, errlen);
	if (ret < 0)
		return ret;
	wb_strbuf_init(&b);
	ret = wb_rhtml_render(&m, flags, cancel, &b);
	wb_rmodel_release(&m);
	return finish(&b, ret, out, err, errlen);
}

int wb_report_render_md(const struct wb_report_input *in, size_t n, const json_t *compare,
			char **out, char *err, size_t errlen)
{
	struct wb_rmodel m;
	struct wb_strbuf b;
	int ret;

	*out = NULL;
	ret = wb_rmodel_init(&m, in, n, compare, err, errlen);
	if (ret < 0)
		return ret;
	wb_strbuf_init(&b);
	ret = wb_rmd_render(&m, &b);
	wb_rmodel_release(&m);
	return finish(&b, ret, out, err, errlen);
}

static int write_out(const char *path, const char *text, char *err, size_t errlen)
{
	int ret = wb_write_file_atomic(path, text, strlen(text), 0644);

	if (ret < 0)
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-ret));
	return ret;
}

int wb_report_write(const struct wb_report_input *in, size_t n, const json_t *compare,
		    const char *html_path, const char *md_path, struct wb_cancel *cancel,
		    char *err, size_t errlen)
{
	char *text = NULL;
	int ret;

	if (!html_path && !md_path) {
		snprintf(err, errlen, "no output file given");
		return -EINVAL;
	}
	if (html_path) {
		ret = wb_report_render_html(in, n, compare, 0, cancel, &text, err, errlen);
		if (ret == 0)
			ret = write_out(html_path, text, err, errlen);
		free(text);
		text = NULL;
		if (ret < 0)
			return ret;
	}
	if (md_path) {
		ret = wb_report_render_md(in, n, compare, &text, err, errlen);
		if (ret == 0)
			ret = write_out(md_path, text, err, errlen);
		free(text);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * Failed cells grouped by (status, diagnosis code, remedy) across modes: the seed case's
 * six hwcrypt PMF modes share one diagnosis and one remedy, and a page that repeats it
 * six times hides that.
 */
static void group_add(struct wb_rfail *g, const json_t *cell, size_t mode)
{
	const json_t *d = json_object_get(cell, "diagnosis");
	const json_t *pred = json_object_get(d, "predicted");
	const char *msg = wb_rmodel_str(d, "message", wb_rmodel_str(d, "summary", NULL));
	size_t k;

	g->modes[mode] = true;
	g->count++;
	if (json_is_boolean(pred)) {
		g->with_prediction++;
		g->predicted += json_is_true(pred);
	}
	if (!msg)
		return;
	for (k = 0; k < g->nmsg; k++)
		if (!strcmp(g->msg[k], msg))
			return;
	if (g->nmsg < WB_RFAIL_MSG_MAX)
		g->msg[g->nmsg++] = msg;
	else
		g->more_msgs++;
}

int wb_rmodel_failures(const struct wb_rmodel *m, size_t f, struct wb_rfail **out, size_t *n)
{
	const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell;
	size_t ncells = json_array_size(cells), ng = 0, i, j, k;
	struct wb_rfail *grp = calloc(ncells + 1, sizeof(*grp));

	*out = NULL;
	*n = 0;
	if (!grp)
		return -ENOMEM;
	for (i = 0; i < m->nm; i++) {
		json_array_foreach(cells, j, cell) {
			const json_t *d = json_object_get(cell, "diagnosis");
			const char *st = wb_rmodel_str(cell, "status", "?");
			const char *code = wb_rmodel_str(d, "code", "-");
			const char *remedy = wb_rmodel_str(d, "remedy", "-");

			if (!wb_rmodel_cell_in(cell, &m->mode[i]) || !strcmp(st, "ok"))
				continue;
			for (k = 0; k < ng; k++)
				if (!strcmp(grp[k].status, st) && !strcmp(grp[k].code, code) &&
				    !strcmp(grp[k].remedy, remedy))
					break;
			if (k == ng) {
				grp[ng].status = st;
				grp[ng].code = code;
				grp[ng].remedy = remedy;
				grp[ng].modes = calloc(m->nm + 1, sizeof(bool));
				if (!grp[ng].modes) {
					wb_rmodel_failures_free(grp, ng);
					return -ENOMEM;
				}
				ng++;
			}
			group_add(&grp[k], cell, i);
		}
	}
	*out = grp;
	*n = ng;
	return 0;
}

void wb_rmodel_failures_free(struct wb_rfail *g, size_t n)
{
	size_t i;

	for (i = 0; g && i < n; i++)
		free(g[i].modes);
	free(g);
}
