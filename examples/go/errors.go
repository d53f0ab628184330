package infisical

// #include <stdlib.h>
// #include <infisical/infisical.h>
import "C"

import (
	"encoding/json"
	"fmt"
	"time"
)

// Code is a status code of the C library. Each value is also an error, the
// sentinel that errors.Is matches: errors.Is(err, infisical.ErrNotFound).
// The numbers are part of the library's ABI and never change.
type Code int

// The status codes, read from <infisical/infisical.h> by cgo.
const (
	ErrInvalid      = Code(C.INFISICAL_EINVAL)        // an argument is invalid; nothing was sent
	ErrNoMemory     = Code(C.INFISICAL_ENOMEM)        // an allocation failed
	ErrNetwork      = Code(C.INFISICAL_ENETWORK)      // could not connect, send or receive
	ErrTimeout      = Code(C.INFISICAL_ETIMEOUT)      // the call's deadline or the connect timeout passed
	ErrTLS          = Code(C.INFISICAL_ETLS)          // TLS handshake or verification failed
	ErrProtocol     = Code(C.INFISICAL_EPROTOCOL)     // the reply is not what the API contract says
	ErrBadRequest   = Code(C.INFISICAL_EBADREQUEST)   // HTTP 400
	ErrUnauthorized = Code(C.INFISICAL_EUNAUTHORIZED) // HTTP 401
	ErrPermission   = Code(C.INFISICAL_EPERMISSION)   // HTTP 403 PermissionDenied (see Error.Details)
	ErrToken        = Code(C.INFISICAL_ETOKEN)        // HTTP 403 TokenError
	ErrForbidden    = Code(C.INFISICAL_EFORBIDDEN)    // any other HTTP 403
	ErrNotFound     = Code(C.INFISICAL_ENOTFOUND)     // HTTP 404
	ErrValidation   = Code(C.INFISICAL_EVALIDATION)   // HTTP 422 (see Error.Issues)
	ErrRateLimit    = Code(C.INFISICAL_ERATELIMIT)    // HTTP 429 (see Error.RetryAfter)
	ErrServer       = Code(C.INFISICAL_ESERVER)       // HTTP 5xx
	ErrHTTP         = Code(C.INFISICAL_EHTTP)         // another unexpected HTTP status
	ErrCancelled    = Code(C.INFISICAL_ECANCELLED)    // the call was cancelled (its context was done)
	ErrTooLarge     = Code(C.INFISICAL_ETOOLARGE)     // the reply is larger than the configured maximum
	ErrTruncated    = Code(C.INFISICAL_ETRUNCATED)    // a listing stopped at its page cap or budget
	ErrPreflight    = Code(C.INFISICAL_EPREFLIGHT)    // the preflight refused the token (see Error.Preflight)
	ErrBusy         = Code(C.INFISICAL_EBUSY)         // a job of this secret sync is already in progress
	ErrJobFailed    = Code(C.INFISICAL_EJOBFAILED)    // a secret sync's job ran and failed
)

// Error is the text of the code ("not found").
func (c Code) Error() string { return C.GoString(C.infisical_status_str(C.int(c))) }

// Name is the code as C spells it ("INFISICAL_ENOTFOUND"), "" for no code.
func (c Code) Name() string { return C.GoString(C.infisical_status_name(C.int(c))) }

// Issue is one validation issue: a 422 body's zod issue, or the field that a
// client-side check refused (code "client").
type Issue struct {
	Path, Message, Code string
}

