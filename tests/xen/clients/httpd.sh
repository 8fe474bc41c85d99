# httpd on port PORT (default 80): every page of apps/httpd/www (in dom0 at
# /amphi/www) fetched byte for byte by netcheck, HTTP_COUNT times each, and
# once by busybox nc, an independent client (busybox-static's wget crashes).
port=${PORT:-80}
ip=$(guest_ip 30) || exit 1
check "port $port open on $ip" netcheck wait "$ip" "$port" 60
for f in /amphi/www/*; do
	check "GET /${f##*/}" netcheck http "$ip" "$port" "/${f##*/}" "$f" "${HTTP_COUNT:-20}"
done
check "GET / is index.html" netcheck http "$ip" "$port" / /amphi/www/index.html 2
nc_get() { printf 'GET %s HTTP/1.0\r\n\r\n' "$1" | timeout 20 nc -w 10 "$ip" "$port" >/tmp/resp; }
check "nc GET /big.html (HTTP/1.0)" nc_get /big.html
check "nc: status 200" grep -q '^HTTP/1.1 200 ' /tmp/resp
check "nc: body identical" sh -c "sed '1,/^\r\$/d' /tmp/resp | cmp - /amphi/www/big.html"
exit 0
