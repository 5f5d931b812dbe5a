package manual

import (
	"bytes"
	"context"
	"html"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// externalRef is the check the acceptance script (skeleton) runs on the manuals: anything a
// browser would fetch from the network by itself.
var externalRef = regexp.MustCompile(`(?i)<(script|img|iframe|audio|video|source)[^>]*src="(https?:)?//|<link[^>]*href="(https?:)?//|url\(["']?(https?:)?//|@import`)

func mustRender(t testing.TB, src []byte, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, src, opt); err != nil {
		t.Fatalf("Render(%s): %v", opt.Title, err)
	}
	return buf.String()
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// miniOptions renders the small test contract as the WPTI manual is rendered.
func miniOptions() Options {
	return Options{Title: "ManualeAPI_MINI", EnvPrefix: "MINI", GoPackage: "example.org/gen/mini",
		TestValues: []TestValue{{Ambito: "creaAzienda", Campo: "partitaIva", Regola: "termina con 9", Esito: "KO"}},
		Chapters:   []Chapter{{ID: "canale-sftp", Title: "Canale SFTP", Template: "sftp"}}}
}

type renderedManual struct {
	Manual
	html string
}

var (
	renderOnce sync.Once
	renderAll  []renderedManual
	renderErr  error
)

// projectManuals renders the project's two manuals once for all the tests that read them.
func projectManuals(t *testing.T) []renderedManual {
	t.Helper()
	renderOnce.Do(func() {
		ms, err := Manuals()
		if err != nil {
			renderErr = err
			return
		}
		for _, m := range ms {
			var buf bytes.Buffer
			if err := Render(&buf, m.Spec, m.Options); err != nil {
				renderErr = err
				return
			}
			renderAll = append(renderAll, renderedManual{m, buf.String()})
		}
	})
	if renderErr != nil {
		t.Fatal(renderErr)
	}
	return renderAll
}

func loadDoc(t *testing.T, src []byte) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestBothManualsRender(t *testing.T) {
	ms := projectManuals(t)
	if len(ms) != 2 {
		t.Fatalf("%d manuali, attesi 2", len(ms))
	}
	for _, m := range ms {
		t.Run(m.Options.Title, func(t *testing.T) {
			for _, want := range []string{
				`<html lang="it">`, `<meta charset="utf-8">`, "<title>" + m.Options.Title,
				"<h1>" + m.Options.Title + "</h1>", "Sezione Generale", `id="autenticazione"`,
				`id="errori"`, `id="modelli"`, "application/problem+json", "VALIDAZIONE", "Idempotency-Key",
				"@media print",
			} {
				if !strings.Contains(m.html, want) {
					t.Errorf("manca %q", want)
				}
			}
			// html/template writes ZgotmplZ where it refused a value (an unsafe URL, say)
			if strings.Contains(m.html, "ZgotmplZ") {
				t.Error("html/template ha rifiutato un valore (ZgotmplZ nel manuale)")
			}
			doc := loadDoc(t, m.Spec)
			if !strings.Contains(m.html, "<dd>"+doc.Info.Version+"</dd>") {
				t.Errorf("versione %s assente", doc.Info.Version)
			}
			if c := doc.Info.Contact; c != nil && c.Email != "" && !strings.Contains(m.html, `<a href="mailto:`+c.Email+`">`) {
				t.Errorf("contatto %s assente dalla copertina", c.Email)
			}
			for name := range doc.Components.Schemas {
				if !strings.Contains(m.html, `id="schema-`+name+`"`) {
					t.Errorf("modello %s senza voce in Modelli dati", name)
				}
			}
		})
	}
}

func TestEveryOperationHasAnchor(t *testing.T) {
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			doc := loadDoc(t, m.Spec)
			n := 0
			for path, item := range doc.Paths.Map() {
				for method, op := range item.Operations() {
					n++
					anchor := `<section class="op" id="` + op.OperationID + `">`
					if c := strings.Count(m.html, anchor); c != 1 {
						t.Errorf("%s %s: ancora %s presente %d volte", method, path, op.OperationID, c)
					}
					if !strings.Contains(m.html, `href="#`+op.OperationID+`"`) {
						t.Errorf("%s non è nell'indice", op.OperationID)
					}
				}
			}
			if n == 0 {
				t.Fatal("nessuna operazione nel contratto")
			}
		})
	}
}

