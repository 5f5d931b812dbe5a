package sftpd

import (
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/ssh"
)

// Policy is the published algorithm policy of the host network, as data.
//
// It is checked once, at start-up, against what golang.org/x/crypto/ssh
// actually implements in this process (Effective), because x/crypto silently
// drops names it does not know and environment switches such as
// GODEBUG=fips140=on remove algorithms at run time. A policy that cannot be
// honoured stops the server instead of being weakened quietly.
type Policy struct {
	// KeyExchanges, Ciphers and MACs are the transport algorithms offered.
	// x/crypto adds curve25519-sha256@libssh.org whenever curve25519-sha256
	// is configured, so a policy naming curve25519-sha256 must name the
	// alias too (Effective refuses to offer anything unlisted).
	KeyExchanges, Ciphers, MACs []string
	// HostKeyAlgorithms are the signature algorithms the RSA host key may
	// use. SHA-1 ssh-rsa is not accepted here.
	HostKeyAlgorithms []string
	// PublicKeyAuthAlgorithms are the signature algorithms accepted from
	// clients and advertised in server-sig-algs.
	PublicKeyAuthAlgorithms []string
	// MinRSABits is the smallest RSA modulus accepted for the host key and
	// for every client key; never below 2048.
	MinRSABits int
}

// HostPolicy is the host network's SFTP policy (design note SFTP.md). Its one
// cipher that x/crypto cannot offer, aes256-cbc, is reported by Effective as
// the single known Deviation.
var HostPolicy = Policy{
	KeyExchanges: []string{"curve25519-sha256", "curve25519-sha256@libssh.org"},
	Ciphers:      []string{"aes256-gcm@openssh.com", "aes256-ctr", "aes256-cbc"},
	MACs:         []string{"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"},
	HostKeyAlgorithms: []string{
		ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
	},
	PublicKeyAuthAlgorithms: []string{
		ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
	},
	MinRSABits: 2048,
}

// Deviation is one policy item the server cannot offer, with the reason,
// so that the operator can print it at start-up and publish it.
type Deviation struct {
	Item   string // "cipher", "mac", "kex", "hostkey", "pubkey"
	Name   string // the algorithm name from the policy
	Reason string
}

func (d Deviation) String() string {
	return fmt.Sprintf("%s %s not offered: %s", d.Item, d.Name, d.Reason)
}

// ErrPolicy is wrapped by every error that says the policy cannot be served
// as published; New returns it too, so callers can tell a policy failure from
// a bad account.
var ErrPolicy = errors.New("sftpd: policy cannot be served")

// minPolicyRSABits is the floor no policy may go under.
const minPolicyRSABits = 2048

// knownDeviations are the only policy names allowed to be missing from the
// library: x/crypto/ssh has no aes256-cbc transport cipher and no hook to add
// one, and a stale fork that has it would lose years of security fixes.
var knownDeviations = map[[2]string]string{
	{"cipher", "aes256-cbc"}: "golang.org/x/crypto/ssh implements no aes256-cbc transport cipher " +
		"and has no hook to add one; aes256-gcm@openssh.com and aes256-ctr are offered instead",
}

// Effective returns the policy as this process can actually offer it, the
// known deviations, and an error wrapping ErrPolicy when any list is empty,
// names an algorithm the library does not offer here (other than the known
// aes256-cbc), or would make the library offer something the policy does not
// list.
func (p Policy) Effective() (Policy, []Deviation, error) {
	if p.MinRSABits < minPolicyRSABits {
		return Policy{}, nil, fmt.Errorf("%w: MinRSABits %d is below %d", ErrPolicy, p.MinRSABits, minPolicyRSABits)
	}
	for _, l := range []struct {
		item string
		list []string
	}{
		{"kex", p.KeyExchanges}, {"cipher", p.Ciphers}, {"mac", p.MACs},
		{"hostkey", p.HostKeyAlgorithms}, {"pubkey", p.PublicKeyAuthAlgorithms},
	} {
		if len(l.list) == 0 {
			// x/crypto would substitute its defaults for an empty list.
			return Policy{}, nil, fmt.Errorf("%w: empty %s list", ErrPolicy, l.item)
		}
		seen := map[string]bool{}
		for _, n := range l.list {
			if seen[n] {
				return Policy{}, nil, fmt.Errorf("%w: %s %q listed twice", ErrPolicy, l.item, n)
			}
			seen[n] = true
		}
	}

	// SetDefaults is the library's own filter: it keeps only the names it
	// implements in this process (FIPS mode included) and adds aliases.
	lib := ssh.Config{
		KeyExchanges: slices.Clone(p.KeyExchanges),
		Ciphers:      slices.Clone(p.Ciphers),
		MACs:         slices.Clone(p.MACs),
	}
	lib.SetDefaults()

	eff := Policy{MinRSABits: p.MinRSABits}
	var devs []Deviation
	var errs []error
	compare := func(item string, want, got []string) []string {
		for _, n := range want {
			if slices.Contains(got, n) {
				continue
			}
			if reason, ok := knownDeviations[[2]string{item, n}]; ok {
				devs = append(devs, Deviation{Item: item, Name: n, Reason: reason})
				continue
			}
			errs = append(errs, fmt.Errorf("%s %q is not available in golang.org/x/crypto/ssh in this process", item, n))
		}
		for _, n := range got {
			if !slices.Contains(want, n) {
				errs = append(errs, fmt.Errorf("golang.org/x/crypto/ssh would also offer %s %q, which the policy does not list", item, n))
			}
		}
		if len(got) == 0 {
			errs = append(errs, fmt.Errorf("no %s algorithm left to offer", item))
		}
		return slices.Clone(got)
	}
	eff.KeyExchanges = compare("kex", p.KeyExchanges, lib.KeyExchanges)
	eff.Ciphers = compare("cipher", p.Ciphers, lib.Ciphers)
	eff.MACs = compare("mac", p.MACs, lib.MACs)

	// Signature algorithms are not filtered by SetDefaults: check them
	// against the library's list of secure ones, which excludes SHA-1
	// ssh-rsa, and against the key type the server uses (RSA).
	supported := ssh.SupportedAlgorithms()
	rsaAlgos := []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}
	sigs := func(item string, want, lib []string) []string {
		var got []string
		for _, n := range want {
			if slices.Contains(lib, n) && slices.Contains(rsaAlgos, n) {
				got = append(got, n)
			}
		}
		return compare(item, want, got)
	}
	eff.HostKeyAlgorithms = sigs("hostkey", p.HostKeyAlgorithms, supported.HostKeys)
	eff.PublicKeyAuthAlgorithms = sigs("pubkey", p.PublicKeyAuthAlgorithms, supported.PublicKeyAuths)

	if len(errs) > 0 {
		return Policy{}, devs, fmt.Errorf("%w: %w", ErrPolicy, errors.Join(errs...))
	}
	return eff, devs, nil
}

// isZero reports whether p is the zero Policy, which Config treats as
// HostPolicy.
func (p Policy) isZero() bool {
	return p.KeyExchanges == nil && p.Ciphers == nil && p.MACs == nil &&
		p.HostKeyAlgorithms == nil && p.PublicKeyAuthAlgorithms == nil && p.MinRSABits == 0
}
