#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/results.h"
#include "reports/summary.h"
#include "wbench/lib/jsonv.h"
#include "wbench/lib/util.h"

const char *const wb_results_status_names[] = {
	[WB_RESULTS_OK] = "ok",
	[WB_RESULTS_AP_START_FAILED] = "ap_start_failed",
	[WB_RESULTS_ASSOC_FAILED] = "assoc_failed",
	[WB_RESULTS_TRAFFIC_FAILED] = "traffic_failed",
	[WB_RESULTS_UNSUPPORTED] = "unsupported",
	[WB_RESULTS_ERROR] = "error",
	NULL
};
/* The known statuses: the table without its NULL. */
#define N_STATUS (WB_RESULTS_ERROR + 1)

const char *const wb_results_proto_names[WB_RESULTS_PROTOS + 1] = { "tcp", "udp", NULL };
const char *const wb_results_dir_names[WB_RESULTS_DIRS + 1] = { "up", "down", NULL };

const char *wb_results_status_name(enum wb_results_status s)
{
	return (size_t)s < N_STATUS ? wb_results_status_names[s] : "?";
}

int wb_results_status_parse(const char *name, enum wb_results_status *out)
{
	size_t i;

	for (i = 0; name && i < N_STATUS; i++) {
		if (strcmp(name, wb_results_status_names[i]) == 0) {
			*out = (enum wb_results_status)i;
			return 0;
		}
	}
	return -EINVAL;
}

int wb_results_load(const char *path, json_t **out, char *err, size_t errlen)
{
	struct wb_jsonv jv;
	char *text = NULL;
	size_t len = 0;
	json_t *doc;
	int ret;

	*out = NULL;
	ret = wb_read_file(path, 256u * 1024 * 1024, &text, &len);
	if (ret < 0) {
		if (err && errlen)
			snprintf(err, errlen, "cannot read results '%s': %s", path, wb_read_file_strerror(ret));
		return ret;
	}
	wb_jsonv_init(&jv, path, err, errlen);
	doc = wb_jsonv_parse(&jv, text, len);
	free(text);
	if (!doc)
		return -EINVAL;
	ret = wb_results_validate(doc, path, err, errlen);
	if (ret < 0) {
		json_decref(doc);
		return ret;
	}
	*out = doc;
	return 0;
}
