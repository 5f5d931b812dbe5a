package manual

import (
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// page is everything the templates need, computed once: the templates only print.
type page struct {
	Title     string // ManualeAPI_WPTI
	APITitle  string // info.title
	Version   string
	Intro     template.HTML
	Servers   []serverView
	BaseURL   string
	Auth      []authView
	Errors    errorsView
	Common    []paramView // components.parameters: paging, idempotency...
	Menu      []menuEntry
	Schemas   []schemaView
	Tests     []testValueView
	Chapters  []chapterView
	EnvPrefix string
	GoPackage string
	GoName    string
	GoSetup   string
	CSS       template.CSS
	JS        template.JS
	OpCount   int
	Contact   *openapi3.Contact
	License   *openapi3.License
}

type serverView struct {
	URL       string
	Desc      template.HTML
	Variables []constraint
}

type authView struct {
	Name        string
	Type        string
	Desc        template.HTML
	TokenURL    string
	Scopes      []constraint // Label = scope, Value = description
	CurlToken   string
	PythonToken string
}

type errorsView struct {
	Problem   *schemaView
	Responses []errorResponse
}

type errorResponse struct {
	Name    string
	Status  string
	Codice  string
	Desc    template.HTML
	Example string
	Headers []headerView
}

type menuEntry struct {
	Group *groupView
	Tag   *tagView
}

type groupView struct {
	ID     string
	Number string
	Label  string
	Tags   []*tagView
}

type tagView struct {
	ID     string
	Name   string
	Number string
	Label  string
	Desc   template.HTML
	Ops    []*opView
	HLevel int
}

type opView struct {
	ID         string
	Method     string
	Path       string
	Summary    string
	Desc       template.HTML
	Deprecated bool
	Public     bool
	Scopes     []string
	Params     []paramView
	Body       *bodyView
	Responses  []respView
	Curl       string
	Python     string
	Go         string
	GoImports  []string // for the compile check of the printed snippet
	GoMethod   string
	HLevel     int
	// examplePath is the path of the examples, parameters filled in, for the tests that
	// send the manual's own requests to a sandbox.
	examplePath string
	exampleBody any // the request body of the examples (nil: none)
}

type paramView struct {
	Name        string
	In          string
	Type        typeDesc
	Required    bool
	Constraints []constraint
	Enum        []string
	EnumRef     string
	Style       string
	Default     string
	Desc        template.HTML
}

type bodyView struct {
	Required bool
	Desc     template.HTML
	Media    []mediaView
}

type mediaView struct {
	Type     string
	Schema   typeDesc
	Fields   []fieldRow
	Examples []exampleView
}

type exampleView struct {
	Name    string
	Summary string
	Desc    template.HTML
	JSON    string
}

type respView struct {
	Status  string
	Class   string
	Ref     string
	Desc    template.HTML
	Headers []headerView
	Media   []mediaView
}

type headerView struct {
	Name        string
	Type        typeDesc
	Required    bool
	Constraints []constraint
	Desc        template.HTML
}

type schemaView struct {
	Name        string
	ID          string
	Desc        template.HTML
	Type        typeDesc
	Constraints []constraint
	Enum        []string
	Fields      []fieldRow
	Example     string
	UsedBy      []string // operationIds
}

type testValueView struct {
	TestValue
	Linked bool // Ambito is an operation of this manual
}

type chapterView struct {
	ID    string
	Title string
	HTML  template.HTML
}

// builder turns a loaded contract into a page.
type builder struct {
	doc        *openapi3.T
	order      keyOrder
	opt        Options
	schemaRefs map[string]bool
	baseURL    string
	usedBy     map[string][]string
	opIDs      map[string]bool
}

func newBuilder(doc *openapi3.T, src []byte, opt Options) *builder {
	b := &builder{doc: doc, order: newKeyOrder(src), opt: opt, schemaRefs: map[string]bool{},
		usedBy: map[string][]string{}, opIDs: map[string]bool{}}
	if doc.Components != nil {
		for name := range doc.Components.Schemas {
			b.schemaRefs["#/components/schemas/"+escapePointer(name)] = true
		}
	}
	if len(doc.Servers) > 0 {
		b.baseURL = serverURL(doc.Servers[0])
	}
	return b
}

func (b *builder) page() (*page, error) {
	doc := b.doc
	p := &page{
		Title:     b.opt.Title,
		Version:   doc.Info.Version,
		APITitle:  doc.Info.Title,
		Intro:     markdown(doc.Info.Description, 3),
		BaseURL:   b.baseURL,
		EnvPrefix: b.opt.envPrefix(),
		GoPackage: b.opt.GoPackage,
		GoName:    goPackageName(b.opt.GoPackage),
		Contact:   doc.Info.Contact,
		License:   doc.Info.License,
	}
	for i, s := range doc.Servers {
		sv := serverView{URL: s.URL, Desc: markdownInline(s.Description)}
		for _, name := range sortKeys(b.order, fmt.Sprintf("/servers/%d/variables", i), s.Variables) {
			v := s.Variables[name]
			val := "default " + v.Default
			if len(v.Enum) > 0 {
				val += "; valori " + strings.Join(v.Enum, ", ")
			}
			sv.Variables = append(sv.Variables, constraint{name, val})
		}
		p.Servers = append(p.Servers, sv)
	}
	p.Auth = b.auth()
	p.Common = b.commonParams()

	tags, err := b.tags()
	if err != nil {
		return nil, err
	}
	p.Menu = b.menu(tags)
	for _, t := range tags {
		p.OpCount += len(t.Ops)
	}
	p.Errors = b.errors()
	p.Schemas = b.schemas()
	if p.GoName != "" {
		p.GoSetup = goSetup(p.GoPackage, p.GoName, b.baseURL, p.EnvPrefix, b.firstBearerOp(tags))
	}
	for _, tv := range b.opt.TestValues {
		p.Tests = append(p.Tests, testValueView{TestValue: tv, Linked: b.opIDs[tv.Ambito]})
	}
	return p, nil
}

// serverURL fills the server variables with their defaults.
func serverURL(s *openapi3.Server) string {
	u := s.URL
	for name, v := range s.Variables {
		u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
	}
	return strings.TrimRight(u, "/")
}

func (b *builder) auth() []authView {
	if b.doc.Components == nil {
		return nil
	}
	var out []authView
	schemes := b.doc.Components.SecuritySchemes
	for _, name := range sortKeys(b.order, "/components/securitySchemes", schemes) {
		ref := schemes[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		s := ref.Value
		av := authView{Name: name, Type: s.Type, Desc: markdown(s.Description, 4)}
		if s.Type == "http" {
			av.Type = "http " + s.Scheme
		}
		if s.Flows != nil && s.Flows.ClientCredentials != nil {
			f := s.Flows.ClientCredentials
			av.Type = "OAuth2 client credentials"
			av.TokenURL = b.resolve(f.TokenURL)
			ptr := "/components/securitySchemes/" + escapePointer(name) + "/flows/clientCredentials/scopes"
			for _, sc := range sortKeys(b.order, ptr, f.Scopes) {
				av.Scopes = append(av.Scopes, constraint{sc, f.Scopes[sc]})
			}
			av.CurlToken = curlToken(av.TokenURL, b.opt.envPrefix())
			av.PythonToken = pythonToken(av.TokenURL, b.opt.envPrefix())
		}
		out = append(out, av)
	}
	return out
}

// resolve makes a URL from the contract (tokenUrl: auth/token) absolute against the first
// server, as an OAuth2 client would.
func (b *builder) resolve(ref string) string {
	base, err := url.Parse(b.baseURL + "/")
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(r).String()
}

func (b *builder) commonParams() []paramView {
	if b.doc.Components == nil {
		return nil
	}
	var out []paramView
	params := b.doc.Components.Parameters
	for _, name := range sortKeys(b.order, "/components/parameters", params) {
		if ref := params[name]; ref != nil && ref.Value != nil {
			out = append(out, b.param(ref.Value, "/components/parameters/"+escapePointer(name)))
		}
	}
	return out
}

// tags groups the operations by their first tag, in menu order, operations in the order
// the contract lists them.
func (b *builder) tags() ([]*tagView, error) {
	byName := map[string]*tagView{}
	var order []string
	addTag := func(name string, desc string) *tagView {
		if t, ok := byName[name]; ok {
			if desc != "" && t.Desc == "" {
				t.Desc = markdown(desc, 4)
			}
			return t
		}
		num, label := menuKey(name)
		t := &tagView{ID: "tag-" + slug(name), Name: name, Number: formatMenu(num), Label: label,
			Desc: markdown(desc, 4), HLevel: 2}
		byName[name] = t
		order = append(order, name)
		return t
	}
	for _, t := range b.doc.Tags {
		addTag(t.Name, t.Description)
	}
	paths := b.doc.Paths.Map()
	for _, path := range sortKeys(b.order, "/paths", paths) {
		item := paths[path]
		pathPtr := "/paths/" + escapePointer(path)
		ops := item.Operations()
		lower := make(map[string]*openapi3.Operation, len(ops))
		for m, op := range ops {
			lower[strings.ToLower(m)] = op
		}
		for _, m := range sortKeys(b.order, pathPtr, lower) {
			op := lower[m]
			if op.OperationID == "" {
				return nil, fmt.Errorf("%s %s: operationId mancante (serve come ancora del manuale)", strings.ToUpper(m), path)
			}
			if b.opIDs[op.OperationID] {
				return nil, fmt.Errorf("operationId %q ripetuto", op.OperationID)
			}
			b.opIDs[op.OperationID] = true
			tag := "Altre operazioni"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			t := addTag(tag, "")
			t.Ops = append(t.Ops, b.operation(path, m, item, op, pathPtr))
		}
	}
	slices.SortStableFunc(order, compareMenu)
	out := make([]*tagView, len(order))
	for i, n := range order {
		out[i] = byName[n]
	}
	return out, nil
}

// menu applies x-tagGroups: a group of two or more tags becomes one heading ("4. VoIP")
// with the tags below it; a group of one tag is just that tag.
func (b *builder) menu(tags []*tagView) []menuEntry {
	type group struct {
		name string
		tags []string
	}
	var groups []group
	if raw, ok := b.doc.Extensions["x-tagGroups"].([]any); ok {
		for _, g := range raw {
			m, ok := g.(map[string]any)
			if !ok {
				continue
			}
			name, _ := m["name"].(string)
			var ts []string
			if list, ok := m["tags"].([]any); ok {
				for _, t := range list {
					if s, ok := t.(string); ok {
						ts = append(ts, s)
					}
				}
			}
			if len(ts) > 1 {
				groups = append(groups, group{name, ts})
			}
		}
	}
	inGroup := map[string]*groupView{}
	for _, g := range groups {
		gv := &groupView{}
		num, label := menuKey(g.name)
		if num == nil {
			num = commonMenuPrefix(g.tags)
		}
		gv.Number, gv.Label = formatMenu(num), label
		gv.ID = "gruppo-" + slug(g.name)
		for _, t := range g.tags {
			if _, taken := inGroup[t]; !taken {
				inGroup[t] = gv
			}
		}
	}
	var out []menuEntry
	placed := map[*groupView]bool{}
	for _, t := range tags {
		gv := inGroup[t.Name]
		if gv == nil {
			out = append(out, menuEntry{Tag: t})
			continue
		}
		t.HLevel = 3
		for _, op := range t.Ops {
			op.HLevel = 4
		}
		gv.Tags = append(gv.Tags, t)
		if !placed[gv] {
			placed[gv] = true
			out = append(out, menuEntry{Group: gv})
		}
	}
	return out
}

// commonMenuPrefix is the menu number shared by all the tags of a group: 4 for 4.1..4.3.
func commonMenuPrefix(tags []string) []int {
	var prefix []int
	for i, t := range tags {
		num, _ := menuKey(t)
		if len(num) < 2 {
			return nil
		}
		if i == 0 {
			prefix = num[:1]
		} else if num[0] != prefix[0] {
			return nil
		}
	}
	return prefix
}

func (b *builder) firstBearerOp(tags []*tagView) string {
	for _, t := range tags {
		for _, op := range t.Ops {
			if !op.Public && op.Body == nil && !strings.Contains(op.Path, "{") {
				return op.ID
			}
		}
	}
	return ""
}

func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation, pathPtr string) *opView {
	opPtr := pathPtr + "/" + method
	v := &opView{
		ID:         op.OperationID,
		Method:     strings.ToUpper(method),
		Path:       path,
		Summary:    op.Summary,
		Desc:       markdown(op.Description, 5),
		Deprecated: op.Deprecated,
		HLevel:     3,
	}
	sec := b.doc.Security
	if op.Security != nil {
		sec = *op.Security
	}
	v.Public = len(sec) == 0
	scopes := map[string]bool{}
	for _, req := range sec {
		if len(req) == 0 {
			v.Public = true
		}
		for _, ss := range req {
			for _, s := range ss {
				scopes[s] = true
			}
		}
	}
	for s := range scopes {
		v.Scopes = append(v.Scopes, s)
	}
	slices.Sort(v.Scopes)

	params := b.mergeParams(item, op, pathPtr, opPtr)
	for _, p := range params {
		v.Params = append(v.Params, b.param(p.p, p.ptr))
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		rbPtr := opPtr + "/requestBody"
		if op.RequestBody.Ref != "" {
			rbPtr = refPointer(op.RequestBody.Ref)
		}
		rb := op.RequestBody.Value
		bv := &bodyView{Required: rb.Required, Desc: markdown(rb.Description, 6)}
		for _, ct := range sortKeys(b.order, rbPtr+"/content", rb.Content) {
			mt := rb.Content[ct]
			mPtr := rbPtr + "/content/" + escapePointer(ct)
			mv := mediaView{Type: ct}
			if mt.Schema != nil {
				mv.Schema = b.typeOf(mt.Schema)
				mv.Fields = b.schemaFields(mt.Schema, mPtr+"/schema", true)
				b.use(mt.Schema, op.OperationID)
			}
			mv.Examples = b.examples(mt, mPtr)
			bv.Media = append(bv.Media, mv)
		}
		v.Body = bv
	}
	if op.Responses != nil {
		resps := op.Responses.Map()
		codes := make([]string, 0, len(resps))
		for c := range resps {
			codes = append(codes, c)
		}
		slices.SortFunc(codes, statusOrder)
		for _, code := range codes {
			v.Responses = append(v.Responses, b.response(code, resps[code], opPtr+"/responses/"+escapePointer(code), op.OperationID))
		}
	}
	b.snippets(v, path, params, op)
	return v
}

type paramAt struct {
	p   *openapi3.Parameter
	ptr string
}

// mergeParams joins path-level and operation-level parameters; the operation's win.
func (b *builder) mergeParams(item *openapi3.PathItem, op *openapi3.Operation, pathPtr, opPtr string) []paramAt {
	var out []paramAt
	index := map[string]int{}
	add := func(list openapi3.Parameters, base string) {
		for i, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			ptr := base + "/parameters/" + strconv.Itoa(i)
			if ref.Ref != "" {
				ptr = refPointer(ref.Ref)
			}
			key := ref.Value.In + ":" + ref.Value.Name
			if k, ok := index[key]; ok {
				out[k] = paramAt{ref.Value, ptr}
				continue
			}
			index[key] = len(out)
			out = append(out, paramAt{ref.Value, ptr})
		}
	}
	add(item.Parameters, pathPtr)
	add(op.Parameters, opPtr)
	return out
}

