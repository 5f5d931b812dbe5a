package manual

import (
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
)

// The contracts' descriptions are CommonMark. The manual needs only the subset the contracts
// use (headings, paragraphs, lists, tables, block quotes, code, emphasis, links), and every
// character outside that subset must come out escaped: a description is text written by a
// person, never markup trusted to reach the page. A full Markdown library would be a new
// dependency for about 300 lines of code.

// markdown renders src as a sequence of HTML blocks. Headings start at level base (a "#"
// inside an operation's description must not outrank the chapter it sits in).
func markdown(src string, base int) template.HTML {
	var b strings.Builder
	r := mdRenderer{base: base, out: &b}
	r.blocks(splitLines(src), false)
	return template.HTML(b.String())
}

// markdownInline renders src for a table cell: one paragraph comes out without <p>, anything
// longer is rendered as blocks.
func markdownInline(src string) template.HTML {
	lines := splitLines(src)
	if isSimpleParagraph(lines) {
		var b strings.Builder
		inline(&b, strings.Join(trimAll(lines), "\n"))
		return template.HTML(b.String())
	}
	return markdown(src, 5)
}

type mdRenderer struct {
	base int
	out  *strings.Builder
}

var (
	reHeading  = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	reFence    = regexp.MustCompile("^ {0,3}(```+|~~~+)[ \t]*([^`]*)$")
	reBullet   = regexp.MustCompile(`^( {0,3})([-*+])[ \t]+(.*)$`)
	reOrdered  = regexp.MustCompile(`^( {0,3})(\d{1,9})[.)][ \t]+(.*)$`)
	reRule     = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	reTableSep = regexp.MustCompile(`^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	reQuote    = regexp.MustCompile(`^ {0,3}> ?(.*)$`)
	reLang     = regexp.MustCompile(`^[A-Za-z0-9_+-]{1,20}$`)
)

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\t", "    ")
	return strings.Split(strings.TrimRight(s, "\n "), "\n")
}

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func isSimpleParagraph(lines []string) bool {
	for i, l := range lines {
		if isBlank(l) || (i > 0 && startsBlock(lines, i)) || (i == 0 && startsBlock(lines, 0)) {
			return false
		}
	}
	return true
}

// startsBlock reports whether lines[i] opens a block other than a paragraph.
func startsBlock(lines []string, i int) bool {
	l := lines[i]
	return reHeading.MatchString(l) || reFence.MatchString(l) || reBullet.MatchString(l) ||
		reOrdered.MatchString(l) || reRule.MatchString(l) || reQuote.MatchString(l) ||
		(strings.Contains(l, "|") && i+1 < len(lines) && reTableSep.MatchString(lines[i+1]) &&
			strings.Contains(lines[i+1], "-"))
}

// blocks renders a run of lines. tight is set inside list items, where a lone paragraph
// is written without <p>.
func (r *mdRenderer) blocks(lines []string, tight bool) {
	for i := 0; i < len(lines); {
		l := lines[i]
		switch {
		case isBlank(l):
			i++
		case reFence.MatchString(l):
			i = r.fence(lines, i)
		case reHeading.MatchString(l):
			m := reHeading.FindStringSubmatch(l)
			lvl := min(r.base+len(m[1])-1, 6)
			tag := "h" + strconv.Itoa(lvl)
			r.out.WriteString("<" + tag + ">")
			inline(r.out, m[2])
			r.out.WriteString("</" + tag + ">\n")
			i++
		case reRule.MatchString(l):
			r.out.WriteString("<hr>\n")
			i++
		case reQuote.MatchString(l):
			var inner []string
			for i < len(lines) && !isBlank(lines[i]) {
				if m := reQuote.FindStringSubmatch(lines[i]); m != nil {
					inner = append(inner, m[1])
				} else {
					inner = append(inner, lines[i])
				}
				i++
			}
			r.out.WriteString("<blockquote>\n")
			r.blocks(inner, false)
			r.out.WriteString("</blockquote>\n")
		case reBullet.MatchString(l) || reOrdered.MatchString(l):
			i = r.list(lines, i)
		case startsBlock(lines, i): // table
			i = r.table(lines, i)
		default:
			start := i
			for i < len(lines) && !isBlank(lines[i]) && (i == start || !startsBlock(lines, i)) {
				i++
			}
			text := strings.Join(trimAll(lines[start:i]), "\n")
			if tight {
				inline(r.out, text)
				if i < len(lines) {
					r.out.WriteString("\n")
				}
				continue
			}
			r.out.WriteString("<p>")
			inline(r.out, text)
			r.out.WriteString("</p>\n")
		}
	}
}

func (r *mdRenderer) fence(lines []string, i int) int {
	m := reFence.FindStringSubmatch(lines[i])
	marker := m[1]
	lang := strings.TrimSpace(m[2])
	indent := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
	i++
	var code []string
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, marker[:1]) && strings.Trim(t, marker[:1]) == "" && len(t) >= len(marker) {
			i++
			break
		}
		l := lines[i]
		for k := 0; k < indent && strings.HasPrefix(l, " "); k++ {
			l = l[1:]
		}
		code = append(code, l)
	}
	r.out.WriteString("<pre><code")
	if reLang.MatchString(lang) {
		r.out.WriteString(` class="lang-` + html.EscapeString(strings.ToLower(lang)) + `"`)
	}
	r.out.WriteString(">")
	r.out.WriteString(escapeText(strings.Join(code, "\n")))
	r.out.WriteString("</code></pre>\n")
	return i
}

// list renders a bullet or ordered list starting at lines[i]. An item runs until the next
// marker of the same indentation; lines indented past the marker belong to the item and are
// rendered as blocks, which gives nested lists.
func (r *mdRenderer) list(lines []string, i int) int {
	ordered := reOrdered.MatchString(lines[i])
	marker := func(l string) (indent, content int, text string, ok bool) {
		var m []string
		if ordered {
			m = reOrdered.FindStringSubmatch(l)
		} else {
			m = reBullet.FindStringSubmatch(l)
		}
		if m == nil {
			return 0, 0, "", false
		}
		return len(m[1]), len(l) - len(m[3]), m[3], true
	}
	ind, _, _, _ := marker(lines[i])
	if ordered {
		n, _ := strconv.Atoi(reOrdered.FindStringSubmatch(lines[i])[2])
		if n != 1 {
			r.out.WriteString(`<ol start="` + strconv.Itoa(n) + `">` + "\n")
		} else {
			r.out.WriteString("<ol>\n")
		}
	} else {
		r.out.WriteString("<ul>\n")
	}
	for i < len(lines) {
		mi, content, text, ok := marker(lines[i])
		if !ok || mi != ind {
			break
		}
		item := []string{text}
		i++
		loose := false
		for i < len(lines) {
			l := lines[i]
			if isBlank(l) {
				// a blank line ends the item unless indented content follows
				if i+1 < len(lines) && leadingSpaces(lines[i+1]) >= content {
					item = append(item, "")
					loose = true
					i++
					continue
				}
				break
			}
			if leadingSpaces(l) >= content {
				item = append(item, l[content:])
				i++
				continue
			}
			if _, _, _, same := marker(l); same || startsBlock(lines, i) {
				break
			}
			item = append(item, strings.TrimSpace(l)) // lazy continuation
			i++
		}
		r.out.WriteString("<li>")
		r.blocks(item, !loose)
		r.out.WriteString("</li>\n")
		// a blank line between two items of the same list does not end it
		if i+1 < len(lines) && isBlank(lines[i]) {
			if m, _, _, ok := marker(lines[i+1]); ok && m == ind {
				i++
			}
		}
	}
	if ordered {
		r.out.WriteString("</ol>\n")
	} else {
		r.out.WriteString("</ul>\n")
	}
	return i
}

func leadingSpaces(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func (r *mdRenderer) table(lines []string, i int) int {
	header := tableCells(lines[i])
	aligns := tableCells(lines[i+1])
	for k, a := range aligns {
		switch {
		case strings.HasPrefix(a, ":") && strings.HasSuffix(a, ":"):
			aligns[k] = "center"
		case strings.HasSuffix(a, ":"):
			aligns[k] = "right"
		default:
			aligns[k] = ""
		}
	}
	cell := func(tag string, k int, text string) {
		r.out.WriteString("<" + tag)
		if k < len(aligns) && aligns[k] != "" {
			r.out.WriteString(` class="al-` + aligns[k] + `"`)
		}
		r.out.WriteString(">")
		inline(r.out, text)
		r.out.WriteString("</" + tag + ">")
	}
	r.out.WriteString("<table class=\"md\">\n<thead><tr>")
	for k, h := range header {
		cell("th", k, h)
	}
	r.out.WriteString("</tr></thead>\n<tbody>\n")
	i += 2
	for ; i < len(lines) && !isBlank(lines[i]) && strings.Contains(lines[i], "|"); i++ {
		cells := tableCells(lines[i])
		r.out.WriteString("<tr>")
		for k := range header {
			c := ""
			if k < len(cells) {
				c = cells[k]
			}
			cell("td", k, c)
		}
		r.out.WriteString("</tr>\n")
	}
	r.out.WriteString("</tbody>\n</table>\n")
	return i
}

// tableCells splits a table row on '|' that is neither escaped nor inside a code span.
func tableCells(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "|")
	if strings.HasSuffix(l, "|") && !strings.HasSuffix(l, `\|`) {
		l = l[:len(l)-1]
	}
	var cells []string
	var cur strings.Builder
	inCode := false
	for k := 0; k < len(l); k++ {
		c := l[k]
		switch {
		case c == '\\' && k+1 < len(l) && l[k+1] == '|':
			cur.WriteByte('|')
			k++
		case c == '`':
			inCode = !inCode
			cur.WriteByte(c)
		case c == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// inline renders code spans, links, emphasis and backslash escapes; every other character
// is HTML-escaped.
func inline(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~", s[i+1]) >= 0:
			b.WriteString(escapeText(s[i+1 : i+2]))
			i += 2
			continue
		case c == '`':
			n := runLen(s, i, '`')
			fence := s[i : i+n]
			if end := strings.Index(s[i+n:], fence); end >= 0 {
				code := s[i+n : i+n+end]
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' {
					code = code[1 : len(code)-1]
				}
				b.WriteString("<code>" + escapeText(strings.ReplaceAll(code, "\n", " ")) + "</code>")
				i += n + end + n
				continue
			}
			b.WriteString(fence)
			i += n
			continue
		case c == '[':
			if text, href, n, ok := parseLink(s[i:]); ok {
				if safe, ok := safeHref(href); ok {
					b.WriteString(`<a href="` + html.EscapeString(safe) + `">`)
					inline(b, text)
					b.WriteString("</a>")
				} else {
					inline(b, text)
				}
				i += n
				continue
			}
		case c == '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				u := s[i+1 : i+end]
				if safe, ok := safeHref(u); ok && strings.Contains(u, ":") && !strings.ContainsAny(u, " <") {
					b.WriteString(`<a href="` + html.EscapeString(safe) + `">` + escapeText(u) + "</a>")
					i += end + 1
					continue
				}
			}
		case c == '*' || c == '_':
			if n, ok := emphasis(b, s, i); ok {
				i += n
				continue
			}
		}
		b.WriteString(escapeText(s[i : i+1]))
		i++
	}
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// emphasis handles **strong**, *em*, __strong__ and _em_ at s[i]. An underscore only counts
// at a word boundary, so identifiers like client_id or KO_TECNICO stay as written.
func emphasis(b *strings.Builder, s string, i int) (int, bool) {
	c := s[i]
	n := min(runLen(s, i, c), 2)
	if c == '_' && i > 0 && isWordByte(s[i-1]) {
		return 0, false
	}
	open := i + n
	if open >= len(s) || s[open] == ' ' || s[open] == '\n' {
		return 0, false
	}
	delim := s[i : i+n]
	for j := open + 1; j+n <= len(s); j++ {
		if s[j:j+n] != delim || s[j-1] == ' ' || s[j-1] == '\n' || s[j-1] == '\\' {
			continue
		}
		if n == 1 && j+1 < len(s) && s[j+1] == c { // part of a longer run
			j++
			continue
		}
		if c == '_' && j+n < len(s) && isWordByte(s[j+n]) {
			continue
		}
		tag := "em"
		if n == 2 {
			tag = "strong"
		}
		b.WriteString("<" + tag + ">")
		inline(b, s[open:j])
		b.WriteString("</" + tag + ">")
		return j + n - i, true
	}
	return 0, false
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// parseLink reads "[text](href)" at the start of s.
func parseLink(s string) (text, href string, n int, ok bool) {
	depth := 0
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				if k+1 >= len(s) || s[k+1] != '(' {
					return "", "", 0, false
				}
				end := closingParen(s[k+2:])
				if end < 0 {
					return "", "", 0, false
				}
				href = strings.TrimSpace(s[k+2 : k+2+end])
				if sp := strings.IndexAny(href, " \n"); sp >= 0 { // drop a "title"
					href = href[:sp]
				}
				return s[1:k], strings.Trim(href, "<>"), k + 3 + end, true
			}
		}
	}
	return "", "", 0, false
}

// closingParen finds the ')' that ends a link destination, allowing balanced parentheses
// inside it as CommonMark does.
func closingParen(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		case '\n':
			return -1
		}
	}
	return -1
}

// safeHref admits links to http(s), mailto and anchors or relative paths; javascript:,
// data: and any other scheme are dropped (the link text stays).
func safeHref(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, "\"'<>`\x00") {
		return "", false
	}
	if strings.HasPrefix(u, "//") {
		return "", false
	}
	colon := strings.IndexByte(u, ':')
	slash := strings.IndexAny(u, "/?#")
	if colon < 0 || (slash >= 0 && slash < colon) {
		return u, true // relative reference or anchor
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto":
		return u, true
	}
	return "", false
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeText escapes text that goes between tags (never into an attribute): only &, < and >
// matter there, and leaving quotes alone keeps the code examples readable in the source and
// the file smaller.
func escapeText(s string) string { return textEscaper.Replace(s) }

// codeBlock is the template function for preformatted text (examples, code).
func codeBlock(s string) template.HTML { return template.HTML(escapeText(s)) }
