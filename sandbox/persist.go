package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sort"
	"time"

	"github.com/wpti/toolkit/clock"
	"github.com/wpti/toolkit/httpapi"
	"github.com/wpti/toolkit/store"
)

// journal adapts the state file to the HTTP side: each accepted write is appended with the
// sandbox time it was served at.
type journal struct {
	j   *store.Journal
	clk *clock.Clock
}

func (j journal) Now() time.Time { return j.clk.Now() }

func (j journal) Record(r *http.Request, p httpapi.Principal, body []byte, at time.Time) error {
	h := map[string]string{}
	for _, k := range []string{"Content-Type", "Idempotency-Key", "If-None-Match"} {
		if v := r.Header.Get(k); v != "" {
			h[k] = v
		}
	}
	return j.j.Append(store.Entry{Virtual: at, Real: time.Now(), OpID: p.OpID, ClientID: p.ClientID, Scopes: p.Scopes, Method: r.Method, Path: r.URL.RequestURI(), Header: h, Body: body})
}

// fixturesHash identifies the fixture files a state file was made with.
func fixturesHash(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// openState opens the state file and decides the world's start instant: a new file takes
// the configured one and records it; an existing one imposes its own, and must belong to
// the same seed and fixtures.
func openState(path string, seed uint64, start time.Time, fsys fs.FS) (*store.Journal, time.Time, error) {
	j, err := store.Open(path)
	if err != nil {
		return nil, start, err
	}
	fh, err := fixturesHash(fsys)
	if err != nil {
		j.Close()
		return nil, start, err
	}
	m, ok, err := j.Meta()
	if err != nil {
		j.Close()
		return nil, start, fmt.Errorf("file di stato %s: %w", path, err)
	}
	if !ok {
		if err := j.SetMeta(store.Meta{Seed: seed, Start: start, Fixtures: fh}); err != nil {
			j.Close()
			return nil, start, err
		}
		return j, start, nil
	}
	if m.Seed != seed {
		j.Close()
		return nil, start, fmt.Errorf("il file di stato %s e' del mondo con seme %d, non %d: usare --seed %d o un altro file", path, m.Seed, seed, m.Seed)
	}
	if m.Fixtures != fh {
		j.Close()
		return nil, start, fmt.Errorf("il file di stato %s e' stato creato con altre fixtures: usare le stesse o un altro file", path)
	}
	return j, m.Start, nil
}

// replay serves the journal again, in order, each entry at its recorded sandbox time, and
// returns the last sandbox time seen.
func (s *Sandbox) replay(entries []store.Entry) (time.Time, error) {
	last := s.Clock.Now()
	for _, e := range entries {
		if e.Virtual.After(s.Clock.Now()) {
			if err := s.Clock.Set(e.Virtual); err != nil {
				return last, err
			}
		}
		if err := s.World.ProduciGiorniMaturi(); err != nil {
			return last, err
		}
		req := httptest.NewRequest(e.Method, e.Path, bytes.NewReader(e.Body))
		for k, v := range e.Header {
			req.Header.Set(k, v)
		}
		req = req.WithContext(httpapi.ReplayContext(context.Background(), httpapi.Principal{OpID: e.OpID, ClientID: e.ClientID, Scopes: e.Scopes}))
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			return last, fmt.Errorf("ripresa del file di stato: la richiesta %d (%s %s) ora risponde %d: %s", e.Seq, e.Method, e.Path, rec.Code, rec.Body.String())
		}
		if e.Virtual.After(last) {
			last = e.Virtual
		}
	}
	return s.Clock.Now(), nil
}
