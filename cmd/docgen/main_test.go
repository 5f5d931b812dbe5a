package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docgen -o DIR writes the two manuals, each one offline file in Italian.
func TestWritesBothManuals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nuova", "cartella")
	var out bytes.Buffer
	if err := run([]string{"-o", dir}, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ManualeAPI_WPTI.html", "ManualeAPI_WPTI_AF.html"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, `lang="it"`) || !strings.Contains(s, "Sezione Generale") {
			t.Errorf("%s: not the Italian manual", f)
		}
		if !strings.Contains(out.String(), f) {
			t.Errorf("output does not list %s: %s", f, out.String())
		}
	}
}

func TestArgumentErrors(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--help"}, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "-o") {
		t.Errorf("--help: %v %q", err, out.String())
	}
	for _, args := range [][]string{{"-o", ""}, {"extra"}, {"--nope"}} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
