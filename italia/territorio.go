package italia

import (
	"sort"
)

// Provincia is one of the 107 second-level bodies (province, citta'
// metropolitane, liberi consorzi, the autonomous provinces and the Valle
// d'Aosta) identified by the two-letter sigla used in addresses.
type Provincia struct {
	Sigla       string
	Nome        string
	Regione     string
	CodiceIstat string // three digits, e.g. "058" for Roma
	// UfficiIva are partita IVA office codes (digits 8-10) really found on
	// companies seated in the provincia: the ISTAT code for the provinces
	// that existed in 1972, Roma's second code 100, and the parent
	// province's code for those created later (Monza e della Brianza 015).
	UfficiIva []string
}

// Comune is a municipality of the sandbox world, with the codes that other
// identifiers are built from.
type Comune struct {
	Nome            string
	Provincia       string // sigla
	CodiceIstat     string // six digits: province code + progressive
	CodiceCatastale string // Belfiore code, positions 12-15 of a codice fiscale
	// Cap is the comune's first CAP; CapValidi lists every CAP of a
	// multi-CAP city (Roma 00118-00199) and is {Cap} elsewhere.
	Cap       string
	CapValidi []string
	// Prefisso is the telephone district (with its 0) the comune is in; it
	// may belong to a nearby town's district (Legnano is in 0331).
	Prefisso    string
	Popolazione int // 2011 census, used to weight random draws
	// Vie are real, well-known streets of the comune; empty for most towns,
	// where the generator uses names found all over Italy.
	Vie []string
}

// Regione returns the name of the region the comune is in.
func (c Comune) Regione() string {
	if p, ok := indiceProvince[c.Provincia]; ok {
		return p.Regione
	}
	return ""
}

var (
	indiceProvince  map[string]Provincia
	indiceIstat     map[string]int
	indiceCatastale map[string]int
)

func init() {
	indiceProvince = make(map[string]Provincia, len(provinceDati))
	for _, p := range provinceDati {
		indiceProvince[p.Sigla] = p
	}
	indiceIstat = make(map[string]int, len(comuniDati))
	indiceCatastale = make(map[string]int, len(comuniDati))
	for i := range comuniDati {
		c := &comuniDati[i]
		if len(c.CapValidi) == 0 {
			c.CapValidi = []string{c.Cap}
		}
		c.Vie = vieNote[c.CodiceIstat]
		indiceIstat[c.CodiceIstat] = i
		indiceCatastale[c.CodiceCatastale] = i
	}
}

// copiaComune returns a comune whose slices the caller may change without
// touching the embedded table.
func copiaComune(c Comune) Comune {
	c.CapValidi = append([]string(nil), c.CapValidi...)
	c.Vie = append([]string(nil), c.Vie...)
	return c
}

// Province returns all 107 province ordered by sigla, as a fresh copy. They
// are the 2017-2025 ordering the contract is written against; Sardinia's
// 2026 provinces are not included yet.
func Province() []Provincia {
	out := make([]Provincia, len(provinceDati))
	for i, p := range provinceDati {
		p.UfficiIva = append([]string(nil), p.UfficiIva...)
		out[i] = p
	}
	return out
}

// ProvinciaDaSigla looks a provincia up by its sigla ("RM").
func ProvinciaDaSigla(sigla string) (Provincia, bool) {
	p, ok := indiceProvince[sigla]
	if ok {
		p.UfficiIva = append([]string(nil), p.UfficiIva...)
	}
	return p, ok
}

// Regioni returns the names of the 20 regions in alphabetical order.
func Regioni() []string {
	visto := map[string]bool{}
	var out []string
	for _, p := range provinceDati {
		if !visto[p.Regione] {
			visto[p.Regione] = true
			out = append(out, p.Regione)
		}
	}
	sort.Strings(out)
	return out
}

// Comuni returns the embedded comuni ordered by codice ISTAT, as a copy.
func Comuni() []Comune {
	out := make([]Comune, len(comuniDati))
	for i, c := range comuniDati {
		out[i] = copiaComune(c)
	}
	return out
}

// ComuneDaIstat finds an embedded comune by its six-digit ISTAT code.
func ComuneDaIstat(codice string) (Comune, bool) {
	i, ok := indiceIstat[codice]
	if !ok {
		return Comune{}, false
	}
	return copiaComune(comuniDati[i]), true
}

// ComuneDaCatastale finds an embedded comune by its Belfiore code, e.g. the
// one read from positions 12-15 of a codice fiscale.
func ComuneDaCatastale(codice string) (Comune, bool) {
	i, ok := indiceCatastale[codice]
	if !ok {
		return Comune{}, false
	}
	return copiaComune(comuniDati[i]), true
}

// ValidaCap checks the syntax of a CAP: exactly five digits, as text (00118
// is a CAP; 118 is not), and not 00000.
func ValidaCap(s string) error {
	if len(s) != 5 || !soloCifre(s) {
		return nuovoErrore("CAP", s, "deve essere composto da 5 cifre")
	}
	if s == "00000" {
		return nuovoErrore("CAP", s, "00000 non è un CAP")
	}
	return nil
}

// ValidaProvincia checks a sigla against the closed list of 107 province.
func ValidaProvincia(s string) error {
	if len(s) != 2 {
		return nuovoErrore("provincia", s, "deve essere la sigla di 2 lettere maiuscole")
	}
	if _, ok := indiceProvince[s]; !ok {
		return nuovoErrore("provincia", s, "sigla inesistente")
	}
	return nil
}

// ValidaCodiceIstat checks the syntax of a comune's ISTAT code: six digits.
// It does not require the comune to be among the embedded ones.
func ValidaCodiceIstat(s string) error {
	if len(s) != 6 || !soloCifre(s) {
		return nuovoErrore("codice ISTAT", s, "deve essere composto da 6 cifre")
	}
	return nil
}
