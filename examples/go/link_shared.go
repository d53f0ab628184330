//go:build !infisical_static

package infisical

// The shared library, libinfisical.so.0, found through pkg-config. The
// archive instead: go build -tags infisical_static (link_static.go).

// #cgo pkg-config: infisical
import "C"
