package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestJournalRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := j.Meta(); err != nil || ok {
		t.Fatalf("new file has meta: %v %v", ok, err)
	}
	m := Meta{Seed: 7, Start: time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC), Fixtures: "abc"}
	if err := j.SetMeta(m); err != nil {
		t.Fatal(err)
	}
	e := Entry{Virtual: m.Start.Add(time.Hour), Real: time.Now().UTC(), OpID: "OLO001", ClientID: "c", Scopes: []string{"wlr"}, Method: "POST", Path: "/wpti/v1/wlr/ordini", Header: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{"a":1}`)}
	if err := j.Append(e); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	got, ok, err := j.Meta()
	if err != nil || !ok || got.Seed != 7 || !got.Start.Equal(m.Start) || got.Fixtures != "abc" {
		t.Fatalf("meta after reopen: %+v %v %v", got, ok, err)
	}
	es, err := j.Entries()
	if err != nil || len(es) != 1 {
		t.Fatalf("entries: %v %v", es, err)
	}
	if es[0].Path != e.Path || string(es[0].Body) != `{"a":1}` || !es[0].Virtual.Equal(e.Virtual) || es[0].Scopes[0] != "wlr" || es[0].Header["Content-Type"] != "application/json" {
		t.Fatalf("entry after reopen: %+v", es[0])
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x")
	if err := writeFile(path, "not a database at all, just text that is long enough"); err != nil {
		t.Fatal(err)
	}
	if j, err := Open(path); err == nil {
		j.Close()
		t.Fatal("a text file was accepted as a state file")
	}
}
