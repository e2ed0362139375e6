package bot

import "context"

// slots counts free handlers (outbox deliveries, timer handlers), so a
// loop claims no more work than it can start at once: claimed work never
// waits behind other work.
type slots chan struct{}

func newSlots(n int) slots {
	s := make(slots, n)
	s.give(n)
	return s
}

// takeFree waits for one free slot, then takes every other free one too,
// and returns how many it took; 0 when ctx ended first.
func (s slots) takeFree(ctx context.Context) int {
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

// give frees n slots.
func (s slots) give(n int) {
	for range n {
		s <- struct{}{}
	}
}
