/* wbench: `wbench cleanup`, undoing what killed runs left (see lab_cleanup.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "wbench/host/host_ssh.h"
#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/lab.h"
#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/log.h"
#include "wbench/lab/owrt.h"
#include "wbench/lib/util.h"
#include "wbench/sys/hwsim.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

#define MSG_MAX 1024
#define HOSTS_MAX 17           /* lab.hosts and "local" */
#define PHYS_MAX 16            /* radios one namespace may hold */
#define HOME_NETNS "/proc/self/ns/net"
/* The remote children of a dead run: TERM, a second, KILL; then the directory goes. */
static const char remote_dir_script[] =
	"d=$1; [ -d \"$d\" ] || exit 0; "
	"for f in \"$d\"/*.pid; do [ -s \"$f\" ] && kill -TERM \"$(cat \"$f\")\" 2>/dev/null; "
	"done; sleep 1; "
	"for f in \"$d\"/*.pid; do [ -s \"$f\" ] && kill -KILL \"$(cat \"$f\")\" 2>/dev/null; "
	"done; "
	"exec rm -rf -- \"$d\"";
#define REMOTE_DIR_TIMEOUT_MS 30000

/* One record being cleaned. */
struct rec {
	const struct wb_lab_cleanup_opts *o;
	struct wb_lab_cleanup_stats *st;
	char path[PATH_MAX];
	json_t *doc;
	bool old_boot;                     /* written before this machine's last boot */
	struct {
		char *name;                /* ours: the changes naming it leave the record */
		struct wb_host *h;
	} hosts[HOSTS_MAX];
	size_t n_hosts;
	char *ssh_dir;                     /* private: the ssh control sockets */
};

/* Reads @path if it is a record we may trust: a file of ours, no group or other bits. */
static int load_trusted(const char *path, json_t **doc, char *why, size_t len)
{
	json_error_t je;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return wb_errbuf_set(why, len, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) || st.st_size > (off_t)WB_LAB_RECORD_MAX) {
		close(fd);
		return wb_errbuf_set(why, len, "not a private file of ours (mode %04o, owner %u)",
				     (unsigned int)(st.st_mode & 07777), (unsigned int)st.st_uid);
	}
	*doc = json_loadfd(fd, JSON_REJECT_DUPLICATES, &je);
	close(fd);
	if (!*doc)
		return wb_errbuf_set(why, len, "not JSON: %s (line %d)", je.text, je.line);
	if (!json_is_object(*doc) ||
	    strcmp(json_string_value(json_object_get(*doc, "schema")) ?: "",
		   WB_LAB_RECORD_SCHEMA) ||
	    !json_is_integer(json_object_get(*doc, "pid")) ||
	    !json_is_array(json_object_get(*doc, "changes"))) {
		json_decref(*doc);
		*doc = NULL;
		return wb_errbuf_set(why, len, "not a %s record", WB_LAB_RECORD_SCHEMA);
	}
	return 0;
}

/* Whether the record's process still runs (same pid, start time and boot). */
static bool record_alive(const json_t *doc, bool *old_boot)
{
	char boot[64];
	unsigned long long ticks;
	int pid = (int)json_integer_value(json_object_get(doc, "pid"));
	const char *rboot = json_string_value(json_object_get(doc, "boot_id"));

	*old_boot = false;
	if (wb_lab_proc_identity((int)getpid(), &ticks, boot, sizeof(boot)) < 0)
		return true; /* cannot tell: leave it alone */
	if (!rboot || strcmp(rboot, boot) != 0) {
		*old_boot = true;
		return false;
	}
	if (pid <= 0 || wb_lab_proc_identity(pid, &ticks, NULL, 0) < 0)
		return false;
	return (json_int_t)ticks == json_integer_value(json_object_get(doc, "start_ticks"));
}

static int rec_save(struct rec *r)
{
	char *text;
	int ret;

	if (json_array_size(json_object_get(r->doc, "changes")) == 0) {
		if (unlink(r->path) < 0 && errno != ENOENT)
			return -errno;
		return 0;
	}
	text = json_dumps(r->doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!text)
		return -ENOMEM;
	ret = wb_write_file_atomic(r->path, text, strlen(text), 0600);
	free(text);
	return ret;
}

