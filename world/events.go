package world

import (
	"container/heap"
	"time"
)

type tipoEvento int

const (
	evOrdine tipoEvento = iota
	evPortedOut
)

// evento is a due lifecycle step of one object of one tenant.
type evento struct {
	at   time.Time
	seq  uint64
	opID string
	tipo tipoEvento
	id   string
}

// eventQueue is a min-heap on (at, seq): events fire in time order, ties in the order
// they were scheduled, so replays are deterministic.
type eventQueue struct {
	h   evHeap
	seq uint64
}

type evHeap []evento

func (h evHeap) Len() int { return len(h) }
func (h evHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h evHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *evHeap) Push(x any)   { *h = append(*h, x.(evento)) }
func (h *evHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func (q *eventQueue) push(e evento) {
	q.seq++
	e.seq = q.seq
	heap.Push(&q.h, e)
}

// dueBy reports whether some event is due at now (read-only: safe under a read lock).
func (q *eventQueue) dueBy(now time.Time) bool {
	return len(q.h) > 0 && !q.h[0].at.After(now)
}

// next returns the earliest event if it is due at now.
func (q *eventQueue) next(now time.Time) (evento, bool) {
	if len(q.h) == 0 || q.h[0].at.After(now) {
		return evento{}, false
	}
	return heap.Pop(&q.h).(evento), true
}

// Pending is how many lifecycle steps are scheduled (for the control API).
func (q *eventQueue) pending() int { return len(q.h) }

// applyDue applies, in time order, every scheduled step up to now. Called with w.mu held.
func (w *World) applyDue(now time.Time) {
	for {
		e, ok := w.events.next(now)
		if !ok {
			return
		}
		t := w.tenants[e.opID]
		if t == nil {
			continue
		}
		switch e.tipo {
		case evOrdine:
			w.avanzaOrdine(t, e.id, e.at)
		case evPortedOut:
			w.avanzaPortedOut(t, e.id, e.at)
		}
	}
}
