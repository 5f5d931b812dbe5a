// Package italia holds the Italian vocabulary the sandbox world is built from:
// identifiers (partita IVA, codice fiscale, DN, CAP, codice migrazione) with
// their validators, embedded reference data (province, comuni, telephone
// districts), a deterministic generator of people, companies, addresses and
// numbers, and the working-day calendar used for DAC and SLA arithmetic.
//
// Every identifier is a string, never a number: CAP 00118, partita IVA
// 00743110157 and DN 0612345678 keep their leading zeros through every round
// trip. Validators return nil or an *ErroreValidazione whose message is in
// Italian, ready to be shown to an operator.
//
// The generator draws from a single PCG stream seeded by the caller and never
// touches global random state, so one seed always gives the same world.
package italia
