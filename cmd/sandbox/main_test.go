package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the sandbox's goroutines to write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("WPTI_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (WPTI_REQUIRE_TOOLS=1) but missing", name)
		}
		t.Skipf("%s not installed", name)
	}
}

// startMain runs the very program `go run ./cmd/sandbox` runs, on free ports, and returns
// its printed banner once it is ready.
func startMain(t *testing.T, args ...string) (*Main, *syncBuffer) {
	t.Helper()
	out, errw := &syncBuffer{}, &syncBuffer{}
	m := NewMain(out, errw)
	base := []string{"--http", "127.0.0.1:0", "--sftp", "127.0.0.1:0", "--state-dir", t.TempDir()}
	if err := m.ParseFlags(append(base, args...)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C") {
		if time.Now().After(deadline) {
			t.Fatalf("sandbox not ready: %s %s", out.String(), errw.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return m, out
}

// The curl lines the sandbox prints work when pasted, in order, in one shell.
func TestPrintedCurlLinesWork(t *testing.T) {
	requireTool(t, "curl")
	_, out := startMain(t)
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, "curl ") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) < 3 {
		t.Fatalf("want 3 curl lines (token JSON, token in a variable, orders), got %d:\n%s", len(lines), out.String())
	}
	script := strings.Join(lines, "\n") + "\n"
	script = strings.ReplaceAll(script, "curl -s ", "curl -sSf ")
	cmd := exec.Command("bash", "-e", "-c", script)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("printed curl lines failed: %v\n%s\n%s", err, script, b)
	}
	if !strings.Contains(string(b), `"access_token"`) || !strings.Contains(string(b), `"elementi"`) || !strings.Contains(string(b), "codiceOrdineRo") {
		t.Fatalf("unexpected output of the printed lines:\n%s", b)
	}
}

// The printed sftp line logs in with key and password and lists the CDR tree.
func TestPrintedSFTPLineWorks(t *testing.T) {
	requireTool(t, "sftp")
	requireTool(t, "sshpass")
	_, out := startMain(t)
	var line string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "sshpass ") {
			line = strings.TrimSpace(l)
			break
		}
	}
	if line == "" {
		t.Fatalf("no sshpass/sftp line printed:\n%s", out.String())
	}
	cmd := exec.Command("bash", "-c", line)
	cmd.Stdin = strings.NewReader("ls -1 /\nls -1 /CDR\nbye\n")
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("printed sftp line failed: %v\n%s\n%s", err, line, b)
	}
	if !strings.Contains(string(b), "CDR") || !strings.Contains(string(b), "DOC") {
		t.Fatalf("sftp listing lacks CDR/DOC:\n%s", b)
	}
}

