package sftpd

import (
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestResolvePath(t *testing.T) {
	tests := map[string]string{
		"":                  ".",
		".":                 ".",
		"/":                 ".",
		"..":                ".",
		"/../../etc":        "etc",
		"/../../etc/passwd": "etc/passwd",
		"sub/../..":         ".",
		"//a.txt":           "a.txt",
		"./sub/./inner.txt": "sub/inner.txt",
		`..\..\x`:           `..\..\x`, // a file name on Linux, not a parent
	}
	for in, want := range tests {
		if got := resolvePath(in); got != want {
			t.Errorf("resolvePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzResolvePath: whatever path a client sends, the name looked up is a
// valid path below the root, and nothing outside the root (through "..",
// absolute paths or symlinks) is ever stat'ed or opened.
func FuzzResolvePath(f *testing.F) {
	base := f.TempDir()
	rootDir, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	makeTree(f, rootDir, outside)
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { root.Close() })

	var forbidden []fs.FileInfo
	for _, p := range []string{base, outside, filepath.Join(outside, "secret.txt"), "/", "/etc", "/etc/passwd"} {
		if fi, err := os.Stat(p); err == nil {
			forbidden = append(forbidden, fi)
		}
	}
	srv := &Server{logger: slog.New(slog.DiscardHandler), now: time.Now}
	srv.audit = &auditLog{w: io.Discard, now: time.Now, err: func(error) {}}
	h := &fsHandler{c: &conn{srv: srv}, root: root}

	for _, s := range []string{
		"", ".", "/", "..", "/../../etc/passwd", "escape", "escape_rel", "escape_dir/secret.txt",
		"sub/up/secret.txt", "sub/up/../up/secret.txt", "inner_link", "a\x00b", "//a.txt",
		"./../sub/./inner.txt", strings.Repeat("../", 40) + "etc", `\..\..\etc`, "fifo", "sub/", "sub/.",
		filepath.Join(outside, "secret.txt"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		rel := resolvePath(p)
		// fs.ValidPath without its UTF-8 rule: file names are bytes.
		if rel != "." && (path.IsAbs(rel) || path.Clean(rel) != rel || rel == ".." ||
			strings.HasPrefix(rel, "../") || strings.Contains(rel, "/../") || strings.HasSuffix(rel, "/..")) {
			t.Fatalf("resolvePath(%q) = %q: not a clean relative path below the root", p, rel)
		}
		if rp, _ := h.RealPath(p); !path.IsAbs(rp) || path.Clean(rp) != rp || strings.Contains(rp, "/../") {
			t.Fatalf("RealPath(%q) = %q: not a clean absolute path", p, rp)
		}
		outsideRoot := func(fi fs.FileInfo) bool {
			for _, o := range forbidden {
				if os.SameFile(fi, o) {
					return true
				}
			}
			return false
		}
		if fi, err := h.stat(p); err == nil && outsideRoot(fi) {
			t.Fatalf("stat(%q) reached %s outside the root", p, fi.Name())
		}
		if d, err := h.openDownload(p); err == nil {
			fi, _ := d.f.Stat()
			d.Close()
			if outsideRoot(fi) {
				t.Fatalf("open(%q) reached %s outside the root", p, fi.Name())
			}
		}
		if l, err := h.list(p); err == nil {
			for _, fi := range l.(listing) {
				if fi.Name() == "secret.txt" {
					t.Fatalf("list(%q) shows the outside directory", p)
				}
			}
		}
	})
}
