//go:build !race

package cdr

const raceAttivo = false
