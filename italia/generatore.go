package italia

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Generatore draws Italian people, companies, addresses and numbers from one
// deterministic stream: the same seed gives the same sequence on every run
// and every Go release, because it uses the PCG source directly and derives
// integers and floats itself (the methods of rand.Rand carry no such
// promise). It never reads global random state. A Generatore is not safe for
// concurrent use; give each goroutine its own, for example with Derivato.
type Generatore struct {
	seme uint64
	src  *rand.PCG
}

// flussoPCG is the PCG stream selector; fixed so that the seed alone decides
// the sequence.
const flussoPCG = 0x9e3779b97f4a7c15

// NuovoGeneratore returns a generator for the given seed.
func NuovoGeneratore(seed uint64) *Generatore {
	return &Generatore{seme: seed, src: rand.NewPCG(seed, flussoPCG)}
}

// Derivato returns an independent generator identified by a label, without
// consuming anything from g: the world builder can give each OLO or each
// section its own stream ("olo/OLO001/voip"), so adding an entity to one
// section never shifts the data of another.
func (g *Generatore) Derivato(etichetta string) *Generatore {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(g.seme >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(etichetta))
	return NuovoGeneratore(h.Sum64())
}

// Uint64 returns the next 64 random bits of the stream.
func (g *Generatore) Uint64() uint64 { return g.src.Uint64() }

// Intn returns a uniform integer in [0, n). It panics when n <= 0, like
// math/rand: asking for a choice among nothing is a programming error.
func (g *Generatore) Intn(n int) int {
	if n <= 0 {
		panic(fmt.Sprintf("italia: Intn(%d): n deve essere positivo", n))
	}
	return int(g.uint64n(uint64(n)))
}

// uint64n is Lemire's nearly divisionless unbiased bounded draw.
func (g *Generatore) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(g.Uint64(), n)
	if lo < n {
		soglia := -n % n
		for lo < soglia {
			hi, lo = bits.Mul64(g.Uint64(), n)
		}
	}
	return hi
}

// IntTra returns a uniform integer in [da, a], both included.
func (g *Generatore) IntTra(da, a int) int {
	if a < da {
		panic(fmt.Sprintf("italia: IntTra(%d, %d): intervallo vuoto", da, a))
	}
	return da + g.Intn(a-da+1)
}

// Float64 returns a uniform float in [0, 1) with 53 random bits.
func (g *Generatore) Float64() float64 {
	return float64(g.Uint64()>>11) / (1 << 53)
}

// Vero returns true with probability p: the way to write "in 2% of cases".
func (g *Generatore) Vero(p float64) bool { return g.Float64() < p }

// DataTra returns a uniform instant in [da, a), truncated to the second.
// With a <= da it returns da.
func (g *Generatore) DataTra(da, a time.Time) time.Time {
	sec := int64(a.Sub(da) / time.Second)
	if sec <= 0 {
		return da
	}
	return da.Add(time.Duration(g.uint64n(uint64(sec))) * time.Second)
}

// Scegli returns a uniform element of s, drawn from g's stream. It panics on
// an empty slice. (A function, not a method: Go methods cannot be generic.)
func Scegli[T any](g *Generatore, s []T) T {
	if len(s) == 0 {
		panic("italia: Scegli su un elenco vuoto")
	}
	return s[g.Intn(len(s))]
}

// Mescola shuffles s in place (Fisher-Yates) using g's stream.
func Mescola[T any](g *Generatore, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := g.Intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}

// pesiComuni holds cumulative weights for Comune: the square root of the
// population, so Roma and Milano come up often but small towns (and their
// 4-digit prefixes) still appear.
var pesiComuni = func() []int {
	cum := make([]int, len(comuniDati))
	tot := 0
	for i, c := range comuniDati {
		w := int(math.Sqrt(float64(c.Popolazione)))
		if w < 1 {
			w = 1
		}
		tot += w
		cum[i] = tot
	}
	return cum
}()

// Comune draws an embedded comune, weighted by the square root of its
// population.
func (g *Generatore) Comune() Comune {
	x := g.Intn(pesiComuni[len(pesiComuni)-1])
	i := sort.SearchInts(pesiComuni, x+1)
	return copiaComune(comuniDati[i])
}

