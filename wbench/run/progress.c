#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/run/progress.h"
#include "wbench/lib/util.h"

bool wb_progress_tty_default(void)
{
	const char *h = getenv("WBENCH_HOST_TTY");

	if (h && *h)
		return strcmp(h, "1") == 0;
	return isatty(1);
}

void wb_progress_init(struct wb_progress *p, FILE *out, bool tty, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = tty;
	p->total = total;
	p->t0_ms = wb_now_ms();
}

char *wb_progress_format_s(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(buf, len, "%lldh%02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(buf, len, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(buf, len, "%llds", (long long)s);
	return buf;
}

static void eta(const struct wb_progress *p, char *buf, size_t len)
{
	if (!p->done) {
		wb_strlcpy(buf, "?", len);
		return;
	}
	/* mean time per finished cell times the cells left */
	wb_progress_format_s(p->busy_ms / (int64_t)p->done * (int64_t)(p->total - p->done) / 1000,
			     buf, len);
}

static void clear_line(struct wb_progress *p)
{
	if (p->tty && p->line_open) {
		fputs("\r\033[K", p->out);
		p->line_open = false;
	}
}

void wb_progress_start(struct wb_progress *p, size_t i, const char *mode)
{
	char el[16], et[16];

	p->cell_ms = wb_now_ms();
	if (!p->tty)
		return;
	clear_line(p);
	eta(p, et, sizeof(et));
	fprintf(p->out, "cell %zu/%zu  %s  elapsed %s  ETA %s", i + 1, p->total, mode,
		wb_progress_format_s((wb_now_ms() - p->t0_ms) / 1000, el, sizeof(el)), et);
	fflush(p->out);
	p->line_open = true;
}

void wb_progress_done(struct wb_progress *p, size_t i, const char *mode, const char *outcome)
{
	char el[16], et[16];
	int64_t took = wb_now_ms() - p->cell_ms;

	p->done++;
	p->busy_ms += took;
	clear_line(p);
	eta(p, et, sizeof(et));
	fprintf(p->out, "cell %zu/%zu  %-34s %-40s %5.1f s  elapsed %s  ETA %s\n", i + 1, p->total,
		mode, outcome, took / 1000.0,
		wb_progress_format_s((wb_now_ms() - p->t0_ms) / 1000, el, sizeof(el)), et);
	fflush(p->out);
}

void wb_progress_note(struct wb_progress *p, const char *msg)
{
	clear_line(p);
	fprintf(p->out, "%s\n", msg);
	fflush(p->out);
}

void wb_progress_end(struct wb_progress *p)
{
	clear_line(p);
	fflush(p->out);
}
