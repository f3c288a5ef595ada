# Sourced by scripts that run tack in the test guest: a runtime directory
# and seatd for the session, once per boot. With VKMS_KO set, that module
# is loaded first with overlay, writeback and cursor planes.
if [ -n "${VKMS_KO:-}" ]; then
	insmod "$VKMS_KO" enable_overlay=1 enable_writeback=1 enable_cursor=1
fi
export XDG_RUNTIME_DIR=/run/user/0
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
if [ ! -S /run/seatd.sock ]; then
	seatd -g root >/tmp/seatd.log 2>&1 &
	i=0
	while [ ! -S /run/seatd.sock ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
fi
