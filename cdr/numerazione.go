package cdr

import (
	"slices"
	"strings"
)

// This file holds the sandbox's numbering and price list: real Italian
// prefixes and country codes, sandbox prices. The manual prints the price
// list from the same table (see Listino).

// classe is a price list entry (the CodiceTariffa without the band suffix).
type classe uint8

const (
	clURB classe = iota
	clNAZ
	clMOB
	clVERDE
	clNNG84
	clNNG89
	clINT1
	clINT2
	clINT3
	clINT4
	clSAT
	clEMERG
	numClassi
)

// Voce is one entry of the price list. Prices are in ten-thousandths of a
// euro; a call costs Scatto plus the per-minute price of its band applied to
// the billed seconds, rounded up to the ten-thousandth of a euro.
type Voce struct {
	Codice           string // CodiceTariffa without "-P" / "-O"
	Descrizione      string
	Scatto           int64 // connection fee, charged on answer
	PeakMinuto       int64
	OffpeakMinuto    int64
	TipoDestinazione string // the class of the calls billed with it
	codPeak, codOff  string
}

var listino = [numClassi]Voce{
	clURB:   {Codice: "URB", Descrizione: "Urbana", Scatto: 610, PeakMinuto: 200, OffpeakMinuto: 100, TipoDestinazione: DestUrbana},
	clNAZ:   {Codice: "NAZ", Descrizione: "Nazionale (interurbana)", Scatto: 610, PeakMinuto: 350, OffpeakMinuto: 180, TipoDestinazione: DestNazionale},
	clMOB:   {Codice: "MOB", Descrizione: "Mobile", Scatto: 610, PeakMinuto: 1500, OffpeakMinuto: 1000, TipoDestinazione: DestMobile},
	clVERDE: {Codice: "VERDE", Descrizione: "Numero verde 800/803", TipoDestinazione: DestNNG800},
	clNNG84: {Codice: "NNG84", Descrizione: "Numero a costo ripartito 840/848", Scatto: 800, PeakMinuto: 800, OffpeakMinuto: 400, TipoDestinazione: DestNNG84X},
	clNNG89: {Codice: "NNG89", Descrizione: "Servizi a sovrapprezzo 892/894/895/899", Scatto: 1500, PeakMinuto: 15000, OffpeakMinuto: 15000, TipoDestinazione: DestNNG89X},
	clINT1:  {Codice: "INT1", Descrizione: "Internazionale zona 1 (UE, Svizzera, Regno Unito, Nord America)", Scatto: 610, PeakMinuto: 800, OffpeakMinuto: 600, TipoDestinazione: DestInternazionale},
	clINT2:  {Codice: "INT2", Descrizione: "Internazionale zona 2", Scatto: 610, PeakMinuto: 2500, OffpeakMinuto: 2000, TipoDestinazione: DestInternazionale},
	clINT3:  {Codice: "INT3", Descrizione: "Internazionale zona 3", Scatto: 610, PeakMinuto: 6000, OffpeakMinuto: 5000, TipoDestinazione: DestInternazionale},
	clINT4:  {Codice: "INT4", Descrizione: "Internazionale zona 4 (alto costo)", Scatto: 1000, PeakMinuto: 19000, OffpeakMinuto: 19000, TipoDestinazione: DestInternazionale},
	clSAT:   {Codice: "SAT", Descrizione: "Reti satellitari (Inmarsat, Iridium, Thuraya)", Scatto: 2000, PeakMinuto: 60000, OffpeakMinuto: 60000, TipoDestinazione: DestSatellitare},
	clEMERG: {Codice: "EMERG", Descrizione: "Numeri di emergenza", TipoDestinazione: DestEmergenza},
}

func init() {
	for i := range operatoriMobili {
		operatoriMobili[i].descrMobile = "Mobile " + operatoriMobili[i].nome
	}
	for i := range listino {
		listino[i].codPeak = listino[i].Codice + "-P"
		listino[i].codOff = listino[i].Codice + "-O"
	}
}

// Listino returns the price list the generator bills with. CodiceTariffa is
// Codice plus "-P" (PEAK) or "-O" (OFFPEAK).
func Listino() []Voce { return slices.Clone(listino[:]) }

func (c classe) codice(fascia string) string {
	if fascia == FasciaPeak {
		return listino[c].codPeak
	}
	return listino[c].codOff
}

// importo is Scatto + ceil(tariffata * price per minute / 60); 0 when the call
// was not billed.
func (c classe) importo(tariffataSec int, fascia string) int64 {
	if tariffataSec <= 0 {
		return 0
	}
	v := &listino[c]
	p := v.OffpeakMinuto
	if fascia == FasciaPeak {
		p = v.PeakMinuto
	}
	return v.Scatto + (int64(tariffataSec)*p+59)/60
}

