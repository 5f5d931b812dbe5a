package cdr

import (
	"iter"
	"strings"
)

// Totale is the traffic of one destination class: attempts (unanswered
// included), conversation and billed seconds, charge in ten-thousandths of a
// euro.
type Totale struct {
	NChiamate        int
	Secondi          int64
	SecondiTariffati int64
	Importo          int64
}

// Riepiloga sums a line's calls per TipoDestinazione: GET /traffico computes
// its answer with it from the same records that are in the CDR files, so the
// two always agree. dn is compared with each record's NumeroLinea (a "+39" or
// "0039" prefix on dn is ignored); an empty dn sums every record.
func Riepiloga(recs iter.Seq[Record], dn string) map[string]Totale {
	dn = NormalizzaDN(dn)
	out := map[string]Totale{}
	for r := range recs {
		if dn != "" && r.NumeroLinea() != dn {
			continue
		}
		t := out[r.TipoDestinazione]
		t.NChiamate++
		t.Secondi += int64(r.DurataSec)
		t.SecondiTariffati += int64(r.DurataTariffataSec)
		t.Importo += r.Importo
		out[r.TipoDestinazione] = t
	}
	return out
}

// NormalizzaDN turns an Italian number in E.164 form (+390612345678,
// 00390612345678) into the national form the CDR files use (0612345678).
// Other numbers are returned unchanged.
func NormalizzaDN(dn string) string {
	for _, p := range []string{"+39", "0039"} {
		if rest, ok := strings.CutPrefix(dn, p); ok && rest != "" {
			return rest
		}
	}
	return dn
}
