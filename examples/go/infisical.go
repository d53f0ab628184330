// Package infisical manages Infisical's Northflank App Connections through
// libinfisical, the C library, with cgo.
//
//	client, err := infisical.New(infisical.Config{BaseURL: url, ClientID: id, ClientSecret: secret})
//	if err != nil { ... }
//	defer client.Close()
//	conn, err := client.Create(ctx, infisical.CreateParams{Name: "prod-northflank", APIToken: token})
//	if errors.Is(err, infisical.ErrBadRequest) { ... }
//	var e *infisical.Error
//	if errors.As(err, &e) { log.Print(e.HTTPStatus, e.RequestID, e.Issues) }
//
// Every operation takes a context.Context: its deadline becomes the call's
// (never longer than Config.Timeout) and its cancellation stops the call
// within 50 ms, failing with an error that matches ErrTimeout or
// ErrCancelled and context.DeadlineExceeded or context.Canceled.
//
// The library is found with pkg-config: the shared one (pkg-config
// infisical) by default, the archive with the build tag infisical_static
// (pkg-config infisical-static).
package infisical

/*
#include <stdlib.h>
#include <stdint.h>
#include <infisical/infisical.h>

// callbacks.c
extern int infisical_go_config_set_log(infisical_config *cfg, uintptr_t handle, int min_level, infisical_error **err);
extern int *infisical_go_cancel_flag_new(void);
extern void infisical_go_cancel(int *flag);
extern int infisical_go_call_options_set_cancel_flag(infisical_call_options *opts, int *flag, infisical_error **err);
extern void infisical_go_wipe_free(char *p);
*/
import "C"

import (
	"context"
	"errors"
	"runtime"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// Version is the version of the C library in use ("0.2.0").
func Version() string { return C.GoString(C.infisical_version()) }

// Config is how a client is made. Empty fields keep the library's defaults.
type Config struct {
	BaseURL string // default https://app.infisical.com
	// Credentials: Universal Auth (ClientID and ClientSecret), or a fixed
	// AccessToken, or FromEnv to read INFISICAL_API_URL, INFISICAL_TOKEN,
	// INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and _SECRET first.
	ClientID, ClientSecret string
	AccessToken            string
	FromEnv                bool
	OrgSlug                string
	// Timeout is the longest one call may take, retries included (default
	// 30 s); a context's deadline can only make it shorter.
	Timeout         time.Duration
	ConnectTimeout  time.Duration
	MaxAttempts     int
	CAFile, CADir   string
	CAPEM           string
	Proxy, NoProxy  string
	UserAgentSuffix string
	NorthflankURL   string // for preflight checks; default https://api.northflank.com
	// Logger receives the library's log lines at LogLevel or more important
	// (LogInfo when 0). It may be called from several goroutines at once and
	// must not call the client.
	Logger   func(level LogLevel, line string)
	LogLevel LogLevel
}

// Client is an infisical_client: one Infisical server, its credentials, its
// token and pooled connections. Safe for concurrent use; Close it when done.
type Client struct {
	mu      sync.RWMutex // Close takes it exclusively; calls share it
	c       *C.infisical_client
	timeout time.Duration
	logger  cgo.Handle // 0 without a Logger; deleted after the C client is freed
}

// New makes a client. No request is sent.
func New(cfg Config) (*Client, error) {
	var cc *C.infisical_config
	var e *C.infisical_error
	if err := check(C.infisical_config_new(&cc, &e), e); err != nil {
		return nil, err
	}
	defer C.infisical_config_free(cc) // the client keeps its own copy
	set := func(value string, setter func(*C.char, **C.infisical_error) C.int) error {
		if value == "" {
			return nil
		}
		s := C.CString(value)
		defer C.free(unsafe.Pointer(s))
		return check(setter(s, &e), e)
	}
	if cfg.FromEnv {
		if err := check(C.infisical_config_load_env(cc, &e), e); err != nil {
			return nil, err
		}
	}
	steps := []func() error{
		func() error {
			return set(cfg.BaseURL, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_base_url(cc, s, e) })
		},
		func() error {
			return set(cfg.OrgSlug, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_org_slug(cc, s, e) })
		},
		func() error {
			return set(cfg.CAFile, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_ca_file(cc, s, e) })
		},
		func() error {
			return set(cfg.CADir, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_ca_dir(cc, s, e) })
		},
		func() error {
			return set(cfg.CAPEM, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_ca_pem(cc, s, e) })
		},
		func() error {
			return set(cfg.Proxy, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_proxy(cc, s, e) })
		},
		func() error {
			return set(cfg.NoProxy, func(s *C.char, e **C.infisical_error) C.int { return C.infisical_config_set_no_proxy(cc, s, e) })
		},
		func() error {
			return set(cfg.UserAgentSuffix, func(s *C.char, e **C.infisical_error) C.int {
				return C.infisical_config_set_user_agent_suffix(cc, s, e)
			})
		},
		func() error {
			return set(cfg.NorthflankURL, func(s *C.char, e **C.infisical_error) C.int {
				return C.infisical_config_set_northflank_url(cc, s, e)
			})
		},
		func() error {
			if cfg.Timeout <= 0 {
				return nil
			}
			return check(C.infisical_config_set_timeout_ms(cc, C.int64_t(cfg.Timeout.Milliseconds()), &e), e)
		},
		func() error {
			if cfg.ConnectTimeout <= 0 {
				return nil
			}
			return check(C.infisical_config_set_connect_timeout_ms(cc, C.int64_t(cfg.ConnectTimeout.Milliseconds()), &e), e)
		},
		func() error {
			if cfg.MaxAttempts <= 0 {
				return nil
			}
			return check(C.infisical_config_set_max_attempts(cc, C.uint32_t(cfg.MaxAttempts), &e), e)
		},
		func() error {
			if cfg.AccessToken == "" {
				return nil
			}
			s := C.CString(cfg.AccessToken)
			defer C.infisical_go_wipe_free(s)
			return check(C.infisical_config_set_access_token(cc, s, &e), e)
		},
		func() error {
			if cfg.ClientID == "" && cfg.ClientSecret == "" {
				return nil
			}
			id, secret := C.CString(cfg.ClientID), C.CString(cfg.ClientSecret)
			defer C.free(unsafe.Pointer(id))
			defer C.infisical_go_wipe_free(secret)
			return check(C.infisical_config_set_universal_auth(cc, id, secret, &e), e)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	cl := &Client{timeout: cfg.Timeout}
	if cl.timeout <= 0 {
		cl.timeout = C.INFISICAL_DEFAULT_TIMEOUT_MS * time.Millisecond
	}
	if cfg.Logger != nil {
		level := cfg.LogLevel
		if level == 0 {
			level = LogInfo
		}
		cl.logger = cgo.NewHandle(cfg.Logger)
		if err := check(C.infisical_go_config_set_log(cc, C.uintptr_t(cl.logger), C.int(level), &e), e); err != nil {
			cl.logger.Delete()
			return nil, err
		}
	}
	if err := check(C.infisical_client_new(&cl.c, cc, &e), e); err != nil {
		if cl.logger != 0 {
			cl.logger.Delete()
		}
		return nil, err
	}
	runtime.SetFinalizer(cl, (*Client).Close)
	return cl, nil
}

