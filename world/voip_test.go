package world_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/world"
)

// pive returns n distinct valid partite IVA that no generated company of seed 1..99 is
// likely to use (drawn from their own stream).
func pive(t testing.TB, n int) []string {
	t.Helper()
	g := italia.NuovoGeneratore(0xC0FFEE)
	var out []string
	for len(out) < n {
		p := g.PartitaIva()
		if italia.ValidaPartitaIva(p) != nil {
			t.Fatalf("il generatore da' una partita IVA non valida: %s", p)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func numero(primo string, ultimo string, pilota bool) wpti.RichiestaNumerazione {
	r := wpti.RichiestaNumerazione{Primo: primo, Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: &pilota}
	if ultimo != "" {
		r.Ultimo = &ultimo
	}
	return r
}

func utente(interno string, numero *string) wpti.RichiestaUtente {
	return wpti.RichiestaUtente{Nome: "Giulia", Cognome: "Bianchi", Email: "giulia.bianchi@example.com", Interno: interno, Numero: numero}
}

func TestAziende(t *testing.T) {
	t.Parallel()
	w := mondo(t, 20, inizio, 0, nil)
	pv := pive(t, 3)
	az, uf := nuovaAzienda(t, w, olo1, pv[0], "Zeta Servizi S.r.l.")

	// partita IVA: check digit 422, duplicate 409 (another OLO may have the same one)
	_, err := w.CreaAzienda(olo1, nil, wpti.RichiestaAzienda{RagioneSociale: "X", PartitaIva: "00743110158", MaxCanali: 2, Pec: "a@b.it", Profilo: wpti.ProfiloAziendaRETAIL, SedeLegale: indirizzoRoma()})
	errore(t, err, 422, "REGOLA_VIOLATA")
	_, err = w.CreaAzienda(olo1, nil, wpti.RichiestaAzienda{RagioneSociale: "Doppia", PartitaIva: pv[0], MaxCanali: 2, Pec: "a@b.it", Profilo: wpti.ProfiloAziendaRETAIL, SedeLegale: indirizzoRoma()})
	errore(t, err, 409, "CONFLITTO")
	_, err = w.CreaAzienda(olo2, nil, wpti.RichiestaAzienda{RagioneSociale: "Altro OLO", PartitaIva: pv[0], MaxCanali: 2, Pec: "a@b.it", Profilo: wpti.ProfiloAziendaRETAIL, SedeLegale: indirizzoRoma()})
	ok(t, err)
	// ISTAT code of another province: 422
	sbagliata := indirizzoRoma()
	sbagliata.Provincia = wpti.ProvinciaMI
	_, err = w.CreaAzienda(olo1, nil, wpti.RichiestaAzienda{RagioneSociale: "Y", PartitaIva: pv[1], MaxCanali: 2, Pec: "a@b.it", Profilo: wpti.ProfiloAziendaRETAIL, SedeLegale: sbagliata})
	errore(t, err, 422, "REGOLA_VIOLATA")

	// listed by ragione sociale
	all := aziende(t, w, olo1)
	if !slices.IsSortedFunc(all, func(a, b wpti.Azienda) int { return cmpFold(a.RagioneSociale, b.RagioneSociale) }) {
		t.Errorf("aziende non in ordine di ragione sociale")
	}

	// a company with offices cannot be deleted (409); emptied, it can, then reads 404
	errore(t, w.EliminaAzienda(olo1, az), 409, "CONFLITTO")
	a, _ := w.LeggiAzienda(olo1, az)
	if a.NumeroUffici != 1 {
		t.Errorf("numeroUffici %d", a.NumeroUffici)
	}
	ok(t, w.EliminaUfficio(olo1, uf))
	ok(t, w.EliminaAzienda(olo1, az))
	_, err = w.LeggiAzienda(olo1, az)
	errore(t, err, 404, "NON_TROVATO")
	errore(t, w.EliminaAzienda(olo1, az), 404, "NON_TROVATO")
}

func cmpFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

func TestStatiAzienda(t *testing.T) {
	t.Parallel()
	w := mondo(t, 21, inizio, 0, nil)
	pv := pive(t, 1)
	az, uf := nuovaAzienda(t, w, olo1, pv[0], "Cessanda S.p.A.")
	_, err := w.CreaNumerazione(olo1, uf, nil, numero("0655501000", "0655501009", true))
	ok(t, err)
	u, err := w.CreaUtente(olo1, uf, nil, utente("201", ptr("0655501001")))
	ok(t, err)
	if u.MaxChiamateContemporanee != 2 {
		t.Fatalf("maxChiamateContemporanee predefinito %d", u.MaxChiamateContemporanee)
	}
	// maxCanali may not drop below a user's simultaneous calls (422), and a refused PATCH
	// changes nothing
	_, err = w.AggiornaAzienda(olo1, az, wpti.ModificaAzienda{MaxCanali: ptr(1), RagioneSociale: ptr("Cambiata")})
	errore(t, err, 422, "REGOLA_VIOLATA")
	if a, _ := w.LeggiAzienda(olo1, az); a.MaxCanali != 10 || a.RagioneSociale != "Cessanda S.p.A." {
		t.Errorf("un PATCH rifiutato ha cambiato l'azienda: %+v", a)
	}
	_, err = w.AggiornaAzienda(olo1, az, wpti.ModificaAzienda{MaxCanali: ptr(2)})
	ok(t, err)
	// CESSATA is final, with its offices and users still there
	a, err := w.AggiornaAzienda(olo1, az, wpti.ModificaAzienda{Stato: ptr(wpti.StatoAziendaCESSATA)})
	ok(t, err)
	if a.Stato != wpti.StatoAziendaCESSATA {
		t.Fatalf("stato %s", a.Stato)
	}
	_, err = w.AggiornaAzienda(olo1, az, wpti.ModificaAzienda{Stato: ptr(wpti.StatoAziendaATTIVA)})
	errore(t, err, 409, "CONFLITTO")
	_, err = w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "Altra sede", Prefisso: "06", Indirizzo: indirizzoRoma()})
	errore(t, err, 409, "CONFLITTO")
	_, err = w.ReimpostaPasswordUtente(olo1, u.UtenteId)
	errore(t, err, 409, "CONFLITTO")
	_, err = w.ReimpostaPasswordUtenteConChiave(olo1, u.UtenteId, ptr("chiave-reset-1"))
	errore(t, err, 409, "CONFLITTO")
}

func TestUfficiENumerazioni(t *testing.T) {
	t.Parallel()
	w := mondo(t, 22, inizio, 0, nil)
	pv := pive(t, 2)
	az, uf := nuovaAzienda(t, w, olo1, pv[0], "Numeri S.r.l.")
	az2, uf2 := nuovaAzienda(t, w, olo1, pv[1], "Altri Numeri S.r.l.")
	_ = az2

	t.Run("uffici", func(t *testing.T) {
		_, err := w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "sede di roma", Prefisso: "06", Indirizzo: indirizzoRoma()})
		errore(t, err, 409, "CONFLITTO") // name already used in the company, case aside
		_, err = w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "Sede fantasma", Prefisso: "0999", Indirizzo: indirizzoRoma()})
		errore(t, err, 422, "REGOLA_VIOLATA")
		u, err := w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "Milano", Prefisso: "02", Indirizzo: indirizzoRoma()})
		ok(t, err)
		if u.Distretto == "" || u.Distretto == "02" {
			t.Errorf("distretto %q", u.Distretto)
		}
		_, err = w.AggiornaUfficio(olo1, u.UfficioId, wpti.ModificaUfficio{Nome: ptr("Sede di Roma")})
		errore(t, err, 409, "CONFLITTO")
		if got := uffici(t, w, olo1, az); len(got) != 2 || got[0].Nome != "Milano" {
			t.Errorf("uffici non in ordine di nome: %+v", got)
		}
	})

	casi := []struct {
		nome   string
		uff    string
		r      wpti.RichiestaNumerazione
		status int
	}{
		{"intervallo di 100", uf, numero("0655502000", "0655502099", true), 0},
		{"intervallo di 101", uf, numero("0655503000", "0655503100", false), 422},
		{"fuori distretto", uf, numero("0212345678", "", false), 422},
		{"mobile come geografico", uf, numero("3331234567", "", false), 422},
		{"ultimo prima del primo", uf, numero("0655504009", "0655504000", false), 422},
		{"lunghezze diverse", uf, numero("0655504000", "06555040009", false), 422},
		{"nomadico senza 55", uf, wpti.RichiestaNumerazione{Primo: "0655505000", Tipo: wpti.TipoNumerazioneNOMADICO, Origine: wpti.OrigineNumerazioneNUOVA}, 422},
		{"nomadico", uf, wpti.RichiestaNumerazione{Primo: "5512345678", Tipo: wpti.TipoNumerazioneNOMADICO, Origine: wpti.OrigineNumerazionePORTATA}, 0},
		{"sovrapposto nello stesso ufficio", uf, numero("0655502099", "0655502100", false), 409},
		{"sovrapposto in un altro ufficio", uf2, numero("0655502050", "", false), 409},
		{"secondo pilota", uf, numero("0655506000", "", true), 409},
		{"singolo non pilota", uf, numero("0655506000", "", false), 0},
		{"pilota di un altro ufficio", uf2, numero("0655507000", "0655507009", true), 0},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			n, err := w.CreaNumerazione(olo1, c.uff, nil, c.r)
			if c.status != 0 {
				errore(t, err, c.status, "")
				return
			}
			ok(t, err)
			if n.Primo != c.r.Primo || n.UfficioId != c.uff || n.Pilota != deref(c.r.Pilota) {
				t.Errorf("numerazione %+v", n)
			}
		})
	}
	ns := numerazioni(t, w, olo1, uf)
	if !slices.IsSortedFunc(ns, func(a, b wpti.Numerazione) int { return cmpFold(a.Primo, b.Primo) }) {
		t.Errorf("numerazioni non per primo numero")
	}
	tot := 0
	for _, n := range ns {
		tot += n.Quantita
	}
	if u, _ := w.LeggiUfficio(olo1, uf); u.NumeroNumerazioni != tot || tot != 102 {
		t.Errorf("numeroNumerazioni %d, somma delle quantita' %d, attese 102", u.NumeroNumerazioni, tot)
	}

	t.Run("prefisso", func(t *testing.T) {
		// geographic numbers pin the district (409); nomadic ones do not
		_, err := w.AggiornaUfficio(olo1, uf, wpti.ModificaUfficio{Prefisso: ptr("02")})
		errore(t, err, 409, "CONFLITTO")
		u, err := w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "Nomadi", Prefisso: "06", Indirizzo: indirizzoRoma()})
		ok(t, err)
		_, err = w.CreaNumerazione(olo1, u.UfficioId, nil, wpti.RichiestaNumerazione{Primo: "5512345699", Tipo: wpti.TipoNumerazioneNOMADICO, Origine: wpti.OrigineNumerazioneNUOVA})
		ok(t, err)
		got, err := w.AggiornaUfficio(olo1, u.UfficioId, wpti.ModificaUfficio{Prefisso: ptr("02")})
		ok(t, err)
		if got.Prefisso != "02" {
			t.Errorf("prefisso %s", got.Prefisso)
		}
		_, err = w.AggiornaUfficio(olo1, u.UfficioId, wpti.ModificaUfficio{Prefisso: ptr("0999")})
		errore(t, err, 422, "REGOLA_VIOLATA")
	})

	t.Run("rilascio", func(t *testing.T) {
		u, err := w.CreaUtente(olo1, uf, nil, utente("301", ptr("0655502005")))
		ok(t, err)
		if deref(u.CliPresentazione) != "0655502000" {
			t.Errorf("cliPresentazione predefinito %v, atteso il pilota 0655502000", u.CliPresentazione)
		}
		errore(t, w.EliminaNumerazione(olo1, uf, "0655502005"), 404, "NON_TROVATO") // identified by its first number
		errore(t, w.EliminaNumerazione(olo1, uf, "0655502000"), 409, "CONFLITTO")   // a user's numero
		_, err = w.AggiornaUtente(olo1, u.UtenteId, wpti.ModificaUtente{Numero: ptr("0655506000")})
		ok(t, err)
		errore(t, w.EliminaNumerazione(olo1, uf, "0655502000"), 409, "CONFLITTO") // still its cliPresentazione (and the pilot)
		_, err = w.AggiornaUtente(olo1, u.UtenteId, wpti.ModificaUtente{CliPresentazione: ptr("0655506000")})
		ok(t, err)
		errore(t, w.EliminaNumerazione(olo1, uf, "0655502000"), 409, "CONFLITTO") // the pilot, other numbers remain
		errore(t, w.EliminaNumerazione(olo1, uf, "0655506000"), 409, "CONFLITTO") // the user's numero
		ok(t, w.EliminaNumerazione(olo1, uf, "5512345678"))
		ok(t, w.EliminaUtente(olo1, u.UtenteId))
		ok(t, w.EliminaNumerazione(olo1, uf, "0655506000"))
		ok(t, w.EliminaNumerazione(olo1, uf, "0655502000")) // the pilot, now alone
		if n := numerazioni(t, w, olo1, uf); len(n) != 0 {
			t.Errorf("restano %d numerazioni", len(n))
		}
		errore(t, w.EliminaNumerazione(olo1, uf, "0655502000"), 404, "NON_TROVATO")
	})
}

