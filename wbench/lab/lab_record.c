/* wbench: the state record of a real-lab run (see lab_record.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wbench/lab/lab_record.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"
#define BOOT_ID_MAX 64

struct wb_lab_record {
	char *path;
	json_t *doc;            /* the whole record, as written */
	unsigned int next_id;
};

const char *wb_lab_record_dir(void)
{
	const char *d = getenv(WB_LAB_RECORD_DIR_ENV);

	return d && *d ? d : WB_LAB_RECORD_DIR;
}

int wb_lab_record_dir_check(const char *dir, bool make, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(dir, &st) < 0) {
		if (errno != ENOENT || !make) {
			int r = -errno;

			wb_errbuf_set(err, errlen, "cannot use '%s': %s", dir, strerror(-r));
			return r;
		}
		/* one level: the parent (/run) is the system's */
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			int r = -errno;

			wb_errbuf_set(err, errlen, "cannot create '%s': %s", dir, strerror(-r));
			return r;
		}
		if (lstat(dir, &st) < 0) {
			wb_errbuf_set(err, errlen, "cannot use '%s': %s", dir, strerror(errno));
			return -errno;
		}
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		wb_errbuf_set(err, errlen, "'%s' is not a private directory of ours (mode %04o, "
			      "owner %u): records there could be anybody's", dir,
			      (unsigned int)(st.st_mode & 07777), (unsigned int)st.st_uid);
		return -EPERM;
	}
	return 0;
}

int wb_lab_proc_identity(int pid, unsigned long long *start_ticks, char *boot_id,
			 size_t boot_id_len)
{
	char path[64], *text = NULL, *p;
	unsigned long long ticks = 0;
	int r, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	r = wb_read_file(path, 4096, &text, NULL);
	if (r < 0)
		return r == -ENOENT ? -ESRCH : r;
	/* comm may hold spaces and parentheses: count fields after the last ')' */
	p = strrchr(text, ')');
	for (field = 2; p && field < 22; field++) {
		p = strchr(p + 1, ' ');
	}
	if (!p || sscanf(p + 1, "%llu", &ticks) != 1) {
		free(text);
		return -EPROTO;
	}
	free(text);
	*start_ticks = ticks;
	if (!boot_id)
		return 0;
	r = wb_read_file(BOOT_ID_PATH, BOOT_ID_MAX, &text, NULL);
	if (r < 0)
		return r;
	text[strcspn(text, "\n")] = '\0';
	wb_strlcpy(boot_id, text, boot_id_len);
	free(text);
	return 0;
}

static int record_write(struct wb_lab_record *r)
{
	char *text = json_dumps(r->doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = wb_write_file_atomic(r->path, text, strlen(text), 0600);
	free(text);
	if (ret < 0)
		wb_err("cannot write the state record '%s': %s", r->path, strerror(-ret));
	return ret;
}

/* "2026-12-07T03:00:00Z" */
static void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		wb_strlcpy(buf, "", len);
}

static json_t *record_skeleton(void)
{
	char boot[BOOT_ID_MAX], when[32], home[64];
	unsigned long long ticks;
	ssize_t n;

	if (wb_lab_proc_identity((int)getpid(), &ticks, boot, sizeof(boot)) < 0)
		return NULL;
	n = readlink("/proc/self/ns/net", home, sizeof(home) - 1);
	home[n > 0 ? n : 0] = '\0';
	utc_now(when, sizeof(when));
	return json_pack("{s:s, s:i, s:I, s:s, s:s, s:s, s:{}, s:[]}",
			 "schema", WB_LAB_RECORD_SCHEMA, "pid", (int)getpid(),
			 "start_ticks", (json_int_t)ticks, "boot_id", boot, "started", when,
			 "home_netns", home, "hosts", "changes");
}

