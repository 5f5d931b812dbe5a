package italia

import (
	"testing"
	"time"
)

func data(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Roma()) }

func TestPasqua(t *testing.T) {
	casi := map[int]string{
		2000: "2000-04-23",
		2008: "2008-03-23",
		2011: "2011-04-24",
		2019: "2019-04-21",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2027: "2027-03-28",
		2038: "2038-04-25", // latest possible date
		2285: "2285-03-22", // earliest possible date
	}
	for anno, atteso := range casi {
		if got := Pasqua(anno).Format("2006-01-02"); got != atteso {
			t.Errorf("Pasqua(%d) = %s, attesa %s", anno, got, atteso)
		}
	}
}

func TestFestivitaNazionali(t *testing.T) {
	formato := func(ts []time.Time) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.Format("01-02"))
			if x.Location() != Roma() || x.Hour() != 0 {
				t.Errorf("%v: non è la mezzanotte di Roma", x)
			}
		}
		return out
	}
	casi := map[int][]string{
		2025: {"01-01", "01-06", "04-21", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26"},
		2026: {"01-01", "01-06", "04-06", "04-25", "05-01", "06-02", "08-15", "10-04", "11-01", "12-08", "12-25", "12-26"},
		2024: {"01-01", "01-06", "04-01", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26"},
		1999: {"01-01", "01-06", "04-05", "04-25", "05-01", "08-15", "11-01", "12-08", "12-25", "12-26"},
	}
	for anno, atteso := range casi {
		got := formato(FestivitaNazionali(anno))
		if len(got) != len(atteso) {
			t.Errorf("%d: %v, attese %v", anno, got, atteso)
			continue
		}
		for i := range got {
			if got[i] != atteso[i] {
				t.Errorf("%d: %v, attese %v", anno, got, atteso)
				break
			}
		}
		// festivo() and FestivitaNazionali must agree day by day.
		for _, f := range FestivitaNazionali(anno) {
			if !festivo(f.Year(), f.Month(), f.Day()) {
				t.Errorf("%s in FestivitaNazionali ma non festivo()", f.Format("2006-01-02"))
			}
		}
	}
}

func TestGiornoLavorativo(t *testing.T) {
	casi := []struct {
		giorno time.Time
		atteso bool
	}{
		{data(2025, 12, 24), true},  // Wednesday
		{data(2025, 12, 25), false}, // Natale
		{data(2025, 12, 26), false}, // Santo Stefano
		{data(2025, 12, 27), false}, // Saturday
		{data(2025, 12, 29), true},  // Monday
		{data(2026, 1, 6), false},   // Epifania
		{data(2026, 4, 6), false},   // Pasquetta
		{data(2026, 4, 7), true},    // Tuesday after Easter
		{data(2026, 6, 2), false},   // Festa della Repubblica
		{data(2027, 10, 4), false},  // San Francesco, a Monday
		{data(2025, 10, 4), false},  // a Saturday anyway
		{data(2024, 10, 4), true},   // Friday, before the holiday was restored
		{data(2025, 11, 3), true},   // Monday after Ognissanti weekend
		{data(2025, 12, 8), false},  // Immacolata, a Monday
		{data(2025, time.May, 1), false},
		// 23:30 UTC on 24 Dec is already Christmas in Rome.
		{time.Date(2025, 12, 24, 23, 30, 0, 0, time.UTC), false},
	}
	for _, c := range casi {
		if got := GiornoLavorativo(c.giorno); got != c.atteso {
			t.Errorf("GiornoLavorativo(%s) = %v, atteso %v", c.giorno.Format(time.RFC3339), got, c.atteso)
		}
	}
}

func TestAggiungiGiorniLavorativi(t *testing.T) {
	ore := func(d time.Time, h, m int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, Roma())
	}
	casi := []struct {
		nome   string
		da     time.Time
		n      int
		atteso time.Time
	}{
		{"attraverso Natale 2025", data(2025, 12, 23), 3, data(2025, 12, 30)},
		{"dalla vigilia di Natale", data(2025, 12, 24), 1, data(2025, 12, 29)},
		{"attraverso Capodanno ed Epifania", data(2025, 12, 31), 3, data(2026, 1, 7)},
		{"attraverso Pasquetta 2026", data(2026, 4, 2), 2, data(2026, 4, 7)},
		{"attraverso Pasquetta e 25 aprile 2025", data(2025, 4, 17), 5, data(2025, 4, 28)},
		{"SLA standard da venerdì", data(2025, 3, 7), 6, data(2025, 3, 17)},
		{"da sabato", data(2025, 3, 8), 1, data(2025, 3, 10)},
		{"zero", data(2025, 3, 8), 0, data(2025, 3, 8)},
		{"all'indietro attraverso Natale", data(2025, 12, 29), -1, data(2025, 12, 24)},
		{"all'indietro attraverso Pasquetta", data(2026, 4, 7), -2, data(2026, 4, 2)},
		{"conserva l'ora", ore(data(2025, 12, 23), 15, 45), 3, ore(data(2025, 12, 30), 15, 45)},
		{"attraverso il cambio d'ora di marzo", ore(data(2026, 3, 27), 10, 0), 1, ore(data(2026, 3, 30), 10, 0)},
		{"attraverso il cambio d'ora di ottobre", ore(data(2025, 10, 24), 10, 0), 1, ore(data(2025, 10, 27), 10, 0)},
	}
	for _, c := range casi {
		got := AggiungiGiorniLavorativi(c.da, c.n)
		if !got.Equal(c.atteso) {
			t.Errorf("%s: AggiungiGiorniLavorativi(%s, %d) = %s, atteso %s", c.nome, c.da.Format(time.RFC3339), c.n, got.Format(time.RFC3339), c.atteso.Format(time.RFC3339))
		}
	}
}

