// Package slots counts free handlers (outbox deliveries, timer handlers),
// so a loop claims no more work than it can start at once: claimed work
// never waits behind other work.
package slots

import "context"

// Slots is a pool of free handlers.
type Slots chan struct{}

// New returns n free slots.
func New(n int) Slots {
	s := make(Slots, n)
	s.Give(n)
	return s
}

// TakeFree waits for one free slot, then takes every other free one too,
// and returns how many it took; 0 when ctx ended first.
func (s Slots) TakeFree(ctx context.Context) int {
	select {
	case <-ctx.Done():
		return 0
	case <-s:
	}
	n := 1 + len(s)
	for range n - 1 {
		<-s
	}
	return n
}

// Give frees n slots.
func (s Slots) Give(n int) {
	for range n {
		s <- struct{}{}
	}
}
