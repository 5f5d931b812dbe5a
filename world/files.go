package world

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"log/slog"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
)

// giornoCdr is one OLO's traffic day: the lines that called and the fraud injected, from
// which cdr.Genera rebuilds the very records of the files, so GET /traffico and the
// alerts always agree with what is on SFTP.
type giornoCdr struct {
	opID   string
	giorno time.Time
	linee  []cdr.Linea
	frodi  []cdr.Frode
	seed   uint64
}

func (w *World) recordsGiorno(g giornoCdr) iter.Seq[cdr.Record] {
	return cdr.Genera(g.opID, g.giorno, g.linee, g.frodi, g.seed)
}

// SetSFTPRoot tells the world where an OLO's SFTP tree lives; files are written there.
func (w *World) SetSFTPRoot(opID, root string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t := w.tenants[opID]; t != nil {
		t.sftpRoot = root
	}
}

// lineeChiamanti snapshots the numbers that make calls today: active WLR lines and the
// numbers of VoIP users of ATTIVA companies (SOSPESA blocks the company's outgoing calls,
// CESSATA ends them), each with the anti-fraud blocks that bar some of its calls.
func (t *tenant) lineeChiamanti() []cdr.Linea {
	var out []cdr.Linea
	blocchi := t.blocchiPerOggetto()
	for _, l := range t.lineeOrdinate() {
		if l.Stato != wpti.StatoLineaATTIVA {
			continue
		}
		prof := cdr.ProfiloResidenziale
		if l.Categoria == wpti.CategoriaNONRESIDENZIALE {
			prof = cdr.ProfiloAffari
		}
		out = append(out, cdr.Linea{DN: l.Dn, Servizio: "WLR", Profilo: prof, Blocchi: blocchi.linea(l.Dn, "", "")})
	}
	for _, id := range t.utentiID {
		u := t.utenti[id]
		if u.Numero == nil {
			continue
		}
		if a := t.aziende[u.AziendaId]; a == nil || a.Stato != wpti.StatoAziendaATTIVA {
			continue
		}
		uf := t.uffici[u.UfficioId]
		pref := ""
		if uf != nil && strings.HasPrefix(*u.Numero, "0") {
			pref = uf.Prefisso
		}
		out = append(out, cdr.Linea{DN: *u.Numero, Servizio: "VOIP", AziendaID: u.AziendaId, UfficioID: u.UfficioId, Interno: u.Interno, Prefisso: pref, Profilo: cdr.ProfiloAffari,
			Blocchi: blocchi.linea(*u.Numero, id, u.AziendaId)})
	}
	return out
}

var tipiFrode = []string{cdr.FrodeIRSF, cdr.FrodeWangiri, cdr.FrodeTrafficPumping, cdr.FrodePiccoInternazionale, cdr.FrodeChiamateContemporanee}

// frodiDelGiorno picks, deterministically, the fraud of one OLO's day: most days one line
// is hit, the last day of the initial history always (so a new user sees alerts at once).
func (w *World) frodiDelGiorno(t *tenant, day time.Time, linee []cdr.Linea, sempre bool) []cdr.Frode {
	if len(linee) == 0 || !hasService(t.op, "ANTIFRODE") {
		return nil
	}
	r := rand.New(rand.NewPCG(w.derive("frodi", t.op.OpID, day.Format("2006-01-02")), 7))
	if !sempre && r.IntN(10) >= 6 {
		return nil
	}
	l := linee[r.IntN(len(linee))]
	return []cdr.Frode{{Tipo: tipiFrode[r.IntN(len(tipiFrode))], DN: l.DN, Giorno: day, Ora: 1 + r.IntN(20)}}
}

func hasService(op *Operatore, s string) bool {
	for _, x := range op.Servizi {
		if x == s {
			return true
		}
	}
	return false
}

// produciGiorno generates an OLO's traffic day: files on SFTP (when there is a tree), the
// alerts of the day, the delivered-file record for the dashboard. Called with w.mu held.
func (w *World) produciGiorno(t *tenant, day time.Time, sempreFrode bool) error {
	linee := t.lineeChiamanti()
	g := giornoCdr{opID: t.op.OpID, giorno: day, linee: linee, frodi: w.frodiDelGiorno(t, day, linee, sempreFrode), seed: w.derive("cdr", t.op.OpID)}
	t.giorniCdr = append(t.giorniCdr, g)
	t.ultimoGiorno = day
	consegna := day.AddDate(0, 0, 1).Add(2 * time.Hour)
	if t.sftpRoot != "" {
		m, err := w.scriviGiorno(t, g, consegna)
		if err != nil {
			return err
		}
		dir := "/CDR/" + day.Format("2006/01") + "/"
		for _, f := range m.Files {
			t.fileCdr = append(t.fileCdr, wpti.FileCdr{ConsegnatoIl: consegna, NomeFile: f.Nome, Percorso: dir + f.Nome, Righe: int(f.Righe), Sha256: f.Sha256})
		}
	}
	if hasService(t.op, "ANTIFRODE") {
		for _, x := range w.rilevaGiorno(t, g) {
			w.allarmeDa(t, x.an, x.s)
		}
	}
	return nil
}

