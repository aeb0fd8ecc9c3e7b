/*
 * The VM's serial console carries three things: boot noise, the command's output and
 * our marker lines ("@@<nonce> step|fail|start|exit ..."). The nonce is random per boot,
 * so the command's own output cannot forge a marker. Markers may arrive split across
 * reads and may follow output that lacks a final newline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/lib/util.h"
#include "wbench/vm/vm_i.h"

#define BOOT_LOG_MAX (64 * 1024)

static void out_fd1(void *arg, const char *data, size_t len)
{
	(void)arg;
	while (len) {
		ssize_t w = write(1, data, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return; /* stdout gone: nothing sensible to do with the output */
		}
		data += w;
		len -= (size_t)w;
	}
}

void wb_vm_console_init(struct wb_vm_console *vc, const char *nonce)
{
	memset(vc, 0, sizeof(*vc));
	snprintf(vc->marker, sizeof(vc->marker), "@@%s ", nonce);
	vc->marker_len = strlen(vc->marker);
	vc->phase = WB_VM_BOOTING;
	vc->exit_code = -1;
	wb_strlcpy(vc->step, "kernel", sizeof(vc->step));
	vc->out = out_fd1;
}

void wb_vm_console_release(struct wb_vm_console *vc)
{
	if (!vc)
		return;
	free(vc->pending);
	free(vc->boot_log);
	vc->pending = vc->boot_log = NULL;
	vc->pending_len = vc->boot_log_len = 0;
}

static int boot_log_add(struct wb_vm_console *vc, const char *d, size_t len)
{
	if (vc->verbose)
		(void)!write(2, d, len);
	if (len >= BOOT_LOG_MAX) {
		d += len - BOOT_LOG_MAX;
		len = BOOT_LOG_MAX;
	}
	if (!vc->boot_log) {
		vc->boot_log = malloc(BOOT_LOG_MAX);
		if (!vc->boot_log)
			return -ENOMEM;
	}
	if (vc->boot_log_len + len > BOOT_LOG_MAX) {
		size_t drop = vc->boot_log_len + len - BOOT_LOG_MAX;

		memmove(vc->boot_log, vc->boot_log + drop, vc->boot_log_len - drop);
		vc->boot_log_len -= drop;
	}
	memcpy(vc->boot_log + vc->boot_log_len, d, len);
	vc->boot_log_len += len;
	return 0;
}

static int emit(struct wb_vm_console *vc, const char *d, size_t len)
{
	if (!len)
		return 0;
	if (vc->phase == WB_VM_RUNNING) {
		vc->out(vc->out_arg, d, len);
		return 0;
	}
	return boot_log_add(vc, d, len);
}

static void handle_marker(struct wb_vm_console *vc, char *line)
{
	if (strncmp(line, "step ", 5) == 0) {
		wb_strlcpy(vc->step, line + 5, sizeof(vc->step));
	} else if (strncmp(line, "fail ", 5) == 0) {
		char *msg = strchr(line + 5, ' ');

		if (msg)
			*msg++ = '\0';
		wb_strlcpy(vc->step, line + 5, sizeof(vc->step));
		wb_strlcpy(vc->fail_msg, msg ? msg : "", sizeof(vc->fail_msg));
		vc->failed = true;
	} else if (strcmp(line, "start") == 0) {
		vc->phase = WB_VM_RUNNING;
	} else if (strncmp(line, "exit ", 5) == 0) {
		unsigned long v;

		if (wb_parse_uint(line + 5, 0, 255, &v) == 0)
			vc->exit_code = (int)v;
		vc->phase = WB_VM_DONE;
	}
}

int wb_vm_console_feed(struct wb_vm_console *vc, const char *data, size_t len)
{
	char *p;
	size_t keep, k;
	int r;

	p = realloc(vc->pending, vc->pending_len + len + 1);
	if (!p)
		return -ENOMEM;
	vc->pending = p;
	memcpy(p + vc->pending_len, data, len);
	vc->pending_len += len;
	for (;;) {
		char *m = memmem(vc->pending, vc->pending_len, vc->marker, vc->marker_len);
		char *nl;

		if (!m)
			break;
		r = emit(vc, vc->pending, (size_t)(m - vc->pending));
		if (r < 0)
			return r;
		nl = memchr(m, '\n', vc->pending_len - (size_t)(m - vc->pending));
		if (!nl) {
			/* keep the incomplete marker line for the next read */
			vc->pending_len -= (size_t)(m - vc->pending);
			memmove(vc->pending, m, vc->pending_len);
			return 0;
		}
		*nl = '\0';
		if (nl > m && nl[-1] == '\r')
			nl[-1] = '\0';
		handle_marker(vc, m + vc->marker_len);
		vc->pending_len -= (size_t)(nl + 1 - vc->pending);
		memmove(vc->pending, nl + 1, vc->pending_len);
	}
	/* Hold back a tail that could be the start of a marker split across reads. */
	keep = 0;
	for (k = vc->marker_len - 1; k > 0; k--) {
		if (k <= vc->pending_len &&
		    memcmp(vc->pending + vc->pending_len - k, vc->marker, k) == 0) {
			keep = k;
			break;
		}
	}
	r = emit(vc, vc->pending, vc->pending_len - keep);
	memmove(vc->pending, vc->pending + vc->pending_len - keep, keep);
	vc->pending_len = keep;
	return r;
}
