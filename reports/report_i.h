/*
 * wbench: the report's internal model, shared by report_html.c, report_md.c and
 * report_charts.c: the input files with their recomputed summaries, and the union of
 * their modes in a stable order. Not a public interface.
 */
#ifndef WB_REPORT_I_H
#define WB_REPORT_I_H

#include <limits.h>
#include <stdbool.h>

#include "reports/jpath.h"
#include "reports/report.h"
#include "wbench/lib/strbuf.h"

struct wb_rfile {
	char *path;           /* as given, as valid UTF-8 (the page declares UTF-8; a file name
			       * is bytes): non-UTF-8 bytes as '?' (owned) */
	const char *name;     /* its last path component (borrowed from path) */
	const json_t *doc;    /* borrowed */
	json_t *summary;      /* recomputed from the cells (owned) */
	const char *scenario; /* scenario.name or "-" (borrowed from doc) */
	const char *backend;  /* environment.backend or "-" */
	bool sim;
};

/* A mode is identified by its four strings; key and label are for display only. */
struct wb_rmode {
	char *key;            /* "crypto/security/proto/direction": the data-key in the page (owned) */
	char *label;          /* "crypto security proto direction" (owned) */
	const char *crypto, *security, *proto, *direction; /* borrowed from a summary */
	const json_t *group[WB_REPORT_MAX_FILES]; /* the summary entry per file, or NULL */
};

struct wb_rmodel {
	struct wb_rfile file[WB_REPORT_MAX_FILES];
	size_t nf;
	struct wb_rmode *mode; /* owned */
	size_t nm;
	const json_t *compare; /* borrowed, or NULL */
	char compare_note[1024]; /* wb_report_compare_mismatch's text, or "" when it matches */
	bool any_sim;
};

/** wb_rmodel_init - build the model. Returns 0, -EINVAL (@err says why) or -ENOMEM. */
int wb_rmodel_init(struct wb_rmodel *m, const struct wb_report_input *in, size_t n,
		   const json_t *compare, char *err, size_t errlen);

/** wb_rmodel_release - free what wb_rmodel_init allocated. */
void wb_rmodel_release(struct wb_rmodel *m);

/** wb_rmodel_cell_in - whether @cell belongs to mode @md. */
bool wb_rmodel_cell_in(const json_t *cell, const struct wb_rmode *md);

/**
 * wb_rmodel_median - median of the number at the key path (NULL-terminated keys) over
 * the "ok" cells of mode @md in file @f that have it
 * @med: set to the median, or NAN when no cell has it
 * Returns: 0 or -ENOMEM (*@med is then NAN too: the caller must not show it as "no data").
 */
int wb_rmodel_median(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
		     double *med, ...) WB_MUST_CHECK;

/** wb_rmodel_str - the string at @key of @v, or @dflt. */
const char *wb_rmodel_str(const json_t *v, const char *key, const char *dflt);

/**
 * wb_rmodel_status - the status text of a summary group: "ok", "STATUS: CODE" when no
 * cell was ok, "N ok, M STATUS: CODE" when mixed, "no cells" for NULL; @tone is set to
 * "ok", "fail", "mixed" or "none" (a CSS class)
 */
void wb_rmodel_status(const json_t *g, char *buf, size_t len, const char **tone);

/** wb_rmodel_fmt - @v with @decimals decimals, or "-" when not finite. Returns @buf. */
const char *wb_rmodel_fmt(char *buf, size_t len, double v, int decimals);


/**
 * wb_rmodel_first_failure - the first failed cell of mode @md in file @f with a
 * diagnosis (borrowed), and the number of failed cells in *@count
 */
const json_t *wb_rmodel_first_failure(const struct wb_rmodel *m, size_t f,
				      const struct wb_rmode *md, size_t *count);

/*
 * The cost of software crypto for one (security, proto, direction) of one file: the
 * hwcrypt and nohwcrypt summary groups (either may be NULL).
 */
struct wb_rcost {
	char label[160];
	const json_t *hw, *sw;
};

/**
 * wb_rmodel_costs - the pairs for file @f, in mode order, only where both crypto modes
 * were measured; @out holds at least m->nm entries
 * Returns: the number of pairs.
 */
size_t wb_rmodel_costs(const struct wb_rmodel *m, size_t f, struct wb_rcost *out);

/*
 * Failed cells of one file grouped by (status, diagnosis code, remedy) across modes: the
 * seed case's six hwcrypt PMF modes share one diagnosis and one remedy, and a page that
 * repeats it six times hides that.
 */
#define WB_RFAIL_MSG_MAX 3

