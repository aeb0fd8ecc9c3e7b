#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "collectors/capture_i.h"
#include "wbench/sys/netns.h"
#include "collectors/pmf.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

/* Kernel buffer: hwsim0 under a full TCP run delivers ~7,000 frames/s. */
#define CAPTURE_BUFFER_BYTES (8 << 20)
/* During the drain, this long without a frame means the kernel has nothing left. */
#define CAPTURE_QUIET_MS 100

struct wb_pmf *wb_capture_pmf(struct wb_collector *c)
{
	return c ? c->pmf : NULL;
}

void wb_capture_on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct wb_collector *c = (struct wb_collector *)user;
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
	int r;

	c->frames++;
	c->bytes += h->caplen;
	if (c->dump)
		pcap_dump((u_char *)c->dump, h, d);
	r = wb_pmf_feed(c->pmf, c->dlt, ts, d, h->caplen, h->len);
	if (r < 0 && !c->error)
		c->error = r;
}

struct activate_args {
	struct wb_collector *c;
	char *err;  /* PCAP_ERRBUF_SIZE */
};

/* In the capture's namespace: create and activate the handle. */
static int activate_here(void *arg)
{
	struct activate_args *a = arg;
	struct wb_collector *c = a->c;
	int ret;

	c->pc = pcap_create(c->ifname, a->err);
	if (!c->pc)
		return -EIO;
	if (pcap_set_snaplen(c->pc, c->snaplen) || pcap_set_promisc(c->pc, 0) ||
	    pcap_set_immediate_mode(c->pc, 1) ||
	    pcap_set_buffer_size(c->pc, CAPTURE_BUFFER_BYTES)) {
		snprintf(a->err, PCAP_ERRBUF_SIZE, "cannot configure the capture");
		return -EIO;
	}
	ret = pcap_activate(c->pc);
	if (ret < 0) {
		snprintf(a->err, PCAP_ERRBUF_SIZE, "%s", pcap_geterr(c->pc));
		return ret == PCAP_ERROR_NO_SUCH_DEVICE ? -ENODEV :
		       ret == PCAP_ERROR_PERM_DENIED ? -EPERM : -EIO;
	}
	return 0;
}

/*
 * Create and activate the handle inside @netns: a packet socket belongs to the
 * namespace it was created in, so switching back afterwards is enough.
 */
static int activate_in_netns(struct wb_collector *c, const char *netns, char *err)
{
	struct activate_args a = { .c = c, .err = err };

	return wb_netns_call(netns, activate_here, &a, err, PCAP_ERRBUF_SIZE);
}

static int open_dump(struct wb_collector *c)
{
	FILE *fp;
	int fd;

	if (asprintf(&c->save_tmp, "%s.tmp", c->save_path) < 0) {
		c->save_tmp = NULL;
		return -ENOMEM;
	}
	/* The 4-way handshake in a capture allows offline guessing of the passphrase. */
	fd = open(c->save_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	fp = fdopen(fd, "wb");
	if (!fp) {
		close(fd);
		unlink(c->save_tmp);
		return -errno;
	}
	c->dump = pcap_dump_fopen(c->pc, fp);
	if (!c->dump) {
		fclose(fp);
		unlink(c->save_tmp);
		return -EIO;
	}
	return 0;
}

static void capture_close(struct wb_collector *c);

/* libpcap live on this machine, once its link type is checked: the BPF filter, non-blocking reads. */
static int setup_live(struct wb_collector *c, char *err)
{
	struct bpf_program prog;
	int ret;

	if (pcap_compile(c->pc, &prog, c->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "bad filter '%s': %s", c->filter, pcap_geterr(c->pc));
		return -EINVAL;
	}
	ret = pcap_setfilter(c->pc, &prog);
	pcap_freecode(&prog);
	if (ret < 0 || pcap_setnonblock(c->pc, 1, err) < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "cannot set it up: %s", pcap_geterr(c->pc));
		return -EIO;
	}
	return 0;
}

static int copy_cfg(struct wb_collector *c, const struct wb_collector_cfg *cfg,
		    const struct wb_capture_cfg *cc)
{
	const char *filter = cc->full ? "" : cc->filter ? cc->filter : WB_CAPTURE_FILTER_DEFAULT;

	wb_strlcpy(c->ifname, cfg->ifname, sizeof(c->ifname));
	c->host = cfg->host;
	c->snaplen = cc->snaplen > 0 ? cc->snaplen :
		     cc->full ? WB_CAPTURE_SNAPLEN_FULL : WB_CAPTURE_SNAPLEN_DEFAULT;
	c->drain_ms = cc->drain_ms > 0 ? cc->drain_ms : WB_CAPTURE_DRAIN_MS_DEFAULT;
	c->filter = strdup(filter);
	c->netns = cfg->netns ? strdup(cfg->netns) : NULL;
	c->save_path = cc->save_path ? strdup(cc->save_path) : NULL;
	if (!c->filter || (cfg->netns && !c->netns) || (cc->save_path && !c->save_path))
		return -ENOMEM;
	return 0;
}

