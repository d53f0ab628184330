package infisical

// #include <infisical/infisical.h>
import "C"

import "runtime/cgo"

// LogLevel is the level of a log line (INFISICAL_LOG_*).
type LogLevel int

// The log levels, from the header.
const (
	LogError = LogLevel(C.INFISICAL_LOG_ERROR)
	LogWarn  = LogLevel(C.INFISICAL_LOG_WARN)
	LogInfo  = LogLevel(C.INFISICAL_LOG_INFO)
	LogDebug = LogLevel(C.INFISICAL_LOG_DEBUG)
)

func (l LogLevel) String() string {
	switch l {
	case LogError:
		return "ERROR"
	case LogWarn:
		return "WARN"
	case LogInfo:
		return "INFO"
	case LogDebug:
		return "DEBUG"
	}
	return "LogLevel(?)"
}

// goInfisicalLog receives every log line of a client whose Config has a
// Logger: callbacks.c passes the cgo.Handle of that function as h.
//
//export goInfisicalLog
func goInfisicalLog(h C.uintptr_t, level C.int, line *C.char) {
	defer func() { _ = recover() }() // a panic must not unwind through C
	cgo.Handle(h).Value().(func(LogLevel, string))(LogLevel(level), C.GoString(line))
}