// Indirizzo is a street address in the shape the API uses for sedi and for
// the emergency location of a VoIP office.
type Indirizzo struct {
	Via         string // toponym with its kind: "Via Giuseppe Garibaldi"
	Civico      string // "12", "12/A", "5 bis"
	Cap         string
	Comune      string
	CodiceIstat string
	Provincia   string
}

// String formats the address as written on an Italian envelope line:
// "Via Roma 12, 00118 Roma (RM)".
func (i Indirizzo) String() string {
	return fmt.Sprintf("%s %s, %s %s (%s)", i.Via, i.Civico, i.Cap, i.Comune, i.Provincia)
}

// Indirizzo draws an address in a random comune (see Comune).
func (g *Generatore) Indirizzo() Indirizzo {
	return g.IndirizzoIn(g.Comune())
}

// IndirizzoIn draws an address in the given comune: one of its well-known
// streets when it has any, otherwise a street name found all over Italy,
// with a civic number and one of the comune's CAP.
func (g *Generatore) IndirizzoIn(c Comune) Indirizzo {
	via := ""
	if len(c.Vie) > 0 && g.Vero(0.6) {
		via = Scegli(g, c.Vie)
	} else {
		via = Scegli(g, vieDiffuse)
	}
	civico := fmt.Sprint(1 + g.Intn(180))
	if g.Vero(0.08) {
		civico += Scegli(g, []string{"/A", "/B", "/C", " bis"})
	}
	capScelto := c.Cap
	if len(c.CapValidi) > 0 {
		capScelto = Scegli(g, c.CapValidi)
	}
	return Indirizzo{Via: via, Civico: civico, Cap: capScelto, Comune: c.Nome, CodiceIstat: c.CodiceIstat, Provincia: c.Provincia}
}

// Persona is a natural person with a codice fiscale consistent with name,
// sex, date and comune of birth.
type Persona struct {
	Nome          string
	Cognome       string
	Sesso         Sesso
	DataNascita   time.Time // midnight in Rome
	ComuneNascita Comune
	CodiceFiscale string
	Email         string
	Cellulare     string
}

// Birth dates are drawn from a fixed window, not from the clock, so the
// same seed gives the same people whenever it runs.
var (
	nascitaMin = time.Date(1940, time.January, 1, 0, 0, 0, 0, time.UTC)
	nascitaMax = time.Date(2007, time.December, 31, 0, 0, 0, 0, time.UTC)
)

// ProbabilitaOmocodia is how often Persona returns an omocode: rare, as in
// real life, but frequent enough that every client meets one.
const ProbabilitaOmocodia = 0.02

// Persona draws a person born between 1940 and 2007 in an embedded comune.
// About 2% of codici fiscali carry omocodia letters at random positions
// (not only from the right), with the check letter recomputed.
func (g *Generatore) Persona() Persona {
	p := Persona{Sesso: Maschio}
	if g.Vero(0.5) {
		p.Sesso = Femmina
	}
	if p.Sesso == Maschio {
		p.Nome = Scegli(g, nomiMaschili)
	} else {
		p.Nome = Scegli(g, nomiFemminili)
	}
	p.Cognome = Scegli(g, cognomi)
	giorni := int(nascitaMax.Sub(nascitaMin).Hours()/24) + 1
	d := nascitaMin.AddDate(0, 0, g.Intn(giorni))
	p.DataNascita = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, roma)
	p.ComuneNascita = g.Comune()
	cf, err := CalcolaCodiceFiscale(p.Cognome, p.Nome, p.Sesso, p.DataNascita, p.ComuneNascita.CodiceCatastale)
	if err != nil {
		panic("italia: codice fiscale non calcolabile su dati interni: " + err.Error())
	}
	if g.Vero(ProbabilitaOmocodia) {
		indici := []int{0, 1, 2, 3, 4, 5, 6}
		Mescola(g, indici)
		cf, err = SostituisciOmocodia(cf, indici[:1+g.Intn(len(indici))]...)
		if err != nil {
			panic("italia: omocodia su codice fiscale interno: " + err.Error())
		}
	}
	p.CodiceFiscale = cf
	locale := slug(p.Nome) + "." + slug(p.Cognome)
	switch g.Intn(3) {
	case 0:
		locale += fmt.Sprintf("%02d", p.DataNascita.Year()%100)
	case 1:
		locale += fmt.Sprint(1 + g.Intn(999))
	}
	p.Email = locale + "@" + Scegli(g, dominiEmail)
	p.Cellulare = g.DNMobile()
	return p
}

