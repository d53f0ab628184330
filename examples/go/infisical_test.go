package infisical_test

// The module against the project's devserver, which TestMain starts:
// INFISICAL_DEVSERVER names it (tests/packaging/go.sh). Run with and
// without -tags infisical_static.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/libinfisical/infisical"
)

var dev = map[string]string{} // the devserver's KEY=VALUE lines

func control(method, path string, body interface{}) (map[string]interface{}, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(method, dev["INFISICAL_API_URL"]+path, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var answer map[string]interface{}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("%s %s: %d %v", method, path, resp.StatusCode, answer)
	}
	return answer, nil
}

func fault(t *testing.T, f map[string]interface{}) {
	t.Helper()
	if _, err := control("POST", "/__dev/faults", map[string]interface{}{"faults": []interface{}{f}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = control("DELETE", "/__dev/faults", nil) })
}

func TestMain(m *testing.M) {
	path := os.Getenv("INFISICAL_DEVSERVER")
	if path == "" {
		fmt.Fprintln(os.Stderr, "INFISICAL_DEVSERVER must name infisical-devserver")
		os.Exit(2)
	}
	cmd := exec.Command(path)
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the devserver:", err)
		os.Exit(1)
	}
	lines := bufio.NewScanner(out)
	for dev["INFISICAL_DEV_READY"] != "1" && lines.Scan() {
		if k, v, ok := strings.Cut(lines.Text(), "="); ok {
			dev[k] = v
		}
	}
	code := 1
	if dev["INFISICAL_DEV_READY"] == "1" {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, "the devserver did not start")
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	os.Exit(code)
}

// logSink collects log lines, from any goroutine.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (s *logSink) log(level infisical.LogLevel, line string) {
	s.mu.Lock()
	s.lines = append(s.lines, level.String()+" "+line)
	s.mu.Unlock()
}

func (s *logSink) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}

func newClient(t *testing.T, change func(*infisical.Config)) (*infisical.Client, *logSink) {
	t.Helper()
	sink := &logSink{}
	cfg := infisical.Config{
		BaseURL:       dev["INFISICAL_API_URL"],
		ClientID:      dev["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"],
		ClientSecret:  dev["INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"],
		NorthflankURL: dev["INFISICAL_API_URL"],
		MaxAttempts:   2,
		Logger:        sink.log,
		LogLevel:      infisical.LogDebug,
	}
	if change != nil {
		change(&cfg)
	}
	c, err := infisical.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
		// Whatever the test did, no log line holds a secret the devserver issued or accepted.
		issued, err := control("GET", "/__dev/issued-tokens", nil)
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{dev["INFISICAL_DEV_ACCESS_TOKEN"]}
		for _, key := range []string{"tokens", "clientSecrets", "northflankTokens"} {
			list, _ := issued[key].([]interface{})
			for _, s := range list {
				secrets = append(secrets, fmt.Sprint(s))
			}
		}
		for i, s := range secrets {
			if strings.Contains(sink.text(), s) {
				t.Errorf("secret #%d reached the log callback", i)
			}
		}
	})
	return c, sink
}

func str(s string) *string { return &s }

const connections = "/api/v1/app-connections/northflank"

func TestVersion(t *testing.T) {
	if v := infisical.Version(); !strings.HasPrefix(v, "0.2.") {
		t.Errorf("Version() = %q", v)
	}
}

func TestCodesAreSentinels(t *testing.T) {
	codes := []infisical.Code{infisical.ErrInvalid, infisical.ErrNoMemory, infisical.ErrNetwork, infisical.ErrTimeout,
		infisical.ErrTLS, infisical.ErrProtocol, infisical.ErrBadRequest, infisical.ErrUnauthorized, infisical.ErrPermission,
		infisical.ErrToken, infisical.ErrForbidden, infisical.ErrNotFound, infisical.ErrValidation, infisical.ErrRateLimit,
		infisical.ErrServer, infisical.ErrHTTP, infisical.ErrCancelled, infisical.ErrTooLarge, infisical.ErrTruncated,
		infisical.ErrPreflight, infisical.ErrBusy, infisical.ErrJobFailed}
	seen := map[string]bool{}
	for _, c := range codes {
		if !strings.HasPrefix(c.Name(), "INFISICAL_E") || seen[c.Name()] || c.Error() == "" {
			t.Errorf("code %d: name %q, text %q", int(c), c.Name(), c.Error())
		}
		seen[c.Name()] = true
		var err error = &infisical.Error{Code: c}
		if !errors.Is(err, c) {
			t.Errorf("errors.Is(%s) is false", c.Name())
		}
	}
	if errors.Is(&infisical.Error{Code: infisical.ErrNotFound}, infisical.ErrInvalid) {
		t.Error("ErrNotFound matches ErrInvalid")
	}
}