/* The capture: a monitor interface first when asked, then libpcap here or tcpdump there. */
static int open_source(struct wb_collector *c, const struct wb_capture_cfg *cc, char *err)
{
	int ret = 0;

	if (cc->monitor_phy) {
		ret = wb_capture_monitor_add(c, cc->monitor_phy, cc->monitor_freq_mhz);
		if (ret < 0) {
			snprintf(err, PCAP_ERRBUF_SIZE, "no monitor interface on %s: %s",
				 cc->monitor_phy, strerror(-ret));
			return ret;
		}
	}
	if (cc->source == WB_CAPTURE_STREAM)
		return wb_capture_stream_open(c, cc->tcpdump, cc->start_ms, cc->cancel, err);
	return activate_in_netns(c, c->netns, err);
}

static int capture_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	static const struct wb_capture_cfg defaults;
	const struct wb_capture_cfg *cc = cfg->priv ? cfg->priv : &defaults;
	struct wb_pmf_opts po = { .ssid = cc->ssid, .passphrase = cc->passphrase,
				  .bssid = cc->bssid };
	char err[PCAP_ERRBUF_SIZE] = "";
	struct wb_collector *c;
	int ret;

	*out = NULL;
	if (!cfg->ifname || strlen(cfg->ifname) >= sizeof(c->ifname)) {
		wb_err("capture: no sniffer interface given");
		return -EINVAL;
	}
	if ((cc->source == WB_CAPTURE_STREAM && !cfg->host) ||
	    (cc->source == WB_CAPTURE_LOCAL && cfg->host && !wb_host_is_local(cfg->host))) {
		wb_err("capture: libpcap runs on this machine, tcpdump on a host: %s",
		       cfg->host ? "stream from the remote host" : "no host to stream from");
		return -EINVAL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	ret = copy_cfg(c, cfg, cc);
	if (ret == 0 && (ret = wb_pmf_new(&po, &c->pmf)) < 0)
		wb_err("capture: bad PMF verifier options: %s", strerror(-ret));
	if (ret == 0 && (ret = open_source(c, cc, err)) < 0)
		wb_err("capture: cannot capture on '%s': %s", c->ifname, err);
	if (ret < 0)
		goto fail;
	c->dlt = pcap_datalink(c->pc);
	if (c->dlt != 127 && c->dlt != 105) {
		wb_err("capture: '%s' has link type %d (%s), expected 127 (radiotap): is it a "
		       "monitor-mode interface?", c->ifname, c->dlt,
		       pcap_datalink_val_to_name(c->dlt) ? pcap_datalink_val_to_name(c->dlt) : "?");
		ret = -EPROTONOSUPPORT;
		goto fail;
	}
	if (!c->stream && (ret = setup_live(c, err)) < 0) {
		wb_err("capture: cannot capture on '%s': %s", c->ifname, err);
		goto fail;
	}
	if (c->save_path) {
		ret = open_dump(c);
		if (ret < 0) {
			wb_err("capture: cannot write '%s': %s", c->save_path, strerror(-ret));
			goto fail;
		}
	}
	*out = c;
	return 0;
fail:
	capture_close(c);
	return ret;
}

static int capture_start(struct wb_collector *c)
{
	(void)c;  /* capturing began in open(): see capture.h */
	return 0;
}

static int capture_poll_fd(const struct wb_collector *c)
{
	if (!c->pc || c->stopped)
		return -1;
	return c->stream ? wb_capture_stream_fd(c->stream) : pcap_get_selectable_fd(c->pc);
}

static int capture_read(struct wb_collector *c)
{
	int n;

	if (!c->pc || c->stopped)
		return 0;
	if (c->stream)
		return wb_capture_stream_read(c);
	n = pcap_dispatch(c->pc, -1, wb_capture_on_frame, (u_char *)c);
	if (n < 0) {
		wb_err("capture: reading '%s': %s", c->ifname, pcap_geterr(c->pc));
		return -EIO;
	}
	return c->error;
}

