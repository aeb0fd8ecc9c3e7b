/*
 * wbench: the simulated-lab VM. Boots the distribution kernel under qemu (TCG) with a
 * tiny initramfs, shares the host root read-only and the working directory read-write
 * at the same path, runs one command there as root and carries its output and exit
 * status back. Used when the host kernel has no mac80211_hwsim (CI, containers).
 */
#ifndef WB_VM_H
#define WB_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

struct wb_vm_opts {
	const char *kernel;       /* vmlinuz path, or NULL: the newest with mac80211_hwsim */
	const char *qemu;         /* qemu binary, or NULL: qemu-system-x86_64 */
	const char *workdir;      /* shared read-write at the same path; NULL: the cwd */
	unsigned int mem_mb;      /* guest memory, default 1024 */
	unsigned int cpus;        /* guest CPUs, default 2 */
	int64_t boot_timeout_ms;  /* until the command starts, default 300 s */
	int64_t timeout_ms;       /* for the command, <= 0: no limit */
	int64_t interrupt_grace_ms; /* after relaying Ctrl-C, default 120 s */
	bool verbose;             /* show the boot console as it happens */
	const char *const *env;   /* extra NAME=VALUE for the command, NULL-terminated, or NULL */
	/* more directories shared read-write at the same path (absolute, existing; where
	 * the command writes outside workdir), NULL-terminated, or NULL */
	const char *const *shares;
};

/* The most directories wb_vm_opts.shares may name. */
#define WB_VM_MAX_SHARES 5

/** wb_vm_opts_init - the defaults above. */
void wb_vm_opts_init(struct wb_vm_opts *o);

/**
 * wb_vm_run - boot the VM, run @argv (borrowed, NULL-terminated) inside, power off
 * @exit_code: receives the command's exit status (0..255) when 0 is returned
 * @c: Ctrl-C is relayed into the VM as a terminal interrupt; a second one kills the VM
 * The command's output is streamed to our stdout (its stderr is merged into it).
 * Returns: 0, or a negative errno after printing which step failed.
 */
int wb_vm_run(const struct wb_vm_opts *o, char *const argv[], struct wb_cancel *c,
	      int *exit_code);

/**
 * wb_vm_needed - true when this host cannot run the simulated lab itself
 * (no mac80211_hwsim loaded and none loadable), so commands must relay into the VM.
 */
bool wb_vm_needed(void);

/** wb_vm_inside - true when running inside wbench's VM (WBENCH_IN_VM=1). */
bool wb_vm_inside(void);

#endif /* WB_VM_H */
