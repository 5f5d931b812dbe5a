package manual

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMenuOrder(t *testing.T) {
	tags := []string{"Altro", "4.10 VoIP - Decima", "5. Ported Out", "4.2 VoIP - Uffici", "1. Sezione Generale",
		"4.9 VoIP - Nona", "4. VoIP", "10. Dieci", "4.1 VoIP - Aziende", "2. Dashboard", "Aaa"}
	slices.SortStableFunc(tags, compareMenu)
	want := []string{"1. Sezione Generale", "2. Dashboard", "4. VoIP", "4.1 VoIP - Aziende", "4.2 VoIP - Uffici",
		"4.9 VoIP - Nona", "4.10 VoIP - Decima", "5. Ported Out", "10. Dieci", "Aaa", "Altro"}
	if !slices.Equal(tags, want) {
		t.Errorf("ordine %q\natteso %q", tags, want)
	}
}

func TestMenuKey(t *testing.T) {
	tests := []struct {
		in, num, label string
	}{
		{"4.1 VoIP - Gestione Aziende", "4.1", "VoIP - Gestione Aziende"},
		{"1. Sezione Generale", "1.", "Sezione Generale"},
		{"6. Antifrode", "6.", "Antifrode"},
		{"12.3.4 Profondo", "12.3.4", "Profondo"},
		{"Senza numero", "", "Senza numero"},
		{"2025 anno", "2025.", "anno"},
		{"3.WLR", "", "3.WLR"},
	}
	for _, tt := range tests {
		num, label := menuKey(tt.in)
		if got := formatMenu(num); got != tt.num || label != tt.label {
			t.Errorf("menuKey(%q) = %q %q, atteso %q %q", tt.in, got, label, tt.num, tt.label)
		}
	}
}

func TestStatusOrder(t *testing.T) {
	codes := []string{"default", "404", "2XX", "201", "200", "422", "400"}
	slices.SortFunc(codes, statusOrder)
	if want := []string{"200", "201", "400", "404", "422", "2XX", "default"}; !slices.Equal(codes, want) {
		t.Errorf("%v, atteso %v", codes, want)
	}
}

func TestRegexSample(t *testing.T) {
	patterns := []string{
		`^AZ-[0-9A-Z]{8}$`, `^(0\d{5,10}|3\d{8,9}|55\d{8})$`, `^\d{11}$`, `^[A-Z0-9]{3}[A-Z0-9]{1,12}[0-9]{3}[A-Z]$`,
		`^([A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]|\d{11})$`,
		`^[a-z0-9_-]{3,32}$`, `^[0-9]+[A-Za-z0-9/ -]*$`, `^ORD-\d{4}-[0-9]{6}$`, `^[A-Za-z0-9._:-]+$`, `x?y*z+`,
	}
	for _, p := range patterns {
		got, ok := regexSample(p)
		if !ok {
			t.Errorf("regexSample(%q) fallito", p)
			continue
		}
		if !regexp.MustCompile(p).MatchString(got) {
			t.Errorf("regexSample(%q) = %q, che non corrisponde", p, got)
		}
	}
	if _, ok := regexSample(`[`); ok {
		t.Error("un pattern non valido ha dato un esempio")
	}
}

func TestKeyOrder(t *testing.T) {
	src := []byte("b: 1\na:\n  z: {y: 1, x: 2}\n  k: [ {q: 1, p: 2} ]\nc: &anc {n: 1, m: 2}\nd: *anc\n")
	ko := newKeyOrder(src)
	tests := map[string][]string{
		"":        {"b", "a", "c", "d"},
		"/a":      {"z", "k"},
		"/a/z":    {"y", "x"},
		"/a/k/0":  {"q", "p"},
		"/d":      {"n", "m"},
		"/nessun": nil,
	}
	for ptr, want := range tests {
		if got := ko[ptr]; !slices.Equal(got, want) {
			t.Errorf("ordine di %q = %v, atteso %v", ptr, got, want)
		}
	}
	m := map[string]int{"x": 1, "y": 2, "nuovo": 3, "altro": 4}
	if got, want := sortKeys(ko, "/a/z", m), []string{"y", "x", "altro", "nuovo"}; !slices.Equal(got, want) {
		t.Errorf("sortKeys = %v, atteso %v", got, want)
	}
	if len(newKeyOrder([]byte("{{{"))) != 0 {
		t.Error("YAML non valido deve dare un indice vuoto")
	}
}

