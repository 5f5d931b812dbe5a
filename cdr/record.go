package cdr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the billing day and the tariff bands are Italian civil time, on any host
	"unicode/utf8"
)

// Direzione: the direction of a call as seen from the OLO's line.
const (
	DirUscente  = "USCENTE"
	DirEntrante = "ENTRANTE"
)

// TipoDestinazione: the destination classes of the host network's price list.
const (
	DestUrbana         = "URBANA"
	DestNazionale      = "NAZIONALE"
	DestMobile         = "MOBILE"
	DestNNG800         = "NNG_800"
	DestNNG84X         = "NNG_84X"
	DestNNG89X         = "NNG_89X"
	DestInternazionale = "INTERNAZIONALE"
	DestSatellitare    = "SATELLITARE"
	DestEmergenza      = "EMERGENZA"
)

// FasciaOraria: the tariff band of the call's start (see [Fascia]).
const (
	FasciaPeak    = "PEAK"
	FasciaOffpeak = "OFFPEAK"
)

// Servizio: the wholesale service the line is bought on.
const (
	ServizioWLR  = "WLR"
	ServizioVOIP = "VOIP"
)

// Q.850 release causes the sandbox writes. A CDR carries the number, so any
// value 0..127 is accepted on reading.
const (
	CausaNonAllocato      = 1  // unallocated (unassigned) number
	CausaNormale          = 16 // normal call clearing
	CausaOccupato         = 17 // user busy
	CausaNessunaRisposta  = 19 // no answer from user (user alerted)
	CausaRifiutata        = 21 // call rejected
	CausaNormaleNonSpec   = 31 // normal, unspecified
	CausaNessunCircuito   = 34 // no circuit/channel available
	CausaGuastoTemporaneo = 41 // temporary failure
	causaMassima          = 127
)

// MinimoTariffatoSec is the minimum billed time of an answered call.
const MinimoTariffatoSec = 30

// decimiMillesimiPerEuro: Importo counts ten-thousandths of a euro.
const decimiMillesimiPerEuro = 10000

// roma is Europe/Rome: the CDR day, the file name date and the PEAK band are all
// Italian civil time. time/tzdata is linked in so hosts without a zoneinfo
// database give the same answers.
var roma = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic("cdr: Europe/Rome time zone unavailable: " + err.Error())
	}
	return loc
}()

// Record is one call, one row of a CDR file, fields in file order.
//
// Numbers (Chiamante, Chiamato, ChiamatoPostNP) are text: a geographic DN keeps
// its leading 0, an international one is written with its 00 prefix.
type Record struct {
	// IDCdr is <OPID>-<YYYYMMDD>-<9-digit sequence>, unique per OLO and day.
	IDCdr string
	// Inizio is the answer (or attempt) instant; written in Europe/Rome with its
	// offset, to the second.
	Inizio time.Time
	// DurataSec is the conversation time; 0 for a call that was not answered.
	DurataSec int
	// DurataTariffataSec is the billed time, see [DurataTariffata].
	DurataTariffataSec int
	Chiamante          string
	Chiamato           string
	// ChiamatoPostNP is the called number after the number portability look-up:
	// the same as Chiamato unless the number was ported, in which case it is
	// prefixed by the routing code of the network that now serves it.
	ChiamatoPostNP string
	// Direzione is DirUscente or DirEntrante.
	Direzione string
	// TipoDestinazione is one of the Dest* constants.
	TipoDestinazione string
	// DescrizioneDirettrice names the destination for people: "Roma urbana",
	// "Mobile TIM", "Cuba", "Inmarsat".
	DescrizioneDirettrice string
	// FasciaOraria is FasciaPeak or FasciaOffpeak.
	FasciaOraria string
	// CodiceTariffa is the price list entry applied, e.g. "MOB-P".
	CodiceTariffa string
	// Importo is the charge in ten-thousandths of a euro, so sums are exact;
	// the file writes it as euro with a decimal comma and 4 decimals.
	Importo int64
	// Servizio is ServizioWLR or ServizioVOIP.
	Servizio  string
	AziendaID string
	UfficioID string
	// Interno is the VoIP user's extension; always empty on WLR.
	Interno string
	// CausaRilascio is the Q.850 release cause (16 normal, 17 busy, 19 no answer...).
	CausaRilascio int
}

// NumeroLinea is the OLO's own number in the call: the caller of an outgoing
// call, the called number of an incoming one. Traffic summaries and fraud
// checks are per line.
func (r Record) NumeroLinea() string {
	if r.Direzione == DirEntrante {
		return r.Chiamato
	}
	return r.Chiamante
}

// Fascia returns the tariff band of an instant: FasciaPeak Monday to Friday
// from 08:00 (included) to 18:30 (excluded) Europe/Rome civil time, FasciaOffpeak
// otherwise. Civil time follows daylight saving, so 08:00 is 07:00 UTC in winter
// and 06:00 UTC in summer. National holidays are not special: the price list
// says Monday to Friday.
func Fascia(t time.Time) string {
	lt := t.In(roma)
	if wd := lt.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return FasciaOffpeak
	}
	h, m, _ := lt.Clock()
	if mm := h*60 + m; mm >= 8*60 && mm < 18*60+30 {
		return FasciaPeak
	}
	return FasciaOffpeak
}

// DurataTariffata is the billing rule of the host network: an answered call
// is billed at least MinimoTariffatoSec seconds, then by the second; a call
// that was not answered (durata 0) is not billed. Free destinations follow
// the same rule and simply cost 0.
func DurataTariffata(durataSec int) int {
	if durataSec <= 0 {
		return 0
	}
	return max(durataSec, MinimoTariffatoSec)
}

