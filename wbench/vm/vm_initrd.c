/* The VM's initramfs: busybox, the virtio/9p modules and a generated /init. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/vm/cpio.h"
#include "wbench/lib/log.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"
#include "wbench/vm/vm_i.h"

#define BUSYBOX_PATH "/bin/busybox"
#define MODULE_MAX (64u << 20)
/* modules.dep, modules.builtin and busybox: a distribution's are 1-2 MB. */
#define AUX_FILE_MAX (16u << 20)
/* Decompressing one module (xz, zstd, gzip) takes well under a second; TCG hosts are slow. */
#define DECOMPRESS_TIMEOUT_MS 60000
/* Applets /init uses; busybox dispatches on argv[0]. */
static const char *const applets[] = {
	"sh", "mount", "insmod", "mkdir", "chroot", "poweroff", "stty", "sync", "cat", "sleep",
};

void wb_vm_module_name(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	char *dot, *c;

	wb_strlcpy(buf, base ? base + 1 : path, len);
	dot = strstr(buf, ".ko");
	if (dot)
		*dot = '\0';
	for (c = buf; *c; c++)
		if (*c == '-')
			*c = '_';
}

/* Finds the modules.dep line of @name; returns a pointer to its start or NULL. */
static const char *dep_line(const char *moddep, const char *name)
{
	const char *line = moddep;
	char n[128], path[PATH_MAX];

	while (line && *line) {
		const char *colon = strchr(line, ':'), *eol = strchr(line, '\n');

		if (colon && (!eol || colon < eol) && (size_t)(colon - line) < sizeof(path)) {
			memcpy(path, line, (size_t)(colon - line));
			path[colon - line] = '\0';
			wb_vm_module_name(path, n, sizeof(n));
			if (strcmp(n, name) == 0)
				return line;
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static bool is_builtin(const char *builtin, const char *name)
{
	const char *line = builtin;
	char n[128], path[PATH_MAX];

	while (line && *line) {
		const char *eol = strchr(line, '\n');
		size_t l = eol ? (size_t)(eol - line) : strlen(line);

		if (l < sizeof(path)) {
			memcpy(path, line, l);
			path[l] = '\0';
			wb_vm_module_name(path, n, sizeof(n));
			if (strcmp(n, name) == 0)
				return true;
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

static bool listed(const struct wb_vm_modlist *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->paths[i], path) == 0)
			return true;
	return false;
}

static int resolve(const char *moddep, const char *builtin, const char *name,
		   struct wb_vm_modlist *out, int depth, char *missing, size_t mlen)
{
	const char *line, *colon, *eol, *p;
	char path[PATH_MAX], dep[PATH_MAX], dname[128];
	char **np;
	int r;

	if (depth > 32)
		return -ELOOP;
	line = dep_line(moddep, name);
	if (!line) {
		if (builtin && is_builtin(builtin, name))
			return 0;
		wb_strlcpy(missing, name, mlen);
		return -ENOENT;
	}
	colon = strchr(line, ':');
	eol = strchr(line, '\n');
	if (!eol)
		eol = line + strlen(line);
	snprintf(path, sizeof(path), "%.*s", (int)(colon - line), line);
	if (listed(out, path))
		return 0;
	/* Dependencies first, recursively, so the order is right whatever modules.dep says. */
	for (p = colon + 1; p < eol;) {
		size_t l;

		while (p < eol && *p == ' ')
			p++;
		l = strcspn(p, " \n");
		if (!l)
			break;
		snprintf(dep, sizeof(dep), "%.*s", (int)l, p);
		wb_vm_module_name(dep, dname, sizeof(dname));
		r = resolve(moddep, builtin, dname, out, depth + 1, missing, mlen);
		if (r < 0)
			return r;
		p += l;
	}
	if (listed(out, path))
		return 0;
	np = realloc(out->paths, (out->n + 1) * sizeof(*np));
	if (!np)
		return -ENOMEM;
	out->paths = np;
	out->paths[out->n] = strdup(path);
	if (!out->paths[out->n])
		return -ENOMEM;
	out->n++;
	return 0;
}

int wb_vm_modules_resolve(const char *moddep, const char *builtin, const char *const *names,
			  size_t n_names, struct wb_vm_modlist *out, char *missing, size_t mlen)
{
	size_t i;
	int r;

	out->paths = NULL;
	out->n = 0;
	for (i = 0; i < n_names; i++) {
		r = resolve(moddep, builtin, names[i], out, 0, missing, mlen);
		if (r < 0) {
			wb_vm_modlist_release(out);
			return r;
		}
	}
	return 0;
}

void wb_vm_modlist_release(struct wb_vm_modlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = 0;
}

int wb_vm_shell_quote(char **buf, const char *s)
{
	size_t old = *buf ? strlen(*buf) : 0, extra = 2;
	const char *c;
	char *n, *w;

	for (c = s; *c; c++)
		extra += *c == '\'' ? 4 : 1;
	n = realloc(*buf, old + extra + 1);
	if (!n)
		return -ENOMEM;
	w = n + old;
	*w++ = '\'';
	for (c = s; *c; c++) {
		if (*c == '\'') {
			memcpy(w, "'\\''", 4);
			w += 4;
		} else {
			*w++ = *c;
		}
	}
	*w++ = '\'';
	*w = '\0';
	*buf = n;
	return 0;
}

static int append(char **buf, const char *s)
{
	size_t old = *buf ? strlen(*buf) : 0;
	char *n = realloc(*buf, old + strlen(s) + 1);

	if (!n)
		return -ENOMEM;
	strcpy(n + old, s);
	*buf = n;
	return 0;
}

/*
 * The script runs as PID 1 under busybox. Each step announces itself so that a boot
 * failure names the step; the command runs with the console as its controlling
 * terminal, so a Ctrl-C relayed by the host arrives as a real SIGINT.
 */
static const char modprobe_wrapper[] =
	"#!/bin/sh\n"
	"exec /bin/chroot /host /sbin/modprobe \"$@\"\n";

static const char init_head[] =
	"export PATH=/bin\n"
	"step() { STEP=$1; echo \"$M step $1\"; }\n"
	"fail() { echo \"$M fail $STEP $*\"; sync; poweroff -f; sleep 60; }\n"
	"step early-mounts\n"
	"mount -t proc proc /proc && mount -t sysfs sys /sys && mount -t devtmpfs dev /dev ||\n"
	"    fail 'cannot mount proc, sysfs and devtmpfs'\n"
	"echo 1 > /proc/sys/kernel/printk\n"
	"echo /sbin/modprobe > /proc/sys/kernel/modprobe\n"
	"stty -F /dev/console -onlcr -echo 2>/dev/null\n"
	"step modules\n";

static const char init_mid[] =
	"step mount-host-root\n"
	"mkdir -p /host\n"
	"mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 host /host ||\n"
	"    fail 'cannot mount the host root (9p tag host)'\n"
	"step mount-system\n"
	"mount -t proc proc /host/proc && mount -t sysfs sys /host/sys &&\n"
	"mount -t devtmpfs dev /host/dev || fail 'cannot mount proc, sysfs, devtmpfs in the host root'\n"
	"mkdir -p /host/dev/pts /host/dev/shm\n"
	"mount -t devpts devpts /host/dev/pts; mount -t tmpfs shm /host/dev/shm\n"
	"mount -t debugfs debugfs /host/sys/kernel/debug 2>/dev/null\n"
	"for d in /host/tmp /host/run /host/var/tmp; do\n"
	"    [ -d $d ] && { mount -t tmpfs -o mode=1777 tmp $d || fail \"cannot mount tmpfs on $d\"; }\n"
	"done\n"
	"step mount-workdir\n"
	"mkdir -p \"/host$W\" 2>/dev/null\n"
	"mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 work \"/host$W\" ||\n"
	"    fail \"cannot mount the work directory $W (9p tag work)\"\n";

static const char init_start[] =
	"step command\n"
	"echo \"$M start\"\n";

static const char init_tail[] =
	"rc=$?\n"
	"echo \"$M exit $rc\"\n"
	"sync\n"
	"poweroff -f\n"
	"sleep 60\n";

/* The guest's TMPDIR when directories are shared (one may be /tmp): on its /run tmpfs. */
#define VM_TMPDIR "/run/wbench-tmp"
#define VM_TMPDIR_HOST "/host" VM_TMPDIR

/* The output directories after the work directory: each at its own path, over the
 * tmpfs of /tmp when it lies there. */
static int append_shares(char **s, const char *const *shares)
{
	char line[160];
	int r = 0;

	/* a share may be /tmp itself: the run's sockets and private files go elsewhere */
	if (shares && shares[0])
		r |= append(s, "mkdir -p " VM_TMPDIR_HOST " && chmod 1777 " VM_TMPDIR_HOST "\n");

	for (unsigned int i = 0; shares && shares[i]; i++) {
		r |= append(s, "D=");
		r |= wb_vm_shell_quote(s, shares[i]);
		snprintf(line, sizeof(line), "\nmkdir -p \"/host$D\" 2>/dev/null\n"
			 "mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 wbout%u "
			 "\"/host$D\" ||\n    fail \"cannot mount $D (9p tag wbout%u)\"\n", i, i);
		r |= append(s, line);
	}
	return r;
}

char *wb_vm_init_script(const struct wb_vm_init_params *p)
{
	char *s = NULL, line[PATH_MAX + 128];
	const char *const *e;
	char *const *a;
	size_t i;
	int r = 0;

	snprintf(line, sizeof(line), "#!/bin/sh\nM='@@%s'\n", p->nonce);
	r |= append(&s, line);
	r |= append(&s, "W=");
	r |= wb_vm_shell_quote(&s, p->workdir);
	r |= append(&s, "\n");
	r |= append(&s, init_head);
	for (i = 0; i < p->n_modules; i++) {
		snprintf(line, sizeof(line), "insmod /lib/wb/%s || fail 'cannot load %s'\n",
			 p->modules[i], p->modules[i]);
		r |= append(&s, line);
	}
	r |= append(&s, init_mid);
	r |= append_shares(&s, p->shares);
	r |= append(&s, init_start);
	/* env -i: the guest gets a clean, known environment plus what the host passes. */
	r |= append(&s, "chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:"
			"/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb "
			"WBENCH_IN_VM=1");
	for (e = p->env; e && *e; e++) {
		r |= append(&s, " ");
		r |= wb_vm_shell_quote(&s, *e);
	}
	if (p->shares && p->shares[0])
		r |= append(&s, " TMPDIR=" VM_TMPDIR);
	r |= append(&s, " /usr/bin/setsid -w -c /bin/sh -c 'cd \"$0\" && exec \"$@\"' ");
	r |= wb_vm_shell_quote(&s, p->workdir);
	for (a = p->argv; *a; a++) {
		r |= append(&s, " ");
		r |= wb_vm_shell_quote(&s, *a);
	}
	r |= append(&s, " </dev/console >/dev/console 2>&1\n");
	r |= append(&s, init_tail);
	if (r) {
		free(s);
		return NULL;
	}
	return s;
}

static int version_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int wb_vm_find_kernel(const char *boot_dir, const char *mod_root, char *path, size_t plen,
		      char *ver, size_t vlen)
{
	DIR *d = opendir(boot_dir);
	struct dirent *de;
	char **vers = NULL, **nv;
	size_t n = 0, i;
	int r = -ENOENT;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char dep[PATH_MAX], *text = NULL;
		const char *v;

		if (!wb_str_has_prefix(de->d_name, WB_VM_KERNEL_PREFIX))
			continue;
		v = de->d_name + strlen(WB_VM_KERNEL_PREFIX);
		snprintf(dep, sizeof(dep), "%s/%s/modules.dep", mod_root, v);
		if (wb_read_file(dep, AUX_FILE_MAX, &text, NULL) < 0)
			continue;
		if (dep_line(text, "mac80211_hwsim")) {
			nv = realloc(vers, (n + 1) * sizeof(*nv));
			if (nv) {
				vers = nv;
				vers[n] = strdup(v);
				if (vers[n])
					n++;
			}
		}
		free(text);
	}
	closedir(d);
	if (n) {
		qsort(vers, n, sizeof(*vers), version_cmp);
		snprintf(path, plen, "%s/" WB_VM_KERNEL_PREFIX "%s", boot_dir, vers[n - 1]);
		wb_strlcpy(ver, vers[n - 1], vlen);
		r = 0;
	}
	for (i = 0; i < n; i++)
		free(vers[i]);
	free(vers);
	return r;
}

/* Reads a module file, decompressing .xz/.zst/.gz with the distribution's tool. */
static int read_module(const char *path, char **data, size_t *len)
{
	const char *tool = NULL;
	struct wb_proc_opts o;
	char tmp[] = "/tmp/wbench-mod.XXXXXX";
	int fd, r;

	if (strstr(path, ".ko.xz"))
		tool = "xz";
	else if (strstr(path, ".ko.zst"))
		tool = "zstd";
	else if (strstr(path, ".ko.gz"))
		tool = "gzip";
	if (!tool)
		return wb_read_file(path, MODULE_MAX, data, len);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	unlink(tmp);
	wb_proc_opts_init(&o);
	o.stdout_fd = fd;
	{
		char *argv[] = { (char *)tool, (char *)"-dc", (char *)path, NULL };

		r = wb_proc_run(argv, &o, DECOMPRESS_TIMEOUT_MS, NULL);
	}
	if (r != 0) {
		close(fd);
		wb_err("cannot decompress '%s' with %s", path, tool);
		return r < 0 ? r : -EIO;
	}
	{
		char self[64];

		snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
		r = wb_read_file(self, MODULE_MAX, data, len);
	}
	close(fd);
	return r;
}

/* The boot modules and their dependencies for kernel @kver, from its modules.dep. */
static int resolve_boot_modules(const char *root, const char *kver, struct wb_vm_modlist *mods)
{
	static const char *const boot_modules[] = WB_VM_BOOT_MODULES;
	char p[PATH_MAX], missing[128] = "", *moddep = NULL, *builtin = NULL;
	int r;

	snprintf(p, sizeof(p), "%s/modules.dep", root);
	r = wb_read_file(p, AUX_FILE_MAX, &moddep, NULL);
	if (r < 0) {
		wb_err("cannot read '%s': %s", p, strerror(-r));
		return r;
	}
	snprintf(p, sizeof(p), "%s/modules.builtin", root);
	if (wb_read_file(p, AUX_FILE_MAX, &builtin, NULL) < 0)
		builtin = NULL;
	r = wb_vm_modules_resolve(moddep, builtin, boot_modules, WB_ARRAY_SIZE(boot_modules),
				  mods, missing, sizeof(missing));
	if (r < 0)
		wb_err("kernel %s: module '%s' not found in modules.dep", kver, missing);
	free(moddep);
	free(builtin);
	return r;
}

/* The directories, busybox and its applet links. */
static int add_base(struct wb_cpio *cpio)
{
	static const char *const dirs[] = { "bin", "dev", "proc", "sys", "lib", "lib/wb" };
	char p[64], *bb = NULL;
	size_t bb_len, i;
	int r;

	r = wb_read_file(BUSYBOX_PATH, AUX_FILE_MAX, &bb, &bb_len);
	if (r < 0) {
		wb_err("cannot read '%s' (Debian package busybox-static): %s", BUSYBOX_PATH,
		       strerror(-r));
		return r;
	}
	for (i = 0; i < WB_ARRAY_SIZE(dirs); i++)
		wb_cpio_add_dir(cpio, dirs[i], 0755);
	wb_cpio_add_file(cpio, "bin/busybox", 0755, bb, bb_len);
	free(bb);
	for (i = 0; i < WB_ARRAY_SIZE(applets); i++) {
		snprintf(p, sizeof(p), "bin/%s", applets[i]);
		wb_cpio_add_symlink(cpio, p, "busybox");
	}
	return 0;
}

/* Each module (decompressed) as lib/wb/NAME.ko; @names receives the new file names. */
static int add_modules(struct wb_cpio *cpio, const char *root, const struct wb_vm_modlist *mods,
		       const char **names)
{
	for (size_t i = 0; i < mods->n; i++) {
		char full[PATH_MAX + 256], name[128], file[160], p[192], *data = NULL;
		size_t len;
		int r;

		snprintf(full, sizeof(full), "%s/%s", root, mods->paths[i]);
		r = read_module(full, &data, &len);
		if (r < 0) {
			wb_err("cannot read module '%s': %s", full, strerror(-r));
			return r;
		}
		wb_vm_module_name(mods->paths[i], name, sizeof(name));
		snprintf(file, sizeof(file), "%s.ko", name);
		snprintf(p, sizeof(p), "lib/wb/%s", file);
		wb_cpio_add_file(cpio, p, 0644, data, len);
		free(data);
		names[i] = strdup(file);
		if (!names[i])
			return -ENOMEM;
	}
	return 0;
}

/* /init, and the /sbin/modprobe wrapper for the kernel's module autoloader. */
static int add_init(struct wb_cpio *cpio, const struct wb_vm_init_params *ip)
{
	char *script = wb_vm_init_script(ip);

	if (!script)
		return -ENOMEM;
	wb_cpio_add_file(cpio, "init", 0755, script, strlen(script));
	free(script);
	/* The kernel's module autoloader (ccm, cmac, gcm for mac80211's software crypto)
	 * runs /sbin/modprobe from the initramfs root, not from the chroot. */
	wb_cpio_add_dir(cpio, "sbin", 0755);
	wb_cpio_add_file(cpio, "sbin/modprobe", 0755, modprobe_wrapper,
			 sizeof(modprobe_wrapper) - 1);
	return 0;
}

int wb_vm_build_initramfs(const char *out_path, const char *kver,
			  const struct wb_vm_init_params *params)
{
	struct wb_vm_modlist mods = { NULL, 0 };
	struct wb_vm_init_params ip = *params;
	const char **names = NULL;
	struct wb_cpio cpio;
	char root[192];
	FILE *f = NULL;
	int r;

	if (strlen(kver) > 128)
		return -ENAMETOOLONG;
	snprintf(root, sizeof(root), "/lib/modules/%s", kver);
	r = resolve_boot_modules(root, kver, &mods);
	if (r < 0)
		goto out;
	names = calloc(mods.n ? mods.n : 1, sizeof(*names));
	f = fopen(out_path, "we");
	if (!names || !f) {
		r = !names ? -ENOMEM : -errno;
		if (!f)
			wb_err("cannot create '%s': %s", out_path, strerror(-r));
		goto out;
	}
	wb_cpio_init(&cpio, f);
	ip.modules = names;
	ip.n_modules = mods.n;
	if ((r = add_base(&cpio)) < 0 || (r = add_modules(&cpio, root, &mods, names)) < 0 ||
	    (r = add_init(&cpio, &ip)) < 0)
		goto out;
	r = wb_cpio_finish(&cpio);
	if (r < 0)
		wb_err("cannot write '%s': %s", out_path, strerror(-r));
out:
	if (f && fclose(f) != 0 && r == 0)
		r = -EIO;
	for (size_t i = 0; names && i < mods.n; i++)
		free((char *)names[i]);
	free(names);
	wb_vm_modlist_release(&mods);
	return r;
}
