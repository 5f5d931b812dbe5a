package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The ceiling follows the live heap: the base while little is live, twice the live heap
// once more is held, and back down when it is released.
func TestMemoryCeilingFollowsTheLiveHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { memoryCeiling(ctx, 64<<20, 2, 5*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor := func(what string, ok func(int64) bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			l := debug.SetMemoryLimit(-1)
			if ok(l) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: limit stayed at %d MiB", what, l>>20)
			}
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("base", func(l int64) bool { return l == 64<<20 })
	held := make([][]byte, 0, 200)
	for range 200 {
		held = append(held, make([]byte, 1<<20)) // 200 MiB live
	}
	waitFor("grown", func(l int64) bool { return l >= 380<<20 })
	runtime.KeepAlive(held)
	held = nil
	waitFor("shrunk", func(l int64) bool { return l == 64<<20 })
}