int wb_lab_record_open(const char *dir, struct wb_lab_record **out)
{
	struct wb_lab_record *r;
	char err[PATH_MAX + 128];
	int ret;

	*out = NULL;
	if (!dir)
		dir = wb_lab_record_dir();
	ret = wb_lab_record_dir_check(dir, true, err, sizeof(err));
	if (ret < 0) {
		wb_err("state record: %s", err);
		return ret;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->next_id = 1;
	if (asprintf(&r->path, "%s/%d.json", dir, (int)getpid()) < 0)
		r->path = NULL;
	r->doc = record_skeleton();
	if (!r->path || !r->doc) {
		wb_lab_record_close(r);
		return -ENOMEM;
	}
	ret = record_write(r);
	if (ret < 0) {
		json_decref(r->doc);
		r->doc = NULL; /* nothing written: nothing to keep */
		wb_lab_record_close(r);
		return ret;
	}
	*out = r;
	return 0;
}

const char *wb_lab_record_path(const struct wb_lab_record *r)
{
	return r && r->path ? r->path : "";
}

int wb_lab_record_host(struct wb_lab_record *r, const char *name,
		       const struct wb_host_ssh_cfg *cfg)
{
	json_t *h, *opts;

	if (!r)
		return 0;
	opts = json_array();
	for (size_t i = 0; opts && cfg->options && cfg->options[i]; i++)
		json_array_append_new(opts, json_string(cfg->options[i]));
	h = json_pack("{s:s, s:i, s:s?, s:s?, s:o*}", "ssh", cfg->target, "port", (int)cfg->port,
		      "identity_file", cfg->identity, "proxy_jump", cfg->proxy_jump,
		      "ssh_options", opts);
	if (!h || json_object_set_new(json_object_get(r->doc, "hosts"), name, h) < 0)
		return -ENOMEM;
	return record_write(r);
}

int wb_lab_record_add(struct wb_lab_record *r, json_t *change, unsigned int *id)
{
	int ret;

	if (!r) {
		json_decref(change);
		if (id)
			*id = 0;
		return 0;
	}
	if (!change)
		return -ENOMEM;
	if (json_object_set_new(change, "id", json_integer(r->next_id)) < 0 ||
	    json_array_append_new(json_object_get(r->doc, "changes"), change) < 0)
		return -ENOMEM;
	ret = record_write(r);
	if (ret < 0) {
		/* not on disk: not recorded, so the caller does not make it */
		json_array_remove(json_object_get(r->doc, "changes"),
				  json_array_size(json_object_get(r->doc, "changes")) - 1);
		return ret;
	}
	if (id)
		*id = r->next_id;
	r->next_id++;
	return 0;
}

int wb_lab_record_done(struct wb_lab_record *r, unsigned int id)
{
	json_t *changes, *c;
	size_t i;

	if (!r || !id)
		return 0;
	changes = json_object_get(r->doc, "changes");
	json_array_foreach(changes, i, c) {
		if (json_integer_value(json_object_get(c, "id")) == (json_int_t)id) {
			json_array_remove(changes, i);
			return record_write(r);
		}
	}
	return 0;
}

size_t wb_lab_record_pending(const struct wb_lab_record *r)
{
	return r ? json_array_size(json_object_get(r->doc, "changes")) : 0;
}

void wb_lab_record_close(struct wb_lab_record *r)
{
	if (!r)
		return;
	if (r->doc && r->path) {
		if (wb_lab_record_pending(r) == 0) {
			if (unlink(r->path) < 0 && errno != ENOENT)
				wb_warn("cannot remove the state record '%s': %s", r->path,
					strerror(errno));
		} else {
			wb_warn("%zu change%s could not be undone: the state record '%s' lists "
				"them; run 'wbench cleanup' to retry", wb_lab_record_pending(r),
				wb_lab_record_pending(r) == 1 ? "" : "s", r->path);
		}
	}
	json_decref(r->doc);
	free(r->path);
	free(r);
}

json_t *wb_lab_change_netns(const char *name)
{
	return json_pack("{s:s, s:s, s:s}", "type", "netns", "host", WB_LAB_RECORD_LOCAL,
			 "name", name);
}

json_t *wb_lab_change_hwsim_radio(const char *name)
{
	return json_pack("{s:s, s:s, s:s}", "type", "hwsim_radio", "host", WB_LAB_RECORD_LOCAL,
			 "name", name);
}

json_t *wb_lab_change_phy(const char *phy, const char *device, const char *netns)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s}", "type", "phy", "host",
			 WB_LAB_RECORD_LOCAL, "phy", phy, "device", device, "netns", netns);
}

json_t *wb_lab_change_iface(const char *host, const char *netns, const char *ifname)
{
	return json_pack("{s:s, s:s, s:s?, s:s}", "type", "iface", "host", host, "netns", netns,
			 "ifname", ifname);
}

json_t *wb_lab_change_remote_dir(const char *host, const char *path, const char *boot_id)
{
	return json_pack("{s:s, s:s, s:s, s:s?}", "type", "remote_dir", "host", host,
			 "path", path, "boot_id", boot_id);
}

json_t *wb_lab_change_crypto(const char *host, const char *what, const char *original,
			     json_t *restore, json_t *read)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "type", "crypto", "host", host,
			 "what", what, "original", original, "restore", restore, "read", read);
}

json_t *wb_lab_change_uci(const char *host, const char *radio, const char *content, size_t len,
			  bool was_up, const char *remote_copy)
{
	json_t *text = json_stringn(content, len);

	if (!text)
		return NULL; /* not UTF-8 text: the caller says so */
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s?}", "type", "uci", "host", host,
			 "radio", radio, "path", "/etc/config/wireless", "content", text,
			 "was_up", was_up, "remote_copy", remote_copy);
}
