package reportstest

import (
	"github.com/tandemhq/tandem/reports"
)

// The review fixture's figures, worked out by hand from reviewRows (period.go).
// Conventions (docs/metrics.md): median of an even count is the mean of
// the two middle values; p90 is the value at rank ceil(0.9·n) counting
// from 1 in ascending order. Times are in minutes below; the data is in
// seconds. The end of a period is its "as of": November ends Tue 1 Dec
// 00:00, so #39's resolution at 01:00 has not happened; October ends Sun
// 1 Nov 00:00, so #14 (resolved 01:00) is open in it.

// sd is StatsData of n values with median and p90 in minutes.
func sd(n int, median, p90 float64) reports.StatsData {
	return reports.StatsData{N: n, MedianSeconds: median * 60, P90Seconds: p90 * 60}
}

func rd(met, of, percent int) reports.RatioData {
	return reports.RatioData{Met: met, Of: of, Percent: percent}
}

// avail: period and outages in minutes, percent = 100 × (period − unplanned) / period, rounded to 3 decimals.
func avail(service string, percent, target float64, met bool, period, unplanned, planned float64) reports.AvailabilityData {
	return reports.AvailabilityData{Service: service, Percent: percent, Target: target, Met: met,
		PeriodMinutes: period, UnplannedMinutes: unplanned, PlannedMinutes: planned}
}

// WantNovember is the report data of November (the reviewed month).
func WantNovember() reports.Data {
	return reports.Data{From: NovFrom, To: DecFrom,
		// #15–#40; still open at the end: #33, #38 and #39 (resolved 1 Dec 01:00).
		Incidents: 26, StillOpen: 3,
		// 24 with an alert start (not #22, #33): 1 ×4 (#16 23 29 37), 2 ×6 (#15 20 26 34 36 39),
		// 3 ×5 (#19 24 31 35 40), 4 ×2 (#21 32), 5 ×2 (#17 30), 6 #25, 7 #38, 8 #27, 10 #18, 15 #28:
		// median the 12th and 13th (3, 3), p90 rank 22 (8).
		TimeToDetect: sd(24, 3, 8),
		TimeToFirstPage: map[string]reports.StatsData{
			// acme-it paged at the opening on #15 16 21 22 23 25 26 27 30 31 33 35 40.
			"internal": sd(13, 0, 0),
			// the NOC: 0 on 13 incidents, 4 (#23 by hand), 15 (#21 27 35 40 at step 2):
			// median (0+0)/2, p90 rank 17 of 18: 15.
			"msp": sd(18, 0, 15),
			"all": sd(26, 0, 0), // every incident paged someone at its opening
		},
		TimeToAck: map[string]reports.StatsData{
			// Alice: #23 2, #15 3, #31 8, #16 10, #22 30, #26 35, #33 45: median the 4th, p90 rank 7.
			"internal": sd(7, 10, 45),
			// Nora: #29 3, #24 4, #39 4, #36 5, #34 6, #32 10, #17 12, #21 16, #40 17, #35 18, #18 20, #27 20,
			// #28 25: median the 7th (12), p90 rank 12 (20).
			"msp":      sd(13, 12, 20),
			"managers": sd(1, 5, 5), // #25 Maria
			// all 21: 2 3 3 4 4 5 5 6 8 10 10 12 16 17 18 20 20 25 30 35 45: median the 11th, p90 rank 19.
			"all": sd(21, 10, 30),
		},
		TimeToResolve: map[string]reports.StatsData{
			// held by Alice: #15 60, #16 90, #23 150, #22 600, #26 1500: median 150, p90 rank 5.
			"internal": sd(5, 150, 1500),
			// held by Nora (#31 assigned to her): #32 60, #24 120, #29 120, #40 120, #17 180, #31 180, #36 200,
			// #21 240, #34 270, #18 300, #27 300, #35 500, #28 600: median the 7th (200), p90 rank 12 (500).
			"msp":      sd(13, 200, 500),
			"managers": sd(1, 45, 45), // #25
			// auto-resolved, nobody held them: #37 4, #20 6, #19 8, #30 15: median (6+8)/2, p90 rank 4.
			"none": sd(4, 7, 15),
			// all 23: 4 6 8 15 45 60 60 90 120 120 120 150 180 180 200 240 270 300 300 500 600 600 1500:
			// median the 12th (150), p90 rank 21 (600).
			"all": sd(23, 150, 600),
		},
		// 30 days = 43,200 minutes.
		Availability: []reports.AvailabilityData{
			// backup sev1/2: #25 45 + #35 500 = 545: 100 × 42655 / 43200 = 98.7384…
			avail("backup", 98.738, 0, true, 43200, 545, 0),
			// database sev1/2: #14 (from October) 00:00–01:00 60; #15 09:00–10:00 and #16 09:30–11:00 overlap:
			// 09:00–11:00 once, 120; #21 240; #24 120; #27 300; #29 01:00–03:00 120, of which 01:00–02:00 in
			// the maintenance window (22:00–02:00): 60 planned-covered; #31 180; #40 120; #36 200; #39 21:00 to the
			// end 180. Down 1640, less 60 = 1580 unplanned: 100 × 41620 / 43200 = 96.3425…; planned: the window, 240.
			avail("database", 96.343, 99.9, false, 43200, 1580, 240),
			// network sev1/2: #17 180, #23 150, #28 600, #34 270, #38 open from 28 Nov 08:00 to the end 3840:
			// 5040: 100 × 38160 / 43200 = 88.3333…
			avail("network", 88.333, 99.5, false, 43200, 5040, 0),
		},
	}
}

