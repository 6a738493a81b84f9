#: The first prior version is kept (a later run never overwrites it); a file kboot wrote itself is not backed up at all,
#: as the undo of its file-written record deletes it anyway (a replaced kubelet would otherwise keep a useless copy).
kb_backup() { [ -e "$2" ] && return 0; grep -qxF "{\"kind\":\"file-written\",\"path\":\"$1\"}" "$kb_journal" 2>/dev/null && return 0; mkdir -p "$(dirname "$2")"; cp -P -p "$1" "$2"; kb_record "{\"kind\":\"file-replaced\",\"path\":\"$1\",\"backup\":\"$2\"}"; }
