/* wbench cleanup: undo what killed runs left on the lab's devices (wbench/lab/lab_cleanup.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/log.h"

static const char help[] =
	"usage: wbench cleanup [--dry-run]\n"
	"\n"
	"Undo what runs that were killed (SIGKILL, a crash, a power cut) left changed;\n"
	"'wbench run' does the same first, saying each step. Before a run changes\n"
	"anything on a device (the sim: its namespaces and radios) it writes what it\n"
	"changes and how to undo it into a state record, " WB_LAB_RECORD_DIR "/PID.json\n"
	"(0600, a directory only root can read; $" WB_LAB_RECORD_DIR_ENV " names another);\n"
	"a run that ends in any other way undoes everything itself and removes its record.\n"
	"\n"
	"For each record of a wbench process that no longer runs: the children on remote\n"
	"hosts are killed by their pid files and the remote directories removed (over ssh);\n"
	"monitor interfaces are deleted; radios go back from wbench's namespaces to the\n"
	"initial one and the namespaces are deleted; simulated radios are deleted; each\n"
	"crypto setting (a module parameter, or the scenario's crypto_switch) is put back\n"
	"to its original value and read back. What is undone leaves the record at once;\n"
	"an empty record is deleted. The record of a running wbench is left alone. Changes\n"
	"on this machine recorded before its last boot went with the boot; those on remote\n"
	"hosts are still undone.\n"
	"\n"
	"  --dry-run   say what would be done, change nothing\n"
	"  -h, --help\n"
	"\n"
	"Exit status 3 when something could not be undone (the record keeps it: run\n"
	"cleanup again once the cause is fixed).\n"
	"\n";

int wb_cmd_cleanup(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wb_lab_cleanup_opts o = { .cancel = cancel, .out = stdout };
	struct wb_lab_cleanup_stats st;
	int opt, r;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			o.dry_run = true;
			break;
		case 'h':
			printf("%s%s", help, wb_exit_codes_help);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("cleanup", opt, argv);
		}
	}
	if (optind != argc)
		return wb_usage_error("cleanup", "unexpected argument '%s'", argv[optind]);
	r = wb_lab_cleanup(&o, &st);
	if (r == -ECANCELED)
		return WB_EXIT_INFRA;
	if (st.records == 0 && st.live == 0 && st.bad == 0)
		printf("nothing to clean up in %s\n", wb_lab_record_dir());
	else
		printf("%u record%s of dead runs, %u change%s %s, %u failed, %u running run%s left "
		       "alone%s\n", st.records, st.records == 1 ? "" : "s", st.undone,
		       st.undone == 1 ? "" : "s", o.dry_run ? "to undo" : "undone", st.failed,
		       st.live, st.live == 1 ? "" : "s",
		       st.bad ? ", some files refused" : "");
	return r < 0 ? WB_EXIT_INFRA : WB_EXIT_OK;
}
