package escalation

import (
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"pgregory.net/rapid"
)

// Zones with the awkward cases: DST north and south, a 30-minute DST
// (Lord Howe), half- and quarter-hour offsets, a POSIX-style fixed zone.
var propZones = []string{
	"America/Chicago", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe",
	"Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Etc/GMT+5", "UTC",
}

var (
	propFrom = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	propTo   = time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC)
)

func genMinute(t *rapid.T, label string, max int) int {
	// Mostly quarter hours, so span edges often meet DST jumps and each
	// other; sometimes any minute.
	if rapid.Bool().Draw(t, label+"_quarter") {
		return rapid.IntRange(0, max/15).Draw(t, label) * 15
	}
	return rapid.IntRange(0, max).Draw(t, label)
}

func genCalendar(t *rapid.T) *Calendar {
	loc, err := time.LoadLocation(rapid.SampledFrom(propZones).Draw(t, "zone"))
	if err != nil {
		t.Fatal(err)
	}
	c := &Calendar{Name: "prop", Location: loc}
	for i := range rapid.IntRange(0, 4).Draw(t, "spans") {
		days := rapid.SliceOfNDistinct(rapid.IntRange(0, 6), 1, 7, rapid.ID[int]).Draw(t, fmt.Sprint("days", i))
		s := Span{StartMin: genMinute(t, fmt.Sprint("start", i), 1439), EndMin: genMinute(t, fmt.Sprint("end", i), 1440)}
		for _, d := range days {
			s.Days = append(s.Days, time.Weekday(d))
		}
		c.Spans = append(c.Spans, s)
	}
	for i := range rapid.IntRange(0, 6).Draw(t, "holidays") {
		d := propFrom.AddDate(0, 0, rapid.IntRange(0, 3*366).Draw(t, fmt.Sprint("holiday", i)))
		c.Holidays = append(c.Holidays, d.Format(time.DateOnly))
	}
	return c
}

// genInstant is uniform over three years, or within a few hours of a DST
// change of the calendar's zone.
func genInstant(t *rapid.T, loc *time.Location) time.Time {
	base := propFrom.Add(time.Duration(rapid.Int64Range(0, int64(propTo.Sub(propFrom)/time.Second)).Draw(t, "sec")) * time.Second)
	if rapid.Bool().Draw(t, "near_dst") {
		if _, end := base.In(loc).ZoneBounds(); !end.IsZero() {
			base = end.Add(time.Duration(rapid.IntRange(-4*3600, 4*3600).Draw(t, "dst_offset")) * time.Second)
		}
	}
	return base.Add(time.Duration(rapid.IntRange(0, 999).Draw(t, "ms")) * time.Millisecond)
}

func TestPropWindowAtAndNextChange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCalendar(t)
		at := genInstant(t, c.Location)
		w := c.WindowAt(at)
		if w != BusinessHours && w != AfterHours {
			t.Fatalf("WindowAt = %q", w)
		}
		if c.WindowAt(at) != w {
			t.Fatal("WindowAt not deterministic")
		}
		nc := c.NextChange(at)
		if nc.IsZero() {
			// Sample the horizon: the window should hold all along.
			for i := range 200 {
				p := at.Add(time.Duration(i) * 2 * 24 * time.Hour).Add(time.Duration(rapid.IntRange(0, 86399).Draw(t, "p")) * time.Second)
				if c.WindowAt(p) != w {
					t.Fatalf("NextChange zero but WindowAt(%s) = %s, at %s = %s", p, c.WindowAt(p), at, w)
				}
			}
			return
		}
		if !nc.After(at) {
			t.Fatalf("NextChange(%s) = %s, not after", at, nc)
		}
		if c.WindowAt(nc) == w {
			t.Fatalf("NextChange(%s) = %s, window still %s", at, nc, w)
		}
		if before := nc.Add(-time.Nanosecond); before.After(at) && c.WindowAt(before) != w {
			t.Fatalf("window already changed just before NextChange %s", nc)
		}
		span := nc.Sub(at)
		for range 50 {
			p := at.Add(time.Duration(rapid.Int64Range(0, int64(span)-1).Draw(t, "between")))
			if c.WindowAt(p) != w {
				t.Fatalf("window changes at %s, before NextChange(%s) = %s", p, at, nc)
			}
		}
	})
}

