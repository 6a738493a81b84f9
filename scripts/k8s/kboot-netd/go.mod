module kboot.local/kboot-netd

go 1.22