func (b *builder) param(p *openapi3.Parameter, ptr string) paramView {
	pv := paramView{Name: p.Name, In: p.In, Required: p.Required, Desc: markdownInline(p.Description)}
	if p.Schema != nil && p.Schema.Value != nil {
		pv.Type = b.typeOf(p.Schema)
		for _, c := range fieldConstraints(p.Schema) {
			if c.Label == "default" {
				pv.Default = c.Value
				continue
			}
			pv.Constraints = append(pv.Constraints, c)
		}
		pv.Enum, pv.EnumRef = enumOf(unwrap(p.Schema))
		if hasType(p.Schema.Value, "array") && p.In == "query" {
			if p.Explode != nil && !*p.Explode {
				pv.Style = "lista separata da virgole (?" + p.Name + "=A,B)"
			} else {
				pv.Style = "chiave ripetuta (?" + p.Name + "=A&" + p.Name + "=B)"
			}
		}
	}
	if p.Deprecated {
		pv.Constraints = append(pv.Constraints, constraint{"deprecato", ""})
	}
	if p.Example != nil {
		pv.Constraints = append(pv.Constraints, constraint{"es.", jsonScalar(p.Example)})
	}
	return pv
}

func (b *builder) response(code string, ref *openapi3.ResponseRef, ptr, opID string) respView {
	rv := respView{Status: code, Class: statusClass(code)}
	if ref == nil || ref.Value == nil {
		return rv
	}
	if ref.Ref != "" {
		rv.Ref = refName(ref.Ref)
		ptr = refPointer(ref.Ref)
	}
	r := ref.Value
	if r.Description != nil {
		rv.Desc = markdownInline(*r.Description)
	}
	rv.Headers = b.headers(r.Headers, ptr)
	for _, ct := range sortKeys(b.order, ptr+"/content", r.Content) {
		mt := r.Content[ct]
		mPtr := ptr + "/content/" + escapePointer(ct)
		mv := mediaView{Type: ct}
		if mt.Schema != nil {
			mv.Schema = b.typeOf(mt.Schema)
			if mt.Schema.Ref == "" && mt.Schema.Value != nil && (isObjectLike(mt.Schema.Value) ||
				hasType(mt.Schema.Value, "array") && mt.Schema.Value.Items != nil && mt.Schema.Value.Items.Ref == "") {
				mv.Fields = b.schemaFields(mt.Schema, mPtr+"/schema", false)
			}
			b.use(mt.Schema, opID)
		}
		// shared error answers show their example once, in the Errori chapter
		if rv.Ref == "" || strings.HasPrefix(code, "2") {
			mv.Examples = b.examples(mt, mPtr)
		}
		rv.Media = append(rv.Media, mv)
	}
	return rv
}