func TestOrderedExampleKeepsContractOrder(t *testing.T) {
	src := []byte("ex:\n  zeta: 1\n  alfa: {dopo: true, prima: null}\n  lista: [{b: 1, a: 2}]\n")
	ko := newKeyOrder(src)
	v := map[string]any{"alfa": map[string]any{"prima": nil, "dopo": true}, "zeta": 1.0,
		"lista": []any{map[string]any{"a": 2.0, "b": 1.0}}}
	got := prettyJSON(ko.ordered(v, "/ex"))
	want := "{\n  \"zeta\": 1,\n  \"alfa\": {\n    \"dopo\": true,\n    \"prima\": null\n  },\n  \"lista\": [\n    {\n      \"b\": 1,\n      \"a\": 2\n    }\n  ]\n}"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if py := pyLiteral(ko.ordered(v, "/ex"), ""); !strings.Contains(py, `"prima": None`) || !strings.Contains(py, `"dopo": True`) {
		t.Errorf("letterale Python: %s", py)
	}
}

func TestGoIdent(t *testing.T) {
	tests := map[string]string{
		"creaOrdineWlr": "CreaOrdineWlr", "perPagina": "PerPagina", "Idempotency-Key": "IdempotencyKey",
		"dn": "Dn", "x-request_id": "XRequestId", "3d": "N3d",
	}
	for in, want := range tests {
		if got := goIdent(in); got != want {
			t.Errorf("goIdent(%q) = %q, atteso %q", in, got, want)
		}
	}
}

func TestQueryEscape(t *testing.T) {
	tests := map[string]string{
		"2025-01-15T10:30:00+01:00": "2025-01-15T10:30:00%2B01:00",
		"a b&c=d":                   "a%20b%26c%3Dd",
		"A,B":                       "A,B",
		"è":                         "%C3%A8",
	}
	for in, want := range tests {
		if got := queryEscape(in); got != want {
			t.Errorf("queryEscape(%q) = %q, atteso %q", in, got, want)
		}
	}
}

func TestLoadTestValues(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.yaml": {Data: []byte("- {ambito: creaOrdineWlr, campo: dn, suffisso: '0002', esito: KO_FORMALE, causale: KO02, fase: ACQUISITO, nota: DN assente}\n" +
			"- {ambito: creaOrdineWlr, campo: codiceMigrazione, cos: '000', esito: KO_FORMALE, causale: KO06}\n")},
		"senza-esito.yaml": {Data: []byte("- {ambito: x, campo: dn}\n")},
		"rotto.yaml":       {Data: []byte("- [")},
	}
	got, err := LoadTestValues(fsys, "ok.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []TestValue{
		{Ambito: "creaOrdineWlr", Campo: "dn", Regola: "termina con 0002", Esito: "KO_FORMALE", Causale: "KO02", Fase: "ACQUISITO", Nota: "DN assente"},
		{Ambito: "creaOrdineWlr", Campo: "codiceMigrazione", Regola: "COS = 000", Esito: "KO_FORMALE", Causale: "KO06"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("%+v\natteso %+v", got, want)
	}
	for _, bad := range []string{"senza-esito.yaml", "rotto.yaml", "manca.yaml"} {
		if _, err := LoadTestValues(fsys, bad); err == nil {
			t.Errorf("%s accettato", bad)
		}
	}
}
