/* wbench vm: run a command in the simulated-lab VM. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/util.h"
#include "wbench/vm/vm.h"

static void help(void)
{
	printf("usage: wbench vm [OPTIONS] [--] COMMAND [ARG...]\n\n"
	       "Boot the distribution kernel under qemu (software emulation), share the host\n"
	       "root read-only and the current directory read-write at the same path, run\n"
	       "COMMAND there as root, stream its output (stderr merged into stdout) and exit\n"
	       "with its exit status. Inside, mac80211_hwsim is available: this is the\n"
	       "simulated lab for hosts whose kernel has no wireless. Ctrl-C is passed to the\n"
	       "command as an interrupt; a second Ctrl-C stops the VM.\n\n"
	       "Options:\n"
	       "  --mem MB            guest memory (default 1024)\n"
	       "  --cpus N            guest CPUs (default 2)\n"
	       "  --kernel PATH       /boot/vmlinuz-VERSION to boot (default: the newest\n"
	       "                      whose modules include mac80211_hwsim)\n"
	       "  --timeout SEC       stop the command after SEC seconds (default: no limit)\n"
	       "  --boot-timeout SEC  give up if the command has not started (default 300)\n"
	       "  --env NAME=VALUE    set a variable for the command (WBENCH_* and CMOCKA_*\n"
	       "                      variables are passed on by themselves)\n"
	       "  -v, --verbose       show the boot console\n\n"
	       "Exit status: COMMAND's, or 3 when the VM could not be driven (the failed\n"
	       "boot step is named), or 2 for a usage error.\n"
	       "Example: wbench vm -- wbench probe\n");
}

int wb_cmd_vm(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "boot-timeout", required_argument, NULL, 'b' },
		{ "env", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wb_vm_opts o;
	const char **env = NULL;
	size_t n_env = 0;
	unsigned long v;
	int c, code, r, ret = WB_EXIT_USAGE;

	wb_vm_opts_init(&o);
	optind = 1;
	opterr = 0;
	/* '+': options end at COMMAND, so the command's own options pass through */
	while ((c = getopt_long(argc, argv, "+:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (wb_parse_uint(optarg, 128, 65536, &v) < 0) {
				wb_usage_error("vm", "--mem: expected megabytes in 128..65536, got '%s'",
					       optarg);
				goto out;
			}
			o.mem_mb = (unsigned int)v;
			break;
		case 'c':
			if (wb_parse_uint(optarg, 1, 64, &v) < 0) {
				wb_usage_error("vm", "--cpus: expected 1..64, got '%s'", optarg);
				goto out;
			}
			o.cpus = (unsigned int)v;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 't':
		case 'b':
			if (wb_parse_uint(optarg, 1, 7 * 86400, &v) < 0) {
				wb_usage_error("vm", "--%s: expected seconds, got '%s'",
					       c == 't' ? "timeout" : "boot-timeout", optarg);
				goto out;
			}
			if (c == 't')
				o.timeout_ms = (int64_t)v * 1000;
			else
				o.boot_timeout_ms = (int64_t)v * 1000;
			break;
		case 'e': {
			const char **ne;

			if (!strchr(optarg, '=') || optarg[0] == '=') {
				wb_usage_error("vm", "--env: expected NAME=VALUE, got '%s'", optarg);
				goto out;
			}
			ne = realloc(env, (n_env + 2) * sizeof(*env));
			if (!ne) {
				ret = WB_EXIT_INFRA;
				goto out;
			}
			env = ne;
			env[n_env++] = optarg;
			env[n_env] = NULL;
			break;
		}
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			help();
			ret = WB_EXIT_OK;
			goto out;
		default:
			wb_cliarg_getopt_error("vm", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		wb_usage_error("vm", "missing COMMAND");
		goto out;
	}
	o.env = env;
	r = wb_vm_run(&o, argv + optind, cancel, &code);
	ret = r < 0 ? WB_EXIT_INFRA : code;
out:
	free(env);
	return ret;
}
