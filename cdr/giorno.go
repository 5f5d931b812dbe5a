package cdr

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TempPrefix starts the name of every file WriteDay has not finished: a
// directory lister (the SFTP server, GET /documenti) must skip such names, so
// that a client never sees half a file.
const TempPrefix = ".tmp-"

// DefaultMaxRows is the number of rows after which a day's file is split.
const DefaultMaxRows = 500_000

// maxFiles is what the three-digit NNN of a file name can count.
const maxFiles = 999

// DayOptions tunes WriteDay. The zero value is the production setting.
type DayOptions struct {
	// MaxRows splits the day into files of at most this many rows
	// (0 means DefaultMaxRows).
	MaxRows int
	// GeneratedAt is written as the manifest's generatoIl and set as the
	// files' modification time. Zero means 00:00 Europe/Rome of the following
	// day (when a nightly batch would run), which keeps the output a function
	// of its input only; the sandbox passes its virtual clock.
	GeneratedAt time.Time
	// GzipLevel is a compress/gzip level; 0 means gzip.DefaultCompression
	// (use gzip.BestSpeed to trade size for time).
	GzipLevel int
}

// Manifest is the daily MANIFEST_<OPID>_<YYYYMMDD>.json: the list a client
// checks its download against. ImportoTotaleEur is a JSON number with 4
// decimals (as every amount in the API), the sum of the importoEur column.
type Manifest struct {
	OpID                   string         `json:"opId"`
	Data                   string         `json:"data"` // YYYY-MM-DD
	Files                  []ManifestFile `json:"files"`
	RigheTotali            int64          `json:"righeTotali"`
	SecondiTotali          int64          `json:"secondiTotali"`          // sum of durataSec
	SecondiTariffatiTotali int64          `json:"secondiTariffatiTotali"` // sum of durataTariffataSec
	ImportoTotaleEur       Eur            `json:"importoTotaleEur"`
	GeneratoIl             time.Time      `json:"generatoIl"`
}

// ManifestFile describes one .csv.gz file of the day.
type ManifestFile struct {
	Nome   string `json:"nome"`
	Righe  int64  `json:"righe"` // data rows, header excluded
	Byte   int64  `json:"byte"`  // size of the .csv.gz file
	Sha256 string `json:"sha256"`
}

// Eur is an amount in ten-thousandths of a euro that marshals to a JSON number
// with exactly 4 decimals (1234.5678), decoded back without float rounding.
type Eur int64

// MarshalJSON writes the amount as a JSON number with a decimal point.
func (e Eur) MarshalJSON() ([]byte, error) {
	b := appendImporto(nil, int64(e))
	b[len(b)-5] = '.'
	return b, nil
}

// UnmarshalJSON reads a JSON number with at most 4 decimals, exactly.
func (e *Eur) UnmarshalJSON(b []byte) error {
	s := string(b)
	if strings.ContainsRune(s, ',') {
		return fmt.Errorf("cdr: amount %s is not a JSON number", s)
	}
	v, err := ParseImporto(strings.Replace(s, ".", ",", 1))
	if err != nil {
		return fmt.Errorf("cdr: %w", err)
	}
	*e = Eur(v)
	return nil
}

// DayDir is the directory of a day's files: <root>/CDR/YYYY/MM.
func DayDir(root string, day time.Time) string {
	y, m, _ := day.Date()
	return filepath.Join(root, "CDR", fmt.Sprintf("%04d", y), fmt.Sprintf("%02d", int(m)))
}

// DayFileName is CDR_<OPID>_<YYYYMMDD>_<NNN>.csv.gz, n counting from 1.
func DayFileName(opID string, day time.Time, n int) string {
	return fmt.Sprintf("CDR_%s_%s_%03d.csv.gz", opID, yyyymmdd(day), n)
}

// ManifestName is MANIFEST_<OPID>_<YYYYMMDD>.json.
func ManifestName(opID string, day time.Time) string {
	return fmt.Sprintf("MANIFEST_%s_%s.json", opID, yyyymmdd(day))
}

// yyyymmdd is the calendar date of day in its own location: callers pass a
// date, whatever zone it was built in.
func yyyymmdd(day time.Time) string {
	y, m, d := day.Date()
	return fmt.Sprintf("%04d%02d%02d", y, int(m), d)
}

