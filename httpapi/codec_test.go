package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wpti/toolkit/gen/wpti"
)

// The codec decodes as encoding/json does, and what it decoded survives the reuse of its
// buffer by the next body.
func TestJSONCodecDecodesLikeEncodingJSON(t *testing.T) {
	var c JSONCodec
	first := `{"ragioneSociale":"Officine Lombarde S.r.l.","partitaIva":"00743110157","pec":"a@pec.it","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via Gioia","civico":"8","cap":"20124","comune":"Milano","provincia":"MI"}}`
	var a, want wpti.RichiestaAzienda
	if err := c.UnmarshalRead(strings.NewReader(first), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(first), &want); err != nil {
		t.Fatal(err)
	}
	var b wpti.RichiestaAzienda
	second := strings.ReplaceAll(first, "Officine Lombarde", "XXXXXXXXXXXXXXXXX")
	if err := c.UnmarshalRead(strings.NewReader(second), &b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jw, _ := json.Marshal(want)
	if !bytes.Equal(ja, jw) || a.RagioneSociale != "Officine Lombarde S.r.l." || b.RagioneSociale != "XXXXXXXXXXXXXXXXX S.r.l." {
		t.Fatalf("decoded %s, want %s (second %q)", ja, jw, b.RagioneSociale)
	}
	if err := c.UnmarshalRead(strings.NewReader(`{"maxCanali":"quattro"}`), &b); err == nil {
		t.Fatal("a wrong type was decoded without error")
	}
	var out bytes.Buffer
	if err := c.MarshalWrite(&out, map[string]int{"a": 1}); err != nil || out.String() != "{\"a\":1}\n" {
		t.Fatalf("encoded %q, %v", out.String(), err)
	}
}
