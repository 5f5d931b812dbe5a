package cdr

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var giornoBench = time.Date(2024, 1, 16, 0, 0, 0, 0, roma) // a Tuesday

func BenchmarkGenera(b *testing.B) {
	linee := lineeProva(1000)
	frodi := frodiProva(linee, giornoBench)
	n := 0
	for b.Loop() {
		for range Genera("OLO1", giornoBench, linee, frodi, 1) {
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkWriteDay(b *testing.B) {
	for _, livello := range []struct {
		nome string
		v    int
	}{{"default", 0}, {"bestspeed", 1}} {
		b.Run(livello.nome, func(b *testing.B) {
			recs := collect(Genera("OLO1", giornoBench, lineeProva(2000), nil, 1))
			root := b.TempDir()
			var byteGz int64
			for b.Loop() {
				man, err := WriteDay(root, "OLO1", giornoBench, slices.Values(recs), DayOptions{GzipLevel: livello.v})
				if err != nil {
					b.Fatal(err)
				}
				byteGz = man.Files[0].Byte
			}
			b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(byteGz)/float64(len(recs)), "gz-bytes/record")
		})
	}
}

func BenchmarkRileva(b *testing.B) {
	linee := lineeProva(1000)
	recs := collect(Genera("OLO1", giornoBench, linee, frodiProva(linee, giornoBench), 1))
	for b.Loop() {
		Rileva(slices.Values(recs), nil)
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
}

// picco samples the live heap while f runs and returns its maximum.
func picco(f func()) (maxHeap uint64) {
	var stop atomic.Bool
	var wg sync.WaitGroup
	var m runtime.MemStats
	wg.Go(func() {
		var ms runtime.MemStats
		for !stop.Load() {
			runtime.ReadMemStats(&ms)
			maxHeap = max(maxHeap, ms.HeapAlloc)
			time.Sleep(5 * time.Millisecond)
		}
	})
	f()
	stop.Store(true)
	wg.Wait()
	runtime.ReadMemStats(&m)
	return max(maxHeap, m.HeapAlloc)
}

// TestMemoriaGiorno100kLinee generates and writes one weekday for 100,000
// lines (about a million calls) and checks the heap stays under 100 MB: the
// whole path streams. Skipped with -short and under -race.
func TestMemoriaGiorno100kLinee(t *testing.T) {
	if testing.Short() || raceAttivo {
		t.Skip("full-size day: run without -short and without -race")
	}
	linee := lineeProva(100_000)
	frodi := frodiProva(linee, giornoBench)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var man Manifest
	var err error
	start := time.Now()
	peak := picco(func() {
		man, err = WriteDay(t.TempDir(), "OLO1", giornoBench, Genera("OLO1", giornoBench, linee, frodi, 1), DayOptions{})
	})
	dur := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	var gz int64
	for _, f := range man.Files {
		gz += f.Byte
	}
	t.Logf("100,000 lines: %d records in %d files (%.1f MB gzip) in %v (%.0f records/s); peak heap %.1f MB (%.1f MB before, the lines themselves)",
		man.RigheTotali, len(man.Files), float64(gz)/1e6, dur.Round(time.Millisecond),
		float64(man.RigheTotali)/dur.Seconds(), float64(peak)/1e6, float64(base.HeapAlloc)/1e6)
	if man.RigheTotali < 900_000 || len(man.Files) < 2 {
		t.Errorf("%d records in %d files: not the size this test is about", man.RigheTotali, len(man.Files))
	}
	if peak > 100<<20 {
		t.Errorf("peak heap %.1f MB, want under 100 MB", float64(peak)/(1<<20))
	}
}