// TestPropNextChangeOracle checks NextChange against a minute-by-minute
// scan of the next four days. Offsets in these zones are whole minutes and
// edges are on whole minutes, so every change happens on a whole UTC minute.
func TestPropNextChangeOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCalendar(t)
		at := genInstant(t, c.Location)
		w := c.WindowAt(at)
		var want time.Time
		horizon := at.Add(4 * 24 * time.Hour)
		for p := at.Truncate(time.Minute).Add(time.Minute); p.Before(horizon); p = p.Add(time.Minute) {
			if c.WindowAt(p) != w {
				want = p
				break
			}
		}
		got := c.NextChange(at)
		if !want.IsZero() && !got.Equal(want) {
			t.Fatalf("NextChange(%s) = %s, the scan says %s", at, got, want)
		}
		if want.IsZero() && !got.IsZero() && got.Before(horizon) {
			t.Fatalf("NextChange(%s) = %s, the scan found no change before %s", at, got, horizon)
		}
	})
}

func genLadder(t *rapid.T) *Ladder {
	teams := []string{"acme-it", "noc", "managers", "dba", ""}
	l := &Ladder{Name: "prop", Calendar: genCalendar(t), Repeat: rapid.IntRange(0, 3).Draw(t, "repeat")}
	for i := range rapid.IntRange(0, 6).Draw(t, "steps") {
		l.Steps = append(l.Steps, Step{
			Notify:      rapid.SliceOfN(rapid.SampledFrom(teams), 0, 5).Draw(t, fmt.Sprint("notify", i)),
			When:        rapid.SampledFrom([]Window{"", BusinessHours, AfterHours}).Draw(t, fmt.Sprint("when", i)),
			MinSeverity: incident.Severity(rapid.IntRange(0, 4).Draw(t, fmt.Sprint("minsev", i))),
			Wait:        time.Duration(rapid.IntRange(0, 24*60).Draw(t, fmt.Sprint("wait", i))) * time.Minute,
		})
	}
	return l
}

// passWaits is the sum of the waits of one pass: a full run never waits
// more than that times Repeat+1.
func passWaits(l *Ladder) time.Duration {
	var sum time.Duration
	for _, s := range l.Steps {
		sum += max(s.Wait, 0)
	}
	return sum
}

type reached struct {
	At time.Time
	A  Action
}

// simulate runs the ladder the way the bot's timers do, until it holds:
// the wait read back from the paged event, the cursor from the timer.
func simulate(l *Ladder, sev incident.Severity, start time.Time) []reached {
	var out []reached
	at, cur := start, 0
	for range l.Total() + 1 {
		a, ok := l.Next(cur, sev, at)
		if !ok {
			break
		}
		out = append(out, reached{at, a})
		paged := DecodeReached(a.Reached().Encode())
		cur, at = DecodePending(Pending{Cursor: a.NextCursor()}.Encode()).Cursor, at.Add(paged.Wait)
	}
	return out
}