static int ssh_host(struct rec *r, const char *name, struct wb_host **out)
{
	const json_t *cfgj = json_object_get(json_object_get(r->doc, "hosts"), name);
	const json_t *opts = json_object_get(cfgj, "ssh_options");
	struct wb_host_ssh_cfg cfg = { .cancel = r->o->cancel };
	char *o[40] = { NULL };
	size_t i;

	if (!json_is_object(cfgj) || !json_string_value(json_object_get(cfgj, "ssh")))
		return -ENOENT;
	if (!r->ssh_dir && !(r->ssh_dir = wb_mkdtemp_private("wbench-cleanup")))
		return -errno;
	for (i = 0; i < json_array_size(opts) && i + 1 < WB_ARRAY_SIZE(o); i++)
		o[i] = (char *)json_string_value(json_array_get(opts, i));
	cfg.target = json_string_value(json_object_get(cfgj, "ssh"));
	cfg.port = (unsigned int)json_integer_value(json_object_get(cfgj, "port"));
	cfg.identity = json_string_value(json_object_get(cfgj, "identity_file"));
	cfg.proxy_jump = json_string_value(json_object_get(cfgj, "proxy_jump"));
	cfg.options = o;
	cfg.local_dir = r->ssh_dir;
	return wb_host_ssh_new(&cfg, out);
}

/* The host a change names, connected once per record. */
static int rec_host(struct rec *r, const char *name, struct wb_host **out)
{
	size_t i;
	int ret;

	for (i = 0; i < r->n_hosts; i++)
		if (!strcmp(r->hosts[i].name, name)) {
			*out = r->hosts[i].h;
			return *out ? 0 : -EHOSTUNREACH;
		}
	if (r->n_hosts == HOSTS_MAX)
		return -E2BIG;
	if (!(r->hosts[r->n_hosts].name = strdup(name)))
		return -ENOMEM;
	if (!strcmp(name, WB_LAB_RECORD_LOCAL))
		ret = wb_host_local_new(out);
	else
		ret = ssh_host(r, name, out);
	r->hosts[r->n_hosts++].h = ret == 0 ? *out : NULL;
	return ret;
}

static void rec_release(struct rec *r)
{
	for (size_t i = 0; i < r->n_hosts; i++) {
		wb_host_free(r->hosts[i].h);
		free(r->hosts[i].name);
	}
	r->n_hosts = 0;
	if (r->ssh_dir)
		wb_rm_rf(r->ssh_dir);
	free(r->ssh_dir);
	r->ssh_dir = NULL;
	json_decref(r->doc);
	r->doc = NULL;
}

/* The remote directory's children killed by their pid files, then the directory removed. */
static int undo_remote_dir(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *host = json_string_value(json_object_get(c, "host"));
	const char *path = json_string_value(json_object_get(c, "path"));
	const char *boot = json_string_value(json_object_get(c, "boot_id"));
	struct wb_host_exec x = { .timeout_ms = REMOTE_DIR_TIMEOUT_MS };
	const char *base = path ? strrchr(path, '/') : NULL;
	char *now = NULL;
	struct wb_host *h;
	int ret;

	if (!host || !base || path[0] != '/' || !wb_str_has_prefix(base + 1, "wbench-"))
		return wb_lab_fail(-EPROTO, msg, len, "a remote directory change without host or a "
				   "wbench directory");
	if (r->o->dry_run)
		return wb_lab_fail(0, msg, len, "would kill the children of %s on %s (by their pid "
				   "files) and remove it", path, host);
	ret = rec_host(r, host, &h);
	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "cannot reach %s to clean %s: %s", host, path,
				   strerror(-ret));
	/* after a reboot there its pids are other processes': only the directory goes */
	if (boot && wb_host_read_file(h, "/proc/sys/kernel/random/boot_id", 64, false, &now,
				      NULL) == 0 && strncmp(now, boot, strlen(boot)) != 0)
		ret = wb_host_run(h, (char *const[]){ "rm", "-rf", "--", (char *)path, NULL }, &x,
				  NULL, NULL);
	else
		ret = wb_host_run(h, (char *const[]){ "sh", "-c", (char *)remote_dir_script, "sh",
						      (char *)path, NULL }, &x, NULL, NULL);
	free(now);
	if (ret != 0)
		return wb_lab_fail(-EIO, msg, len, "cannot clean %s on %s: %s", path, host,
				   ret > 0 ? "the remote command failed" : strerror(-ret));
	return wb_lab_fail(0, msg, len, "%s on %s: its children killed, removed", path, host);
}