struct wb_rfail {
	const char *status, *code, *remedy;    /* borrowed from the cells */
	bool *modes;                           /* per mode index (owned) */
	const char *msg[WB_RFAIL_MSG_MAX];     /* distinct messages, in order (borrowed) */
	size_t nmsg, more_msgs, count, predicted, with_prediction;
};

/**
 * wb_rmodel_failures - the failure groups of file @f, in mode order
 * @out: set to a new array (free with wb_rmodel_failures_free), @n to its length
 * Returns: 0 or -ENOMEM.
 */
int wb_rmodel_failures(const struct wb_rmodel *m, size_t f, struct wb_rfail **out, size_t *n);

/** wb_rmodel_failures_free - free what wb_rmodel_failures returned (NULL is fine). */
void wb_rmodel_failures_free(struct wb_rfail *g, size_t n);

/*
 * The stability workload of one summary group (its "reconnect", docs/results.md): the
 * disconnect/reconnect cycles over the mode's cells. Shared by the HTML page and the
 * Markdown summary so both show the same text (report_sections.c).
 */
struct wb_rreconnect {
	long long cycles, succeeded;
	double median_ms, p95_ms, max_ms; /* NAN where the group has null */
	bool below;                       /* a success rate below 1: shown as a failure */
	char rate[96];                    /* "19 of 20 (95.0%)" */
};

/**
 * wb_rmodel_reconnect - read the "reconnect" of summary group @g into @out
 * Returns: false when @g is NULL or its "reconnect" is null or absent (no cycles ran).
 */
bool wb_rmodel_reconnect(const json_t *g, struct wb_rreconnect *out);

/** wb_rmodel_any_reconnect - whether a group of file @f (SIZE_MAX: of any file) has one. */
bool wb_rmodel_any_reconnect(const struct wb_rmodel *m, size_t f);

/*
 * The soaks of one mode in one file: its summary group's "soak" (docs/results.md) and,
 * from the mode's cells, the envelope of their trend intervals; with the texts both
 * renderers show (report_stability.c).
 */
struct wb_rsoak {
	long long cells, disconnects, stalls, group, ptk;
	double hours, per_hour, stall_s, longest_s;     /* NAN where the group has null */
	double trend, trend_lo, trend_hi;               /* %/h */
	double dip_median, dip_max, rec_median, rec_max;
	char t_hours[32], t_disconnects[64], t_stalls[32], t_stall_s[32], t_longest[32];
	char t_trend[96], t_rekeys[64], t_dip[72], t_recovery[72];
};

/**
 * wb_rmodel_soak - the soaks of mode @md in file @f into @out
 * Returns: false when the mode's group has no soak (null, absent, or no group).
 */
bool wb_rmodel_soak(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
		    struct wb_rsoak *out);

/** wb_rmodel_any_soak - whether a group of file @f (SIZE_MAX: of any file) has a soak. */
bool wb_rmodel_any_soak(const struct wb_rmodel *m, size_t f);

/** wb_rmodel_any_stability - whether file @f (SIZE_MAX: any) has reconnect cycles or a soak. */
bool wb_rmodel_any_stability(const struct wb_rmodel *m, size_t f);

/*
 * Latency under load of one mode in one file: its summary group's "latency"
 * (docs/results.md), shared by the HTML page and the Markdown summary (report_latency.c).
 */
struct wb_rlatency {
	long long cells;
	double idle_p50, loaded_p50, loaded_p90, loaded_p99, added_p90; /* ms; NAN for null */
	double loss_pct;                                                /* probes lost */
	bool udp;                        /* the group has iperf's UDP numbers */
	double jitter_ms, udp_lost_pct;  /* NAN where null or not UDP */
};

/**
 * wb_rmodel_latency - read the "latency" of summary group @g into @out
 * Returns: false when @g is NULL or its "latency" is null or absent.
 */
bool wb_rmodel_latency(const json_t *g, struct wb_rlatency *out);

/**
 * wb_rmodel_any_latency - whether a group of file @f (SIZE_MAX: of any file) has latency
 * (@udp: latency with iperf's UDP numbers)
 */
bool wb_rmodel_any_latency(const struct wb_rmodel *m, size_t f, bool udp);

/* Charts (report_charts.c): each appends a complete gnuplot script to @b. */
/** wb_rcharts_throughput - medians with 95% intervals, all files. Returns 0, -ENODATA or -ENOMEM. */
int wb_rcharts_throughput(const struct wb_rmodel *m, struct wb_strbuf *b);
/**
 * wb_rcharts_cpu - stacked CPU of one end ("ap" or "sta") for file @f, with the busiest
 * core's busy % as a marker
 * Returns: 0, -ENODATA (no ok cell has CPU data for that end) or -ENOMEM.
 */
