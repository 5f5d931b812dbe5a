package spec_test

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/wpti/toolkit/spec"
)

var contracts = map[string][]byte{"wpti.yaml": spec.WPTI, "wpti-af.yaml": spec.WPTIAF, "sandbox.yaml": spec.Sandbox}

func load(t *testing.T, name string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(contracts[name])
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// Every contract loads, validates (examples included) and is OpenAPI 3.0.x.
func TestContractsValidate(t *testing.T) {
	for name := range contracts {
		t.Run(name, func(t *testing.T) {
			doc := load(t, name)
			if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
				t.Errorf("openapi %s, want 3.0.x", doc.OpenAPI)
			}
			if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The house rules an OLO's generator and our manuals rely on, for every operation.
func TestOperationsFollowHouseRules(t *testing.T) {
	for _, name := range []string{"wpti.yaml", "wpti-af.yaml"} {
		doc := load(t, name)
		seen := map[string]bool{}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := name + " " + method + " " + path
				if op.OperationID == "" || seen[op.OperationID] {
					t.Errorf("%s: missing or duplicate operationId %q", where, op.OperationID)
				}
				seen[op.OperationID] = true
				if len(op.Tags) != 1 {
					t.Errorf("%s: %d tags, want 1", where, len(op.Tags))
				}
				if op.Summary == "" || op.Description == "" {
					t.Errorf("%s: summary or description missing", where)
				}
				var ok, has400, has401 bool
				for code, r := range op.Responses.Map() {
					n, _ := strconv.Atoi(code)
					if n >= 200 && n < 300 {
						ok = true
						if n != 204 && !hasExample(r.Value.Content) {
							t.Errorf("%s: response %s has no example", where, code)
						}
					}
					if n >= 400 {
						if _, pj := r.Value.Content["application/problem+json"]; !pj {
							t.Errorf("%s: %s is not problem+json", where, code)
						}
					}
					has400 = has400 || n == 400
					has401 = has401 || n == 401
				}
				if !ok {
					t.Errorf("%s: no success response", where)
				}
				if op.RequestBody != nil && !hasExample(op.RequestBody.Value.Content) {
					t.Errorf("%s: request body without example", where)
				}
				if (len(op.Parameters) > 0 || op.RequestBody != nil) && !has400 {
					t.Errorf("%s: takes input but has no 400", where)
				}
				secured := op.Security == nil && len(doc.Security) > 0 || op.Security != nil && len(*op.Security) > 0
				if secured && !has401 {
					t.Errorf("%s: secured but no 401", where)
				}
			}
		}
	}
}

func hasExample(c openapi3.Content) bool {
	for _, m := range c {
		if m.Example != nil || len(m.Examples) > 0 {
			return true
		}
	}
	return false
}

// The shared components are carried verbatim by both contracts (each file is
// self-contained, so nothing is shared by $ref).
func TestSharedComponentsIdentical(t *testing.T) {
	var shared struct {
		Components map[string]map[string]any `yaml:"components"`
	}
	if err := yaml.Unmarshal(spec.Shared, &shared); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"wpti.yaml", "wpti-af.yaml"} {
		var doc struct {
			Components map[string]map[string]any `yaml:"components"`
		}
		if err := yaml.Unmarshal(contracts[name], &doc); err != nil {
			t.Fatal(err)
		}
		for section, items := range shared.Components {
			for key, want := range items {
				got, ok := doc.Components[section][key]
				if !ok {
					t.Errorf("%s: components.%s.%s missing", name, section, key)
					continue
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: components.%s.%s differs from spec/shared-components.yaml", name, section, key)
				}
			}
		}
	}
	// Same-named schemas must not mean different things in the two contracts.
	var a, b struct {
		Components struct {
			Schemas map[string]any `yaml:"schemas"`
		} `yaml:"components"`
	}
	_ = yaml.Unmarshal(spec.WPTI, &a)
	_ = yaml.Unmarshal(spec.WPTIAF, &b)
	for n, s := range a.Components.Schemas {
		if o, ok := b.Components.Schemas[n]; ok && !reflect.DeepEqual(s, o) {
			t.Errorf("schema %s differs between the contracts", n)
		}
	}
}

// Every enum value the domain outline names is in the contracts.
func TestDomainEnumsPresent(t *testing.T) {
	want := map[string][]string{
		"wpti.yaml": {"KO01", "KO02", "KO03", "KO04", "KO05", "KO06", "KO07", "KO08", "KO09", "KO10",
			"INVIATO", "ACQUISITO", "KO_FORMALE", "ACCETTATO", "IN_LAVORAZIONE", "SOSPESO", "ESPLETATO", "KO_TECNICO", "ANNULLATO",
			"ATTIVAZIONE_LINEA_ATTIVA", "ATTIVAZIONE_LINEA_NUOVA", "VARIAZIONE", "CESSAZIONE", "MIGRAZIONE", "SUBENTRO", "TRASLOCO",
			"POTS", "ISDN_BRA", "ISDN_PRA", "GNR", "RESIDENZIALE", "NON_RESIDENZIALE", "ATTIVA", "SOSPESA", "CESSATA",
			"RETAIL", "AZIENDA", "GEOGRAFICO", "NOMADICO", "NUOVA", "PORTATA",
			"RICEVUTA", "VERIFICATA", "PRENOTIFICATA", "ESPLETATA", "KO", "ANNULLATA", "RIMODULATA", "CESSATA_CON_RIENTRO",
			"WLR", "VOIP", "PORTED_OUT", "ANTIFRODE", "causali-ko", "tipi-ordine", "stati-ordine", "servizi-supplementari", "profili-blocco", "operatori"},
		"wpti-af.yaml": {"INFO", "WARNING", "CRITICO", "IRSF", "WANGIRI", "TRAFFIC_PUMPING", "PICCO_INTERNAZIONALE", "CHIAMATE_CONTEMPORANEE", "SIP_BRUTE_FORCE",
			"APERTO", "PRESA_IN_CARICO", "FALSO_POSITIVO", "FRODE_CONFERMATA", "CHIUSO", "OLO", "AZIENDA", "DN",
			"CHIAMATE_MINUTO", "MINUTI_GIORNO", "COSTO_GIORNO_EUR", "CHIAMATE_INTERNAZIONALI_ORA", "NOTIFICA", "BLOCCO_INTERNAZIONALE", "BLOCCO_TOTALE", "BASE_418_07",
			"URBANA", "NAZIONALE", "MOBILE", "NNG_800", "NNG_84X", "NNG_89X", "INTERNAZIONALE", "SATELLITARE", "EMERGENZA"},
	}
	for name, values := range want {
		var root any
		if err := yaml.Unmarshal(contracts[name], &root); err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		var walk func(any)
		walk = func(x any) {
			switch v := x.(type) {
			case map[string]any:
				for k, e := range v {
					if k == "enum" {
						if l, ok := e.([]any); ok {
							for _, s := range l {
								if str, ok := s.(string); ok {
									have[str] = true
								}
							}
						}
					}
					walk(e)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(root)
		for _, v := range values {
			if !have[v] {
				t.Errorf("%s: enum value %s missing", name, v)
			}
		}
	}
}

// Tags follow the GUI menu order 1..6, so manuals and generators list them as the portal does.
func TestTagsInMenuOrder(t *testing.T) {
	want := map[string][]string{
		"wpti.yaml":    {"1. Sezione Generale", "2. Dashboard", "3. WLR", "4.1 VoIP - Gestione Aziende", "4.2 VoIP - Gestione Uffici", "4.3 VoIP - Gestione Utenti", "5. Ported Out"},
		"wpti-af.yaml": {"1. Sezione Generale", "6.1 Allarmi", "6.2 Soglie", "6.3 Blocchi", "6.4 Traffico"},
	}
	for name, tags := range want {
		doc := load(t, name)
		var got []string
		for _, tg := range doc.Tags {
			got = append(got, tg.Name)
		}
		if !slices.Equal(got, tags) {
			t.Errorf("%s tags = %q, want %q", name, got, tags)
		}
	}
}
