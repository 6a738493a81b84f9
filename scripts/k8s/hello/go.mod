module kboot.local/hello

go 1.22
