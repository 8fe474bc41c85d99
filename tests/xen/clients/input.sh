# The console's input of a case (tests/cases: input): once the guest shows
# its READY line, write the job's input file to the guest's console (the
# pty xenconsoled gives it, named in xenstore), then ^D, the console's end
# of file.
wait_console "$READY" 20 || exit 1
domid=$(xl domid "$GUEST") || exit 1
tty=$(xenstore-read "/local/domain/$domid/console/tty") || { echo "FAIL: no console tty in xenstore"; exit 1; }
printf '%b' "$(cat "$JOB/input")" >"$tty" && printf '\004' >"$tty" || { echo "FAIL: cannot write to $tty"; exit 1; }
echo "ok: input written to $tty"
