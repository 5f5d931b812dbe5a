// Package manual renders the Italian HTML manuals of the two Web Portal APIs from their
// OpenAPI contracts. The contract is the source of truth: every operation, field, rule and
// example in a manual is read from it, so the manual cannot drift from what the sandbox and
// the generated client do. Each manual is one self-contained file that an OLO can read
// offline, print, or send to a colleague.
package manual

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/wpti/toolkit/fixtures"
	"github.com/wpti/toolkit/spec"
	"github.com/wpti/toolkit/templates"
)

// Options says what, beyond the contract, goes into one manual.
type Options struct {
	// Title is the manual's name and its file name without ".html" (ManualeAPI_WPTI).
	Title string
	// EnvPrefix names the environment variables the examples read (WPTI gives WPTI_TOKEN,
	// WPTI_CLIENT_ID, WPTI_CLIENT_SECRET). Empty: derived from Title.
	EnvPrefix string
	// GoPackage is the import path of the client generated from this contract; the Go
	// examples call it. Empty: no Go examples.
	GoPackage string
	// TestValues, when present, become the chapter "Valori di test della sandbox".
	TestValues []TestValue
	// Chapters are appended after the data models, in this order.
	Chapters []Chapter
}

// Chapter is an extra chapter written as a template in the templates package, for content
// that is not in the contract (the SFTP channel). The template receives the Options, the
// contract's first server URL (.BaseURL) and .Op, which links to an operation by its
// operationId.
type Chapter struct {
	ID       string // anchor, unique in the manual
	Title    string
	Template string // name of a template defined in templates.FS
}

// chapterData is what an extra chapter's template receives.
type chapterData struct {
	Options Options
	BaseURL string
	ops     map[string]bool
}

// Op links to an operation of the manual by operationId, or just names it when the
// contract has no such operation, so a chapter never carries a dead link.
func (d chapterData) Op(id string) template.HTML {
	esc := template.HTMLEscapeString(id)
	if d.ops[id] {
		return template.HTML(`<a href="#` + esc + `">` + esc + `</a>`)
	}
	return template.HTML("<code>" + esc + "</code>")
}

// Manual pairs a contract with its options; WriteAll renders the list that Manuals returns.
type Manual struct {
	Spec    []byte
	Options Options
}

func (o Options) envPrefix() string {
	if o.EnvPrefix != "" {
		return o.EnvPrefix
	}
	if s := strings.TrimPrefix(o.Title, "ManualeAPI_"); s != o.Title && s != "" {
		return strings.ToUpper(s)
	}
	return "WPTI"
}

// FileName is the manual's file name.
func (o Options) FileName() string { return o.Title + ".html" }

