kb_link() { [ -e "$2" ] || [ -L "$2" ] && return 0; kb_mkdirs "$(dirname "$2")"; kb_record "{\"kind\":\"file-written\",\"path\":\"$2\"}"; ln -s "$1" "$2"; }
