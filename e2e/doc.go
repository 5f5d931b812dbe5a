// Package e2e holds the contract end-to-end suite of the sandbox: an OLO's point of view,
// through the generated clients only, with every request and response checked against the
// two OpenAPI contracts by the client side itself (not by the sandbox's own strict mode, so
// a fault in that mode cannot hide a fault in the answers).
//
// The tests live in package e2e_test; this file only documents the directory. Run them with
//
//	go test -race ./e2e/
//
// What the suite holds:
//   - every operation of both contracts answers a realistic success path, and the set of
//     operations seen succeeding equals the set the contracts declare (computed from the
//     loaded documents, so a new operation without a test fails the suite);
//   - error paths (401, 403, 400, 404, 409, 422, idempotency) carry problem+json with the
//     stable codice;
//   - tenant isolation: another OLO's ids are 404 everywhere and never listed;
//   - Prism-style Prefer headers (code=, example=).
package e2e