func statusClass(code string) string {
	switch {
	case strings.HasPrefix(code, "2"):
		return "ok"
	case strings.HasPrefix(code, "4"), strings.HasPrefix(code, "5"):
		return "ko"
	}
	return "info"
}

func (b *builder) headers(hs openapi3.Headers, ptr string) []headerView {
	var out []headerView
	for _, name := range sortKeys(b.order, ptr+"/headers", hs) {
		h := hs[name]
		if h == nil || h.Value == nil {
			continue
		}
		hv := headerView{Name: name, Required: h.Value.Required, Desc: markdownInline(h.Value.Description)}
		if s := h.Value.Schema; s != nil && s.Value != nil {
			hv.Type = b.typeOf(s)
			hv.Constraints = fieldConstraints(s)
			if enum, _ := enumOf(unwrap(s)); len(enum) > 0 {
				hv.Constraints = append(hv.Constraints, constraint{"valori", strings.Join(enum, ", ")})
			}
			if hv.Desc == "" {
				hv.Desc = markdownInline(s.Value.Description)
			}
		}
		out = append(out, hv)
	}
	return out
}

// examples lists a media type's examples: the named ones in contract order, then the single
// example; without either, the schema's own example.
func (b *builder) examples(mt *openapi3.MediaType, ptr string) []exampleView {
	var out []exampleView
	for _, name := range sortKeys(b.order, ptr+"/examples", mt.Examples) {
		ex := mt.Examples[name]
		if ex == nil || ex.Value == nil {
			continue
		}
		ePtr := ptr + "/examples/" + escapePointer(name)
		if ex.Ref != "" {
			ePtr = refPointer(ex.Ref)
		}
		out = append(out, exampleView{Name: name, Summary: ex.Value.Summary, Desc: markdownInline(ex.Value.Description),
			JSON: exampleText(b.order.ordered(ex.Value.Value, ePtr+"/value"))})
	}
	if mt.Example != nil {
		out = append(out, exampleView{Name: "esempio", JSON: exampleText(b.order.ordered(mt.Example, ptr+"/example"))})
	}
	if len(out) == 0 && mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil {
		sPtr := ptr + "/schema"
		if mt.Schema.Ref != "" {
			sPtr = refPointer(mt.Schema.Ref)
		}
		out = append(out, exampleView{Name: "esempio dallo schema", JSON: exampleText(b.order.ordered(mt.Schema.Value.Example, sPtr+"/example"))})
	}
	return out
}

