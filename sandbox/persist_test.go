package sandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpti/toolkit/sandbox"
	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

func call(t *testing.T, method, url, tok, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Writes acknowledged before a restart are there after it, lifecycles included: the state
// file is the world's seed plus the journal of accepted writes, replayed at their instants.
func TestStateFileSurvivesRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	dir := t.TempDir()
	withState := sandboxtest.WithConfig(func(c *sandbox.Config) { c.StateFile = state; c.StateDir = dir })
	sb := sandboxtest.New(t, withState)
	tok := sb.Token(t, "olo001-crm")
	code, body := call(t, "POST", sb.URL+"/wpti/v1/voip/aziende", tok, `{"ragioneSociale":"Persistenza S.r.l.","partitaIva":"00743110157","pec":"persistenza@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}`)
	if code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	var az struct {
		AziendaID string `json:"aziendaId"`
	}
	_ = json.Unmarshal([]byte(body), &az)
	code, body = call(t, "POST", sb.URL+"/wpti/v1/wlr/ordini", tok, `{"codiceOrdineOlo":"PERS-1","tipo":"ATTIVAZIONE_LINEA_ATTIVA","dn":"0612345610","cliente":{"nominativo":"Manuela Riccardi","codiceFiscale":"RCCMNL83S18D969H"},"categoria":"RESIDENZIALE","tipoAccesso":"POTS","dac":"2026-03-20"}`)
	if code != 201 {
		t.Fatalf("order: %d %s", code, body)
	}
	code, _ = call(t, "POST", sb.URL+"/sandbox/v1/orologio/avanza", "", `{"giorniLavorativi":10}`)
	if code != 200 {
		t.Fatalf("advance: %d", code)
	}
	_, before := call(t, "GET", sb.URL+"/wpti/v1/wlr/ordini?codiceOrdineOlo=PERS-1", tok, "")
	clockBefore := sb.Clock.Now()
	if !strings.Contains(before, `"ESPLETATO"`) {
		t.Fatalf("order not completed before restart: %s", before)
	}
	sb.Close()

	sb2 := sandboxtest.New(t, withState)
	tok2 := sb2.Token(t, "olo001-crm")
	if code, body := call(t, "GET", sb2.URL+"/wpti/v1/voip/aziende/"+az.AziendaID, tok2, ""); code != 200 {
		t.Fatalf("company lost in the restart: %d %s", code, body)
	}
	_, after := call(t, "GET", sb2.URL+"/wpti/v1/wlr/ordini?codiceOrdineOlo=PERS-1", tok2, "")
	if after != before {
		t.Fatalf("order differs after restart:\nbefore %s\nafter  %s", before, after)
	}
	if code, _ := call(t, "GET", sb2.URL+"/wpti/v1/wlr/linee/0612345610", tok2, ""); code != 200 {
		t.Fatalf("line created by the order lost: %d", code)
	}
	// The advance is replayed from the instant it was asked at: it does not count twice.
	if got := sb2.Clock.Now(); !got.Equal(clockBefore) {
		t.Fatalf("clock after restart %v, before %v", got, clockBefore)
	}
	_ = context.Background()
}

// A state file belongs to one seed: another seed is a clear error, not a mixed world.
func TestStateFileOtherSeedRefused(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	sb := sandboxtest.New(t, sandboxtest.WithConfig(func(c *sandbox.Config) { c.StateFile = state }))
	sb.Close()
	cfg := sandbox.Defaults()
	cfg.HTTPAddr, cfg.SFTPAddr, cfg.StateDir, cfg.StateFile, cfg.Seed = "127.0.0.1:0", "", t.TempDir(), state, 99
	if _, err := sandbox.New(cfg); err == nil || !strings.Contains(err.Error(), "seme") {
		t.Fatalf("other seed: %v", err)
	}
}
