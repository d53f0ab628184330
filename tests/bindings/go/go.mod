module libinfisical.test/bindings

go 1.19
