/*
 * wbench: a capture streamed from a host: `tcpdump -i IF -U -s SNAPLEN -w - [-- FILTER]`
 * spawned through the host with its stdout piped here, and that pcap stream read by
 * libpcap (pcap_fopen_offline) so that the PMF verifier sees it exactly as a live capture.
 *
 * libpcap reads a savefile with blocking fread()s: on an empty non-blocking pipe it would
 * fail, on a blocking one it would stall the cell loop until the next frame, and a frame
 * split across two reads (ssh forwards in its own chunks) would be "truncated". So libpcap
 * never reads the pipe: we read it without blocking into a buffer, find the complete
 * records ourselves (16-byte record headers, the caplen in the stream's byte order), and
 * libpcap reads exactly those through a FILE over the buffer (fopencookie, unbuffered),
 * by pcap_dispatch(count of complete records). The header is there before libpcap is
 * opened: tcpdump -U writes it as soon as it captures, which is also how we know it does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/capture_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

#define STREAM_START_MS_DEFAULT 15000
#define STREAM_HEADER 24           /* pcap file header */
#define STREAM_RECORD_HEADER 16
#define STREAM_RECORD_MAX 262144   /* libpcap's largest snapshot length */
#define STREAM_BUF_MAX (16u << 20)
#define STREAM_QUIET_MS 100
#define STREAM_STOP_GRACE_MS 2000
#define STREAM_PIPE_BYTES (1 << 20)
#define STREAM_LOG_MAX 65536

struct wb_capture_stream {
	struct wb_host *host;       /* borrowed */
	struct wb_host_proc *proc;  /* tcpdump (ours) */
	char *dir;                  /* private directory on the host, for tcpdump's log (ours) */
	char *log;
	uint8_t *buf;               /* what arrived and libpcap has not read yet */
	size_t len, cap;
	size_t rd;                  /* libpcap's position in buf */
	size_t scan;                /* where the next record header starts */
	size_t ready;               /* complete records between rd and scan */
	bool swapped;               /* the stream's byte order is not ours */
	bool eof;
	uint64_t total, records;
	size_t truncated;           /* bytes of a record the stream ended in */
	bool stats;                 /* tcpdump printed its statistics */
};

int wb_capture_stream_fd(const struct wb_capture_stream *s)
{
	return s && !s->eof ? wb_host_proc_stdout(s->proc) : -1;
}

/* libpcap's reads: exactly the bytes the buffer holds, never more, never blocking. */
static ssize_t cookie_read(void *cookie, char *out, size_t n)
{
	struct wb_capture_stream *s = cookie;

	if (n > s->len - s->rd)
		n = s->len - s->rd;
	memcpy(out, s->buf + s->rd, n);
	s->rd += n;
	return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
	(void)cookie;  /* the stream is ours, not the FILE's */
	return 0;
}

/* Read the pipe until it is empty. Returns 0, -EFBIG, -ENOMEM or -errno; EOF sets s->eof. */
static int stream_fill(struct wb_capture_stream *s)
{
	int fd = wb_capture_stream_fd(s);

	while (fd >= 0 && !s->eof) {
		ssize_t n;

		if (s->cap - s->len < 65536) {
			size_t ncap = s->cap ? s->cap * 2 : 262144;
			uint8_t *nb;

			if (ncap > STREAM_BUF_MAX)
				return -EFBIG;
			nb = realloc(s->buf, ncap);
			if (!nb)
				return -ENOMEM;
			s->buf = nb;
			s->cap = ncap;
		}
		n = read(fd, s->buf + s->len, s->cap - s->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (n == 0)
			s->eof = true;
		s->len += (size_t)n;
		s->total += (uint64_t)n;
	}
	return 0;
}

static uint32_t get32(const uint8_t *p, bool swapped)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swapped ? __builtin_bswap32(v) : v;
}