func exampleText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return prettyJSON(v)
}

// firstExample is the body an example request sends.
func (b *builder) firstExample(mt *openapi3.MediaType, ptr string) any {
	for _, name := range sortKeys(b.order, ptr+"/examples", mt.Examples) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			ePtr := ptr + "/examples/" + escapePointer(name)
			if ex.Ref != "" {
				ePtr = refPointer(ex.Ref)
			}
			return b.order.ordered(ex.Value.Value, ePtr+"/value")
		}
	}
	if mt.Example != nil {
		return b.order.ordered(mt.Example, ptr+"/example")
	}
	return b.sampleValue(mt.Schema, ptr+"/schema", 0)
}

// use remembers which operations refer to which models, for the "usato da" line.
func (b *builder) use(ref *openapi3.SchemaRef, opID string) {
	for ref != nil && ref.Ref == "" && ref.Value != nil && ref.Value.Items != nil {
		ref = ref.Value.Items
	}
	if ref == nil || ref.Ref == "" {
		return
	}
	name := refName(ref.Ref)
	if !slices.Contains(b.usedBy[name], opID) {
		b.usedBy[name] = append(b.usedBy[name], opID)
	}
}

func (b *builder) errors() errorsView {
	var ev errorsView
	if b.doc.Components == nil {
		return ev
	}
	if ref, ok := b.doc.Components.Schemas["Problem"]; ok && ref.Value != nil {
		sv := b.schema("Problem", ref)
		ev.Problem = &sv
	}
	resps := b.doc.Components.Responses
	for _, name := range sortKeys(b.order, "/components/responses", resps) {
		ref := resps[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		ptr := "/components/responses/" + escapePointer(name)
		er := errorResponse{Name: name, Headers: b.headers(ref.Value.Headers, ptr)}
		if d := ref.Value.Description; d != nil {
			er.Desc = markdownInline(*d)
		}
		for _, ct := range sortKeys(b.order, ptr+"/content", ref.Value.Content) {
			mt := ref.Value.Content[ct]
			ex := b.firstExample(mt, ptr+"/content/"+escapePointer(ct))
			if m, ok := ex.(*omap); ok {
				if s, ok := m.vals["status"].(float64); ok {
					er.Status = number(s)
				}
				if c, ok := m.vals["codice"].(string); ok {
					er.Codice = c
				}
			}
			er.Example = exampleText(ex)
			break
		}
		ev.Responses = append(ev.Responses, er)
	}
	slices.SortStableFunc(ev.Responses, func(a, c errorResponse) int { return statusOrder(a.Status, c.Status) })
	return ev
}

func (b *builder) schemas() []schemaView {
	if b.doc.Components == nil {
		return nil
	}
	names := make([]string, 0, len(b.doc.Components.Schemas))
	for n := range b.doc.Components.Schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]schemaView, 0, len(names))
	for _, n := range names {
		out = append(out, b.schema(n, b.doc.Components.Schemas[n]))
	}
	return out
}