var reTocTag = regexp.MustCompile(`<a class="toc-tag" href="#[^"]+">([^<]*)</a>`)
var reTocGroup = regexp.MustCompile(`<a class="toc-group" href="#[^"]+">([^<]*)</a>`)

// tocNumbers lists the menu numbers of the index, in the order the index shows them.
func tocNumbers(doc string) (tags, groups []string) {
	for _, m := range reTocTag.FindAllStringSubmatch(doc, -1) {
		tags = append(tags, strings.Fields(html.UnescapeString(m[1]))[0])
	}
	for _, m := range reTocGroup.FindAllStringSubmatch(doc, -1) {
		groups = append(groups, html.UnescapeString(m[1]))
	}
	return tags, groups
}

func TestIndexFollowsMenuOrder(t *testing.T) {
	want := map[string]struct{ tags, groups []string }{
		"ManualeAPI_WPTI":    {[]string{"1.", "2.", "3.", "4.1", "4.2", "4.3", "5."}, []string{"4. VoIP"}},
		"ManualeAPI_WPTI_AF": {[]string{"1.", "6.1", "6.2", "6.3", "6.4"}, []string{"6. Antifrode"}},
	}
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			w, ok := want[m.Options.Title]
			if !ok {
				t.Fatalf("manuale inatteso %s", m.Options.Title)
			}
			tags, groups := tocNumbers(m.html)
			if !slices.Equal(tags, w.tags) {
				t.Errorf("indice %v, atteso %v", tags, w.tags)
			}
			if !slices.Equal(groups, w.groups) {
				t.Errorf("gruppi %v, attesi %v", groups, w.groups)
			}
		})
	}
	t.Run("4.10 dopo 4.9", func(t *testing.T) {
		doc := mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())
		tags, groups := tocNumbers(doc)
		if w := []string{"1.", "2.", "4.1", "4.9", "4.10"}; !slices.Equal(tags, w) {
			t.Errorf("indice %v, atteso %v", tags, w)
		}
		if w := []string{"4. VoIP"}; !slices.Equal(groups, w) {
			t.Errorf("gruppi %v, attesi %v", groups, w)
		}
	})
}

func TestNoExternalResources(t *testing.T) {
	docs := map[string]string{"mini": mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())}
	for _, m := range projectManuals(t) {
		docs[m.Options.Title] = m.html
	}
	for name, doc := range docs {
		if loc := externalRef.FindStringIndex(doc); loc != nil {
			t.Errorf("%s carica dalla rete: %q", name, doc[loc[0]:min(loc[1]+40, len(doc))])
		}
		if strings.Contains(doc, "<script src") || strings.Contains(doc, "<link") {
			t.Errorf("%s usa script o fogli di stile esterni", name)
		}
	}
	// and the check itself finds what it must find
	for _, bad := range []string{`<img src="https://x/y.png">`, `<link rel="stylesheet" href="//cdn/x.css">`,
		`body{background:url(https://x/y.png)}`, `@import "x.css";`, `<script src="http://x/y.js"></script>`} {
		if !externalRef.MatchString(bad) {
			t.Errorf("il controllo non riconosce %q", bad)
		}
	}
}

func TestWellFormedHTML(t *testing.T) {
	docs := map[string]string{"mini": mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())}
	for _, m := range projectManuals(t) {
		docs[m.Options.Title] = m.html
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			for _, e := range checkHTML(doc) {
				t.Error(e)
			}
		})
	}
}

func TestCheckHTMLFindsErrors(t *testing.T) {
	head := "<!DOCTYPE html><html><body>"
	tests := []struct {
		name, doc, want string
	}{
		{"non chiuso", head + "<div><p>x</p></body></html>", "chiude <div>"},
		{"incrociato", head + "<b><i>x</b></i></body></html>", "</b> chiude <i>"},
		{"p con tabella", head + "<p><table></table></p></body></html>", "<table> dentro <p>"},
		{"li fuori lista", head + "<div><li>x</li></div></body></html>", "<li> dentro <div>"},
		{"minore nudo", head + "a < b</body></html>", "'<' nudo"},
		{"e commerciale", head + "a & b</body></html>", "'&'"},
		{"id doppio", head + `<p id="a"></p><p id="a"></p></body></html>`, "id ripetuto"},
		{"ancora mancante", head + `<a href="#manca">x</a></body></html>`, "#manca"},
		{"vuoto chiuso", head + "<br></br></body></html>", "elemento vuoto chiuso"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := checkHTML(tt.doc)
			if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Errorf("errori %q, atteso uno con %q", errs, tt.want)
			}
		})
	}
	if errs := checkHTML(head + `<p id="a">x &amp; <a href="#a">y</a><br></p><script>if (a<b) {}</script></body></html>`); len(errs) > 0 {
		t.Errorf("documento corretto rifiutato: %v", errs)
	}
}

