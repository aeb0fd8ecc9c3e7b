/* The VM runner: boot, stream the console, relay Ctrl-C, carry the exit status out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"
#include "wbench/vm/vm.h"
#include "wbench/vm/vm_i.h"

#define QEMU_DEFAULT "qemu-system-x86_64"
/* `modprobe -n` answers at once; the bound is for a hung module tool. */
#define MODPROBE_DRY_RUN_TIMEOUT_MS 10000
/* The last console lines shown after a failed boot: usually enough to see why. */
#define BOOT_FAILURE_LINES 25
/* qemu exits by itself after the guest powers off; how long it may take. */
#define POWEROFF_EXIT_MS 30000
/* SIGTERM to SIGKILL for qemu when we stop it. */
#define QEMU_STOP_GRACE_MS 3000

void wb_vm_opts_init(struct wb_vm_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mem_mb = 1024;
	o->cpus = 2;
	o->boot_timeout_ms = 300000;
	o->timeout_ms = 0;
	o->interrupt_grace_ms = 120000;
}

bool wb_vm_inside(void)
{
	const char *e = getenv("WBENCH_IN_VM");

	return e && strcmp(e, "1") == 0;
}

bool wb_vm_needed(void)
{
	struct stat st;
	struct wb_proc_opts o;
	char *argv[] = { (char *)"modprobe", (char *)"-n", (char *)"-q",
			 (char *)"mac80211_hwsim", NULL };

	if (stat("/sys/module/mac80211_hwsim", &st) == 0)
		return false;
	/* Loadable here? (dry run: nothing is loaded) */
	wb_proc_opts_init(&o);
	o.stdout_fd = WB_PROC_DEVNULL;
	o.stderr_fd = WB_PROC_DEVNULL;
	return wb_proc_run(argv, &o, MODPROBE_DRY_RUN_TIMEOUT_MS, NULL) != 0;
}

static void print_boot_failure(const struct wb_vm_console *vc)
{
	size_t start = 0, lines = 0, i;

	if (!vc->boot_log_len)
		return;
	for (i = vc->boot_log_len; i > 0; i--) {
		if (vc->boot_log[i - 1] == '\n' && ++lines > BOOT_FAILURE_LINES) {
			start = i;
			break;
		}
	}
	fprintf(stderr, "wbench vm: last console lines:\n");
	fwrite(vc->boot_log + start, 1, vc->boot_log_len - start, stderr);
	if (vc->boot_log[vc->boot_log_len - 1] != '\n')
		fputc('\n', stderr);
}

