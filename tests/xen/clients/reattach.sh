# echo on port PORT (default 7) across a vif hot-unplug and plug: echo works,
# `xl network-detach` removes the guest's vif (the guest must survive it),
# `xl network-attach` adds a new one on xenbr0, and echo works again.
port=${PORT:-7}
wait_console 'echo: listening on port' 30 || exit 1
ip=$(guest_ip 30) || exit 1
check "port $port open on $ip" netcheck wait "$ip" "$port" 20
check "tcp echo before detach" netcheck tcp-echo "$ip" "$port" 100000 2
check "xl network-detach" xl network-detach "$GUEST" 0
sleep 2
check "guest still running after detach" xl domid "$GUEST"
check "xl network-attach" xl network-attach "$GUEST" bridge=xenbr0
check "port $port open again" netcheck wait "$ip" "$port" 30
check "tcp echo after attach" netcheck tcp-echo "$ip" "$port" 100000 2
check "udp echo after attach" netcheck udp-echo "$ip" "$port" 200
xl network-list "$GUEST"
exit 0
