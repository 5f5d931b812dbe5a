package manual

import (
	"fmt"
	"regexp"
	"strings"
)

// checkHTML is a strict well-formedness check of our own output (golang.org/x/net/html is
// not in go.mod, and a browser's forgiving parser would hide the mistakes we want to see).
// The manual writes every end tag, so the check can demand balance: it reports unclosed or
// crossed tags, void elements closed, block elements inside <p> (a browser would split
// the paragraph), list items and table cells outside their parents, bare '<' and '&' in
// text, duplicate ids and links to anchors that do not exist.
func checkHTML(doc string) []string {
	var errs []string
	fail := func(pos int, format string, args ...any) {
		if len(errs) < 20 {
			line := strings.Count(doc[:pos], "\n") + 1
			errs = append(errs, fmt.Sprintf("riga %d: %s", line, fmt.Sprintf(format, args...)))
		}
	}
	if !strings.HasPrefix(doc, "<!DOCTYPE html>") {
		fail(0, "manca <!DOCTYPE html> in testa")
	}
	ids := map[string]bool{}
	var links []string
	var linkPos []int
	type open struct {
		name string
		pos  int
	}
	var stack []open
	has := func(name string) bool {
		for _, o := range stack {
			if o.name == name {
				return true
			}
		}
		return false
	}
	top := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].name
	}
	for i := 0; i < len(doc); {
		c := doc[i]
		if c == '&' {
			if m := reEntity.FindString(doc[i:]); m == "" {
				fail(i, "'&' non seguito da un'entità")
			}
			i++
			continue
		}
		if c != '<' {
			i++
			continue
		}
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				fail(i, "commento non chiuso")
				return errs
			}
			i += end + 3
			continue
		case strings.HasPrefix(rest, "<!"):
			i += strings.IndexByte(rest, '>') + 1
			continue
		case strings.HasPrefix(rest, "</"):
			m := reEndTag.FindStringSubmatch(rest)
			if m == nil {
				fail(i, "tag di chiusura malformato")
				i++
				continue
			}
			name := strings.ToLower(m[1])
			switch {
			case voidElements[name]:
				fail(i, "</%s>: elemento vuoto chiuso", name)
			case top() != name:
				fail(i, "</%s> chiude <%s>", name, top())
			default:
				stack = stack[:len(stack)-1]
			}
			i += len(m[0])
			continue
		}
		m := reStartTag.FindStringSubmatch(rest)
		if m == nil {
			fail(i, "'<' nudo nel testo")
			i++
			continue
		}
		name := strings.ToLower(m[1])
		attrs := m[2]
		for _, a := range reAttr.FindAllStringSubmatch(attrs, -1) {
			val := a[2] + a[3]
			switch strings.ToLower(a[1]) {
			case "id":
				if val == "" {
					fail(i, "id vuoto")
				}
				if ids[val] {
					fail(i, "id ripetuto %q", val)
				}
				ids[val] = true
			case "href":
				if strings.HasPrefix(val, "#") {
					links = append(links, val[1:])
					linkPos = append(linkPos, i)
				}
			}
		}
		if leftover := reAttr.ReplaceAllString(attrs, ""); strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(leftover), "/")) != "" {
			fail(i, "<%s>: attributi malformati %q", name, leftover)
		}
		if blockElements[name] && has("p") {
			fail(i, "<%s> dentro <p>", name)
		}
		if parents, ok := requiredParent[name]; ok && !strings.Contains(parents, " "+top()+" ") {
			fail(i, "<%s> dentro <%s>", name, top())
		}
		i += len(m[0])
		switch {
		case voidElements[name]:
		case name == "script" || name == "style":
			end := strings.Index(strings.ToLower(doc[i:]), "</"+name+">")
			if end < 0 {
				fail(i, "<%s> non chiuso", name)
				return errs
			}
			i += end + len(name) + 3
		default:
			stack = append(stack, open{name, i})
		}
	}
	for _, o := range stack {
		fail(o.pos, "<%s> mai chiuso", o.name)
	}
	for k, l := range links {
		if !ids[l] {
			fail(linkPos[k], "collegamento a #%s che non esiste", l)
		}
	}
	return errs
}

var (
	reEntity   = regexp.MustCompile(`^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)
	reStartTag = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*)\s*/?>`)
	reEndTag   = regexp.MustCompile(`^</([a-zA-Z][a-zA-Z0-9]*)\s*>`)
	reAttr     = regexp.MustCompile(`\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|[^\s"'=<>` + "`" + `]+))?`)

	voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
		"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
	blockElements = map[string]bool{"div": true, "p": true, "table": true, "ul": true, "ol": true, "pre": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "section": true, "figure": true,
		"blockquote": true, "dl": true, "header": true, "nav": true, "main": true, "hr": true}
	requiredParent = map[string]string{
		"li": " ul ol ", "tr": " thead tbody tfoot table ", "td": " tr ", "th": " tr ",
		"thead": " table ", "tbody": " table ", "dt": " dl ", "dd": " dl ", "figcaption": " figure ",
	}
)