func TestPropLadderSimulation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genLadder(t)
		sev := incident.Severity(rapid.IntRange(1, 4).Draw(t, "sev"))
		start := genInstant(t, l.Calendar.Location)
		run := simulate(l, sev, start)
		again := simulate(l, sev, start)
		if fmt.Sprint(run) != fmt.Sprint(again) {
			t.Fatalf("simulation not deterministic:\n%v\n%v", run, again)
		}
		var waited time.Duration
		prev := -1
		for _, r := range run {
			a := r.A
			if a.Cursor <= prev || a.Cursor >= l.Total() {
				t.Fatalf("cursor %d after %d (total %d)", a.Cursor, prev, l.Total())
			}
			if a.Pass != a.Cursor/len(l.Steps) || a.Index != a.Cursor%len(l.Steps) {
				t.Fatalf("pass/index %d/%d for cursor %d", a.Pass, a.Index, a.Cursor)
			}
			seen := map[string]bool{}
			for _, team := range a.Teams {
				if seen[team] || team == "" {
					t.Fatalf("team %q twice or empty in %v", team, a.Teams)
				}
				seen[team] = true
			}
			w := l.Calendar.WindowAt(r.At)
			if a.Window != w || !l.Steps[a.Index].Matches(sev, w) {
				t.Fatalf("step %d reached at %s (%s) does not match", a.Cursor, r.At, w)
			}
			// Skipped steps were skipped at this same instant, unmatched.
			for c := prev + 1; c < a.Cursor; c++ {
				if l.Steps[c%len(l.Steps)].Matches(sev, w) {
					t.Fatalf("step %d matched at %s but was skipped", c, r.At)
				}
			}
			if a.Wait > passWaits(l) {
				t.Fatalf("wait %s exceeds the ladder's sum %s", a.Wait, passWaits(l))
			}
			waited += a.Wait
			prev = a.Cursor
		}
		if limit := passWaits(l) * time.Duration(l.Repeat+1); waited > limit {
			t.Fatalf("waited %s, more than %s", waited, limit)
		}
		// Preview is the simulation's first pass.
		pv := l.Preview(sev, start, func(string) incident.Side { return incident.MSP })
		var first []reached
		for _, r := range run {
			if r.A.Pass == 0 {
				first = append(first, r)
			}
		}
		if len(pv) != len(first) {
			t.Fatalf("preview has %d steps, the first pass %d", len(pv), len(first))
		}
		for i, p := range pv {
			r := first[i]
			if p.Step != r.A.Index+1 || !p.At.Equal(r.At) || p.Offset != r.At.Sub(start) || p.Window != r.A.Window ||
				fmt.Sprint(p.Teams) != fmt.Sprint(r.A.Teams) || len(p.Sides) != len(p.Teams) {
				t.Fatalf("preview step %d = %+v, simulation %+v", i, p, r)
			}
		}
	})
}

func TestPropRotationUntil(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		loc, _ := time.LoadLocation(rapid.SampledFrom(propZones).Draw(t, "zone"))
		r := &Rotation{
			Members:    rapid.SliceOfN(rapid.SampledFrom([]string{"A", "B", "C", "D"}), 0, 4).Draw(t, "members"),
			Location:   loc,
			HandoffDay: time.Weekday(rapid.IntRange(0, 6).Draw(t, "day")),
			HandoffMin: genMinute(t, "min", 1439),
			Every:      rapid.SampledFrom([]time.Duration{0, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 90 * time.Minute}).Draw(t, "every"),
			Start:      genInstant(t, loc),
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "overrides") {
			from := genInstant(t, loc)
			r.Overrides = append(r.Overrides, Override{
				Member: rapid.SampledFrom([]string{"A", "X", "Y"}).Draw(t, fmt.Sprint("om", i)),
				From:   from,
				To:     from.Add(time.Duration(rapid.IntRange(1, 14*24).Draw(t, fmt.Sprint("oh", i))) * time.Hour),
			})
		}
		at := genInstant(t, loc)
		m, until := r.OnCall(at)
		if !until.After(at) {
			t.Fatalf("until %s not after %s", until, at)
		}
		for range 30 {
			p := at.Add(time.Duration(rapid.Int64Range(0, int64(until.Sub(at))-1).Draw(t, "p")))
			if got, _ := r.OnCall(p); got != m {
				t.Fatalf("OnCall(%s) = %s, but OnCall(%s) = %s until %s", p, got, at, m, until)
			}
		}
		if n, _ := r.OnCall(until); n == m && len(distinct(r)) > 1 {
			// Allowed only when no one else takes over within the search
			// bound; with several members someone always does.
			t.Fatalf("OnCall(until=%s) still %s", until, m)
		}
	})
}

func distinct(r *Rotation) map[string]bool {
	out := map[string]bool{}
	for _, m := range r.Members {
		out[m] = true
	}
	return out
}
