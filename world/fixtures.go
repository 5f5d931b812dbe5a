package world

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wpti/toolkit/italia"
)

// Operatore is one OLO as the fixtures declare it: who may call the APIs and fetch files.
type Operatore struct {
	OpID           string      `yaml:"opId"`
	RagioneSociale string      `yaml:"ragioneSociale"`
	PartitaIva     string      `yaml:"partitaIva"`
	Cow            string      `yaml:"cow"`
	Servizi        []string    `yaml:"servizi"`
	API            APIAccount  `yaml:"api"`
	SFTP           SFTPAccount `yaml:"sftp"`
	Dimensioni     Dimensioni  `yaml:"dimensioni"`
	Clienti        []Cliente   `yaml:"clienti"`
	pos            posizione
}

// APIAccount holds the OAuth2 client credentials of an OLO.
type APIAccount struct {
	ClientID     string   `yaml:"clientId"`
	ClientSecret string   `yaml:"clientSecret"`
	Scope        []string `yaml:"scope"`
	IPAmmessi    []string `yaml:"ipAmmessi"`
}

// SFTPAccount holds an OLO's SFTP login; an empty Password is generated and kept in the
// state folder.
type SFTPAccount struct {
	Username        string   `yaml:"username"`
	Password        string   `yaml:"password"`
	ChiaviPubbliche []string `yaml:"chiaviPubbliche"`
	IPAmmessi       []string `yaml:"ipAmmessi"`
}

// Dimensioni says how much of the world to generate around an OLO.
type Dimensioni struct {
	LineeWlr         int `yaml:"lineeWlr"`
	OrdiniWlr        int `yaml:"ordiniWlr"`
	AziendeVoip      int `yaml:"aziendeVoip"`
	UfficiPerAzienda int `yaml:"ufficiPerAzienda"`
	UtentiPerUfficio int `yaml:"utentiPerUfficio"`
	PortedOut        int `yaml:"portedOut"`
	Comunicazioni    int `yaml:"comunicazioni"`
}

// Cliente is a fixed test customer with its active WLR lines.
type Cliente struct {
	Nominativo     string   `yaml:"nominativo"`
	RagioneSociale string   `yaml:"ragioneSociale"`
	CodiceFiscale  string   `yaml:"codiceFiscale"`
	PartitaIva     string   `yaml:"partitaIva"`
	DN             []string `yaml:"dn"`
}

// ValoreTest is one documented test value with a fixed outcome (fixtures/valori-test.yaml).
type ValoreTest struct {
	Ambito   string `yaml:"ambito"`
	Campo    string `yaml:"campo"`
	Suffisso string `yaml:"suffisso"`
	Cos      string `yaml:"cos"`
	Esito    string `yaml:"esito"`
	Causale  string `yaml:"causale"`
	Fase     string `yaml:"fase"`
	Nota     string `yaml:"nota"`
	pos      posizione
}

// posizione is where a list item of a fixture file is: its line and the line of each of
// its fields ("partitaIva", "sftp.ipAmmessi", "clienti[0].dn[1]"), so an error names the
// very line to fix.
type posizione struct {
	riga  int
	campi map[string]int
}

// riga returns the line of a field, or of the item when the field is absent.
func (p posizione) rigaDi(campo string) int {
	if r, ok := p.campi[campo]; ok {
		return r
	}
	return p.riga
}

// Fixtures is everything the world is seeded from.
type Fixtures struct {
	Operatori  []Operatore
	ValoriTest []ValoreTest
}

// Servizi an OLO may have, and the API scope each one opens.
var scopeDiServizio = map[string]string{"WLR": "wlr", "VOIP": "voip", "PORTED_OUT": "ported-out", "ANTIFRODE": "antifrode"}

var (
	reOpID = regexp.MustCompile(`^[A-Z0-9]{3,8}$`)
	reCow  = regexp.MustCompile(`^[A-Z0-9]{3}$`)
	reUser = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)
)