static int make_nonce(char *out, size_t len)
{
	uint8_t b[8];

	if (len < 2 * sizeof(b) + 1 || getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -EIO;
	wb_hex_encode(b, sizeof(b), out);
	return 0;
}

/* Whether our variable @e is handed to the guest (the guest's own markers are not). */
static bool passed_on(const char *e)
{
	return (wb_str_has_prefix(e, "WBENCH_") || wb_str_has_prefix(e, "CMOCKA_")) &&
	       !wb_str_has_prefix(e, "WBENCH_IN_VM=") && !wb_str_has_prefix(e, "WBENCH_HOST_TTY=");
}

/* WBENCH_* and CMOCKA_* variables of ours plus @extra, for the guest. New array (free). */
static char **guest_env(const char *const *extra)
{
	extern char **environ;
	size_t n = 0, i;
	char **env, **e;

	for (e = environ; e && *e; e++)
		n += passed_on(*e);
	for (i = 0; extra && extra[i]; i++)
		n++;
	env = malloc((n + 2) * sizeof(*env));
	if (!env)
		return NULL;
	n = 0;
	for (e = environ; e && *e; e++)
		if (passed_on(*e))
			env[n++] = *e;
	for (i = 0; extra && extra[i]; i++)
		env[n++] = (char *)extra[i];
	/* The guest's stdout is a serial line: tell it whether a person is watching. */
	env[n++] = isatty(1) ? (char *)"WBENCH_HOST_TTY=1" : (char *)"WBENCH_HOST_TTY=0";
	env[n] = NULL;
	return env;
}

/* What one boot owns; released by session_release() whatever the outcome. */
struct vm_session {
	struct wb_vm_console vc;
	struct wb_proc qemu;
	int out_fd;   /* qemu's stdout+stderr, read end, or -1 */
	int in_fd;    /* qemu's stdin (serial input), write end, or -1 */
};

static void session_init(struct vm_session *s, const char *nonce, bool verbose)
{
	wb_vm_console_init(&s->vc, nonce);
	s->vc.verbose = verbose;
	wb_proc_init(&s->qemu, "qemu");
	s->out_fd = -1;
	s->in_fd = -1;
}

static void session_release(struct vm_session *s)
{
	wb_proc_stop(&s->qemu, QEMU_STOP_GRACE_MS);
	if (s->out_fd >= 0)
		close(s->out_fd);
	if (s->in_fd >= 0)
		close(s->in_fd);
	wb_vm_console_release(&s->vc);
}

static void report_timeout(const struct vm_session *s, const struct wb_vm_opts *o, bool relayed)
{
	if (s->vc.phase == WB_VM_BOOTING)
		wb_err("vm: boot timed out after %lld s at step '%s'",
		       (long long)(o->boot_timeout_ms / 1000), s->vc.step);
	else if (relayed)
		wb_err("vm: the command did not end within %lld s of the interrupt",
		       (long long)(o->interrupt_grace_ms / 1000));
	else
		wb_err("vm: the command timed out after %lld s", (long long)(o->timeout_ms / 1000));
}

/*
 * A termination signal: the first one while the command runs is relayed into the VM and
 * the wait becomes the grace; during boot, or a second one, stops the VM (-ECANCELED).
 */
static int on_interrupt(struct vm_session *s, const struct wb_vm_opts *o, struct wb_cancel *c,
			struct wb_wait *w, bool *relayed)
{
	if (wb_cancel_again(c)) {
		wb_err("vm: interrupted again: stopping the VM");
		return -ECANCELED;
	}
	if (s->vc.phase != WB_VM_RUNNING) {
		wb_err("vm: interrupted during boot");
		return -ECANCELED;
	}
	if (!*relayed) {
		/* ^C on the guest's console: its line discipline sends SIGINT. */
		(void)!write(s->in_fd, "\x03", 1);
		*relayed = true;
		w->deadline = wb_now_ms() + o->interrupt_grace_ms;
		wb_info("vm: interrupt passed to the command in the VM; waiting up to "
			"%lld s for it to clean up (interrupt again to stop the VM)",
			(long long)(o->interrupt_grace_ms / 1000));
	}
	return 0;
}

/* Reads the console once. Returns 1 at end of file, 0, or a negative errno. */
static int on_console(struct vm_session *s, struct wb_wait *w)
{
	char buf[8192];
	ssize_t n = read(s->out_fd, buf, sizeof(buf));

	if (n < 0 && errno != EINTR && errno != EAGAIN)
		return -errno;
	if (n == 0)
		return 1;
	if (n > 0 && wb_vm_console_feed(&s->vc, buf, (size_t)n) < 0)
		return -ENOMEM;
	if (s->vc.failed || s->vc.phase == WB_VM_DONE) {
		w->deadline = wb_now_ms() + POWEROFF_EXIT_MS;
		if (s->vc.failed)
			return 1;
	}
	return 0;
}

/*
 * Streams the console until qemu closes it. The deadline is the boot's, then the
 * command's (if any), then the interrupt's grace or qemu's poweroff. The cancel fd is
 * polled as a plain descriptor: the first signal is relayed, it does not end the wait.
 */
static int pump(struct vm_session *s, const struct wb_vm_opts *o, struct wb_cancel *c)
{
	int64_t t0 = wb_now_ms(), run_start = 0;
	bool relayed = false;
	struct wb_wait w;

	wb_wait_init(&w, o->boot_timeout_ms, NULL);
	for (;;) {
		struct pollfd fds[2] = { { s->out_fd, POLLIN, 0 }, { wb_cancel_fd(c), POLLIN, 0 } };
		int r;

		if (s->vc.phase == WB_VM_RUNNING && !run_start) {
			run_start = wb_now_ms();
			wb_debug("vm: booted in %.1f s", (run_start - t0) / 1000.0);
			w.deadline = o->timeout_ms > 0 ? run_start + o->timeout_ms : WB_WAIT_NO_DEADLINE;
		}
		r = wb_wait_round(&w, fds, WB_ARRAY_SIZE(fds));
		if (r == -ETIMEDOUT)
			report_timeout(s, o, relayed);
		if (r < 0)
			return r;
		if (fds[1].revents & POLLIN) {
			r = on_interrupt(s, o, c, &w, &relayed);
			if (r < 0)
				return r;
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = on_console(s, &w);
			if (r != 0)
				return r < 0 ? r : 0;
		}
	}
}

/* The kernel to boot and its version (for its modules). Returns 0 or -errno, said. */
static int pick_kernel(const struct wb_vm_opts *o, char *kernel, size_t klen, char *kver,
		       size_t vlen)
{
	if (o->kernel) {
		const char *b = strrchr(o->kernel, '/');

		b = b ? b + 1 : o->kernel;
		if (!wb_str_has_prefix(b, WB_VM_KERNEL_PREFIX)) {
			wb_err("vm: cannot tell the kernel version of '%s' (expected vmlinuz-VERSION)",
			       o->kernel);
			return -EINVAL;
		}
		wb_strlcpy(kernel, o->kernel, klen);
		wb_strlcpy(kver, b + strlen(WB_VM_KERNEL_PREFIX), vlen);
	} else if (wb_vm_find_kernel("/boot", "/lib/modules", kernel, klen, kver, vlen) < 0) {
		wb_err("vm: no kernel with mac80211_hwsim found in /boot and /lib/modules "
		       "(install the Debian package linux-image-amd64: 'make deps')");
		return -ENOENT;
	}
	if (access(kernel, R_OK) < 0) {
		int r = -errno;

		wb_err("vm: cannot read the kernel '%s': %s", kernel, strerror(-r));
		return r;
	}
	return 0;
}

/* The directory shared read-write: o->workdir or the cwd (in @cwd). Returns 0 or -errno. */
static int pick_workdir(const struct wb_vm_opts *o, char *cwd, size_t len, const char **workdir)
{
	*workdir = o->workdir;
	if (!*workdir) {
		if (!getcwd(cwd, len))
			return -errno;
		*workdir = cwd;
	}
	if (strchr(*workdir, ',')) {
		/* qemu's option syntax cannot carry a comma in a path */
		wb_err("vm: the work directory '%s' contains a comma, which qemu cannot share",
		       *workdir);
		return -EINVAL;
	}
	return 0;
}

static bool system_dir(const char *d)
{
	static const char *const sys[] = { "/proc", "/sys", "/dev", "/run" };

	for (size_t i = 0; i < WB_ARRAY_SIZE(sys); i++)
		if (wb_path_under(d, sys[i]))
			return true;
	return false;
}

/* What qemu can share: absolute directories, no comma (its option syntax), few. */
static int check_shares(const char *const *shares)
{
	unsigned int i;

	for (i = 0; shares && shares[i]; i++) {
		if (i >= WB_VM_MAX_SHARES) {
			wb_err("vm: more than %d directories to share", WB_VM_MAX_SHARES);
			return -E2BIG;
		}
		if (shares[i][0] != '/' || strchr(shares[i], ',')) {
			wb_err("vm: cannot share '%s': %s", shares[i], shares[i][0] != '/' ?
			       "not an absolute path" : "qemu cannot share a path with a comma");
			return -EINVAL;
		}
		/* the guest's own /proc, /sys, /dev and /run (its records, its TMPDIR) */
		if (!strcmp(shares[i], "/") || system_dir(shares[i])) {
			wb_err("vm: cannot share '%s': the VM needs its own; write elsewhere",
			       shares[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* qemu's command line and the strings it points into. */
struct qemu_cmd {
	char mem[16], cpus[16], fs_work[PATH_MAX + 128];
	char fs_share[WB_VM_MAX_SHARES][PATH_MAX + 128], dev_share[WB_VM_MAX_SHARES][96];
	char *argv[40 + 4 * WB_VM_MAX_SHARES];
};

static void qemu_cmd_init(struct qemu_cmd *q, const struct wb_vm_opts *o, char *kernel,
			  char *initrd, const char *workdir)
{
	size_t k;
	char *const argv[] = {
		(char *)(o->qemu ? o->qemu : QEMU_DEFAULT),
		(char *)"-nodefaults", (char *)"-no-user-config",
		(char *)"-accel", (char *)"tcg,thread=multi",
		(char *)"-m", q->mem, (char *)"-smp", q->cpus,
		(char *)"-display", (char *)"none", (char *)"-no-reboot",
		(char *)"-chardev", (char *)"stdio,id=con,signal=off",
		(char *)"-serial", (char *)"chardev:con",
		(char *)"-kernel", kernel, (char *)"-initrd", initrd,
		(char *)"-append",
		(char *)"console=ttyS0 panic=-1 quiet loglevel=1 mitigations=off "
			"random.trust_cpu=on",
		(char *)"-fsdev",
		(char *)"local,id=fsroot,path=/,security_model=none,readonly=on,multidevs=remap",
		(char *)"-device", (char *)"virtio-9p-pci,fsdev=fsroot,mount_tag=host",
		(char *)"-fsdev", q->fs_work,
		(char *)"-device", (char *)"virtio-9p-pci,fsdev=fswork,mount_tag=work",
		NULL,
	};

	_Static_assert(sizeof(argv) + 4 * WB_VM_MAX_SHARES * sizeof(char *) <= sizeof(q->argv),
		       "struct qemu_cmd: argv too small");
	snprintf(q->mem, sizeof(q->mem), "%u", o->mem_mb);
	snprintf(q->cpus, sizeof(q->cpus), "%u", o->cpus);
	snprintf(q->fs_work, sizeof(q->fs_work),
		 "local,id=fswork,path=%s,security_model=none,multidevs=remap", workdir);
	memcpy(q->argv, argv, sizeof(argv));
	k = WB_ARRAY_SIZE(argv) - 1;
	for (unsigned int i = 0; o->shares && o->shares[i] && i < WB_VM_MAX_SHARES; i++) {
		snprintf(q->fs_share[i], sizeof(q->fs_share[i]), "local,id=fsout%u,path=%s,"
			 "security_model=none,multidevs=remap", i, o->shares[i]);
		snprintf(q->dev_share[i], sizeof(q->dev_share[i]),
			 "virtio-9p-pci,fsdev=fsout%u,mount_tag=wbout%u", i, i);
		q->argv[k++] = (char *)"-fsdev";
		q->argv[k++] = q->fs_share[i];
		q->argv[k++] = (char *)"-device";
		q->argv[k++] = q->dev_share[i];
	}
	q->argv[k] = NULL;
}

/* Starts qemu on two pipes whose other ends @s keeps. Returns 0 or -errno, said. */
static int start_qemu(struct vm_session *s, const struct wb_vm_opts *o, char *kernel,
		      char *initrd, const char *workdir)
{
	struct qemu_cmd q;
	struct wb_proc_opts po;
	int outp[2], inp[2], r;

	if (pipe2(outp, O_CLOEXEC) < 0)
		return -errno;
	s->out_fd = outp[0];
	if (pipe2(inp, O_CLOEXEC) < 0) {
		r = -errno;
		close(outp[1]);
		return r;
	}
	s->in_fd = inp[1];
	qemu_cmd_init(&q, o, kernel, initrd, workdir);
	wb_proc_opts_init(&po);
	po.stdin_fd = inp[0];
	po.stdout_fd = outp[1];
	po.stderr_fd = outp[1];
	r = wb_proc_spawn(&s->qemu, q.argv, &po);
	/* qemu's ends: with ours closed, its exit is our end of file */
	close(outp[1]);
	close(inp[0]);
	if (r < 0)
		wb_err("vm: cannot start %s: %s", q.argv[0], strerror(-r));
	return r;
}

/* Turns pump()'s @r into the run's result, saying why a VM ended early. */
static int vm_outcome(const struct vm_session *s, int r, int *exit_code)
{
	if (r == 0 && s->vc.failed) {
		wb_err("vm: boot step '%s' failed: %s", s->vc.step, s->vc.fail_msg);
		print_boot_failure(&s->vc);
		r = -EIO;
	} else if (r == 0 && s->vc.phase != WB_VM_DONE) {
		wb_err("vm: the VM stopped before the command finished (%s step '%s')",
		       s->vc.phase == WB_VM_BOOTING ? "boot" : "at", s->vc.phase ==
		       WB_VM_BOOTING ? s->vc.step : "command");
		print_boot_failure(&s->vc);
		r = -EIO;
	} else if (r == -ETIMEDOUT && s->vc.phase == WB_VM_BOOTING) {
		print_boot_failure(&s->vc);
	}
	if (s->vc.phase == WB_VM_DONE) {
		*exit_code = s->vc.exit_code;
		if (r == -ETIMEDOUT) /* qemu lingered after poweroff: the result stands */
			r = 0;
	}
	return r;
}

int wb_vm_run(const struct wb_vm_opts *o, char *const argv[], struct wb_cancel *c,
	      int *exit_code)
{
	char kernel[PATH_MAX], kver[128], nonce[32], initrd[PATH_MAX], cwd[PATH_MAX];
	char *dir = NULL, **env = NULL;
	struct wb_vm_init_params ip = { 0 };
	const char *workdir;
	struct vm_session s;
	int r;

	*exit_code = -1;
	/* The nonce first: the console that recognises our markers is set up once. */
	r = make_nonce(nonce, sizeof(nonce));
	if (r < 0)
		return r;
	session_init(&s, nonce, o->verbose);
	r = pick_workdir(o, cwd, sizeof(cwd), &workdir);
	if (r == 0)
		r = check_shares(o->shares);
	if (r == 0)
		r = pick_kernel(o, kernel, sizeof(kernel), kver, sizeof(kver));
	if (r < 0)
		goto out;
	dir = wb_mkdtemp_private("wbench-vm");
	if (!dir) {
		r = -errno;
		wb_err("vm: cannot create a private temporary directory: %s", strerror(-r));
		goto out;
	}
	env = guest_env(o->env);
	if (!env) {
		r = -ENOMEM;
		goto out;
	}
	snprintf(initrd, sizeof(initrd), "%s/initrd.cpio", dir);
	ip.nonce = nonce;
	ip.workdir = workdir;
	ip.argv = argv;
	ip.env = (const char *const *)env;
	ip.shares = o->shares;
	r = wb_vm_build_initramfs(initrd, kver, &ip);
	if (r == 0)
		r = start_qemu(&s, o, kernel, initrd, workdir);
	if (r == 0)
		r = vm_outcome(&s, pump(&s, o, c), exit_code);
out:
	session_release(&s);
	free(env);
	if (dir) {
		wb_rm_rf(dir);
		free(dir);
	}
	return r;
}
