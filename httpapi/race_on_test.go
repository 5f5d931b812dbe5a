//go:build race

package httpapi

// raceEnabled: the race detector makes the differential test ten times slower; it then
// compares a quarter of the documents (the full set runs without it).
const raceEnabled = true
