module gorace.example/scaling

go 1.19