// scriviGiorno writes a day's files, or reuses them when a previous run of the same world
// already wrote them from the same inputs (a restart then costs no gzip). The inputs' hash
// is kept beside the OLO's tree, outside what SFTP shows.
func (w *World) scriviGiorno(t *tenant, g giornoCdr, consegna time.Time) (cdr.Manifest, error) {
	h := sha256.New()
	fmt.Fprintf(h, "v1|%s|%d|%s|%s|", g.opID, g.seed, g.giorno.Format("2006-01-02"), consegna.Format(time.RFC3339))
	for _, l := range g.linee {
		fmt.Fprintf(h, "%+v|", l)
	}
	for _, f := range g.frodi {
		fmt.Fprintf(h, "%s/%s/%d|", f.Tipo, f.DN, f.Ora)
	}
	key := hex.EncodeToString(h.Sum(nil))
	marker := filepath.Join(filepath.Dir(t.sftpRoot), ".cdr-generati", t.op.OpID+"-"+g.giorno.Format("20060102"))
	if b, err := os.ReadFile(marker); err == nil && string(b) == key && cdr.ExistsDay(t.sftpRoot, t.op.OpID, g.giorno) {
		if m, err := cdr.ReadManifest(t.sftpRoot, t.op.OpID, g.giorno); err == nil {
			return m, nil
		}
	}
	m, err := cdr.WriteDay(t.sftpRoot, t.op.OpID, g.giorno, w.recordsGiorno(g), cdr.DayOptions{GeneratedAt: consegna})
	if err != nil {
		return m, err
	}
	if err := os.MkdirAll(filepath.Dir(marker), 0o755); err == nil {
		_ = os.WriteFile(marker, []byte(key), 0o644)
	}
	return m, nil
}

// WriteFiles produces the traffic days before the start day (files, alerts) and writes the
// documents created so far. Called once, after SetSFTPRoot.
func (w *World) WriteFiles(days int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.giorniIniziali == 0 {
		w.giorniIniziali = days
	}
	startDay := giornoRoma(w.start)
	for _, opID := range w.order {
		t := w.tenants[opID]
		if !t.ultimoGiorno.IsZero() {
			continue
		}
		// The demo OLO's first alert of its history is the contract's example alert.
		w.ids.esempi = w.esempiAllarme(*t.op)
		for d := days; d >= 1; d-- {
			if err := w.produciGiorno(t, startDay.AddDate(0, 0, -d), d == 1); err != nil {
				w.ids.esempi = nil
				return fmt.Errorf("%s: %w", opID, err)
			}
		}
		w.ids.esempi = nil
		for _, doc := range t.documenti {
			if err := w.scriviDocumento(t, doc); err != nil {
				return err
			}
		}
		if err := t.potaAlbero(); err != nil {
			return fmt.Errorf("%s: %w", opID, err)
		}
	}
	return nil
}

var reFileGiorno = regexp.MustCompile(`^(CDR|MANIFEST)_[A-Z0-9]+_(\d{8})(_\d{3}\.csv\.gz(\.sha256)?|\.json)$`)

// potaAlbero removes from the OLO's SFTP tree what this world did not produce: CDR days
// after the last one (left by an earlier run whose clock went further) and documents it
// does not list. The tree then shows exactly this world, as GET /documenti does.
func (t *tenant) potaAlbero() error {
	if t.sftpRoot == "" {
		return nil
	}
	docs := map[string]bool{}
	for _, d := range t.documenti {
		docs[filepath.Join(t.sftpRoot, filepath.FromSlash(d.Percorso))] = true
	}
	ultimo := t.ultimoGiorno.Format("20060102")
	defer func() {
		// folders left empty (months of a discarded future), and the generation markers
		// of the days removed
		var dirs []string
		_ = filepath.WalkDir(filepath.Join(t.sftpRoot, "CDR"), func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
		for i := len(dirs) - 1; i > 0; i-- { // deepest first, never CDR itself
			_ = os.Remove(dirs[i]) // fails (and is kept) when not empty
		}
		markers, _ := filepath.Glob(filepath.Join(filepath.Dir(t.sftpRoot), ".cdr-generati", t.op.OpID+"-*"))
		for _, m := range markers {
			if day := strings.TrimPrefix(filepath.Base(m), t.op.OpID+"-"); day > ultimo {
				_ = os.Remove(m)
			}
		}
	}()
	return filepath.WalkDir(t.sftpRoot, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(t.sftpRoot, p)
		stale := false
		switch {
		case strings.HasPrefix(rel, "CDR"+string(filepath.Separator)):
			m := reFileGiorno.FindStringSubmatch(d.Name())
			stale = m != nil && m[2] > ultimo
		case strings.HasPrefix(rel, "DOC"+string(filepath.Separator)):
			stale = !docs[p]
		}
		if stale {
			return os.Remove(p)
		}
		return nil
	})
}

