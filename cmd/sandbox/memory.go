package main

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryCeiling keeps the runtime's soft memory limit at max(base, factor x live heap),
// looked at every period until ctx ends.
//
// A fixed limit keeps the default and the 100,000-line worlds small (GOGC 400 would let
// the heap grow to five times what is live), but a world that keeps growing - a load test
// creating companies for minutes keeps every one of them - reaches it, and from there the
// collector runs back to back: throughput fell to a third within 20 s of creates. Raising
// the ceiling with the live heap keeps the collector's share of the CPU bounded (like
// GOGC 100 once past the base), at the cost of memory proportional to the data held.
func memoryCeiling(ctx context.Context, base int64, factor float64, period time.Duration) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	current := int64(-1)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		metrics.Read(sample)
		limit := base
		if sample[0].Value.Kind() == metrics.KindUint64 {
			if l := int64(float64(sample[0].Value.Uint64()) * factor); l > limit {
				limit = l
			}
		}
		// Move only on a change of more than 1/16: every call costs the runtime a little.
		if current < 0 || limit > current+current/16 || limit < current-current/16 {
			debug.SetMemoryLimit(limit)
			current = limit
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
