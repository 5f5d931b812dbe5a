package sftpd

import (
	"net/netip"
	"sync"
	"time"
)

// BrakeConfig configures the brute-force brake, kept per source IP.
//
// What counts as one failure: each rejected password; and, once per
// connection without a rejected password, a refused key or a connection that
// offered a credential and ended without logging in (a key with no
// password). The initial "none" probe every client sends, and connections
// that fail the key exchange (scanners, clients outside the algorithm
// policy), do not count.
//
// When MaxFailures failures fall within Window, the IP is banned for Ban: every
// login attempt from it is refused, whatever the credentials. Connections still
// get the banner and the key exchange, so an algorithm scan (ssh-audit) of the
// server from a banned address keeps telling the truth. Each failure
// also delays the answer to that attempt by Delay times the number of
// failures in the window (capped at maxBrakeDelay), so guessing slows down
// before the ban. A successful two-factor login clears the IP's failures.
//
// The brake only ever holds allowlisted IPs (others are refused before any
// authentication), so its memory is bounded by the accounts' lists.
type BrakeConfig struct {
	MaxFailures int           // default 5
	Window      time.Duration // default 1 minute
	Ban         time.Duration // default 5 minutes
	Delay       time.Duration // delay step per failure; default 100ms
}

const maxBrakeDelay = 2 * time.Second

func (b BrakeConfig) withDefaults() BrakeConfig {
	if b.MaxFailures == 0 {
		b.MaxFailures = 5
	}
	if b.Window == 0 {
		b.Window = time.Minute
	}
	if b.Ban == 0 {
		b.Ban = 5 * time.Minute
	}
	if b.Delay == 0 {
		b.Delay = 100 * time.Millisecond
	}
	return b
}

type brakeState struct {
	failures    []time.Time
	bannedUntil time.Time
}

type brake struct {
	cfg BrakeConfig
	now func() time.Time

	mu  sync.Mutex
	ips map[netip.Addr]*brakeState
}

func newBrake(cfg BrakeConfig, now func() time.Time) *brake {
	return &brake{cfg: cfg, now: now, ips: map[netip.Addr]*brakeState{}}
}

// bannedUntil returns the end of the IP's ban, or the zero time.
func (b *brake) bannedUntil(ip netip.Addr) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.ips[ip]
	if st == nil || !b.now().Before(st.bannedUntil) {
		return time.Time{}
	}
	return st.bannedUntil
}

// fail records one failure and returns the failures now in the window and
// whether this failure started a ban.
func (b *brake) fail(ip netip.Addr) (count int, banned bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	st := b.ips[ip]
	if st == nil {
		st = &brakeState{}
		b.ips[ip] = st
	}
	st.prune(now, b.cfg.Window)
	st.failures = append(st.failures, now)
	count = len(st.failures)
	if count >= b.cfg.MaxFailures && !now.Before(st.bannedUntil) {
		st.bannedUntil = now.Add(b.cfg.Ban)
		st.failures = nil
		banned = true
	}
	return count, banned
}

// delay is how long to hold back the answer to a failed attempt.
func (b *brake) delay(ip netip.Addr) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 1
	if st := b.ips[ip]; st != nil {
		st.prune(b.now(), b.cfg.Window)
		n = max(len(st.failures), 1)
	}
	return min(time.Duration(n)*b.cfg.Delay, maxBrakeDelay)
}

// succeed clears the IP's failures after a complete login.
func (b *brake) succeed(ip netip.Addr) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st := b.ips[ip]; st != nil {
		st.failures = nil
	}
}

func (st *brakeState) prune(now time.Time, window time.Duration) {
	keep := st.failures[:0]
	for _, t := range st.failures {
		if now.Sub(t) < window {
			keep = append(keep, t)
		}
	}
	st.failures = keep
}
