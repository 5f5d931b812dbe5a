package httpapi

import (
	"errors"
	"net/mail"
)

// validEmail is the contract's email format: what net/mail.ParseAddress reads, as the
// generated code does. The common shape, a dot-atom local part and a dot-atom domain of
// plain ASCII (mario.rossi@pec.example.it), is recognised without the parser: every such
// address is one ParseAddress accepts (TestSimpleAddrSpecIsParsed), and every other string
// still goes to it.
func validEmail(s string) error {
	if simpleAddrSpec(s) {
		return nil
	}
	if _, err := mail.ParseAddress(s); err != nil {
		return errors.New("indirizzo email non valido")
	}
	return nil
}

// simpleAddrSpec reports s = dot-atom "@" dot-atom (RFC 5322 3.2.3, ASCII atext only).
func simpleAddrSpec(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	return at > 0 && dotAtom(s[:at]) && dotAtom(s[at+1:])
}

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if s[i-1] == '.' {
				return false
			}
		case !atext(c):
			return false
		}
	}
	return true
}

// atext is RFC 5322's atext for ASCII: letters, digits and !#$%&'*+-/=?^_`{|}~.
func atext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~':
		return true
	}
	return false
}