/* An nl80211 socket in namespace @ns (NULL: ours); -ENOENT when the namespace is gone. */
static int nl_in(const char *ns, struct wb_nl *nl)
{
	if (ns && !wb_netns_exists(ns))
		return -ENOENT;
	return wb_netns_nl_open(ns, "nl80211", nl, NULL, 0);
}

/* An interface on a remote host: `iw dev IF del`, unless it is gone. */
static int undo_iface_remote(struct rec *r, const char *host, const char *ifname, char *msg,
			     size_t len)
{
	struct wb_host_exec x = { .timeout_ms = REMOTE_DIR_TIMEOUT_MS };
	char path[64], *text = NULL;
	struct wb_host *h;
	int ret = rec_host(r, host, &h);

	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "cannot reach %s to delete interface %s: %s",
				   host, ifname, strerror(-ret));
	snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex", ifname);
	ret = wb_host_read_file(h, path, 64, false, &text, NULL);
	free(text);
	if (ret == -ENOENT)
		return wb_lab_fail(0, msg, len, "interface %s on %s is not there", ifname, host);
	ret = wb_host_run(h, (char *const[]){ "iw", "dev", (char *)ifname, "del", NULL }, &x,
			  NULL, NULL);
	if (ret != 0)
		return wb_lab_fail(-EIO, msg, len, "cannot delete interface %s on %s: %s", ifname,
				   host, ret > 0 ? "iw failed" : strerror(-ret));
	return wb_lab_fail(0, msg, len, "interface %s on %s deleted", ifname, host);
}

static int undo_iface(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *host = json_string_value(json_object_get(c, "host"));
	const char *ns = json_string_value(json_object_get(c, "netns"));
	const char *ifname = json_string_value(json_object_get(c, "ifname"));
	struct wb_nl nl;
	uint32_t idx;
	int ret;

	if (!ifname || strlen(ifname) >= 16 || strchr(ifname, '/') || !host)
		return wb_lab_fail(-EPROTO, msg, len, "an interface change without host and "
				   "ifname");
	if (r->o->dry_run)
		return wb_lab_fail(0, msg, len, "would delete interface %s on %s%s%s", ifname, host,
				   ns ? " in namespace " : "", ns ? ns : "");
	if (strcmp(host, WB_LAB_RECORD_LOCAL))
		return undo_iface_remote(r, host, ifname, msg, len);
	ret = nl_in(ns, &nl);
	if (ret == -ENOENT)
		return wb_lab_fail(0, msg, len, "interface %s: its namespace %s is gone", ifname,
				   ns);
	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "cannot open nl80211: %s", strerror(-ret));
	ret = wb_nl80211_iface_index(&nl, ifname, &idx);
	if (ret == 0)
		ret = wb_nl80211_iface_del(&nl, idx);
	wb_nl_close(&nl);
	if (ret == -ENODEV)
		return wb_lab_fail(0, msg, len, "interface %s is not there", ifname);
	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "cannot delete interface %s: %s", ifname,
				   strerror(-ret));
	return wb_lab_fail(0, msg, len, "interface %s deleted", ifname);
}

/* Every phy in namespace @ns moved home; @moved: how many. */
static int phys_home(const char *ns, const char *only, int *moved, char *err, size_t len)
{
	char names[PHYS_MAX][WB_NL80211_PHY_NAME_MAX + 1];
	struct wb_nl nl;
	size_t n = 0;
	int ret;

	*moved = 0;
	ret = nl_in(ns, &nl);
	if (ret < 0)
		return ret;
	ret = wb_nl80211_phy_names(&nl, names, PHYS_MAX, &n);
	for (size_t i = 0; ret == 0 && i < n && i < PHYS_MAX; i++) {
		if (only && strcmp(names[i], only) != 0)
			continue;
		ret = wb_netns_move_phy_path(&nl, names[i], HOME_NETNS);
		if (ret < 0)
			wb_errbuf_set(err, len, "cannot move %s out of %s: %s", names[i], ns,
				      strerror(-ret));
		else
			++*moved;
	}
	wb_nl_close(&nl);
	return ret;
}