/* Read until the kernel has had nothing for CAPTURE_QUIET_MS, or drain_ms passed. */
static int drain(struct wb_collector *c)
{
	int64_t deadline = wb_now_ms() + c->drain_ms;
	struct pollfd pfd = { .fd = pcap_get_selectable_fd(c->pc), .events = POLLIN };

	for (;;) {
		int64_t left = deadline - wb_now_ms();
		int n = pcap_dispatch(c->pc, -1, wb_capture_on_frame, (u_char *)c);

		if (n < 0)
			return -EIO;
		if (left <= 0)
			return 0;
		if (n > 0)
			continue;
		n = poll(&pfd, 1, (int)(left < CAPTURE_QUIET_MS ? left : CAPTURE_QUIET_MS));
		if (n == 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

static int capture_stop(struct wb_collector *c)
{
	struct pcap_stat st;
	int ret = 0;

	if (c->stopped || !c->pc)
		return 0;
	if (c->stream) {
		ret = wb_capture_stream_stop(c);
	} else {
		ret = drain(c);
		if (ret < 0)
			wb_err("capture: draining '%s': %s", c->ifname, pcap_geterr(c->pc));
		if (pcap_stats(c->pc, &st) == 0) {
			c->dropped = st.ps_drop;
			c->if_dropped = st.ps_ifdrop;
			c->drops_known = true;
		}
	}
	/* a stream cut short lost a frame even when tcpdump could not say what it dropped */
	if (c->drops_known || c->dropped)
		wb_pmf_note_drops(c->pmf, c->dropped + c->if_dropped);
	else
		wb_warn("capture: no drop counters for '%s'", c->ifname);
	if (c->dump) {
		bool ok = pcap_dump_flush(c->dump) == 0;

		pcap_dump_close(c->dump);
		c->dump = NULL;
		if (!ok || rename(c->save_tmp, c->save_path) < 0) {
			wb_err("capture: cannot write '%s': %s", c->save_path, strerror(errno));
			unlink(c->save_tmp);
			ret = ret ? ret : -EIO;
		}
	}
	pcap_close(c->pc);
	c->pc = NULL;
	c->stopped = true;
	return ret ? ret : c->error;
}

static int capture_result(struct wb_collector *c, json_t **out)
{
	json_t *o = json_object(), *pmf = NULL;
	int r = 0;

	*out = NULL;
	if (!o || wb_pmf_result(c->pmf, &pmf) < 0) {
		json_decref(o);
		return -ENOMEM;
	}
	r |= json_object_set_new(o, "interface", json_string(c->ifname));
	r |= json_object_set_new(o, "filter", json_string(c->filter));
	r |= json_object_set_new(o, "snaplen", json_integer(c->snaplen));
	r |= json_object_set_new(o, "frames", json_integer((json_int_t)c->frames));
	r |= json_object_set_new(o, "bytes", json_integer((json_int_t)c->bytes));
	r |= json_object_set_new(o, "dropped", json_integer((json_int_t)c->dropped));
	r |= json_object_set_new(o, "if_dropped", json_integer((json_int_t)c->if_dropped));
	r |= json_object_set_new(o, "file", c->save_path && c->stopped ?
				 json_string(c->save_path) : json_null());
	r |= json_object_set_new(o, "drops_known", json_boolean(c->drops_known));
	r |= json_object_set_new(o, "source", json_string(c->stream ? "tcpdump" : "libpcap"));
	r |= json_object_set_new(o, "host", json_string(c->host ? wb_host_name(c->host) : "local"));
	if (c->stream)
		r |= json_object_set_new(o, "stream", wb_capture_stream_json(c->stream));
	if (c->monitor_phy)
		r |= json_object_set_new(o, "monitor", json_pack("{s:s, s:i, s:b}", "phy",
								 c->monitor_phy, "freq_mhz",
								 (int)c->monitor_freq_mhz,
								 "tuned", c->monitor_tuned));
	r |= json_object_set_new(o, "pmf", pmf);
	if (r) {
		json_decref(o);
		return -ENOMEM;
	}
	*out = o;
	return 0;
}

static void capture_close(struct wb_collector *c)
{
	if (!c)
		return;
	if (c->dump) {
		pcap_dump_close(c->dump);
		unlink(c->save_tmp);
	}
	if (c->pc)
		pcap_close(c->pc);  /* first: a stream's FILE reads from the stream */
	wb_capture_stream_free(c->stream);
	wb_capture_monitor_del(c);
	wb_pmf_free(c->pmf);
	free(c->netns);
	free(c->filter);
	free(c->save_path);
	free(c->save_tmp);
	free(c->monitor_phy);
	free(c);
}

const struct wb_collector_ops wb_capture_ops = {
	.name = "capture",
	.open = capture_open,
	.start = capture_start,
	.poll_fd = capture_poll_fd,
	.read = capture_read,
	.stop = capture_stop,
	.result = capture_result,
	.close = capture_close,
};
