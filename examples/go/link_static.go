//go:build infisical_static

package infisical

// The archive, libinfisical.a, linked into the Go program. infisical-static.pc
// names the archive by its file name, so the shared library beside it is
// never picked, and brings libcurl and jansson, which the archive needs.

// #cgo pkg-config: infisical-static
import "C"
