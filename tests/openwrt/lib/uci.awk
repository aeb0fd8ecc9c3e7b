# The engine of the uci stand-in (tests/openwrt/bin/uci): loads one package, i.e. the file
# /etc/config/PKG in uci's syntax, then replays the saved changes of /tmp/.uci/PKG (the
# delta format of real uci 2019-09-01: "pkg.sec.opt='v'", "+pkg.sec='type'", "-pkg.sec[.opt]",
# "@pkg.sec[.opt]='new'", "|pkg.sec.opt='v'" add_list, "~pkg.sec.opt='v'" del_list), then
# does one action. Run as
#   UCI_ARG=ARG awk -f uci.awk -v pkg=PKG -v act=ACTION FILE DELTA
# ACTION: export (arg 1: with "package" header), show (arg: "", sec or sec.opt), get
# (arg: sec[.opt]), changes, mutate (arg: one op line "OP\tTARGET[=VALUE]": prints the delta
# line to append, or "ERR <message>" and exits 1; for "add" it prints the new name too).
# Exit status: 0, 1 (entry not found / invalid argument; message on stdout as "ERR ...").
# Values are kept raw (newlines inside a quoted value are joined by the tokenizer).

# tok(s): split s as uci's parser does ('...' literal, "..." with backslash escapes, bare
# words with backslash escapes, # comment at a token start); words in T[1..n].
function tok(s,    n, i, c, w, inw, q) {
    n = 0; w = ""; inw = 0; q = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q == "'") { if (c == "'") q = ""; else w = w c; continue }
        if (q == "\"") {
            if (c == "\\" && i < length(s)) { i++; w = w substr(s, i, 1); continue }
            if (c == "\"") q = ""; else w = w c
            continue
        }
        if (c == " " || c == "\t" || c == "\r") {
            if (inw) { T[++n] = w; w = ""; inw = 0 }
            continue
        }
        if (c == "#" && !inw) break
        inw = 1
        if (c == "'" || c == "\"") { q = c; continue }
        if (c == "\\" && i < length(s)) { i++; w = w substr(s, i, 1); continue }
        w = w c
    }
    if (inw) T[++n] = w
    TQ = q
    return n
}