static bool home_is_ours(const struct rec *r, char *msg, size_t len)
{
	const char *home = json_string_value(json_object_get(r->doc, "home_netns"));
	char self[64];
	ssize_t n = readlink(HOME_NETNS, self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	if (!home || !strcmp(home, self))
		return true;
	wb_errbuf_set(msg, len, "the run's radios go back to its own namespace %s, and this is "
		      "%s: run wbench cleanup there", home, self);
	return false;
}

static int undo_phy(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *ns = json_string_value(json_object_get(c, "netns"));
	const char *phy = json_string_value(json_object_get(c, "phy"));
	const char *dev = json_string_value(json_object_get(c, "device"));
	char err[MSG_MAX] = "";
	int moved, ret;

	if (!ns || !phy)
		return wb_lab_fail(-EPROTO, msg, len, "a phy change without netns and phy");
	if (r->o->dry_run)
		return wb_lab_fail(0, msg, len, "would move %s%s%s%s back from namespace %s", phy,
				   dev ? " (" : "", dev ? dev : "", dev ? ")" : "", ns);
	if (!home_is_ours(r, msg, len))
		return -EXDEV;
	ret = phys_home(ns, phy, &moved, err, sizeof(err));
	if (ret == -ENOENT)
		return wb_lab_fail(0, msg, len, "%s: namespace %s is gone (its radios came back "
				   "with it)", phy, ns);
	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "%s", *err ? err : strerror(-ret));
	return wb_lab_fail(0, msg, len, moved ? "%s moved back from namespace %s" :
			   "%s is not in namespace %s", phy, ns);
}

static int undo_netns(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *ns = json_string_value(json_object_get(c, "name"));
	char err[MSG_MAX] = "";
	int moved = 0, ret;

	if (!ns || !wb_netns_name_valid(ns))
		return wb_lab_fail(-EPROTO, msg, len, "a namespace change without a valid name");
	if (r->o->dry_run)
		return wb_lab_fail(0, msg, len, "would move the radios in namespace %s back and "
				   "delete it", ns);
	if (!wb_netns_exists(ns))
		return wb_lab_fail(0, msg, len, "namespace %s is gone", ns);
	if (!home_is_ours(r, msg, len))
		return -EXDEV;
	ret = phys_home(ns, NULL, &moved, err, sizeof(err));
	if (ret < 0 && ret != -ENOENT)
		return wb_lab_fail(ret, msg, len, "%s", *err ? err : strerror(-ret));
	ret = wb_netns_del(ns);
	if (ret < 0 && ret != -ENOENT)
		return wb_lab_fail(ret, msg, len, "cannot delete namespace %s: %s", ns,
				   strerror(-ret));
	return wb_lab_fail(0, msg, len, "namespace %s deleted (%d radio%s moved back first)", ns,
			   moved, moved == 1 ? "" : "s");
}

/* A simulated radio: after its namespace went (which brings it back here). */
static int undo_hwsim_radio(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *name = json_string_value(json_object_get(c, "name"));
	struct wb_nl nl;
	int ret;

	if (!name || !wb_hwsim_name_valid(name))
		return wb_lab_fail(-EPROTO, msg, len, "a hwsim_radio change without a valid name");
	if (r->o->dry_run)
		return wb_lab_fail(0, msg, len, "would delete the simulated radio %s", name);
	if (!wb_hwsim_phy_exists("/sys", name))
		return wb_lab_fail(0, msg, len, "simulated radio %s is gone", name);
	ret = wb_hwsim_open(&nl, r->o->cancel);
	if (ret < 0)
		return wb_lab_fail(ret, msg, len, "cannot delete the simulated radio %s: "
				   "mac80211_hwsim: %s", name, strerror(-ret));
	ret = wb_hwsim_radio_del(&nl, name);
	wb_nl_close(&nl);
	if (ret < 0 && wb_hwsim_phy_exists("/sys", name))
		return wb_lab_fail(ret, msg, len, "cannot delete the simulated radio %s: %s", name,
				   strerror(-ret));
	return wb_lab_fail(0, msg, len, "simulated radio %s deleted", name);
}

static int undo_crypto(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *host = json_string_value(json_object_get(c, "host"));
	struct wb_host *h = NULL;
	int ret;

	if (!host)
		return wb_lab_fail(-EPROTO, msg, len, "a crypto change without host");
	if (!r->o->dry_run && (ret = rec_host(r, host, &h)) < 0)
		return wb_lab_fail(ret, msg, len, "cannot reach %s to restore its crypto setting: "
				   "%s", host, strerror(-ret));
	return wb_crypto_switch_undo(h, c, r->o->dry_run, msg, len);
}

