package manual

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// keyOrder remembers, for every mapping of the contract, the order in which its keys were
// written. kin-openapi keeps paths, properties and examples in Go maps, so without it the
// manual would list fields alphabetically instead of in the order the contract's authors chose.
// Keys are JSON pointers without the leading '#' ("/components/schemas/Ordine/properties").
type keyOrder map[string][]string

// newKeyOrder indexes every mapping of the YAML document. A document that does not parse
// gives an empty index: the renderer then falls back to sorted keys, still deterministic.
func newKeyOrder(src []byte) keyOrder {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil || len(root.Content) == 0 {
		return keyOrder{}
	}
	ko := keyOrder{}
	ko.walk(root.Content[0], "", 0)
	return ko
}

func (ko keyOrder) walk(n *yaml.Node, ptr string, depth int) {
	if depth > 64 { // aliases can loop; real contracts are far shallower
		return
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil {
			ko.walk(n.Alias, ptr, depth+1)
		}
	case yaml.MappingNode:
		keys := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			keys = append(keys, k)
			ko.walk(n.Content[i+1], ptr+"/"+escapePointer(k), depth+1)
		}
		ko[ptr] = keys
	case yaml.SequenceNode:
		for i, c := range n.Content {
			ko.walk(c, ptr+"/"+strconv.Itoa(i), depth+1)
		}
	}
}

// sortKeys returns the keys of m in document order for the mapping at ptr; keys the index
// does not know (or every key, when ptr is unknown) follow in byte order.
func sortKeys[V any](ko keyOrder, ptr string, m map[string]V) []string {
	out := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	for _, k := range ko[ptr] {
		if _, ok := m[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	rest := make([]string, 0, len(m)-len(out))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// escapePointer escapes one JSON pointer token (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// refPointer turns a local $ref ("#/components/schemas/Dn") into the pointer keyOrder uses.
func refPointer(ref string) string {
	if i := strings.IndexByte(ref, '#'); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// refName is the last token of a $ref: the component's name.
func refName(ref string) string {
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		return pointerUnescaper.Replace(ref[i+1:])
	}
	return ref
}

// menuNumber matches the numeric prefix of a tag: "4.1 VoIP - ...", "1. Sezione Generale".
var menuNumber = regexp.MustCompile(`^\s*(\d+(?:\.\d+)*)\.?\s+`)

// menuKey splits a tag name into its menu number (4.1 -> [4 1]) and the label after it.
// Tags are ordered by these numbers, not alphabetically, so 4.10 comes after 4.9 and the
// manual follows the portal's menu.
func menuKey(name string) (num []int, label string) {
	m := menuNumber.FindStringSubmatchIndex(name)
	if m == nil {
		return nil, strings.TrimSpace(name)
	}
	for p := range strings.SplitSeq(name[m[2]:m[3]], ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, strings.TrimSpace(name)
		}
		num = append(num, n)
	}
	return num, strings.TrimSpace(name[m[1]:])
}

// compareMenu orders tag names by menu number; names without a number come last, by name.
func compareMenu(a, b string) int {
	na, _ := menuKey(a)
	nb, _ := menuKey(b)
	switch {
	case na == nil && nb == nil:
		return strings.Compare(a, b)
	case na == nil:
		return 1
	case nb == nil:
		return -1
	}
	if c := slices.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// formatMenu prints a menu number the way the portal does: "4" -> "4.", [4 1] -> "4.1".
func formatMenu(num []int) string {
	if len(num) == 0 {
		return ""
	}
	parts := make([]string, len(num))
	for i, n := range num {
		parts[i] = strconv.Itoa(n)
	}
	s := strings.Join(parts, ".")
	if len(num) == 1 {
		s += "."
	}
	return s
}

// statusOrder sorts response keys: numeric codes ascending, then ranges (2XX), then default.
func statusOrder(a, b string) int {
	rank := func(s string) (int, string) {
		if n, err := strconv.Atoi(s); err == nil {
			return 0, strconv.Itoa(1000 + n)
		}
		if strings.EqualFold(s, "default") {
			return 2, s
		}
		return 1, strings.ToUpper(s)
	}
	ra, sa := rank(a)
	rb, sb := rank(b)
	if c := cmp.Compare(ra, rb); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
}
