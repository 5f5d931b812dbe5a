package manual

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

// esempiNonReali are the by-id GET examples of the manuals that name no object of the
// default sandbox, with the reason; the test checks each really is 404. None today: even
// the example alert is the demo OLO's first computed alert.
var esempiNonReali = map[string]string{}

// reIDEsempio matches the opaque, tenant-owned ids of the contracts (AZ-..., ORD-...).
var reIDEsempio = regexp.MustCompile(`/[A-Z]{2,3}-[0-9A-Z-]+(/|$)`)

// esempioManuale is an operation of a manual with its examples, and the path the manual's
// base URL puts before them (/wpti/v1).
type esempioManuale struct {
	manuale, base string
	op            *opView
}

// esempiDeiManuali is every operation of both manuals, in the manuals' order.
func esempiDeiManuali(t *testing.T) []esempioManuale {
	t.Helper()
	ms, err := Manuals()
	if err != nil {
		t.Fatal(err)
	}
	var out []esempioManuale
	for _, m := range ms {
		doc, err := openapi3.NewLoader().LoadFromData(m.Spec)
		if err != nil {
			t.Fatal(err)
		}
		b := newBuilder(doc, m.Spec, m.Options)
		tags, err := b.tags()
		if err != nil {
			t.Fatal(err)
		}
		base, err := url.Parse(b.baseURL)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range tags {
			for _, op := range tg.Ops {
				out = append(out, esempioManuale{manuale: m.Options.Title, base: base.Path, op: op})
			}
		}
	}
	return out
}

// invia sends a request with a bearer token (and a JSON body when given) and returns the
// status and the answer.
func invia(t *testing.T, method, u, tok string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, out
}

// TestEsempiGetControSandbox sends every GET example of both manuals that has a path
// parameter, exactly as the manual prints it, to a default sandbox with the demo OLO's
// token (the first OLO of the fixtures): it must answer 200. The same request with another
// OLO's token must be 404 when the example names an OLO's object. A change of a contract's
// example that the sandbox world does not follow fails here.
func TestEsempiGetControSandbox(t *testing.T) {
	sb := sandboxtest.New(t)
	ops := sb.World.Fixtures().Operatori
	if len(ops) < 2 {
		t.Fatal("the default fixtures have fewer than two OLOs")
	}
	demo, altro := sb.Token(t, ops[0].API.ClientID), sb.Token(t, ops[1].API.ClientID)
	visti := 0
	for _, e := range esempiDeiManuali(t) {
		op := e.op
		if op.Method != http.MethodGet || !strings.Contains(op.Path, "{") || op.Public {
			continue
		}
		if op.examplePath == "" || strings.Contains(op.examplePath, "{") {
			t.Errorf("%s: the example path %q is not filled in", op.ID, op.examplePath)
			continue
		}
		visti++
		u := sb.URL + e.base + op.examplePath
		t.Run(e.manuale+"/"+op.ID, func(t *testing.T) {
			want := http.StatusOK
			for frammento, perche := range esempiNonReali {
				if strings.Contains(op.examplePath, frammento) {
					want = http.StatusNotFound
					t.Logf("%s: %s (%s)", op.examplePath, "esempio non reale", perche)
				}
			}
			if got, _ := invia(t, http.MethodGet, u, demo, nil); got != want {
				t.Errorf("GET %s with the demo OLO's token: %d, want %d", op.examplePath, got, want)
			}
			if want == http.StatusOK && reIDEsempio.MatchString(op.examplePath) {
				if got, _ := invia(t, http.MethodGet, u, altro, nil); got != http.StatusNotFound {
					t.Errorf("GET %s with %s's token: %d, want 404 (another OLO's object)", op.examplePath, ops[1].OpID, got)
				}
			}
		})
	}
	if visti < 10 {
		t.Errorf("only %d by-id GET examples found in the manuals: the walk is broken", visti)
	}
}

// TestEsempiScritturaVoip sends, in the manual's order and exactly as printed, the write
// examples that build on the example company and office: a new office of AZ-7K3M9Q2X, a new
// range of numbers on UF-4H8N2P6R, a new user on it, the release of a spare number. All must
// be accepted.
func TestEsempiScritturaVoip(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, sb.World.Fixtures().Operatori[0].API.ClientID)
	esempi := map[string]esempioManuale{}
	for _, e := range esempiDeiManuali(t) {
		esempi[e.op.ID] = e
	}
	for _, id := range []string{"creaUfficio", "creaNumerazione", "creaUtente", "eliminaNumerazione"} {
		e, ok := esempi[id]
		op := e.op
		if !ok || (op.exampleBody == nil && op.Method != http.MethodDelete) {
			t.Fatalf("%s: no example with a body in the manual", id)
		}
		var body []byte
		if op.exampleBody != nil {
			body = []byte(exampleText(op.exampleBody)) // the JSON the curl example sends
		}
		want := http.StatusCreated
		if op.Method == http.MethodDelete {
			want = http.StatusNoContent
		}
		if got, out := invia(t, op.Method, sb.URL+e.base+op.examplePath, tok, body); got != want {
			t.Errorf("%s %s %s: %d %s", op.Method, op.examplePath, body, got, out)
		}
	}
}
