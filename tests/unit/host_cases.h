/* Test helper: a case both host backends must pass (tests/unit/test_host.c, local, and
 * test_host_ssh.c, through the ssh stand-in); include after <cmocka.h>. */
#ifndef WBT_HOST_CASES_H
#define WBT_HOST_CASES_H

#include <stdio.h>
#include <stdlib.h>

#include "wbench/host/host.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

/* A run's peer that exits ends the run, unless the command answers within the grace. */
static void wbt_run_ends_with_its_peer(struct wb_host *h)
{
	char pid[32], kill_sleep[96], kill_answer[96], *out = NULL;
	char *sleeper[] = { "sleep", "30", NULL };
	char *stays[] = { "sh", "-c", kill_sleep, NULL }, *answers[] = { "sh", "-c", kill_answer, NULL };
	struct wb_host_exec x = { .timeout_ms = 30000 };
	struct wb_proc_opts o;
	struct wb_proc peer;
	int64_t t0;

	for (int i = 0; i < 2; i++) {
		wb_proc_init(&peer, "peer");
		wb_proc_opts_init(&o);
		assert_int_equal(wb_proc_spawn(&peer, sleeper, &o), 0);
		snprintf(pid, sizeof(pid), "%d", (int)peer.pid);
		snprintf(kill_sleep, sizeof(kill_sleep), "kill %s; exec sleep 30", pid);
		snprintf(kill_answer, sizeof(kill_answer), "kill %s; echo answered", pid);
		x.peer = &peer;
		t0 = wb_now_ms();
		if (i == 0) {
			assert_int_equal(wb_host_run(h, stays, &x, NULL, NULL), -ESRCH);
			assert_true(wb_now_ms() - t0 < 10000);
		} else {
			/* the answer was on its way when the peer went: it is the answer */
			assert_int_equal(wb_host_run(h, answers, &x, &out, NULL), 0);
			assert_string_equal(out, "answered\n");
			free(out);
			out = NULL;
		}
		wb_proc_stop(&peer, 1000);
		assert_int_equal(system("pgrep -f '^sleep 30$' >/dev/null"), 256);
	}
}

#endif /* WBT_HOST_CASES_H */
