package clock

import (
	"testing"
	"time"
)

type fakeWall struct{ t time.Time }

func (f *fakeWall) now() time.Time { return f.t }

func newTest(start time.Time, scale float64) (*Clock, *fakeWall) {
	w := &fakeWall{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := &Clock{real: w.now, scale: scale, baseReal: w.t, baseVirt: start}
	return c, w
}

func TestClockScalesAndAdvances(t *testing.T) {
	start := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	c, w := newTest(start, 60)
	w.t = w.t.Add(time.Second)
	if got, want := c.Now(), start.Add(time.Minute); !got.Equal(want) {
		t.Fatalf("scale 60 after 1s: %v, want %v", got, want)
	}
	if _, err := c.Advance(48 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Now(), start.Add(time.Minute+48*time.Hour); !got.Equal(want) {
		t.Fatalf("after advance: %v, want %v", got, want)
	}
	if err := c.SetScale(0); err != nil {
		t.Fatal(err)
	}
	frozen := c.Now()
	w.t = w.t.Add(time.Hour)
	if !c.Now().Equal(frozen) {
		t.Fatal("a frozen clock moved")
	}
	if _, err := c.Advance(-time.Second); err == nil {
		t.Fatal("advancing backwards was accepted")
	}
	if err := c.Set(frozen.Add(-time.Hour)); err == nil {
		t.Fatal("setting the clock into the past was accepted")
	}
	if err := c.SetScale(-1); err == nil {
		t.Fatal("negative scale accepted")
	}
}
