#: The new file is written beside the old one and renamed over it: a running binary (kubelet, containerd) keeps running
#: its old inode until restarted, where writing into it would fail ("Text file busy") or change a running program.
kb_install() { kb_mkdirs "$(dirname "$2")"; if [ -e "$2" ] || [ -L "$2" ]; then kb_backup "$2" "$4"; else kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; fi; cp "$1" "$2.kboot-new" && chmod "$3" "$2.kboot-new" && mv -f "$2.kboot-new" "$2" && rm -f "$1"; }