// RunFileDays produces each new day as the sandbox clock passes midnight, until ctx ends.
func (w *World) RunFileDays(ctx context.Context, log *slog.Logger) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := w.ProduciGiorniMaturi(); err != nil {
			log.Error("produzione file CDR", "errore", err)
		}
	}
}

// ProduciGiorniMaturi produces every day that has ended on the sandbox clock and has no
// files yet (the control API calls it after moving the clock).
func (w *World) ProduciGiorniMaturi() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	ieri := giornoRoma(now).AddDate(0, 0, -1)
	// Day by day, each one as it stood when it ended: the lines that call on a day are
	// those active at its end, however far the clock jumped (a line ported out on Tuesday
	// still calls on Monday, as it does when the clock runs in real time).
	var primo time.Time
	for _, opID := range w.order {
		if t := w.tenants[opID]; !t.ultimoGiorno.IsZero() && (primo.IsZero() || t.ultimoGiorno.Before(primo)) {
			primo = t.ultimoGiorno
		}
	}
	for d := primo.AddDate(0, 0, 1); !primo.IsZero() && !d.After(ieri); d = d.AddDate(0, 0, 1) {
		w.applyDue(d.AddDate(0, 0, 1))
		for _, opID := range w.order {
			t := w.tenants[opID]
			if t.ultimoGiorno.IsZero() || !d.Equal(t.ultimoGiorno.AddDate(0, 0, 1)) {
				continue
			}
			if err := w.produciGiorno(t, d, false); err != nil {
				return fmt.Errorf("%s %s: %w", opID, d.Format("2006-01-02"), err)
			}
		}
	}
	w.applyDue(now)
	return nil
}

// haAvutoDN says whether a number was ever a line of the tenant (traffic can be asked for
// a ceased or ported-out line).
func (t *tenant) haAvutoDN(dn string) bool {
	return t.lineaDi(dn) != nil
}

var nomeDocumento = map[wpti.TipoDocumento]string{
	wpti.TipoDocumentoCONFERMAORDINE:      "Conferma d'ordine",
	wpti.TipoDocumentoVERBALEESPLETAMENTO: "Verbale di espletamento",
	wpti.TipoDocumentoNOTIFICAKO:          "Notifica di KO",
	wpti.TipoDocumentoNOTIFICAPORTEDOUT:   "Notifica di ported out",
}

// documento adds a document of the documentation flow (/DOC) about an order or a request.
func (w *World) documento(t *tenant, tipo wpti.TipoDocumento, ref string, at time.Time) {
	id := w.ids.next("DOC")
	nome := fmt.Sprintf("%s_%s_%s.pdf", strings.ReplaceAll(string(tipo), "_", "-"), ref, at.Format("20060102"))
	content := pdfDocumento(nomeDocumento[tipo], []string{
		"Operatore: " + t.op.RagioneSociale + " (" + t.op.OpID + ")",
		"Riferimento: " + ref,
		"Data: " + at.Format("02/01/2006 15:04"),
		"Documento " + id + " generato dalla sandbox WPTI.",
	})
	sum := sha256.Sum256(content)
	d := &wpti.Documento{Id: id, Tipo: tipo, CreatoIl: at, NomeFile: nome, Percorso: path.Join("/DOC", at.Format("2006/01"), nome), DimensioneByte: int64(len(content)), Sha256: hex.EncodeToString(sum[:])}
	if strings.HasPrefix(ref, "PO-") {
		d.IdRichiestaPortedOut = ptr(ref)
	} else {
		d.CodiceOrdineRo = ptr(ref)
	}
	t.documenti = append(t.documenti, d)
	t.contenuti = append(t.contenuti, content)
	if t.sftpRoot != "" {
		_ = w.scriviDocumento(t, d)
	}
}

func (w *World) scriviDocumento(t *tenant, d *wpti.Documento) error {
	if t.sftpRoot == "" {
		return nil // no SFTP tree (SFTP off): never write under the filesystem's root
	}
	var content []byte
	for i, x := range t.documenti {
		if x == d {
			content = t.contenuti[i]
		}
	}
	dst := filepath.Join(t.sftpRoot, filepath.FromSlash(d.Percorso))
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(dst), ".tmp-"+filepath.Base(dst))
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// pdfDocumento writes a minimal, valid one-page PDF 1.4 with a title and some lines.
func pdfDocumento(titolo string, righe []string) []byte {
	esc := func(s string) string {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		var b strings.Builder
		for _, c := range r.Replace(s) {
			if c < 128 {
				b.WriteRune(c)
			} else {
				b.WriteByte('?')
			}
		}
		return b.String()
	}
	var stream bytes.Buffer
	fmt.Fprintf(&stream, "BT /F1 18 Tf 56 780 Td (%s) Tj ET\n", esc(titolo))
	for i, r := range righe {
		fmt.Fprintf(&stream, "BT /F1 11 Tf 56 %d Td (%s) Tj ET\n", 740-18*i, esc(r))
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", stream.Len(), stream.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
