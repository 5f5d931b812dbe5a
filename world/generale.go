package world

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// LeggiOperatore is the caller's own profile.
func (w *World) LeggiOperatore(opID string, sftpHost string, sftpPort int) (wpti.Operatore, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.Operatore{}, err
	}
	op := t.op
	servizi := make([]wpti.ServizioAbilitato, len(op.Servizi))
	for i, s := range op.Servizi {
		servizi[i] = wpti.ServizioAbilitato(s)
	}
	g := w.gen("contatti", op.OpID)
	var contatti []wpti.Contatto
	dominio := strings.ToLower(strings.Fields(op.RagioneSociale)[0]) + ".example"
	for _, ruolo := range []wpti.RuoloContatto{wpti.RuoloContattoTECNICO, wpti.RuoloContattoAMMINISTRATIVO, wpti.RuoloContattoANTIFRODE} {
		p := g.Persona()
		tel := g.DNGeografico("02")
		contatti = append(contatti, wpti.Contatto{
			Nome: p.Nome + " " + p.Cognome, Ruolo: ruolo, Telefono: &tel,
			Email: emailOf(strings.ToLower(string(ruolo)) + "@" + dominio),
		})
	}
	return wpti.Operatore{
		OpId: op.OpID, RagioneSociale: op.RagioneSociale, PartitaIva: op.PartitaIva, CodiceCow: op.Cow, ServiziAbilitati: servizi,
		Contatti: contatti, IpAutorizzatiApi: append([]string{}, op.API.IPAmmessi...),
		AccountSftp: wpti.AccountSftp{Host: sftpHost, Porta: sftpPort, Username: op.SFTP.Username, IpAutorizzati: append([]string{}, op.SFTP.IPAmmessi...)},
	}, nil
}

// ElencaComunicazioni lists the RO's notices, newest first, with this OLO's read flag.
func (w *World) ElencaComunicazioni(opID string, p wpti.ElencaComunicazioniParams) (wpti.ListaComunicazioni, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaComunicazioni{}, err
	}
	var out []wpti.Comunicazione
	for _, c := range t.comunicazioni {
		if p.Letta != nil && c.Letta != *p.Letta {
			continue
		}
		if p.Categoria != nil && len(*p.Categoria) > 0 && !slices.Contains(*p.Categoria, c.Categoria) {
			continue
		}
		if !inGiorni(c.PubblicataIl, p.Dal, p.Al) {
			continue
		}
		out = append(out, *c)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaComunicazioni{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func (t *tenant) comunicazione(id string) (*wpti.Comunicazione, error) {
	for _, c := range t.comunicazioni {
		if c.Id == id {
			return c, nil
		}
	}
	return nil, nonTrovato("Comunicazione", id)
}

// LeggiComunicazione returns one notice.
func (w *World) LeggiComunicazione(opID, id string) (wpti.Comunicazione, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.Comunicazione{}, err
	}
	c, err := t.comunicazione(id)
	if err != nil {
		return wpti.Comunicazione{}, err
	}
	return *c, nil
}

// SegnaComunicazioneLetta marks a notice read (idempotent: a second call changes nothing).
func (w *World) SegnaComunicazioneLetta(opID, id string) (wpti.Comunicazione, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.Comunicazione{}, err
	}
	c, err := t.comunicazione(id)
	if err != nil {
		return wpti.Comunicazione{}, err
	}
	if !c.Letta {
		now := w.now()
		c.Letta, c.LettaIl = true, &now
	}
	return *c, nil
}

