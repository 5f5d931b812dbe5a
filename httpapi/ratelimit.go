package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit is the host network's per-OLO request limit (the contracts document 50
// requests per second), off unless --rate-limit is given: a token bucket per OP_ID that
// refills PerSecond tokens a second up to PerSecond (a one-second burst). A request over
// the limit gets 429 TROPPE_RICHIESTE with Retry-After, so a CRM's back-off can be tested.
type RateLimit struct {
	PerSecond float64
	now       func() time.Time
	mu        sync.Mutex
	buckets   map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewRateLimit returns a limiter of perSecond requests per OLO; nil when perSecond <= 0.
func NewRateLimit(perSecond float64) *RateLimit {
	if !(perSecond > 0) {
		return nil
	}
	return &RateLimit{PerSecond: perSecond, now: time.Now, buckets: map[string]*bucket{}}
}

// allow takes one token of the OLO's bucket; when there is none it answers 429 and
// returns false.
func (l *RateLimit) allow(w http.ResponseWriter, r *http.Request, opID string) bool {
	if l == nil || opID == "" {
		return true
	}
	now := l.now()
	l.mu.Lock()
	b := l.buckets[opID]
	if b == nil {
		b = &bucket{tokens: l.PerSecond, last: now}
		l.buckets[opID] = b
	}
	b.tokens = math.Min(l.PerSecond, b.tokens+now.Sub(b.last).Seconds()*l.PerSecond)
	b.last = now
	ok := b.tokens >= 1
	var wait float64
	if ok {
		b.tokens--
	} else {
		wait = (1 - b.tokens) / l.PerSecond
	}
	l.mu.Unlock()
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait))))
	writeProblem(w, r, newProblem(429, "", "Limite di "+strconv.FormatFloat(l.PerSecond, 'f', -1, 64)+" richieste al secondo per operatore superato: ritentare dopo Retry-After", nil))
	return false
}
