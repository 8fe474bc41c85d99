# bench/xen/client.sh — dom0 side of bench/xen/run (after tests/xen/clients/lib.sh):
# netcheck against the guest's httpd (PORT 80) or echo (PORT 7); its timing
# lines end up in the job's client.log.
ip=$(guest_ip 30) || exit 1
netcheck wait "$ip" "$PORT" 60 >/dev/null || exit 1
if [ "$PORT" = 80 ]; then
	netcheck http "$ip" 80 /index.html /amphi/www/index.html "$HTTP_COUNT" &&
		netcheck http "$ip" 80 /big.html /amphi/www/big.html "$BIG_COUNT"
else
	netcheck tcp-echo "$ip" 7 "$ECHO_BYTES" 1
fi
