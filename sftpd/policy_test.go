package sftpd

import (
	"errors"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestHostPolicyEffective: what the server offers is exactly the published
// policy, with aes256-cbc as the single listed exception.
func TestHostPolicyEffective(t *testing.T) {
	eff, devs, err := HostPolicy.Effective()
	if err != nil {
		t.Fatal(err)
	}
	want := Policy{
		KeyExchanges:            []string{"curve25519-sha256", "curve25519-sha256@libssh.org"},
		Ciphers:                 []string{"aes256-gcm@openssh.com", "aes256-ctr"},
		MACs:                    []string{"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"},
		HostKeyAlgorithms:       []string{"rsa-sha2-512", "rsa-sha2-256"},
		PublicKeyAuthAlgorithms: []string{"rsa-sha2-512", "rsa-sha2-256"},
		MinRSABits:              2048,
	}
	if !reflect.DeepEqual(eff, want) {
		t.Errorf("effective policy\n got %+v\nwant %+v", eff, want)
	}
	if len(devs) != 1 || devs[0].Item != "cipher" || devs[0].Name != "aes256-cbc" || devs[0].Reason == "" {
		t.Errorf("deviations = %+v, want only cipher aes256-cbc", devs)
	}
	if !slices.Contains(HostPolicy.Ciphers, "aes256-cbc") {
		t.Error("HostPolicy must keep the published aes256-cbc, so the deviation stays visible")
	}

	ts := newTestServer(t, nil)
	if got := ts.srv.Deviations(); !reflect.DeepEqual(got, devs) {
		t.Errorf("Server.Deviations = %+v, want %+v", got, devs)
	}
}

func TestPolicyRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Policy)
		want string
	}{
		{"unknown cipher", func(p *Policy) { p.Ciphers = append(p.Ciphers, "aes512-gcm@example.com") }, `"aes512-gcm@example.com" is not available`},
		{"unknown MAC", func(p *Policy) { p.MACs = []string{"hmac-sha3-256"} }, `"hmac-sha3-256" is not available`},
		{"unknown KEX", func(p *Policy) { p.KeyExchanges = []string{"curve448-sha512"} }, `"curve448-sha512" is not available`},
		{"cbc is the only cipher", func(p *Policy) { p.Ciphers = []string{"aes256-cbc"} }, "no cipher algorithm left"},
		{"empty MACs", func(p *Policy) { p.MACs = nil }, "empty mac list"},
		{"empty KEX", func(p *Policy) { p.KeyExchanges = []string{} }, "empty kex list"},
		{"SHA-1 host key", func(p *Policy) { p.HostKeyAlgorithms = []string{"ssh-rsa"} }, `hostkey "ssh-rsa"`},
		{"ed25519 host key", func(p *Policy) { p.HostKeyAlgorithms = []string{"ssh-ed25519"} }, `hostkey "ssh-ed25519"`},
		{"SHA-1 client signatures", func(p *Policy) { p.PublicKeyAuthAlgorithms = []string{"ssh-rsa"} }, `pubkey "ssh-rsa"`},
		{"alias the library adds", func(p *Policy) { p.KeyExchanges = []string{"curve25519-sha256"} }, "would also offer kex"},
		{"duplicate", func(p *Policy) { p.Ciphers = []string{"aes256-ctr", "aes256-ctr"} }, "listed twice"},
		{"RSA 1024", func(p *Policy) { p.MinRSABits = 1024 }, "MinRSABits 1024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := clonePolicy(HostPolicy)
			tt.edit(&p)
			_, _, err := p.Effective()
			if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Effective() error = %v, want ErrPolicy mentioning %q", err, tt.want)
			}
			// New refuses the same policy.
			cfg := validConfig(t)
			cfg.Policy = p
			if _, err := New(cfg); !errors.Is(err, ErrPolicy) {
				t.Fatalf("New() error = %v, want ErrPolicy", err)
			}
		})
	}
}

func clonePolicy(p Policy) Policy {
	p.KeyExchanges = slices.Clone(p.KeyExchanges)
	p.Ciphers = slices.Clone(p.Ciphers)
	p.MACs = slices.Clone(p.MACs)
	p.HostKeyAlgorithms = slices.Clone(p.HostKeyAlgorithms)
	p.PublicKeyAuthAlgorithms = slices.Clone(p.PublicKeyAuthAlgorithms)
	return p
}