func (b *builder) schema(name string, ref *openapi3.SchemaRef) schemaView {
	ptr := "/components/schemas/" + escapePointer(name)
	sv := schemaView{Name: name, ID: "schema-" + name}
	if ref == nil || ref.Value == nil {
		return sv
	}
	self := &openapi3.SchemaRef{Ref: "#" + ptr, Value: ref.Value}
	s := ref.Value
	sv.Desc = markdown(s.Description, 5)
	t := b.typeOf(&openapi3.SchemaRef{Value: s})
	sv.Type = t
	sv.Constraints = constraints(s)
	if len(s.Enum) > 0 {
		sv.Enum = enumValues(s.Enum)
	}
	if isObjectLike(s) || hasType(s, "array") {
		sv.Fields = b.schemaFields(self, ptr, false)
		if s.Example != nil {
			sv.Example = exampleText(b.order.ordered(s.Example, ptr+"/example"))
		}
	}
	sv.UsedBy = sortedStrings(b.usedBy[name])
	return sv
}

var (
	reSlug       = regexp.MustCompile(`[^a-z0-9]+`)
	accentFolder = strings.NewReplacer("à", "a", "è", "e", "é", "e", "ì", "i", "ò", "o", "ù", "u")
)

// slug makes an id from a tag name: "4.1 VoIP - Gestione Aziende" -> "4-1-voip-gestione-aziende".
func slug(s string) string {
	s = accentFolder.Replace(strings.ToLower(s))
	return strings.Trim(reSlug.ReplaceAllString(s, "-"), "-")
}
