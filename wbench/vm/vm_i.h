/* wbench: VM runner internals, shared by vm*.c and their unit tests. */
#ifndef WB_VM_I_H
#define WB_VM_I_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

/* The modules the initramfs loads to reach the 9p shares (dependencies resolved). */
#define WB_VM_BOOT_MODULES { "virtio_pci", "9pnet_virtio", "9p" }

struct wb_vm_modlist {
	char **paths;   /* relative to /lib/modules/VER, in load order; owned */
	size_t n;
};

/**
 * wb_vm_modules_resolve - dependency-ordered list of module files for @names
 * @moddep: text of modules.dep; @builtin: text of modules.builtin (may be NULL)
 * Built-in modules are skipped; a missing module is -ENOENT with its name in @missing.
 */
int wb_vm_modules_resolve(const char *moddep, const char *builtin, const char *const *names,
			  size_t n_names, struct wb_vm_modlist *out, char *missing,
			  size_t missing_len) WB_MUST_CHECK;
void wb_vm_modlist_release(struct wb_vm_modlist *l);

/** wb_vm_module_name - "kernel/fs/9p/9p.ko.xz" -> "9p" (with '-' as '_'), into @buf. */
void wb_vm_module_name(const char *path, char *buf, size_t len);

/**
 * wb_vm_shell_quote - append @s single-quoted for sh to the string *buf (realloc'd)
 * Returns: 0 or -ENOMEM.
 */
int wb_vm_shell_quote(char **buf, const char *s) WB_MUST_CHECK;

struct wb_vm_init_params {
	const char *nonce;          /* marker prefix, hex */
	const char *workdir;        /* absolute */
	const char *const *modules; /* file names inside the initramfs /lib/wb, in order */
	size_t n_modules;
	char *const *argv;          /* the command */
	const char *const *env;     /* NAME=VALUE, NULL-terminated, may be NULL */
	const char *const *shares;  /* wb_vm_opts.shares: mounted as 9p tags wbout0.. */
};

/** wb_vm_init_script - the /init script text. Returns a new string (caller frees) or NULL. */
char *wb_vm_init_script(const struct wb_vm_init_params *p);

/* A distribution kernel's file name: the prefix, then the version its modules are under. */
#define WB_VM_KERNEL_PREFIX "vmlinuz-"

/** wb_vm_find_kernel - newest /boot/vmlinuz-VER whose modules include mac80211_hwsim. */
int wb_vm_find_kernel(const char *boot_dir, const char *mod_root, char *path, size_t plen,
		      char *ver, size_t vlen) WB_MUST_CHECK;

/**
 * wb_vm_build_initramfs - write the initramfs to @out_path
 * @ip: its /init's parameters (borrowed); the modules are filled in here
 * Returns: 0 or a negative errno after printing what was missing.
 */
int wb_vm_build_initramfs(const char *out_path, const char *kver,
			  const struct wb_vm_init_params *ip) WB_MUST_CHECK;

/* The console filter: separates boot noise, the command's output and our markers. */
enum wb_vm_phase { WB_VM_BOOTING, WB_VM_RUNNING, WB_VM_DONE };

struct wb_vm_console {
	char marker[40];        /* "@@<nonce> " */
	size_t marker_len;
	enum wb_vm_phase phase;
	char step[64];          /* last boot step announced */
	char fail_msg[256];     /* set when the init script reported a failure */
	bool failed;
	int exit_code;          /* valid in WB_VM_DONE */
	char *pending;          /* bytes not yet classified; owned */
	size_t pending_len;
	char *boot_log;         /* last bytes of boot noise, for failure reports; owned */
	size_t boot_log_len;
	bool verbose;           /* pass boot noise through live */
	/* where the command's output goes (fd 1 normally); tests use a buffer */
	void (*out)(void *arg, const char *data, size_t len);
	void *out_arg;
};

void wb_vm_console_init(struct wb_vm_console *vc, const char *nonce);
void wb_vm_console_release(struct wb_vm_console *vc);
/** wb_vm_console_feed - classify @len bytes from the serial console. Returns 0 or -ENOMEM. */
int wb_vm_console_feed(struct wb_vm_console *vc, const char *data, size_t len);

#endif /* WB_VM_I_H */
