module gorace.example/explore

go 1.19