/* The pcap file header's magic: microsecond or nanosecond, either byte order. */
static int stream_magic(struct wb_capture_stream *s)
{
	uint32_t m = get32(s->buf, false);

	if (m == 0xa1b2c3d4u || m == 0xa1b23c4du)
		s->swapped = false;
	else if (m == 0xd4c3b2a1u || m == 0x4d3cb2a1u)
		s->swapped = true;
	else
		return -EPROTO;
	s->scan = STREAM_HEADER;
	return 0;
}

/* Count the records that arrived whole. Returns 0 or -EPROTO (not a pcap stream). */
static int stream_scan(struct wb_capture_stream *s)
{
	while (s->len - s->scan >= STREAM_RECORD_HEADER) {
		uint32_t caplen = get32(s->buf + s->scan + 8, s->swapped);

		if (caplen > STREAM_RECORD_MAX)
			return -EPROTO;
		if (s->len - s->scan - STREAM_RECORD_HEADER < caplen)
			break;
		s->scan += STREAM_RECORD_HEADER + caplen;
		s->ready++;
	}
	return 0;
}

/* What libpcap read is gone from the buffer. */
static void stream_compact(struct wb_capture_stream *s)
{
	memmove(s->buf, s->buf + s->rd, s->len - s->rd);
	s->len -= s->rd;
	s->scan -= s->rd;
	s->rd = 0;
}

int wb_capture_stream_read(struct wb_collector *c)
{
	struct wb_capture_stream *s = c->stream;
	int r = stream_fill(s), n;

	if (r == 0)
		r = stream_scan(s);
	if (r < 0) {
		wb_err("capture: the stream from %s: %s", wb_host_name(s->host),
		       r == -EPROTO ? "not a pcap stream (a record longer than 256 KiB)" :
		       strerror(-r));
		return r;
	}
	if (!s->ready)
		return c->error;
	n = pcap_dispatch(c->pc, (int)s->ready, wb_capture_on_frame, (u_char *)c);
	if (n < 0 || s->rd != s->scan) {
		wb_err("capture: the stream from %s: %s", wb_host_name(s->host),
		       n < 0 ? pcap_geterr(c->pc) : "libpcap read past the complete records");
		return -EIO;
	}
	s->records += s->ready;
	s->ready = 0;
	stream_compact(s);
	return c->error;
}

/* The last line tcpdump wrote to its log ("tcpdump: wlan0: No such device exists"). */
static void tcpdump_said(struct wb_capture_stream *s, char *buf, size_t len)
{
	char *text = NULL, *end, *start;

	buf[0] = '\0';
	if (wb_host_read_file(s->host, s->log, STREAM_LOG_MAX, true, &text, NULL) < 0)
		return;
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	start = strrchr(text, '\n');
	snprintf(buf, len, "%s", start ? start + 1 : text);
	free(text);
}

static int stream_spawn(struct wb_collector *c, struct wb_capture_stream *s, const char *tcpdump)
{
	char snap[16];
	char *argv[] = { (char *)(tcpdump ? tcpdump : "tcpdump"), "-i", c->ifname, "-U", "-s", snap,
			 "-w", "-", NULL, NULL, NULL };
	struct wb_host_exec x = { .netns = c->netns, .pipe_stdout = true };
	int r;

	snprintf(snap, sizeof(snap), "%d", c->snaplen);
	if (c->filter[0]) {
		/* one word: tcpdump joins its arguments; "--": a filter is never an option */
		argv[8] = "--";
		argv[9] = c->filter;
	}
	r = wb_host_mkdtemp(s->host, "wbench-capture", &s->dir);
	if (r == 0 && asprintf(&s->log, "%s/tcpdump.log", s->dir) < 0) {
		s->log = NULL;
		r = -ENOMEM;
	}
	x.log_path = s->log;
	if (r == 0)
		r = wb_host_spawn(s->host, argv, &x, &s->proc);
	if (r == 0)
		(void)fcntl(wb_host_proc_stdout(s->proc), F_SETPIPE_SZ, STREAM_PIPE_BYTES);
	return r;
}