// distretto is an Italian telephone district (prefisso), with a weight for
// how often it is the destination of a national call.
type distretto struct {
	prefisso, nome string
	peso           int
}

var distretti = []distretto{
	{"02", "Milano", 100}, {"06", "Roma", 100}, {"011", "Torino", 45}, {"081", "Napoli", 60},
	{"055", "Firenze", 30}, {"010", "Genova", 28}, {"051", "Bologna", 30}, {"091", "Palermo", 40},
	{"041", "Venezia", 20}, {"045", "Verona", 20}, {"070", "Cagliari", 18}, {"080", "Bari", 30},
	{"095", "Catania", 28}, {"049", "Padova", 20}, {"035", "Bergamo", 18}, {"030", "Brescia", 25},
	{"040", "Trieste", 10}, {"071", "Ancona", 10}, {"075", "Perugia", 10}, {"0471", "Bolzano", 8},
	{"0461", "Trento", 8}, {"089", "Salerno", 18}, {"099", "Taranto", 10}, {"050", "Pisa", 8},
	{"0521", "Parma", 9}, {"0862", "L'Aquila", 5}, {"0961", "Catanzaro", 6}, {"0971", "Potenza", 5},
	{"0874", "Campobasso", 4}, {"0165", "Aosta", 3}, {"0432", "Udine", 8}, {"0881", "Foggia", 7},
	{"0984", "Cosenza", 7}, {"079", "Sassari", 6},
}

// distrettoDi finds the district of a geographic number by longest prefix.
func distrettoDi(dn string) (distretto, bool) {
	best, found := distretto{}, false
	for _, d := range distretti {
		if strings.HasPrefix(dn, d.prefisso) && len(d.prefisso) > len(best.prefisso) {
			best, found = d, true
		}
	}
	return best, found
}

// operatore is a network with its routing code for ported numbers. The
// routing codes are the sandbox's ("C" + 3 digits), not real allocations.
type operatore struct {
	nome        string
	rn          string
	prefissi    []string // mobile ranges originally assigned (empty for fixed-only)
	peso        int
	descrMobile string // "Mobile TIM"
}

var operatoriMobili = []operatore{
	{"TIM", "C401", []string{"330", "331", "333", "334", "335", "336", "337", "338", "339", "360", "366", "368"}, 30, ""},
	{"Vodafone", "C402", []string{"340", "342", "345", "346", "347", "348", "349", "383"}, 28, ""},
	{"WindTre", "C403", []string{"320", "324", "327", "328", "329", "380", "388", "389", "391", "392", "393"}, 27, ""},
	{"Iliad", "C404", []string{"351", "352"}, 12, ""},
	{"PosteMobile", "C405", []string{"377"}, 3, ""},
}

var operatoriFissi = []operatore{
	{"TIM", "C101", nil, 50, ""}, {"Fastweb", "C102", nil, 18, ""}, {"Vodafone", "C103", nil, 14, ""},
	{"WindTre", "C104", nil, 13, ""}, {"Tiscali", "C105", nil, 5, ""},
}

// paese is an international destination. pesoNormale weighs it in ordinary
// traffic (0: never called by ordinary lines); altoRischio marks the
// destinations of IRSF (International Revenue Share Fraud) and of the
// mandatory barring profile.
type paese struct {
	cc          string // country code, or a longer range for satellite networks
	nome        string
	classe      classe
	cifre       int // subscriber digits after cc
	pesoNormale int
	altoRischio bool
}

