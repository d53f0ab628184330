// Package infisical is a small Go binding of libinfisical through cgo, only
// as much as the test beside it needs. cgo reads the C header directly:
// types, functions and every constant (C.INFISICAL_TIME_ABSENT included)
// come from <infisical/infisical.h>; nothing is declared twice.
//
// The include and library paths come from the environment (CGO_CFLAGS,
// CGO_LDFLAGS: see run.sh), as they would from pkg-config.
package infisical

/*
#include <stdlib.h>
#include <infisical/infisical.h>

// callbacks.c: an infisical_log_fn that forwards to goLogLine.
extern void infisical_go_log(void *user, int level, const char *line);
*/
import "C"

import (
	"fmt"
	"sync"
	"unsafe"
)

// Error is a failed call's infisical_error, copied into Go memory.
type Error struct {
	Code       int
	Name       string // "INFISICAL_ENOTFOUND"
	Message    string
	HTTPStatus int
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d): %s", e.Name, e.Code, e.Message) }

// check turns a status and its error object into a Go error, freeing the object.
func check(status C.int, err *C.infisical_error) error {
	if status == C.INFISICAL_OK {
		return nil
	}
	defer C.infisical_error_free(err)
	return &Error{
		Code:       int(C.infisical_error_code(err)),
		Name:       C.GoString(C.infisical_status_name(status)),
		Message:    C.GoString(C.infisical_error_message(err)),
		HTTPStatus: int(C.infisical_error_http_status(err)),
	}
}

// Constant is infisical_constant(): any integer constant by name.
func Constant(name string) (int64, bool) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var v C.int64_t
	return int64(v), C.infisical_constant(cname, &v) == C.INFISICAL_OK
}

// StatusName is infisical_status_name(): "" for no status.
func StatusName(status int) string { return C.GoString(C.infisical_status_name(C.int(status))) }

// Status codes and levels the test compares with: read from the header by cgo.
const (
	ENOTFOUND  = int(C.INFISICAL_ENOTFOUND)
	ETIMEOUT   = int(C.INFISICAL_ETIMEOUT)
	NameMax    = int(C.INFISICAL_NAME_MAX)
	TimeAbsent = int64(C.INFISICAL_TIME_ABSENT)
	LogInfo    = int(C.INFISICAL_LOG_INFO)
)

// The log callback's lines go to one process-wide sink. A Go value cannot be
// the callback's `void *user` (C may not keep a Go pointer past a call), so
// the sink is found without it.
var (
	logMu    sync.Mutex
	logLines []LogLine
)

// LogLine is one line the library logged.
type LogLine struct {
	Level int
	Text  string
}

//export goLogLine
func goLogLine(level C.int, line *C.char) {
	logMu.Lock()
	logLines = append(logLines, LogLine{int(level), C.GoString(line)})
	logMu.Unlock()
}

// Logged returns a copy of every line logged so far.
func Logged() []LogLine {
	logMu.Lock()
	defer logMu.Unlock()
	return append([]LogLine(nil), logLines...)
}

// Client is an infisical_client with Universal Auth.
type Client struct{ c *C.infisical_client }

// NewClient makes a client for baseURL with Universal Auth, logging at
// logLevel and above to Logged().
func NewClient(baseURL, clientID, clientSecret string, logLevel int) (*Client, error) {
	var cfg *C.infisical_config
	var err *C.infisical_error
	if e := check(C.infisical_config_new(&cfg, &err), err); e != nil {
		return nil, e
	}
	defer C.infisical_config_free(cfg) // the client keeps its own copy
	url, id, secret := C.CString(baseURL), C.CString(clientID), C.CString(clientSecret)
	defer C.free(unsafe.Pointer(url))
	defer C.free(unsafe.Pointer(id))
	defer C.free(unsafe.Pointer(secret)) // a real binding would wipe it first
	if e := check(C.infisical_config_set_base_url(cfg, url, &err), err); e != nil {
		return nil, e
	}
	if e := check(C.infisical_config_set_universal_auth(cfg, id, secret, &err), err); e != nil {
		return nil, e
	}
	if e := check(C.infisical_config_set_log(cfg, C.infisical_log_fn(C.infisical_go_log), nil, C.int(logLevel), &err), err); e != nil {
		return nil, e
	}
	var c *C.infisical_client
	if e := check(C.infisical_client_new(&c, cfg, &err), err); e != nil {
		return nil, e
	}
	return &Client{c}, nil
}

// Close frees the client.
func (cl *Client) Close() { C.infisical_client_free(cl.c); cl.c = nil }

// Login makes sure the client holds a valid access token.
func (cl *Client) Login(opts *Options) error {
	var err *C.infisical_error
	return check(C.infisical_client_login(cl.c, opts.ptr(), &err), err)
}

// Options are per-call options; a nil *Options means the client's defaults.
type Options struct{ o *C.infisical_call_options }

// NewOptions makes per-call options with a deadline and a number of attempts (0: the client's).
func NewOptions(timeoutMs int64, attempts uint32) (*Options, error) {
	var o *C.infisical_call_options
	var err *C.infisical_error
	if e := check(C.infisical_call_options_new(&o, &err), err); e != nil {
		return nil, e
	}
	opts := &Options{o}
	if e := check(C.infisical_call_options_set_timeout_ms(o, C.int64_t(timeoutMs), &err), err); e != nil {
		opts.Close()
		return nil, e
	}
	if attempts > 0 {
		if e := check(C.infisical_call_options_set_max_attempts(o, C.uint32_t(attempts), &err), err); e != nil {
			opts.Close()
			return nil, e
		}
	}
	return opts, nil
}

// Close frees the options.
func (o *Options) Close() { C.infisical_call_options_free(o.o); o.o = nil }

