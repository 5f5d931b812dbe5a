package manual

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var reCodeBlock = regexp.MustCompile(`(?s)<code class="lang-([a-z]+)">(.*?)</code>`)

// codeBlocks returns the code examples of one language, unescaped as a reader copies them.
func codeBlocks(doc, lang string) []string {
	var out []string
	for _, m := range reCodeBlock.FindAllStringSubmatch(doc, -1) {
		if m[1] == lang {
			out = append(out, html.UnescapeString(m[2]))
		}
	}
	return out
}

// genAPI is what the generated package declares, read from its source with go/parser.
type genAPI struct {
	names   map[string]bool            // exported top-level types, funcs, vars, consts
	methods map[string]*ast.FuncType   // ClientWithResponsesInterface methods
	fields  map[string]map[string]bool // struct type -> field names
	recv    map[string]map[string]bool // type -> method names
}

func parseGenerated(t *testing.T, dir string) *genAPI {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.gen.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("nessun file generato in %s", dir)
	}
	api := &genAPI{names: map[string]bool{}, methods: map[string]*ast.FuncType{},
		fields: map[string]map[string]bool{}, recv: map[string]map[string]bool{}}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					api.names[d.Name.Name] = true
					continue
				}
				typ := d.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				if id, ok := typ.(*ast.Ident); ok {
					if api.recv[id.Name] == nil {
						api.recv[id.Name] = map[string]bool{}
					}
					api.recv[id.Name][d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						api.names[s.Name.Name] = true
						switch tt := s.Type.(type) {
						case *ast.StructType:
							fs := map[string]bool{}
							for _, fl := range tt.Fields.List {
								for _, n := range fl.Names {
									fs[n.Name] = true
								}
							}
							api.fields[s.Name.Name] = fs
						case *ast.InterfaceType:
							if s.Name.Name == "ClientWithResponsesInterface" {
								for _, m := range tt.Methods.List {
									if ft, ok := m.Type.(*ast.FuncType); ok && len(m.Names) == 1 {
										api.methods[m.Names[0].Name] = ft
									}
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							api.names[n.Name] = true
						}
					}
				}
			}
		}
	}
	if len(api.methods) == 0 {
		t.Fatalf("%s: ClientWithResponsesInterface non trovato", dir)
	}
	return api
}

// arity is the number of arguments a client method takes before its variadic editors.
func arity(ft *ast.FuncType) int {
	n := 0
	for _, f := range ft.Params.List {
		if _, variadic := f.Type.(*ast.Ellipsis); variadic {
			continue
		}
		n += max(len(f.Names), 1)
	}
	return n
}

// resultType names the response type a client method returns (*XResponse -> XResponse).
func resultType(ft *ast.FuncType) string {
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return ""
	}
	if st, ok := ft.Results.List[0].Type.(*ast.StarExpr); ok {
		if id, ok := st.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// TestGoSnippetsUseTheGeneratedClient parses every Go example printed in the manuals and
// checks each name it takes from the generated package against that package's source: the
// client methods and their argument count, the types, the Params fields it sets and the
// response fields it reads.
func TestGoSnippetsUseTheGeneratedClient(t *testing.T) {
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			pkg := goPackageName(m.Options.GoPackage)
			api := parseGenerated(t, filepath.Join("..", "gen", pkg))
			blocks := codeBlocks(m.html, "go")
			doc := loadDoc(t, m.Spec)
			if want := doc.Paths.Len(); len(blocks) < want {
				t.Fatalf("%d esempi Go, meno dei %d percorsi", len(blocks), want)
			}
			called := map[string]bool{}
			for i, src := range blocks {
				if !strings.HasPrefix(src, "package ") {
					src = "package esempi\n\n" + src
				}
				file, err := parser.ParseFile(token.NewFileSet(), fmt.Sprintf("esempio%d.go", i), src, parser.SkipObjectResolution)
				if err != nil {
					t.Errorf("esempio Go non valido: %v\n%s", err, src)
					continue
				}
				respType := ""
				ast.Inspect(file, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.CallExpr:
						sel, ok := n.Fun.(*ast.SelectorExpr)
						if !ok {
							return true
						}
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "c" {
							ft, ok := api.methods[sel.Sel.Name]
							if !ok {
								t.Errorf("il client generato non ha il metodo %s", sel.Sel.Name)
								return true
							}
							called[sel.Sel.Name] = true
							respType = resultType(ft)
							if got, want := len(n.Args), arity(ft); got != want {
								t.Errorf("%s chiamato con %d argomenti, ne vuole %d", sel.Sel.Name, got, want)
							}
						}
					case *ast.SelectorExpr:
						x, ok := n.X.(*ast.Ident)
						if !ok {
							return true
						}
						switch x.Name {
						case pkg:
							if !api.names[n.Sel.Name] {
								t.Errorf("%s.%s non esiste nel pacchetto generato", pkg, n.Sel.Name)
							}
						case "resp":
							if respType == "" {
								t.Errorf("resp.%s letto prima della chiamata", n.Sel.Name)
							} else if !api.fields[respType][n.Sel.Name] && !api.recv[respType][n.Sel.Name] {
								t.Errorf("%s non ha %s", respType, n.Sel.Name)
							}
						}
					case *ast.CompositeLit:
						sel, ok := n.Type.(*ast.SelectorExpr)
						if !ok {
							return true
						}
						if x, ok := sel.X.(*ast.Ident); !ok || x.Name != pkg {
							return true
						}
						for _, e := range n.Elts {
							if kv, ok := e.(*ast.KeyValueExpr); ok {
								if k, ok := kv.Key.(*ast.Ident); ok && !api.fields[sel.Sel.Name][k.Name] {
									t.Errorf("%s.%s non ha il campo %s", pkg, sel.Sel.Name, k.Name)
								}
							}
						}
					}
					return true
				})
			}
			for path, item := range doc.Paths.Map() {
				for method, op := range item.Operations() {
					name := goIdent(op.OperationID)
					if !called[name+"WithResponse"] && !called[name+"WithBodyWithResponse"] {
						t.Errorf("%s %s: nessun esempio Go chiama %s", method, path, name)
					}
				}
			}
		})
	}
}

