package manual

import (
	"regexp"
	"strings"
	"testing"
)

var reAnyTag = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9]*)`)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"paragrafo", "uno\ndue\n\ntre", "<p>uno\ndue</p>\n<p>tre</p>\n"},
		{"script escapato", "prima <script>alert('x')</script> dopo", "<p>prima &lt;script&gt;alert('x')&lt;/script&gt; dopo</p>\n"},
		{"html in un titolo", "# <img src=x onerror=alert(1)>", "<h3>&lt;img src=x onerror=alert(1)&gt;</h3>\n"},
		{"livelli dei titoli", "# A\n## B\n###### C", "<h3>A</h3>\n<h4>B</h4>\n<h6>C</h6>\n"},
		{"grassetto e corsivo", "**forte** e *lieve* e _anche_", "<p><strong>forte</strong> e <em>lieve</em> e <em>anche</em></p>\n"},
		{"trattini bassi nelle parole", "client_id e KO_TECNICO e x_y_z", "<p>client_id e KO_TECNICO e x_y_z</p>\n"},
		{"code span", "usa `a <b> & *c*`", "<p>usa <code>a &lt;b&gt; &amp; *c*</code></p>\n"},
		{"code span con backtick", "`` a`b ``", "<p><code>a`b</code></p>\n"},
		{"link sicuro", "[doc](https://example.org/a?b=1&c=2)", `<p><a href="https://example.org/a?b=1&amp;c=2">doc</a></p>` + "\n"},
		{"link relativo", "[sopra](#errori)", `<p><a href="#errori">sopra</a></p>` + "\n"},
		{"link javascript tolto", "[x](javascript:alert(1))", "<p>x</p>\n"},
		{"link data tolto", "[x](data:text/html,hi)", "<p>x</p>\n"},
		{"link con virgolette tolto", `[x](http://a"onmouseover="b)`, "<p>x</p>\n"},
		{"autolink", "<https://example.org>", `<p><a href="https://example.org">https://example.org</a></p>` + "\n"},
		{"escape", `\*non corsivo\*`, "<p>*non corsivo*</p>\n"},
		{"elenco", "- a\n- b con `c`\n  continua", "<ul>\n<li>a</li>\n<li>b con <code>c</code>\ncontinua</li>\n</ul>\n"},
		{"elenco numerato", "3. tre\n4. quattro", "<ol start=\"3\">\n<li>tre</li>\n<li>quattro</li>\n</ol>\n"},
		{"elenco annidato", "- a\n  - a1\n  - a2\n- b", "<ul>\n<li>a\n<ul>\n<li>a1</li>\n<li>a2</li>\n</ul>\n</li>\n<li>b</li>\n</ul>\n"},
		{"paragrafo poi elenco", "Stati:\n- A\n- B", "<p>Stati:</p>\n<ul>\n<li>A</li>\n<li>B</li>\n</ul>\n"},
		{"tabella", "| a | b |\n|---|--:|\n| `x\\|y` | <i> |", "<table class=\"md\">\n<thead><tr><th>a</th><th class=\"al-right\">b</th></tr></thead>\n<tbody>\n<tr><td><code>x|y</code></td><td class=\"al-right\">&lt;i&gt;</td></tr>\n</tbody>\n</table>\n"},
		{"blocco di codice", "```json\n{\"a\": \"<b>\"}\n```", "<pre><code class=\"lang-json\">{\"a\": \"&lt;b&gt;\"}</code></pre>\n"},
		{"linguaggio strano", "```\"><script>\nx\n```", "<pre><code>x</code></pre>\n"},
		{"citazione", "> nota **bene**", "<blockquote>\n<p>nota <strong>bene</strong></p>\n</blockquote>\n"},
		{"riga", "a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>\n"},
		{"e commerciale", "AT&T", "<p>AT&amp;T</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(markdown(tt.src, 3)); got != tt.want {
				t.Errorf("markdown(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestMarkdownInline(t *testing.T) {
	tests := []struct{ src, want string }{
		{"Una riga con `codice`.", "Una riga con <code>codice</code>."},
		{"", ""},
		{"Riga uno\nriga due", "Riga uno\nriga due"},
		{"Due\n\nparagrafi", "<p>Due</p>\n<p>paragrafi</p>\n"},
		{"- un elenco", "<ul>\n<li>un elenco</li>\n</ul>\n"},
	}
	for _, tt := range tests {
		if got := string(markdownInline(tt.src)); got != tt.want {
			t.Errorf("markdownInline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// FuzzMarkdown: whatever the description says, the output never carries a tag the renderer
// did not write itself, and the rendered page stays well formed.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "**a *b**", "| a |\n|-|\n| <b |",
		"```\n<x>\n```", "- a\n  - <b>\n", "`<`", "<http://a\"b>", "_a_b_", "&lt;", "\\<i>"} {
		f.Add(s)
	}
	allowed := map[string]bool{"p": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true,
		"li": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "pre": true,
		"code": true, "em": true, "strong": true, "a": true, "blockquote": true, "hr": true}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown(src, 3))
		for _, m := range reAnyTag.FindAllStringSubmatch(out, -1) {
			if !allowed[strings.ToLower(m[1])] {
				t.Fatalf("tag <%s> in uscita da %q: %q", m[1], src, out)
			}
		}
		if strings.Contains(strings.ToLower(out), `href="javascript`) {
			t.Fatalf("link javascript da %q", src)
		}
		for _, e := range checkHTML("<!DOCTYPE html><html><body>" + out + "</body></html>") {
			if !strings.Contains(e, "collegamento a #") && !strings.Contains(e, "id ") {
				t.Fatalf("%s\nda %q:\n%s", e, src, out)
			}
		}
	})
}