func TestDeterministic(t *testing.T) {
	ms, err := Manuals()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		t.Run(m.Options.Title, func(t *testing.T) {
			t.Parallel()
			first := mustRender(t, m.Spec, m.Options)
			for range 3 {
				if again := mustRender(t, m.Spec, m.Options); again != first {
					t.Fatal("due rese dello stesso contratto differiscono")
				}
			}
		})
	}
}

func TestOperationContent(t *testing.T) {
	doc := mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())
	section := func(id string) string {
		t.Helper()
		i := strings.Index(doc, `<section class="op" id="`+id+`">`)
		if i < 0 {
			t.Fatalf("operazione %s assente", id)
		}
		return doc[i : i+strings.Index(doc[i:], "</section>")]
	}
	tests := []struct {
		op   string
		want []string
	}{
		{"leggiRiepilogoDashboard", []string{
			"scope <code>dashboard</code>", "<code>dal</code>", "string <span class=\"fmt\">(date-time)</span>",
			"valori: <code>ORDINI</code>, <code>KO</code>", "<td><code>ORDINI</code></td>", "<code>ETag</code>",
			"dal=2025-01-01T00:00:00%2B01:00", // the '+' of the offset encoded
			"Esempio di risposta 200 «zeta»", "LeggiRiepilogoDashboardWithResponse",
			`<a href="#risposta-BadRequest">`,
		}},
		{"creaAzienda", []string{
			`<a href="#schema-NuovaAzienda">NuovaAzienda</a>`, "lunghezza <code>2..120</code>",
			"Ragione sociale &lt;b&gt;non&lt;/b&gt; HTML.", `<tr class="lvl-1"><td class="nome"><code>cap</code>`,
			"pattern <code>^\\d{5}$</code>", `"Rossi &amp; Figli &lt;srl&gt;"`, "mappa di string",
			"può essere null", "CreaAziendaWithBodyWithResponse(ctx, params,", "Idempotency-Key",
		}},
		{"creaToken", []string{"nessun token richiesto", `--data-urlencode "client_secret=$MINI_CLIENT_SECRET"`,
			`os.environ["MINI_CLIENT_SECRET"]`, "sola scrittura"}},
		{"leggiAzienda", []string{"/voip/aziende/AZ-00000001", `c.LeggiAziendaWithResponse(ctx, "AZ-00000001")`}},
		{"eliminaAzienda", []string{"resp.StatusCode() != 204"}},
		{"elencaNona", []string{"array di <a href=\"#schema-Nodo\">Nodo</a>"}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			s := section(tt.op)
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("manca %q", w)
				}
			}
			for _, lang := range []string{"sh", "go", "python"} {
				for _, code := range codeBlocks(s, lang) {
					if strings.Contains(code, "segreto") {
						t.Errorf("il segreto dell'esempio è finito nel codice %s:\n%s", lang, code)
					}
				}
			}
		})
	}
}

// The contract's own description carries a <script> (testdata/mini.yaml): it must reach
// the page as text, and the page's only script must be the filter.
func TestDescriptionsAreEscaped(t *testing.T) {
	doc := mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())
	if !strings.Contains(doc, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("lo <script> della descrizione non è escapato")
	}
	if n := strings.Count(strings.ToLower(doc), "<script"); n != 1 {
		t.Errorf("%d elementi <script>, atteso solo quello del filtro", n)
	}
	for _, w := range []string{"<h3>Introduzione</h3>", "<h4>Convenzioni</h4>", "<strong>minimo</strong>",
		`<a href="https://example.org/doc">collegamento</a>`, `<table class="md">`, `<pre><code class="lang-json">{"a": "&lt;b&gt;"}</code></pre>`,
		"<p>Autenticazione e <strong>profilo</strong>.</p>"} {
		if !strings.Contains(doc, w) {
			t.Errorf("manca %q", w)
		}
	}
}