/* An OpenWrt router's wireless config, after its module options (owrt.h). */
static int undo_uci(struct rec *r, const json_t *c, char *msg, size_t len)
{
	const char *host = json_string_value(json_object_get(c, "host"));
	struct wb_host *h = NULL;
	int ret;

	if (!host)
		return wb_lab_fail(-EPROTO, msg, len, "a uci change without host");
	if (!r->o->dry_run && (ret = rec_host(r, host, &h)) < 0)
		return wb_lab_fail(ret, msg, len, "cannot reach %s to restore its wireless "
				   "config: %s", host, strerror(-ret));
	return wb_owrt_undo(h, host, c, r->o->dry_run, msg, len);
}

/*
 * The order changes are undone in: the children first, the crypto setting, then an
 * OpenWrt router's wireless config (its `wifi up` brings the radio back with the module
 * as it was).
 */
static const struct {
	const char *type;
	int (*undo)(struct rec *r, const json_t *c, char *msg, size_t len);
} undoers[] = {
	{ "remote_dir", undo_remote_dir },
	{ "iface", undo_iface },
	{ "phy", undo_phy },
	{ "netns", undo_netns },
	{ "hwsim_radio", undo_hwsim_radio },
	{ "crypto", undo_crypto },
	{ "uci", undo_uci },
};

/* Undoes change @c (of undoer @u); 0 when it may leave the record. */
static int undo_one(struct rec *r, size_t u, const json_t *c, char *msg, size_t len)
{
	const char *host = json_string_value(json_object_get(c, "host"));
	bool here = !host || !strcmp(host, WB_LAB_RECORD_LOCAL);

	/* namespaces, radios and module options do not outlive a boot */
	if (r->old_boot && here)
		return wb_lab_fail(0, msg, len, "%s: went with this machine's reboot",
				   undoers[u].type);
	return undoers[u].undo(r, c, msg, len);
}

/* Undoes the record's changes in order; each undone one leaves the file at once. */
static int clean_record(struct rec *r)
{
	json_t *changes = json_object_get(r->doc, "changes"), *left;
	char msg[MSG_MAX];
	size_t u, i;
	int ret;

	for (u = 0; u < WB_ARRAY_SIZE(undoers); u++) {
		for (i = 0; i < json_array_size(changes);) {
			json_t *c = json_array_get(changes, i);

			if (strcmp(json_string_value(json_object_get(c, "type")) ?: "",
				   undoers[u].type)) {
				i++;
				continue;
			}
			if (wb_cancel_check(r->o->cancel))
				return -ECANCELED;
			ret = undo_one(r, u, c, msg, sizeof(msg));
			fprintf(r->o->out, "  %s%s\n", ret < 0 ? "FAILED: " : "", msg);
			if (ret < 0) {
				wb_err("cleanup: %s", msg);
				r->st->failed++;
				i++;
				continue;
			}
			r->st->undone++;
			if (r->o->dry_run) {
				i++;
				continue;
			}
			json_array_remove(changes, i);
			ret = rec_save(r);
			if (ret < 0) {
				wb_err("cleanup: cannot rewrite '%s': %s", r->path, strerror(-ret));
				return ret;
			}
		}
	}
	json_array_foreach(changes, i, left) {
		bool known = false;
		const json_t *c = left;

		for (u = 0; u < WB_ARRAY_SIZE(undoers); u++)
			known |= !strcmp(json_string_value(json_object_get(c, "type")) ?: "",
					 undoers[u].type);
		if (!known) {
			fprintf(r->o->out, "  FAILED: a change of unknown type '%s' stays in the "
				"record\n", json_string_value(json_object_get(c, "type")) ?: "");
			r->st->failed++;
		}
	}
	return 0;
}