// WantOctober is the report data of October (the previous month).
func WantOctober() reports.Data {
	return reports.Data{From: OctFrom, To: NovFrom,
		Incidents: 14, StillOpen: 1, // #14 resolves after the month
		// 13 with a start (not #8): 1 1 2 2 2 2 3 3 4 4 5 5 6: median the 7th, p90 rank 12.
		TimeToDetect: sd(13, 3, 5),
		TimeToFirstPage: map[string]reports.StatsData{
			"internal": sd(8, 0, 0), // #1 3 5 7 8 9 11 13
			// the NOC: 0 on #2 4 6 10 12 14, 3 (#13 by hand), 15 (#7): p90 rank 8 of 8.
			"msp": sd(8, 0, 15),
			"all": sd(14, 0, 0),
		},
		TimeToAck: map[string]reports.StatsData{
			"internal": sd(7, 20, 60), // #13 2, #5 4, #1 10, #3 20, #9 25, #11 30, #8 60
			"msp":      sd(5, 8, 16),  // #10 3, #14 4, #2 8, #6 12, #7 16
			// 2 3 4 4 8 10 12 16 20 25 30 60: median (10+12)/2, p90 rank 11.
			"all": sd(12, 11, 30),
		},
		TimeToResolve: map[string]reports.StatsData{
			"internal": sd(7, 180, 1440), // #5 90, #13 100, #1 120, #9 180, #3 240, #11 480, #8 1440
			"msp":      sd(4, 250, 360),  // #10 150, #7 200, #2 300, #6 360 (#14 open): median (200+300)/2
			"none":     sd(2, 5.5, 6),    // #4 5, #12 6
			// 5 6 90 100 120 150 180 200 240 300 360 480 1440: median the 7th, p90 rank 12.
			"all": sd(13, 180, 480),
		},
		// 31 days = 44,640 minutes; no maintenance.
		Availability: []reports.AvailabilityData{
			avail("backup", 98.925, 0, true, 44640, 480, 0), // #11 480: 44160 / 44640 = 98.9247…
			// #1 120, #5 90, #6 360, #10 150, #14 23:00 to the end 60: 780: 43860 / 44640 = 98.2526…
			avail("database", 98.253, 99.9, false, 44640, 780, 0),
			// #2 300, #7 200, #13 100: 600: 44040 / 44640 = 98.6559…
			avail("network", 98.656, 99.5, false, 44640, 600, 0),
		},
	}
}
