/*
 * wbench: helpers shared by scenario.c, scenario_lab.c and scenario_json.c only.
 * Not a public interface.
 */
#ifndef WB_SCENARIO_PRIV_H
#define WB_SCENARIO_PRIV_H

#include "wbench/lib/jsonv.h"
#include "wbench/scenario/scenario.h"

/**
 * wb_scenario_parse_lab - validate the `lab` object into @lab
 * @base_dir: directory for relative paths (NULL: current directory)
 * Every field is checked for every backend; a backend other than "sim" is rejected
 * afterwards by the caller, so its error comes after structural ones.
 * Returns: 0, -EINVAL or -ENOMEM.
 */
int wb_scenario_parse_lab(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
			  struct wb_scenario_lab *lab);

/** wb_scenario_release_lab - free the strings of @lab. */
void wb_scenario_release_lab(struct wb_scenario_lab *lab);

/** wb_scenario_lab_to_json - normalised `lab` object. Returns a new reference or NULL. */
json_t *wb_scenario_lab_to_json(const struct wb_scenario_lab *lab);

/**
 * wb_scenario_resolve_path - @p when absolute or when @base_dir is NULL, else
 * "@base_dir/@p". Returns a new string (caller frees) or NULL.
 */
char *wb_scenario_resolve_path(const char *base_dir, const char *p);

#endif /* WB_SCENARIO_PRIV_H */
