package italia

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestProvince(t *testing.T) {
	ps := Province()
	if len(ps) != 107 {
		t.Fatalf("%d province, attese 107", len(ps))
	}
	reSigla := regexp.MustCompile(`^[A-Z]{2}$`)
	istat := map[string]bool{}
	for i, p := range ps {
		if i > 0 && ps[i-1].Sigla >= p.Sigla {
			t.Errorf("non ordinate o duplicate: %s dopo %s", p.Sigla, ps[i-1].Sigla)
		}
		if !reSigla.MatchString(p.Sigla) || p.Nome == "" || p.Regione == "" {
			t.Errorf("provincia malformata: %+v", p)
		}
		if len(p.CodiceIstat) != 3 || !soloCifre(p.CodiceIstat) || istat[p.CodiceIstat] {
			t.Errorf("%s: codice ISTAT %q malformato o ripetuto", p.Sigla, p.CodiceIstat)
		}
		istat[p.CodiceIstat] = true
		if len(p.UfficiIva) == 0 {
			t.Errorf("%s: nessun ufficio IVA", p.Sigla)
		}
		for _, u := range p.UfficiIva {
			if !ufficioIvaValido(u) {
				t.Errorf("%s: ufficio IVA %q non valido", p.Sigla, u)
			}
		}
		if err := ValidaProvincia(p.Sigla); err != nil {
			t.Error(err)
		}
	}
	if got := len(Regioni()); got != 20 {
		t.Errorf("%d regioni, attese 20", got)
	}
	if rm, ok := ProvinciaDaSigla("RM"); !ok || rm.Nome != "Roma" || rm.Regione != "Lazio" || rm.CodiceIstat != "058" {
		t.Errorf("ProvinciaDaSigla(RM) = %+v, %v", rm, ok)
	}
	for _, s := range []string{"", "rm", "XX", "ROM", "CI", "OT"} {
		if err := ValidaProvincia(s); err == nil {
			t.Errorf("ValidaProvincia(%q): atteso errore", s)
		}
	}
}

// TestComuniCoerenti checks every embedded comune field by field, so a typo
// in the reference data fails here rather than in a customer's order.
func TestComuniCoerenti(t *testing.T) {
	cs := Comuni()
	if len(cs) < 150 {
		t.Fatalf("solo %d comuni, ne servono almeno 150", len(cs))
	}
	reCatastale := regexp.MustCompile(`^[A-M][0-9]{3}$`)
	istat, catastale := map[string]string{}, map[string]string{}
	regioni := map[string]int{}
	province := map[string]bool{}
	for i, c := range cs {
		if i > 0 && cs[i-1].CodiceIstat >= c.CodiceIstat {
			t.Errorf("non ordinati per ISTAT: %s dopo %s", c.CodiceIstat, cs[i-1].CodiceIstat)
		}
		if c.Nome == "" || strings.TrimSpace(c.Nome) != c.Nome {
			t.Errorf("%s: nome %q", c.CodiceIstat, c.Nome)
		}
		if err := ValidaCodiceIstat(c.CodiceIstat); err != nil {
			t.Error(err)
		}
		p, ok := ProvinciaDaSigla(c.Provincia)
		if !ok {
			t.Errorf("%s: provincia %q sconosciuta", c.Nome, c.Provincia)
			continue
		}
		if !strings.HasPrefix(c.CodiceIstat, p.CodiceIstat) {
			t.Errorf("%s: ISTAT %s non inizia col codice della provincia %s (%s)", c.Nome, c.CodiceIstat, p.Sigla, p.CodiceIstat)
		}
		if !reCatastale.MatchString(c.CodiceCatastale) {
			t.Errorf("%s: codice catastale %q", c.Nome, c.CodiceCatastale)
		}
		if err := ValidaCap(c.Cap); err != nil {
			t.Error(err)
		}
		if len(c.CapValidi) == 0 || c.CapValidi[0] != c.Cap {
			t.Errorf("%s: CapValidi %v non inizia con Cap %s", c.Nome, c.CapValidi, c.Cap)
		}
		for _, cp := range c.CapValidi {
			if err := ValidaCap(cp); err != nil {
				t.Error(err)
			}
		}
		d, ok := DistrettoDaPrefisso(c.Prefisso)
		if !ok {
			t.Errorf("%s: prefisso %q non è un distretto", c.Nome, c.Prefisso)
		} else if d.Prefisso != c.Prefisso {
			t.Errorf("%s: distretto %+v", c.Nome, d)
		}
		if c.Popolazione <= 0 {
			t.Errorf("%s: popolazione %d", c.Nome, c.Popolazione)
		}
		if altro, dup := istat[c.CodiceIstat]; dup {
			t.Errorf("ISTAT %s ripetuto: %s e %s", c.CodiceIstat, altro, c.Nome)
		}
		if altro, dup := catastale[c.CodiceCatastale]; dup {
			t.Errorf("catastale %s ripetuto: %s e %s", c.CodiceCatastale, altro, c.Nome)
		}
		istat[c.CodiceIstat], catastale[c.CodiceCatastale] = c.Nome, c.Nome
		regioni[c.Regione()]++
		province[c.Provincia] = true
	}
	for _, r := range Regioni() {
		if regioni[r] == 0 {
			t.Errorf("nessun comune nella regione %s", r)
		}
	}
	if len(province) != 107 {
		t.Errorf("comuni in %d province su 107", len(province))
	}
}

