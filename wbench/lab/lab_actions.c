/* The step lists of `wbench run --dry-run` (struct wb_lab_actions, wb_lab_findings). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/lab.h"

static const char *const when_names[WB_LAB_WHENS] = {
	[WB_LAB_AT_START] = "start", [WB_LAB_AT_CRYPTO] = "crypto",
	[WB_LAB_PER_CELL] = "cell", [WB_LAB_AT_END] = "end",
};

const char *wb_lab_when_name(enum wb_lab_when w)
{
	return (unsigned int)w < WB_LAB_WHENS ? when_names[w] : "?";
}

/* @v (@n elements of @size, room for *@cap) with room for one more: the same or a moved
 * array, or NULL (@v untouched) when memory runs out. */
static void *reserve(void *v, size_t n, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return v;
	v = realloc(v, ncap * size);
	if (v)
		*cap = ncap;
	return v;
}

int wb_lab_actions_add(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
		       const char *what, const char *undo)
{
	struct wb_lab_action *x = reserve(a->v, a->n, &a->cap, sizeof(*a->v));

	if (!x)
		return -ENOMEM;
	a->v = x;
	x = &a->v[a->n];
	x->when = when;
	x->host = strdup(host);
	x->what = strdup(what);
	x->undo = undo ? strdup(undo) : NULL;
	if (!x->host || !x->what || (undo && !x->undo)) {
		free(x->host);
		free(x->what);
		free(x->undo);
		return -ENOMEM;
	}
	a->n++;
	return 0;
}

int wb_lab_actions_vaddf(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
			 const char *undo, const char *fmt, va_list ap)
{
	char what[WB_LAB_ACTION_MAX];

	vsnprintf(what, sizeof(what), fmt, ap);
	return wb_lab_actions_add(a, host, when, what, undo);
}

int wb_lab_actions_addf(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
			const char *undo, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = wb_lab_actions_vaddf(a, host, when, undo, fmt, ap);
	va_end(ap);
	return r;
}

int wb_lab_fail(int r, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return r;
}

void wb_lab_actions_release(struct wb_lab_actions *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].host);
		free(a->v[i].what);
		free(a->v[i].undo);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

int wb_lab_findings_add(struct wb_lab_findings *f, const char *host, bool problem,
			const char *fmt, ...)
{
	struct wb_lab_finding *x = reserve(f->v, f->n, &f->cap, sizeof(*f->v));
	va_list ap;
	int r;

	if (!x)
		return -ENOMEM;
	f->v = x;
	x = &f->v[f->n];
	x->problem = problem;
	va_start(ap, fmt);
	r = vasprintf(&x->text, fmt, ap);
	va_end(ap);
	x->host = r < 0 ? NULL : strdup(host);
	if (!x->host) {
		if (r >= 0)
			free(x->text);
		return -ENOMEM;
	}
	f->n++;
	return 0;
}

void wb_lab_findings_release(struct wb_lab_findings *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->v[i].host);
		free(f->v[i].text);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

struct wb_lab_probe *wb_lab_probes_add(struct wb_lab_probes *p)
{
	struct wb_lab_probe *x = reserve(p->v, p->n, &p->cap, sizeof(*p->v));

	if (!x)
		return NULL;
	p->v = x;
	x = &p->v[p->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

void wb_lab_probes_release(struct wb_lab_probes *p)
{
	if (!p)
		return;
	free(p->v);
	memset(p, 0, sizeof(*p));
}