// Render writes the manual of one contract. The contract is loaded and validated with
// kin-openapi first: a manual is never made from a contract the sandbox would refuse.
func Render(w io.Writer, specYAML []byte, opt Options) error {
	if opt.Title == "" {
		return errors.New("manual: Options.Title vuoto")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specYAML)
	if err != nil {
		return fmt.Errorf("%s: contratto non leggibile: %w", opt.Title, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return fmt.Errorf("%s: contratto non valido: %w", opt.Title, err)
	}
	b := newBuilder(doc, specYAML, opt)
	p, err := b.page()
	if err != nil {
		return fmt.Errorf("%s: %w", opt.Title, err)
	}
	t, err := parsedTemplates()
	if err != nil {
		return err
	}
	p.CSS, p.JS = assets.css, assets.js
	for _, ch := range opt.Chapters {
		var buf bytes.Buffer
		data := chapterData{Options: opt, BaseURL: b.baseURL, ops: b.opIDs}
		if err := t.ExecuteTemplate(&buf, ch.Template, data); err != nil {
			return fmt.Errorf("%s: capitolo %q: %w", opt.Title, ch.Title, err)
		}
		// html/template output: already escaped
		p.Chapters = append(p.Chapters, chapterView{ID: ch.ID, Title: ch.Title, HTML: template.HTML(buf.String())})
	}
	var out bytes.Buffer
	if err := t.ExecuteTemplate(&out, "manuale", p); err != nil {
		return fmt.Errorf("%s: %w", opt.Title, err)
	}
	_, err = w.Write(out.Bytes())
	return err
}

// Manuals lists the two manuals of the project: the Provisioning contract with the sandbox
// test values and the SFTP chapter, and the Anti-fraud contract.
func Manuals() ([]Manual, error) {
	tv, err := LoadTestValues(fixtures.FS(), "valori-test.yaml")
	if err != nil {
		return nil, err
	}
	return []Manual{
		{Spec: spec.WPTI, Options: Options{
			Title:      "ManualeAPI_WPTI",
			GoPackage:  "github.com/wpti/toolkit/gen/wpti",
			TestValues: tv,
			Chapters:   []Chapter{{ID: "canale-sftp", Title: "Canale SFTP", Template: "sftp"}},
		}},
		{Spec: spec.WPTIAF, Options: Options{
			Title:     "ManualeAPI_WPTI_AF",
			EnvPrefix: "WPTI",
			GoPackage: "github.com/wpti/toolkit/gen/wptiaf",
		}},
	}, nil
}

// WriteAll renders both manuals into dir (created if missing). The manuals are rendered
// side by side and written only when both are complete, so a failure never leaves half a
// manual, or one new manual beside an old one, behind.
func WriteAll(dir string) error {
	ms, err := Manuals()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bufs := make([]bytes.Buffer, len(ms))
	errs := make([]error, len(ms))
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() { errs[i] = Render(&bufs[i], m.Spec, m.Options) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, m := range ms {
		buf := &bufs[i]
		final := filepath.Join(dir, m.Options.FileName())
		tmp := final + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, final); err != nil {
			return err
		}
	}
	return nil
}

// TestValue is one documented sandbox input with a fixed outcome, like a payment sandbox's
// test card number.
type TestValue struct {
	Ambito  string // the operation the value is used with
	Campo   string // the request field
	Regola  string // how the value is recognised: "DN che termina con 0002"
	Esito   string
	Causale string
	Fase    string
	Nota    string
}

// LoadTestValues reads the fixture file that the sandbox also reads, so the manual lists the
// very rules the sandbox applies. A rule is any key other than the known columns
// (suffisso, cos, ...), printed in words.
func LoadTestValues(fsys fs.FS, name string) ([]TestValue, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var raw []map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]TestValue, 0, len(raw))
	for i, r := range raw {
		str := func(k string) string {
			v, ok := r[k]
			if !ok || v == nil {
				return ""
			}
			return fmt.Sprint(v)
		}
		tv := TestValue{Ambito: str("ambito"), Campo: str("campo"), Esito: str("esito"),
			Causale: str("causale"), Fase: str("fase"), Nota: str("nota")}
		var rules []string
		for _, k := range sortedKeys(r) {
			switch k {
			case "ambito", "campo", "esito", "causale", "fase", "nota":
				continue
			}
			rules = append(rules, ruleText(k, str(k)))
		}
		tv.Regola = strings.Join(rules, "; ")
		if tv.Ambito == "" || tv.Esito == "" {
			return nil, fmt.Errorf("%s: voce %d senza ambito o esito", name, i+1)
		}
		out = append(out, tv)
	}
	return out, nil
}

func ruleText(key, val string) string {
	switch key {
	case "suffisso":
		return "termina con " + val
	case "prefisso":
		return "inizia con " + val
	case "cos":
		return "COS = " + val
	case "valore":
		return "= " + val
	}
	return key + " = " + val
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return sortedStrings(keys)
}

// assets are the stylesheet and the filter script, inlined into every manual.
var assets struct {
	css template.CSS
	js  template.JS
}

var parsedTemplates = sync.OnceValues(func() (*template.Template, error) {
	css, err := fs.ReadFile(templates.FS, "manuale.css")
	if err != nil {
		return nil, err
	}
	js, err := fs.ReadFile(templates.FS, "filtro.js")
	if err != nil {
		return nil, err
	}
	// trusted: both files are ours, embedded at build time
	assets.css, assets.js = template.CSS(css), template.JS(js)
	return template.New("").Funcs(funcs).ParseFS(templates.FS, "*.tmpl")
})

var funcs = template.FuncMap{
	"lower": strings.ToLower,
	"hopen": func(level int, id, class string) template.HTML {
		level = min(max(level, 2), 6)
		attrs := ""
		if id != "" {
			attrs += ` id="` + template.HTMLEscapeString(id) + `"`
		}
		if class != "" {
			attrs += ` class="` + template.HTMLEscapeString(class) + `"`
		}
		return template.HTML(fmt.Sprintf("<h%d%s>", level, attrs))
	},
	"hclose": func(level int) template.HTML {
		return template.HTML(fmt.Sprintf("</h%d>", min(max(level, 2), 6)))
	},
	"code": codeBlock,
}
