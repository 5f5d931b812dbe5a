package httpapi_test

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/sandbox"
	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

type stato struct {
	Seme           uint64    `json:"seme"`
	Orologio       time.Time `json:"orologio"`
	Scala          float64   `json:"scala"`
	EventiInAttesa int       `json:"eventiInAttesa"`
	AvviatoIl      time.Time `json:"avviatoIl"`
}

func control(t *testing.T, sb *sandboxtest.Server, method, path, body string) (int, []byte) {
	t.Helper()
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	resp, b := do(t, method, sb.URL+"/sandbox/v1"+path, "", ct, "", body)
	return resp.StatusCode, b
}

// The control API moves the clock, resets the world and lists what the CRM sent.
func TestControlAPI(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, "olo001-crm")
	code, b := control(t, sb, "GET", "/stato", "")
	var s0 stato
	if code != 200 || json.Unmarshal(b, &s0) != nil || s0.Seme != 1 || s0.Scala != 0 {
		t.Fatalf("stato: %d %s", code, b)
	}
	if !s0.AvviatoIl.Equal(sandboxtest.Start) {
		t.Errorf("avviatoIl %s, want the clock's start %s", s0.AvviatoIl, sandboxtest.Start)
	}
	code, b = control(t, sb, "POST", "/orologio/avanza", `{"giorni":2}`)
	var s1 stato
	if code != 200 || json.Unmarshal(b, &s1) != nil || s1.Orologio.Sub(s0.Orologio) != 48*time.Hour {
		t.Fatalf("avanza 2 giorni: %d %s", code, b)
	}
	for _, bad := range []string{`{}`, `{"giorni":1,"ore":2}`, `{"giorni":-1}`, `{"anni":1}`} {
		if code, b := control(t, sb, "POST", "/orologio/avanza", bad); code != 400 && code != 422 {
			t.Errorf("avanza %s: %d %s", bad, code, b)
		}
	}
	if code, b := control(t, sb, "PUT", "/orologio", `{"istante":"2020-01-01T00:00:00+01:00"}`); code != 422 {
		t.Errorf("clock moved back: %d %s", code, b)
	}
	// Prefer: code=422 gets a problem whose status says 422 too (the contract's one problem
	// example is a 400).
	req, _ := http.NewRequest("POST", sb.URL+"/sandbox/v1/orologio/avanza", strings.NewReader(`{"giorni":1}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Prefer", "code=422")
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		var p struct{ Status int }
		_ = json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != 422 || p.Status != 422 {
			t.Errorf("Prefer: code=422: HTTP %d, body status %d", resp.StatusCode, p.Status)
		}
	}
	if code, b := control(t, sb, "PUT", "/orologio", `{}`); code != 422 {
		t.Errorf("PUT /orologio {} = %d %s, want 422 (nothing to change)", code, b)
	}
	if code, b := control(t, sb, "PUT", "/orologio", `{"scala":60}`); code != 200 || !strings.Contains(string(b), `"scala":60`) {
		t.Errorf("scala: %d %s", code, b)
	}
	// A company created through the API disappears on reset; the generated ones stay.
	resp, body := do(t, "POST", sb.URL+"/wpti/v1/voip/aziende", tok, "application/json", "", `{"ragioneSociale":"Reset S.r.l.","partitaIva":"00743110157","pec":"reset@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}`)
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var az struct {
		AziendaID string `json:"aziendaId"`
	}
	_ = json.Unmarshal(body, &az)
	if code, b := control(t, sb, "POST", "/reset", ""); code != 200 {
		t.Fatalf("reset: %d %s", code, b)
	}
	if resp, _ := do(t, "GET", sb.URL+"/wpti/v1/voip/aziende/"+az.AziendaID, tok, "", "", ""); resp.StatusCode != 404 {
		t.Errorf("company survived the reset: %d", resp.StatusCode)
	}
	code, b = control(t, sb, "GET", "/richieste?limite=3", "")
	var rr []struct {
		Metodo, Percorso string
		Stato            int
		OpID             string `json:"opId"`
	}
	if code != 200 || json.Unmarshal(b, &rr) != nil || len(rr) != 3 {
		t.Fatalf("richieste: %d %s", code, b)
	}
	if rr[0].Percorso != "/wpti/v1/voip/aziende/"+az.AziendaID || rr[0].Stato != 404 || rr[0].OpID != "OLO001" {
		t.Errorf("newest request = %+v", rr[0])
	}
	if code, _ := control(t, sb, "GET", "/richieste?limite=0", ""); code != 400 {
		t.Errorf("limite=0: %d", code)
	}
}

// Prefer: latency delays the answer, fault=reset drops the connection; --fault-429 answers
// a share of requests 429 with Retry-After.
func TestFaultInjection(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, "olo001-crm")
	req, _ := http.NewRequest("GET", sb.URL+"/wpti/v1/operatore", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Prefer", "latency=300")
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("latency: %v", err)
	}
	resp.Body.Close()
	if d := time.Since(t0); d < 300*time.Millisecond {
		t.Errorf("Prefer: latency=300 answered in %v", d)
	}
	req.Header.Set("Prefer", "fault=reset")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("Prefer: fault=reset answered %d", resp.StatusCode)
	} else if _, ok := err.(net.Error); !ok && !strings.Contains(err.Error(), "EOF") {
		t.Logf("fault=reset error: %v", err)
	}

	sb2 := sandboxtest.New(t, sandboxtest.WithConfig(func(c *sandbox.Config) { c.Fault429 = 0.5 }))
	tok2 := sb2.Token(t, "olo001-crm")
	n429 := 0
	for range 40 {
		resp, b := do(t, "GET", sb2.URL+"/wpti/v1/operatore", tok2, "", "", "")
		switch resp.StatusCode {
		case 429:
			n429++
			if resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "TROPPE_RICHIESTE") {
				t.Fatalf("429 without Retry-After or codice: %s", b)
			}
		case 200:
		default:
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if n429 < 8 || n429 > 32 {
		t.Errorf("--fault-429 0.5 gave %d/40 429s", n429)
	}
}

// --rate-limit: over N requests a second an OLO gets 429 with Retry-After; another OLO
// keeps its own budget.
func TestRateLimitPerOLO(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithConfig(func(c *sandbox.Config) { c.RateLimit = 5 }))
	t1, t2 := sb.Token(t, "olo001-crm"), sb.Token(t, "olo002-crm")
	n429 := 0
	for range 20 {
		resp, b := do(t, "GET", sb.URL+"/wpti/v1/operatore", t1, "", "", "")
		if resp.StatusCode == 429 {
			n429++
			if resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "TROPPE_RICHIESTE") {
				t.Fatalf("429 without Retry-After: %s", b)
			}
		}
	}
	if n429 < 10 {
		t.Fatalf("only %d/20 requests limited at 5 req/s", n429)
	}
	if resp, _ := do(t, "GET", sb.URL+"/wpti/v1/operatore", t2, "", "", ""); resp.StatusCode != 200 {
		t.Fatalf("another OLO limited too: %d", resp.StatusCode)
	}
}
