modprobe {{module}}
