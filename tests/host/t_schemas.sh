#!/bin/sh
# The JSON Schemas in docs/ against the C loaders, on the same inputs (needs python3
# with the jsonschema module; skipped without it).
. tests/lib/lib.sh

if ! python3 -c 'import jsonschema' 2>/dev/null; then
    ok "schemas # SKIP python3 jsonschema module not installed"
    t_done
fi
python3 tests/host/schemas.py "$WB" || WB_T_FAILS=1
t_done
