[ -x {{path}} ] && echo {{key}}={{plugin}}