// ExistsDay reports whether a day is complete on disk. The manifest is the
// last file WriteDay renames into place, so its presence means every file it
// lists is there too.
func ExistsDay(root, opID string, day time.Time) bool {
	fi, err := os.Stat(filepath.Join(DayDir(root, day), ManifestName(opID, day)))
	return err == nil && fi.Mode().IsRegular()
}

// ReadManifest reads a complete day's manifest.
func ReadManifest(root, opID string, day time.Time) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(DayDir(root, day), ManifestName(opID, day)))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("cdr: manifest %s: %w", ManifestName(opID, day), err)
	}
	return m, nil
}

func validaOpID(opID string) error {
	if opID == "" || len(opID) > 32 {
		return fmt.Errorf("cdr: OP_ID %q: 1 to 32 letters or digits", opID)
	}
	for _, c := range []byte(opID) {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			// "_" separates the parts of a file name and "/" would leave the tree.
			return fmt.Errorf("cdr: OP_ID %q: letters and digits only", opID)
		}
	}
	return nil
}

// WriteDay writes one OLO's calls of one day as the daily files:
//
//	<root>/CDR/YYYY/MM/CDR_<OPID>_<YYYYMMDD>_<NNN>.csv.gz  (+ .sha256 each)
//	<root>/CDR/YYYY/MM/MANIFEST_<OPID>_<YYYYMMDD>.json
//
// recs is streamed: memory does not grow with the number of rows. A new file
// starts every opt.MaxRows rows (NNN from 001); a day without calls still gets
// file 001 with the header alone. Every record must start on day (its
// Europe/Rome date), or WriteDay fails.
//
// Each file is written under a TempPrefix name in the same directory, fsynced
// and renamed whole, .csv.gz first, then its .sha256 (sha256sum format), the
// manifest last; files of an earlier run of the same day beyond the new count
// are removed after the manifest is in place. The bytes are a function of the
// input: the gzip header carries no name and no time. On error the temporary
// files are removed and no manifest is written, so ExistsDay stays false. Only
// one WriteDay may run for the same OLO and day at a time.
func WriteDay(root, opID string, day time.Time, recs iter.Seq[Record], opt DayOptions) (Manifest, error) {
	if err := validaOpID(opID); err != nil {
		return Manifest{}, err
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.GzipLevel == 0 {
		opt.GzipLevel = gzip.DefaultCompression
	}
	y, mo, d := day.Date()
	if opt.GeneratedAt.IsZero() {
		opt.GeneratedAt = time.Date(y, mo, d+1, 0, 0, 0, 0, roma)
	}
	genAt := opt.GeneratedAt.In(roma).Truncate(time.Second)
	dir := DayDir(root, day)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, err
	}
	man := Manifest{OpID: opID, Data: fmt.Sprintf("%04d-%02d-%02d", y, int(mo), d), GeneratoIl: genAt}
	dw := &dayWriter{dir: dir, opID: opID, day: day, opt: opt, genAt: genAt}
	defer dw.abort()

	var err error
	for r := range recs {
		ry, rm, rd := r.Inizio.In(roma).Date()
		if ry != y || rm != mo || rd != d {
			err = fmt.Errorf("cdr: record %s starts on %04d-%02d-%02d, not on %s",
				r.IDCdr, ry, int(rm), rd, man.Data)
			break
		}
		if dw.cur == nil || dw.cur.righe == int64(opt.MaxRows) {
			if err = dw.next(&man); err != nil {
				break
			}
		}
		if err = dw.cur.csv.Write(r); err != nil {
			break
		}
		dw.cur.righe++
		man.RigheTotali++
		man.SecondiTotali += int64(r.DurataSec)
		man.SecondiTariffatiTotali += int64(r.DurataTariffataSec)
		man.ImportoTotaleEur += Eur(r.Importo)
	}
	if err == nil && dw.cur == nil {
		err = dw.next(&man) // a day without calls: file 001, header only
	}
	if err == nil {
		err = dw.close(&man)
	}
	if err != nil {
		return Manifest{}, err
	}
	js, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := dw.writeWhole(ManifestName(opID, day), append(js, '\n')); err != nil {
		return Manifest{}, err
	}
	if err := dw.removeStale(len(man.Files)); err != nil {
		return Manifest{}, err
	}
	syncDir(dir)
	return man, nil
}

