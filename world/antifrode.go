package world

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/cdr"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// Profili di blocco predefiniti della RO, uguali per tutti gli OLO.
var profiliPredefiniti = []af.ProfiloBlocco{
	{Codice: "BASE_418_07", Nome: "Blocco base delibera 418/07", Tipo: "PREDEFINITO", ProfiloBase: nil,
		Descrizione: "Blocco obbligatorio nazionale: numerazioni a sovrapprezzo 894/895/899, numerazioni interne di rete 4x, SMS premium, destinazioni internazionali ad alto costo e reti satellitari.",
		Prefissi: []af.PrefissoBloccato{
			{Prefisso: "894", Classe: af.ClassePrefissoNNG89X, Descrizione: "Servizi a sovrapprezzo 894"},
			{Prefisso: "895", Classe: af.ClassePrefissoNNG89X, Descrizione: "Servizi a sovrapprezzo 895"},
			{Prefisso: "899", Classe: af.ClassePrefissoNNG89X, Descrizione: "Servizi a sovrapprezzo 899"},
			{Prefisso: "40", Classe: af.ClassePrefissoRETEINTERNA4X, Descrizione: "Numerazioni interne di rete 40"},
			{Prefisso: "41", Classe: af.ClassePrefissoRETEINTERNA4X, Descrizione: "Numerazioni interne di rete 41"},
			{Prefisso: "42", Classe: af.ClassePrefissoRETEINTERNA4X, Descrizione: "Numerazioni interne di rete 42"},
			{Prefisso: "4346", Classe: af.ClassePrefissoSMSPREMIUM, Descrizione: "SMS premium 4346"},
			{Prefisso: "4748", Classe: af.ClassePrefissoSMSPREMIUM, Descrizione: "SMS premium 4748"},
			{Prefisso: "49", Classe: af.ClassePrefissoSMSPREMIUM, Descrizione: "SMS premium 49"},
			{Prefisso: "0053", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Cuba"},
			{Prefisso: "00252", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Somalia"},
			{Prefisso: "00675", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Papua Nuova Guinea"},
			{Prefisso: "00239", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Sao Tome' e Principe"},
			{Prefisso: "00882", Classe: af.ClassePrefissoSATELLITARE, Descrizione: "Reti internazionali (satellitari)"},
			{Prefisso: "00881", Classe: af.ClassePrefissoSATELLITARE, Descrizione: "Sistemi mobili satellitari globali"},
			{Prefisso: "00870", Classe: af.ClassePrefissoSATELLITARE, Descrizione: "Inmarsat"},
		}},
	{Codice: "INTERNAZIONALE", Nome: "Blocco internazionale", Tipo: "PREDEFINITO", ProfiloBase: ptr(af.ProfiloBaseBASE41807),
		Descrizione: "BASE_418_07 piu' tutte le chiamate internazionali.",
		Prefissi:    []af.PrefissoBloccato{{Prefisso: "00", Classe: af.ClassePrefissoINTERNAZIONALE, Descrizione: "Tutte le destinazioni internazionali"}}},
	{Codice: "TOTALE", Nome: "Blocco totale", Tipo: "PREDEFINITO", ProfiloBase: ptr(af.ProfiloBaseBASE41807),
		Descrizione: "Tutte le chiamate uscenti tranne i numeri di emergenza (112, 113, 115, 118).",
		Prefissi:    []af.PrefissoBloccato{{Prefisso: "0", Classe: af.ClassePrefissoALTRO, Descrizione: "Tutte le numerazioni geografiche e internazionali"}, {Prefisso: "3", Classe: af.ClassePrefissoMOBILE, Descrizione: "Tutte le numerazioni mobili"}, {Prefisso: "8", Classe: af.ClassePrefissoALTRO, Descrizione: "Numerazioni non geografiche"}}},
}

func profiliDi(t *tenant) []af.ProfiloBlocco {
	out := slices.Clone(profiliPredefiniti)
	out = append(out, af.ProfiloBlocco{Codice: "PB-IRSF_ESTESO", Nome: "IRSF esteso " + t.op.OpID, Tipo: "PERSONALIZZATO", ProfiloBase: ptr(af.ProfiloBaseBASE41807),
		Descrizione: "Profilo personalizzato dell'OLO: BASE_418_07 piu' altre destinazioni a rischio IRSF.",
		Prefissi: []af.PrefissoBloccato{
			{Prefisso: "00269", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Comore"},
			{Prefisso: "00960", Classe: af.ClassePrefissoINTERNAZIONALEALTOCOSTO, Descrizione: "Maldive"},
			{Prefisso: "00371", Classe: af.ClassePrefissoINTERNAZIONALE, Descrizione: "Lettonia (numerazioni premium)"},
		}})
	return out
}

// ElencaProfiliBlocco lists predefined and custom blocking profiles.
func (w *World) ElencaProfiliBlocco(opID string, p af.ElencaProfiliBloccoParams) (af.ListaProfiliBlocco, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.ListaProfiliBlocco{}, err
	}
	var out []af.ProfiloBlocco
	for _, pb := range profiliDi(t) {
		if p.Tipo != nil && pb.Tipo != *p.Tipo {
			continue
		}
		out = append(out, pb)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return af.ListaProfiliBlocco{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// finestraDefault is the window of a metric when a threshold does not say: the contract's
// "finestra naturale" (1 for CHIAMATE_MINUTO, 5 for CHIAMATE_CONTEMPORANEE, 60 for
// CHIAMATE_INTERNAZIONALI_ORA, 1440 for the daily metrics).
func finestraDefault(m af.MetricaSoglia) int {
	switch m {
	case af.MetricaSogliaCHIAMATEMINUTO:
		return 1
	case af.MetricaSogliaCHIAMATECONTEMPORANEE:
		return 5
	case af.MetricaSogliaCHIAMATEINTERNAZIONALIORA:
		return 60
	default:
		return 1440
	}
}

func (w *World) validaSoglia(t *tenant, r af.SogliaRichiesta) error {
	if r.Warning >= r.Critico {
		return &Errore{Status: 422, Codice: "REGOLA_VIOLATA", Messaggio: fmt.Sprintf("warning (%g) deve essere minore di critico (%g)", r.Warning, r.Critico), Campi: []ErroreCampo{{Campo: "body.warning", Messaggio: "deve essere minore di critico"}}}
	}
	switch r.Ambito {
	case af.AmbitoSogliaOLO:
		if r.Riferimento != nil {
			return regola("body.riferimento", "l'ambito OLO non ha riferimento")
		}
	case af.AmbitoSogliaAZIENDA:
		if r.Riferimento == nil || !strings.HasPrefix(*r.Riferimento, "AZ-") {
			return regola("body.riferimento", "l'ambito AZIENDA vuole l'id di un'azienda (AZ-...)")
		}
		if _, ok := t.aziende[*r.Riferimento]; !ok {
			return regola("body.riferimento", "l'azienda %s non e' di questo OLO", *r.Riferimento)
		}
	case af.AmbitoSogliaDN:
		if r.Riferimento == nil || strings.HasPrefix(*r.Riferimento, "AZ-") {
			return regola("body.riferimento", "l'ambito DN vuole un numero")
		}
		if !t.possiedeDN(*r.Riferimento) {
			return regola("body.riferimento", "il numero %s non e' di questo OLO", *r.Riferimento)
		}
	}
	return nil
}

// possiedeDN says whether a number is a live line (main or additional number) or a VoIP
// DID of the tenant.
func (t *tenant) possiedeDN(dn string) bool {
	if l := t.lineaDi(dn); l != nil && l.Stato != "CESSATA" {
		return true
	}
	_, n := t.numerazioneDi(dn)
	return n != nil
}

// ElencaSoglie lists thresholds.
func (w *World) ElencaSoglie(opID string, p af.ElencaSoglieParams) (af.ListaSoglie, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.ListaSoglie{}, err
	}
	var out []af.Soglia
	for _, id := range t.soglieID {
		s := t.soglie[id]
		if p.Ambito != nil && s.Ambito != *p.Ambito || p.Metrica != nil && s.Metrica != *p.Metrica || p.Riferimento != nil && deref(s.Riferimento) != *p.Riferimento {
			continue
		}
		out = append(out, *s)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return af.ListaSoglie{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// CreaSoglia adds a threshold; warning must be below critico (422); the same ambito,
// riferimento and metrica twice is 409.
func (w *World) CreaSoglia(opID string, key *string, r af.SogliaRichiesta) (af.Soglia, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Soglia{}, err
	}
	h := hashIf(key, r)
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaSoglia", h, now); err != nil || ok {
		if err != nil {
			return af.Soglia{}, err
		}
		return e.resp.(af.Soglia), nil
	}
	if err := w.validaSoglia(t, r); err != nil {
		return af.Soglia{}, err
	}
	for _, id := range t.soglieID {
		s := t.soglie[id]
		if s.Ambito == r.Ambito && s.Metrica == r.Metrica && deref(s.Riferimento) == deref(r.Riferimento) {
			return af.Soglia{}, conflitto("", "esiste gia' la soglia %s per %s %s %s", id, r.Ambito, deref(r.Riferimento), r.Metrica)
		}
	}
	s := w.nuovaSoglia(t, r)
	t.remember(key, "creaSoglia", h, s.Id, *s, now)
	return *s, nil
}

func (w *World) nuovaSoglia(t *tenant, r af.SogliaRichiesta) *af.Soglia {
	now := w.now()
	f := finestraDefault(r.Metrica)
	if r.FinestraMinuti != nil {
		f = *r.FinestraMinuti
	}
	s := &af.Soglia{Id: w.ids.next("SG"), Ambito: r.Ambito, Attiva: r.Attiva == nil || *r.Attiva, Azione: r.Azione, CreataIl: now, AggiornataIl: now,
		Critico: r.Critico, Warning: r.Warning, FinestraMinuti: f, Metrica: r.Metrica, Riferimento: r.Riferimento}
	t.soglie[s.Id] = s
	t.soglieID = append(t.soglieID, s.Id)
	return s
}

func (w *World) trovaSoglia(t *tenant, id string) (*af.Soglia, error) {
	s, ok := t.soglie[id]
	if !ok {
		return nil, nonTrovato("Soglia", id)
	}
	return s, nil
}

// LeggiSoglia returns a threshold.
func (w *World) LeggiSoglia(opID, id string) (af.Soglia, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Soglia{}, err
	}
	s, err := w.trovaSoglia(t, id)
	if err != nil {
		return af.Soglia{}, err
	}
	return *s, nil
}

// AggiornaSoglia replaces a threshold (PUT).
func (w *World) AggiornaSoglia(opID, id string, r af.SogliaRichiesta) (af.Soglia, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Soglia{}, err
	}
	s, err := w.trovaSoglia(t, id)
	if err != nil {
		return af.Soglia{}, err
	}
	if err := w.validaSoglia(t, r); err != nil {
		return af.Soglia{}, err
	}
	for _, oid := range t.soglieID {
		o := t.soglie[oid]
		if oid != id && o.Ambito == r.Ambito && o.Metrica == r.Metrica && deref(o.Riferimento) == deref(r.Riferimento) {
			return af.Soglia{}, conflitto("", "esiste gia' la soglia %s per %s %s %s", oid, r.Ambito, deref(r.Riferimento), r.Metrica)
		}
	}
	f := finestraDefault(r.Metrica)
	if r.FinestraMinuti != nil {
		f = *r.FinestraMinuti
	}
	s.Ambito, s.Attiva, s.Azione, s.Critico, s.Warning, s.FinestraMinuti, s.Metrica, s.Riferimento = r.Ambito, r.Attiva == nil || *r.Attiva, r.Azione, r.Critico, r.Warning, f, r.Metrica, r.Riferimento
	s.AggiornataIl = w.now()
	return *s, nil
}

// EliminaSoglia deletes a threshold.
func (w *World) EliminaSoglia(opID, id string) error {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return err
	}
	if _, err := w.trovaSoglia(t, id); err != nil {
		return err
	}
	delete(t.soglie, id)
	t.soglieID = slices.DeleteFunc(t.soglieID, func(s string) bool { return s == id })
	return nil
}

// ElencaBlocchi lists active blocks.
func (w *World) ElencaBlocchi(opID string, p af.ElencaBlocchiParams) (af.ListaBlocchi, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.ListaBlocchi{}, err
	}
	var out []af.Blocco
	for _, id := range t.blocchiID {
		b := t.blocchi[id]
		if p.Oggetto != nil && b.Oggetto != *p.Oggetto || p.Riferimento != nil && b.Riferimento != *p.Riferimento || p.Profilo != nil && b.Profilo != *p.Profilo || p.Origine != nil && b.Origine != *p.Origine {
			continue
		}
		out = append(out, *b)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return af.ListaBlocchi{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// CreaBlocco blocks a number, a company or a user with a profile.
func (w *World) CreaBlocco(opID, autore string, key *string, r af.BloccoRichiesta) (af.Blocco, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Blocco{}, err
	}
	h := hashIf(key, r)
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaBlocco", h, now); err != nil || ok {
		if err != nil {
			return af.Blocco{}, err
		}
		return e.resp.(af.Blocco), nil
	}
	switch r.Oggetto {
	case af.OggettoBloccoDN:
		if !t.possiedeDN(r.Riferimento) {
			return af.Blocco{}, regola("body.riferimento", "il numero %s non e' di questo OLO", r.Riferimento)
		}
	case af.OggettoBloccoAZIENDA:
		if _, ok := t.aziende[r.Riferimento]; !ok {
			return af.Blocco{}, regola("body.riferimento", "l'azienda %s non e' di questo OLO", r.Riferimento)
		}
	case af.OggettoBloccoUTENTE:
		if _, ok := t.utenti[r.Riferimento]; !ok {
			return af.Blocco{}, regola("body.riferimento", "l'utente %s non e' di questo OLO", r.Riferimento)
		}
	}
	if !slices.ContainsFunc(profiliDi(t), func(p af.ProfiloBlocco) bool { return p.Codice == r.Profilo }) {
		return af.Blocco{}, regola("body.profilo", "profilo %s sconosciuto (GET /profili-blocco)", r.Profilo)
	}
	if r.AllarmeId != nil {
		if _, ok := t.allarmi[*r.AllarmeId]; !ok {
			return af.Blocco{}, regola("body.allarmeId", "l'allarme %s non e' di questo OLO", *r.AllarmeId)
		}
	}
	for _, id := range t.blocchiID {
		b := t.blocchi[id]
		if b.Oggetto == r.Oggetto && b.Riferimento == r.Riferimento && b.Profilo == r.Profilo {
			return af.Blocco{}, conflitto("", "%s %s e' gia' bloccato con il profilo %s (%s)", r.Oggetto, r.Riferimento, r.Profilo, id)
		}
	}
	b := w.nuovoBlocco(t, r, af.OrigineBloccoMANUALE, autore, now)
	t.remember(key, "creaBlocco", h, b.Id, *b, now)
	return *b, nil
}

func (w *World) nuovoBlocco(t *tenant, r af.BloccoRichiesta, origine af.OrigineBlocco, autore string, at time.Time) *af.Blocco {
	b := &af.Blocco{Id: w.ids.next("BL"), AllarmeId: r.AllarmeId, CreatoDa: autore, CreatoIl: at, Motivo: r.Motivo, Oggetto: r.Oggetto, Origine: origine, Profilo: r.Profilo, Riferimento: r.Riferimento}
	t.blocchi[b.Id] = b
	t.blocchiID = append(t.blocchiID, b.Id)
	t.inVigore = append(t.inVigore, &periodoBlocco{id: b.Id, oggetto: b.Oggetto, riferimento: b.Riferimento, prefissi: prefissiProfilo(t, b.Profilo), dal: at})
	return b
}

// periodoBlocco is the time a block is in force: from its creation to its deletion.
type periodoBlocco struct {
	id          string
	oggetto     af.OggettoBlocco
	riferimento string
	prefissi    []string
	dal, al     time.Time // al zero: still in force
}

// prefissiProfilo is what a blocking profile bars: its prefixes and those of its base.
func prefissiProfilo(t *tenant, codice string) []string {
	profili := profiliDi(t)
	var out []string
	for seen := map[string]bool{}; codice != "" && !seen[codice]; {
		seen[codice] = true
		i := slices.IndexFunc(profili, func(p af.ProfiloBlocco) bool { return p.Codice == codice })
		if i < 0 {
			break
		}
		for _, p := range profili[i].Prefissi {
			out = append(out, p.Prefisso)
		}
		codice = ""
		if b := profili[i].ProfiloBase; b != nil {
			codice = string(*b)
		}
	}
	return out
}

// blocchiOggetto is every block ever in force, by the object it bars: looked up once per
// line of a traffic day.
type blocchiOggetto map[oggettoBloccato][]cdr.Blocco

type oggettoBloccato struct {
	oggetto     af.OggettoBlocco
	riferimento string
}

func (t *tenant) blocchiPerOggetto() blocchiOggetto {
	m := blocchiOggetto{}
	for _, p := range t.inVigore {
		k := oggettoBloccato{p.oggetto, p.riferimento}
		m[k] = append(m[k], cdr.Blocco{Dal: p.dal, Al: p.al, Prefissi: p.prefissi})
	}
	return m
}

// linea is what the network bars on a line: the blocks of its number, and for a VoIP
// number those of its user and of its company.
func (m blocchiOggetto) linea(dn, utenteID, aziendaID string) []cdr.Blocco {
	if len(m) == 0 {
		return nil
	}
	out := m[oggettoBloccato{af.OggettoBloccoDN, dn}]
	if utenteID != "" {
		out = append(slices.Clip(out), m[oggettoBloccato{af.OggettoBloccoUTENTE, utenteID}]...)
	}
	if aziendaID != "" {
		out = append(slices.Clip(out), m[oggettoBloccato{af.OggettoBloccoAZIENDA, aziendaID}]...)
	}
	return out
}

// EliminaBlocco removes a block.
func (w *World) EliminaBlocco(opID, id string) error {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return err
	}
	if _, ok := t.blocchi[id]; !ok {
		return nonTrovato("Blocco", id)
	}
	delete(t.blocchi, id)
	t.blocchiID = slices.DeleteFunc(t.blocchiID, func(s string) bool { return s == id })
	for _, p := range t.inVigore {
		if p.id == id && p.al.IsZero() {
			p.al = w.now()
		}
	}
	return nil
}

// ElencaAllarmi lists alerts, newest first unless asked otherwise.
func (w *World) ElencaAllarmi(opID string, p af.ElencaAllarmiParams) (af.ListaAllarmi, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.ListaAllarmi{}, err
	}
	if p.Dal != nil && p.Al != nil && p.Al.Before(*p.Dal) {
		return af.ListaAllarmi{}, validazione("query.al", "al precede dal")
	}
	var out []af.Allarme
	for _, id := range t.allarmiID {
		a := t.allarmi[id]
		if p.Stato != nil && len(*p.Stato) > 0 && !slices.Contains(*p.Stato, a.Stato) ||
			p.Tipo != nil && len(*p.Tipo) > 0 && !slices.Contains(*p.Tipo, a.Tipo) ||
			p.Severita != nil && len(*p.Severita) > 0 && !slices.Contains(*p.Severita, a.Severita) ||
			p.Dn != nil && deref(a.Dn) != *p.Dn || p.AziendaId != nil && deref(a.AziendaId) != *p.AziendaId ||
			!inRange(a.RilevatoIl, p.Dal, p.Al) {
			continue
		}
		out = append(out, *a)
	}
	ord := "-rilevatoIl"
	if p.Ordinamento != nil {
		ord = string(*p.Ordinamento)
	}
	desc := strings.HasPrefix(ord, "-")
	key := strings.TrimPrefix(ord, "-")
	rank := map[af.Severita]int{"INFO": 0, "WARNING": 1, "CRITICO": 2}
	slices.SortStableFunc(out, func(a, b af.Allarme) int {
		var c int
		switch key {
		case "severita":
			c = cmp.Compare(rank[a.Severita], rank[b.Severita])
		case "costoStimatoEur":
			c = cmp.Compare(a.CostoStimatoEur, b.CostoStimatoEur)
		default:
			c = a.RilevatoIl.Compare(b.RilevatoIl)
		}
		if c == 0 {
			c = cmp.Compare(a.Id, b.Id)
		}
		if desc {
			return -c
		}
		return c
	})
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return af.ListaAllarmi{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// LeggiAllarme returns an alert.
func (w *World) LeggiAllarme(opID, id string) (af.Allarme, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Allarme{}, err
	}
	a, ok := t.allarmi[id]
	if !ok {
		return af.Allarme{}, nonTrovato("Allarme", id)
	}
	return *a, nil
}

var transizioniAllarme = map[af.StatoAllarme][]af.StatoAllarme{
	"APERTO":           {"PRESA_IN_CARICO", "FALSO_POSITIVO", "FRODE_CONFERMATA"},
	"PRESA_IN_CARICO":  {"FALSO_POSITIVO", "FRODE_CONFERMATA"},
	"FALSO_POSITIVO":   {"CHIUSO"},
	"FRODE_CONFERMATA": {"CHIUSO"},
}

// AggiornaAllarme moves an alert along its workflow; an illegal transition is 409.
func (w *World) AggiornaAllarme(opID, autore, id string, r af.AggiornamentoAllarme) (af.Allarme, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return af.Allarme{}, err
	}
	a, ok := t.allarmi[id]
	if !ok {
		return af.Allarme{}, nonTrovato("Allarme", id)
	}
	if !slices.Contains(transizioniAllarme[a.Stato], r.Stato) {
		return af.Allarme{}, conflitto("", "transizione da %s a %s non ammessa (ammesse: %v)", a.Stato, r.Stato, transizioniAllarme[a.Stato])
	}
	now := w.now()
	da := a.Stato
	a.Stato = r.Stato
	a.AggiornatoIl = now
	a.Storico = append(a.Storico, af.CambioStatoAllarme{A: r.Stato, Da: &da, Il: now, Nota: r.Nota, Autore: autore})
	return *a, nil
}

// soglieAttive splits the tenant's active thresholds by scope, in creation order.
func (t *tenant) soglieAttive() (olo []*af.Soglia, perDN, perAzienda map[string][]*af.Soglia) {
	perDN, perAzienda = map[string][]*af.Soglia{}, map[string][]*af.Soglia{}
	for _, id := range t.soglieID {
		s := t.soglie[id]
		if !s.Attiva {
			continue
		}
		switch s.Ambito {
		case af.AmbitoSogliaOLO:
			olo = append(olo, s)
		case af.AmbitoSogliaDN:
			perDN[deref(s.Riferimento)] = append(perDN[deref(s.Riferimento)], s)
		case af.AmbitoSogliaAZIENDA:
			perAzienda[deref(s.Riferimento)] = append(perAzienda[deref(s.Riferimento)], s)
		}
	}
	return olo, perDN, perAzienda
}

func soglieCdr(ss []*af.Soglia) []cdr.Soglia {
	out := make([]cdr.Soglia, len(ss))
	for i, s := range ss {
		out[i] = cdr.Soglia{Metrica: string(s.Metrica), Warning: s.Warning, Critico: s.Critico, FinestraMinuti: s.FinestraMinuti}
	}
	return out
}

// sogliaViolata finds which of the thresholds that applied to a line an anomaly broke:
// same metric and the level reached; ss lists the most specific scope first, so a DN
// threshold wins over the company's and the OLO's at the same level.
func sogliaViolata(an cdr.Anomalia, ss []*af.Soglia) *af.Soglia {
	var stessaMetrica *af.Soglia
	for _, s := range ss {
		if string(s.Metrica) != an.Metrica {
			continue
		}
		livello := s.Warning
		if an.Severita == cdr.SeveritaCritico {
			livello = s.Critico
		}
		if livello == an.Soglia {
			return s
		}
		if stessaMetrica == nil {
			stessaMetrica = s
		}
	}
	return stessaMetrica
}

// anomaliaSoglia is an anomaly with the threshold it broke (nil: none of the OLO's).
type anomaliaSoglia struct {
	an cdr.Anomalia
	s  *af.Soglia
}

// rilevaGiorno runs the anti-fraud engine on a day's calls. Only the tenant's active
// thresholds are measured (a deleted or suspended one no longer is): every line against
// the OLO-wide ones plus those of its company (ambito AZIENDA) and of its own number
// (ambito DN). The day's records are generated once: lines with thresholds of their own
// are set aside on the way and measured apart.
func (w *World) rilevaGiorno(t *tenant, g giornoCdr) []anomaliaSoglia {
	olo, perDN, perAzienda := t.soglieAttive()
	speciali := map[string][]*af.Soglia{}
	for _, l := range g.linee {
		extra := slices.Concat(perDN[l.DN], perAzienda[l.AziendaID])
		if len(extra) > 0 {
			speciali[l.DN] = append(extra, olo...)
		}
	}
	if len(olo) == 0 && len(speciali) == 0 {
		return nil
	}
	apparte := map[string][]cdr.Record{}
	comuni := func(yield func(cdr.Record) bool) {
		for r := range w.recordsGiorno(g) {
			if _, ok := speciali[r.NumeroLinea()]; ok {
				apparte[r.NumeroLinea()] = append(apparte[r.NumeroLinea()], r)
				continue
			}
			if !yield(r) {
				return
			}
		}
	}
	var out []anomaliaSoglia
	if len(olo) > 0 {
		for _, an := range cdr.Rileva(comuni, soglieCdr(olo)) {
			out = append(out, anomaliaSoglia{an, sogliaViolata(an, olo)})
		}
	} else {
		for range comuni { // only the lines with thresholds of their own are measured
		}
	}
	dns := slices.Sorted(maps.Keys(speciali))
	for _, dn := range dns {
		ss := speciali[dn]
		for _, an := range cdr.Rileva(slices.Values(apparte[dn]), soglieCdr(ss)) {
			out = append(out, anomaliaSoglia{an, sogliaViolata(an, ss)})
		}
	}
	slices.SortStableFunc(out, func(a, b anomaliaSoglia) int {
		return cmp.Or(cmp.Compare(a.an.DN, b.an.DN), a.an.Primo.Compare(b.an.Primo), cmp.Compare(a.an.Tipo, b.an.Tipo), cmp.Compare(a.an.Metrica, b.an.Metrica))
	})
	return out
}

var rangoSeverita = map[af.Severita]int{"INFO": 0, "WARNING": 1, "CRITICO": 2}

// allarmeDa turns a detected anomaly into an alert (and its automatic block, if the
// threshold says so). While an alert of the same threshold on the same number is APERTO or
// PRESA_IN_CARICO, a new breach updates it instead of opening another one: the alert then
// shows the worst breach seen (a milder one only refreshes aggiornatoIl).
func (w *World) allarmeDa(t *tenant, an cdr.Anomalia, s *af.Soglia) {
	rilevato := an.Ultimo.Add(5 * time.Minute).Truncate(time.Second).In(an.Ultimo.Location())
	azione := af.AzioneSogliaNOTIFICA
	var sogliaID *string
	finestra := finestraDefault(af.MetricaSoglia(an.Metrica))
	if s != nil {
		azione, sogliaID, finestra = s.Azione, ptr(s.Id), s.FinestraMinuti
	}
	ids := an.CdrIDs
	if ids == nil {
		ids = []string{}
	}
	misura := af.Allarme{
		Tipo: af.TipoAllarme(an.Tipo), Severita: af.Severita(an.Severita), Metrica: af.MetricaAllarme(an.Metrica), Valore: round4(an.Valore), Soglia: round4(an.Soglia),
		FinestraMinuti: finestra, NChiamate: an.NChiamate, Minuti: math.Round(an.Minuti*100) / 100, CostoStimatoEur: float64(an.CostoEur) / 10000, CdrIds: ids,
	}
	if an.DestinazionePrefisso != "" {
		p := strings.Replace(an.DestinazionePrefisso, "+", "00", 1)
		misura.DestinazionePrefisso = &p
	}
	if a := t.allarmeAperto(an, sogliaID); a != nil {
		if rangoSeverita[misura.Severita] >= rangoSeverita[a.Severita] {
			a.Severita, a.Valore, a.Soglia, a.FinestraMinuti = misura.Severita, misura.Valore, misura.Soglia, misura.FinestraMinuti
			a.NChiamate, a.Minuti, a.CostoStimatoEur, a.CdrIds, a.DestinazionePrefisso = misura.NChiamate, misura.Minuti, misura.CostoStimatoEur, misura.CdrIds, misura.DestinazionePrefisso
		}
		if rilevato.After(a.AggiornatoIl) {
			a.AggiornatoIl = rilevato
		}
		w.bloccoAutomatico(t, a, rilevato)
		return
	}
	a := &misura
	a.Id, a.OpId, a.RilevatoIl, a.AggiornatoIl, a.Stato, a.AzioneAutomatica, a.SogliaId, a.Dn = w.ids.next("AL"), t.op.OpID, rilevato, rilevato, "APERTO", azione, sogliaID, ptr(an.DN)
	if an.AziendaID != "" {
		a.AziendaId = ptr(an.AziendaID)
		a.Servizio = ptr(af.Servizio("VOIP"))
		for _, uid := range t.utentiID {
			if u := t.utenti[uid]; u.Numero != nil && *u.Numero == an.DN {
				a.UtenteId = ptr(uid)
			}
		}
	} else {
		a.Servizio = ptr(af.Servizio("WLR"))
	}
	a.Storico = []af.CambioStatoAllarme{{A: "APERTO", Il: rilevato, Autore: "SISTEMA", Nota: fmt.Sprintf("%s %s: %s = %g oltre la soglia %g", an.Severita, an.Tipo, an.Metrica, a.Valore, a.Soglia)}}
	t.allarmi[a.Id] = a
	t.allarmiID = append(t.allarmiID, a.Id)
	w.bloccoAutomatico(t, a, rilevato)
}

// allarmeAperto finds the alert still being handled (APERTO or PRESA_IN_CARICO) for the
// same threshold on the same number; without a threshold, the same metric and type.
func (t *tenant) allarmeAperto(an cdr.Anomalia, sogliaID *string) *af.Allarme {
	for i := len(t.allarmiID) - 1; i >= 0; i-- {
		a := t.allarmi[t.allarmiID[i]]
		if (a.Stato != "APERTO" && a.Stato != "PRESA_IN_CARICO") || deref(a.Dn) != an.DN {
			continue
		}
		if sogliaID != nil && deref(a.SogliaId) == *sogliaID {
			return a
		}
		if sogliaID == nil && a.SogliaId == nil && string(a.Metrica) == an.Metrica && string(a.Tipo) == an.Tipo {
			return a
		}
	}
	return nil
}

// bloccoAutomatico carries out the threshold's action on a CRITICO alert: a block of the
// alert's number with profile INTERNAZIONALE or TOTALE. An identical block already active
// is reused (the contract never has the same profile twice on the same object).
func (w *World) bloccoAutomatico(t *tenant, a *af.Allarme, at time.Time) {
	if a.Severita != "CRITICO" || a.AzioneAutomatica == af.AzioneSogliaNOTIFICA || a.BloccoId != nil || a.Dn == nil {
		return
	}
	prof := "INTERNAZIONALE"
	if a.AzioneAutomatica == af.AzioneSogliaBLOCCOTOTALE {
		prof = "TOTALE"
	}
	for _, id := range t.blocchiID {
		if b := t.blocchi[id]; b.Oggetto == af.OggettoBloccoDN && b.Riferimento == *a.Dn && b.Profilo == prof {
			a.BloccoId = ptr(id)
			return
		}
	}
	b := w.nuovoBlocco(t, af.BloccoRichiesta{AllarmeId: ptr(a.Id), Motivo: "Blocco automatico per l'allarme " + a.Id, Oggetto: af.OggettoBloccoDN, Profilo: prof, Riferimento: *a.Dn}, af.OrigineBloccoAUTOMATICO, "SISTEMA", at)
	a.BloccoId = ptr(b.Id)
}

// LeggiTraffico sums a number's calls per destination class over whole days, from the same
// records that are in the CDR files.
func (w *World) LeggiTraffico(opID string, p af.LeggiTrafficoParams) (af.RiepilogoTraffico, error) {
	w.mu.Lock()
	w.applyDue(w.now())
	t, err := w.tenantOf(opID)
	if err != nil {
		w.mu.Unlock()
		return af.RiepilogoTraffico{}, err
	}
	today := date(w.now())
	al := today
	if p.Al != nil {
		al = *p.Al
	}
	dal := openapi_types.Date{Time: al.AddDate(0, 0, -30)}
	if p.Dal != nil {
		dal = *p.Dal
	}
	if al.Before(dal.Time) {
		w.mu.Unlock()
		return af.RiepilogoTraffico{}, validazione("query.al", "al precede dal")
	}
	if al.Sub(dal.Time) > 366*24*time.Hour {
		// 400, not 422: the contract of GET /traffico lists no 422 ("Periodo massimo 366
		// giorni, dal non successivo ad al, altrimenti 400").
		w.mu.Unlock()
		return af.RiepilogoTraffico{}, validazione("query.dal", "il periodo massimo e' di 366 giorni")
	}
	if !t.possiedeDN(p.Dn) && !t.haAvutoDN(p.Dn) {
		w.mu.Unlock()
		return af.RiepilogoTraffico{}, nonTrovato("Numero", p.Dn)
	}
	servizio := af.Servizio("WLR")
	var azienda *string
	if uid, n := t.numerazioneDi(p.Dn); n != nil {
		servizio = "VOIP"
		azienda = ptr(t.uffici[uid].AziendaId)
	}
	giorni := slices.Clone(t.giorniCdr)
	w.mu.Unlock()

	tot := map[string]cdr.Totale{}
	var ultima *time.Time
	for _, g := range giorni {
		gd := date(g.giorno)
		if gd.Before(dal.Time) || gd.After(al.Time) {
			continue
		}
		recs := w.recordsGiorno(g)
		for k, v := range cdr.Riepiloga(recs, p.Dn) {
			x := tot[k]
			x.NChiamate += v.NChiamate
			x.Secondi += v.Secondi
			x.SecondiTariffati += v.SecondiTariffati
			x.Importo += v.Importo
			tot[k] = x
		}
		for r := range recs {
			if r.NumeroLinea() == p.Dn && (ultima == nil || r.Inizio.After(*ultima)) {
				ts := r.Inizio
				ultima = &ts
			}
		}
	}
	out := af.RiepilogoTraffico{Dn: p.Dn, Dal: dal, Al: al, Servizio: servizio, AziendaId: azienda, UltimaChiamataIl: ultima}
	classi := []af.TipoDestinazione{"URBANA", "NAZIONALE", "MOBILE", "NNG_800", "NNG_84X", "NNG_89X", "INTERNAZIONALE", "SATELLITARE", "EMERGENZA"}
	var imp int64
	for _, c := range classi {
		v := tot[string(c)]
		out.PerTipoDestinazione = append(out.PerTipoDestinazione, af.TrafficoPerDestinazione{TipoDestinazione: c, NChiamate: v.NChiamate, Secondi: int(v.Secondi), SecondiTariffati: int(v.SecondiTariffati), ImportoEur: float64(v.Importo) / 10000})
		out.Totale.NChiamate += v.NChiamate
		out.Totale.Secondi += int(v.Secondi)
		out.Totale.SecondiTariffati += int(v.SecondiTariffati)
		imp += v.Importo
	}
	out.Totale.ImportoEur = float64(imp) / 10000
	return out, nil
}