/* Until the pcap header arrived: tcpdump captures from then on. */
static int stream_wait_header(struct wb_capture_stream *s, int start_ms, struct wb_cancel *cancel)
{
	struct wb_wait w;
	int r = 0;

	wb_wait_init(&w, start_ms > 0 ? start_ms : STREAM_START_MS_DEFAULT, cancel);
	w.peer = wb_host_proc_peer(s->proc);
	while (r == 0 && s->len < STREAM_HEADER && !s->eof) {
		struct pollfd p = { .fd = wb_capture_stream_fd(s), .events = POLLIN };

		r = wb_wait_round(&w, &p, 1);
		if (r == 0 || r == -ESRCH)
			r = stream_fill(s) < 0 ? -EIO : r;
	}
	if (r == 0 && s->len < STREAM_HEADER)
		r = -ESRCH;  /* the stream ended first */
	return r;
}

/* libpcap on the stream: the header is in the buffer, libpcap reads it through the FILE. */
static int stream_pcap_open(struct wb_collector *c, struct wb_capture_stream *s, char *err)
{
	static const cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };
	FILE *fp;

	if (stream_magic(s) < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "what tcpdump sent is not a pcap stream");
		return -EPROTO;
	}
	fp = fopencookie(s, "r", io);
	if (!fp)
		return -ENOMEM;
	setvbuf(fp, NULL, _IONBF, 0);  /* libpcap's reads come to cookie_read as they are */
	c->pc = pcap_fopen_offline(fp, err);
	if (!c->pc) {
		fclose(fp);
		return -EIO;
	}
	stream_compact(s);
	return 0;
}

int wb_capture_stream_open(struct wb_collector *c, const char *tcpdump, int start_ms,
			   struct wb_cancel *cancel, char *err)
{
	struct wb_capture_stream *s = calloc(1, sizeof(*s));
	char said[200] = "";
	int r;

	if (!s)
		return -ENOMEM;
	s->host = c->host;
	c->stream = s;
	r = stream_spawn(c, s, tcpdump);
	if (r < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "cannot start tcpdump on %s: %s",
			 wb_host_name(s->host), strerror(-r));
		return r;
	}
	r = stream_wait_header(s, start_ms, cancel);
	if (r == -ESRCH || r == -ETIMEDOUT) {
		if (r == -ESRCH)
			(void)wb_host_proc_wait(s->proc, STREAM_STOP_GRACE_MS, NULL);
		tcpdump_said(s, said, sizeof(said));
		snprintf(err, PCAP_ERRBUF_SIZE, "tcpdump on %s %s%s%s", wb_host_name(s->host),
			 r == -ETIMEDOUT ? "did not start capturing in time" : "ended",
			 said[0] ? ": " : "", said);
		if (r == -ESRCH && wb_host_proc_exit_code(s->proc) == 127)
			snprintf(err, PCAP_ERRBUF_SIZE, "tcpdump not found on %s (exit status 127): "
				 "install it there (OpenWrt: opkg install tcpdump-mini)",
				 wb_host_name(s->host));
		return r == -ESRCH ? -EIO : r;
	}
	if (r < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "waiting for tcpdump on %s: %s",
			 wb_host_name(s->host), strerror(-r));
		return r;
	}
	return stream_pcap_open(c, s, err);
}

/* tcpdump's statistics at its exit: "N packets dropped by kernel" (and "by interface"). */
static void stream_drops(struct wb_collector *c, struct wb_capture_stream *s)
{
	char *text = NULL, *l, *save = NULL;
	unsigned long long v;

	if (wb_host_read_file(s->host, s->log, STREAM_LOG_MAX, true, &text, NULL) < 0)
		return;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (sscanf(l, "%llu packets dropped by kernel", &v) == 1) {
			c->dropped = v;
			s->stats = true;
		} else if (sscanf(l, "%llu packets dropped by interface", &v) == 1) {
			c->if_dropped = v;
		}
	}
	free(text);
}

