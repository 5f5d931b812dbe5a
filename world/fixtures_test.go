package world_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wpti/toolkit/fixtures"
	"github.com/wpti/toolkit/world"
)

// fixtureFile returns the embedded fixture file's text.
func fixtureFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(fixtures.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rigaDi is the 1-based line of the n-th (from 1) line containing sub.
func rigaDi(t *testing.T, text, sub string, n int) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("%q (occorrenza %d) non trovato", sub, n)
	return 0
}

// sostituisci replaces exactly one occurrence.
func sostituisci(t *testing.T, text, old, new string) string {
	t.Helper()
	if strings.Count(text, old) != 1 {
		t.Fatalf("%q compare %d volte", old, strings.Count(text, old))
	}
	return strings.Replace(text, old, new, 1)
}

func TestFixtureIncorporateValide(t *testing.T) {
	t.Parallel()
	fx, err := world.LoadFixtures(fixtures.FS())
	ok(t, err)
	if len(fx.Operatori) != 3 || len(fx.ValoriTest) != 11 {
		t.Fatalf("%d operatori e %d valori di test", len(fx.Operatori), len(fx.ValoriTest))
	}
	if s := world.ScopesOf(&fx.Operatori[2]); strings.Join(s, " ") != "generale dashboard wlr ported-out" {
		t.Errorf("scope di OLO003: %v", s)
	}
}

// Every mistake in a fixture folder is reported as file:line with what is wrong, the
// line being the field's own where there is one.
func TestFixtureErrateNominanoFileERiga(t *testing.T) {
	t.Parallel()
	op := fixtureFile(t, "operatori.yaml")
	vt := fixtureFile(t, "valori-test.yaml")
	type caso struct {
		nome     string
		op, vt   string
		attesi   func(op, vt string) []string // substrings the error must contain
		mancante string                       // a file left out of the folder
	}
	casi := []caso{
		{nome: "campo sconosciuto", op: sostituisci(t, op, "  cow: DMO\n", "  cow: DMO\n  colore: rosso\n"), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d:", rigaDi(t, op, "colore: rosso", 1)), "colore"}
		}},
		{nome: "partita IVA errata", op: sostituisci(t, op, `partitaIva: "00743110157"`, `partitaIva: "00743110158"`), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d: OLO001: partitaIva:", rigaDi(t, op, "00743110158", 1))}
		}},
		{nome: "quattro IP SFTP", op: sostituisci(t, op, "ipAmmessi: [127.0.0.1]", "ipAmmessi: [127.0.0.1, 127.0.0.5, 127.0.0.6, 127.0.0.7]"), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d: OLO001: sftp.ipAmmessi: da 1 a 3 indirizzi, non 4", rigaDi(t, op, "127.0.0.7", 1))}
		}},
		{nome: "IP non IPv4", op: sostituisci(t, op, "ipAmmessi: [127.0.0.4]", "ipAmmessi:\n      - 127.0.0.4\n      - \"::1\""), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d: OLO003: sftp.ipAmmessi[1]:", rigaDi(t, op, `"::1"`, 1))}
		}},
		{nome: "opId duplicato", op: sostituisci(t, op, "opId: OLO002", "opId: OLO001"), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d: opId \"OLO001\" gia' usato alla riga %d", rigaDi(t, op, "opId: OLO001", 2), rigaDi(t, op, "opId: OLO001", 1))}
		}},
		{nome: "piu' errori insieme", op: sostituisci(t, sostituisci(t, op, "cow: LGR", "cow: lg"), `partitaIva: "02345670422"`, `partitaIva: "12345"`), attesi: func(op, _ string) []string {
			return []string{
				fmt.Sprintf("operatori.yaml:%d: OLO002: cow:", rigaDi(t, op, "cow: lg", 1)),
				fmt.Sprintf("operatori.yaml:%d: OLO003: partitaIva:", rigaDi(t, op, `"12345"`, 1)),
			}
		}},
		{nome: "cliente con DN non geografico", op: sostituisci(t, op, `dn: ["0612345678"]`, `dn: ["0612345678", "3331234567"]`), attesi: func(op, _ string) []string {
			return []string{fmt.Sprintf("operatori.yaml:%d: OLO001: clienti[0].dn[1]:", rigaDi(t, op, "3331234567", 1))}
		}},
		{nome: "YAML malformato", op: sostituisci(t, op, "  cow: TAD\n", "  cow: TAD\n servizi: [WLR\n"), attesi: func(op, _ string) []string {
			return []string{"operatori.yaml:"}
		}},
		{nome: "operatori vuoto", op: "# niente\n", attesi: func(_, _ string) []string { return []string{"operatori.yaml: file vuoto"} }},
		{nome: "lista vuota", op: "[]\n", attesi: func(_, _ string) []string { return []string{"operatori.yaml: nessun operatore"} }},
		{nome: "file mancante", mancante: "valori-test.yaml", attesi: func(_, _ string) []string { return []string{"valori-test.yaml:"} }},
		{nome: "valore di test con esito sconosciuto", vt: sostituisci(t, vt, "esito: ESPLETATO", "esito: BOH"), attesi: func(_, vt string) []string {
			return []string{fmt.Sprintf("valori-test.yaml:%d: esito:", rigaDi(t, vt, "esito: BOH", 1))}
		}},
		{nome: "valore di test con fase sbagliata", vt: sostituisci(t, vt, "  causale: KO09\n  fase: IN_LAVORAZIONE", "  causale: KO09\n  fase: ACQUISITO"), attesi: func(_, vt string) []string {
			return []string{fmt.Sprintf("valori-test.yaml:%d: fase:", rigaDi(t, vt, "causale: KO09", 1)+1)}
		}},
		{nome: "suffisso che si sovrappone", vt: vt + "- ambito: creaOrdineWlr\n  campo: dn\n  suffisso: \"01\"\n  esito: KO_FORMALE\n  causale: KO01\n  fase: ACQUISITO\n", attesi: func(_, vt string) []string {
			return []string{fmt.Sprintf("valori-test.yaml:%d: suffisso:", rigaDi(t, vt, `suffisso: "01"`, 1))}
		}},
		{nome: "KO senza causale", vt: sostituisci(t, vt, "  causale: KO10\n", ""), attesi: func(_, vt string) []string { return []string{"valori-test.yaml:", "causale"} }},
		{nome: "campo sconosciuto nei valori di test", vt: sostituisci(t, vt, "  cos: \"000\"\n", "  cos: \"000\"\n  colore: blu\n"), attesi: func(_, vt string) []string {
			return []string{fmt.Sprintf("valori-test.yaml:%d:", rigaDi(t, vt, "colore: blu", 1))}
		}},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			t.Parallel()
			o, v := op, vt
			if c.op != "" {
				o = c.op
			}
			if c.vt != "" {
				v = c.vt
			}
			fsys := fstest.MapFS{"operatori.yaml": {Data: []byte(o)}, "valori-test.yaml": {Data: []byte(v)}}
			delete(fsys, c.mancante)
			fx, err := world.LoadFixtures(fsys)
			if err == nil {
				t.Fatalf("fixture errate accettate: %d operatori", len(fx.Operatori))
			}
			for _, want := range c.attesi(o, v) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("l'errore non contiene %q:\n%v", want, err)
				}
			}
		})
	}
}