// dayWriter holds the state of the file being written.
type dayWriter struct {
	dir   string
	opID  string
	day   time.Time
	opt   DayOptions
	genAt time.Time
	cur   *chunk
	temps []string // temporary files not yet renamed, removed by abort
}

type chunk struct {
	name  string
	f     *os.File
	bw    *bufio.Writer
	h     hash.Hash
	n     *countWriter
	gz    *gzip.Writer
	csv   *Writer
	righe int64
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// next closes the current file, if any, and opens the following one.
func (dw *dayWriter) next(man *Manifest) error {
	if dw.cur != nil {
		if err := dw.close(man); err != nil {
			return err
		}
	}
	n := len(man.Files) + 1
	if n > maxFiles {
		return fmt.Errorf("cdr: more than %d files in a day: raise MaxRows", maxFiles)
	}
	name := DayFileName(dw.opID, dw.day, n)
	f, err := os.CreateTemp(dw.dir, TempPrefix+name+"-*")
	if err != nil {
		return err
	}
	dw.temps = append(dw.temps, f.Name())
	c := &chunk{name: name, f: f, bw: bufio.NewWriterSize(f, 256<<10), h: sha256.New(), n: &countWriter{}}
	// Header fields left empty: no name, ModTime zero (MTIME 0), OS unknown.
	c.gz, err = gzip.NewWriterLevel(io.MultiWriter(c.bw, c.h, c.n), dw.opt.GzipLevel)
	if err != nil {
		return fmt.Errorf("cdr: gzip level %d: %w", dw.opt.GzipLevel, err)
	}
	c.csv = NewWriter(c.gz)
	dw.cur = c
	return nil
}

// close finishes the current file: flush, fsync, rename, then its .sha256.
func (dw *dayWriter) close(man *Manifest) error {
	c := dw.cur
	dw.cur = nil
	err := c.csv.Flush()
	if err == nil {
		err = c.gz.Close()
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if err == nil {
		err = c.f.Sync()
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := dw.rename(c.f.Name(), c.name); err != nil {
		return err
	}
	sum := hex.EncodeToString(c.h.Sum(nil))
	if err := dw.writeWhole(c.name+".sha256", []byte(sum+"  "+c.name+"\n")); err != nil {
		return err
	}
	man.Files = append(man.Files, ManifestFile{Nome: c.name, Righe: c.righe, Byte: c.n.n, Sha256: sum})
	return nil
}

// writeWhole writes a small file under a temporary name and renames it.
func (dw *dayWriter) writeWhole(name string, data []byte) error {
	f, err := os.CreateTemp(dw.dir, TempPrefix+name+"-*")
	if err != nil {
		return err
	}
	dw.temps = append(dw.temps, f.Name())
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return dw.rename(f.Name(), name)
}

func (dw *dayWriter) rename(tmp, name string) error {
	// CreateTemp makes 0600 files; the published files are world-readable
	// like any other file of the tree, and carry the generation time.
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	if err := os.Chtimes(tmp, dw.genAt, dw.genAt); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dw.dir, name)); err != nil {
		return err
	}
	dw.temps = slices.DeleteFunc(dw.temps, func(t string) bool { return t == tmp })
	return nil
}

// abort removes whatever was not renamed into place.
func (dw *dayWriter) abort() {
	if dw.cur != nil {
		_ = dw.cur.f.Close()
		dw.cur = nil
	}
	for _, t := range dw.temps {
		_ = os.Remove(t)
	}
	dw.temps = nil
}

// removeStale deletes this day's files numbered above n (left by an earlier
// run with more rows) and temporary files a crashed run left behind.
func (dw *dayWriter) removeStale(n int) error {
	ents, err := os.ReadDir(dw.dir)
	if err != nil {
		return err
	}
	base := "CDR_" + dw.opID + "_" + yyyymmdd(dw.day) + "_"
	for _, e := range ents {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, TempPrefix+base),
			strings.HasPrefix(name, TempPrefix+ManifestName(dw.opID, dw.day)):
		case strings.HasPrefix(name, base):
			num, _, ok := strings.Cut(strings.TrimPrefix(name, base), ".")
			k, err := strconv.Atoi(num)
			if !ok || err != nil || len(num) != 3 || k <= n {
				continue
			}
		default:
			continue
		}
		if err := os.Remove(filepath.Join(dw.dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// syncDir makes the renames durable. Best effort: some file systems refuse
// to fsync a directory, and the data files themselves are already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