// A busy port is a clear one-line error naming it and the flag to change it.
func TestBusyPortIsClearError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	out, errw := &syncBuffer{}, &syncBuffer{}
	m := NewMain(out, errw)
	if err := m.ParseFlags([]string{"--http", ln.Addr().String(), "--sftp", "", "--state-dir", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	err = m.Run(context.Background())
	if err == nil {
		t.Fatal("Run on a busy port succeeded")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, ln.Addr().String()) || !strings.Contains(msg, "--http") {
		t.Fatalf("error is not one clear line naming the port and flag: %q", msg)
	}
}

// --help lists the flags a user needs and exits cleanly.
func TestHelpListsFlags(t *testing.T) {
	errw := &syncBuffer{}
	m := NewMain(&syncBuffer{}, errw)
	err := m.ParseFlags([]string{"--help"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, f := range []string{"-seed", "-http", "-sftp", "-state-dir", "-fixtures", "-clock-scale", "-strict"} {
		if !strings.Contains(errw.String(), f) {
			t.Errorf("--help does not list %s", f)
		}
	}
}

// Bad flags are refused with a message, not a panic.
func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--start", "ieri"}, {"--fault-429", "2"}, {"--clock-scale", "-1"}, {"--clock-scale", "NaN"}, {"--clock-scale", "Inf"}, {"--latency", "-5s"}, {"extra"}} {
		m := NewMain(&syncBuffer{}, &syncBuffer{})
		if err := m.ParseFlags(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// The binary stops cleanly on SIGTERM (exit status 0), as a service manager expects.
func TestSIGTERMStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "sandbox")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	out := &syncBuffer{}
	cmd := exec.Command(bin, "--http", "127.0.0.1:0", "--sftp", "127.0.0.1:0", "--state-dir", t.TempDir(), "--quiet")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("did not stop within 10 s of SIGTERM")
	}
}

// Every request is logged in one readable line: method, path, status, duration.
func TestAccessLogLine(t *testing.T) {
	requireTool(t, "curl")
	_, out := startMain(t)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
	if b, err := exec.Command("curl", "-s", url+"/wpti/v1/wlr/ordini").CombinedOutput(); err != nil {
		t.Fatalf("curl: %v %s", err, b)
	}
	re := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d{3} GET /wpti/v1/wlr/ordini 401 [0-9.]+(µs|ms|s)$`)
	deadline := time.Now().Add(5 * time.Second)
	for !re.MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("no access log line for the request in:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill -9 loses no acknowledged write: every 2xx write is in the state file before its
// answer leaves.
func TestKill9LosesNoAcknowledgedWrite(t *testing.T) {
	requireTool(t, "curl")
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "sandbox")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	state := filepath.Join(t.TempDir(), "state.db")
	dir := t.TempDir()
	start := func() (*exec.Cmd, string) {
		out := &syncBuffer{}
		cmd := exec.Command(bin, "--http", "127.0.0.1:0", "--sftp", "", "--state-dir", dir, "--state", state, "--quiet", "--start", "2026-03-10T10:00:00+01:00", "--clock-scale", "0")
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(out.String(), "Ctrl-C") {
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("not ready: %s", out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		return cmd, regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
	}
	curl := func(args ...string) string {
		b, err := exec.Command("curl", append([]string{"-sS"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("curl %v: %v %s", args, err, b)
		}
		return string(b)
	}
	token := func(base string) string {
		out := curl("-d", "grant_type=client_credentials", "-d", "client_id=olo001-crm", "-d", "client_secret=sandbox-olo001-segreto", base+"/wpti/v1/auth/token")
		return regexp.MustCompile(`"access_token":"([^"]+)"`).FindStringSubmatch(out)[1]
	}
	cmd, base := start()
	tok := token(base)
	var ids []string
	for i := range 5 {
		out := curl("-H", "Authorization: Bearer "+tok, "-H", "Content-Type: application/json", "-d",
			fmt.Sprintf(`{"nome":"Ufficio %d","prefisso":"06","indirizzo":{"indirizzo":"Via Nazionale","civico":"%d","cap":"00184","comune":"Roma","provincia":"RM"}}`, i, i+1),
			base+"/wpti/v1/voip/aziende/"+firstCompany(t, curl, base, tok)+"/uffici")
		m := regexp.MustCompile(`"ufficioId":"(UF-[0-9A-Z]{8})"`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("create office: %s", out)
		}
		ids = append(ids, m[1])
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	cmd2, base2 := start()
	defer func() { cmd2.Process.Kill(); cmd2.Wait() }()
	tok2 := token(base2)
	for _, id := range ids {
		out := curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer "+tok2, base2+"/wpti/v1/voip/uffici/"+id)
		if out != "200" {
			t.Errorf("office %s acknowledged before kill -9 is gone after restart (%s)", id, out)
		}
	}
}

func firstCompany(t *testing.T, curl func(...string) string, base, tok string) string {
	t.Helper()
	out := curl("-H", "Authorization: Bearer "+tok, base+"/wpti/v1/voip/aziende?perPagina=1")
	m := regexp.MustCompile(`"aziendaId":"(AZ-[0-9A-Z]{8})"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no company: %s", out)
	}
	return m[1]
}