// TestFIPSModeRefuses re-runs this test binary with GODEBUG=fips140=on: FIPS
// mode removes curve25519, the only key exchange of the policy, and the
// server must refuse to start rather than offer nothing or something else.
func TestFIPSModeRefuses(t *testing.T) {
	if os.Getenv("SFTPD_FIPS_CHILD") == "1" {
		_, _, err := HostPolicy.Effective()
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "curve25519") {
			t.Fatalf("Effective under FIPS: %v, want ErrPolicy about curve25519", err)
		}
		if _, err := New(validConfig(t)); !errors.Is(err, ErrPolicy) {
			t.Fatalf("New under FIPS: %v, want ErrPolicy", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSModeRefuses$", "-test.v")
	cmd.Env = append(os.Environ(), "SFTPD_FIPS_CHILD=1", "GODEBUG=fips140=on")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestFIPSModeRefuses") {
		t.Fatalf("child under GODEBUG=fips140=on: %v\n%s", err, out)
	}
}

// validConfig is a minimal configuration New accepts.
func validConfig(t *testing.T) Config {
	t.Helper()
	return Config{
		HostKey: testHostKey(),
		Accounts: []Account{{
			OpID: "OLOA", Username: userA, PasswordHash: cheapHash(t, passA),
			AuthorizedKeys: []ssh.PublicKey{testKeyA().PublicKey()},
			AllowedIPs:     addrs("127.0.0.1"), Root: t.TempDir(),
		}},
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, c *Config)
		want string // in the error; "" means New must succeed
	}{
		{"valid", func(*testing.T, *Config) {}, ""},
		{"IP shared by two OLOs", func(t *testing.T, c *Config) {
			b := c.Accounts[0]
			b.OpID, b.Username = "OLOB", userB
			c.Accounts = append(c.Accounts, b)
		}, ""},
		{"3 IPs", func(t *testing.T, c *Config) {
			c.Accounts[0].AllowedIPs = addrs("127.0.0.1", "192.0.2.1", "2001:db8::1")
		}, ""},
		{"no host key", func(t *testing.T, c *Config) { c.HostKey = nil }, "no host key"},
		{"host key 1024", func(t *testing.T, c *Config) { c.HostKey = mustRSA(1024) }, "host key has 1024 bits"},
		{"no accounts", func(t *testing.T, c *Config) { c.Accounts = nil }, "no accounts"},
		{"4 IPs", func(t *testing.T, c *Config) {
			c.Accounts[0].AllowedIPs = addrs("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
		}, "4 allowed IPs"},
		{"no IPs", func(t *testing.T, c *Config) { c.Accounts[0].AllowedIPs = nil }, "0 allowed IPs"},
		{"4 IPs over one OLO's two accounts", func(t *testing.T, c *Config) {
			c.Accounts[0].AllowedIPs = addrs("127.0.0.1", "127.0.0.2")
			b := c.Accounts[0]
			b.Username = "olo-a-2"
			b.AllowedIPs = addrs("127.0.0.3", "127.0.0.4")
			c.Accounts = append(c.Accounts, b)
		}, "declares 4 IPs"},
		{"duplicate IP", func(t *testing.T, c *Config) { c.Accounts[0].AllowedIPs = addrs("127.0.0.1", "127.0.0.1") }, "listed twice"},
		{"RSA 1024 client key", func(t *testing.T, c *Config) {
			c.Accounts[0].AuthorizedKeys = append(c.Accounts[0].AuthorizedKeys, testKey1024().PublicKey())
		}, "1024 bits"},
		{"ed25519 client key", func(t *testing.T, c *Config) {
			c.Accounts[0].AuthorizedKeys = []ssh.PublicKey{testKeyEd().PublicKey()}
		}, "ssh-ed25519 key"},
		{"no key", func(t *testing.T, c *Config) { c.Accounts[0].AuthorizedKeys = nil }, "no authorized key"},
		{"plain password", func(t *testing.T, c *Config) { c.Accounts[0].PasswordHash = []byte(passA) }, "not a bcrypt hash"},
		{"duplicate username", func(t *testing.T, c *Config) {
			b := c.Accounts[0]
			b.OpID = "OLOB"
			c.Accounts = append(c.Accounts, b)
		}, "duplicate username"},
		{"no OpID", func(t *testing.T, c *Config) { c.Accounts[0].OpID = "" }, "OpID are required"},
		{"missing root", func(t *testing.T, c *Config) { c.Accounts[0].Root = "/nonexistent/olo" }, "not a directory"},
		{"negative brake", func(t *testing.T, c *Config) { c.Brake.Ban = -1 }, "negative brake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig(t)
			tt.edit(t, &cfg)
			_, err := New(cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