/* Read until the stream has been quiet for STREAM_QUIET_MS, or c->drain_ms passed. */
static int stream_drain(struct wb_collector *c, struct wb_capture_stream *s)
{
	int64_t deadline = wb_now_ms() + c->drain_ms;

	for (;;) {
		struct pollfd p = { .fd = wb_capture_stream_fd(s), .events = POLLIN };
		int64_t left = deadline - wb_now_ms();
		int n, r;

		r = wb_capture_stream_read(c);
		if (r < 0 || s->eof || left <= 0)
			return r;
		n = poll(&p, 1, (int)(left < STREAM_QUIET_MS ? left : STREAM_QUIET_MS));
		if (n == 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

int wb_capture_stream_stop(struct wb_collector *c)
{
	struct wb_capture_stream *s = c->stream;
	int r = stream_drain(c, s), r2;

	/* TERM: tcpdump writes what it holds and its statistics, then exits */
	(void)wb_host_proc_stop(s->proc, STREAM_STOP_GRACE_MS);
	/* its writers are gone: what is left in the pipe ends in EOF */
	r2 = wb_capture_stream_read(c);
	if (r == 0)
		r = r2;
	s->truncated = s->len - s->rd;
	stream_drops(c, s);
	/* a record cut short at the end is a frame lost */
	c->dropped += s->truncated ? 1 : 0;
	c->drops_known = s->stats;
	return r;
}

json_t *wb_capture_stream_json(const struct wb_capture_stream *s)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:s}", "tool", "tcpdump -U -w -",
			 "host", wb_host_name(s->host), "bytes", (json_int_t)s->total,
			 "records", (json_int_t)s->records, "truncated_bytes", (json_int_t)s->truncated,
			 "drops_from", s->stats ? "tcpdump's statistics at its exit" :
			 "unknown: tcpdump printed no statistics (killed?)");
}

void wb_capture_stream_free(struct wb_capture_stream *s)
{
	if (!s)
		return;
	wb_host_proc_free(s->proc);
	if (s->dir)
		(void)wb_host_remove(s->host, s->dir);
	free(s->dir);
	free(s->log);
	free(s->buf);
	free(s);
}

/*
 * For the fuzz target and tests: @data as a stream arriving in pieces of @chunk bytes,
 * through the same record finder and libpcap, into a verifier; no process, no pipe.
 */
int wb_capture_stream_replay(const uint8_t *data, size_t len, size_t chunk, json_t **pmf)
{
	struct wb_collector c = { .snaplen = WB_CAPTURE_SNAPLEN_DEFAULT };
	struct wb_capture_stream s = { .eof = true };
	char err[PCAP_ERRBUF_SIZE];
	size_t off = 0;
	int r = wb_pmf_new(&(struct wb_pmf_opts){ 0 }, &c.pmf);

	c.stream = &s;
	*pmf = NULL;
	while (r == 0 && off < len) {
		size_t n = len - off < chunk ? len - off : chunk;

		if (s.len + n > STREAM_BUF_MAX || !(s.buf = realloc(s.buf, s.len + n + 1))) {
			r = -EFBIG;
			break;
		}
		memcpy(s.buf + s.len, data + off, n);
		s.len += n;
		off += n;
		if (!c.pc && s.len >= STREAM_HEADER && (r = stream_pcap_open(&c, &s, err)) == 0)
			c.dlt = pcap_datalink(c.pc);
		if (r == 0 && c.pc)
			r = wb_capture_stream_read(&c);
	}
	if (r == 0)
		r = wb_pmf_result(c.pmf, pmf);
	if (c.pc)
		pcap_close(c.pc);
	wb_pmf_free(c.pmf);
	free(s.buf);
	return r;
}
