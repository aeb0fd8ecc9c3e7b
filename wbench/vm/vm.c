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
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/vm/vm.h"
#include "wbench/vm/vm_i.h"

#define QEMU_DEFAULT "qemu-system-x86_64"

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
	return wb_proc_run(argv, &o, 10000, NULL) != 0;
}

/* Extra signals after the first: the first is consumed by wb_cancel_check. */
static bool another_signal(struct wb_cancel *c)
{
	struct signalfd_siginfo si;

	return c && c->fd >= 0 && read(c->fd, &si, sizeof(si)) == (ssize_t)sizeof(si);
}

static void print_boot_failure(const struct wb_vm_console *vc)
{
	size_t start = 0, lines = 0, i;

	if (!vc->boot_log_len)
		return;
	/* the last 25 lines of the console are usually enough to see why */
	for (i = vc->boot_log_len; i > 0; i--) {
		if (vc->boot_log[i - 1] == '\n' && ++lines > 25) {
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

struct vm_session {
	struct wb_vm_console vc;
	struct wb_proc qemu;
	int out_fd;   /* qemu's stdout+stderr, read end */
	int in_fd;    /* qemu's stdin (serial input), write end */
};

static int pump(struct vm_session *s, const struct wb_vm_opts *o, struct wb_cancel *c)
{
	int64_t t0 = wb_now_ms(), deadline = t0 + o->boot_timeout_ms, run_start = 0;
	bool relayed = false, eof = false;
	char buf[8192];

	for (;;) {
		struct pollfd fds[2] = { { s->out_fd, POLLIN, 0 }, { wb_cancel_fd(c), POLLIN, 0 } };
		int64_t now = wb_now_ms(), left;
		int r;

		if (s->vc.phase == WB_VM_RUNNING && !run_start) {
			run_start = now;
			wb_debug("vm: booted in %.1f s", (now - t0) / 1000.0);
			deadline = o->timeout_ms > 0 ? now + o->timeout_ms : -1;
		}
		if (eof)
			return 0;
		if (deadline >= 0 && now >= deadline) {
			if (s->vc.phase == WB_VM_BOOTING)
				wb_err("vm: boot timed out after %lld s at step '%s'",
				       (long long)(o->boot_timeout_ms / 1000), s->vc.step);
			else if (relayed)
				wb_err("vm: the command did not end within %lld s of the interrupt",
				       (long long)(o->interrupt_grace_ms / 1000));
			else
				wb_err("vm: the command timed out after %lld s",
				       (long long)(o->timeout_ms / 1000));
			return -ETIMEDOUT;
		}
		left = deadline >= 0 ? deadline - now : -1;
		r = poll(fds, fds[1].fd >= 0 ? 2 : 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0 && (fds[1].revents & POLLIN)) {
			if (!c->fired) {
				wb_cancel_check(c);
			} else if (another_signal(c)) {
				wb_err("vm: interrupted again: stopping the VM");
				return -ECANCELED;
			}
			if (s->vc.phase != WB_VM_RUNNING) {
				wb_err("vm: interrupted during boot");
				return -ECANCELED;
			}
			if (!relayed) {
				/* ^C on the guest's console: its line discipline sends SIGINT. */
				(void)!write(s->in_fd, "\x03", 1);
				relayed = true;
				deadline = wb_now_ms() + o->interrupt_grace_ms;
				wb_info("vm: interrupt passed to the command in the VM; waiting up to "
					"%lld s for it to clean up (interrupt again to stop the VM)",
					(long long)(o->interrupt_grace_ms / 1000));
			}
		}
		if (r > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t n = read(s->out_fd, buf, sizeof(buf));

			if (n < 0 && errno != EINTR && errno != EAGAIN)
				return -errno;
			if (n == 0) {
				eof = true;
				continue;
			}
			if (n > 0 && wb_vm_console_feed(&s->vc, buf, (size_t)n) < 0)
				return -ENOMEM;
			if (s->vc.failed || s->vc.phase == WB_VM_DONE) {
				/* qemu exits by itself after poweroff; give it a bounded moment */
				deadline = wb_now_ms() + 30000;
				if (s->vc.failed)
					return 0;
			}
		}
	}
}

int wb_vm_run(const struct wb_vm_opts *o, char *const argv[], struct wb_cancel *c,
	      int *exit_code)
{
	char kernel[PATH_MAX], kver[128], nonce[32], initrd[PATH_MAX], cwd[PATH_MAX];
	char mem[16], cpus[16], fs_work[PATH_MAX + 128];
	char *dir = NULL, **env = NULL;
	const char *workdir = o->workdir;
	struct vm_session s;
	struct wb_proc_opts po;
	int outp[2] = { -1, -1 }, inp[2] = { -1, -1 }, r;

	wb_vm_console_init(&s.vc, "x");
	s.vc.verbose = o->verbose;
	wb_proc_init(&s.qemu, "qemu");
	*exit_code = -1;
	if (!workdir) {
		if (!getcwd(cwd, sizeof(cwd)))
			return -errno;
		workdir = cwd;
	}
	if (strchr(workdir, ',')) {
		/* qemu's option syntax cannot carry a comma in a path */
		wb_err("vm: the work directory '%s' contains a comma, which qemu cannot share",
		       workdir);
		return -EINVAL;
	}
	if (o->kernel) {
		const char *b = strrchr(o->kernel, '/');

		b = b ? b + 1 : o->kernel;
		if (!wb_str_has_prefix(b, "vmlinuz-")) {
			wb_err("vm: cannot tell the kernel version of '%s' (expected vmlinuz-VERSION)",
			       o->kernel);
			return -EINVAL;
		}
		wb_strlcpy(kernel, o->kernel, sizeof(kernel));
		wb_strlcpy(kver, b + 8, sizeof(kver));
	} else if (wb_vm_find_kernel("/boot", "/lib/modules", kernel, sizeof(kernel), kver,
				     sizeof(kver)) < 0) {
		wb_err("vm: no kernel with mac80211_hwsim found in /boot and /lib/modules "
		       "(install the Debian package linux-image-amd64: 'make deps')");
		return -ENOENT;
	}
	if (access(kernel, R_OK) < 0) {
		wb_err("vm: cannot read the kernel '%s': %s", kernel, strerror(errno));
		return -errno;
	}
	r = make_nonce(nonce, sizeof(nonce));
	if (r < 0)
		return r;
	wb_vm_console_release(&s.vc);
	wb_vm_console_init(&s.vc, nonce);
	s.vc.verbose = o->verbose;
	dir = wb_mkdtemp_private("wbench-vm");
	if (!dir) {
		wb_err("vm: cannot create a private temporary directory: %s", strerror(errno));
		return -errno;
	}
	env = guest_env(o->env);
	if (!env) {
		r = -ENOMEM;
		goto out;
	}
	snprintf(initrd, sizeof(initrd), "%s/initrd.cpio", dir);
	r = wb_vm_build_initramfs(initrd, kver, nonce, workdir, argv, (const char *const *)env);
	if (r < 0)
		goto out;
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(inp, O_CLOEXEC) < 0) {
		r = -errno;
		goto out;
	}
	snprintf(mem, sizeof(mem), "%u", o->mem_mb);
	snprintf(cpus, sizeof(cpus), "%u", o->cpus);
	snprintf(fs_work, sizeof(fs_work),
		 "local,id=fswork,path=%s,security_model=none,multidevs=remap", workdir);
	{
		char *qargv[] = {
			(char *)(o->qemu ? o->qemu : QEMU_DEFAULT),
			(char *)"-nodefaults", (char *)"-no-user-config",
			(char *)"-accel", (char *)"tcg,thread=multi",
			(char *)"-m", mem, (char *)"-smp", cpus,
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
			(char *)"-fsdev", fs_work,
			(char *)"-device", (char *)"virtio-9p-pci,fsdev=fswork,mount_tag=work",
			NULL,
		};

		wb_proc_opts_init(&po);
		po.stdin_fd = inp[0];
		po.stdout_fd = outp[1];
		po.stderr_fd = outp[1];
		r = wb_proc_spawn(&s.qemu, qargv, &po);
	}
	close(outp[1]);
	close(inp[0]);
	outp[1] = inp[0] = -1;
	if (r < 0) {
		wb_err("vm: cannot start %s: %s", o->qemu ? o->qemu : QEMU_DEFAULT, strerror(-r));
		goto out;
	}
	s.out_fd = outp[0];
	s.in_fd = inp[1];
	r = pump(&s, o, c);
	if (r == 0 && s.vc.failed) {
		wb_err("vm: boot step '%s' failed: %s", s.vc.step, s.vc.fail_msg);
		print_boot_failure(&s.vc);
		r = -EIO;
	} else if (r == 0 && s.vc.phase != WB_VM_DONE) {
		wb_err("vm: the VM stopped before the command finished (%s step '%s')",
		       s.vc.phase == WB_VM_BOOTING ? "boot" : "at", s.vc.phase ==
		       WB_VM_BOOTING ? s.vc.step : "command");
		print_boot_failure(&s.vc);
		r = -EIO;
	} else if (r == -ETIMEDOUT && s.vc.phase == WB_VM_BOOTING) {
		print_boot_failure(&s.vc);
	}
	if (s.vc.phase == WB_VM_DONE) {
		*exit_code = s.vc.exit_code;
		if (r == -ETIMEDOUT) /* qemu lingered after poweroff: the result stands */
			r = 0;
	}
out:
	wb_proc_stop(&s.qemu, 3000);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (inp[0] >= 0)
		close(inp[0]);
	if (inp[1] >= 0)
		close(inp[1]);
	wb_vm_console_release(&s.vc);
	free(env);
	if (dir) {
		wb_rm_rf(dir);
		free(dir);
	}
	return r;
}
