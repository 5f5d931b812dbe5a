package cdr

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// bom is the UTF-8 byte order mark every CDR file starts with: Excel and
// LibreOffice in an Italian locale read a BOM-less ";" file as Windows-1252 and
// garble accented names ("Citt\u00e0", "Forl\u00ec").
const bom = "\ufeff"

// intestazione is the header row, in Record field order.
var intestazione = [...]string{
	"idCdr", "dataOraInizio", "durataSec", "durataTariffataSec", "numeroChiamante",
	"numeroChiamato", "numeroChiamatoPostNP", "direzione", "tipoDestinazione",
	"descrizioneDirettrice", "fasciaOraria", "codiceTariffa", "importoEur", "servizio",
	"aziendaId", "ufficioId", "interno", "causaRilascio",
}

// Intestazione returns the header row's field names, in file order (the
// manual lists them; a CRM may map columns by name).
func Intestazione() []string { return append([]string(nil), intestazione[:]...) }

// Writer writes CDR records in the file format: UTF-8 with a BOM, ";"
// separator, a header row, CRLF line ends (RFC 4180), fields quoted only when
// they contain ";", a double quote, CR or LF (quotes doubled), amounts with a
// decimal comma. Output is buffered: call Flush at the end.
type Writer struct {
	bw      *bufio.Writer
	buf     []byte
	started bool
	err     error
}

// NewWriter returns a Writer on w. Nothing is written until the first Write
// or Flush, which write the BOM and the header first; so a Writer flushed
// without records still produces a valid, empty file.
func NewWriter(w io.Writer) *Writer {
	return &Writer{bw: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 512)}
}

func (w *Writer) start() {
	if w.started || w.err != nil {
		return
	}
	w.started = true
	b := append(w.buf[:0], bom...)
	for i, h := range intestazione {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, h...)
	}
	b = append(b, '\r', '\n')
	_, w.err = w.bw.Write(b)
}

// Write validates r (see Record.Valida) and writes it as one row. A record
// that fails validation is not written and the Writer stays usable; an I/O
// error is sticky.
func (w *Writer) Write(r Record) error {
	if w.err != nil {
		return w.err
	}
	if err := r.Valida(); err != nil {
		return err
	}
	w.start()
	if w.err != nil {
		return w.err
	}
	w.buf = appendRecord(w.buf[:0], &r)
	_, w.err = w.bw.Write(w.buf)
	return w.err
}

// Flush writes any buffered data (and the header, if nothing was written yet).
func (w *Writer) Flush() error {
	w.start()
	if w.err == nil {
		w.err = w.bw.Flush()
	}
	return w.err
}

func appendRecord(b []byte, r *Record) []byte {
	b = appendCampo(b, r.IDCdr)
	b = append(b, ';')
	b = r.Inizio.In(roma).AppendFormat(b, time.RFC3339)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(r.DurataSec), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(r.DurataTariffataSec), 10)
	for _, s := range [...]string{r.Chiamante, r.Chiamato, r.ChiamatoPostNP, r.Direzione,
		r.TipoDestinazione, r.DescrizioneDirettrice, r.FasciaOraria, r.CodiceTariffa} {
		b = append(b, ';')
		b = appendCampo(b, s)
	}
	b = append(b, ';')
	b = appendImporto(b, r.Importo)
	for _, s := range [...]string{r.Servizio, r.AziendaID, r.UfficioID, r.Interno} {
		b = append(b, ';')
		b = appendCampo(b, s)
	}
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(r.CausaRilascio), 10)
	return append(b, '\r', '\n')
}

