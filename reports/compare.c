/* Placeholder until the comparison lands: every entry point reports -ENOSYS. */
#include <errno.h>
#include <stdio.h>

#include "reports/compare.h"

struct wb_compare_gate {
	int unused;
};

struct wb_compare_gate *wb_compare_gate_new(void)
{
	return NULL;
}

int wb_compare_gate_load(const char *path, struct wb_compare_gate **out, char *err,
			 size_t errlen)
{
	*out = NULL;
	snprintf(err, errlen, "%s: comparison not built yet", path);
	return -ENOSYS;
}

void wb_compare_gate_free(struct wb_compare_gate *g)
{
	(void)g;
}

int wb_compare_docs(const json_t *base, const char *base_file, const json_t *cand,
		    const char *cand_file, const struct wb_compare_gate *gate, json_t **out,
		    char *err, size_t errlen)
{
	(void)base; (void)cand; (void)gate; (void)cand_file;
	*out = NULL;
	snprintf(err, errlen, "%s: comparison not built yet", base_file);
	return -ENOSYS;
}
