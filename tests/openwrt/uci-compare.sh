# run a sequence of uci commands with $U
$U set w.radio0=wifi-device
$U set w.radio0.type=mac80211
$U set "w.radio0.ssid=it's a \$(x) \"q\" \\ back"
$U add_list w.radio0.l=a
$U add_list "w.radio0.l=b c"
$U add w wifi-iface >/dev/null
$U set "w.@wifi-iface[-1].ssid=a'b"
$U set "w.@wifi-iface[0].key=multi
line"
$U changes w
$U show w
$U get w.radio0.l
$U get w.@wifi-iface[0].ssid
$U commit w
$U export w
$U show w.@wifi-iface[0]
$U show w.radio0.l
$U rename w.radio0.type=typ
$U del_list w.radio0.l=a
$U delete w.@wifi-iface[0].key
$U changes
$U commit
printf 'set w.radio0.key='"'"'p w'"'"'\nadd w foo\nset w.@foo[0].k="a\\"b $(id)"\nadd_list w.@foo[0].x=1\ncommit w\n' | $U batch >/dev/null; echo "batch rc=$?"
$U export w
$U -q get w.nope; echo "rc=$?"
$U get w.radio0.nope; echo "rc=$?"
$U set w.nope.x=1; echo "rc=$?"
$U delete w.nope; echo "rc=$?"
$U get w.radio0; echo "rc=$?"
$U revert w; echo "rc=$?"
$U set w.radio0.channel=6; $U revert w; $U changes; echo "rc=$?"