// slug folds a name to lower-case ASCII letters and digits only, for e-mail
// local parts: "D'Angelo" -> "dangelo", "Nicolò" -> "nicolo".
func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
			continue
		}
		if c := foldLettera(r); c != 0 {
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// Azienda is a company customer: the fields the VoIP Gestione Aziende and
// the WLR non-residential orders need.
type Azienda struct {
	RagioneSociale string // includes the legal form: "Rossi Impianti S.r.l."
	FormaGiuridica string // "S.r.l.", "S.r.l.s.", "S.p.A.", "S.n.c.", "S.a.s."
	PartitaIva     string
	CodiceFiscale  string // equal to PartitaIva, as for every company
	Pec            string
	CodiceSdi      string // 7-character recipient code for e-invoices
	SedeLegale     Indirizzo
}

// Azienda draws a company seated in a random comune. Its partita IVA is
// valid and carries an office code really used in the seat's provincia.
func (g *Generatore) Azienda() Azienda {
	sede := g.Comune()
	a := Azienda{SedeLegale: g.IndirizzoIn(sede)}
	r := g.Float64()
	switch {
	case r < 0.50:
		a.FormaGiuridica = "S.r.l."
	case r < 0.58:
		a.FormaGiuridica = "S.r.l.s."
	case r < 0.68:
		a.FormaGiuridica = "S.p.A."
	case r < 0.84:
		a.FormaGiuridica = "S.n.c."
	default:
		a.FormaGiuridica = "S.a.s."
	}
	den := g.denominazione(a.FormaGiuridica)
	a.RagioneSociale = den + " " + a.FormaGiuridica
	a.PartitaIva = g.partitaIvaIn(sede.Provincia)
	a.CodiceFiscale = a.PartitaIva
	locale := slug(den)
	if len(locale) > 30 {
		locale = locale[:30]
	}
	a.Pec = locale + "@pec.example.com"
	a.CodiceSdi = g.stringa(alfabetoSdi, 7)
	return a
}

const alfabetoSdi = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func (g *Generatore) stringa(alfabeto string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alfabeto[g.Intn(len(alfabeto))]
	}
	return string(b)
}

// denominazione draws the name part of a ragione sociale in a shape that
// suits the legal form: partnerships carry partners' names.
func (g *Generatore) denominazione(forma string) string {
	cognome := Scegli(g, cognomi)
	switch forma {
	case "S.n.c.":
		switch g.Intn(3) {
		case 0:
			return "F.lli " + cognome
		case 1:
			return cognome + " & " + Scegli(g, cognomi)
		default:
			return Scegli(g, settoriAzienda) + " " + cognome + " di " + cognome + " " + g.nomeQualsiasi() + " & C."
		}
	case "S.a.s.":
		if g.Vero(0.5) {
			return cognome + " " + g.nomeQualsiasi() + " & C."
		}
		return Scegli(g, settoriAzienda) + " di " + cognome + " " + g.nomeQualsiasi() + " & C."
	}
	coniato := Scegli(g, radiciAzienda) + Scegli(g, codeAzienda)
	switch g.Intn(3) {
	case 0:
		return cognome + " " + Scegli(g, settoriAzienda)
	case 1:
		return coniato
	default:
		return coniato + " " + Scegli(g, settoriAzienda)
	}
}

func (g *Generatore) nomeQualsiasi() string {
	if g.Vero(0.5) {
		return Scegli(g, nomiMaschili)
	}
	return Scegli(g, nomiFemminili)
}

