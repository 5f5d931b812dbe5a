package sftpd

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Audit event names. They are a stable vocabulary: the audit log is read by
// people and scripts investigating who fetched what, and from where.
const (
	EventConnectRefused = "connect_refused" // closed before or during the handshake: unknown IP, brake, no common algorithm
	EventAuthOK         = "auth_ok"         // both factors passed
	EventAuthFail       = "auth_fail"       // one authentication attempt refused
	EventDownload       = "download"        // a file handle opened for reading was closed
	EventRefusedOp      = "refused_op"      // a write, a shell, a forwarding... refused (or, for setstat, ignored)
	EventDisconnect     = "disconnect"      // an authenticated connection ended
)

// AuditRecord is one line of the audit log (JSON Lines). Every field is always
// present so that line-oriented tools see one schema.
type AuditRecord struct {
	Time   time.Time `json:"time"`
	Event  string    `json:"event"`
	OpID   string    `json:"opId"`
	User   string    `json:"user"`
	IP     string    `json:"ip"`
	Path   string    `json:"path"`
	Bytes  int64     `json:"bytes"`
	Result string    `json:"result"`
	Detail string    `json:"detail"`
}

// auditLog serialises records so that concurrent connections never
// interleave bytes of two lines.
type auditLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
	err func(error)
}

func (a *auditLog) write(r AuditRecord) {
	if r.Time.IsZero() {
		r.Time = a.now().UTC()
	}
	b, err := json.Marshal(r)
	if err != nil { // cannot happen for this struct; keep the event visible anyway
		a.err(err)
		return
	}
	b = append(b, '\n')
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(b); err != nil {
		a.err(err)
	}
}
