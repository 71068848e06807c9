module startprobe

go 1.19