// Tabella returns a reference table and its ETag (a hash of its content).
func (w *World) Tabella(nome wpti.NomeTabella) (wpti.TabellaRiferimento, string, error) {
	var voci []wpti.VoceTabella
	switch nome {
	case wpti.NomeTabellaCausaliKo:
		for _, c := range []wpti.CausaleKo{"KO01", "KO02", "KO03", "KO04", "KO05", "KO06", "KO07", "KO08", "KO09", "KO10"} {
			voci = append(voci, wpti.VoceTabella{Codice: string(c), Descrizione: descrizioneKo[c]})
		}
	case wpti.NomeTabellaTipiOrdine:
		for _, v := range [][2]string{
			{"ATTIVAZIONE_LINEA_ATTIVA", "Attivazione WLR su linea gia' attiva"}, {"ATTIVAZIONE_LINEA_NUOVA", "Attivazione WLR su linea nuova"},
			{"VARIAZIONE", "Variazione di servizi o categoria"}, {"CESSAZIONE", "Cessazione della linea"},
			{"MIGRAZIONE", "Migrazione da altro OLO (richiede codice migrazione)"}, {"SUBENTRO", "Subentro di un nuovo intestatario"},
			{"TRASLOCO", "Trasloco della linea a un nuovo indirizzo"},
		} {
			voci = append(voci, wpti.VoceTabella{Codice: v[0], Descrizione: v[1]})
		}
	case wpti.NomeTabellaStatiOrdine:
		for _, v := range [][2]string{
			{"INVIATO", "Ricevuto dalla rete ospitante"}, {"ACQUISITO", "Acquisito e in verifica formale"}, {"KO_FORMALE", "Rifiutato in verifica formale"},
			{"ACCETTATO", "Accettato"}, {"IN_LAVORAZIONE", "In lavorazione tecnica"}, {"SOSPESO", "Sospeso"},
			{"ESPLETATO", "Espletato"}, {"KO_TECNICO", "Rifiutato in lavorazione"}, {"ANNULLATO", "Annullato"},
		} {
			voci = append(voci, wpti.VoceTabella{Codice: v[0], Descrizione: v[1]})
		}
	case wpti.NomeTabellaServiziSupplementari:
		for _, v := range [][2]string{
			{"AVVISO_CHIAMATA", "Avviso di chiamata"}, {"BLOCCO_CHIAMATE_USCENTI", "Blocco selettivo delle chiamate uscenti"},
			{"CLIP", "Identificazione del chiamante"}, {"CLIR", "Blocco dell'identificazione del chiamante"},
			{"CONFERENZA_A_TRE", "Conferenza a tre"}, {"NUMERO_RISERVATO", "Numero riservato (non in elenco)"},
			{"SEGRETERIA_TELEFONICA", "Segreteria telefonica di rete"}, {"TRASFERIMENTO_CHIAMATA", "Trasferimento di chiamata"},
		} {
			voci = append(voci, wpti.VoceTabella{Codice: v[0], Descrizione: v[1]})
		}
	case wpti.NomeTabellaProfiliBlocco:
		voci = []wpti.VoceTabella{
			{Codice: "BASE_418_07", Descrizione: "Blocco obbligatorio (delibera 418/07): 894/895/899, numerazioni interne 4x, SMS premium, internazionali ad alto costo e satellitari"},
			{Codice: "INTERNAZIONALE", Descrizione: "BASE_418_07 piu' tutte le chiamate internazionali"},
			{Codice: "TOTALE", Descrizione: "Tutte le chiamate uscenti tranne i numeri di emergenza"},
		}
	case wpti.NomeTabellaOperatori:
		for _, o := range append([]wpti.OperatoreRiferimento{DonorRO}, operatoriRecipient...) {
			voci = append(voci, wpti.VoceTabella{Codice: o.Codice, Descrizione: o.Denominazione})
		}
		for _, op := range w.fx.Operatori {
			voci = append(voci, wpti.VoceTabella{Codice: op.Cow, Descrizione: op.RagioneSociale})
		}
	default:
		return wpti.TabellaRiferimento{}, "", nonTrovato("Tabella", string(nome))
	}
	b, _ := json.Marshal(voci)
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	agg := time.Date(2026, 1, 1, 0, 0, 0, 0, italia.Roma())
	return wpti.TabellaRiferimento{Nome: nome, Versione: "2026.01.1", AggiornataIl: agg, Voci: voci}, etag, nil
}

// VerificaFattibilita says whether WLR can be sold on a DN. The test suffixes of
// fixtures/valori-test.yaml for KO02 and KO04 answer not sellable.
func (w *World) VerificaFattibilita(opID, dn string) (wpti.VerificaFattibilita, error) {
	defer w.rlock()()
	if _, err := w.tenantOf(opID); err != nil {
		return wpti.VerificaFattibilita{}, err
	}
	if !strings.HasPrefix(dn, "0") {
		return wpti.VerificaFattibilita{}, regola("query.dn", "il WLR riguarda solo numeri geografici (0...)")
	}
	if err := italia.ValidaDN(dn); err != nil {
		return wpti.VerificaFattibilita{}, regola("query.dn", "%v", err)
	}
	v := wpti.VerificaFattibilita{Dn: dn, Vendibile: true, VerificataIl: w.now(),
		ServiziCompatibili: []wpti.ServizioSupplementare{wpti.ServizioSupplementareAVVISOCHIAMATA, wpti.ServizioSupplementareCLIP, wpti.ServizioSupplementareCLIR, wpti.ServizioSupplementareCONFERENZAATRE, wpti.ServizioSupplementareSEGRETERIATELEFONICA, wpti.ServizioSupplementareTRASFERIMENTOCHIAMATA}}
	c := centraleDi(dn)
	v.Centrale = &c
	v.TipoAccesso = ptr(wpti.TipoAccessoPOTS)
	v.TipiAccessoDisponibili = &[]wpti.TipoAccesso{wpti.TipoAccessoPOTS, wpti.TipoAccessoISDNBRA}
	r := wpti.RichiestaOrdineWlr{Dn: &dn}
	if e := w.esitoTest(&r); e != nil && (e.Causale == "KO02" || e.Causale == "KO04") {
		v.Vendibile = false
		v.CausaleKo = ptr(wpti.CausaleKo(e.Causale))
		if e.Causale == "KO04" {
			v.CentraleChiusaWlr = true
		} else {
			v.Centrale, v.TipoAccesso, v.TipiAccessoDisponibili = nil, nil, nil
		}
		v.ServiziCompatibili = []wpti.ServizioSupplementare{}
	}
	return v, nil
}

// ElencaDocumenti lists the documentation flow on SFTP (/DOC) for the caller.
func (w *World) ElencaDocumenti(opID string, p wpti.ElencaDocumentiParams) (wpti.ListaDocumenti, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaDocumenti{}, err
	}
	var out []wpti.Documento
	for _, d := range t.documenti {
		if p.Tipo != nil && len(*p.Tipo) > 0 && !slices.Contains(*p.Tipo, d.Tipo) {
			continue
		}
		if p.CodiceOrdineRo != nil && deref(d.CodiceOrdineRo) != *p.CodiceOrdineRo {
			continue
		}
		if !inGiorni(d.CreatoIl, p.Dal, p.Al) {
			continue
		}
		out = append(out, *d)
	}
	// Newest first. Creation order is not time order (the world's history replays orders
	// and ported-out requests one kind after the other), so sort on the date itself.
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b wpti.Documento) int { return b.CreatoIl.Compare(a.CreatoIl) })
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaDocumenti{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func emailOf(s string) openapi_types.Email { return openapi_types.Email(s) }