var paesi = []paese{
	{"40", "Romania", clINT1, 9, 140, false}, {"49", "Germania", clINT1, 10, 100, false},
	{"33", "Francia", clINT1, 9, 80, false}, {"34", "Spagna", clINT1, 9, 60, false},
	{"44", "Regno Unito", clINT1, 10, 60, false}, {"41", "Svizzera", clINT1, 9, 60, false},
	{"1", "Stati Uniti/Canada", clINT1, 10, 50, false}, {"355", "Albania", clINT2, 9, 60, false},
	{"212", "Marocco", clINT2, 9, 60, false}, {"380", "Ucraina", clINT2, 9, 40, false},
	{"373", "Moldavia", clINT2, 8, 30, false}, {"86", "Cina", clINT2, 11, 40, false},
	{"91", "India", clINT2, 10, 30, false}, {"55", "Brasile", clINT2, 11, 20, false},
	{"54", "Argentina", clINT2, 10, 20, false}, {"20", "Egitto", clINT2, 10, 20, false},
	{"216", "Tunisia", clINT2, 8, 20, false}, {"63", "Filippine", clINT3, 10, 30, false},
	{"880", "Bangladesh", clINT3, 10, 20, false}, {"51", "Peru'", clINT3, 9, 20, false},
	{"221", "Senegal", clINT3, 9, 20, false}, {"234", "Nigeria", clINT3, 10, 20, false},
	{"94", "Sri Lanka", clINT3, 9, 20, false}, {"222", "Mauritania", clINT3, 8, 0, false},
	{"225", "Costa d'Avorio", clINT3, 10, 0, false}, {"371", "Lettonia", clINT1, 8, 0, false},
	// High-risk destinations: short-stopped premium ranges are common there.
	{"53", "Cuba", clINT4, 8, 0, true}, {"252", "Somalia", clINT4, 8, 0, true},
	{"675", "Papua Nuova Guinea", clINT4, 8, 0, true}, {"688", "Tuvalu", clINT4, 6, 0, true},
	{"224", "Guinea", clINT4, 9, 0, true}, {"232", "Sierra Leone", clINT4, 8, 0, true},
	{"247", "Isola di Ascensione", clINT4, 5, 0, true}, {"290", "Sant'Elena", clINT4, 5, 0, true},
	{"690", "Tokelau", clINT4, 5, 0, true},
	{"870", "Inmarsat", clSAT, 9, 0, true}, {"8816", "Iridium", clSAT, 8, 0, true},
	{"88216", "Thuraya", clSAT, 8, 0, true},
}

// prefissiAltoRischio are the digit prefixes (after 00) that make an
// international call high-risk: the high-risk countries and every
// satellite/international network code.
var prefissiAltoRischio = func() []string {
	p := []string{"881", "882", "883"}
	for _, x := range paesi {
		if x.altoRischio && x.classe != clSAT {
			p = append(p, x.cc)
		}
	}
	p = append(p, "870")
	slices.Sort(p)
	return p
}()

// PrefissiAltoRischio returns the international prefixes (as "+53") that the
// detector treats as IRSF destinations and the sandbox never calls in
// ordinary traffic; the BASE_418_07 barring profile lists them too.
func PrefissiAltoRischio() []string {
	out := make([]string, len(prefissiAltoRischio))
	for i, p := range prefissiAltoRischio {
		out[i] = "+" + p
	}
	return out
}

// cifreInternazionali strips the international prefix (00 or +) of a number;
// ok is false for a national number.
func cifreInternazionali(num string) (string, bool) {
	switch {
	case strings.HasPrefix(num, "00"):
		return num[2:], true
	case strings.HasPrefix(num, "+"):
		return num[1:], true
	}
	return num, false
}

func altoRischio(num string) bool {
	d, ok := cifreInternazionali(num)
	if !ok {
		return false
	}
	for _, p := range prefissiAltoRischio {
		if strings.HasPrefix(d, p) {
			return true
		}
	}
	return false
}

// codiciDueCifre are the ITU-T E.164 country codes of two digits; with the
// one-digit zones 1 and 7 and three digits for everything else, they split
// any international number (country codes are prefix-free).
var codiciDueCifre = []string{
	"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
	"47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
	"64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
}

// prefissoPaese is the country code of an international number as "+53";
// "" for a national one.
func prefissoPaese(num string) string {
	d, ok := cifreInternazionali(num)
	if !ok || d == "" {
		return ""
	}
	switch {
	case d[0] == '1' || d[0] == '7':
		return "+" + d[:1]
	case len(d) >= 2 && slices.Contains(codiciDueCifre, d[:2]):
		return "+" + d[:2]
	case len(d) >= 3:
		return "+" + d[:3]
	}
	return "+" + d
}

// nng is a non-geographic number range.
type nng struct {
	prefisso, descrizione string
	classe                classe
	cifre                 int // digits after the prefix
	peso                  int // weight within its class in ordinary traffic
}

var nngVerdi = []nng{{"800", "Numero verde 800", clVERDE, 6, 85}, {"803", "Numero verde 803", clVERDE, 3, 15}}
var nng84 = []nng{{"848", "Numero a costo ripartito 848", clNNG84, 6, 70}, {"840", "Numero a costo ripartito 840", clNNG84, 6, 30}}
var nng89 = []nng{
	{"892", "Servizi informazione 892", clNNG89, 3, 50}, {"899", "Servizi a sovrapprezzo 899", clNNG89, 6, 30},
	{"895", "Servizi a sovrapprezzo 895", clNNG89, 6, 20},
}

var emergenze = []struct {
	numero, descrizione string
	peso                int
}{
	{"112", "Numero unico di emergenza 112", 70}, {"113", "Polizia di Stato 113", 10},
	{"115", "Vigili del Fuoco 115", 10}, {"118", "Emergenza sanitaria 118", 10},
}
