# Pretty-prints a JSON value the way ubus's CLI does (blobmsg_format_json_indent: tabs,
# "key": value, one member a line) from a line stream: "{ KEY", "[ KEY", "}", "]",
# "s KEY VALUE" (string), "r KEY VALUE" (raw: true/false/number). KEY "-" = none (array
# members, the top value). Fields are tab-separated.
function esc(v) {
    gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v); gsub(/\t/, "\\t", v); gsub(/\r/, "\\r", v)
    return "\"" v "\""
}
function ind(n,    s) { s = ""; while (n-- > 0) s = s "\t"; return s }
function head(k) {
    if (first[d] == 0) printf ",\n"; else if (d > 0) printf "\n"
    first[d] = 0
    printf "%s%s", ind(d), (k == "-" ? "" : esc(k) ": ")
}
BEGIN { FS = "\t"; d = 0; first[0] = 1 }
$1 == "{" || $1 == "[" { head($2); printf "%s", $1; d++; first[d] = 1; next }
$1 == "}" || $1 == "]" { d--; printf "\n%s%s", ind(d), $1; if (d == 0) printf "\n"; next }
$1 == "s" { head($2); printf "%s", esc($3); next }
$1 == "r" { head($2); printf "%s", $3; next }
