package manual

import (
	"html"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/sftpd"
)

// The SFTP chapter is prose in a template, but it describes what the cdr and sftpd packages
// do. These tests hold the two together: a renamed CDR column, a new manifest field or a
// changed algorithm list fails here until the manual says the same.

var reRowCode = regexp.MustCompile(`<tr class="(cdr-campo|manifest-campo)[^"]*"><td>(?:\d+</td><td>)?<code>([^<]+)</code>`)

func sftpChapter(t *testing.T) string {
	t.Helper()
	doc := projectManuals(t)[0].html
	i := strings.Index(doc, `id="canale-sftp"`)
	if i < 0 {
		t.Fatal("capitolo SFTP assente")
	}
	return doc[i:]
}

func chapterRows(ch, class string) []string {
	var out []string
	for _, m := range reRowCode.FindAllStringSubmatch(ch, -1) {
		if m[1] == class {
			out = append(out, html.UnescapeString(m[2]))
		}
	}
	return out
}

func TestSFTPChapterMatchesCDRFormat(t *testing.T) {
	ch := sftpChapter(t)
	if got, want := chapterRows(ch, "cdr-campo"), cdr.Intestazione(); !slices.Equal(got, want) {
		t.Errorf("campi CDR nel manuale %v\nintestazione dei file %v", got, want)
	}
	var want []string
	for _, typ := range []reflect.Type{reflect.TypeFor[cdr.Manifest](), reflect.TypeFor[cdr.ManifestFile]()} {
		for f := range typ.Fields() {
			if tag := strings.Split(f.Tag.Get("json"), ",")[0]; tag != "" && tag != "-" {
				want = append(want, tag)
			}
		}
	}
	got := chapterRows(ch, "manifest-campo")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("campi del MANIFEST nel manuale %v\nnel pacchetto cdr %v", got, want)
	}
	day := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, name := range []string{cdr.DayFileName("OLO001", day, 1), cdr.ManifestName("OLO001", day)} {
		if !strings.Contains(ch, name) {
			t.Errorf("l'esempio del manuale non usa il nome %s che scrive il pacchetto cdr", name)
		}
	}
}

func TestSFTPChapterMatchesPolicy(t *testing.T) {
	ch := sftpChapter(t)
	p := sftpd.HostPolicy
	for _, list := range [][]string{p.KeyExchanges, p.Ciphers, p.MACs, p.HostKeyAlgorithms} {
		for _, name := range list {
			if !strings.Contains(ch, "<code>"+name+"</code>") {
				t.Errorf("algoritmo della policy %s assente dal manuale", name)
			}
		}
	}
	_, devs, err := p.Effective()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if !strings.Contains(ch, "non implementa <code>"+d.Name+"</code>") {
			t.Errorf("la deviazione %q non è dichiarata nel manuale", d)
		}
	}
	if len(devs) != 1 {
		t.Errorf("il manuale dichiara una sola deviazione, la sandbox ne ha %d: %v", len(devs), devs)
	}
}