// partitaIvaIn builds a valid partita IVA with a matricola like those issued
// so far (below 2,000,000) and an office code of the provincia.
func (g *Generatore) partitaIvaIn(sigla string) string {
	uffici := []string{"015"}
	if p, ok := indiceProvince[sigla]; ok && len(p.UfficiIva) > 0 {
		uffici = p.UfficiIva
	}
	primi := fmt.Sprintf("%07d%s", 1+g.Intn(1_999_999), Scegli(g, uffici))
	return primi + string(cifraControlloLuhn(primi))
}

// PartitaIva draws a valid partita IVA for a company seated in a random
// comune.
func (g *Generatore) PartitaIva() string {
	return g.partitaIvaIn(g.Comune().Provincia)
}

// DNGeografico draws a landline number in the district of the given prefix
// ("06", "0331"): the subscriber part starts with 2-9 and the whole number is
// usually 10 digits, sometimes 9, as in the real plan. It panics on a
// prefix that is not in Distretti: the caller passes data, not user input.
func (g *Generatore) DNGeografico(prefisso string) string {
	if _, ok := indiceDistretti[prefisso]; !ok {
		panic(fmt.Sprintf("italia: DNGeografico(%q): prefisso non presente tra i distretti", prefisso))
	}
	totale := 10
	if g.Vero(0.2) {
		totale = 9
	}
	n := totale - len(prefisso)
	return prefisso + string(byte('2'+g.Intn(8))) + g.stringa("0123456789", n-1)
}

// DNMobile draws a 10-digit mobile number on a prefix Italian operators use.
func (g *Generatore) DNMobile() string {
	return Scegli(g, prefissiMobili) + g.stringa("0123456789", 7)
}

// DNNomadico draws a nomadic VoIP number: 55 followed by 8 digits.
func (g *Generatore) DNNomadico() string {
	return "55" + g.stringa("0123456789", 8)
}

// CodiceMigrazione builds a syntactically valid codice migrazione for the
// donating operator's COW, the DN (as COR) and a service code; the check
// letter is drawn from the stream, since the real algorithm is not public.
// Inputs come from the world builder, so invalid ones panic.
func (g *Generatore) CodiceMigrazione(cow, dn string, cos string) string {
	alnum := func(s string) bool {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') {
				return false
			}
		}
		return true
	}
	if len(cow) != 3 || !alnum(cow) {
		panic(fmt.Sprintf("italia: CodiceMigrazione: COW %q deve essere di 3 caratteri A-Z0-9", cow))
	}
	if len(dn) < 1 || len(dn) > 12 || !alnum(dn) {
		panic(fmt.Sprintf("italia: CodiceMigrazione: COR %q deve essere di 1-12 caratteri A-Z0-9", dn))
	}
	if !cosValido(cos) {
		panic(fmt.Sprintf("italia: CodiceMigrazione: COS %q non ammesso", cos))
	}
	return cow + dn + cos + string(byte('A'+g.Intn(26)))
}

// Character classes for ParolaChiave, without the look-alikes 0/O/o, 1/l/I
// and the characters that need quoting in CSV, shells or SIP configs.
const (
	pcMinuscole = "abcdefghijkmnpqrstuvwxyz"
	pcMaiuscole = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	pcCifre     = "23456789"
	pcSimboli   = "!#$%&*+-=?@_"
)

// ParolaChiaveMinima is the shortest password ParolaChiave returns.
const ParolaChiaveMinima = 8

// ParolaChiave draws a password of n printable characters (at least
// ParolaChiaveMinima) with at least one lower-case letter, one upper-case
// letter, one digit and one symbol, and no characters that are easy to
// misread when an operator copies a SIP password from the screen.
func (g *Generatore) ParolaChiave(n int) string {
	if n < ParolaChiaveMinima {
		n = ParolaChiaveMinima
	}
	tutti := pcMinuscole + pcMaiuscole + pcCifre + pcSimboli
	b := []byte{
		pcMinuscole[g.Intn(len(pcMinuscole))],
		pcMaiuscole[g.Intn(len(pcMaiuscole))],
		pcCifre[g.Intn(len(pcCifre))],
		pcSimboli[g.Intn(len(pcSimboli))],
	}
	for len(b) < n {
		b = append(b, tutti[g.Intn(len(tutti))])
	}
	Mescola(g, b)
	return string(b)
}