func TestUtenti(t *testing.T) {
	t.Parallel()
	w := mondo(t, 23, inizio, 0, nil)
	pv := pive(t, 2)
	az, uf := nuovaAzienda(t, w, olo1, pv[0], "Utenti S.r.l.")
	u2, err := w.CreaUfficio(olo1, az, nil, wpti.RichiestaUfficio{Nome: "Seconda sede", Prefisso: "06", Indirizzo: indirizzoRoma()})
	ok(t, err)
	_, altroUf := nuovaAzienda(t, w, olo1, pv[1], "Estranei S.r.l.")
	for _, x := range []struct{ uf, primo string }{{uf, "0655508000"}, {u2.UfficioId, "0655508100"}, {altroUf, "0655508200"}} {
		_, err := w.CreaNumerazione(olo1, x.uf, nil, numero(x.primo, x.primo[:8]+"09", true))
		ok(t, err)
	}
	first, err := w.CreaUtente(olo1, uf, nil, utente("100", ptr("0655508001")))
	ok(t, err)
	if first.SipPassword == "" || first.SipUsername != "100."+strings.ToLower(az) || first.DominioSip != world.DominioSip {
		t.Errorf("credenziali %q %q", first.SipUsername, first.SipPassword)
	}
	mod := func(interno string, f func(*wpti.RichiestaUtente)) wpti.RichiestaUtente {
		r := utente(interno, nil)
		if f != nil {
			f(&r)
		}
		return r
	}
	casi := []struct {
		nome   string
		uff    string
		r      wpti.RichiestaUtente
		status int
	}{
		{"interno gia' usato nell'ufficio", uf, mod("100", nil), 409},
		{"interno gia' usato in un altro ufficio dell'azienda", u2.UfficioId, mod("100", nil), 409},
		{"stesso interno in un'altra azienda", altroUf, mod("100", nil), 0},
		{"numero di un altro ufficio", uf, mod("101", func(r *wpti.RichiestaUtente) { r.Numero = ptr("0655508101") }), 422},
		{"numero non assegnato", uf, mod("102", func(r *wpti.RichiestaUtente) { r.Numero = ptr("0655509999") }), 422},
		{"cli di un altro ufficio dell'azienda", uf, mod("103", func(r *wpti.RichiestaUtente) { r.CliPresentazione = ptr("0655508105") }), 0},
		{"cli di un'altra azienda", uf, mod("104", func(r *wpti.RichiestaUtente) { r.CliPresentazione = ptr("0655508205") }), 422},
		{"canali oltre maxCanali", uf, mod("105", func(r *wpti.RichiestaUtente) { r.MaxChiamateContemporanee = ptr(11) }), 422},
		{"profilo di blocco inesistente", uf, mod("106", func(r *wpti.RichiestaUtente) { r.ProfiloBlocco = ptr("PB-NON_ESISTE") }), 422},
		{"profilo personalizzato", uf, mod("107", func(r *wpti.RichiestaUtente) { r.ProfiloBlocco = ptr("PB-IRSF_ESTESO") }), 0},
		{"sipUsername gia' in uso", uf, mod("108", func(r *wpti.RichiestaUtente) { r.SipUsername = ptr(first.SipUsername) }), 409},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			u, err := w.CreaUtente(olo1, c.uff, nil, c.r)
			if c.status != 0 {
				errore(t, err, c.status, "")
				return
			}
			ok(t, err)
			if c.r.CliPresentazione != nil && deref(u.CliPresentazione) != *c.r.CliPresentazione {
				t.Errorf("cliPresentazione %v", u.CliPresentazione)
			}
		})
	}
	// PATCH follows the same rules, and a refused PATCH changes nothing
	_, err = w.AggiornaUtente(olo1, first.UtenteId, wpti.ModificaUtente{Interno: ptr("103"), Nome: ptr("Altro")})
	errore(t, err, 409, "CONFLITTO")
	_, err = w.AggiornaUtente(olo1, first.UtenteId, wpti.ModificaUtente{Numero: ptr("0655508201")})
	errore(t, err, 422, "REGOLA_VIOLATA")
	if u, _ := w.LeggiUtente(olo1, first.UtenteId); u.Nome != "Giulia" || deref(u.Numero) != "0655508001" {
		t.Errorf("un PATCH rifiutato ha cambiato l'utente: %+v", u)
	}
	got := utenti(t, w, olo1, uf)
	if !slices.IsSortedFunc(got, func(a, b wpti.Utente) int { return len(a.Interno) - len(b.Interno) }) {
		t.Errorf("utenti non per interno")
	}
}