func TestRecursiveModelEndsInLink(t *testing.T) {
	doc := mustRender(t, readTestdata(t, "mini.yaml"), miniOptions())
	i := strings.Index(doc, `id="schema-Nodo"`)
	if i < 0 {
		t.Fatal("Nodo assente")
	}
	entry := doc[i : i+strings.Index(doc[i:], "</section>")]
	if !strings.Contains(entry, `struttura ricorsiva: vedi <a href="#schema-Nodo">`) {
		t.Error("Nodo contiene se stesso ma la tabella non rimanda al modello")
	}
	// Azienda (allOf of NuovaAzienda plus its own fields) lists both
	j := strings.Index(doc, `id="schema-Azienda"`)
	az := doc[j : j+strings.Index(doc[j:], "</section>")]
	for _, f := range []string{"ragioneSociale", "aziendaId", "sola lettura", "ATTIVA"} {
		if !strings.Contains(az, f) {
			t.Errorf("Azienda: manca %q (allOf non unito)", f)
		}
	}
}

func TestTestValuesChapter(t *testing.T) {
	ms := projectManuals(t)
	wpti := ms[0].html
	if !strings.Contains(wpti, `<section id="valori-test">`) {
		t.Fatal("capitolo dei valori di test assente")
	}
	for _, tv := range ms[0].Options.TestValues {
		row := "<td><code>" + tv.Esito + "</code></td>"
		if !strings.Contains(wpti, html.EscapeString(tv.Regola)) || !strings.Contains(wpti, row) {
			t.Errorf("valore di test %+v non in tabella", tv)
		}
	}
	if len(ms[0].Options.TestValues) < 5 {
		t.Errorf("solo %d valori di test letti dalle fixture", len(ms[0].Options.TestValues))
	}
	if strings.Contains(ms[1].html, `id="valori-test"`) {
		t.Error("il manuale antifrode non ha valori di test")
	}
}

func TestSFTPChapter(t *testing.T) {
	ms := projectManuals(t)
	wpti, af := ms[0].html, ms[1].html
	i := strings.Index(wpti, `<section class="capitolo" id="canale-sftp">`)
	if i < 0 {
		t.Fatal("capitolo SFTP assente")
	}
	ch := wpti[i:]
	for _, w := range []string{
		"RSA 2048", "<strong>e</strong> password", "aes256-gcm@openssh.com", "aes256-ctr", "aes256-cbc",
		"hmac-sha2-256-etm@openssh.com", "curve25519-sha256", "al massimo 3 indirizzi IP", "sola lettura",
		"non implementa <code>aes256-cbc</code>", // the one deviation, stated
		"CDR_&lt;OPID&gt;_&lt;AAAAMMGG&gt;_&lt;NNN&gt;.csv.gz", ".sha256", "MANIFEST_&lt;OPID&gt;_&lt;AAAAMMGG&gt;.json",
		"/DOC/", "<strong>con BOM</strong>", "<strong>virgola decimale</strong>", "<code>importoEur</code>",
		"<code>causaRilascio</code>", "sshpass -e sftp", "BatchMode=no",
	} {
		if !strings.Contains(ch, w) {
			t.Errorf("capitolo SFTP: manca %q", w)
		}
	}
	if strings.Contains(af, "canale-sftp") {
		t.Error("il capitolo SFTP è solo nel manuale WPTI")
	}
}

func TestRenderRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opt  Options
		want string
	}{
		{"senza titolo", "openapi: 3.0.3", Options{}, "Title"},
		{"non YAML", "{{{", Options{Title: "X"}, "non leggibile"},
		{"non valido", "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", Options{Title: "X"}, "non valido"},
		{"operationId mancante", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
			Options{Title: "X"}, "operationId mancante"},
		{"capitolo sconosciuto", string(readTestdata(t, "mini.yaml")),
			Options{Title: "X", Chapters: []Chapter{{ID: "x", Title: "X", Template: "manca"}}}, "capitolo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(&buf, []byte(tt.src), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("errore %v, atteso con %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Error("scritto qualcosa nonostante l'errore")
			}
		})
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir() + "/nuova"
	if err := WriteAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, m := range projectManuals(t) {
		got, err := os.ReadFile(dir + "/" + m.Options.FileName())
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != m.html {
			t.Errorf("%s scritto diverso dalla resa", m.Options.FileName())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d file nella cartella, attesi 2 (file temporanei rimasti?)", len(entries))
	}
}

func BenchmarkRender(b *testing.B) {
	ms, err := Manuals()
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range ms {
		b.Run(m.Options.Title, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := Render(&buf, m.Spec, m.Options); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