func (o *Options) ptr() *C.infisical_call_options {
	if o == nil {
		return nil
	}
	return o.o
}

// Params are the fields of a create or an update; nil fields are left out.
type Params struct {
	Name, Description, APIToken *string
}

// build makes the C parameters object; free it with infisical_northflank_params_free
// (which wipes the token inside).
func (p Params) build() (*C.infisical_northflank_params, error) {
	var cp *C.infisical_northflank_params
	var err *C.infisical_error
	if e := check(C.infisical_northflank_params_new(&cp, &err), err); e != nil {
		return nil, e
	}
	setters := []struct {
		value *string
		set   func(*C.char) C.int
	}{
		{p.Name, func(s *C.char) C.int { return C.infisical_northflank_params_set_name(cp, s, &err) }},
		{p.Description, func(s *C.char) C.int { return C.infisical_northflank_params_set_description(cp, s, &err) }},
		{p.APIToken, func(s *C.char) C.int { return C.infisical_northflank_params_set_api_token(cp, s, &err) }},
	}
	for _, f := range setters {
		if f.value == nil {
			continue
		}
		s := C.CString(*f.value)
		e := check(f.set(s), err)
		C.free(unsafe.Pointer(s))
		if e != nil {
			C.infisical_northflank_params_free(cp)
			return nil, e
		}
	}
	return cp, nil
}

// Connection is one connection, copied into Go values; CredentialsChanged
// keeps the C snapshot for infisical_connection_credentials_changed().
type Connection struct {
	ID, Name, Description, CredentialsHash string
	Version                                int64
	c                                      *C.infisical_connection
}

// connection copies c's fields; it takes c when owned, else copies it.
func connection(c *C.infisical_connection, owned bool) (*Connection, error) {
	if !owned {
		var dup *C.infisical_connection
		var err *C.infisical_error
		if e := check(C.infisical_connection_dup(&dup, c, &err), err); e != nil {
			return nil, e
		}
		c = dup
	}
	return &Connection{
		ID:              C.GoString(C.infisical_connection_id(c)),
		Name:            C.GoString(C.infisical_connection_name(c)),
		Description:     C.GoString(C.infisical_connection_description(c)),
		CredentialsHash: C.GoString(C.infisical_connection_credentials_hash(c)),
		Version:         int64(C.infisical_connection_version(c)),
		c:               c,
	}, nil
}

// Close frees the C snapshot.
func (c *Connection) Close() { C.infisical_connection_free(c.c); c.c = nil }

// CredentialsChanged reports whether the credentials differ between two snapshots.
func CredentialsChanged(before, after *Connection) (bool, error) {
	var changed C.int
	var err *C.infisical_error
	if e := check(C.infisical_connection_credentials_changed(before.c, after.c, &changed, &err), err); e != nil {
		return false, e
	}
	return changed == 1, nil
}

// one runs an operation that answers with one connection.
func one(f func(out **C.infisical_connection, err **C.infisical_error) C.int) (*Connection, error) {
	var out *C.infisical_connection
	var err *C.infisical_error
	if e := check(f(&out, &err), err); e != nil {
		return nil, e
	}
	return connection(out, true)
}

// Create creates a connection.
func (cl *Client) Create(p Params, opts *Options) (*Connection, error) {
	cp, e := p.build()
	if e != nil {
		return nil, e
	}
	defer C.infisical_northflank_params_free(cp)
	return one(func(out **C.infisical_connection, err **C.infisical_error) C.int {
		return C.infisical_northflank_create(cl.c, cp, out, opts.ptr(), err)
	})
}

// Get gets a connection by id.
func (cl *Client) Get(id string, opts *Options) (*Connection, error) {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return one(func(out **C.infisical_connection, err **C.infisical_error) C.int {
		return C.infisical_northflank_get(cl.c, cid, out, opts.ptr(), err)
	})
}

// GetByName gets an organization-level connection by name.
func (cl *Client) GetByName(name string, opts *Options) (*Connection, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return one(func(out **C.infisical_connection, err **C.infisical_error) C.int {
		return C.infisical_northflank_get_by_name(cl.c, cname, nil, out, opts.ptr(), err)
	})
}

// Update changes what p sets.
func (cl *Client) Update(id string, p Params, opts *Options) (*Connection, error) {
	cp, e := p.build()
	if e != nil {
		return nil, e
	}
	defer C.infisical_northflank_params_free(cp)
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return one(func(out **C.infisical_connection, err **C.infisical_error) C.int {
		return C.infisical_northflank_update(cl.c, cid, cp, out, opts.ptr(), err)
	})
}

// Delete deletes a connection and returns the deleted record.
func (cl *Client) Delete(id string, opts *Options) (*Connection, error) {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return one(func(out **C.infisical_connection, err **C.infisical_error) C.int {
		return C.infisical_northflank_delete(cl.c, cid, out, opts.ptr(), err)
	})
}

// List lists the organization's connections; each entry is a copy that the
// caller closes (the C list is freed here).
func (cl *Client) List(opts *Options) ([]*Connection, error) {
	var list *C.infisical_connection_list
	var err *C.infisical_error
	if e := check(C.infisical_northflank_list(cl.c, nil, &list, opts.ptr(), &err), err); e != nil {
		return nil, e
	}
	defer C.infisical_connection_list_free(list)
	n := C.infisical_connection_list_count(list)
	conns := make([]*Connection, 0, int(n))
	for i := C.uint32_t(0); i < n; i++ {
		// list_at is borrowed from the list: copy it to outlive the list.
		c, e := connection(C.infisical_connection_list_at(list, i), false)
		if e != nil {
			for _, c := range conns {
				c.Close()
			}
			return nil, e
		}
		conns = append(conns, c)
	}
	return conns, nil
}