// TestGoSnippetsCompile builds the printed Go examples, exactly as printed, against the
// generated client: one file per example in a package that exists only in a build overlay,
// so the test writes nothing into the source tree.
func TestGoSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compila il client generato: lento")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go non trovato nel PATH")
	}
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			tmp := t.TempDir()
			pkgDir := filepath.Join(here, "zz_esempi_"+strings.ToLower(m.Options.Title))
			overlay := map[string]string{}
			for i, src := range codeBlocks(m.html, "go") {
				if !strings.HasPrefix(src, "package ") {
					src = "package main\n\n" + src
				}
				name := fmt.Sprintf("esempio%03d.go", i)
				if err := os.WriteFile(filepath.Join(tmp, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				overlay[filepath.Join(pkgDir, name)] = filepath.Join(tmp, name)
			}
			ov, _ := json.Marshal(map[string]any{"Replace": overlay})
			ovPath := filepath.Join(tmp, "overlay.json")
			if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(goBin, "build", "-overlay", ovPath, "-o", os.DevNull, "./"+filepath.Base(pkgDir))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("gli esempi Go non compilano: %v\n%s", err, out)
			}
		})
	}
}

func TestPythonSnippetsParse(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 non disponibile")
	}
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			blocks := codeBlocks(m.html, "python")
			if len(blocks) < 3 {
				t.Fatalf("solo %d esempi Python", len(blocks))
			}
			in, _ := json.Marshal(blocks)
			cmd := exec.Command(py, "-c", `import ast, json, sys
bad = 0
for i, src in enumerate(json.load(sys.stdin)):
    try:
        ast.parse(src)
    except SyntaxError as e:
        bad += 1
        print("esempio", i, e, "\n", src)
sys.exit(1 if bad else 0)`)
			cmd.Stdin = strings.NewReader(string(in))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("esempi Python non validi: %v\n%s", err, out)
			}
		})
	}
}

var reCurlURL = regexp.MustCompile(`curl [^\n]*?'?(https?://[^\s']+)`)

func TestCurlSnippets(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash non disponibile")
	}
	sawOffset := false
	for _, m := range projectManuals(t) {
		t.Run(m.Options.Title, func(t *testing.T) {
			blocks := codeBlocks(m.html, "sh")
			n := 0
			for _, src := range blocks {
				if !strings.Contains(src, "curl ") {
					continue
				}
				n++
				if out, err := exec.Command(bash, "-n", "-c", src).CombinedOutput(); err != nil {
					t.Errorf("sintassi shell: %v %s\n%s", err, out, src)
				}
				for _, u := range reCurlURL.FindAllStringSubmatch(src, -1) {
					if q := strings.IndexByte(u[1], '?'); q >= 0 && strings.Contains(u[1][q:], "+") {
						t.Errorf("'+' non codificato nella query: %s", u[1])
					}
					if strings.Contains(u[1], "%2B") {
						sawOffset = true
					}
				}
				if strings.Contains(src, "Authorization") && !strings.Contains(src, "$WPTI_TOKEN") {
					t.Errorf("token non preso dalla variabile d'ambiente:\n%s", src)
				}
			}
			if n < 10 {
				t.Errorf("solo %d esempi curl", n)
			}
		})
	}
	if !sawOffset {
		t.Error("nessun esempio curl con un fuso orario codificato %2B")
	}
}