// TestComuniNoti pins a few codes an operator will recognise, so that a
// shifted row in the data file cannot pass unnoticed.
func TestComuniNoti(t *testing.T) {
	casi := []struct {
		istat, nome, prov, catastale, cap, prefisso string
	}{
		{"058091", "Roma", "RM", "H501", "00118", "06"},
		{"015146", "Milano", "MI", "F205", "20121", "02"},
		{"001272", "Torino", "TO", "L219", "10121", "011"},
		{"007003", "Aosta", "AO", "A326", "11100", "0165"},
		{"063049", "Napoli", "NA", "F839", "80121", "081"},
		{"010025", "Genova", "GE", "D969", "16121", "010"},
		{"012026", "Busto Arsizio", "VA", "B300", "21052", "0331"},
		{"092009", "Cagliari", "CA", "B354", "09121", "070"},
		{"059011", "Latina", "LT", "E472", "04100", "0773"},
		{"108033", "Monza", "MB", "F704", "20900", "039"},
	}
	for _, c := range casi {
		got, ok := ComuneDaIstat(c.istat)
		if !ok {
			t.Errorf("ComuneDaIstat(%s) assente", c.istat)
			continue
		}
		if got.Nome != c.nome || got.Provincia != c.prov || got.CodiceCatastale != c.catastale || got.Cap != c.cap || got.Prefisso != c.prefisso {
			t.Errorf("ComuneDaIstat(%s) = %+v", c.istat, got)
		}
		perCat, ok := ComuneDaCatastale(c.catastale)
		if !ok || perCat.CodiceIstat != c.istat {
			t.Errorf("ComuneDaCatastale(%s) = %+v, %v", c.catastale, perCat, ok)
		}
	}
	roma, _ := ComuneDaIstat("058091")
	if len(roma.CapValidi) < 50 || roma.CapValidi[len(roma.CapValidi)-1] != "00199" {
		t.Errorf("Roma: CAP %v", roma.CapValidi)
	}
	if _, ok := ComuneDaIstat("999999"); ok {
		t.Error("ISTAT inesistente trovato")
	}
	if _, ok := ComuneDaCatastale("Z999"); ok {
		t.Error("catastale inesistente trovato")
	}
}

func TestComuniRestituisceCopie(t *testing.T) {
	cs := Comuni()
	cs[0].CapValidi[0] = "99999"
	cs[0].Nome = "Alterato"
	c, _ := ComuneDaIstat(cs[0].CodiceIstat)
	if c.CapValidi[0] == "99999" || c.Nome == "Alterato" {
		t.Fatal("Comuni espone la tabella interna")
	}
	ps := Province()
	ps[0].UfficiIva[0] = "000"
	if p, _ := ProvinciaDaSigla(ps[0].Sigla); p.UfficiIva[0] == "000" {
		t.Fatal("Province espone la tabella interna")
	}
}

// TestZeriInizialiSopravvivono round-trips identifiers with leading zeros
// through JSON: the fields are strings and must stay so.
func TestZeriInizialiSopravvivono(t *testing.T) {
	roma, _ := ComuneDaIstat("058091")
	ind := Indirizzo{Via: "Via del Corso", Civico: "1", Cap: roma.Cap, Comune: roma.Nome, CodiceIstat: roma.CodiceIstat, Provincia: roma.Provincia}
	b, err := json.Marshal(ind)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Cap":"00118"`) || !strings.Contains(string(b), `"CodiceIstat":"058091"`) {
		t.Errorf("JSON perde gli zeri: %s", b)
	}
	var back Indirizzo
	if err := json.Unmarshal(b, &back); err != nil || back != ind {
		t.Errorf("round trip JSON: %+v, %v", back, err)
	}
	// A JSON number where a string is expected must fail, not convert.
	if err := json.Unmarshal([]byte(`{"Cap":118}`), &back); err == nil {
		t.Error("CAP numerico accettato in JSON")
	}
}

func TestValidaCap(t *testing.T) {
	for s, ok := range map[string]bool{"00118": true, "11100": true, "98168": true, "118": false, "0011": false, "001188": false, "00 18": false, "00000": false, "": false} {
		if err := ValidaCap(s); (err == nil) != ok {
			t.Errorf("ValidaCap(%q) = %v, valido atteso %v", s, err, ok)
		}
	}
	for s, ok := range map[string]bool{"058091": true, "58091": false, "0580910": false, "05809A": false} {
		if err := ValidaCodiceIstat(s); (err == nil) != ok {
			t.Errorf("ValidaCodiceIstat(%q) = %v, valido atteso %v", s, err, ok)
		}
	}
}
