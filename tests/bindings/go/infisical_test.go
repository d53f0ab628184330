package infisical

// The lifecycle of a connection through the cgo binding, against a
// devserver that TestMain starts: INFISICAL_DEVSERVER names it (run.sh).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
)

var dev = map[string]string{} // the devserver's KEY=VALUE lines

// control calls the devserver's control API (no proxy: it is local).
func control(method, path string, body interface{}) (map[string]interface{}, error) {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return nil, err
		}
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

func newClient(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(dev["INFISICAL_API_URL"], dev["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"],
		dev["INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"], LogInfo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func str(s string) *string { return &s }

func TestConstants(t *testing.T) {
	// cgo reads every constant from the header, the expression-valued one too;
	// the library agrees.
	for name, want := range map[string]int64{
		"INFISICAL_ENOTFOUND":   int64(ENOTFOUND),
		"INFISICAL_NAME_MAX":    int64(NameMax),
		"INFISICAL_TIME_ABSENT": TimeAbsent,
	} {
		if got, ok := Constant(name); !ok || got != want {
			t.Errorf("Constant(%q) = %d, %v; the header says %d", name, got, ok, want)
		}
	}
	if TimeAbsent != math.MinInt64 || NameMax != 64 {
		t.Errorf("TimeAbsent %d, NameMax %d", TimeAbsent, NameMax)
	}
	if StatusName(ENOTFOUND) != "INFISICAL_ENOTFOUND" || StatusName(1) != "" {
		t.Errorf("StatusName: %q, %q", StatusName(ENOTFOUND), StatusName(1))
	}
}

func TestLifecycle(t *testing.T) {
	c := newClient(t)
	rotatedToken := "nf-cgo-rotated-0123456789abcdef0123456789abcdef"
	if _, err := control("POST", "/__dev/northflank/tokens", map[string]interface{}{"token": rotatedToken,
		"permissions": []string{"projects:read", "secret-groups:list", "secret-groups:read-values", "secret-groups:update"}}); err != nil {
		t.Fatal(err)
	}

	created, err := c.Create(Params{Name: str("cgo-conn"), Description: str("made through cgo"),
		APIToken: str(dev["INFISICAL_DEV_NORTHFLANK_TOKEN"])}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer created.Close()
	if len(created.ID) != 36 || created.Name != "cgo-conn" || created.Description != "made through cgo" || created.Version != 1 {
		t.Errorf("created: %+v", *created)
	}

	got, err := c.Get(created.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	byName, err := c.GetByName("cgo-conn", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer byName.Close()
	if got.Name != "cgo-conn" || byName.ID != created.ID {
		t.Errorf("get: %+v; by name: %+v", *got, *byName)
	}

	list, err := c.List(nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, conn := range list {
		found = found || conn.ID == created.ID
		conn.Close()
	}
	if !found {
		t.Errorf("the new connection is not among the %d listed", len(list))
	}

	opts, err := NewOptions(10000, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer opts.Close()
	renamed, err := c.Update(created.ID, Params{Name: str("cgo-renamed")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer renamed.Close()
	rotated, err := c.Update(created.ID, Params{APIToken: str(rotatedToken)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rotated.Close()
	if renamed.Name != "cgo-renamed" || rotated.Version != 3 {
		t.Errorf("renamed: %+v; rotated: %+v", *renamed, *rotated)
	}
	if changed, err := CredentialsChanged(created, renamed); err != nil || changed {
		t.Errorf("a rename changed the credentials: %v, %v", changed, err)
	}
	if changed, err := CredentialsChanged(renamed, rotated); err != nil || !changed {
		t.Errorf("a rotation did not change the credentials: %v, %v", changed, err)
	}

	deleted, err := c.Delete(created.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer deleted.Close()
	if _, err := c.Get(created.ID, nil); err == nil {
		t.Error("the deleted connection is still there")
	} else if e, ok := err.(*Error); !ok || e.Code != ENOTFOUND || e.Name != "INFISICAL_ENOTFOUND" || e.HTTPStatus != 404 ||
		!strings.Contains(e.Message, "Could not find App Connection") {
		t.Errorf("get after delete: %#v", err)
	}
}

func TestCallTimeout(t *testing.T) {
	c := newClient(t)
	if err := c.Login(nil); err != nil { // so the 300 ms are the list's alone
		t.Fatal(err)
	}
	opts, err := NewOptions(300, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer opts.Close()
	if _, err := control("POST", "/__dev/faults", map[string]interface{}{"faults": []map[string]interface{}{
		{"method": "GET", "path": "/api/v1/app-connections/northflank", "delayMs": 2000}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(opts); err == nil {
		t.Error("a reply held back 2 s did not time out a call given 300 ms")
	} else if e, ok := err.(*Error); !ok || e.Code != ETIMEOUT {
		t.Errorf("expected INFISICAL_ETIMEOUT, got %v", err)
	}
}

// Last (tests run in source order): every line logged by the tests above,
// none holding a secret the devserver issued or accepted.
func TestLogHasLinesAndNoSecret(t *testing.T) {
	lines := Logged()
	var text strings.Builder
	sawList := false
	for _, l := range lines {
		text.WriteString(l.Text + "\n")
		sawList = sawList || (l.Level == LogInfo && strings.HasPrefix(l.Text, "GET /api/v1/app-connections/northflank -> 200"))
	}
	if !sawList {
		t.Errorf("no INFO line for the list in %d lines: %q", len(lines), text.String())
	}
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
	if len(secrets) < 4 {
		t.Fatalf("nothing to look for: %v", issued)
	}
	for i, s := range secrets {
		if strings.Contains(text.String(), s) {
			t.Errorf("secret #%d reached the log callback", i)
		}
	}
}