// Error is a failed call, with everything the library's error object said.
// errors.Is(err, ErrNotFound) tests its code; errors.As(err, &e) gets it. A
// call cut short by its context also matches context.DeadlineExceeded or
// context.Canceled.
type Error struct {
	Code        Code
	Message     string
	HTTPStatus  int    // 0 when no reply was received
	ServerError string // the server's error name ("BadRequest", ...), or ""
	RequestID   string // the server's request id (reqId), or ""
	// RetryAfter is how long the server asked to wait before retrying
	// (Retry-After or X-RateLimit-Reset); 0 when it gave no hint.
	RetryAfter time.Duration
	Retryable  bool   // whether the same call may succeed later
	Attempts   int    // HTTP attempts made, retries included
	Request    string // "GET /api/v1/...", or "" when nothing was sent
	Issues     []Issue
	Details    json.RawMessage  // the 403 details, or nil
	Preflight  *PreflightReport // for ErrPreflight: what Northflank said
	ctxErr     error            // the context's error, when the context ended the call
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s", e.Code.Name(), e.Message)
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// Unwrap gives the code, so that errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Code }

// Is matches the context's error when the context ended the call.
func (e *Error) Is(target error) bool { return e.ctxErr != nil && target == e.ctxErr }

// PermissionCheck is one permission of a preflight report.
type PermissionCheck struct {
	Name    string // "Projects > Manage > Read", ...
	State   string // "granted", "denied", "not checked" or "unknown"
	Reason  string
	Summary string
}

// PreflightReport is what Northflank said about a token.
type PreflightReport struct {
	Authenticated, Passed bool
	Permissions           []PermissionCheck
}

var checkStates = map[C.int]string{
	C.INFISICAL_CHECK_GRANTED: "granted", C.INFISICAL_CHECK_DENIED: "denied",
	C.INFISICAL_CHECK_NOT_CHECKED: "not checked", C.INFISICAL_CHECK_UNKNOWN: "unknown",
}

func preflightReport(r *C.infisical_preflight_report) *PreflightReport {
	if r == nil {
		return nil
	}
	report := &PreflightReport{
		Authenticated: C.infisical_preflight_authenticated(r) == 1,
		Passed:        C.infisical_preflight_passed(r) == 1,
	}
	for i := C.uint32_t(0); i < C.INFISICAL_PERMISSION_COUNT; i++ {
		report.Permissions = append(report.Permissions, PermissionCheck{
			Name:    C.GoString(C.infisical_preflight_permission_name(i)),
			State:   checkStates[C.infisical_preflight_state(r, i)],
			Reason:  C.GoString(C.infisical_preflight_reason(r, i)),
			Summary: C.GoString(C.infisical_preflight_summary(r, i)),
		})
	}
	return report
}

// check turns a status and its error object into a Go error, freeing the object.
func check(status C.int, e *C.infisical_error) error {
	if status == C.INFISICAL_OK {
		return nil
	}
	defer C.infisical_error_free(e)
	err := &Error{
		Code:        Code(status),
		Message:     C.GoString(C.infisical_error_message(e)),
		HTTPStatus:  int(C.infisical_error_http_status(e)),
		ServerError: C.GoString(C.infisical_error_server_error(e)),
		RequestID:   C.GoString(C.infisical_error_request_id(e)),
		Retryable:   C.infisical_error_retryable(e) == 1,
		Attempts:    int(C.infisical_error_attempts(e)),
		Request:     C.GoString(C.infisical_error_request(e)),
		Preflight:   preflightReport(C.infisical_error_preflight_report(e)),
	}
	if e == nil {
		err.Message = Code(status).Error()
	}
	if ms := int64(C.infisical_error_retry_after_ms(e)); ms > 0 {
		err.RetryAfter = time.Duration(ms) * time.Millisecond
	}
	for i := C.uint32_t(0); i < C.infisical_error_issue_count(e); i++ {
		err.Issues = append(err.Issues, Issue{
			Path:    C.GoString(C.infisical_error_issue_path(e, i)),
			Message: C.GoString(C.infisical_error_issue_message(e, i)),
			Code:    C.GoString(C.infisical_error_issue_code(e, i)),
		})
	}
	if d := C.infisical_error_details_json(e); d != nil {
		err.Details = json.RawMessage(C.GoString(d))
	}
	return err
}
