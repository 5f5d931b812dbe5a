package world

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"regexp"
	"slices"
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
	line           int
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
// as "file:line: what is wrong", all of them at once.
func LoadFixtures(fsys fs.FS) (*Fixtures, error) {
	var f Fixtures
	var errs []error
	if err := decodeStrict(fsys, "operatori.yaml", &f.Operatori); err != nil {
		return nil, err
	}
	if err := decodeStrict(fsys, "valori-test.yaml", &f.ValoriTest); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	dup := func(kind, v string, line int) {
		k := kind + "\x00" + v
		if prev, ok := seen[k]; ok {
			errs = append(errs, fmt.Errorf("operatori.yaml:%d: %s %q gia' usato alla riga %d", line, kind, v, prev))
		} else {
			seen[k] = line
		}
	}
	if len(f.Operatori) == 0 {
		errs = append(errs, errors.New("operatori.yaml: nessun operatore: ne serve almeno uno"))
	}
	for i := range f.Operatori {
		o := &f.Operatori[i]
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("operatori.yaml:%d: %s: %s", o.line, o.OpID, fmt.Sprintf(format, a...)))
		}
		if !reOpID.MatchString(o.OpID) {
			bad("opId deve essere di 3-8 lettere maiuscole o cifre")
		}
		dup("opId", o.OpID, o.line)
		if strings.TrimSpace(o.RagioneSociale) == "" {
			bad("ragioneSociale mancante")
		}
		if err := italia.ValidaPartitaIva(o.PartitaIva); err != nil {
			bad("partitaIva: %v", err)
		}
		if !reCow.MatchString(o.Cow) {
			bad("cow deve essere di 3 lettere maiuscole o cifre")
		}
		if len(o.Servizi) == 0 {
			bad("servizi: almeno uno tra WLR, VOIP, PORTED_OUT, ANTIFRODE")
		}
		for _, s := range o.Servizi {
			if _, ok := scopeDiServizio[s]; !ok {
				bad("servizio %q sconosciuto (WLR, VOIP, PORTED_OUT, ANTIFRODE)", s)
			}
		}
		if o.API.ClientID == "" || len(o.API.ClientSecret) < 12 {
			bad("api.clientId obbligatorio e api.clientSecret di almeno 12 caratteri")
		}
		dup("api.clientId", o.API.ClientID, o.line)
		if !reUser.MatchString(o.SFTP.Username) {
			bad("sftp.username deve essere minuscolo, 3-32 caratteri [a-z0-9_.-]")
		}
		dup("sftp.username", o.SFTP.Username, o.line)
		if o.SFTP.Password != "" && len(o.SFTP.Password) < 12 {
			bad("sftp.password di almeno 12 caratteri (o vuota per generarla)")
		}
		if n := len(o.SFTP.IPAmmessi); n == 0 || n > 3 {
			bad("sftp.ipAmmessi: da 1 a 3 indirizzi, non %d (politica della rete ospitante)", n)
		}
		for _, ip := range append(slices.Clone(o.SFTP.IPAmmessi), o.API.IPAmmessi...) {
			if a, err := netip.ParseAddr(ip); err != nil || !a.Is4() {
				bad("indirizzo IP %q non valido: serve un IPv4 (es. 127.0.0.1)", ip)
			}
		}
		if len(o.API.IPAmmessi) > 3 {
			bad("api.ipAmmessi: al massimo 3 indirizzi")
		}
		d := &o.Dimensioni
		for name, v := range map[string]int{"lineeWlr": d.LineeWlr, "ordiniWlr": d.OrdiniWlr, "aziendeVoip": d.AziendeVoip, "ufficiPerAzienda": d.UfficiPerAzienda, "utentiPerUfficio": d.UtentiPerUfficio, "portedOut": d.PortedOut, "comunicazioni": d.Comunicazioni} {
			if v < 0 || v > 200000 {
				bad("dimensioni.%s fuori intervallo 0..200000", name)
			}
		}
		for j, c := range o.Clienti {
			if (c.Nominativo == "") == (c.RagioneSociale == "") {
				bad("clienti[%d]: nominativo oppure ragioneSociale", j)
			}
			if c.CodiceFiscale != "" {
				if err := italia.ValidaCodiceFiscale(c.CodiceFiscale); err != nil {
					bad("clienti[%d].codiceFiscale: %v", j, err)
				}
			} else if err := italia.ValidaPartitaIva(c.PartitaIva); err != nil {
				bad("clienti[%d].partitaIva: %v", j, err)
			}
			for _, dn := range c.DN {
				if err := italia.ValidaDN(dn); err != nil || !strings.HasPrefix(dn, "0") {
					bad("clienti[%d].dn %q: serve un DN geografico valido", j, dn)
				}
				dup("dn", dn, o.line)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &f, nil
}

// decodeStrict decodes a YAML list, refusing unknown fields, and records each item's line
// so that later checks can name it.
func decodeStrict[T any](fsys fs.FS, name string, out *[]T) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				msgs[i] = name + ":" + strings.TrimPrefix(m, "line ")
			}
			return errors.New(strings.Join(msgs, "\n"))
		}
		return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var node yaml.Node
	if err := yaml.Unmarshal(b, &node); err == nil && len(node.Content) > 0 {
		for i, item := range node.Content[0].Content {
			if i < len(*out) {
				if o, ok := any(&(*out)[i]).(*Operatore); ok {
					o.line = item.Line
				}
			}
		}
	}
	return nil
}
