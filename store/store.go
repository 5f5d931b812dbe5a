// Package store keeps the sandbox's state in one SQLite file (--state FILE) as a journal:
// the world is a pure function of its seed, start instant and fixtures, so the state is that
// triple plus every accepted write request in order. On restart the world is generated
// again and the journal replayed through the same HTTP handlers, at the same virtual
// instants. A write is in the journal (committed, fsynced) before its answer leaves, so no
// acknowledged write is lost, even to kill -9.
package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // pure Go SQLite: one file, no server, no cgo
)

// Meta identifies the world a journal belongs to.
type Meta struct {
	Seed     uint64
	Start    time.Time
	Fixtures string // hash of the fixture files
}

// Entry is one accepted write request (or a control action) at a virtual instant.
type Entry struct {
	Seq      int64
	Virtual  time.Time // sandbox clock when it was served
	Real     time.Time // wall clock when it was served
	OpID     string
	ClientID string
	Scopes   []string
	Method   string
	Path     string // path and query as received
	Header   map[string]string
	Body     []byte
}

// Journal is an open state file.
type Journal struct{ db *sql.DB }

// Open opens or creates the state file.
func Open(path string) (*Journal, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, virtual TEXT NOT NULL, real TEXT NOT NULL,
  op_id TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, header TEXT NOT NULL, body BLOB);`); err != nil {
		db.Close()
		return nil, fmt.Errorf("state %s: %w (is it a sandbox state file?)", path, err)
	}
	return &Journal{db: db}, nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.db.Close() }

// Meta returns the world identity, and false for a new file.
func (j *Journal) Meta() (Meta, bool, error) {
	var v string
	err := j.db.QueryRow(`SELECT v FROM meta WHERE k='world'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return Meta{}, false, nil
	}
	if err != nil {
		return Meta{}, false, err
	}
	var m Meta
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return Meta{}, false, err
	}
	return m, true, nil
}

// SetMeta records the world identity of a new file.
func (j *Journal) SetMeta(m Meta) error {
	b, _ := json.Marshal(m)
	_, err := j.db.Exec(`INSERT OR REPLACE INTO meta (k, v) VALUES ('world', ?)`, string(b))
	return err
}

// Append commits one entry; it returns only once the entry is durable.
func (j *Journal) Append(e Entry) error {
	h, _ := json.Marshal(e.Header)
	s, _ := json.Marshal(e.Scopes)
	_, err := j.db.Exec(`INSERT INTO journal (virtual, real, op_id, client_id, scopes, method, path, header, body) VALUES (?,?,?,?,?,?,?,?,?)`,
		e.Virtual.Format(time.RFC3339Nano), e.Real.Format(time.RFC3339Nano), e.OpID, e.ClientID, string(s), e.Method, e.Path, string(h), e.Body)
	return err
}

// Entries returns the journal in order.
func (j *Journal) Entries() ([]Entry, error) {
	rows, err := j.db.Query(`SELECT seq, virtual, real, op_id, client_id, scopes, method, path, header, body FROM journal ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var v, r, h, s string
		if err := rows.Scan(&e.Seq, &v, &r, &e.OpID, &e.ClientID, &s, &e.Method, &e.Path, &h, &e.Body); err != nil {
			return nil, err
		}
		e.Virtual, _ = time.Parse(time.RFC3339Nano, v)
		e.Real, _ = time.Parse(time.RFC3339Nano, r)
		_ = json.Unmarshal([]byte(h), &e.Header)
		_ = json.Unmarshal([]byte(s), &e.Scopes)
		out = append(out, e)
	}
	return out, rows.Err()
}