func TestGiorniLavorativiTra(t *testing.T) {
	casi := []struct {
		a, b   time.Time
		atteso int
	}{
		{data(2025, 12, 23), data(2025, 12, 30), 3},
		{data(2025, 12, 30), data(2025, 12, 23), -3},
		{data(2025, 12, 24), data(2025, 12, 28), 0},
		{data(2026, 4, 3), data(2026, 4, 7), 1},
		{data(2025, 1, 1), data(2025, 12, 31), 251},
		{data(2025, 5, 5), data(2025, 5, 5), 0},
		// Same Rome day expressed in different zones.
		{time.Date(2025, 12, 24, 23, 30, 0, 0, time.UTC), data(2025, 12, 29), 1},
	}
	for _, c := range casi {
		if got := GiorniLavorativiTra(c.a, c.b); got != c.atteso {
			t.Errorf("GiorniLavorativiTra(%s, %s) = %d, atteso %d", c.a.Format(time.RFC3339), c.b.Format(time.RFC3339), got, c.atteso)
		}
	}
}

// TestInversaGiorniLavorativi checks over two years of start days that
// counting the days added gives back n.
func TestInversaGiorniLavorativi(t *testing.T) {
	for d := data(2025, 1, 1); d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		for _, n := range []int{0, 1, 6, 8, 15, 45} {
			fine := AggiungiGiorniLavorativi(d, n)
			if got := GiorniLavorativiTra(d, fine); got != n {
				t.Fatalf("da %s +%d = %s, ma GiorniLavorativiTra = %d", d.Format("2006-01-02"), n, fine.Format("2006-01-02"), got)
			}
			if n > 0 && !GiornoLavorativo(fine) {
				t.Fatalf("da %s +%d = %s, non lavorativo", d.Format("2006-01-02"), n, fine.Format("2006-01-02"))
			}
		}
	}
}

func TestRoma(t *testing.T) {
	if Roma().String() != "Europe/Rome" {
		t.Fatalf("Roma() = %s", Roma())
	}
	inverno := time.Date(2025, 1, 15, 12, 0, 0, 0, Roma())
	estate := time.Date(2025, 7, 15, 12, 0, 0, 0, Roma())
	if _, off := inverno.Zone(); off != 3600 {
		t.Errorf("offset invernale %d", off)
	}
	if _, off := estate.Zone(); off != 7200 {
		t.Errorf("offset estivo %d", off)
	}
}
