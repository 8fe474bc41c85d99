# httpd on port PORT (default 80): every page of apps/httpd/www (in dom0 at
# /amphi/www) fetched byte for byte by netcheck, HTTP_COUNT times each, and
# once by busybox wget, an independent client.
port=${PORT:-80}
wait_console 'httpd: listening on port' 30 || exit 1
ip=$(guest_ip 30) || exit 1
check "port $port open on $ip" netcheck wait "$ip" "$port" 20 || exit 1
for f in /amphi/www/*; do
	check "GET /${f##*/}" netcheck http "$ip" "$port" "/${f##*/}" "$f" "${HTTP_COUNT:-20}"
done
check "GET / is index.html" netcheck http "$ip" "$port" / /amphi/www/index.html 2
check "wget /big.html" wget -q -T 10 -O /tmp/big.html "http://$ip:$port/big.html"
check "wget body identical" cmp /tmp/big.html /amphi/www/big.html
exit $failures