// Idempotency-Key: the same key and body give the first answer (for users and resets, the
// same password), another body 409; keys are per OLO and last 24 hours on the sandbox clock.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	w := mondo(t, 24, inizio, 0, nil)
	pv := pive(t, 3)
	key := ptr("chiave-azienda-1")
	req := wpti.RichiestaAzienda{RagioneSociale: "Idem S.r.l.", PartitaIva: pv[0], MaxCanali: 4, Pec: "idem@pec.example.com", Profilo: wpti.ProfiloAziendaAZIENDA, SedeLegale: indirizzoRoma()}
	a1, err := w.CreaAzienda(olo1, key, req)
	ok(t, err)
	a2, err := w.CreaAzienda(olo1, key, req)
	ok(t, err)
	if a1 != a2 {
		t.Fatalf("replay diverso: %+v %+v", a1, a2)
	}
	if n := len(aziende(t, w, olo1)); n != 6 {
		t.Fatalf("%d aziende dopo il replay, attese 6", n)
	}
	altra := req
	altra.PartitaIva = pv[1]
	_, err = w.CreaAzienda(olo1, key, altra)
	errore(t, err, 409, "CONFLITTO")
	// the same key is another key for another OLO
	_, err = w.CreaAzienda(olo2, key, altra)
	ok(t, err)
	// a replay after the object was deleted still gives the first answer, not a panic
	ok(t, w.EliminaAzienda(olo1, a1.AziendaId))
	a3, err := w.CreaAzienda(olo1, key, req)
	ok(t, err)
	if a3.AziendaId != a1.AziendaId {
		t.Fatalf("replay dopo l'eliminazione: %s", a3.AziendaId)
	}

	// users: the same password on replay
	_, uf := nuovaAzienda(t, w, olo1, pv[2], "Idem Utenti S.r.l.")
	uk := ptr("chiave-utente-1")
	u1, err := w.CreaUtente(olo1, uf, uk, utente("200", nil))
	ok(t, err)
	u2, err := w.CreaUtente(olo1, uf, uk, utente("200", nil))
	ok(t, err)
	if u1.UtenteId != u2.UtenteId || u1.SipPassword != u2.SipPassword {
		t.Fatalf("replay dell'utente: %s/%s contro %s/%s", u1.UtenteId, u1.SipPassword, u2.UtenteId, u2.SipPassword)
	}
	_, err = w.CreaUtente(olo1, uf, uk, utente("201", nil))
	errore(t, err, 409, "CONFLITTO")

	// reset-password: same key, same password; another key, another one
	rk := ptr("chiave-reset-1")
	r1, err := w.ReimpostaPasswordUtenteConChiave(olo1, u1.UtenteId, rk)
	ok(t, err)
	r2, err := w.ReimpostaPasswordUtenteConChiave(olo1, u1.UtenteId, rk)
	ok(t, err)
	r3, err := w.ReimpostaPasswordUtenteConChiave(olo1, u1.UtenteId, ptr("chiave-reset-2"))
	ok(t, err)
	r4, err := w.ReimpostaPasswordUtente(olo1, u1.UtenteId)
	ok(t, err)
	if r1.SipPassword != r2.SipPassword || r1.SipPassword == r3.SipPassword || r3.SipPassword == r4.SipPassword || r1.SipPassword == u1.SipPassword {
		t.Fatalf("password: %s %s %s %s", r1.SipPassword, r2.SipPassword, r3.SipPassword, r4.SipPassword)
	}

	// 24 hours later the keys are forgotten: the same key with another body is a new request
	avanza(t, w, 23*time.Hour)
	_, err = w.CreaUtente(olo1, uf, uk, utente("201", nil))
	errore(t, err, 409, "CONFLITTO")
	r5, err := w.ReimpostaPasswordUtenteConChiave(olo1, u1.UtenteId, rk)
	ok(t, err)
	if r5.SipPassword != r1.SipPassword {
		t.Fatal("la chiave scade prima di 24 ore")
	}
	avanza(t, w, time.Hour)
	u3, err := w.CreaUtente(olo1, uf, uk, utente("201", nil))
	ok(t, err)
	if u3.UtenteId == u1.UtenteId {
		t.Fatal("dopo 24 ore la chiave restituisce ancora il primo utente")
	}
	r6, err := w.ReimpostaPasswordUtenteConChiave(olo1, u1.UtenteId, rk)
	ok(t, err)
	if r6.SipPassword == r1.SipPassword {
		t.Fatal("dopo 24 ore il reset con la stessa chiave da' la stessa password")
	}
}

