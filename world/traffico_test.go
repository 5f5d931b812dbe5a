package world_test

import (
	"compress/gzip"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/cdr"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
)

// leggiCdr reads back every complete CDR file of an OLO's SFTP tree, as a client would.
func leggiCdr(t testing.TB, root, opID string) []cdr.Record {
	t.Helper()
	var out []cdr.Record
	err := filepath.WalkDir(filepath.Join(root, "CDR"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), cdr.TempPrefix) || !strings.HasSuffix(d.Name(), ".csv.gz") {
			return err
		}
		if !strings.HasPrefix(d.Name(), "CDR_"+opID+"_") {
			t.Errorf("file %s nell'albero di %s", d.Name(), opID)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		r := cdr.NewReader(z)
		for rec := range r.All() {
			out = append(out, rec)
		}
		return r.Err()
	})
	if err != nil {
		t.Fatalf("lettura dei CDR: %v", err)
	}
	return out
}

// GET /traffico gives, per destination class, the sums of the CDR rows of that number in
// the days dal..al: the same calls on both sides.
func TestTrafficoUgualeAiFileCdr(t *testing.T) {
	t.Parallel()
	roots := map[string]string{olo1: t.TempDir(), olo2: t.TempDir()}
	w := mondo(t, 30, inizio, 3, roots)
	avanza(t, w, 2*24*time.Hour+3*time.Hour)
	dal := giorno(inizio.AddDate(0, 0, -3))
	al := giorno(w.Clock().Now())
	for op, root := range roots {
		t.Run(op, func(t *testing.T) {
			recs := leggiCdr(t, root, op)
			if len(recs) == 0 {
				t.Fatal("nessuna riga nei file CDR")
			}
			type somma struct {
				n              int
				sec, tar, euro int64
				ultima         time.Time
			}
			per := map[string]map[string]somma{}
			numChiamate := func(m map[string]somma) int {
				n := 0
				for _, s := range m {
					n += s.n
				}
				return n
			}
			for _, r := range recs {
				d := giorno(r.Inizio)
				if d.Before(dal.Time) || d.After(al.Time) {
					continue
				}
				dn := r.NumeroLinea()
				if per[dn] == nil {
					per[dn] = map[string]somma{}
				}
				s := per[dn][r.TipoDestinazione]
				s.n++
				s.sec += int64(r.DurataSec)
				s.tar += int64(r.DurataTariffataSec)
				s.euro += r.Importo
				if r.Inizio.After(s.ultima) {
					s.ultima = r.Inizio
				}
				per[dn][r.TipoDestinazione] = s
			}
			// A sample (each GET /traffico regenerates the days): the busiest lines, where a
			// fraud burst lands, and a few VoIP numbers.
			servizio := map[string]string{}
			for _, r := range recs {
				servizio[r.NumeroLinea()] = r.Servizio
			}
			tutti := slices.Sorted(maps.Keys(per))
			slices.SortStableFunc(tutti, func(a, b string) int { return numChiamate(per[b]) - numChiamate(per[a]) })
			dns := slices.Clone(tutti[:min(6, len(tutti))])
			for _, dn := range tutti {
				if servizio[dn] == cdr.ServizioVOIP && len(dns) < 10 && !slices.Contains(dns, dn) {
					dns = append(dns, dn)
				}
			}
			voip := 0
			for _, dn := range dns {
				tr, err := w.LeggiTraffico(op, af.LeggiTrafficoParams{Dn: dn, Dal: &dal, Al: &al})
				ok(t, err)
				if len(tr.PerTipoDestinazione) != 9 {
					t.Fatalf("%s: %d classi, attese 9", dn, len(tr.PerTipoDestinazione))
				}
				if tr.Servizio == "VOIP" {
					voip++
				}
				var tot somma
				for _, c := range tr.PerTipoDestinazione {
					s := per[dn][string(c.TipoDestinazione)]
					if c.NChiamate != s.n || int64(c.Secondi) != s.sec || int64(c.SecondiTariffati) != s.tar || int64(c.ImportoEur*10000+0.5) != s.euro {
						t.Errorf("%s %s: API %+v, file %+v", dn, c.TipoDestinazione, c, s)
					}
					tot.n += s.n
					tot.sec += s.sec
					tot.tar += s.tar
					tot.euro += s.euro
					if s.ultima.After(tot.ultima) {
						tot.ultima = s.ultima
					}
				}
				if tr.Totale.NChiamate != tot.n || int64(tr.Totale.Secondi) != tot.sec || int64(tr.Totale.ImportoEur*10000+0.5) != tot.euro {
					t.Errorf("%s: totale API %+v, file %+v", dn, tr.Totale, tot)
				}
				if tr.UltimaChiamataIl == nil || !tr.UltimaChiamataIl.Equal(tot.ultima) {
					t.Errorf("%s: ultima chiamata %v, nei file %v", dn, tr.UltimaChiamataIl, tot.ultima)
				}
			}
			if voip == 0 {
				t.Error("nessun numero VoIP tra quelli con traffico")
			}
		})
	}
}

func TestTrafficoRegole(t *testing.T) {
	t.Parallel()
	w := mondo(t, 31, inizio, 1, nil)
	d := func(y int, m time.Month, g int) *openapi_types.Date {
		return ptr(giorno(time.Date(y, m, g, 0, 0, 0, 0, italia.Roma())))
	}
	casi := []struct {
		nome    string
		op      string
		p       af.LeggiTrafficoParams
		status  int
		zeroTot bool
	}{
		{"numero dell'OLO senza chiamate nel periodo", olo1, af.LeggiTrafficoParams{Dn: dnCliente, Dal: d(2024, 1, 1), Al: d(2024, 1, 31)}, 0, true},
		{"periodo predefinito", olo1, af.LeggiTrafficoParams{Dn: dnCliente}, 0, false},
		{"al prima di dal", olo1, af.LeggiTrafficoParams{Dn: dnCliente, Dal: d(2025, 3, 5), Al: d(2025, 3, 1)}, 400, false},
		{"oltre 366 giorni", olo1, af.LeggiTrafficoParams{Dn: dnCliente, Dal: d(2023, 1, 1), Al: d(2025, 3, 1)}, 400, false},
		{"numero di un altro OLO", olo2, af.LeggiTrafficoParams{Dn: dnCliente}, 404, false},
		{"numero inesistente", olo1, af.LeggiTrafficoParams{Dn: "0655599999"}, 404, false},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			tr, err := w.LeggiTraffico(c.op, c.p)
			if c.status != 0 {
				errore(t, err, c.status, "")
				return
			}
			ok(t, err)
			if len(tr.PerTipoDestinazione) != 9 || tr.Dn != c.p.Dn || tr.Servizio != "WLR" {
				t.Errorf("riepilogo %+v", tr)
			}
			if c.zeroTot && (tr.Totale.NChiamate != 0 || tr.UltimaChiamataIl != nil) {
				t.Errorf("traffico fuori dai giorni prodotti: %+v", tr.Totale)
			}
			if c.p.Al == nil && (!tr.Al.Equal(giorno(inizio).Time) || !tr.Dal.Equal(giorno(inizio).AddDate(0, 0, -30))) {
				t.Errorf("periodo predefinito %v..%v", tr.Dal, tr.Al)
			}
		})
	}
}