func TestLifecycle(t *testing.T) {
	c, sink := newClient(t, nil)
	ctx := context.Background()
	rotated := "nf-go-rotated-0123456789abcdef0123456789abcdef"
	if _, err := control("POST", "/__dev/northflank/tokens", map[string]interface{}{"token": rotated,
		"permissions": []string{"projects:read", "secret-groups:list", "secret-groups:read-values", "secret-groups:update"}}); err != nil {
		t.Fatal(err)
	}

	created, err := c.Create(ctx, infisical.CreateParams{Name: "go-conn", Description: "made in Go",
		APIToken: dev["INFISICAL_DEV_NORTHFLANK_TOKEN"]})
	if err != nil {
		t.Fatal(err)
	}
	if len(created.ID) != 36 || created.Name != "go-conn" || created.Description != "made in Go" || created.Version != 1 ||
		created.App != "northflank" || created.Method != "api-token" || created.CreatedAt.IsZero() {
		t.Errorf("created: %+v", *created)
	}
	got, err := c.Get(ctx, created.ID)
	if err != nil || got.Name != "go-conn" {
		t.Fatalf("get: %v, %v", got, err)
	}
	byName, err := c.GetByName(ctx, "go-conn", "")
	if err != nil || byName.ID != created.ID {
		t.Fatalf("get by name: %v, %v", byName, err)
	}
	for _, list := range []func(context.Context, string) ([]*infisical.Connection, error){c.List, c.ListAvailable} {
		conns, err := list(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, conn := range conns {
			found = found || conn.ID == created.ID
		}
		if !found {
			t.Errorf("the new connection is not among the %d listed", len(conns))
		}
	}

	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	renamed, err := c.Update(tctx, created.ID, infisical.UpdateParams{Name: str("go-renamed")})
	if err != nil {
		t.Fatal(err)
	}
	cleared, err := c.Update(tctx, created.ID, infisical.UpdateParams{ClearDescription: true})
	if err != nil {
		t.Fatal(err)
	}
	rotatedConn, err := c.Update(tctx, created.ID, infisical.UpdateParams{APIToken: str(rotated)})
	if err != nil {
		t.Fatal(err)
	}
	if renamed.Name != "go-renamed" || renamed.Description != "made in Go" || cleared.Description != "" || rotatedConn.Version != 4 {
		t.Errorf("renamed %+v, cleared %+v, rotated %+v", *renamed, *cleared, *rotatedConn)
	}
	if changed, err := renamed.CredentialsChanged(created); err != nil || changed {
		t.Errorf("a rename changed the credentials: %v, %v", changed, err)
	}
	if changed, err := rotatedConn.CredentialsChanged(cleared); err != nil || !changed {
		t.Errorf("a rotation did not change the credentials: %v, %v", changed, err)
	}
	if _, err := rotatedConn.CredentialsChanged(&infisical.Connection{ID: "other"}); !errors.Is(err, infisical.ErrInvalid) {
		t.Errorf("comparing two connections: %v", err)
	}

	if deleted, err := c.Delete(ctx, created.ID); err != nil || deleted.ID != created.ID {
		t.Fatalf("delete: %v, %v", deleted, err)
	}
	_, err = c.Get(ctx, created.ID)
	var e *infisical.Error
	if !errors.Is(err, infisical.ErrNotFound) || !errors.As(err, &e) {
		t.Fatalf("get after delete: %#v", err)
	}
	if e.HTTPStatus != 404 || e.RequestID == "" || e.Request != "GET "+connections+"/"+created.ID ||
		!strings.Contains(e.Message, "Could not find App Connection") || !strings.Contains(err.Error(), e.RequestID) {
		t.Errorf("the error: %+v", *e)
	}
	if !strings.Contains(sink.text(), "INFO GET "+connections+" -> 200") {
		t.Errorf("no INFO line for the list: %q", sink.text())
	}
}

func TestErrorDetails(t *testing.T) {
	c, _ := newClient(t, nil)
	ctx := context.Background()
	if err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	var e *infisical.Error

	fault(t, map[string]interface{}{"method": "GET", "path": connections, "status": 422, "body": `{"reqId":"req-422",` +
		`"statusCode":422,"error":"ValidationFailure","message":[{"path":["name"],"message":"too long","code":"too_big"}]}`})
	_, err := c.List(ctx, "")
	if !errors.Is(err, infisical.ErrValidation) || !errors.As(err, &e) || e.RequestID != "req-422" ||
		len(e.Issues) != 1 || e.Issues[0] != (infisical.Issue{Path: "name", Message: "too long", Code: "too_big"}) {
		t.Errorf("422: %#v", err)
	}

	fault(t, map[string]interface{}{"method": "GET", "path": connections, "status": 429, "headers": map[string]string{"Retry-After": "7"},
		"body": `{"reqId":"req-429","statusCode":429,"error":"RateLimitExceeded","message":"slow down"}`})
	ctx1, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err = c.List(ctx1, "")
	if !errors.Is(err, infisical.ErrRateLimit) || !errors.As(err, &e) || e.RetryAfter != 7*time.Second || !e.Retryable {
		t.Errorf("429: %#v", err)
	}

	fault(t, map[string]interface{}{"method": "GET", "path": connections, "status": 403, "body": `{"reqId":"req-403",` +
		`"statusCode":403,"error":"PermissionDenied","message":"no","details":[{"action":"read"}]}`})
	_, err = c.List(ctx, "")
	if !errors.Is(err, infisical.ErrPermission) || !errors.As(err, &e) || string(e.Details) != `[{"action":"read"}]` {
		t.Errorf("403: %#v", err)
	}

	_, err = c.Create(ctx, infisical.CreateParams{Name: "Not A Slug", APIToken: "x"})
	if !errors.Is(err, infisical.ErrInvalid) || !errors.As(err, &e) || len(e.Issues) != 1 || e.Issues[0].Path != "name" || e.HTTPStatus != 0 {
		t.Errorf("a bad name: %#v", err)
	}
}

func TestContextDeadline(t *testing.T) {
	c, _ := newClient(t, nil)
	if err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	fault(t, map[string]interface{}{"method": "GET", "path": connections, "delayMs": 3000})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx, "")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, infisical.ErrTimeout) {
		t.Errorf("expected a deadline error, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the call took %v for a 300 ms deadline", d)
	}
	// A deadline already past fails at once, without a request.
	<-ctx.Done()
	_, err = c.List(ctx, "")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, infisical.ErrTimeout) {
		t.Errorf("a past deadline: %v", err)
	}
}