// A suspended or ceased company's users make no calls: their numbers leave the CDR days.
func TestAziendaSospesaNonChiama(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := mondo(t, 25, inizio, 1, map[string]string{olo1: root})
	azs := aziende(t, w, olo1)
	sospesa := azs[0].AziendaId
	var numeri []string
	for _, u := range uffici(t, w, olo1, sospesa) {
		for _, ut := range utenti(t, w, olo1, u.UfficioId) {
			numeri = append(numeri, deref(ut.Numero))
		}
	}
	if len(numeri) == 0 {
		t.Fatal("l'azienda generata non ha utenti")
	}
	_, err := w.AggiornaAzienda(olo1, sospesa, wpti.ModificaAzienda{Stato: ptr(wpti.StatoAziendaSOSPESA)})
	ok(t, err)
	avanza(t, w, 3*24*time.Hour)
	chiamanti := map[string]int{}
	for _, r := range leggiCdr(t, root, olo1) {
		if r.Inizio.After(inizio) {
			chiamanti[r.NumeroLinea()]++
		}
	}
	if len(chiamanti) == 0 {
		t.Fatal("nessuna chiamata nei giorni prodotti")
	}
	for _, n := range numeri {
		if chiamanti[n] > 0 {
			t.Errorf("il numero %s dell'azienda SOSPESA ha %d chiamate", n, chiamanti[n])
		}
	}
}
