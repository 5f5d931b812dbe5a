// Package clock is the sandbox's virtual time. Order, porting and CDR lifecycles read the
// time only from a Clock, so a test can move the whole world forward by days in one call
// instead of waiting, and a run can be replayed from a fixed start instant.
package clock

import (
	"errors"
	"sync"
	"time"
)

// Clock is a virtual clock: it starts at a chosen instant and then runs at Scale times real
// time (1 = real time, 0 = frozen, 60 = a minute per second), plus any explicit Advance.
// It is safe for concurrent use.
type Clock struct {
	mu       sync.Mutex
	real     func() time.Time // the wall clock; replaced in tests
	baseReal time.Time        // wall time at the last re-anchoring
	baseVirt time.Time        // virtual time at the last re-anchoring
	scale    float64
}

// New returns a clock reading start now and running at scale times real time.
func New(start time.Time, scale float64) *Clock {
	c := &Clock{real: time.Now, scale: scale}
	c.baseReal = c.real()
	c.baseVirt = start
	return c
}

// Now is the current virtual time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *Clock) nowLocked() time.Time {
	if c.scale == 0 {
		return c.baseVirt
	}
	elapsed := c.real().Sub(c.baseReal)
	return c.baseVirt.Add(time.Duration(float64(elapsed) * c.scale))
}

// Scale is the current speed relative to real time.
func (c *Clock) Scale() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scale
}

// SetScale changes the speed from now on without a jump in virtual time.
func (c *Clock) SetScale(scale float64) error {
	if !(scale >= 0 && scale <= 1e6) { // also NaN
		return errors.New("la scala deve essere tra 0 e 1000000")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.baseVirt = c.nowLocked()
	c.baseReal = c.real()
	c.scale = scale
	return nil
}

// Advance moves virtual time forward by d (never backward) and returns the new time.
func (c *Clock) Advance(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, errors.New("il tempo della sandbox non torna indietro")
	}
	c.mu.Lock()
	from := c.nowLocked()
	c.baseVirt = from.Add(d)
	c.baseReal = c.real()
	to := c.baseVirt
	c.mu.Unlock()
	return to, nil
}

// Set jumps to t, which must not be before the current virtual time.
func (c *Clock) Set(t time.Time) error {
	c.mu.Lock()
	now := c.nowLocked()
	c.mu.Unlock()
	if t.Before(now) {
		return errors.New("il tempo della sandbox non torna indietro")
	}
	_, err := c.Advance(t.Sub(now))
	return err
}