// Close frees the client; its secrets are wiped. It does not revoke the
// access token (see Revoke). Calls in progress finish first; later calls
// fail with ErrInvalid. Closing twice is harmless.
func (cl *Client) Close() error {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.c == nil {
		return nil
	}
	C.infisical_client_free(cl.c)
	cl.c = nil
	if cl.logger != 0 {
		cl.logger.Delete() // only now: the C client called it until freed
		cl.logger = 0
	}
	runtime.SetFinalizer(cl, nil)
	return nil
}

var errClosed = &Error{Code: ErrInvalid, Message: "client: is closed"}

// call runs one operation with per-call options made from ctx: its deadline
// (capped at the client's timeout) and its cancellation, which a goroutine
// passes to the library's cancel hook through a flag in C memory.
func (cl *Client) call(ctx context.Context, op func(c *C.infisical_client, opts *C.infisical_call_options, e **C.infisical_error) C.int) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		code := ErrCancelled
		if errors.Is(err, context.DeadlineExceeded) {
			code = ErrTimeout
		}
		return &Error{Code: code, Message: "the context was done before the call: " + err.Error(), ctxErr: err}
	}
	cl.mu.RLock()
	defer cl.mu.RUnlock()
	if cl.c == nil {
		return errClosed
	}
	var opts *C.infisical_call_options
	var e *C.infisical_error
	deadline, hasDeadline := ctx.Deadline()
	done := ctx.Done()
	if hasDeadline || done != nil {
		if err := check(C.infisical_call_options_new(&opts, &e), e); err != nil {
			return err
		}
		defer C.infisical_call_options_free(opts)
	}
	// Whether the context's deadline, not the client's timeout, bounds the call.
	ctxBound := hasDeadline && time.Until(deadline) <= cl.timeout
	if hasDeadline {
		timeout := time.Until(deadline)
		if timeout > cl.timeout {
			timeout = cl.timeout
		}
		ms := timeout.Milliseconds()
		if ms < 1 {
			ms = 1
		}
		if err := check(C.infisical_call_options_set_timeout_ms(opts, C.int64_t(ms), &e), e); err != nil {
			return err
		}
	}
	if done != nil {
		flag := C.infisical_go_cancel_flag_new()
		if flag == nil {
			return &Error{Code: ErrNoMemory, Message: "out of memory"}
		}
		defer C.free(unsafe.Pointer(flag))
		if err := check(C.infisical_go_call_options_set_cancel_flag(opts, flag, &e), e); err != nil {
			return err
		}
		stop := make(chan struct{})
		var watcher sync.WaitGroup
		watcher.Add(1)
		go func() {
			defer watcher.Done()
			select {
			case <-done:
				C.infisical_go_cancel(flag)
			case <-stop:
			}
		}()
		// Before the flag is freed (defers run last first): the watcher is gone.
		defer watcher.Wait()
		defer close(stop)
	}
	err := check(op(cl.c, opts, &e), e)
	var ie *Error
	if errors.As(err, &ie) {
		switch {
		case ie.Code == ErrCancelled && ctx.Err() != nil:
			ie.ctxErr = ctx.Err()
		// The library counts whole milliseconds from its own start, so its
		// deadline may pass a little before the context's: a timeout within
		// 50 ms of the context's deadline is that deadline.
		case ie.Code == ErrTimeout && ctxBound && time.Until(deadline) < 50*time.Millisecond:
			ie.ctxErr = context.DeadlineExceeded
		}
	}
	return err
}

// Login makes sure the client holds a valid access token now; operations do
// this themselves, so call it only to fail early on bad credentials.
func (cl *Client) Login(ctx context.Context) error {
	return cl.call(ctx, func(c *C.infisical_client, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_client_login(c, o, e)
	})
}

// Revoke revokes the current access token on the server and forgets it.
func (cl *Client) Revoke(ctx context.Context) error {
	return cl.call(ctx, func(c *C.infisical_client, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_client_revoke(c, o, e)
	})
}

// Offered reports whether the server offers Northflank connections at all.
func (cl *Client) Offered(ctx context.Context) (bool, error) {
	var offered C.int
	err := cl.call(ctx, func(c *C.infisical_client, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_offered(c, &offered, o, e)
	})
	return offered == 1, err
}