int wb_rcharts_cpu(const struct wb_rmodel *m, size_t f, const char *end, struct wb_strbuf *b);
/** wb_rcharts_series - per-interval throughput for file @f. Returns 0, -ENODATA, -ENOMEM. */
int wb_rcharts_series(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b);
/** wb_rcharts_cpu_series - the AP's busiest core per 1 s sample. Returns 0, -ENODATA, -ENOMEM. */
int wb_rcharts_cpu_series(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b);
/**
 * wb_rcharts_soak - the soak's throughput series (soak.series.mean_bps) of each mode's
 * first cell with a soak in file @f, one line per mode, gaps where a bin has no traffic
 * Returns: 0, -ENODATA (no soak in the file) or -ENOMEM.
 */
int wb_rcharts_soak(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b);

/**
 * wb_rcharts_latency - per mode with latency in file @f, the idle p50 next to the loaded
 * p90 (the medians of the summary)
 * Returns: 0, -ENODATA (no latency in the file) or -ENOMEM.
 */
int wb_rcharts_latency(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b);

/*
 * Rendering (report_html.c, report_sections.c, report_md.c). Each appends to @b; an
 * allocation failure is sticky in @b (b->failed), checked once by the caller.
 */
/** wb_rhtml_file_label - "[N] <code>NAME</code>" (the number only with several files). */
/** wb_rhtml_td - a table cell with class @cls (NULL: none) holding @s, HTML-escaped. */
void wb_rhtml_td(struct wb_strbuf *b, const char *cls, const char *s);
/**
 * wb_rhtml_td_field - a cell the browser test reads back: class @cls, data-file @f,
 * data-key (@md's), data-field @field, holding @text (HTML-escaped)
 */
void wb_rhtml_td_field(struct wb_strbuf *b, const char *cls, size_t f, const struct wb_rmode *md,
		       const char *field, const char *text);

void wb_rhtml_file_label(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f);

/** wb_rhtml_file_heading - an <h3> with the file's label, when the report has two files */
void wb_rhtml_file_heading(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f);
/**
 * wb_rmodel_compare_stability - whether a group of the comparison @cmp has a reconnect or
 * disconnects verdict from workloads that ran (not "not_run", "not_compared" or absent):
 * only then do the comparison tables have those columns
 */
bool wb_rmodel_compare_stability(const json_t *cmp);

/**
 * wb_rmodel_compare_latency - whether a group of the comparison @cmp has a latency
 * verdict (both sides probed): only then do the comparison tables have that column
 */
bool wb_rmodel_compare_latency(const json_t *cmp);

/**
 * wb_rmodel_stability_verdict - the verdict of the functional gate @gate ("reconnect",
 * "disconnects") of @group (borrowed), NULL when absent or "not_run" (shown as "-")
 */
const char *wb_rmodel_stability_verdict(const json_t *group, const char *gate);

/** wb_rhtml_compare - the comparison section from m->compare (which must be set). */
void wb_rhtml_compare(const struct wb_rmodel *m, struct wb_strbuf *b);
/** wb_rhtml_failures - the failures section: wb_rmodel_failures per file. */
void wb_rhtml_failures(const struct wb_rmodel *m, struct wb_strbuf *b);
/**
 * wb_rhtml_stability - the stability section: per file, a table of the modes with
 * reconnect cycles (cycles, success, association times) and one of the modes with a soak
 * (hours, disconnects, stalls, trend, rekeys); nothing when no group has either
 */
void wb_rhtml_stability(const struct wb_rmodel *m, struct wb_strbuf *b);
/**
 * wb_rhtml_latency - the "Latency under load" section: per file, a table of the modes
 * with latency (idle p50, loaded p50/p90/p99, added p90, probe loss; iperf's jitter and
 * loss when a UDP mode has them); nothing when no group has latency
 */
void wb_rhtml_latency(const struct wb_rmodel *m, struct wb_strbuf *b);
/** wb_rhtml_pmf - the PMF section: verdicts, negotiated security, counters, findings. */
void wb_rhtml_pmf(const struct wb_rmodel *m, struct wb_strbuf *b);
/** wb_rhtml_environment - the environment and scenario sections (redacted). */
void wb_rhtml_environment(const struct wb_rmodel *m, struct wb_strbuf *b);
/**
 * wb_rhtml_render - the whole page
 * @flags: WB_REPORT_* bits
 * @cancel: may be NULL; once fired, the remaining charts are skipped (the page says so)
 * Returns: 0 or -ENOMEM.
 */
int wb_rhtml_render(const struct wb_rmodel *m, unsigned int flags, struct wb_cancel *cancel,
		    struct wb_strbuf *b);
/** wb_rmd_render - the whole Markdown summary. Returns: 0 or -ENOMEM. */
int wb_rmd_render(const struct wb_rmodel *m, struct wb_strbuf *b);

#endif /* WB_REPORT_I_H */