func TestContextCancel(t *testing.T) {
	c, _ := newClient(t, nil)
	if err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	fault(t, map[string]interface{}{"method": "GET", "path": connections, "delayMs": 3000})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.List(ctx, "")
	if !errors.Is(err, context.Canceled) || !errors.Is(err, infisical.ErrCancelled) {
		t.Errorf("expected a cancellation, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the call took %v after a cancel at 200 ms", d)
	}
}

func TestClientTimeoutIsNotTheContexts(t *testing.T) {
	// The client's own timeout fires: ErrTimeout, but not the context's error.
	c, _ := newClient(t, func(cfg *infisical.Config) { cfg.Timeout = 300 * time.Millisecond; cfg.MaxAttempts = 1 })
	if err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	fault(t, map[string]interface{}{"method": "GET", "path": connections, "delayMs": 2000})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.List(ctx, "")
	if !errors.Is(err, infisical.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expected the client's timeout alone, got %v", err)
	}
}

func TestPreflight(t *testing.T) {
	c, _ := newClient(t, nil)
	token := "nf-go-readonly-0123456789abcdef0123456789abcdef"
	if _, err := control("POST", "/__dev/northflank/tokens", map[string]interface{}{"token": token,
		"permissions": []string{"projects:read"}}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Create(context.Background(), infisical.CreateParams{Name: "go-preflight", APIToken: token, Preflight: true})
	var e *infisical.Error
	if !errors.Is(err, infisical.ErrPreflight) || !errors.As(err, &e) || e.Preflight == nil {
		t.Fatalf("expected a preflight refusal, got %v", err)
	}
	if !e.Preflight.Authenticated || e.Preflight.Passed || len(e.Preflight.Permissions) != 4 ||
		e.Preflight.Permissions[0].State != "granted" || e.Preflight.Permissions[1].State != "denied" {
		t.Errorf("the report: %+v", *e.Preflight)
	}
}

func TestConcurrentCallsAndClose(t *testing.T) {
	c, sink := newClient(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := c.List(ctx, "")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := strings.Count(sink.text(), "INFO GET "+connections+" -> 200"); n != 8 {
		t.Errorf("%d INFO lines for 8 lists", n)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(context.Background(), ""); !errors.Is(err, infisical.ErrInvalid) {
		t.Errorf("a call after Close: %v", err)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	_, err := infisical.New(infisical.Config{BaseURL: "not a url", AccessToken: "x"})
	var e *infisical.Error
	if !errors.Is(err, infisical.ErrInvalid) || !errors.As(err, &e) || len(e.Issues) != 1 || e.Issues[0].Path != "base_url" {
		t.Errorf("a bad URL: %#v", err)
	}
	if _, err := infisical.New(infisical.Config{}); !errors.Is(err, infisical.ErrInvalid) {
		t.Errorf("no credentials: %v", err)
	}
}