// FormatImporto writes an amount in ten-thousandths of a euro the way the CDR
// file does: decimal comma, exactly 4 decimals, no thousands separator
// ("12,3456", "0,0610", "-1,5000").
func FormatImporto(v int64) string {
	return string(appendImporto(nil, v))
}

func appendImporto(b []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/decimiMillesimiPerEuro, 10)
	f := u % decimiMillesimiPerEuro
	return append(b, ',', byte('0'+f/1000), byte('0'+f/100%10), byte('0'+f/10%10), byte('0'+f%10))
}

// ParseImporto reads an amount written with a decimal comma and up to 4
// decimals ("12,3456", "7", "0,5") into ten-thousandths of a euro. A decimal
// point is refused rather than guessed: "1.234" is a thousand in Italy.
func ParseImporto(s string) (int64, error) {
	orig := s
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasComma := strings.Cut(s, ",")
	switch {
	case intPart == "":
		return 0, fmt.Errorf("amount %q: missing integer part", orig)
	case strings.ContainsRune(s, '.'):
		return 0, fmt.Errorf("amount %q: the decimal separator is a comma", orig)
	case hasComma && (frac == "" || len(frac) > 4):
		return 0, fmt.Errorf("amount %q: 1 to 4 decimals after the comma", orig)
	}
	var v uint64
	for _, c := range []byte(intPart) {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("amount %q: not a number", orig)
		}
		if v > (1<<63-1)/decimiMillesimiPerEuro/10 {
			return 0, fmt.Errorf("amount %q: out of range", orig)
		}
		v = v*10 + uint64(c-'0')
	}
	v *= decimiMillesimiPerEuro
	scale := uint64(1000)
	for _, c := range []byte(frac) {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("amount %q: not a number", orig)
		}
		v += uint64(c-'0') * scale
		scale /= 10
	}
	if v > 1<<63-1 {
		return 0, fmt.Errorf("amount %q: out of range", orig)
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// Valida checks what the file format promises, so that whatever a Writer
// accepts a Reader reads back: enumerations, the IDCdr shape, non-negative
// durations, Q.850 range, Interno only on VoIP, valid UTF-8 text.
func (r Record) Valida() error {
	if err := r.valida(); err != nil {
		return fmt.Errorf("cdr: record %q: %w", r.IDCdr, err)
	}
	return nil
}

func (r *Record) valida() error {
	var errs []string
	bad := func(campo, format string, a ...any) {
		errs = append(errs, campo+": "+fmt.Sprintf(format, a...))
	}
	if err := validaIDCdr(r.IDCdr); err != nil {
		bad("idCdr", "%v", err)
	}
	if r.Inizio.IsZero() {
		bad("dataOraInizio", "missing")
	}
	if r.DurataSec < 0 {
		bad("durataSec", "negative (%d)", r.DurataSec)
	}
	if r.DurataTariffataSec < 0 {
		bad("durataTariffataSec", "negative (%d)", r.DurataTariffataSec)
	}
	if r.Chiamante == "" {
		bad("numeroChiamante", "missing")
	}
	if r.Chiamato == "" {
		bad("numeroChiamato", "missing")
	}
	if !inSet(r.Direzione, DirUscente, DirEntrante) {
		bad("direzione", "%q is not USCENTE or ENTRANTE", r.Direzione)
	}
	if !inSet(r.TipoDestinazione, DestUrbana, DestNazionale, DestMobile, DestNNG800, DestNNG84X,
		DestNNG89X, DestInternazionale, DestSatellitare, DestEmergenza) {
		bad("tipoDestinazione", "%q is not a destination class", r.TipoDestinazione)
	}
	if !inSet(r.FasciaOraria, FasciaPeak, FasciaOffpeak) {
		bad("fasciaOraria", "%q is not PEAK or OFFPEAK", r.FasciaOraria)
	}
	if !inSet(r.Servizio, ServizioWLR, ServizioVOIP) {
		bad("servizio", "%q is not WLR or VOIP", r.Servizio)
	}
	if r.Servizio == ServizioWLR && r.Interno != "" {
		bad("interno", "set on a WLR call (VoIP only)")
	}
	if r.CausaRilascio < 0 || r.CausaRilascio > causaMassima {
		bad("causaRilascio", "%d is not a Q.850 cause (0..127)", r.CausaRilascio)
	}
	for _, f := range []struct{ nome, v string }{
		{"numeroChiamante", r.Chiamante}, {"numeroChiamato", r.Chiamato},
		{"numeroChiamatoPostNP", r.ChiamatoPostNP}, {"descrizioneDirettrice", r.DescrizioneDirettrice},
		{"codiceTariffa", r.CodiceTariffa}, {"aziendaId", r.AziendaID},
		{"ufficioId", r.UfficioID}, {"interno", r.Interno},
	} {
		if !utf8.ValidString(f.v) {
			bad(f.nome, "not valid UTF-8")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(errs, "; "))
}

// validaIDCdr checks <OPID>-<YYYYMMDD>-<9 digits>.
func validaIDCdr(id string) error {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return fmt.Errorf("%q is not <OPID>-<YYYYMMDD>-<9-digit sequence>", id)
	}
	seq := id[i+1:]
	j := strings.LastIndexByte(id[:i], '-')
	if j <= 0 || len(seq) != 9 || !soloCifre(seq) {
		return fmt.Errorf("%q is not <OPID>-<YYYYMMDD>-<9-digit sequence>", id)
	}
	if _, err := time.Parse("20060102", id[j+1:i]); err != nil {
		return fmt.Errorf("%q: bad date %q", id, id[j+1:i])
	}
	return nil
}

func soloCifre(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func inSet(v string, set ...string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}
