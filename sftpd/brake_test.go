package sftpd

import (
	"io"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestBrakeDefaults(t *testing.T) {
	got := BrakeConfig{}.withDefaults()
	want := BrakeConfig{MaxFailures: 5, Window: time.Minute, Ban: 5 * time.Minute, Delay: 100 * time.Millisecond}
	if got != want {
		t.Fatalf("defaults = %+v, want %+v", got, want)
	}
}

func TestBrakeCounts(t *testing.T) {
	clock := newFakeClock()
	b := newBrake(BrakeConfig{MaxFailures: 4, Window: time.Minute, Ban: 5 * time.Minute, Delay: 300 * time.Millisecond}, clock.Now)
	ip, other := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")

	steps := []struct {
		do         func()
		wantDelay  time.Duration
		wantBanned bool
	}{
		{func() { b.fail(ip) }, 300 * time.Millisecond, false},
		{func() { b.fail(ip) }, 600 * time.Millisecond, false},
		{func() { clock.Advance(61 * time.Second) }, 300 * time.Millisecond, false}, // window passed
		{func() { b.fail(ip); b.fail(ip); b.fail(ip) }, 900 * time.Millisecond, false},
		{func() { b.succeed(ip) }, 300 * time.Millisecond, false}, // a login clears
		{func() { b.fail(ip); b.fail(ip); b.fail(ip) }, 900 * time.Millisecond, false},
		{func() { b.fail(ip) }, 300 * time.Millisecond, true}, // 4th in the window: ban
		{func() { clock.Advance(5*time.Minute - time.Second) }, 300 * time.Millisecond, true},
		{func() { clock.Advance(time.Second) }, 300 * time.Millisecond, false}, // ban over
	}
	for i, s := range steps {
		s.do()
		if d := b.delay(ip); d != s.wantDelay {
			t.Errorf("step %d: delay %v, want %v", i, d, s.wantDelay)
		}
		if banned := !b.bannedUntil(ip).IsZero(); banned != s.wantBanned {
			t.Errorf("step %d: banned %v, want %v", i, banned, s.wantBanned)
		}
		if !b.bannedUntil(other).IsZero() {
			t.Errorf("step %d: another IP is banned", i)
		}
	}
	for range 20 {
		b.fail(other)
		clock.Advance(time.Second)
	}
	if d := b.delay(other); d != maxBrakeDelay {
		t.Errorf("delay after many failures = %v, want the cap %v", d, maxBrakeDelay)
	}
}

// TestBrakeOnServer: which refused connections feed the brake, and that a
// ban refuses every login from the IP (banner and key exchange still work) until it ends.
func TestBrakeOnServer(t *testing.T) {
	tests := []struct {
		name    string
		attempt *ssh.ClientConfig
		done    string // the detail of the audit record that ends each attempt
		counts  bool
	}{
		{"wrong password", clientConfig(userA, ssh.PublicKeys(testKeyA()), ssh.Password("nope")), "wrong password", true},
		{"wrong key", clientConfig(userA, ssh.PublicKeys(testKeyB()), ssh.Password(passA)), "key not authorized", true},
		{"key without password", clientConfig(userA, ssh.PublicKeys(testKeyA())), "key accepted, no password", true},
		{"none only", clientConfig(userA), "no credentials offered", false},
		{"cipher outside the policy", func() *ssh.ClientConfig {
			c := loginA()
			c.Ciphers = []string{"aes128-ctr"}
			return c
		}(), "no common algorithm", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, func(c *Config) {
				c.Brake = BrakeConfig{MaxFailures: 3, Window: time.Minute, Ban: 5 * time.Minute, Delay: time.Millisecond}
			})
			for range 3 {
				if c, err := ts.dial("127.0.0.1", tt.attempt); err == nil {
					c.Close()
					t.Fatal("attempt logged in")
				}
			}
			// The server may finish its side of an attempt after the client
			// has given up: wait for the attempts' audit records first.
			ts.audit.waitFor(t, "3 attempts", func(AuditRecord) bool {
				n := 0
				for _, r := range ts.audit.records(t) {
					if strings.Contains(r.Detail, tt.done) {
						n++
					}
				}
				return n >= 3
			})
			c, err := ts.dial("127.0.0.1", loginA())
			if err == nil {
				c.Close()
			}
			if banned := err != nil; banned != tt.counts {
				t.Fatalf("banned = %v after 3 attempts, want %v (%v)", banned, tt.counts, err)
			}
			if !tt.counts {
				return
			}
			// Banned means no login at all, yet the banner and key exchange still work so
			// that a policy scan from the same address tells the truth.
			if !gotBanner(t, ts, "127.0.0.1") {
				t.Fatal("a banned address gets no banner: ssh-audit would see nothing")
			}
			ts.audit.waitFor(t, "brake refusal", func(r AuditRecord) bool {
				return strings.Contains(r.Detail, "banned")
			})
			ts.sftpAs(t, "127.0.0.4", loginA()) // the ban is per IP
			ts.clock.Advance(5*time.Minute + time.Second)
			ts.sftpClient(t)
		})
	}
}

// gotBanner reports whether a TCP connection from `from` receives the SSH
// banner.
func gotBanner(t *testing.T, ts *testServer, from string) bool {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	nc, err := d.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	b, _ := io.ReadAll(io.LimitReader(nc, 8))
	return string(b) == "SSH-2.0-"
}
