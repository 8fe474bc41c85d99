# echo on port PORT (default 7): TCP_CONNS connections each echoing
# TCP_BYTES bytes, then UDP_COUNT datagrams; every byte compared.
port=${PORT:-7}
ip=$(guest_ip 30) || exit 1
check "port $port open on $ip" netcheck wait "$ip" "$port" 60
check "tcp echo" netcheck tcp-echo "$ip" "$port" "${TCP_BYTES:-1000000}" "${TCP_CONNS:-4}"
check "udp echo" netcheck udp-echo "$ip" "$port" "${UDP_COUNT:-1000}"
exit 0
