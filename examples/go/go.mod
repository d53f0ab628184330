module example.com/libinfisical/infisical

go 1.19
