package italia

import (
	"sort"
	"time"
	_ "time/tzdata" // Europe/Rome must resolve even on hosts without zoneinfo
)

var roma = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		// Unreachable with time/tzdata embedded; a fixed CET keeps the
		// package usable rather than crashing at start-up.
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Roma returns the Europe/Rome location: DAC, working days and the CDR
// fasce orarie are all reckoned on Italian civil time, DST included.
func Roma() *time.Location { return roma }

// Pasqua returns Easter Sunday of the given year (Gregorian calendar), at
// midnight in Rome, computed with the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher).
func Pasqua(anno int) time.Time {
	a := anno % 19
	b := anno / 100
	c := anno % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	mese := (h + l - 7*m + 114) / 31
	giorno := (h+l-7*m+114)%31 + 1
	return time.Date(anno, time.Month(mese), giorno, 0, 0, 0, 0, roma)
}

// FestivitaNazionali returns the national public holidays of a year, sorted,
// at midnight in Rome: 1 and 6 January, Easter Monday, 25 April, 1 May,
// 2 June, 15 August, 4 October (from 2026, San Francesco d'Assisi, restored
// by the law of October 2025), 1 November, 8, 25 and 26 December. Local
// patron saints' days are not national and are not included. The list
// follows the rules in force since 2001 (2 June restored); earlier years get
// the same rules without 2 June.
func FestivitaNazionali(anno int) []time.Time {
	giorno := func(m time.Month, d int) time.Time { return time.Date(anno, m, d, 0, 0, 0, 0, roma) }
	f := []time.Time{
		giorno(time.January, 1),
		giorno(time.January, 6),
		Pasqua(anno).AddDate(0, 0, 1),
		giorno(time.April, 25),
		giorno(time.May, 1),
		giorno(time.August, 15),
		giorno(time.November, 1),
		giorno(time.December, 8),
		giorno(time.December, 25),
		giorno(time.December, 26),
	}
	if anno >= 2001 {
		f = append(f, giorno(time.June, 2))
	}
	if anno >= 2026 {
		f = append(f, giorno(time.October, 4))
	}
	sort.Slice(f, func(i, j int) bool { return f[i].Before(f[j]) })
	return f
}

// festivo reports whether a calendar date (in Rome) is a national holiday.
func festivo(anno int, mese time.Month, giorno int) bool {
	switch {
	case mese == time.January && (giorno == 1 || giorno == 6),
		mese == time.April && giorno == 25,
		mese == time.May && giorno == 1,
		mese == time.June && giorno == 2 && anno >= 2001,
		mese == time.August && giorno == 15,
		mese == time.October && giorno == 4 && anno >= 2026,
		mese == time.November && giorno == 1,
		mese == time.December && (giorno == 8 || giorno == 25 || giorno == 26):
		return true
	}
	lunedi := Pasqua(anno).AddDate(0, 0, 1)
	return mese == lunedi.Month() && giorno == lunedi.Day()
}

// GiornoLavorativo reports whether d falls, in Rome, on a working day:
// Monday to Friday and not a national holiday.
func GiornoLavorativo(d time.Time) bool {
	l := d.In(roma)
	switch l.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	y, m, g := l.Date()
	return !festivo(y, m, g)
}

// AggiungiGiorniLavorativi moves d by n working days on the Rome calendar
// and keeps its wall-clock time: the result is the n-th working day after d
// (before d when n is negative); d itself is never counted, so an order
// received on Friday with a 1-day SLA is due on Monday. n = 0 returns d.
func AggiungiGiorniLavorativi(d time.Time, n int) time.Time {
	l := d.In(roma)
	passo := 1
	if n < 0 {
		passo, n = -1, -n
	}
	for n > 0 {
		l = l.AddDate(0, 0, passo)
		if GiornoLavorativo(l) {
			n--
		}
	}
	return l
}

// GiorniLavorativiTra counts the working days after a's date up to and
// including b's date (Rome calendar); when b is before a it is minus the
// count after b up to and including a. For n >= 0 it is the inverse of
// AggiungiGiorniLavorativi: GiorniLavorativiTra(d,
// AggiungiGiorniLavorativi(d, n)) == n. Used to measure SLA compliance.
func GiorniLavorativiTra(a, b time.Time) int {
	da := dataCivile(a)
	ab := dataCivile(b)
	segno := 1
	if ab.Before(da) {
		da, ab = ab, da
		segno = -1
	}
	n := 0
	for g := da.AddDate(0, 0, 1); !g.After(ab); g = g.AddDate(0, 0, 1) {
		if GiornoLavorativo(g) {
			n++
		}
	}
	return segno * n
}

// dataCivile returns midnight (UTC, to step safely across DST) of the
// calendar date d has in Rome.
func dataCivile(d time.Time) time.Time {
	y, m, g := d.In(roma).Date()
	return time.Date(y, m, g, 0, 0, 0, 0, time.UTC)
}
