// Package templates holds the html/template files, the stylesheet and the filter script of
// the HTML manuals. They are embedded so that cmd/docgen writes the same manuals from any
// working directory, and so that a manual's look is edited here, not in Go strings.
package templates

import "embed"

// FS holds every template (*.tmpl), the stylesheet (manuale.css) and the script (filtro.js).
//
//go:embed *.tmpl *.css *.js
var FS embed.FS
