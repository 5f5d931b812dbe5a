//go:build race

package cdr

// raceAttivo: the race detector slows the program tenfold and changes its
// memory, so the full-size measurement is skipped under it.
const raceAttivo = true