// LoadFixtures reads operatori.yaml and valori-test.yaml from fsys. Every mistake is reported
// as "file:line: what is wrong", all of them at once, so a user fixing a copied fixture
// folder sees the whole list in one start.
func LoadFixtures(fsys fs.FS) (*Fixtures, error) {
	var f Fixtures
	posOp, errOp := decodeStrict(fsys, "operatori.yaml", &f.Operatori)
	posVt, errVt := decodeStrict(fsys, "valori-test.yaml", &f.ValoriTest)
	if errOp != nil || errVt != nil {
		return nil, errors.Join(errOp, errVt)
	}
	for i := range f.Operatori {
		f.Operatori[i].pos = posOp[i]
	}
	for i := range f.ValoriTest {
		f.ValoriTest[i].pos = posVt[i]
	}
	errs := validaOperatori(f.Operatori)
	errs = append(errs, validaValoriTest(f.ValoriTest)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &f, nil
}

func validaOperatori(ops []Operatore) []error {
	var errs []error
	seen := map[string]int{}
	dup := func(kind, v string, line int) {
		k := kind + "\x00" + v
		if prev, ok := seen[k]; ok {
			errs = append(errs, fmt.Errorf("operatori.yaml:%d: %s %q gia' usato alla riga %d", line, kind, v, prev))
		} else {
			seen[k] = line
		}
	}
	if len(ops) == 0 {
		errs = append(errs, errors.New("operatori.yaml: nessun operatore: ne serve almeno uno"))
	}
	for i := range ops {
		o := &ops[i]
		bad := func(campo, format string, a ...any) {
			errs = append(errs, fmt.Errorf("operatori.yaml:%d: %s: %s: %s", o.pos.rigaDi(campo), o.OpID, campo, fmt.Sprintf(format, a...)))
		}
		if !reOpID.MatchString(o.OpID) {
			bad("opId", "deve essere di 3-8 lettere maiuscole o cifre")
		}
		dup("opId", o.OpID, o.pos.rigaDi("opId"))
		if strings.TrimSpace(o.RagioneSociale) == "" {
			bad("ragioneSociale", "mancante")
		}
		if err := italia.ValidaPartitaIva(o.PartitaIva); err != nil {
			bad("partitaIva", "%v", err)
		}
		if !reCow.MatchString(o.Cow) {
			bad("cow", "deve essere di 3 lettere maiuscole o cifre")
		}
		if len(o.Servizi) == 0 {
			bad("servizi", "almeno uno tra WLR, VOIP, PORTED_OUT, ANTIFRODE")
		}
		for j, s := range o.Servizi {
			if _, ok := scopeDiServizio[s]; !ok {
				bad(fmt.Sprintf("servizi[%d]", j), "servizio %q sconosciuto (WLR, VOIP, PORTED_OUT, ANTIFRODE)", s)
			}
		}
		if o.API.ClientID == "" {
			bad("api.clientId", "obbligatorio")
		}
		if len(o.API.ClientSecret) < 12 {
			bad("api.clientSecret", "di almeno 12 caratteri")
		}
		dup("api.clientId", o.API.ClientID, o.pos.rigaDi("api.clientId"))
		if !reUser.MatchString(o.SFTP.Username) {
			bad("sftp.username", "deve essere minuscolo, 3-32 caratteri [a-z0-9_.-]")
		}
		dup("sftp.username", o.SFTP.Username, o.pos.rigaDi("sftp.username"))
		if o.SFTP.Password != "" && len(o.SFTP.Password) < 12 {
			bad("sftp.password", "di almeno 12 caratteri (o vuota per generarla)")
		}
		if n := len(o.SFTP.IPAmmessi); n == 0 || n > 3 {
			bad("sftp.ipAmmessi", "da 1 a 3 indirizzi, non %d (politica della rete ospitante)", n)
		}
		if len(o.API.IPAmmessi) > 3 {
			bad("api.ipAmmessi", "al massimo 3 indirizzi, non %d", len(o.API.IPAmmessi))
		}
		for _, l := range []struct {
			campo string
			ips   []string
		}{{"sftp.ipAmmessi", o.SFTP.IPAmmessi}, {"api.ipAmmessi", o.API.IPAmmessi}} {
			for j, ip := range l.ips {
				if a, err := netip.ParseAddr(ip); err != nil || !a.Is4() {
					bad(fmt.Sprintf("%s[%d]", l.campo, j), "indirizzo IP %q non valido: serve un IPv4 (es. 127.0.0.1)", ip)
				}
			}
		}
		d := &o.Dimensioni
		for _, x := range []struct {
			nome string
			v    int
		}{{"lineeWlr", d.LineeWlr}, {"ordiniWlr", d.OrdiniWlr}, {"aziendeVoip", d.AziendeVoip}, {"ufficiPerAzienda", d.UfficiPerAzienda}, {"utentiPerUfficio", d.UtentiPerUfficio}, {"portedOut", d.PortedOut}, {"comunicazioni", d.Comunicazioni}} {
			if x.v < 0 || x.v > 200000 {
				bad("dimensioni."+x.nome, "fuori intervallo 0..200000")
			}
		}
		for j, c := range o.Clienti {
			cl := fmt.Sprintf("clienti[%d]", j)
			if (c.Nominativo == "") == (c.RagioneSociale == "") {
				bad(cl, "nominativo oppure ragioneSociale")
			}
			if c.CodiceFiscale != "" {
				if err := italia.ValidaCodiceFiscale(c.CodiceFiscale); err != nil {
					bad(cl+".codiceFiscale", "%v", err)
				}
			} else if err := italia.ValidaPartitaIva(c.PartitaIva); err != nil {
				bad(cl+".partitaIva", "%v", err)
			}
			for k, dn := range c.DN {
				campo := fmt.Sprintf("%s.dn[%d]", cl, k)
				if err := italia.ValidaDN(dn); err != nil || !strings.HasPrefix(dn, "0") {
					bad(campo, "%q: serve un DN geografico valido", dn)
				}
				dup("dn", dn, o.pos.rigaDi(campo))
			}
		}
	}
	return errs
}

var (
	reSuffisso = regexp.MustCompile(`^[0-9]{1,6}$`)
	reCos      = regexp.MustCompile(`^[0-9]{3}$`)
	// faseDiEsito is the step at which the world gives each outcome (see pianifica).
	faseDiEsito = map[string]string{"KO_FORMALE": "ACQUISITO", "KO_TECNICO": "IN_LAVORAZIONE", "ESPLETATO": "IN_LAVORAZIONE"}
	reCausale   = regexp.MustCompile(`^KO(0[1-9]|10)$`)
)

// validaValoriTest checks that every test value is one the world can honour: a known
// operation, exactly one rule (a DN suffix or a COS), an outcome with its causale and the
// step at which the world gives it, and no two values that would match the same input.
func validaValoriTest(vs []ValoreTest) []error {
	var errs []error
	suffissi, cos := map[string]int{}, map[string]int{}
	for i := range vs {
		v := &vs[i]
		bad := func(campo, format string, a ...any) {
			errs = append(errs, fmt.Errorf("valori-test.yaml:%d: %s: %s", v.pos.rigaDi(campo), campo, fmt.Sprintf(format, a...)))
		}
		if v.Ambito != "creaOrdineWlr" {
			bad("ambito", "%q sconosciuto: la sandbox applica valori di test solo a creaOrdineWlr", v.Ambito)
		}
		switch v.Campo {
		case "dn":
			if !reSuffisso.MatchString(v.Suffisso) || v.Cos != "" {
				bad("suffisso", "per campo dn serve suffisso (1-6 cifre) e nessun cos")
			}
			for s, riga := range suffissi {
				if v.Suffisso != "" && (strings.HasSuffix(s, v.Suffisso) || strings.HasSuffix(v.Suffisso, s)) {
					bad("suffisso", "%q si sovrappone al suffisso %q della riga %d: un DN avrebbe due esiti", v.Suffisso, s, riga)
				}
			}
			suffissi[v.Suffisso] = v.pos.rigaDi("suffisso")
		case "codiceMigrazione":
			if !reCos.MatchString(v.Cos) || v.Suffisso != "" {
				bad("cos", "per campo codiceMigrazione serve cos (3 cifre) e nessun suffisso")
			}
			if riga, ok := cos[v.Cos]; ok {
				bad("cos", "%q gia' usato alla riga %d", v.Cos, riga)
			}
			cos[v.Cos] = v.pos.rigaDi("cos")
		default:
			bad("campo", "%q sconosciuto (dn o codiceMigrazione)", v.Campo)
		}
		fase, ok := faseDiEsito[v.Esito]
		switch {
		case !ok:
			bad("esito", "%q sconosciuto (KO_FORMALE, KO_TECNICO, ESPLETATO)", v.Esito)
		case v.Fase != fase:
			bad("fase", "%q: la sandbox da' l'esito %s in fase %s", v.Fase, v.Esito, fase)
		}
		switch {
		case v.Esito == "ESPLETATO" && v.Causale != "":
			bad("causale", "un esito ESPLETATO non ha causale")
		case ok && v.Esito != "ESPLETATO" && !reCausale.MatchString(v.Causale):
			bad("causale", "%q: un esito %s vuole una causale KO01..KO10", v.Causale, v.Esito)
		}
	}
	return errs
}

var reRigaYAML = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeStrict decodes a YAML list, refusing unknown fields, and returns where each item
// and each of its fields is, so that later checks can name the line.
func decodeStrict[T any](fsys fs.FS, name string, out *[]T) ([]posizione, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.As(err, &te):
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				msgs[i] = name + ":" + strings.TrimPrefix(m, "line ")
			}
			return nil, errors.New(strings.Join(msgs, "\n"))
		case errors.Is(err, io.EOF):
			return nil, fmt.Errorf("%s: file vuoto: serve una lista", name)
		}
		if m := reRigaYAML.FindStringSubmatch(err.Error()); m != nil {
			return nil, fmt.Errorf("%s:%s: %s", name, m[1], m[2])
		}
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var node yaml.Node
	if err := yaml.Unmarshal(b, &node); err != nil || len(node.Content) == 0 {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	pos := make([]posizione, len(*out))
	for i, item := range node.Content[0].Content {
		if i < len(pos) {
			pos[i] = posizione{riga: item.Line, campi: map[string]int{}}
			righe(item, "", pos[i].campi)
		}
	}
	return pos, nil
}

// righe records the line of every field under n: "a.b" for nested mappings, "a[2]" for
// list items.
func righe(n *yaml.Node, prefisso string, out map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := prefisso + k.Value
			out[p] = k.Line
			switch v.Kind {
			case yaml.MappingNode:
				righe(v, p+".", out)
			case yaml.SequenceNode:
				righe(v, p, out)
			}
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			p := fmt.Sprintf("%s[%d]", prefisso, i)
			out[p] = v.Line
			if v.Kind == yaml.MappingNode {
				righe(v, p+".", out)
			}
		}
	}
}
