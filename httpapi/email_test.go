package httpapi

import (
	"math/rand/v2"
	"net/mail"
	"testing"
)

// TestSimpleAddrSpecIsParsed holds the shortcut to its promise: every string it recognises
// is one net/mail accepts, and it does recognise the usual addresses.
func TestSimpleAddrSpecIsParsed(t *testing.T) {
	for _, s := range []string{"mario.rossi@pec.example.it", "b12@pec.example.com", "a@b", "x+tag@dominio-uno.it", "o'neil@x.y"} {
		if !simpleAddrSpec(s) {
			t.Errorf("simpleAddrSpec(%q) = false, want true", s)
		}
		if validEmail(s) != nil {
			t.Errorf("validEmail(%q) refused", s)
		}
	}
	for _, s := range []string{"", "@x.it", "a@", "a@@b", "a..b@x.it", ".a@x.it", "a.@x.it", "a@x..it", "a b@x.it", "Mario <m@x.it>", "m@[127.0.0.1]", "\"a b\"@x.it", "à@x.it"} {
		if simpleAddrSpec(s) {
			t.Errorf("simpleAddrSpec(%q) = true, want false (left to net/mail)", s)
		}
		_, perr := mail.ParseAddress(s)
		if (validEmail(s) == nil) != (perr == nil) {
			t.Errorf("validEmail(%q) disagrees with net/mail (%v)", s, perr)
		}
	}
	// Random strings over an alphabet rich in the characters that matter.
	const alphabet = "aaaabbbb0099..@@-_+!#'`~ \"<>()[]\\:;,àz"
	rng := rand.New(rand.NewPCG(1, 2))
	recognised := 0
	for range 300000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		if simpleAddrSpec(s) {
			recognised++
			if _, err := mail.ParseAddress(s); err != nil {
				t.Fatalf("simpleAddrSpec(%q) = true but net/mail refuses it: %v", s, err)
			}
		}
	}
	if recognised < 1000 {
		t.Fatalf("only %d random strings recognised: the comparison proves little", recognised)
	}
}

func FuzzSimpleAddrSpec(f *testing.F) {
	f.Add("mario.rossi@pec.example.it")
	f.Add("a..b@x")
	f.Fuzz(func(t *testing.T, s string) {
		if simpleAddrSpec(s) {
			if _, err := mail.ParseAddress(s); err != nil {
				t.Fatalf("simpleAddrSpec(%q) = true but net/mail refuses it: %v", s, err)
			}
		}
	})
}