function esc(v,    r) { r = v; gsub(/'/, "'\\''", r); return "'" r "'" }

function newsec(s, t, anon) {
    if (!(s in stype)) { sid[++nsec] = s }
    stype[s] = t; sanon[s] = anon; sdead[s] = 0
}
# a deleted section leaves the list with its options (as uci's uci_free_section): a later
# `set PKG.NAME=TYPE` makes a new, empty one at the end
function delsec(s,    k, j) {
    for (k = 1; k <= nsec; k++) if (sid[k] == s) sid[k] = "\001gone"
    sdead["\001gone"] = 1
    for (j = 1; j <= nopt[s]; j++) { okind[s, oname[s, j]] = ""; delete opos[s, oname[s, j]] }
    nopt[s] = 0
    sdead[s] = 1; delete stype[s]
}
function addopt(s, o) { if (!((s, o) in opos)) { oname[s, ++nopt[s]] = o; opos[s, o] = 1 } }
function setopt(s, o, v) { addopt(s, o); okind[s, o] = "option"; oval[s, o] = v; nl[s, o] = 0 }
function addlist(s, o, v) {
    addopt(s, o)
    if (okind[s, o] == "option") { nl[s, o] = 1; lval[s, o, 1] = oval[s, o] }
    else if (okind[s, o] != "list") nl[s, o] = 0
    okind[s, o] = "list"; lval[s, o, ++nl[s, o]] = v
}
function dellist(s, o, v,    k, m) {
    if (okind[s, o] != "list") return
    m = 0
    for (k = 1; k <= nl[s, o]; k++) if (lval[s, o, k] != v) lval[s, o, ++m] = lval[s, o, k]
    nl[s, o] = m
}
function delopt(s, o) { okind[s, o] = "" }
# anonymous section names as uci 2019 makes them (list.c uci_fixup_section): "cfg", the
# package's section counter (%02x), djbhash of the type (and of the options that are there
# when the name is made: none, both for `uci add` and for a section read from the file),
# low 16 bits (%04x)
function djb(h, str,    i) {
    for (i = 1; i <= length(str); i++) h = (h * 33 + ORD[substr(str, i, 1)]) % 4294967296
    return h
}
function anonhash(t, s,    h, j, o) {
    h = djb(5381, t)
    for (j = 1; s != "" && j <= nopt[s]; j++) {
        o = oname[s, j]
        if (okind[s, o] == "") continue
        h = djb(h, o)
        if (okind[s, o] == "option") h = djb(h, oval[s, o])
    }
    return (h % 2147483648) % 65536
}
function anonname(t) { return sprintf("cfg%02x%04x", nsec + 1, anonhash(t, "")) }
# resolve(ref): a section name or @type[idx] -> the section's name, "" if none
function resolve(r,    t, i, k, c, m, list) {
    if (r !~ /^@/) return (r in stype) ? r : ""
    if (!match(r, /\[-?[0-9]+\]$/)) { t = substr(r, 2); i = 0 }
    else { t = substr(r, 2, RSTART - 2); i = substr(r, RSTART + 1, RLENGTH - 2) + 0 }
    c = 0
    for (k = 1; k <= nsec; k++) if (!sdead[sid[k]] && stype[sid[k]] == t) list[c++] = sid[k]
    if (i < 0) i += c
    return (i >= 0 && i < c) ? list[i] : ""
}
function ref(s,    k, c) {  # the show name: @type[idx] for anonymous sections
    if (!sanon[s]) return s
    c = 0
    for (k = 1; k <= nsec; k++) {
        if (sdead[sid[k]] || stype[sid[k]] != stype[s]) continue
        if (sid[k] == s) return "@" stype[s] "[" c "]"
        c++
    }
}

function showval(s, o, quote,    k, r, v) {
    if (okind[s, o] == "option") return quote ? esc(oval[s, o]) : oval[s, o]
    r = ""
    for (k = 1; k <= nl[s, o]; k++) {
        v = lval[s, o, k]
        r = r (k > 1 ? " " : "") ((quote || v ~ /[ \t\r\n]/) ? esc(v) : v)
    }
    return r
}
function showsec(s,    j, o, n) {
    n = ref(s)
    print pkg "." n "=" stype[s]
    for (j = 1; j <= nopt[s]; j++) {
        o = oname[s, j]
        if (okind[s, o] != "") print pkg "." n "." o "=" showval(s, o, 1)
    }
}
function export(header,    k, s, j, o, m) {
    if (header) print "package " pkg
    for (k = 1; k <= nsec; k++) {
        s = sid[k]
        if (sdead[s]) continue
        printf "\nconfig %s", stype[s]
        if (!sanon[s]) printf " %s", esc(s)
        printf "\n"
        for (j = 1; j <= nopt[s]; j++) {
            o = oname[s, j]
            if (okind[s, o] == "option") printf "\toption %s %s\n", o, esc(oval[s, o])
            else if (okind[s, o] == "list")
                for (m = 1; m <= nl[s, o]; m++) printf "\tlist %s %s\n", o, esc(lval[s, o, m])
        }
    }
    printf "\n"
}

# split "pkg.sec[.opt][=value]" into P S O V (HASV: a value is there)
function parseref(a,    e, l, p) {
    HASV = 0; V = ""
    e = index(a, "=")
    if (e) { HASV = 1; V = substr(a, e + 1); a = substr(a, 1, e - 1) }
    P = ""; S = ""; O = ""
    p = index(a, "."); if (!p) { P = a; return }
    P = substr(a, 1, p - 1); a = substr(a, p + 1)
    if (substr(a, 1, 1) == "@" && (l = index(a, "]"))) { S = substr(a, 1, l); a = substr(a, l + 1); if (a != "" && substr(a, 1, 1) != ".") { S = S a; a = "" } else a = substr(a, 2) }
    else { p = index(a, "."); if (!p) { S = a; a = "" } else { S = substr(a, 1, p - 1); a = substr(a, p + 1) } }
    O = a
}
function okname(n) { return n ~ /^[A-Za-z0-9_]+$/ }
function oktype(n) { return n ~ /^[-A-Za-z0-9_]+$/ }

# apply one delta line (the format real uci writes to /tmp/.uci/PKG)
function apply(line,    c, a, s) {
    c = substr(line, 1, 1)
    if (c ~ /[-+@|~]/) line = substr(line, 2); else c = ""
    if (tok(line) < 1) return
    parseref(T[1])
    s = S
    if (c == "+") { newsec(s, V, 1); return }
    if (c == "-") { if (O == "") delsec(s); else delopt(s, O); return }
    if (c == "@") {
        if (O == "") { if (s in stype) renamesec(s, V) }
        else renameopt(s, O, V)
        return
    }
    if (c == "|") { addlist(s, O, V); return }
    if (c == "~") { dellist(s, O, V); return }
    if (O == "") { if (s in stype) stype[s] = V; else newsec(s, V, 0) }
    else setopt(s, O, V)
}
function renamesec(s, n,    k, j, o, m) {
    for (k = 1; k <= nsec; k++) if (sid[k] == s) sid[k] = n
    stype[n] = stype[s]; sanon[n] = 0; sdead[n] = 0; delete stype[s]
    nopt[n] = nopt[s]
    for (j = 1; j <= nopt[s]; j++) {
        o = oname[s, j]; oname[n, j] = o; opos[n, o] = 1; okind[n, o] = okind[s, o]
        oval[n, o] = oval[s, o]; nl[n, o] = nl[s, o]
        for (m = 1; m <= nl[s, o]; m++) lval[n, o, m] = lval[s, o, m]
    }
}
function renameopt(s, o, n,    j, m) {
    if (okind[s, o] == "") return
    for (j = 1; j <= nopt[s]; j++) if (oname[s, j] == o) oname[s, j] = n
    delete opos[s, o]; opos[s, n] = 1
    okind[s, n] = okind[s, o]; oval[s, n] = oval[s, o]; nl[s, n] = nl[s, o]
    for (m = 1; m <= nl[s, o]; m++) lval[s, n, m] = lval[s, o, m]
    okind[s, o] = ""
}

function fail(m) { print "ERR " m; exit_code = 1; exit 1 }

# mutate: op is set, add, add_list, del_list, delete, rename
function mutate(op, a,    s, t, n) {
    if (op == "add") {
        if (!oktype(a)) fail("Invalid argument")
        n = anonname(a)
        print "+" pkg "." n "=" esc(a)
        print "NAME " n
        return
    }
    parseref(a)
    if (P != pkg || S == "") fail("Invalid argument")
    s = resolve(S)
    if (op == "set") {
        if (!HASV) fail("Invalid argument")
        if (O == "") {
            if (s == "" && S ~ /^@/) fail("Invalid argument")
            if (s == "") { if (!okname(S)) fail("Invalid argument"); s = S }
            if (!oktype(V)) fail("Invalid argument")
        } else {
            if (s == "") fail("Invalid argument")
            if (!okname(O)) fail("Invalid argument")
        }
        print pkg "." s (O == "" ? "" : "." O) "=" esc(V)
        return
    }
    if (s == "") fail("Entry not found")
    if (op == "add_list" || op == "del_list") {
        if (O == "" || !HASV || !okname(O)) fail("Invalid argument")
        print (op == "add_list" ? "|" : "~") pkg "." s "." O "=" esc(V)
        return
    }
    if (op == "delete") {
        if (O != "" && okind[s, O] == "") fail("Entry not found")
        print "-" pkg "." s (O == "" ? "" : "." O)
        return
    }
    if (op == "rename") {
        if (!HASV || !okname(V)) fail("Invalid argument")
        if (O != "" && okind[s, O] == "") fail("Entry not found")
        print "@" pkg "." s (O == "" ? "" : "." O) "=" esc(V)
        return
    }
    fail("Invalid argument")
}

function changes(line,    c, op, pre) {
    c = substr(line, 1, 1); pre = ""; op = "="
    if (c ~ /[-+@|~]/) line = substr(line, 2)
    if (c == "-") { print "-" line; return }
    if (c == "|") op = "+="
    if (c == "~") op = "-="
    sub(/=/, op, line)
    print line
}

BEGIN {
    nsec = 0; cur = ""; arg = ENVIRON["UCI_ARG"]
    for (i = 1; i < 256; i++) ORD[sprintf("%c", i)] = i
    # act=words: one batch line -> the words quoted for sh's eval
    if (act == "words") {
        n = tok(arg)
        for (i = 1; i <= n; i++) { v = T[i]; gsub(/'/, "'\\''", v); printf "'%s' ", v }
        exit 0
    }
}
FILENAME == ARGV[1] {
    # a value may span lines inside quotes: join until the quotes close
    line = pend == "" ? $0 : pend "\n" $0
    n = tok(line)
    if (TQ != "") { pend = line; next }
    pend = ""
    if (n == 0) next
    if (T[1] == "package") next
    if (T[1] == "config") {
        if (n >= 3) { cur = T[3]; newsec(cur, T[2], 0) }
        else { cur = anonname(T[2]); newsec(cur, T[2], 1) }
        next
    }
    if (cur == "") next
    if (T[1] == "option" && n >= 3) setopt(cur, T[2], T[3])
    else if (T[1] == "list" && n >= 3) addlist(cur, T[2], T[3])
    next
}
{
    dline = dpend == "" ? $0 : dpend "\n" $0
    tok(dline); if (TQ != "") { dpend = dline; next }
    dpend = ""
    if (act == "changes") changes(dline); else apply(dline)
}
END {
    if (exit_code || act == "words") exit exit_code
    if (act == "export") export(arg)
    else if (act == "show") {
        if (arg == "") { for (k = 1; k <= nsec; k++) if (!sdead[sid[k]]) showsec(sid[k]); exit 0 }
        parseref(pkg "." arg); s = resolve(S)
        if (s == "") fail("Entry not found")
        if (O == "") { n = ref(s); if (S ~ /^@/) { sanon[s] = 0 } showsec(s) }
        else if (okind[s, O] == "") fail("Entry not found")
        else print pkg "." s "." O "=" showval(s, O, 1)
    } else if (act == "get") {
        parseref(pkg "." arg); s = resolve(S)
        if (s == "") fail("Entry not found")
        if (O == "") print stype[s]
        else if (okind[s, O] == "") fail("Entry not found")
        else print showval(s, O, 0)
    } else if (act == "mutate") {
        split(arg, A, "\t"); mutate(A[1], A[2])
    } else if (act == "dump") {
        # for the netifd stand-in: S/O/L records, tab-separated, in file order
        for (k = 1; k <= nsec; k++) {
            s = sid[k]; if (sdead[s]) continue
            print "S\t" s "\t" stype[s]
            for (j = 1; j <= nopt[s]; j++) {
                o = oname[s, j]
                if (okind[s, o] == "option") { v = oval[s, o]; gsub(/[\t\n]/, " ", v); print "O\t" s "\t" o "\t" v }
                else if (okind[s, o] == "list")
                    for (m = 1; m <= nl[s, o]; m++) { v = lval[s, o, m]; gsub(/[\t\n]/, " ", v); print "L\t" s "\t" o "\t" v }
            }
        }
    }
}
