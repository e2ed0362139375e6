package reports

import (
	"slices"
	"time"
)

// Stats summarises a set of durations: how many, the median and the 90th
// percentile. docs/metrics.md defines both the way they are computed here.
type Stats struct {
	N      int
	Median time.Duration
	P90    time.Duration
	Values []time.Duration // sorted ascending
}

// NewStats computes the summary of values (which it does not change).
// Median: the middle value, or the mean of the two middle values when N is
// even. P90: nearest rank, the value at rank ceil(0.9·N) counting from 1
// in ascending order, so it is always one of the values.
func NewStats(values []time.Duration) Stats {
	v := slices.Clone(values)
	slices.Sort(v)
	s := Stats{N: len(v), Values: v}
	if s.N == 0 {
		return s
	}
	if s.N%2 == 1 {
		s.Median = v[s.N/2]
	} else {
		s.Median = (v[s.N/2-1] + v[s.N/2]) / 2
	}
	s.P90 = v[nearestRank(90, s.N)-1]
	return s
}

// nearestRank is ceil(p/100 · n) in integers, at least 1.
func nearestRank(p, n int) int {
	return max(1, (p*n+99)/100)
}

// Ratio is a count of successes out of a total.
type Ratio struct{ Met, Of int }

// Percent is Met/Of in percent, rounded to the nearest integer; 0 when Of is 0.
func (r Ratio) Percent() int {
	if r.Of == 0 {
		return 0
	}
	return (r.Met*200 + r.Of) / (2 * r.Of)
}