/* One file of the directory. */
static int clean_file(const struct wb_lab_cleanup_opts *o, struct wb_lab_cleanup_stats *st,
		      const char *path)
{
	struct rec r = { .o = o, .st = st };
	char why[MSG_MAX];
	int ret;

	wb_strlcpy(r.path, path, sizeof(r.path));
	if (load_trusted(path, &r.doc, why, sizeof(why)) < 0) {
		fprintf(o->out, "%s: refused: %s\n", path, why);
		wb_err("cleanup: refusing '%s': %s", path, why);
		st->bad++;
		return 0;
	}
	if (record_alive(r.doc, &r.old_boot)) {
		fprintf(o->out, "%s: wbench pid %lld is running: left alone\n", path,
			(long long)json_integer_value(json_object_get(r.doc, "pid")));
		st->live++;
		rec_release(&r);
		return 0;
	}
	st->records++;
	fprintf(o->out, "%s: wbench pid %lld (started %s) is not running%s\n", path,
		(long long)json_integer_value(json_object_get(r.doc, "pid")),
		json_string_value(json_object_get(r.doc, "started")) ?: "?",
		r.old_boot ? "; recorded before this machine's last boot" : "");
	ret = clean_record(&r);
	if (ret == 0 && !o->dry_run && json_array_size(json_object_get(r.doc, "changes")) == 0)
		fprintf(o->out, "%s: everything undone, record removed\n", path);
	else if (ret == 0 && !o->dry_run)
		fprintf(o->out, "%s: %zu change(s) left in the record\n", path,
			json_array_size(json_object_get(r.doc, "changes")));
	rec_release(&r);
	return ret;
}

static int json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".json") && d->d_name[0] != '.';
}

int wb_lab_cleanup(const struct wb_lab_cleanup_opts *o, struct wb_lab_cleanup_stats *st)
{
	const char *dir = o->dir ? o->dir : wb_lab_record_dir();
	struct dirent **names = NULL;
	char err[PATH_MAX + 128], path[PATH_MAX];
	int n, i, ret = 0;

	memset(st, 0, sizeof(*st));
	ret = wb_lab_record_dir_check(dir, false, err, sizeof(err));
	if (ret == -ENOENT)
		return 0;
	if (ret < 0) {
		wb_err("cleanup: %s", err);
		return ret;
	}
	n = scandir(dir, &names, json_name, alphasort);
	if (n < 0) {
		ret = -errno;
		wb_err("cleanup: cannot read '%s': %s", dir, strerror(-ret));
		return ret;
	}
	for (i = 0; i < n; i++) {
		if (ret == 0 && snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
		    (int)sizeof(path))
			ret = clean_file(o, st, path);
		free(names[i]);
	}
	free(names);
	if (ret < 0)
		return ret;
	return st->failed || st->bad ? -EIO : 0;
}

int wb_lab_cleanup_stale(const char *dir, char *path, size_t len)
{
	struct dirent **names = NULL;
	char err[PATH_MAX + 128], p[PATH_MAX];
	int n, i, found = 0;

	wb_strlcpy(path, "", len);
	if (!dir)
		dir = wb_lab_record_dir();
	if (wb_lab_record_dir_check(dir, false, err, sizeof(err)) < 0)
		return 0; /* none there, or nothing of ours: the record's open says so */
	n = scandir(dir, &names, json_name, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		json_t *doc = NULL;
		bool old_boot;

		snprintf(p, sizeof(p), "%s/%s", dir, names[i]->d_name);
		if (!found && load_trusted(p, &doc, err, sizeof(err)) == 0 &&
		    !record_alive(doc, &old_boot) &&
		    json_array_size(json_object_get(doc, "changes")) > 0) {
			wb_strlcpy(path, p, len);
			found = 1;
		}
		json_decref(doc);
		free(names[i]);
	}
	free(names);
	return found;
}

int wb_lab_cleanup_before_run(struct wb_cancel *c, char *err, size_t errlen)
{
	struct wb_lab_cleanup_opts o = { .cancel = c, .out = stderr };
	struct wb_lab_cleanup_stats st;
	char path[PATH_MAX];
	int r = wb_lab_cleanup_stale(NULL, path, sizeof(path));

	if (r < 0)
		return wb_lab_fail(r, err, errlen, "cannot read the state records: %s",
				   strerror(-r));
	if (r == 0)
		return 0;
	wb_info("a killed wbench run left changes (state record %s): undoing them first, as "
		"'wbench cleanup' does", path);
	fflush(stdout);
	r = wb_lab_cleanup(&o, &st);
	if (r == -ECANCELED)
		return wb_lab_fail(r, err, errlen, "interrupted while undoing what a killed run "
				   "left");
	if (r < 0)
		return wb_lab_fail(-EBUSY, err, errlen, "a killed wbench run left changes that "
				   "could not all be undone (above): fix the cause, run 'wbench "
				   "cleanup', then run again");
	return 0;
}
