// Package spec embeds the two OpenAPI contracts so that every binary (sandbox, docgen) and
// every test reads the very bytes that are committed, with no path lookups at run time.
package spec

import _ "embed"

// WPTI is spec/wpti.yaml, the Provisioning contract (menus 1 to 5).
//
//go:embed wpti.yaml
var WPTI []byte

// WPTIAF is spec/wpti-af.yaml, the Anti-fraud contract (menu 6).
//
//go:embed wpti-af.yaml
var WPTIAF []byte

// Sandbox is spec/sandbox.yaml, the sandbox's own control API (not part of the RO's).
//
//go:embed sandbox.yaml
var Sandbox []byte

// Shared is spec/shared-components.yaml, the components both contracts must carry verbatim.
//
//go:embed shared-components.yaml
var Shared []byte