func appendCampo(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ";\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// ParseError is a malformed row: Line is the 1-based line of the file where
// the row starts (the header is line 1), Field the column name when one field
// is at fault.
type ParseError struct {
	Line  int
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("cdr: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("cdr: line %d, field %s: %v", e.Line, e.Field, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads CDR records written in the file format. It strips a leading
// BOM, requires the header row, accepts CRLF or LF line ends, and checks every
// row as Record.Valida does. As in encoding/csv (and spreadsheets), a CR LF
// inside a quoted field reads back as LF.
type Reader struct {
	br      *bufio.Reader
	cr      *csv.Reader
	started bool
	err     error
}

// NewReader returns a Reader on r (decompress .csv.gz files first).
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

func (r *Reader) start() error {
	r.started = true
	if b, err := r.br.Peek(len(bom)); err == nil && string(b) == bom {
		_, _ = r.br.Discard(len(bom))
	}
	r.cr = csv.NewReader(r.br)
	r.cr.Comma = ';'
	r.cr.FieldsPerRecord = -1 // counted here, for a clearer message
	r.cr.ReuseRecord = true
	h, err := r.cr.Read()
	if err == io.EOF {
		return &ParseError{Line: 1, Err: errors.New("empty input: the header row is missing")}
	}
	if err != nil {
		return fmt.Errorf("cdr: header: %w", err)
	}
	if len(h) != len(intestazione) {
		return &ParseError{Line: 1, Err: fmt.Errorf("header has %d fields, want %d (%s)",
			len(h), len(intestazione), strings.Join(intestazione[:], ";"))}
	}
	for i, name := range intestazione {
		if h[i] != name {
			return &ParseError{Line: 1, Err: fmt.Errorf("header field %d is %q, want %q", i+1, h[i], name)}
		}
	}
	return nil
}

// Read returns the next record, or io.EOF after the last one. Errors are
// *ParseError (with the line) or the underlying reader's error, and are
// sticky.
func (r *Reader) Read() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.read()
	if err != nil {
		r.err = err
	}
	return rec, err
}

func (r *Reader) read() (Record, error) {
	if !r.started {
		if err := r.start(); err != nil {
			return Record{}, err
		}
	}
	f, err := r.cr.Read()
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Record{}, &ParseError{Line: pe.StartLine, Err: pe.Err}
		}
		return Record{}, fmt.Errorf("cdr: %w", err)
	}
	line, _ := r.cr.FieldPos(0)
	if len(f) != len(intestazione) {
		return Record{}, &ParseError{Line: line, Err: fmt.Errorf("%d fields, want %d", len(f), len(intestazione))}
	}
	for i, v := range f {
		if !utf8.ValidString(v) {
			return Record{}, &ParseError{Line: line, Field: intestazione[i], Err: errors.New("not valid UTF-8")}
		}
	}
	fieldErr := func(i int, err error) error {
		return &ParseError{Line: line, Field: intestazione[i], Err: err}
	}
	rec := Record{
		IDCdr: f[0], Chiamante: f[4], Chiamato: f[5], ChiamatoPostNP: f[6], Direzione: f[7],
		TipoDestinazione: f[8], DescrizioneDirettrice: f[9], FasciaOraria: f[10], CodiceTariffa: f[11],
		Servizio: f[13], AziendaID: f[14], UfficioID: f[15], Interno: f[16],
	}
	t, err := time.Parse(time.RFC3339, f[1])
	if err != nil {
		return Record{}, fieldErr(1, fmt.Errorf("%q is not RFC 3339 with an offset", f[1]))
	}
	rec.Inizio = t.In(roma)
	for _, c := range []struct {
		i   int
		dst *int
	}{{2, &rec.DurataSec}, {3, &rec.DurataTariffataSec}, {17, &rec.CausaRilascio}} {
		n, err := strconv.Atoi(f[c.i])
		if err != nil || !soloCifre(f[c.i]) {
			return Record{}, fieldErr(c.i, fmt.Errorf("%q is not a non-negative integer", f[c.i]))
		}
		*c.dst = n
	}
	if rec.Importo, err = ParseImporto(f[12]); err != nil {
		return Record{}, fieldErr(12, err)
	}
	if err := rec.valida(); err != nil {
		return Record{}, &ParseError{Line: line, Err: err}
	}
	return rec, nil
}

// All returns the remaining records as a sequence, for Rileva and Riepiloga;
// it stops at the end or at the first error, which Err then reports.
func (r *Reader) All() iter.Seq[Record] {
	return func(yield func(Record) bool) {
		for {
			rec, err := r.Read()
			if err != nil {
				return
			}
			if !yield(rec) {
				return
			}
		}
	}
}

// Err is the error that stopped All (nil at a clean end of input).
func (r *Reader) Err() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}
