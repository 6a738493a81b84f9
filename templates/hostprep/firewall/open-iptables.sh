{{tool}} -I {{rule}}
